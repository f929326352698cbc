import AbiScan
import Foundation
import SysrootCheck
import TestSupport
import Testing

/// A folder where a test builds real programs and libraries with Debian's gcc and g++, runs them
/// for the real loader's verdict, and checks them with abidoctor.
struct Lab {
  let scratch: Scratch

  init(_ name: String = #function) throws { scratch = try Scratch(name) }

  func path(_ name: String) -> String { scratch.path(name) }

  /// Writes a source file.
  func source(_ name: String, _ text: String) throws {
    try scratch.write(name, Array(text.utf8))
  }

  /// gcc (or g++ for .cpp) with the arguments, in the lab's folder; folders of `-o` outputs are made.
  func build(_ arguments: [String], cxx: Bool = false) throws {
    if let output = arguments.firstIndex(of: "-o").map({ arguments[$0 + 1] }) {
      try FileManager.default.createDirectory(atPath: path(Location(output).parent), withIntermediateDirectories: true)
    }
    try cc(arguments, in: scratch.url.path, compiler: cxx ? "/usr/bin/g++" : "/usr/bin/gcc")
  }

  /// The program run for real, from the lab's folder.
  func run(_ program: String, environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
    var env = ProcessInfo.processInfo.environment
    for (key, value) in environment { env[key] = value }
    env["LD_LIBRARY_PATH"] = environment["LD_LIBRARY_PATH"]
    return try runProgram(path(program), environment: env, in: scratch.url.path)
  }

  func session(sysroot: String = "/", libraryPath: [String] = []) throws -> SysrootSession {
    try SysrootSession(sysrootPath: sysroot, libraryPath: libraryPath.map(path), reader: ElfReader(parts: .all), width: 1)
  }

  func check(_ paths: [String], sysroot: String = "/", libraryPath: [String] = []) throws -> Report {
    try session(sysroot: sysroot, libraryPath: libraryPath).check(paths: paths.map(path), strict: false)
  }

  /// libv (VERS_1 and VERS_2, or VERS_1 only as libv1) and a program that needs both nodes.
  func versionedSources() throws {
    try source("libv.c", versionedLibrary)
    try source("libv.map", versionScript)
    try source("libv1.c", "int v_one(void) { return 1; }\n")
    try source("libv1.map", versionScriptV1)
    try source("prog.c", versionedProgram)
  }

  /// After a fix was applied: the program runs, and abidoctor finds nothing in `checking` (the program by default).
  func expectFixed(
    _ program: String, checking paths: [String]? = nil, libraryPath: [String] = [], environment: [String: String] = [:],
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let result = try run(program, environment: environment)
    #expect(result.status == 0, "\(program): \(result.output)", sourceLocation: sourceLocation)
    let report = try check(paths ?? [program], libraryPath: libraryPath)
    #expect(report.findings.isEmpty, "\(report.findings.map(\.message))", sourceLocation: sourceLocation)
  }

  func deps(_ paths: [String], sysroot: String = "/", libraryPath: [String] = []) throws -> Report {
    let session = try SysrootSession(
      sysrootPath: sysroot, libraryPath: libraryPath.map(path), reader: ElfReader(parts: [.dynamic, .versions, .notes]), width: 1)
    return session.deps(paths: paths.map(path), strict: false).report
  }
}

/// `Location(path).parent` for test paths.
private struct Location {
  let path: String
  init(_ path: String) { self.path = path }
  var parent: String { path.split(separator: "/").dropLast().joined(separator: "/") }
}

/// The first fix's flag of the form `-Wl,-rpath,'...'`, as a person would copy it.
func rpathFlag(in fixes: [Fix]) -> String? {
  for fix in fixes {
    guard let start = fix.text.range(of: "-Wl,-rpath,'") else { continue }
    let rest = fix.text[start.upperBound...]
    guard let end = rest.firstIndex(of: "'") else { continue }
    return "-Wl,-rpath," + rest[..<end]
  }
  return nil
}

let versionedLibrary = """
  int v_one(void) { return 1; }
  int v_two(void) { return 2; }
  """
let versionScript = """
  VERS_1 { global: v_one; local: *; };
  VERS_2 { global: v_two; } VERS_1;
  """
let versionScriptV1 = """
  VERS_1 { global: v_one; local: *; };
  """
let versionedProgram = """
  #include <stdio.h>
  int v_one(void); int v_two(void);
  int main(void) { printf("%d\\n", v_one() + v_two()); return 0; }
  """

@Suite("Verdicts of the real loader")
struct RealLoaderVerdictTests {
  @Test func libraryWithoutAnyVersionsThatSymbolsBindToAbortsLdSoAndIsAnError() throws {
    let lab = try Lab()
    try lab.versionedSources()
    try lab.build(["-shared", "-fPIC", "-o", "libv.so.1", "-Wl,-soname,libv.so.1", "-Wl,--version-script=libv.map", "libv.c"])
    try lab.build(["-o", "prog", "prog.c", "-L.", "-l:libv.so.1", "-Wl,-rpath,$ORIGIN"])
    #expect(try lab.run("prog").status == 0)
    try lab.build(["-shared", "-fPIC", "-o", "libv.so.1", "-Wl,-soname,libv.so.1", "libv.c"])
    let real = try lab.run("prog")
    #expect(real.status == 127 && real.output.contains("check_match: Assertion"), "\(real.output)")

    for report in [try lab.check(["prog"]), try lab.deps(["prog"])] {
      let finding = try #require(report.findings.first { $0.code == .versionMissing }, "\(report.findings.map(\.message))")
      #expect(finding.severity == .error && finding.message.contains("defines no symbol versions at all"))
      #expect(finding.evidence.first { $0.key == "nodes" }?.value == .strings(["VERS_2", "VERS_1"]))
      #expect(report.exitStatus == 1)
    }
    // Following the first fix (a build of libv.so.1 that defines the nodes) makes it load.
    try lab.build(["-shared", "-fPIC", "-o", "libv.so.1", "-Wl,-soname,libv.so.1", "-Wl,--version-script=libv.map", "libv.c"])
    try lab.expectFixed("prog")
  }

