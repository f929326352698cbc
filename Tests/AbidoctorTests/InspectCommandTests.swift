import Foundation
import TestSupport
import SysrootCheck
import Testing

/// `abidoctor inspect` end to end: the built binary, real fixtures, the contract's JSON and exit status.
@Suite("abidoctor inspect")
struct InspectCommandTests {
  static let fileFields = [
    "path", "class", "endianness", "machine", "osabi", "type", "flags", "interpreter", "soname", "needed",
    "rpath", "runpath", "libc", "versionNeeds", "versionDefinitions", "symbols", "error",
  ]

  @Test func jsonOnEveryFixtureHasEveryContractField() throws {
    let result = try CLI.run(["inspect", "--format", "json", CLI.fixtures.path])
    #expect(result.status == 0, "\(result.stderr)")
    let report = try CLI.json(result.stdout)
    #expect(report["schemaVersion"] as? Int == 1)
    #expect(report["command"] as? String == "inspect")
    #expect((report["target"] as? [String: Any])?["kind"] as? String == "none")
    let files = try #require(report["files"] as? [[String: Any]])
    #expect(files.count >= 55)
    for file in files {
      for field in Self.fileFields {
        #expect(file.keys.contains(field), "\(file["path"] ?? "?") lacks \(field)")
      }
      #expect(file["error"] is NSNull)
      #expect([32, 64].contains(file["class"] as? Int ?? 0))
      let flags = try #require(file["flags"] as? [String: Any])
      #expect((flags["value"] as? String)?.hasPrefix("0x") == true)
      let libc = try #require(file["libc"] as? [String: Any])
      #expect(libc.keys.contains("family") && libc.keys.contains("minVersion"))
      let symbols = file["symbols"] as? [String: Any]
      #expect(symbols?["defined"] is Int || file["path"] as? String == "x86_64/hello-nosections")
    }
    let paths = files.compactMap { $0["path"] as? String }
    #expect(paths == paths.sorted(), "files are sorted by path")
    let summary = try #require(report["summary"] as? [String: Any])
    #expect(summary["verdict"] as? String == "compatible")
    #expect(summary["elfFiles"] as? Int == files.count)
  }

  @Test func decodedFlagsForArmRiscvAndMipsFixtures() throws {
    let result = try CLI.run([
      "inspect", "--format", "json", CLI.fixture("armhf", "hello"), CLI.fixture("riscv64", "hello"),
      CLI.fixture("mips", "hello"),
    ])
    let files = try #require(try CLI.json(result.stdout)["files"] as? [[String: Any]])
    let decoded = files.map { (($0["flags"] as? [String: Any])?["decoded"] as? [String]) ?? [] }
    let machines = files.map { (($0["machine"] as? [String: Any])?["name"] as? String) ?? "" }
    let byMachine = Dictionary(uniqueKeysWithValues: zip(machines, decoded))
    #expect(byMachine["arm"] == ["eabi5", "hard-float"])
    #expect(byMachine["riscv"] == ["rvc", "float-abi-double"])
    #expect(byMachine["mips"]?.contains("o32") == true)
    #expect(files.first { ($0["endianness"] as? String) == "big" } != nil)
  }

  @Test func versionNeedsAndDefinitionsFollowTheContract() throws {
    let result = try CLI.run([
      "inspect", "--format", "json", CLI.fixture("x86_64", "libnewsym.so"), CLI.fixture("x86_64", "libvers.so.1"),
    ])
    let files = try #require(try CLI.json(result.stdout)["files"] as? [[String: Any]])
    let newsym = try #require(files.first { ($0["path"] as? String)?.hasSuffix("libnewsym.so") == true })
    let needs = try #require(newsym["versionNeeds"] as? [[String: Any]])
    #expect(needs.first?["file"] as? String == "libc.so.6")
    #expect((needs.first?["versions"] as? [String])?.contains("GLIBC_2.36") == true)
    #expect((newsym["libc"] as? [String: Any])?["minVersion"] as? String == "2.36")
    let vers = try #require(files.first { ($0["path"] as? String)?.hasSuffix("libvers.so.1") == true })
    #expect(vers["versionDefinitions"] as? [String] == ["VERS_1", "VERS_2"])
  }

