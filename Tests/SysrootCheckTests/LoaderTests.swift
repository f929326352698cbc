import AbiScan
import Foundation
import TestSupport
@testable import SysrootCheck
import Testing

/// The loader simulation against the real loader's rules and the real `ldd`.
@Suite("Loader")
struct LoaderTests {
  @Test func wheelsAreToldByTheirSuffixInAnyCase() {
    for path in ["a.whl", "A.WHL", "dir/x-1.0-py3-none-any.Whl", ".whl", "whl", "a.wh", "a.whl/", "a.whl\u{301}", "ü.whl", ""] {
      #expect(WheelInput.isWheel(Substring(path)) == path.lowercased().hasSuffix(".whl"), "\(path)")
    }
  }

  @Test func normalizedPathsAreWhatResolvingDotsAndSlashesGives() throws {
    // The fast path (a plain path is returned as it is) against the component-by-component rewrite.
    func components(_ path: String) -> String {
      var parts: [Substring] = []
      for part in path.split(separator: "/") where part != "." {
        if part == "..", let last = parts.last, last != ".." { parts.removeLast() } else { parts.append(part) }
      }
      return (path.hasPrefix("/") ? "/" : "") + parts.joined(separator: "/")
    }
    let paths = [
      "", "/", "//", "/usr/lib/x86_64-linux-gnu/libc.so.6", "/usr/lib/", "usr/lib", "./lib", ".", "..", "/a/./b",
      "/a/../b", "/a//b", "a/b/..", "/.hidden/x", "/lib/.x", "x/", "/opt/ü/ß.so", "../x/../y",
    ]
    for path in paths {
      #expect(DependencyResolver.normalize(path) == (path.isEmpty ? "" : components(path)), "\(path)")
    }
  }

  func session(_ sysroot: String = "/", libraryPath: [String] = []) throws -> SysrootSession {
    try SysrootSession(sysrootPath: sysroot, libraryPath: libraryPath, reader: ElfReader(parts: .profile), width: 2)
  }

  func tree(_ path: String, _ session: SysrootSession) throws -> DependencyTree {
    let image = try ElfReader(parts: .profile).read(path: path)
    return session.resolver.resolve(root: image, at: .host(path))
  }

  /// `ldd` runs the real loader, so it is used only on this machine's own trusted programs.
  static func ldd(_ path: String) throws -> [String: String] {
    let text = try run("/usr/bin/ldd", [path]).output
    var out: [String: String] = [:]
    for line in text.split(separator: "\n") {
      let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
      guard parts.count >= 3, parts[1] == "=>" else { continue }
      out[String(parts[0])] = parts[2] == "not" ? "not found" : String(parts[2])
    }
    return out
  }

  @Test func depsAgreesWithLddOnASampleOfUsrBin() throws {
    let session = try session()
    let programs = InputWalker().files(for: ["/usr/bin"]).map(\.openPath).filter { path in
      guard let image = try? ElfReader(parts: .profile).read(path: path) else { return false }
      return image.interpreter == "/lib64/ld-linux-x86-64.so.2" && !(image.dynamic?.needed.isEmpty ?? true)
    }
    let sample = stride(from: 0, to: programs.count, by: max(1, programs.count / 80)).map { programs[$0] }
    #expect(sample.count >= 50)
    var libraries = 0
    var disagreements: [String] = []
    for program in sample {
      let expected = try Self.ldd(program)
      let tree = try tree(program, session)
      var ours: [String: String] = [:]
      for resolution in tree.resolutions where resolution.rule != .alreadyLoaded {
        ours[resolution.name] = resolution.object.map { tree.objects[$0].location.path } ?? "not found"
      }
      libraries += expected.count
      if ours != expected { disagreements.append("\(program): ldd \(expected) vs abidoctor \(ours)") }
    }
    print("deps vs ldd: \(sample.count) programs, \(libraries) libraries, \(disagreements.count) disagreements")
    #expect(disagreements.isEmpty, "\(disagreements.prefix(5).joined(separator: "\n"))")
  }

  /// Everything a tree says, one line per object and per resolution, to compare two trees whole.
  static func digest(_ tree: DependencyTree) -> [String] {
    tree.objects.map { "object \($0.location) real \($0.realLocation) by \($0.loadedBy ?? -1) rule \($0.rule?.rawValue ?? "-")" }
      + tree.resolutions.map { resolution in
        "need \(resolution.name) of \(resolution.requester) -> \(resolution.object ?? -1) rule \(resolution.rule?.rawValue ?? "-")"
          + " skipped \(resolution.skipped.map { "\($0.path): \($0.reason)" }) tried \(resolution.tried)"
          + " fatal \(resolution.fatal?.path ?? "-")"
      }
  }