  @Test func truncatedLibraryOnTheRunpathStopsTheLoaderOrKillsTheProcess() throws {
    let lab = try Lab()
    try lab.source("libbig.c", "static const char pad[65536] = {1, 2, 3};\nint big(int i) { return pad[i & 0xffff]; }\n")
    try lab.source("usebig.c", "int big(int); int main(void) { return big(1) == 2 ? 0 : 1; }\n")
    try lab.build(["-shared", "-fPIC", "-o", "lib/libbig.so", "-Wl,-soname,libbig.so", "libbig.c"])
    try lab.build(["-o", "usebig", "usebig.c", "-Llib", "-lbig", "-Wl,-rpath,$ORIGIN/lib"])
    let whole = try [UInt8](Data(contentsOf: URL(fileURLWithPath: lab.path("lib/libbig.so"))))
    #expect(try lab.run("usebig").status == 0)
    // 100 bytes: ld.so stops ("cannot read file data"); 7,000: it maps past the end and the process dies of SIGBUS.
    for (size, realStatus) in [(100, Int32(127)), (7000, Int32(128 + SIGBUS))] {
      try lab.scratch.write("lib/libbig.so", Array(whole.prefix(size)))
      let real = try lab.run("usebig")
      #expect(real.status == realStatus, "\(size) bytes: \(real.output)")
      for report in [try lab.check(["usebig"]), try lab.deps(["usebig"])] {
        #expect(report.findings.map(\.code) == [.neededUnusable], "\(size) bytes: \(report.findings.map(\.message))")
        #expect(report.exitStatus == 1)
      }
    }
  }

  @Test func depsAndCheckAgreeThatAnOlderLibraryFailsTheVersionFloor() throws {
    let lab = try Lab()
    try lab.versionedSources()
    try lab.build(["-shared", "-fPIC", "-o", "libv.so.1", "-Wl,-soname,libv.so.1", "-Wl,--version-script=libv.map", "libv.c"])
    try lab.build(["-o", "prog", "prog.c", "-L.", "-l:libv.so.1", "-Wl,-rpath,$ORIGIN"])
    try lab.build(["-shared", "-fPIC", "-o", "libv.so.1", "-Wl,-soname,libv.so.1", "-Wl,--version-script=libv1.map", "libv1.c"])
    let real = try lab.run("prog")
    #expect(real.status != 0 && real.output.contains("version `VERS_2' not found"), "\(real.output)")
    let check = try lab.check(["prog"]), deps = try lab.deps(["prog"])
    #expect(check.findings.map(\.code) == [.versionTooNew])
    #expect(deps.findings.map(\.code) == [.versionTooNew])
    #expect(check.exitStatus == 1 && deps.exitStatus == 1)
  }