  @Test func explicitNonElfFileFailsTheRunButOthersAreStillReported() throws {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("abidoctor-cli-\(UUID())")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let text = scratch.appendingPathComponent("notes.txt").path
    try Data("hello".utf8).write(to: URL(fileURLWithPath: text))
    let result = try CLI.run(["inspect", "--format", "json", text, CLI.fixture("s390x", "hello")])
    #expect(result.status == 1)
    let report = try CLI.json(result.stdout)
    let files = try #require(report["files"] as? [[String: Any]])
    #expect(files.count == 2)
    let findings = try #require(report["findings"] as? [[String: Any]])
    #expect(findings.map { $0["code"] as? String } == ["not-elf"])
    #expect(findings.first?["path"] as? String == text)
    #expect((report["summary"] as? [String: Any])?["verdict"] as? String == "incompatible")
    #expect((report["summary"] as? [String: Any])?["errors"] as? Int == 1)
  }

  @Test func fileUnreadableByTheUserIsUnreadable() throws {
    // CI runs as root, who reads everything; run abidoctor as nobody to meet a real EACCES.
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("abidoctor-perm-\(UUID())")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let locked = scratch.appendingPathComponent("libsecret.so").path
    try Data(try Data(contentsOf: URL(fileURLWithPath: CLI.fixture("x86_64", "libvers.so.1")))).write(
      to: URL(fileURLWithPath: locked))
    #expect(chmod(locked, 0o000) == 0)
    #expect(chmod(scratch.path, 0o755) == 0)
    let prefix = getuid() == 0 ? ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : []
    let result = try CLI.run(["inspect", "--format", "json", locked, CLI.fixture("i686", "hello")], prefix: prefix)
    #expect(result.status == 1, "\(result.stderr)")
    let report = try CLI.json(result.stdout)
    let files = try #require(report["files"] as? [[String: Any]])
    let entry = try #require(files.first { $0["path"] as? String == locked })
    let error = try #require(entry["error"] as? [String: Any])
    #expect(error["code"] as? String == "unreadable")
    #expect((error["message"] as? String)?.contains("Permission denied") == true)
    #expect(files.count == 2)
  }

  @Test func folderUnreadableByTheUserIsReportedAndTheWalkGoesOn() throws {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("abidoctor-dirperm-\(UUID())")
    let locked = scratch.appendingPathComponent("locked")
    let open = scratch.appendingPathComponent("open")
    try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
    try FileManager.default.createDirectory(at: open, withIntermediateDirectories: true)
    defer {
      chmod(locked.path, 0o755)
      try? FileManager.default.removeItem(at: scratch)
    }
    try Data(contentsOf: URL(fileURLWithPath: CLI.fixture("armel", "libvers.so.1"))).write(
      to: open.appendingPathComponent("libvers.so.1"))
    #expect(chmod(scratch.path, 0o755) == 0 && chmod(open.path, 0o755) == 0 && chmod(locked.path, 0o000) == 0)
    let prefix = getuid() == 0 ? ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : []
    let result = try CLI.run(["inspect", "--format", "json", scratch.path], prefix: prefix)
    #expect(result.status == 1, "\(result.stderr)")
    let report = try CLI.json(result.stdout)
    let files = try #require(report["files"] as? [[String: Any]])
    #expect(files.compactMap { $0["path"] as? String } == ["locked", "open/libvers.so.1"])
    let error = try #require(files.first?["error"] as? [String: Any])
    #expect(error["code"] as? String == "unreadable")
    #expect((error["message"] as? String)?.contains("cannot list folder: Permission denied") == true)
  }