  @Test func aSearchRememberedFromOneProgramGivesTheTreeAFreshSearchGives() throws {
    // One session for all (its resolver remembers the searches no tree shaped) against a new session,
    // with nothing remembered, for each program: every tree must be the same, line for line.
    let shared = try session()
    let programs = InputWalker().files(for: ["/usr/bin"]).map(\.openPath).filter { path in
      guard let image = try? ElfReader(parts: .profile).read(path: path) else { return false }
      return image.interpreter != nil && (image.dynamic?.needed.count ?? 0) > 1
    }
    let sample = stride(from: 0, to: programs.count, by: max(1, programs.count / 40)).map { programs[$0] }
    #expect(sample.count >= 30)
    var libraries = 0
    for program in sample {
      let remembered = Self.digest(try tree(program, shared))
      let fresh = Self.digest(try tree(program, try session()))
      libraries += remembered.count
      #expect(remembered == fresh, "\(program)")
    }
    #expect(libraries > 10 * sample.count / 2)
  }

  @Test func searchesShapedByRpathAreNotRememberedForAnotherProgram() throws {
    // Two copies of one program, each with its own ../lib: libchain.so has no search path of its own
    // and inherits each program's DT_RPATH $ORIGIN/../lib, so the same need (libplain.so.1, from the
    // same-named libchain.so) must find each copy's own file, in one session.
    let scratch = try Scratch()
    for app in ["one", "two"] {
      try scratch.write("\(app)/bin/usechain-rpath", try Fixtures.bytes("x86_64", "usechain-rpath"))
      try scratch.write("\(app)/lib/libchain.so", try Fixtures.bytes("x86_64", "libchain.so"))
      try scratch.write("\(app)/lib/libplain.so.1", try Fixtures.bytes("x86_64", "libplain.so.1"))
    }
    let session = try session()
    for app in ["one", "two", "one"] {
      let tree = try tree(scratch.path("\(app)/bin/usechain-rpath"), session)
      let plain = try #require(tree.resolutions.first { $0.name == "libplain.so.1" })
      #expect(plain.rule == .rpath)
      #expect(plain.object.map { tree.objects[$0].location.path } == scratch.path("\(app)/lib/libplain.so.1"), "\(app)")
    }
  }

  @Test func rpathIsInheritedByLibrariesButRunpathIsNot() throws {
    let scratch = try Scratch()
    for name in ["usechain-rpath", "usechain-runpath"] {
      try scratch.write("app/bin/\(name)", try Fixtures.bytes("x86_64", name))
    }
    try scratch.write("app/lib/libchain.so", try Fixtures.bytes("x86_64", "libchain.so"))
    try scratch.write("app/lib/libplain.so.1", try Fixtures.bytes("x86_64", "libplain.so.1"))
    let session = try session()
    let rpath = try tree(scratch.path("app/bin/usechain-rpath"), session)
    let plain = try #require(rpath.resolutions.first { $0.name == "libplain.so.1" })
    #expect(plain.rule == .rpath, "libchain has no search path; it inherits the program's DT_RPATH")
    #expect(plain.object.map { rpath.objects[$0].location.path } == scratch.path("app/lib/libplain.so.1"))
    let runpath = try tree(scratch.path("app/bin/usechain-runpath"), session)
    #expect(runpath.resolutions.first { $0.name == "libchain.so" }?.rule == .runpath)
    let missing = try #require(runpath.resolutions.first { $0.name == "libplain.so.1" })
    #expect(missing.object == nil, "DT_RUNPATH applies to the program's own needs only")
    #expect(!missing.tried.contains { $0.hasPrefix("runpath:") })
  }

  @Test func libraryPathComesBeforeRunpathAndAfterRpath() throws {
    let scratch = try Scratch()
    try scratch.write("app/bin/usechain-runpath", try Fixtures.bytes("x86_64", "usechain-runpath"))
    try scratch.write("app/lib/libchain.so", try Fixtures.bytes("x86_64", "libchain.so"))
    try scratch.write("extra/libchain.so", try Fixtures.bytes("x86_64", "libchain.so"))
    try scratch.write("extra/libplain.so.1", try Fixtures.bytes("x86_64", "libplain.so.1"))
    let session = try session(libraryPath: [scratch.path("extra")])
    let tree = try tree(scratch.path("app/bin/usechain-runpath"), session)
    #expect(tree.resolutions.first { $0.name == "libchain.so" }?.rule == .libraryPath)
    #expect(tree.resolutions.first { $0.name == "libplain.so.1" }?.rule == .libraryPath)
  }

