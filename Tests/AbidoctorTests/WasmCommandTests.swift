import Foundation
import TestSupport
import Testing

/// WebAssembly at the command line: `inspect` shows a module, `check --host` and a policy gate fail
/// with exit 1 and write valid SARIF.
@Suite("abidoctor and WebAssembly files")
struct WasmCommandTests {
  static let repository = Fixtures.root.deletingLastPathComponent()

  func plugin(_ scratch: Scratch, flags: [String] = []) throws -> String {
    let source = try scratch.write("plugin.c", Array("""
      __attribute__((import_module("env"), import_name("now"))) long long now(void);
      __attribute__((export_name("run"))) int run(int x) { return (int)now() + x; }
      """.utf8))
    let made = try runProgram("/usr/bin/clang-14", ["--target=wasm32-wasi", "-O2", "-mexec-model=reactor"] + flags + [source, "-o", scratch.path("plugin.wasm")])
    try #require(made.status == 0, "\(made.output)")
    return scratch.path("plugin.wasm")
  }

  @Test func inspectGivesTheWasmObjectAndNullElfFields() throws {
    let scratch = try Scratch()
    let path = try plugin(scratch)
    let result = try CLI.run(["inspect", "--format", "json", path])
    #expect(result.status == 0, "\(result.stderr)")
    let file = try #require((try CLI.json(result.stdout)["files"] as? [[String: Any]])?.first)
    #expect(file["machine"] is NSNull && file["class"] is NSNull && file["needed"] is NSNull)
    let wasm = try #require(file["wasm"] as? [String: Any])
    #expect(wasm["kind"] as? String == "module" && wasm["execModel"] as? String == "reactor")
    let imports = try #require(wasm["imports"] as? [[String: Any]])
    #expect(imports.map { "\($0["module"] ?? "").\($0["name"] ?? "")" } == ["env.now"] && imports.first?["type"] as? String == "(result i64)")
    let text = try CLI.run(["inspect", path]).stdout
    #expect(text.contains("WebAssembly core module (version 1)") && text.contains("imports      1: env.now"), "\(text)")
  }

  @Test func aPolicyGateFailsWithExitOneAndValidSarifAndPassesOnceTheFixIsApplied() throws {
    let scratch = try Scratch()
    let gate = try scratch.write("gate.yml", Array("wasm:\n  maxMemoryPages: 1024\n  requireMemoryMaximum: true\n  allowImports: [env.now]\n".utf8))
    let path = try plugin(scratch)
    let failing = try CLI.run(["check", "--policy", gate, "--format", "sarif", "--output", scratch.path("gate.sarif"), path])
    #expect(failing.status == 1, "\(failing.stderr)")
    let sarif = try CLI.json(String(decoding: try Data(contentsOf: URL(fileURLWithPath: scratch.path("gate.sarif"))), as: UTF8.self))
    let results = ((sarif["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]]) ?? []
    #expect(results.compactMap { $0["ruleId"] as? String } == ["wasm-memory-unbounded"])
    let validator = Self.repository.appendingPathComponent("Tests/Scripts/validate_sarif.py").path
    let (valid, report) = try run("/usr/bin/env", ["python3", validator, scratch.path("gate.sarif")])
    #expect(valid == 0 && report.contains("0 problems"), "\(report)")
    // The fix the finding gives, applied to the build.
    let text = try CLI.run(["check", "--policy", gate, path]).stdout
    let flag = try #require(text.split(separator: " ").first { $0.hasPrefix("-Wl,--max-memory=") }.map(String.init), "\(text)")
    let fixed = try plugin(scratch, flags: [flag])
    #expect(try CLI.run(["check", "--policy", gate, fixed]).status == 0)
    // Against the runtime: the host import is missing, named with wasmtime's own name for it.
    let runtime = try CLI.run(["check", "--host", "wasmtime", "--format", "json", fixed])
    #expect(runtime.status == 1)
    let codes = ((try CLI.json(runtime.stdout)["findings"] as? [[String: Any]]) ?? []).compactMap { $0["code"] as? String }
    #expect(codes == ["wasm-import-unresolved"])
  }

  @Test func profilesListTheRuntimesAndShowOneWithItsSources() throws {
    let list = try CLI.run(["profiles", "--filter", "wasm"])
    #expect(list.status == 0)
    let names = list.stdout.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) }
    #expect(Array(names.prefix(6)) == ["wasmtime", "node", "wazero", "wasmedge", "envoy", "extism"], "\(list.stdout)")
    #expect(list.stdout.hasSuffix("6 WebAssembly runtimes (check PLUGIN.wasm --host NAME)\n"))
    let edge = try CLI.run(["profiles", "wasmedge"]).stdout
    #expect(edge.contains("threads: wasmedge --enable-threads") && edge.contains("github.com/WasmEdge/docs"), "\(edge)")
    let envoy = try CLI.json(try CLI.run(["profiles", "envoy", "--format", "json"]).stdout)
    #expect(envoy["proxyWasmAbi"] as? [String] == ["proxy_abi_version_0_1_0", "proxy_abi_version_0_2_0", "proxy_abi_version_0_2_1"])
    #expect((envoy["sources"] as? [String])?.first?.contains("proxy-wasm-cpp-host") == true)
    let extism = try CLI.json(try CLI.run(["profiles", "extism", "--format", "json"]).stdout)
    let kernel = ((extism["imports"] as? [String: Any])?["extism:host/env"] as? [[String: Any]]) ?? []
    #expect(kernel.contains { $0["name"] as? String == "input_length" && $0["type"] as? String == "(result i64)" })
    #expect(extism["callType"] as? String == "(result i32)")
  }

  @Test func aComponentIsCheckedAgainstAWitWorldAtTheCommandLine() throws {
    let scratch = try Scratch()
    let wit = try scratch.write("host.wit", Array("""
      package example:host@1.0.0;
      interface log { log: func(msg: string); }
      world plugin { import log; export run: func() -> u32; }
      world strict { export run: func() -> u32; }
      """.utf8))
    let tools = Self.repository.appendingPathComponent(".venv/bin/wasm-tools").path
    let core = scratch.path("core.wasm"), component = scratch.path("plugin.wasm")
    try #require(try run(tools, ["component", "embed", "--dummy", wit, "--world", "plugin", "-o", core]).status == 0)
    try #require(try run(tools, ["component", "new", core, "-o", component]).status == 0)
    #expect(try CLI.run(["check", component, "--host-world", wit, "--world", "plugin"]).status == 0)
    let refused = try CLI.run(["check", component, "--host-world", wit, "--world", "strict", "--format", "sarif"])
    #expect(refused.status == 1)
    let sarif = try CLI.json(refused.stdout)
    let results = ((sarif["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]]) ?? []
    #expect(results.compactMap { $0["ruleId"] as? String } == ["wasm-import-unresolved"])
    #expect(try CLI.run(["check", component, "--host-world", wit]).status == 2)
    #expect(try CLI.run(["check", component, "--host-world", wit, "--world", "nope"]).status == 2)
    #expect(try CLI.run(["check", component, "--host-world", scratch.path("none.wit"), "--world", "plugin"]).status == 2)
  }
}
