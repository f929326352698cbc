import AbiScan
@testable import SysrootCheck
import TestSupport
import Testing

/// `abidoctor.yml`: parsing with line-accurate errors, and what a policy does to a report.
@Suite("policy files")
struct PolicyTests {
  func parse(_ text: String) throws(PolicyParser.Problem) -> Policy { try PolicyParser.parse(text, path: "abidoctor.yml") }

  func problem(_ text: String) -> PolicyParser.Problem? {
    do {
      _ = try parse(text)
      return nil
    } catch { return error }
  }

  @Test func fullPolicyParsesEveryPart() throws {
    let policy = try parse("""
      # deploy gate
      targets:
        - ubuntu-20.04-x86_64
        - sysroot: /opt/sysroots/arm64
        - profile: manylinux_2_17_x86_64
      severity:
        needed-not-guaranteed: error
        private-version: note
      suppress:
        - code: version-too-new
          path: "lib/*.so"
          symbol: "memcpy*"
          reason: vendored, loaded only on new hosts
      failOn: warning
      """)
    #expect(policy.targets == [.profile("ubuntu-20.04-x86_64"), .sysroot("/opt/sysroots/arm64"), .profile("manylinux_2_17_x86_64")])
    #expect(policy.severities == [.neededNotGuaranteed: .error, .privateVersion: .note])
    #expect(policy.suppressions.count == 1 && policy.suppressions[0].line == 10 && policy.suppressions[0].code == .versionTooNew)
    #expect(policy.failOn == .warning)
    #expect(try parse("").targets.isEmpty)
  }

  @Test func everyMistakeNamesItsLine() {
    #expect(problem("targets: [ubuntu-20.04-x86_64]\nsevrity:\n  x: error\n") == PolicyParser.Problem(path: "abidoctor.yml", line: 2, reason: "unknown key 'sevrity' (allowed: targets, severity, suppress, failOn, wasm)"))
    #expect(problem("suppress:\n  - code: version-too-new\n    path: x\n")?.reason == "every suppression needs a reason")
    #expect(problem("suppress:\n  - code: version-too-new\n    path: x\n")?.line == 2)
    #expect(problem("suppress:\n  - reason: because\n")?.reason == "a suppression needs at least one of code, path, symbol")
    #expect(problem("suppress:\n  - code: x\n    reason: y\n    pth: z\n")?.line == 2)
    #expect(problem("suppress:\n  - reason: y\n    pth: z\n")?.reason.contains("unknown key 'pth'") == true)
    #expect(problem("severity:\n  version-to-new: note\n")?.reason.contains("did you mean version-too-new") == true)
    #expect(problem("severity:\n  version-too-new: fatal\n")?.line == 2)
    #expect(problem("failOn: sometimes\n")?.line == 1)
    #expect(problem("targets:\n  - {cloud: x}\n")?.reason == "unknown target kind 'cloud' (use sysroot or profile)")
    #expect(problem("targets: [a\n")?.reason.hasPrefix("not valid YAML") == true)
    #expect(problem("- just\n- a list\n")?.line == 1)
  }

  func report() throws -> Report {
    let session = ProfileSession(input: InputReader(reader: ElfReader(parts: .all), width: 2))
    return session.check(
      paths: [Fixtures.path("x86_64", "hello"), Fixtures.path("x86_64", "useplain")],
      profiles: try session.resolve(["ubuntu-20.04-x86_64"]), strict: false
    ).report
  }

  @Test func suppressionByCodePathAndSymbolMovesTheFindingAsideWithItsReason() throws {
    let before = try report()
    #expect(before.findings.filter { $0.code == .versionTooNew }.count == 2)
    let policy = try parse("""
      suppress:
        - code: version-too-new
          path: "**/x86_64/hello"
          symbol: "__libc_start_*"
          reason: shipped only to 22.04
      """)
    let after = policy.apply(to: before)
    #expect(after.findings.filter { $0.code == .versionTooNew }.map(\.path) == [Fixtures.path("x86_64", "useplain")])
    #expect(after.suppressed.count == 1 && after.suppressed[0].reason == "shipped only to 22.04")
    // A symbol that does not match keeps the finding.
    let other = try parse("suppress:\n  - symbol: memcpy\n    reason: r\n").apply(to: before)
    #expect(other.suppressed.isEmpty)
  }

  @Test func severityOverrideAndFailOnDecideTheExitStatus() throws {
    let before = try report()
    #expect(before.exitStatus == 1)
    let relaxed = try parse("severity:\n  version-too-new: warning\n").apply(to: before)
    #expect(relaxed.exitStatus == 0 && relaxed.count(.error) == 0)
    let strict = try parse("severity:\n  version-too-new: warning\nfailOn: warning\n").apply(to: before)
    #expect(strict.exitStatus == 1)
    let notes = try parse("severity:\n  version-too-new: note\n  needed-not-guaranteed: note\nfailOn: warning\n").apply(to: before)
    #expect(notes.exitStatus == 0)
  }

  @Test func pathGlobsStopAtSlashesUnlessDoubleStar() {
    #expect(Policy.Suppression.glob("lib/*.so", matches: "lib/a.so"))
    #expect(!Policy.Suppression.glob("lib/*.so", matches: "lib/x/a.so"))
    #expect(Policy.Suppression.glob("lib/**/*.so", matches: "lib/x/y/a.so"))
    #expect(Policy.Suppression.glob("lib/**/*.so", matches: "lib/a.so"))
  }
}
