import Foundation
import TestSupport
import Testing

/// `abidoctor check --sysroot` and `abidoctor deps` end to end.
@Suite("abidoctor check and deps")
struct CheckCommandTests {
  @Test func checkJsonNamesTheSysrootTargetAndFailsOnErrors() throws {
    let result = try CLI.run([
      "check", "--format", "json", "--sysroot", "/usr/aarch64-linux-gnu", CLI.fixture("x86_64", "hello"),
      CLI.fixture("aarch64", "hello"),
    ])
    #expect(result.status == 1, "\(result.stderr)")
    let report = try CLI.json(result.stdout)
    #expect(report["command"] as? String == "check")
    let target = try #require(report["target"] as? [String: Any])
    #expect(target["kind"] as? String == "sysroot")
    #expect(target["path"] as? String == "/usr/aarch64-linux-gnu")
    let findings = try #require(report["findings"] as? [[String: Any]])
    let codes = findings.compactMap { $0["code"] as? String }
    // The contract's order: by path, then code.
    let keys = findings.map { "\($0["path"] as? String ?? "")\u{0}\($0["code"] as? String ?? "")" }
    #expect(keys == keys.sorted())
    #expect(codes == ["machine-mismatch"], "one cause, one finding")
    for finding in findings {
      #expect((finding["fixes"] as? [[String: Any]])?.isEmpty == false, "\(finding["code"] ?? "")")
      #expect(finding["evidence"] is [String: Any])
    }
    #expect((report["summary"] as? [String: Any])?["verdict"] as? String == "incompatible")
  }

  @Test func compatibleFilesExitZero() throws {
    let result = try CLI.run(["check", "--sysroot", "/usr/aarch64-linux-gnu", CLI.fixture("aarch64", "libvers.so.1")])
    #expect(result.status == 0, "\(result.stdout)")
    #expect(result.stdout.contains("libvers.so.1: ok"))
    #expect(result.stdout.hasSuffix("1 file (1 ELF): 0 errors, 0 warnings, 0 notes: compatible\n"))
  }

  @Test func releaseWithoutArchitectureTakesTheFilesOwn() throws {
    let arm = try CLI.run(["check", "--target", "ubuntu-20.04", CLI.fixture("aarch64", "hello")])
    #expect(arm.stdout.hasPrefix("checked against profile ubuntu-20.04-aarch64\n"), "\(arm.stdout)\(arm.stderr)")
    #expect(arm.status == 1, "hello needs GLIBC_2.34")
    // Files of two architectures name no one profile: the error lists the candidates.
    let mixed = try CLI.run(["check", "--target", "ubuntu-20.04", CLI.fixture("aarch64", "hello"), CLI.fixture("x86_64", "hello")])
    #expect(mixed.status == 2 && mixed.stderr.contains("ubuntu-20.04-x86_64"))
  }

  @Test func missingSysrootOrNoTargetExitsTwo() throws {
    let missing = try CLI.run(["check", "--sysroot", "/no/such/root", CLI.fixture("x86_64", "hello")])
    #expect(missing.status == 2)
    #expect(missing.stderr == "abidoctor: cannot open the sysroot /no/such/root: No such file or directory\n")
    #expect(try CLI.run(["check", CLI.fixture("x86_64", "hello")]).status == 2)
    #expect(try CLI.run(["deps", "--sysroot", "/etc/hostname", CLI.fixture("x86_64", "hello")]).status == 2)
  }

  @Test func textGroupsFindingsPerFileMostSevereFirstWithFixes() throws {
    let result = try CLI.run(["check", "--sysroot", "/", CLI.fixture("x86_64", "hello-rpath"), CLI.fixture("x86_64", "greet-host-cxx11")])
    #expect(result.status == 1)
    let lines = result.stdout.split(separator: "\n").map(String.init)
    let header = try #require(lines.firstIndex { $0.hasSuffix("greet-host-cxx11") })
    #expect(lines[header + 1].hasPrefix("  error[needed-not-found]"))
    // A long message wraps under itself, deeper than the fixes that follow it.
    let fix = try #require(lines[(header + 2)...].firstIndex { !$0.hasPrefix("      ") })
    #expect(lines[fix].hasPrefix("    fix ("))
    #expect(lines.allSatisfy { $0.count <= 100 || !$0.contains(" ") || $0.split(separator: " ").contains { $0.count > 60 } })
    #expect(result.stdout.contains("  warning[rpath-outside-root]"))
  }