  @Test func libraryWhoseClassByteLiesIsMalformedAndTheLoaderRefusesIt() throws {
    let lab = try Lab()
    var bytes = try Fixtures.bytes("x86_64", "libplain.so.1")
    bytes[4] = 1  // ELFCLASS32 on a 64-bit object
    let lie = try lab.scratch.write("lib/libplain.so.1", bytes)
    let image = try ElfReader(parts: .all).read(path: lie)
    #expect(image.problems.contains { $0.what.contains("e_ehsize") }, "\(image.problems.map(\.what))")
    try lab.scratch.write("useplain", try Fixtures.bytes("x86_64", "useplain"))
    chmod(lab.path("useplain"), 0o755)
    let real = try lab.run("useplain", environment: ["LD_LIBRARY_PATH": lab.path("lib")])
    #expect(real.status == 127, "\(real.output)")
    let report = try lab.check(["useplain"], libraryPath: ["lib"])
    #expect(report.exitStatus == 1 && report.findings.contains { $0.code == .neededIncompatible || $0.code == .neededUnusable })
  }

  @Test func oldStringABILibraryMetThroughTheLibraryPathIsExplainedAsTheDualABI() throws {
    let lab = try Lab()
    try lab.scratch.write("greet", try Fixtures.bytes("x86_64", "greet-host-cxx11"))
    try lab.scratch.write("old/libgreet.so", try Fixtures.bytes("x86_64", "libgreet-cxx98.so"))
    chmod(lab.path("greet"), 0o755)
    let real = try lab.run("greet", environment: ["LD_LIBRARY_PATH": lab.path("old")])
    #expect(real.status == 127 && real.output.contains("undefined symbol: _Z5greetRKNSt7__cxx11"), "\(real.output)")
    let report = try lab.check(["greet"], libraryPath: ["old"])
    let finding = try #require(report.findings.first { $0.code == .cxxABIMismatch }, "\(report.findings.map(\.message))")
    #expect(finding.fixes.first?.text.contains("-D_GLIBCXX_USE_CXX11_ABI=") == true)
    #expect(!report.findings.contains { $0.code == .symbolUnresolved })
  }
}

@Suite("Advice that works when followed")
struct AdviceFollowedTests {
  @Test func runpathDoesNotReachALibrarysOwnNeedsAndTheFixRebuildsThatLibrary() throws {
    let lab = try Lab()
    try lab.source("b.c", "int b(void) { return 2; }\n")
    try lab.source("a.c", "int b(void); int a(void) { return b() + 1; }\n")
    try lab.source("prog.c", "int a(void); int main(void) { return a() == 3 ? 0 : 1; }\n")
    try lab.build(["-shared", "-fPIC", "-o", "app/lib/libb.so", "-Wl,-soname,libb.so", "b.c"])
    try lab.build(["-shared", "-fPIC", "-o", "app/lib/liba.so", "-Wl,-soname,liba.so", "a.c", "-Lapp/lib", "-lb"])
    try lab.build(["-o", "app/bin/prog", "prog.c", "-Lapp/lib", "-la", "-Wl,--enable-new-dtags", "-Wl,-rpath,$ORIGIN/../lib"])
    let real = try lab.run("app/bin/prog")
    #expect(real.status == 127 && real.output.contains("libb.so: cannot open shared object file"), "\(real.output)")

    let report = try lab.check(["app"])
    let finding = try #require(report.findings.first { $0.code == .neededNotFound }, "\(report.findings.map(\.message))")
    #expect(finding.message.contains("libb.so"))
    // The fix is not the RUNPATH the program already has: it is liba.so's own.
    #expect(!finding.fixes[0].text.hasPrefix("or ship"))
    let flag = try #require(rpathFlag(in: finding.fixes), "\(finding.fixes.map(\.text))")
    #expect(flag == "-Wl,-rpath,$ORIGIN")
    #expect(finding.fixes[0].text.contains("liba.so"))
    try lab.build(["-shared", "-fPIC", "-o", "app/lib/liba.so", "-Wl,-soname,liba.so", "a.c", "-Lapp/lib", "-lb", flag])
    try lab.expectFixed("app/bin/prog", checking: ["app"])
  }

