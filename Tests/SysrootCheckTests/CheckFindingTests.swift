import AbiScan
import Foundation
import TestSupport
import SysrootCheck
import Testing

/// `check --sysroot` on real sysroots (Debian's cross sysroots, this machine, fixture sysroots):
/// every finding code of the sysroot check, with its fix-ups.
@Suite("Sysroot check findings")
struct CheckFindingTests {
  static let stubSysroot = Fixtures.bin.deletingLastPathComponent().appendingPathComponent("sysroots/glibc-2.31-x86_64").path

  func fixture(_ arch: String, _ name: String) -> String { Fixtures.bin.appendingPathComponent("\(arch)/\(name)").path }

  func check(_ paths: [String], sysroot: String, libraryPath: [String] = []) throws -> Report {
    let session = try SysrootSession(sysrootPath: sysroot, libraryPath: libraryPath, reader: ElfReader(parts: .all), width: 2)
    return session.check(paths: paths, strict: false)
  }

  func codes(_ report: Report) -> Set<String> { Set(report.findings.map(\.code.rawValue)) }

  func fixes(_ report: Report, _ code: FindingCode) -> [String] {
    report.findings.filter { $0.code == code }.flatMap { $0.fixes.map(\.text) }
  }

  @Test func x86_64BinaryOnTheAarch64SysrootIsOneMachineMismatchWithTheToolchainFix() throws {
    // One cause, one finding: its interpreter and its libc are missing there for the same reason.
    let report = try check([fixture("x86_64", "hello")], sysroot: "/usr/aarch64-linux-gnu")
    #expect(codes(report) == ["machine-mismatch"])
    #expect(fixes(report, .machineMismatch).contains { $0.contains("aarch64-linux-gnu-gcc") })
    #expect(fixes(report, .machineMismatch).contains { $0 == "clang --target=aarch64-linux-gnu --sysroot=/usr/aarch64-linux-gnu" })
    #expect(report.exitStatus == 1)
  }

  @Test func libraryFoundOnlyForAnotherArchitectureIsNeededIncompatible() throws {
    // The real loader skips the aarch64 copy and fails: "cannot open shared object file".
    let scratch = try Scratch()
    try scratch.write("app/useplain", try Fixtures.bytes("x86_64", "useplain"))
    try scratch.write("wrong/libplain.so.1", try Fixtures.bytes("aarch64", "libvers.so.1"))
    chmod(scratch.path("app/useplain"), 0o755)
    let report = try check([scratch.path("app/useplain")], sysroot: "/", libraryPath: [scratch.path("wrong")])
    let incompatible = try #require(report.findings.first { $0.code == .neededIncompatible })
    #expect(incompatible.message.contains("libplain.so.1: aarch64, need x86_64"))
    var environment = ProcessInfo.processInfo.environment
    environment["LD_LIBRARY_PATH"] = scratch.path("wrong")
    let real = try runProgram(scratch.path("app/useplain"), environment: environment)
    #expect(real.status == 127 && real.output.contains("libplain.so.1: cannot open shared object file"), "\(real.output)")
  }

  @Test func aarch64BinaryOnTheAarch64SysrootIsCompatible() throws {
    let report = try check([fixture("aarch64", "hello"), fixture("aarch64", "libnewsym.so")], sysroot: "/usr/aarch64-linux-gnu")
    #expect(report.findings.isEmpty, "\(report.findings.map(\.message))")
    #expect(report.exitStatus == 0)
  }

  @Test func armelSoftFloatBinaryOnTheArmhfSysrootIsAFloatABIMismatch() throws {
    let report = try check([fixture("armel", "hello")], sysroot: "/usr/arm-linux-gnueabihf")
    let finding = try #require(report.findings.first { $0.code == .floatABIMismatch })
    #expect(finding.message.contains("soft-float ABI"))
    #expect(fixes(report, .floatABIMismatch).contains { $0.contains("-mfloat-abi=hard") })
    #expect(codes(report) == ["float-abi-mismatch"], "its missing /lib/ld-linux.so.3 is the same cause")
    // And the other way round.
    let reverse = try check([fixture("armhf", "hello")], sysroot: "/usr/arm-linux-gnueabi")
    #expect(codes(reverse).contains("float-abi-mismatch"))
    #expect(try check([fixture("armhf", "libvers.so.1")], sysroot: "/usr/arm-linux-gnueabihf").findings.isEmpty)
  }

  @Test func bigEndianMipsOnTheMipselSysrootIsAnEndianMismatch() throws {
    let report = try check([fixture("mips", "hello")], sysroot: "/usr/mipsel-linux-gnu")
    #expect(codes(report).contains("endian-mismatch"))
    #expect(!codes(report).contains("machine-mismatch"), "both are EM_MIPS")
    #expect(fixes(report, .endianMismatch).contains { $0.contains("mipsel-linux-gnu-gcc") })
  }