  @Test func depsShowsRulesSkippedCandidatesAndFoldersTried() throws {
    let text = try CLI.run(["deps", "--sysroot", "/usr/aarch64-linux-gnu", CLI.fixture("x86_64", "hello")])
    #expect(text.status == 1)
    #expect(text.stdout.contains("skipped /lib/libc.so.6: aarch64, need x86_64"))
    #expect(text.stdout.contains("tried default: /lib64, default: /usr/lib64, default: /lib, default: /usr/lib"))
    let ok = try CLI.run(["deps", "--sysroot", "/", "/usr/bin/ls"])
    #expect(ok.status == 0)
    #expect(ok.stdout.contains("libselinux.so.1 => /lib/x86_64-linux-gnu/libselinux.so.1 [ld.so.cache]"))
    let json = try CLI.json(try CLI.run(["deps", "--format", "json", "--sysroot", "/", "/usr/bin/ls"]).stdout)
    let tree = try #require((json["trees"] as? [[String: Any]])?.first)
    #expect(tree["loader"] as? String == "glibc")
    let needed = try #require(tree["needed"] as? [[String: Any]])
    let selinux = try #require(needed.first { $0["name"] as? String == "libselinux.so.1" })
    #expect(selinux["rule"] as? String == "ld.so.cache")
    #expect(selinux["path"] as? String == "/lib/x86_64-linux-gnu/libselinux.so.1")
  }

  @Test func relativeLibraryPathIsTakenFromTheCurrentFolder() throws {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("abidoctor-lp-\(UUID())")
    try FileManager.default.createDirectory(at: scratch.appendingPathComponent("deps"), withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    try FileManager.default.copyItem(
      atPath: CLI.fixture("x86_64", "libgreet-cxx11.so"), toPath: scratch.appendingPathComponent("deps/libgreet.so").path)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: CLI.binary)
    process.arguments = ["deps", "--sysroot", "/", "--library-path", "deps", CLI.fixture("x86_64", "greet-host-cxx11")]
    process.currentDirectoryURL = scratch
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "\(output)")
    #expect(output.contains("libgreet.so => deps/libgreet.so [library-path]"))
  }

  @Test func sarifForCheckHasOneResultPerFinding() throws {
    let result = try CLI.run(["check", "--format", "sarif", "--sysroot", "/usr/arm-linux-gnueabihf", CLI.fixture("armel", "hello")])
    #expect(result.status == 1)
    let run = try #require((try CLI.json(result.stdout)["runs"] as? [[String: Any]])?.first)
    let results = try #require(run["results"] as? [[String: Any]])
    #expect(results.contains { $0["ruleId"] as? String == "float-abi-mismatch" })
    #expect(results.allSatisfy { (($0["properties"] as? [String: Any])?["fixes"] as? [Any])?.isEmpty == false })
  }
}

@Suite("abidoctor check --host")
struct HostCommandTests {
  @Test func hostJsonNamesTheHostTargetAndFailsOnTheMismatch() throws {
    let result = try CLI.run([
      "check", "--format", "json", "--host", CLI.fixture("x86_64", "cxx-host"),
      CLI.fixture("x86_64", "libcxx-plugin-cxx98.so"), CLI.fixture("x86_64", "libcxx-plugin-cxx11.so"),
    ])
    #expect(result.status == 1, "\(result.stderr)")
    let report = try CLI.json(result.stdout)
    let target = try #require(report["target"] as? [String: Any])
    #expect(target["kind"] as? String == "host")
    #expect(target["path"] as? String == CLI.fixture("x86_64", "cxx-host"))
    let findings = try #require(report["findings"] as? [[String: Any]])
    #expect(findings.compactMap { $0["code"] as? String } == ["cxx-abi-mismatch"])
    let files = try #require(report["files"] as? [[String: Any]])
    let cxx = try #require(files.first { ($0["path"] as? String)?.hasSuffix("cxx98.so") == true }?["cxx"] as? [String: Any])
    #expect(cxx["stringAbi"] as? String == "legacy")
  }