  @Test func libraryShippedInAnotherFolderOfTheBundleIsReachedByTheSuggestedRpath() throws {
    let lab = try Lab()
    try lab.source("x.c", "int x(void) { return 7; }\n")
    try lab.source("prog.c", "int x(void); int main(void) { return x() == 7 ? 0 : 1; }\n")
    try lab.build(["-shared", "-fPIC", "-o", "bundle/vendor/libx.so", "-Wl,-soname,libx.so", "x.c"])
    try lab.build(["-o", "bundle/bin/prog", "prog.c", "-Lbundle/vendor", "-lx"])
    #expect(try lab.run("bundle/bin/prog").status == 127)
    let finding = try #require(try lab.check(["bundle"]).findings.first { $0.code == .neededNotFound })
    let flag = try #require(rpathFlag(in: finding.fixes), "\(finding.fixes.map(\.text))")
    #expect(flag == "-Wl,-rpath,$ORIGIN/../vendor")
    try lab.build(["-o", "bundle/bin/prog", "prog.c", "-Lbundle/vendor", "-lx", flag])
    try lab.expectFixed("bundle/bin/prog", checking: ["bundle"])
  }

  @Test func interpreterTheTargetLacksIsFixedWithTheDynamicLinkerItHas() throws {
    let lab = try Lab()
    try lab.source("hello.c", "int main(void) { return 0; }\n")
    try lab.build(["-o", "hello", "hello.c", "-Wl,--dynamic-linker=/lib64/ld-abidoctor-missing.so.2"])
    // execve itself fails: the kernel cannot open the interpreter (ENOENT).
    #expect(throws: (any Error).self) { try lab.run("hello") }
    let finding = try #require(try lab.check(["hello"]).findings.first { $0.code == .interpreterMissing })
    let fix = try #require(finding.fixes.first { $0.text.hasPrefix("-Wl,--dynamic-linker=") })
    let flag = String(fix.text.prefix { $0 != " " })
    try lab.build(["-o", "hello", "hello.c", flag])
    try lab.expectFixed("hello")
  }

  @Test func thirtyTwoBitProgramOnASixtyFourBitSystemIsFixedWithM64() throws {
    let lab = try Lab()
    try lab.scratch.write("hello32", try Fixtures.bytes("i686", "hello"))
    let finding = try #require(try lab.check(["hello32"], sysroot: CheckFindingTests.stubSysroot).findings.first { $0.code == .classMismatch })
    let fix = try #require(finding.fixes.first { $0.kind == .compilerFlag })
    #expect(fix.text == "compile and link with -m64")
    try lab.source("hello.c", String(decoding: try Data(contentsOf: Fixtures.bin.deletingLastPathComponent().appendingPathComponent("src/hello.c")), as: UTF8.self))
    try lab.build(["-m64", "-o", "hello64", "hello.c"])
    try lab.expectFixed("hello64")
  }

  @Test func cxxDualABIIsFixedByBuildingTheProgramWithTheSuggestedMacro() throws {
    let lab = try Lab()
    let sources = Fixtures.bin.deletingLastPathComponent().appendingPathComponent("src")
    for name in ["greet.cpp", "greet-host.cpp"] {
      try lab.source(name, String(decoding: try Data(contentsOf: sources.appendingPathComponent(name)), as: UTF8.self))
    }
    try lab.build(["-shared", "-fPIC", "-o", "lib/libgreet.so", "-Wl,-soname,libgreet.so", "-D_GLIBCXX_USE_CXX11_ABI=1", "greet.cpp"], cxx: true)
    try lab.build(["-o", "greet", "greet-host.cpp", "-Llib", "-lgreet", "-D_GLIBCXX_USE_CXX11_ABI=1"], cxx: true)
    // The library is rebuilt with the old ABI, as a distribution built for an old compiler would ship it.
    try lab.build(["-shared", "-fPIC", "-o", "lib/libgreet.so", "-Wl,-soname,libgreet.so", "-D_GLIBCXX_USE_CXX11_ABI=0", "greet.cpp"], cxx: true)
    #expect(try lab.run("greet", environment: ["LD_LIBRARY_PATH": lab.path("lib")]).status == 127)
    let finding = try #require(try lab.check(["greet"], libraryPath: ["lib"]).findings.first { $0.code == .cxxABIMismatch })
    let fix = try #require(finding.fixes.first)
    #expect(fix.text.hasPrefix("build greet with"), "\(fix.text)")
    let macro = try #require(fix.text.split(separator: " ").first { $0.hasPrefix("-D_GLIBCXX_USE_CXX11_ABI=") })
    try lab.build(["-o", "greet", "greet-host.cpp", "-Llib", "-lgreet", String(macro)], cxx: true)
    let fixed = try lab.run("greet", environment: ["LD_LIBRARY_PATH": lab.path("lib")])
    #expect(fixed.status == 0 && fixed.output.contains("hello, world"), "\(fixed.output)")
    #expect(try lab.check(["greet"], libraryPath: ["lib"]).findings.isEmpty)
  }