  @Test func badArgumentsExitTwo() throws {
    #expect(try CLI.run(["inspect", "--bogus", CLI.fixture("x86_64", "hello")]).status == 2)
    #expect(try CLI.run(["inspect"]).status == 2)
    #expect(try CLI.run(["inspect", "--format", "yaml", CLI.fixture("x86_64", "hello")]).status == 2)
    #expect(try CLI.run(["--help"]).status == 0)
  }

  @Test func textProfileShowsDecodedNames() throws {
    let result = try CLI.run(["inspect", CLI.fixture("armhf", "libexecstack.so"), CLI.fixture("x86_64", "libisa-v3.so")])
    #expect(result.status == 0)
    #expect(result.stdout.contains("ELF32 little-endian arm (40)"))
    #expect(result.stdout.contains("0x5000400 [eabi5, hard-float]"))
    #expect(result.stdout.contains("EXECUTABLE (PT_GNU_STACK RWX)"))
    #expect(result.stdout.contains("needs v3"))
    #expect(result.stdout.hasSuffix("2 files (2 ELF): 0 errors, 0 warnings, 0 notes: compatible\n"))
  }

  @Test func symbolsFlagListsEveryDynamicSymbolWithItsVersion() throws {
    let text = try CLI.run(["inspect", "--symbols", CLI.fixture("x86_64", "libvers.so.1")])
    #expect(text.stdout.contains("DEF func   global default   vers_old@VERS_1"))
    #expect(text.stdout.contains("vers_old@@VERS_2"))
    let json = try CLI.run(["inspect", "--symbols", "--format", "json", CLI.fixture("x86_64", "libnewsym.so")])
    let files = try #require(try CLI.json(json.stdout)["files"] as? [[String: Any]])
    let symbols = try #require(files.first?["dynamicSymbols"] as? [[String: Any]])
    let random = try #require(symbols.first { $0["name"] as? String == "arc4random" })
    #expect(random["version"] as? String == "GLIBC_2.36")
    #expect(random["versionFile"] as? String == "libc.so.6")
    #expect(random["defined"] as? Bool == false)
  }

  @Test func sarifHasOneRulePerCodeAndOneResultPerFinding() throws {
    let result = try CLI.run(["inspect", "--format", "sarif", "/etc/hostname", CLI.fixture("x86_64", "hello")])
    #expect(result.status == 1)
    let log = try CLI.json(result.stdout)
    #expect(log["version"] as? String == "2.1.0")
    let run = try #require((log["runs"] as? [[String: Any]])?.first)
    let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
    #expect(driver["name"] as? String == "abidoctor")
    #expect((driver["rules"] as? [[String: Any]])?.count == FindingCode.allCases.count)
    let results = try #require(run["results"] as? [[String: Any]])
    #expect(results.count == 1)
    #expect(results.first?["ruleId"] as? String == "not-elf")
    #expect(results.first?["level"] as? String == "error")
  }

  @Test func outputOptionWritesTheReportToAFile() throws {
    let target = FileManager.default.temporaryDirectory.appendingPathComponent("abidoctor-out-\(UUID()).json").path
    defer { try? FileManager.default.removeItem(atPath: target) }
    let result = try CLI.run(["inspect", "--format", "json", "--output", target, CLI.fixture("musl", "hello")])
    #expect(result.status == 0)
    #expect(result.stdout.isEmpty)
    let report = try CLI.json(String(decoding: try Data(contentsOf: URL(fileURLWithPath: target)), as: UTF8.self))
    let file = try #require((report["files"] as? [[String: Any]])?.first)
    #expect((file["libc"] as? [String: Any])?["family"] as? String == "musl")
  }

  @Test func parallelAndSequentialRunsAgreeByteForByte() throws {
    let parallel = try CLI.run(["inspect", "--format", "json", "--jobs", "4", CLI.fixtures.path])
    let sequential = try CLI.run(["inspect", "--format", "json", "--jobs", "1", CLI.fixtures.path])
    #expect(parallel.stdout == sequential.stdout)
    #expect(!parallel.stdout.isEmpty)
  }
}