  @Test func alreadyLoadedSonamesAreReused() throws {
    let tree = try tree("/usr/bin/ssh", try session())
    let libcResolutions = tree.resolutions.filter { $0.name == "libc.so.6" }
    #expect(libcResolutions.count > 3)
    #expect(libcResolutions.filter { $0.rule != .alreadyLoaded }.count == 1)
    #expect(Set(libcResolutions.compactMap(\.object)).count == 1)
    #expect(tree.objects.filter { $0.image.dynamic?.soname == "libc.so.6" }.count == 1)
  }

  @Test func flatCrossSysrootResolvesFromItsLibFolder() throws {
    let tree = try tree(Fixtures.bin.appendingPathComponent("aarch64/hello").path, try session("/usr/aarch64-linux-gnu"))
    #expect(tree.interpreter?.object != nil)
    #expect(tree.interpreter?.problem == nil)
    let libc = try #require(tree.resolutions.first { $0.name == "libc.so.6" })
    #expect(libc.rule == .defaultPath)
    #expect(libc.object.map { tree.objects[$0].location.path } == "/lib/libc.so.6")
  }

  @Test func ldSoConfFoldersAreUsedWhereThereIsNoCache() throws {
    let sysroot = Fixtures.bin.deletingLastPathComponent().appendingPathComponent("sysroots/glibc-2.31-x86_64").path
    let tree = try tree(Fixtures.bin.appendingPathComponent("x86_64/useplain").path, try session(sysroot))
    let plain = try #require(tree.resolutions.first { $0.name == "libplain.so.1" })
    #expect(plain.rule == .ldSoConf)
    #expect(plain.object.map { tree.objects[$0].location.path } == "/opt/vendor/lib/libplain.so.1")
    #expect(tree.interpreter?.hops.first == "/lib64/ld-linux-x86-64.so.2 -> ../lib/x86_64-linux-gnu/ld-linux-x86-64.so.2")
  }

  @Test func muslProgramsUseMuslRulesAndItsBuiltinLibc() throws {
    let scratch = try Scratch()
    let musl = try [UInt8](Data(contentsOf: URL(fileURLWithPath: "/usr/lib/x86_64-linux-musl/libc.so")))
    try scratch.write("alpine/lib/ld-musl-x86_64.so.1", musl)
    try scratch.write("alpine/etc/ld-musl-x86_64.path", Array("/opt/lib\n/lib\n".utf8))
    try scratch.write("alpine/opt/lib/libvers.so.1", try Fixtures.bytes("musl", "libvers.so.1"))
    let session = try session(scratch.path("alpine"))
    let tree = try tree(Fixtures.bin.appendingPathComponent("musl/hello").path, session)
    #expect(tree.flavor == .musl)
    #expect(tree.resolutions.first { $0.name == "libc.so" }?.rule == .muslBuiltin)
    let defaults = session.resolver.defaultFolders(
      TargetPlatform(identity: tree.objects[0].image.identity), flavor: .musl)
    #expect(defaults.map(\.1) == ["/opt/lib", "/lib"])
    #expect(defaults.allSatisfy { $0.0 == .muslPathFile })
    #expect(session.libcs.first?.family == .musl)
    #expect(session.libcs.first?.version == "1.2.3")
  }

  @Test func targetTokensExpandForTheTargetNotTheHost() throws {
    let platform = TargetPlatform(identity: try ElfReader().read(path: Fixtures.bin.appendingPathComponent("armhf/hello").path).identity)
    #expect(platform.multiarch == "arm-linux-gnueabihf")
    #expect(platform.platform == "v7l")
    #expect(platform.glibcInterpreter == "/lib/ld-linux-armhf.so.3")
    #expect(platform.muslInterpreter == "/lib/ld-musl-armhf.so.1")
    let riscv = TargetPlatform(identity: try ElfReader().read(path: Fixtures.bin.appendingPathComponent("riscv64/hello").path).identity)
    #expect(riscv.glibcInterpreter == "/lib/ld-linux-riscv64-lp64d.so.1")
  }
}

@Suite("Loader tokens and cross sysroots")
struct LoaderTokenTests {
  static let stubLibc = Fixtures.bin.deletingLastPathComponent()
    .appendingPathComponent("sysroots/glibc-2.31-x86_64/lib/x86_64-linux-gnu/libc.so.6").path