  @Test func olderLibraryOnTheLibraryPathIsFixedByShippingTheBuildThatHasTheNode() throws {
    let lab = try Lab()
    try lab.versionedSources()
    try lab.build(["-shared", "-fPIC", "-o", "new/libv.so.1", "-Wl,-soname,libv.so.1", "-Wl,--version-script=libv.map", "libv.c"])
    try lab.build(["-o", "prog", "prog.c", "-Lnew", "-l:libv.so.1"])
    try lab.build(["-shared", "-fPIC", "-o", "old/libv.so.1", "-Wl,-soname,libv.so.1", "-Wl,--version-script=libv1.map", "libv1.c"])
    #expect(try lab.run("prog", environment: ["LD_LIBRARY_PATH": lab.path("old")]).status != 0)
    let finding = try #require(try lab.check(["prog"], libraryPath: ["old"]).findings.first { $0.code == .versionTooNew })
    // The old copy is the user's, not the system's: no --sysroot, no "build against the target's".
    #expect(finding.fixes[0].text.hasPrefix("ship a build of libv.so.1 that defines VERS_2"), "\(finding.fixes.map(\.text))")
    #expect(!finding.fixes.contains { $0.text.contains("--sysroot") })
    try lab.build(["-shared", "-fPIC", "-o", "old/libv.so.1", "-Wl,-soname,libv.so.1", "-Wl,--version-script=libv.map", "libv.c"])
    try lab.expectFixed("prog", libraryPath: ["old"], environment: ["LD_LIBRARY_PATH": lab.path("old")])
  }

  /// A musl root as small as Alpine's loader: musl's libc.so is its own loader.
  func muslRoot(_ lab: Lab) throws -> String {
    let musl = try [UInt8](Data(contentsOf: URL(fileURLWithPath: "/usr/lib/x86_64-linux-musl/libc.so")))
    try lab.scratch.write("alpine/lib/ld-musl-x86_64.so.1", musl)
    chmod(lab.path("alpine/lib/ld-musl-x86_64.so.1"), 0o755)
    try lab.scratch.write("alpine/etc/os-release", Array("NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.20.0\n".utf8))
    return lab.path("alpine")
  }

  /// Runs `program` (a path inside `root`) with `root` as its root directory: the target's loader, for real.
  func runInRoot(_ root: String, _ program: String) throws -> (status: Int32, output: String) {
    try runProgram("/usr/sbin/chroot", [root, program])
  }

  @Test func glibcProgramOnAMuslRootIsFixedWithTheMuslToolchain() throws {
    let lab = try Lab()
    let root = try muslRoot(lab)
    try lab.source("hello.c", "#include <stdio.h>\nint main(void) { puts(\"hello\"); return 0; }\n")
    try lab.build(["-o", "alpine/hello", "hello.c"])
    #expect(try runInRoot(root, "/hello").status == 127, "no glibc loader there")
    let finding = try #require(try lab.check(["alpine/hello"], sysroot: root).findings.first { $0.code == .libcMismatch })
    let compiler = try #require(finding.fixes.first?.text.split(separator: " ").first { $0.hasSuffix("-linux-musl-gcc") })
    #expect(compiler == "x86_64-linux-musl-gcc")
    try cc(["-o", "alpine/hello", "hello.c"], in: lab.scratch.url.path, compiler: "/usr/bin/" + compiler)
    let fixed = try runInRoot(root, "/hello")
    #expect(fixed.status == 0 && fixed.output == "hello\n", "\(fixed.output)")
    #expect(try lab.check(["alpine/hello"], sysroot: root).findings.isEmpty)
  }

