import Foundation
import TestSupport
import Testing

/// The fast path for plain `inspect` and `scan` must be indistinguishable from ArgumentParser's parse.
@Suite("fast path")
struct FastPathTests {
  @Test func fastPathAndArgumentParserGiveTheSameOutputAndStatus() throws {
    let scratch = try Scratch()
    let hello = CLI.fixture("x86_64", "hello")
    let folder = Fixtures.path("armhf", "")
    let cases: [[String]] = [
      ["inspect", hello],
      ["inspect", hello, "--format", "json"],
      ["inspect", "--format=json", "--symbols", hello, CLI.fixture("x86_64", "libvers.so.1")],
      ["inspect", "--strict", "--jobs", "1", folder, "/etc/hostname"],
      ["inspect", "--format", "sarif", hello, "/etc/hostname"],
      ["inspect", "--format", "github", "/nonexistent"],
      ["scan", folder, "--format", "json", "--jobs", "2"],
      ["scan", folder],
      // Not for the fast path: these must still behave (ArgumentParser's errors and help).
      ["inspect", "--format", "yaml", hello],
      ["inspect", "--jobs", "0", hello],
      ["inspect"],
      ["inspect", "--help"],
      ["scan", "--symbols", folder],
      ["inspect", "--", hello],
    ]
    for arguments in cases {
      let fast = try CLI.run(arguments)
      let slow = try CLI.run(arguments, environment: ["ABIDOCTOR_NO_FAST_PATH": "1"])
      #expect(fast.status == slow.status, "\(arguments)")
      #expect(fast.stdout == slow.stdout, "\(arguments)")
      #expect(fast.stderr == slow.stderr, "\(arguments)")
    }
    // --output writes the same file either way.
    let a = scratch.path("a.json"), b = scratch.path("b.json")
    _ = try CLI.run(["inspect", hello, "--format", "json", "--output", a])
    _ = try CLI.run(["inspect", hello, "--format", "json", "--output", b], environment: ["ABIDOCTOR_NO_FAST_PATH": "1"])
    #expect(try Data(contentsOf: URL(fileURLWithPath: a)) == Data(contentsOf: URL(fileURLWithPath: b)))
  }
}