  func resolve(_ program: String, sysroot: String) throws -> DependencyTree {
    let session = try SysrootSession(sysrootPath: sysroot, libraryPath: [], reader: ElfReader(parts: .profile), width: 1)
    let path = Fixtures.bin.appendingPathComponent(program).path
    return session.resolver.resolve(root: try ElfReader(parts: .profile).read(path: path), at: .host(path))
  }

  @Test func libAndPlatformExpandForTheTarget() throws {
    let scratch = try Scratch()
    let libc = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.stubLibc)))
    // A Debian-like target: $LIB is the multiarch folder.
    try scratch.write("debian/lib/x86_64-linux-gnu/libc.so.6", libc)
    try scratch.write("debian/opt/app/lib/x86_64-linux-gnu/libplain.so.1", try Fixtures.bytes("x86_64", "libplain.so.1"))
    let debian = try resolve("x86_64/useplain-tokens", sysroot: scratch.path("debian"))
    let viaLib = try #require(debian.resolutions.first { $0.name == "libplain.so.1" })
    #expect(viaLib.rule == .runpath)
    #expect(viaLib.object.map { debian.objects[$0].location.path } == "/opt/app/lib/x86_64-linux-gnu/libplain.so.1")
    // A lib64 target: $LIB is lib64; ${PLATFORM} is x86_64.
    try scratch.write("fedora/lib64/libc.so.6", libc)
    try scratch.write("fedora/opt/app/x86_64/libplain.so.1", try Fixtures.bytes("x86_64", "libplain.so.1"))
    let fedora = try resolve("x86_64/useplain-tokens", sysroot: scratch.path("fedora"))
    let viaPlatform = try #require(fedora.resolutions.first { $0.name == "libplain.so.1" })
    #expect(viaPlatform.object.map { fedora.objects[$0].location.path } == "/opt/app/x86_64/libplain.so.1")
    #expect(viaPlatform.object == nil || fedora.resolutions.first { $0.name == "libc.so.6" }?.rule == .defaultPath)
  }

  @Test func i686ProgramResolvesInTheI686CrossSysroot() throws {
    let tree = try resolve("i686/hello", sysroot: "/usr/i686-linux-gnu")
    #expect(tree.interpreter?.problem == nil)
    #expect(tree.resolutions.allSatisfy { $0.object != nil })
    let session = try SysrootSession(sysrootPath: "/usr/i686-linux-gnu", libraryPath: [], reader: ElfReader(parts: .all), width: 1)
    #expect(session.check(paths: [Fixtures.bin.appendingPathComponent("i686/hello").path], strict: true).findings.isEmpty)
  }
}

@Suite("glibc-hwcaps")
struct HwcapsTests {
  @Test func hwcapsSubfoldersAreSearchedFirstForTheTargetCPUOnly() throws {
    let scratch = try Scratch()
    let libc = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Fixtures.sysroot("glibc-2.31-x86_64") + "/lib/x86_64-linux-gnu/libc.so.6")))
    try scratch.write("root/lib/x86_64-linux-gnu/libc.so.6", libc)
    try scratch.write("root/lib/x86_64-linux-gnu/libplain.so.1", try Fixtures.bytes("x86_64", "libplain.so.1"))
    try scratch.write("root/lib/x86_64-linux-gnu/glibc-hwcaps/x86-64-v3/libplain.so.1", try Fixtures.bytes("x86_64", "libplain.so.1"))
    let program = Fixtures.path("x86_64", "useplain")
    func plainPath(_ hwcaps: String?) throws -> String? {
      let session = try SysrootSession(
        sysrootPath: scratch.path("root"), libraryPath: [], hwcaps: SysrootSession.hwcapsSubfolders(hwcaps),
        reader: ElfReader(parts: .profile), width: 1)
      let tree = session.resolver.resolve(root: try ElfReader(parts: .profile).read(path: program), at: .host(program))
      return tree.resolutions.first { $0.name == "libplain.so.1" }?.object.map { tree.objects[$0].location.path }
    }
    #expect(try plainPath(nil) == "/lib/x86_64-linux-gnu/libplain.so.1", "a baseline CPU uses no hwcaps folder")
    #expect(try plainPath("x86-64-v2") == "/lib/x86_64-linux-gnu/libplain.so.1")
    #expect(try plainPath("x86-64-v4") == "/lib/x86_64-linux-gnu/glibc-hwcaps/x86-64-v3/libplain.so.1")
    #expect(SysrootSession.hwcapsSubfolders("x86-64-v3") == ["x86-64-v3", "x86-64-v2"])
    #expect(SysrootSession.hwcapsSubfolders("power10,power9") == ["power10", "power9"])
  }
}