  @Test func cgoProgramOnAMuslRootIsFixedWithCgoDisabled() throws {
    let lab = try Lab()
    let root = try muslRoot(lab)
    try lab.source("go.mod", "module example.com/cgo\n\ngo 1.19\n")
    try lab.source("main.go", "package main\n\nimport (\n\t\"fmt\"\n\t\"net\"\n)\n\nfunc main() { fmt.Println(\"hello\", net.ParseIP(\"127.0.0.1\").IsLoopback()) }\n")
    func goBuild(_ environment: [String: String]) throws {
      var env = ["GOCACHE": lab.path(".gocache"), "GOPATH": lab.path(".gopath"), "GOPROXY": "off", "GOFLAGS": "-mod=mod", "HOME": lab.path("."), "PATH": "/usr/bin:/bin"]
      for (key, value) in environment { env[key] = value }
      let result = try runProgram("/usr/bin/go", ["build", "-o", "alpine/app", "."], environment: env, in: lab.scratch.url.path)
      #expect(result.status == 0, "\(result.output)")
    }
    try goBuild(["CGO_ENABLED": "1"])
    #expect(try runInRoot(root, "/app").status == 127)
    let finding = try #require(try lab.check(["alpine/app"], sysroot: root).findings.first { $0.code == .libcMismatch })
    #expect(finding.fixes.first?.text.hasPrefix("CGO_ENABLED=0 go build") == true, "\(finding.fixes.map(\.text))")
    try goBuild(["CGO_ENABLED": "0"])
    let fixed = try runInRoot(root, "/app")
    #expect(fixed.status == 0 && fixed.output == "hello true\n", "\(fixed.output)")
    #expect(try lab.check(["alpine/app"], sysroot: root).findings.isEmpty)
  }

  @Test func softFloatProgramOnAHardFloatSysrootIsFixedWithTheHardFloatCompiler() throws {
    // Run for real under qemu-user with -L, the armhf sysroot as its root.
    let lab = try Lab()
    try lab.scratch.write("hello-armel", try Fixtures.bytes("armel", "hello"))
    let sysroot = "/usr/arm-linux-gnueabihf"
    let finding = try #require(try lab.check(["hello-armel"], sysroot: sysroot).findings.first { $0.code == .floatABIMismatch })
    #expect(finding.fixes.contains { $0.text.contains("-mfloat-abi=hard") })
    let toolchain = try #require(finding.fixes.first { $0.kind == .toolchain && $0.text.hasPrefix("build with ") })
    let compiler = toolchain.text.dropFirst("build with ".count).prefix { $0 != " " }
    #expect(compiler == "arm-linux-gnueabihf-gcc")
    let source = Fixtures.bin.deletingLastPathComponent().appendingPathComponent("src/hello.c")
    try lab.source("hello.c", String(decoding: try Data(contentsOf: source), as: UTF8.self))
    try cc(["-o", "hello-armhf", "hello.c"], in: lab.scratch.url.path, compiler: "/usr/bin/" + String(compiler))
    let real = try runProgram("/usr/bin/qemu-arm", ["-L", sysroot, lab.path("hello-armhf")])
    #expect(real.status == 0, "\(real.output)")
    #expect(try lab.check(["hello-armhf"], sysroot: sysroot).findings.isEmpty)
  }

  /// `zig cc` from PyPI's ziglang (in the project's venv, which test.sh puts first on PATH).
  func zigCC(_ arguments: [String], in lab: Lab) throws {
    let result = try runProgram("/usr/bin/env", ["python3", "-m", "ziglang", "cc"] + arguments, in: lab.scratch.url.path)
    #expect(result.status == 0, "zig cc: \(result.output)")
  }

  @Test func programNeedingANewerGlibcThanTheRootIsFixedWithZigsVersionedTarget() throws {
    // A copy of the shared root: tests that run at the same time read the original.
    let lab = try Lab()
    let root = lab.path("bullseye")
    try DebianRoot.copy(try DebianRoot.bullseye.get(), to: root)
    try lab.source("hello.c", "#include <stdio.h>\nint main(void) { puts(\"hello\"); return 0; }\n")
    try lab.build(["-o", "hello", "hello.c"])
    try? FileManager.default.removeItem(atPath: root + "/abidoctor-hello")
    try FileManager.default.copyItem(atPath: lab.path("hello"), toPath: root + "/abidoctor-hello")
    defer { try? FileManager.default.removeItem(atPath: root + "/abidoctor-hello") }
    let real = try runInRoot(root, "/abidoctor-hello")
    #expect(real.status != 0 && real.output.contains("GLIBC_2.34' not found"), "\(real.output)")
    let finding = try #require(try lab.check(["hello"], sysroot: root).findings.first { $0.code == .versionTooNew })
    let zig = try #require(finding.fixes.first { $0.text.hasPrefix("zig cc -target ") })
    let target = String(zig.text.dropFirst("zig cc -target ".count).prefix { $0 != " " })
    try zigCC(["-target", target, "-o", "hello", "hello.c"], in: lab)
    try FileManager.default.removeItem(atPath: root + "/abidoctor-hello")
    try FileManager.default.copyItem(atPath: lab.path("hello"), toPath: root + "/abidoctor-hello")
    let fixed = try runInRoot(root, "/abidoctor-hello")
    #expect(fixed.status == 0 && fixed.output == "hello\n", "\(fixed.output)")
    #expect(try lab.check(["hello"], sysroot: root).findings.isEmpty)
  }

