import Foundation
import TestSupport
import Testing

/// Every CI snippet in docs/ci.md, and the pre-commit and pre-push hooks, run as documented against a
/// project whose dist/ holds real binaries: one that needs glibc 2.34, so the gate must fail, then
/// without it, so the gate must pass.
@Suite("CI docs and hooks", .serialized)
struct CIDocsTests {
  static let repository = Fixtures.root.deletingLastPathComponent()

  /// The fenced block that follows `<!-- docs-test:NAME -->` in docs/ci.md.
  static func snippet(_ name: String) throws -> String {
    let text = try String(contentsOf: repository.appendingPathComponent("docs/ci.md"), encoding: .utf8)
    let marker = try #require(text.range(of: "<!-- docs-test:\(name) -->"))
    let afterMarker = text[marker.upperBound...]
    let open = try #require(afterMarker.range(of: "```"))
    let bodyStart = try #require(afterMarker[open.upperBound...].firstIndex(of: "\n"))
    let body = afterMarker[afterMarker.index(after: bodyStart)...]
    let close = try #require(body.range(of: "\n```"))
    return String(body[..<close.lowerBound])
  }

  /// A project folder: abidoctor.yml from the docs, dist/bin and dist/lib with real binaries, and
  /// abidoctor on PATH.
  final class Project {
    let scratch: Scratch
    let root: String
    let environment: [String: String]

    init(_ name: String = #function) throws {
      scratch = try Scratch(name)
      root = scratch.path("project")
      try scratch.write("project/abidoctor.yml", Array(try CIDocsTests.snippet("policy").utf8))
      try scratch.write("project/dist/bin/hello", try Fixtures.bytes("x86_64", "hello"))
      // A plugin that needs a library the platforms do not promise; the policy accepts it.
      try scratch.write("project/dist/plugins/libchain.so", try Fixtures.bytes("x86_64", "libchain.so"))
      try scratch.write("project/dist/lib/libvers.so.1", try Fixtures.bytes("x86_64", "libvers.so.1"))
      try scratch.write("project/README.md", Array("a project\n".utf8))
      let tools = scratch.path("tools")
      try FileManager.default.createDirectory(atPath: tools, withIntermediateDirectories: true)
      try FileManager.default.createSymbolicLink(atPath: tools + "/abidoctor", withDestinationPath: CLI.binary)
      var environment = ProcessInfo.processInfo.environment
      environment["PATH"] = tools + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
      environment["HOME"] = scratch.path("home")
      environment["PRE_COMMIT_HOME"] = scratch.path("pre-commit-cache")
      for key in ["GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"] { environment[key] = "abidoctor tests" }
      for key in ["GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"] { environment[key] = "tests@abidoctor.invalid" }
      environment["GIT_CONFIG_NOSYSTEM"] = "1"
      self.environment = environment
    }

    /// Runs `script` with bash -e in the project, as a CI runner would.
    @discardableResult
    func shell(_ script: String) throws -> (status: Int32, output: String) {
      try runProgram("/bin/bash", ["-e", "-c", script], environment: environment, in: root)
    }

    func removeTheBinaryThatNeedsGlibc234() throws { try FileManager.default.removeItem(atPath: root + "/dist/bin/hello") }
  }

