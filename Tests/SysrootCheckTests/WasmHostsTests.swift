import AbiScan
import Foundation
import SysrootCheck
import TestSupport
import Testing

/// The hosts beyond wasmtime: WIT worlds held to `wasm-tools component targets`; Envoy's proxy-wasm
/// host and Extism as their sources say they decide (neither can run here: their rules come from
/// proxy-wasm-cpp-host's and Extism's own code, see Profiles/generate_wasm_runtimes.py); the profiles
/// of wazero and WasmEdge; and WebAssembly members of an archive checked against wasmtime and held to
/// its verdict on the same files.
@Suite("WebAssembly hosts: WIT worlds, proxy-wasm, Extism, runtimes, archives")
struct WasmHostsTests {
  let scratch: Scratch
  init() throws { scratch = try Scratch() }

  func tool(_ name: String) -> String { WasmTests.repository.appendingPathComponent(".venv/bin/\(name)").path }

  func wasmTools(_ arguments: [String]) throws -> (status: Int32, output: String) {
    try runProgram(tool("wasm-tools"), arguments)
  }

  /// A module from C, built by clang-14 for `target`.
  func c(_ name: String, _ text: String, _ flags: [String]) throws -> String {
    let source = try scratch.write(name + ".c", Array(text.utf8))
    let made = try runProgram("/usr/bin/clang-14", ["-O1"] + flags + [source, "-o", scratch.path(name + ".wasm")])
    try #require(made.status == 0, "\(made.output)")
    return scratch.path(name + ".wasm")
  }

  func codes(_ report: Report) -> [FindingCode] { report.findings.filter { $0.severity == .error }.map(\.code) }

  // MARK: WIT worlds

  static let worlds = """
    package example:host@1.0.0;

    interface log {
      log: func(msg: string);
    }

    world plugin {
      import log;
      export run: func() -> u32;
    }

    world bigger {
      include plugin;
      import now: func() -> u64;
    }

    world needs-more {
      import log;
      export run: func() -> u32;
      export stop: func();
    }

    world no-log {
      export run: func() -> u32;
    }
    """

  static let newerWorld = """
    package example:host@1.1.0;

    interface log {
      log: func(msg: string);
    }

    world plugin {
      import log;
      export run: func() -> u32;
    }
    """