  @Test func libraryTheRootLacksIsFixedByInstallingThePackageTheIndexNames() throws {
    let base = try DebianRoot.bullseye.get()
    let lab = try Lab()
    let root = lab.path("bullseye")
    try DebianRoot.copy(base, to: root)
    try lab.source("db.c", "#include <stdio.h>\nconst char *sqlite3_libversion(void);\nint main(void) { puts(sqlite3_libversion()); return 0; }\n")
    // Linked against a stand-in with SQLite's soname: the root's own package brings the real one.
    try lab.source("stub.c", "const char *sqlite3_libversion(void) { return \"stub\"; }\n")
    try lab.build(["-shared", "-fPIC", "-o", "stub/libsqlite3.so.0", "-Wl,-soname,libsqlite3.so.0", "stub.c"])
    try zigCC(["-target", "x86_64-linux-gnu.2.30", "-o", "bullseye/db", "db.c", "-Lstub", "-l:libsqlite3.so.0"], in: lab)
    #expect(try runInRoot(root, "/db").output.contains("libsqlite3.so.0: cannot open shared object file"))
    let finding = try #require(try lab.check(["bullseye/db"], sysroot: root).findings.first { $0.code == .neededNotFound })
    let fix = try #require(finding.fixes.first { $0.text.contains("apt-get install ") })
    #expect(fix.text.contains("apt-get install libsqlite3-0 (Debian 11 amd64)"), "\(fix.text)")
    let package = String(fix.text[fix.text.range(of: "apt-get install ")!.upperBound...].prefix { $0 != " " })
    // Following it: apt-get in the root (the mirror is reachable; the root's resolv.conf is this machine's).
    _ = try runProgram("/bin/cp", ["/etc/resolv.conf", root + "/etc/resolv.conf"])
    let installed = try runProgram("/usr/sbin/chroot", [root, "/bin/sh", "-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \(package)"])
    #expect(installed.status == 0, "\(installed.output)")
    let fixed = try runInRoot(root, "/db")
    #expect(fixed.status == 0 && fixed.output.hasPrefix("3."), "\(fixed.output)")
    #expect(try lab.check(["bullseye/db"], sysroot: root).findings.isEmpty)
  }

  @Test func x86ProgramForAnArm64SysrootIsFixedWithTheCrossCompiler() throws {
    let lab = try Lab()
    let sysroot = "/usr/aarch64-linux-gnu"
    try lab.scratch.write("hello-x86", try Fixtures.bytes("x86_64", "hello"))
    let finding = try #require(try lab.check(["hello-x86"], sysroot: sysroot).findings.first { $0.code == .machineMismatch })
    let toolchain = try #require(finding.fixes.first { $0.kind == .toolchain && $0.text.hasPrefix("build with ") })
    let compiler = String(toolchain.text.dropFirst("build with ".count).prefix { $0 != " " })
    #expect(compiler == "aarch64-linux-gnu-gcc")
    let source = Fixtures.bin.deletingLastPathComponent().appendingPathComponent("src/hello.c")
    try lab.source("hello.c", String(decoding: try Data(contentsOf: source), as: UTF8.self))
    try cc(["-o", "hello-arm64", "hello.c"], in: lab.scratch.url.path, compiler: "/usr/bin/" + compiler)
    let real = try runProgram("/usr/bin/qemu-aarch64", ["-L", sysroot, lab.path("hello-arm64")])
    #expect(real.status == 0 && real.output.hasPrefix("hello from"), "\(real.output)")
    #expect(try lab.check(["hello-arm64"], sysroot: sysroot).findings.isEmpty)
  }
}