  @Test func i386BinaryOn64BitSysrootIsAClassMismatchWithM64() throws {
    let report = try check([fixture("i686", "hello")], sysroot: Self.stubSysroot)
    #expect(codes(report).isSuperset(of: ["class-mismatch", "machine-mismatch"]))
    #expect(fixes(report, .classMismatch).contains("compile and link with -m64"))
  }

  @Test func tooNewGlibcVersionNamesTheSymbolsThatNeedIt() throws {
    let report = try check([fixture("x86_64", "libnewsym.so"), fixture("x86_64", "hello")], sysroot: Self.stubSysroot)
    let newsym = try #require(report.findings.first { $0.code == .versionTooNew && $0.path.hasSuffix("libnewsym.so") })
    #expect(newsym.message.contains("GLIBC_2.36 (arc4random)"))
    #expect(newsym.message.contains("provides up to GLIBC_2.31"))
    #expect(newsym.evidence.first { $0.key == "symbols" }?.value == .strings(["arc4random"]))
    #expect(newsym.fixes.contains { $0.text == "zig cc -target x86_64-linux-gnu.2.31 builds against glibc 2.31" })
    let hello = try #require(report.findings.first { $0.code == .versionTooNew && $0.path.hasSuffix("hello") })
    #expect(hello.evidence.first { $0.key == "needed" }?.value == .string("GLIBC_2.34"))
    #expect(!codes(report).contains("symbol-unresolved"), "the version finding already names the symbols")
  }

  @Test func bundleLibraryWithAnOlderNodeOfTheSeriesIsVersionTooNew() throws {
    let scratch = try Scratch()
    try scratch.write("bundle/bin/usevers", try Fixtures.bytes("x86_64", "usevers"))
    try scratch.write("bundle/lib/libvers.so.1", try Fixtures.bytes("x86_64", "libvers-v1.so.1"))
    let report = try check([scratch.path("bundle")], sysroot: "/")
    let finding = try #require(report.findings.first { $0.code == .versionTooNew })
    #expect(finding.path == "bin/usevers")
    #expect(finding.message.contains("needs VERS_2"))
    #expect(finding.message.contains("provides up to VERS_1"))
    let symbols = finding.evidence.first { $0.key == "symbols" }?.value
    #expect(symbols == .strings(["vers_new", "vers_old"]) || symbols == .strings(["vers_old", "vers_new"]))
    // With the matching library the bundle loads.
    try scratch.write("bundle/lib/libvers.so.1", try Fixtures.bytes("x86_64", "libvers.so.1"))
    #expect(try check([scratch.path("bundle")], sysroot: "/").findings.isEmpty)
  }

  @Test func bundleLibraryWithoutTheSeriesIsVersionMissing() throws {
    let scratch = try Scratch()
    try scratch.write("bundle/bin/usevers", try Fixtures.bytes("x86_64", "usevers"))
    try scratch.write("bundle/lib/libvers.so.1", try Fixtures.bytes("x86_64", "libvers-other.so.1"))
    let report = try check([scratch.path("bundle")], sysroot: "/")
    let finding = try #require(report.findings.first { $0.code == .versionMissing })
    #expect(finding.severity == .error)
    #expect(finding.message.contains("needs version VERS_2"))
    #expect(finding.evidence.first { $0.key == "defined" }?.value == .strings(["OTHER_1"]))
    #expect(!report.findings.contains { $0.code == .symbolUnresolved })
  }

  @Test func unversionedSymbolMissingFromTheBundleLibraryIsUnresolved() throws {
    let scratch = try Scratch()
    try scratch.write("app/bin/useplain", try Fixtures.bytes("x86_64", "useplain"))
    try scratch.write("app/lib/libplain.so.1", try Fixtures.bytes("x86_64", "libplain-reduced.so.1"))
    let report = try check([scratch.path("app")], sysroot: "/")
    let finding = try #require(report.findings.first { $0.code == .symbolUnresolved })
    #expect(finding.message.contains("plain_b"))
    #expect(!report.findings.contains { $0.message.contains("plain_a") })
    #expect(report.findings.count == 1)
  }

  @Test func missingLibraryListsTheFoldersTriedAndWhereToGetIt() throws {
    let report = try check([fixture("x86_64", "greet-host-cxx11")], sysroot: "/")
    let finding = try #require(report.findings.first { $0.code == .neededNotFound })
    #expect(finding.message.contains("libgreet.so"))
    guard case .array(let tried)? = finding.evidence.first(where: { $0.key == "tried" })?.value else {
      Issue.record("no tried list")
      return
    }
    #expect(tried.contains(.string("default: /lib/x86_64-linux-gnu")))
    #expect(finding.fixes.contains { $0.text.contains("-Wl,-rpath,'$ORIGIN/../lib'") })
    #expect(finding.fixes.contains { $0.kind == .package && $0.text.contains("no Debian 12 amd64 package ships libgreet.so") })
  }

