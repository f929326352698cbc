import Foundation
import TestSupport
import Testing
@testable import abidoctor

/// The fast path for plain `inspect` and `scan` must be indistinguishable from ArgumentParser's parse.
@Suite("fast path")
struct FastPathTests {
  @Test func fastPathAndArgumentParserGiveTheSameOutputAndStatus() throws {
    let scratch = try Scratch()
    let hello = CLI.fixture("x86_64", "hello")
    let folder = Fixtures.path("armhf", "")
    let wat = try scratch.write("plugin.wat", Array(#"(module (import "env" "now" (func (result i64))) (func (export "greet") (result i32) i32.const 0))"#.utf8))
    let wasm = scratch.path("plugin.wasm")
    let tools = Fixtures.root.deletingLastPathComponent().appendingPathComponent(".venv/bin/wasm-tools").path
    try #require(try run(tools, ["parse", wat, "-o", wasm]).status == 0)
    let wit = try scratch.write("host.wit", Array("package a:b@1.0.0;\nworld plugin { export greet: func() -> s32; }\n".utf8))
    let cases: [[String]] = [
      ["check", wasm, "--host", "wasmtime", "--format", "json"],
      ["check", "--host=extism", "--call", "greet", wasm],
      ["check", wasm, "--host-world", wit, "--world", "plugin", "--format", "sarif"],
      ["check", wasm, "--host-world", wit],
      ["check", wasm, "--host-world", wit, "--world", "plugin", "--host", "wasmtime"],
      ["inspect", hello],
      ["inspect", hello, "--format", "json"],
      ["inspect", "--format=json", "--symbols", hello, CLI.fixture("x86_64", "libvers.so.1")],
      ["inspect", "--strict", "--jobs", "1", folder, "/etc/hostname"],
      ["inspect", "--format", "sarif", hello, "/etc/hostname"],
      ["inspect", "--format", "github", "/nonexistent"],
      ["scan", folder, "--format", "json", "--jobs", "2"],
      ["scan", folder],
      ["deps", "--sysroot", "/", hello, "--format", "json"],
      ["deps", hello, "--sysroot=/usr/aarch64-linux-gnu", "--library-path", "/lib", "--library-path=/usr/lib"],
      ["deps", "--sysroot", "/", "--hwcaps", "x86-64-v3", CLI.fixture("x86_64", "useplain")],
      ["check", "--target", "ubuntu-20.04-x86_64", hello],
      ["check", "--target", "ubuntu-20.04-x86_64", "--target=debian-12-x86_64", "--format", "sarif", hello],
      ["check", "--target", "auto", hello, "--format", "json"],
      ["check", "--target", "ubuntu-20.04", "--target", "rhel-8-x86_64", "--verbose", hello],
      ["check", "--sysroot", "/usr/aarch64-linux-gnu", hello, CLI.fixture("aarch64", "hello")],
      ["check", "--host", CLI.fixture("x86_64", "plugin-host"), CLI.fixture("x86_64", "libplugin.so")],
      ["check", "--ignore-non-elf", "--target", "debian-12-x86_64", "/etc/hostname", hello, "--strict"],
      ["check", "--policy", Fixtures.root.appendingPathComponent("policies/suppress-hello.yml").path, hello],
      ["check", "--target", "no-such-profile", hello],
      ["check", "--policy", "/nonexistent.yml", "--target", "debian-12-x86_64", hello],
      // Not for the fast path: these must still behave (ArgumentParser's errors and help).
      ["inspect", "--format", "yaml", hello],
      ["inspect", "--jobs", "0", hello],
      ["inspect"],
      ["inspect", "--help"],
      ["scan", "--symbols", folder],
      ["inspect", "--", hello],
      ["check", hello],
      ["check", "--target", "auto", "--target", "debian-12-x86_64", hello],
      ["check", "--target", "debian-12-x86_64", "--sysroot", "/", hello],
      ["check", "--sysroot", "/", "--sysroot", "/usr", hello],
      ["deps", "--sysroot"],
      ["deps", "--jobs", "01", hello],
      ["check", "--strict", "--strict", "--target", "debian-12-x86_64", hello],
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

/// The equivalence test above would also pass if the fast path never took anything: this holds its
/// parser to the commands it must take, so a fast path that silently fell back would fail here.
@Suite("fast path parsing")
struct FastPathParsingTests {
  @Test func commonInvocationsAreTakenAndEverythingElseIsLeftToArgumentParser() {
    #expect(FastPath.parse(["inspect", "a", "--format=json"]) == .inspect(paths: ["a"], symbols: false, report: ReportSettings(format: .json)))
    #expect(FastPath.parse(["scan", "--jobs", "2", "d"]) == .scan(paths: ["d"], report: ReportSettings(jobs: 2)))
    #expect(
      FastPath.parse(["deps", "p", "--sysroot", "/r", "--library-path", "/a", "--library-path=/b"])
        == .deps(paths: ["p"], target: SysrootSettings(sysroot: "/r", libraryPath: ["/a", "/b"]), report: ReportSettings()))
    #expect(
      FastPath.parse(["check", "--target", "x", "--target", "y", "--strict", "f", "--ignore-non-elf"])
        == .check(CheckRequest(paths: ["f"], targets: ["x", "y"], ignoreNonElf: true, report: ReportSettings(strict: true))))
    for rejected in [
      ["inspect"], ["inspect", "-h", "a"], ["inspect", "--help"], ["inspect", "--format", "yaml", "a"],
      ["inspect", "--jobs", "0", "a"], ["scan", "--symbols", "d"], ["check", "--target", "x", "--sysroot", "/", "f"],
      ["check", "--target", "auto", "--target", "x", "f"], ["deps", "--sysroot", "/", "--sysroot", "/r", "p"],
      ["profiles"], ["inspect", "--", "a"], ["check", "--strict", "--strict", "f"],
    ] {
      #expect(FastPath.parse(rejected) == nil, "\(rejected)")
    }
  }
}