  @Test func aComponentTargetsAWorldExactlyWhenWasmToolsSaysItDoes() throws {
    let wit = try scratch.write("plugin.wit", Array(Self.worlds.utf8))
    let newer = try scratch.write("newer.wit", Array(Self.newerWorld.utf8))
    // A real component for world `plugin`: wasm-tools makes its core module and wraps it.
    let core = scratch.path("core.wasm"), component = scratch.path("plugin.wasm")
    try #require(try wasmTools(["component", "embed", "--dummy", wit, "--world", "plugin", "-o", core]).status == 0)
    try #require(try wasmTools(["component", "new", core, "-o", component]).status == 0)
    let cases: [(file: String, world: String, code: FindingCode?)] = [
      (wit, "plugin", nil), (wit, "bigger", nil), (wit, "needs-more", .wasmExportMissing),
      (wit, "no-log", .wasmImportUnresolved), (newer, "plugin", .wasiVersionMismatch),
    ]
    for (file, world, code) in cases {
      let targets = try wasmTools(["component", "targets", file, "--world", world, component])
      let report = try WasmSession(host: nil, world: (file, world)).check(paths: [component], strict: false)
      #expect(codes(report).isEmpty == (targets.status == 0), "\(world): wasm-tools says \(targets.output); abidoctor: \(report.findings.map(\.message))")
      if let code { #expect(codes(report) == [code], "\(world): \(report.findings.map(\.message))") }
    }
    // What wasm-tools names, abidoctor names.
    let missing = try WasmSession(host: nil, world: (wit, "needs-more")).check(paths: [component], strict: false)
    #expect(try wasmTools(["component", "targets", wit, "--world", "needs-more", component]).output.contains("missing export named `stop`"))
    #expect(missing.findings.first?.message.contains("exports none of stop (function)") == true)
    let unknown = #expect(throws: WasmSession.Failure.self) { try WasmSession(host: nil, world: (wit, "nope")) }
    #expect(unknown?.description.contains("has no world nope (it has bigger, needs-more, no-log, plugin)") == true)
  }

  @Test func aBrokenOrHostileWitFileIsAnErrorNamingTheFileNotACrash() throws {
    let deep = "package a:b;\ninterface i { f: func(x: " + String(repeating: "list<", count: 100_000) + "u8" + String(repeating: ">", count: 100_000) + "); }\nworld w { import i; }\n"
    let cases = [
      ("deep.wit", deep, "types nested more than 200 deep"),
      ("syntax.wit", "package a:b;\nworld w {\n  import foo: func(;\n}\n", "syntax.wit"),
      ("include.wit", "package a:b;\nworld w { include wasi:cli/imports@0.2.0; }\n", "includes wasi:cli/imports@0.2.0, which is not in"),
      // Found by Fuzz/run.sh wit: upstream force-unwrapped Int(text) for version numbers.
      ("version.wit", "package example:host@14444444444444444444444.0.0;\nworld w {}\n", "version number 14444444444444444444444 is too large"),
    ]
    for (name, text, says) in cases {
      let file = try scratch.write(name, Array(text.utf8))
      let failure = #expect(throws: WasmSession.Failure.self) { try WasmSession(host: nil, world: (file, "w")) }
      #expect(failure?.description.contains(says) == true, "\(name): \(failure?.description ?? "")")
    }
  }

  @Test func aCoreModuleForAWorldIsRefusedAndTheFixMakesAComponentThatTargetsIt() throws {
    let wit = try scratch.write("plugin.wit", Array(Self.worlds.utf8))
    let module = try c("run", #"__attribute__((export_name("run"))) unsigned run(void) { return 1; }"#, ["--target=wasm32-unknown-unknown", "-nostdlib", "-Wl,--no-entry"])
    #expect(try wasmTools(["component", "targets", wit, "--world", "plugin", module]).status != 0)
    let report = try WasmSession(host: nil, world: (wit, "plugin")).check(paths: [module], strict: false)
    #expect(codes(report) == [.wasiVersionMismatch])
    // The fix, followed word for word: its commands, run in order, make a component the world takes.
    let fix = try #require(report.findings.first?.fixes.first?.text)
    let commands = fix.replacing("make it a component: ", with: "").components(separatedBy: ", then ")
    #expect(commands.count == 2, "\(fix)")
    for command in commands {
      var words = command.split(separator: " ").map(String.init)
      try #require(words.first == "wasm-tools")
      words.removeFirst()
      let ran = try runProgram("/bin/sh", ["-c", "cd '\(scratch.path(""))' && '\(tool("wasm-tools"))' \(words.joined(separator: " "))"])
      try #require(ran.status == 0, "\(command): \(ran.output)")
    }
    let made = scratch.path("plugin.component.wasm")
    #expect(try wasmTools(["component", "targets", wit, "--world", "plugin", made]).status == 0)
    #expect(try WasmSession(host: nil, world: (wit, "plugin")).check(paths: [made], strict: false).findings.isEmpty)
  }

  // MARK: proxy-wasm

  static let filter = """
    #include <stdlib.h>
    #define STR2(x) #x
    #define STR(x) STR2(x)
    __attribute__((import_module("env"), import_name("proxy_log"))) int proxy_log(int level, const char *msg, int len);
    #ifdef LOG_LEVEL
    __attribute__((import_module("env"), import_name("proxy_get_log_level"))) int proxy_get_log_level(int *level);
    #endif
    __attribute__((export_name(STR(ABI)))) void abi(void) {}
    #ifndef NO_MALLOC
    __attribute__((export_name("malloc"))) void *exported_malloc(size_t n) { return malloc(n); }
    #endif
    __attribute__((export_name("proxy_on_context_create"))) void on_create(int root, int parent) {
      proxy_log(2, "hi", 2);
    #ifdef LOG_LEVEL
      int level; proxy_get_log_level(&level);
    #endif
    }
    """

  /// Envoy's host (proxy-wasm-cpp-host) reads the ABI from the first `proxy_abi_version_*` export it
  /// knows, registers some host functions for some ABI versions only, and needs `malloc` or
  /// `proxy_on_memory_allocate`; each rule below is one of those lines of its source.
  @Test(arguments: [
    ("ok", ["-DABI=proxy_abi_version_0_2_1"], [FindingCode]()),
    ("newer-abi", ["-DABI=proxy_abi_version_0_3_0"], [.proxyWasmAbiMismatch]),
    ("no-abi", ["-DABI=on_start"], [.proxyWasmAbiMismatch]),
    ("log-level-0.1", ["-DABI=proxy_abi_version_0_1_0", "-DLOG_LEVEL"], [.wasmImportUnresolved]),
    ("log-level-0.2.1", ["-DABI=proxy_abi_version_0_2_1", "-DLOG_LEVEL"], []),
    ("no-malloc", ["-DABI=proxy_abi_version_0_2_0", "-DNO_MALLOC"], [.wasmExportMissing]),
  ])
  func aProxyWasmFilterIsCheckedAsEnvoysHostDecides(name: String, flags: [String], expected: [FindingCode]) throws {
    let filter = try c(name, Self.filter, ["--target=wasm32-wasi", "-mexec-model=reactor"] + flags)
    let report = try WasmSession(host: "envoy").check(paths: [filter], strict: false)
    #expect(codes(report) == expected, "\(report.findings.map(\.message))")
    #expect(report.files.first?.wasm?.abis.contains(.proxyWasm) == true)
    // On a bare WASI runtime the filter's host calls are missing, and the fix names the host it is for.
    if expected.isEmpty {
      let elsewhere = try WasmSession(host: "wasmtime").check(paths: [filter], strict: false)
      #expect(elsewhere.findings.contains { $0.code == .wasmImportUnresolved && $0.fixes.contains { $0.text.contains("--host envoy") } })
    }
  }

  // MARK: Extism

  static let extism = """
    #include <stdint.h>
    #define IMPORT(n) __attribute__((import_module("extism:host/env"), import_name(n)))
    IMPORT("input_length") uint64_t input_length(void);
    IMPORT("output_set") void output_set(uint64_t p, uint64_t n);
    IMPORT("alloc") uint64_t alloc(uint64_t n);
    #ifdef MISSPELT
    IMPORT("input_lenght") uint64_t input_lenght(void);
    #endif
    #ifdef WITH_PARAMETER
    __attribute__((export_name("greet"))) int32_t greet(int32_t x) { return (int32_t)input_length() + x; }
    #else
    __attribute__((export_name("greet"))) int32_t greet(void) {
      uint64_t n = input_length();
    #ifdef MISSPELT
      n += input_lenght();
    #endif
      output_set(alloc(n), n);
      return 0;
    }
    #endif
    """

  @Test func anExtismPluginNeedsTheKernelsFunctionsAndAFunctionOfTheTypeExtismCalls() throws {
    let flags = ["--target=wasm32-unknown-unknown", "-nostdlib", "-Wl,--no-entry"]
    let ok = try c("greet", Self.extism, flags)
    let session = try WasmSession(host: "extism", call: "greet")
    #expect(session.check(paths: [ok], strict: false).findings.isEmpty)
    let misspelt = session.check(paths: [try c("misspelt", Self.extism, flags + ["-DMISSPELT"])], strict: false)
    #expect(codes(misspelt) == [.wasmImportUnresolved])
    #expect(misspelt.findings.first?.message.contains("(it has extism:host/env.input_length)") == true, "\(misspelt.findings.map(\.message))")
    let typed = session.check(paths: [try c("typed", Self.extism, flags + ["-DWITH_PARAMETER"])], strict: false)
    #expect(codes(typed) == [.wasmExportMissing])
    #expect(typed.findings.first?.message.contains("exports greet as (func (param i32) (result i32)), but extism 1.13.0 calls exported functions as (func (result i32))") == true)
    let other = try WasmSession(host: "extism", call: "hello").check(paths: [ok], strict: false)
    #expect(codes(other) == [.wasmExportMissing] && other.findings.first?.message.contains("exports no function hello") == true)
  }

  // MARK: runtimes and archives

  @Test func threadsNeedEachRuntimesOwnSwitch() throws {
    let threads = try c("atomic", "#include <stdatomic.h>\natomic_int n;\n__attribute__((export_name(\"bump\"))) int bump(void) { return atomic_fetch_add(&n, 1); }\n",
      ["--target=wasm32-unknown-unknown", "-nostdlib", "-matomics", "-mbulk-memory", "-Wl,--no-entry,--shared-memory,--max-memory=1048576"])
    let enable: [String: String] = [
      "wasmtime": "wasm_threads = True", "wazero": "experimental.CoreFeaturesThreads", "wasmedge": "wasmedge --enable-threads",
    ]
    for (runtime, switchText) in enable {
      let report = try WasmSession(host: runtime).check(paths: [threads], strict: false)
      let feature = report.findings.filter { $0.code == .wasmFeatureUnsupported }
      #expect(feature.count == 1 && feature[0].fixes.first?.text.contains(switchText) == true, "\(runtime): \(report.findings.map(\.message))")
    }
    // wasmtime's own verdict: refused with the default configuration.
    let verdict = try runProgram(tool("python3"), [WasmTests.repository.appendingPathComponent("Tests/Scripts/wasm_verdict.py").path, threads, "--wasi"])
    #expect(verdict.output.trimmingCharacters(in: .whitespacesAndNewlines) != "ok", "\(verdict.output)")
  }

  @Test func webAssemblyMembersOfAnArchiveAreCheckedAsWasmtimeDecidesForTheSameFiles() throws {
    let folder = scratch.path("bundle/plugins")
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let hello = try c("bundle/plugins/hello", "#include <stdio.h>\nint main(void) { puts(\"hi\"); return 0; }\n", ["--target=wasm32-wasi"])
    let needy = try c("bundle/plugins/needy", "__attribute__((import_module(\"env\"), import_name(\"now\"))) long long now(void);\nint main(void) { return (int)now(); }\n", ["--target=wasm32-wasi"])
    let script = WasmTests.repository.appendingPathComponent("Tests/Scripts/wasm_verdict.py").path
    var expected: [String: Bool] = [:]
    for module in [hello, needy] {
      let verdict = try runProgram(tool("python3"), [script, module, "--wasi"]).output.trimmingCharacters(in: .whitespacesAndNewlines)
      expected["plugins/" + URL(fileURLWithPath: module).lastPathComponent] = verdict == "ok"
    }
    #expect(expected == ["plugins/hello.wasm": true, "plugins/needy.wasm": false])
    // A program beside the plugins: no plugin of a WebAssembly host, so not in its report.
    try FileManager.default.copyItem(atPath: "/bin/true", toPath: scratch.path("bundle/plugins/true"))
    let archive = scratch.path("bundle.tar.gz")
    try #require(try runProgram("/bin/tar", ["czf", archive, "-C", scratch.path("bundle"), "plugins"]).status == 0)
    // Named explicitly, a program is said to be no module for the host.
    let named = try WasmSession(host: "wasmtime").check(paths: ["/bin/true"], strict: false)
    #expect(codes(named) == [.notWasm] && named.findings.first?.message.contains("is an ELF file, not a WebAssembly module") == true)
    let report = try WasmSession(host: "wasmtime").check(paths: [archive], strict: false)
    #expect(report.files.count == 2 && report.files.allSatisfy { $0.wasm != nil }, "\(report.files.map(\.path))")
    for file in report.files {
      let failing = report.findings.contains { $0.path == file.path && $0.severity == .error }
      #expect(expected[String(file.path.drop { $0 == "/" })] == !failing, "\(file.path): \(report.findings.map(\.message))")
    }
  }
}