  @Test func libraryPathFolderOnTheHostSatisfiesTheBundle() throws {
    let scratch = try Scratch()
    try scratch.write("deps/libgreet.so", try Fixtures.bytes("x86_64", "libgreet-cxx11.so"))
    let report = try check([fixture("x86_64", "greet-host-cxx11")], sysroot: "/", libraryPath: [scratch.path("deps")])
    #expect(!codes(report).contains("needed-not-found"), "\(report.findings.map(\.message))")
  }

  @Test func privateGlibcVersionIsAWarning() throws {
    let report = try check(["/lib/x86_64-linux-gnu/libc.so.6"], sysroot: "/")
    let finding = try #require(report.findings.first { $0.code == .privateVersion })
    #expect(finding.severity == .warning)
    #expect(finding.message.contains("GLIBC_PRIVATE"))
    #expect(report.exitStatus == 0)
    let strict = try SysrootSession(sysrootPath: "/", libraryPath: [], reader: ElfReader(parts: .all), width: 1)
      .check(paths: ["/lib/x86_64-linux-gnu/libc.so.6"], strict: true)
    #expect(strict.exitStatus == 1)
  }

  @Test func buildMachineRpathIsAWarningWithOriginFix() throws {
    let report = try check([fixture("x86_64", "hello-rpath")], sysroot: "/")
    let finding = try #require(report.findings.first { $0.code == .rpathOutsideRoot })
    #expect(finding.message.contains("/opt/build/lib"))
    #expect(finding.fixes.first?.text.contains("-Wl,-rpath,'$ORIGIN/../lib'") == true)
    #expect(!report.findings.contains { $0.message.contains("$ORIGIN/../lib,") })
  }

  @Test func foreignOSABIIsAWarning() throws {
    let scratch = try Scratch()
    var bytes = try Fixtures.bytes("x86_64", "libvers.so.1")
    bytes[7] = 9  // ELFOSABI_FREEBSD
    let path = try scratch.write("libbsd.so", bytes)
    let report = try check([path], sysroot: "/")
    #expect(codes(report) == ["osabi-mismatch"])
  }

  @Test func interpreterOfAnotherArchitectureIsAnInterpreterMismatch() throws {
    let scratch = try Scratch()
    try scratch.write("root/lib64/ld-linux-x86-64.so.2", try Fixtures.bytes("aarch64", "libvers.so.1"))
    let stubLibc = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.stubSysroot + "/lib/x86_64-linux-gnu/libc.so.6")))
    try scratch.write("root/lib/x86_64-linux-gnu/libc.so.6", stubLibc)
    let report = try check([fixture("x86_64", "libvers.so.1"), fixture("x86_64", "useplain")], sysroot: scratch.path("root"))
    let finding = try #require(report.findings.first { $0.code == .interpreterMismatch })
    #expect(finding.message.contains("aarch64, need x86_64"))
  }

  @Test func glibcBinaryOnAMuslSysrootIsALibcMismatch() throws {
    let scratch = try Scratch()
    let musl = try [UInt8](Data(contentsOf: URL(fileURLWithPath: "/usr/lib/x86_64-linux-musl/libc.so")))
    try scratch.write("alpine/lib/ld-musl-x86_64.so.1", musl)
    try FileManager.default.createSymbolicLink(
      atPath: scratch.path("alpine/lib/libc.musl-x86_64.so.1"), withDestinationPath: "ld-musl-x86_64.so.1")
    try scratch.write("alpine/etc/os-release", Array("NAME=\"Alpine Linux\"\nID=alpine\n".utf8))
    let report = try check([fixture("x86_64", "hello"), fixture("musl", "hello")], sysroot: scratch.path("alpine"))
    let glibc = report.findings.filter { $0.path.hasSuffix("x86_64/hello") }.map(\.code.rawValue)
    #expect(Set(glibc) == ["libc-mismatch"], "its missing interpreter is the same cause")
    let mismatch = try #require(report.findings.first { $0.code == .libcMismatch })
    #expect(mismatch.fixes.contains { $0.text.contains("apk add gcompat") })
    #expect(!report.findings.contains { $0.path.hasSuffix("musl/hello") }, "the musl program loads there")
  }

  @Test func isaLevelOnASysrootIsAWarningUnlessHwcapsNamesTheCPU() throws {
    let v3 = fixture("x86_64", "libisa-v3.so")
    func session(_ hwcaps: String?) throws -> SysrootSession {
      try SysrootSession(
        sysrootPath: "/", libraryPath: [], hwcaps: SysrootSession.hwcapsSubfolders(hwcaps), reader: ElfReader(parts: .all), width: 1)
    }
    let assumed = try session(nil).check(paths: [v3], strict: false).findings.filter { $0.code == .isaLevelTooHigh }
    #expect(assumed.map(\.severity) == [.warning])
    let lower = try session("x86-64-v2").check(paths: [v3], strict: false).findings.filter { $0.code == .isaLevelTooHigh }
    #expect(lower.map(\.severity) == [.error])
    #expect(try session("x86-64-v3").check(paths: [v3], strict: false).findings.isEmpty)
  }
}