  @Test func githubWorkflowStepsFailThenPassAndWriteValidSarif() throws {
    let workflow = try #require(try loadYAML(try Self.snippet("github")) as? [String: Any])
    let jobs = try #require(workflow["jobs"] as? [String: Any])
    let steps = try #require((jobs["abi"] as? [String: Any])?["steps"] as? [[String: Any]])
    let check = try #require(steps.first { ($0["run"] as? String)?.contains("--format sarif") == true })
    let upload = try #require(steps.first { ($0["uses"] as? String)?.hasPrefix("github/codeql-action/upload-sarif") == true })
    let annotate = try #require(steps.first { ($0["run"] as? String)?.contains("--format github") == true })
    #expect(upload["if"] as? String == "always()")
    let sarifFile = try #require((upload["with"] as? [String: Any])?["sarif_file"] as? String)

    let project = try Project()
    let failing = try project.shell(try #require(check["run"] as? String))
    #expect(failing.status == 1, "\(failing.output)")
    let sarif = project.root + "/" + sarifFile
    #expect(FileManager.default.fileExists(atPath: sarif))
    let validator = Self.repository.appendingPathComponent("Tests/Scripts/validate_sarif.py").path
    let (valid, text) = try run("/usr/bin/env", ["python3", validator, sarif])
    #expect(valid == 0 && text.contains("0 problems"), "\(text)")
    let annotations = try project.shell(try #require(annotate["run"] as? String))
    #expect(annotations.status == 1 && annotations.output.contains("::error file=dist/bin/hello"), "\(annotations.output)")

    try project.removeTheBinaryThatNeedsGlibc234()
    let passing = try project.shell(try #require(check["run"] as? String))
    #expect(passing.status == 0, "\(passing.output)")
  }

  @Test func gitlabJobFailsAndKeepsItsJsonArtifact() throws {
    let pipeline = try #require(try loadYAML(try Self.snippet("gitlab")) as? [String: Any])
    let job = try #require(pipeline["abi-check"] as? [String: Any])
    let script = try #require(job["script"] as? [String])
    let artifacts = try #require((job["artifacts"] as? [String: Any])?["paths"] as? [String])
    #expect((job["artifacts"] as? [String: Any])?["when"] as? String == "always")

    let project = try Project()
    let failing = try project.shell(script.joined(separator: "\n"))
    #expect(failing.status == 1)
    for artifact in artifacts {
      let data = try Data(contentsOf: URL(fileURLWithPath: project.root + "/" + artifact))
      let report = try CLI.json(String(decoding: data, as: UTF8.self))
      #expect((report["summary"] as? [String: Any])?["verdict"] as? String == "incompatible")
      let codes = (report["findings"] as? [[String: Any]])?.compactMap { $0["code"] as? String } ?? []
      #expect(codes.contains("version-too-new"))
      // The policy accepts the plugin's library, with its reason.
      let suppressed = try #require(report["suppressed"] as? [[String: Any]])
      #expect(suppressed.map { $0["path"] as? String } == ["plugins/libchain.so", "plugins/libchain.so"])
      #expect(suppressed.first?["reason"] as? String == "plugins are loaded by our server, which ships the libraries they need")
    }
    try project.removeTheBinaryThatNeedsGlibc234()
    #expect(try project.shell(script.joined(separator: "\n")).status == 0)
  }

  @Test func prePushHookRefusesTheIncompatibleBuildAndLetsTheFixedOneThrough() throws {
    let project = try Project()
    try FileManager.default.createDirectory(atPath: project.root + "/scripts/hooks", withIntermediateDirectories: true)
    try FileManager.default.copyItem(
      atPath: Self.repository.appendingPathComponent("scripts/hooks/pre-push").path, toPath: project.root + "/scripts/hooks/pre-push")
    let remote = project.scratch.path("remote.git")
    try project.shell("git init -q -b main && git add -A && git commit -qm build && git init -q --bare \(remote) && git remote add origin \(remote)")
    try project.shell(try Self.snippet("pre-push"))
    let refused = try project.shell("git push -q origin main 2>&1")
    #expect(refused.status != 0 && refused.output.contains("version-too-new"), "\(refused.output)")
    #expect(refused.output.contains("failed to push") || refused.output.contains("hook declined"))
    try project.removeTheBinaryThatNeedsGlibc234()
    try project.shell("git commit -qam 'rebuild for glibc 2.31'")
    let accepted = try project.shell("git push -q origin main 2>&1")
    #expect(accepted.status == 0, "\(accepted.output)")
  }

  @Test func preCommitRunsTheSystemHookFromThisRepository() throws {
    // Through the same python3 that test.sh installs it for, whether or not its scripts folder is on PATH.
    let (hasPreCommit, _) = try run("/usr/bin/env", ["python3", "-m", "pre_commit", "--version"])
    try #require(hasPreCommit == 0, "pre-commit must be installed (pip install pre-commit)")
    // The hooks come from this repository at its current commit, as a project would pin them.
    let (_, head) = try run("/usr/bin/git", ["-C", Self.repository.path, "rev-parse", "HEAD"])
    var config = try Self.snippet("pre-commit")
    config = config.replacing(/repo: \S+/, with: "repo: \(Self.repository.path)")
    config = config.replacing(/rev: \S+/, with: "rev: \(head.trimmingCharacters(in: .whitespacesAndNewlines))")
    let project = try Project()
    try project.scratch.write("project/.pre-commit-config.yaml", Array(config.utf8))
    try project.shell("git init -q -b main && git add -A")
    let failing = try project.shell("python3 -m pre_commit run --all-files 2>&1")
    #expect(failing.status == 1 && failing.output.contains("version-too-new"), "\(failing.output)")
    #expect(!failing.output.contains("not-elf"))
    try project.removeTheBinaryThatNeedsGlibc234()
    try project.shell("git add -A")
    let passing = try project.shell("python3 -m pre_commit run --all-files 2>&1")
    #expect(passing.status == 0, "\(passing.output)")
  }
}