  @Test func missingHostExitsTwo() throws {
    let result = try CLI.run(["check", "--host", "/no/such/host", CLI.fixture("x86_64", "libplugin.so")])
    #expect(result.status == 2)
    #expect(result.stderr.contains("/no/such/host"))
  }

  @Test func goPluginMismatchInTextNamesWhatTheRuntimeWillSay() throws {
    let result = try CLI.run(["check", "--host", CLI.fixture("go", "gohost"), CLI.fixture("go", "goplugin-shared-v2.so")])
    #expect(result.status == 1)
    let unwrapped = result.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    #expect(unwrapped.contains("plugin.Open will fail with \"plugin was built with a different version of package example.com/gp/shared\""))
  }
}

@Suite("GitHub annotations")
struct GitHubFormatTests {
  @Test func eachFindingIsAWorkflowCommandOnItsFile() throws {
    let result = try CLI.run([
      "check", "--format", "github", "--sysroot", "/usr/arm-linux-gnueabihf", CLI.fixture("armel", "hello"),
      CLI.fixture("armhf", "hello"),
    ])
    #expect(result.status == 1)
    let lines = result.stdout.split(separator: "\n").map(String.init)
    let commands = lines.filter { $0.hasPrefix("::") }
    #expect(commands.count == 1)
    #expect(commands.allSatisfy { $0.hasPrefix("::error file=\(CLI.fixture("armel", "hello")),title=abidoctor ") })
    #expect(commands.contains { $0.contains("title=abidoctor float-abi-mismatch::") && $0.contains("%0Afix (compiler-flag): compile everything with -mfloat-abi=hard") })
    #expect(!commands.contains { $0.dropFirst(2).contains("\n") })
    #expect(lines.last == "2 files (2 ELF): 1 error, 0 warnings, 0 notes: incompatible")
  }

  @Test func warningsBecomeWarningAnnotations() throws {
    let result = try CLI.run(["check", "--format", "github", "--sysroot", "/", CLI.fixture("x86_64", "hello-rpath")])
    #expect(result.status == 0)
    #expect(result.stdout.contains("::warning file=\(CLI.fixture("x86_64", "hello-rpath")),title=abidoctor rpath-outside-root::"))
  }
}

@Suite("Text report")
struct TextReportTests {
  @Test func oneCauseOnSeveralTargetsIsOneFindingAndVerboseListsTheEvidence() throws {
    let hello = CLI.fixture("x86_64", "hello")
    let plain = try CLI.run(["check", "--target", "ubuntu-20.04-x86_64", "--target", "rhel-8-x86_64", hello])
    #expect(plain.stdout.components(separatedBy: "error[version-too-new]").count == 2, "\(plain.stdout)")
    #expect(plain.stdout.contains("rhel-8-x86_64 loads on both"))
    #expect(plain.stdout.contains("zig cc -target x86_64-linux-gnu.2.28"), "the oldest target's fix")
    #expect(!plain.stdout.contains("x86_64-linux-gnu.2.31"))
    #expect(plain.stdout.split(separator: "\n").allSatisfy { $0.count <= 100 })
    let verbose = try CLI.run(["check", "--target", "ubuntu-20.04-x86_64", "--target", "rhel-8-x86_64", "--verbose", hello])
    #expect(verbose.stdout.contains("    targets:\n      ubuntu-20.04-x86_64\n      rhel-8-x86_64\n"), "\(verbose.stdout)")
    let json = try CLI.json(try CLI.run(["check", "--format", "json", "--target", "ubuntu-20.04-x86_64", "--target", "rhel-8-x86_64", hello]).stdout)
    let findings = try #require(json["findings"] as? [[String: Any]])
    let evidence = try #require(findings.first?["evidence"] as? [String: Any])
    #expect(evidence["targets"] as? [String] == ["ubuntu-20.04-x86_64", "rhel-8-x86_64"])
  }
}
