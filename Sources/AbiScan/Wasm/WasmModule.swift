/// What a WebAssembly file is and what it needs from the host that loads it: the values abidoctor
/// checks against a runtime, a host module or a policy. Read by `WasmReader` (WasmKit's parser).
public struct WasmModule: Sendable, Hashable {
  /// A core module (binary version 1) or a component (version 0xd, layer 1).
  public enum Kind: String, Sendable, Hashable {
    case module, component
  }

  /// One import: the host must provide `module`.`name` of this kind (for a component, `name` is the
  /// interface, e.g. `wasi:cli/environment@0.2.0`, and `module` is empty).
  public struct Import: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
      case function, table, memory, global, tag, instance, component, type, value
    }
    public var module: String
    public var name: String
    public var kind: Kind
    /// A function's signature as wasm-tools prints it, e.g. `(param i32 i32) (result i32)`.
    public var signature: String?

    public init(module: String, name: String, kind: Kind, signature: String? = nil) {
      self.module = module
      self.name = name
      self.kind = kind
      self.signature = signature
    }
    /// `module.name` for a core import, the interface name for a component's.
    public var qualifiedName: String { module.isEmpty ? name : module + "." + name }
  }

  public struct Export: Sendable, Hashable {
    public var name: String
    public var kind: Import.Kind
    public var signature: String?
  }

  /// A linear memory, in 64 KiB pages.
  public struct Memory: Sendable, Hashable {
    public var minimum: UInt64
    public var maximum: UInt64?
    public var shared: Bool
    public var is64: Bool
    /// Imported from the host rather than defined by the module.
    public var imported: Bool
  }

  public var kind: Kind
  /// The binary format version (1 for core modules, 0xd for components).
  public var version: UInt32
  public var imports: [Import] = []
  public var exports: [Export] = []
  public var memories: [Memory] = []
  public var tables = 0
  public var globals = 0
  /// Functions the module defines (not imports).
  public var functions = 0
  public var startFunction: UInt32?
  /// Custom section names, in file order.
  public var customSections: [String] = []
  /// The `producers` section: field (`language`, `processed-by`, `sdk`) to `name version` values.
  public var producers: [String: [String]] = [:]
  /// The `target_features` section: `+simd128`, `-atomics`...
  public var targetFeatures: [String] = []
  /// Proposals the module uses, decided from its types and sections, and from its instructions when
  /// `codeRead` (a 68 MB module's bodies take seconds to walk, so only a question that needs them does).
  public var features: Set<WasmFeature> = []
  /// Whether function bodies were walked for `features`.
  public var codeRead = false
  /// For a component: the core modules it embeds, read the same way.
  public var coreModules: [WasmModule] = []
  /// File size in bytes.
  public var size: Int

  public init(kind: Kind, version: UInt32, size: Int) {
    self.kind = kind
    self.version = version
    self.size = size
  }

  /// The host ABIs the module is written for, from its imports and exports.
  public var abis: [WasmABI] { WasmABI.classify(self) }

  /// `command` (exports `_start`), `reactor` (exports `_initialize`, or neither but is a WASI module),
  /// or nil when it is neither.
  public var execModel: String? {
    if exports.contains(where: { $0.name == "_start" && $0.kind == .function }) { return "command" }
    if exports.contains(where: { $0.name == "_initialize" && $0.kind == .function }) { return "reactor" }
    return nil
  }
}

/// A post-MVP WebAssembly proposal, named as wasmtime's and wasm-tools' `--features` name it.
public enum WasmFeature: String, Sendable, Hashable, CaseIterable, Comparable {
  case threads
  case simd
  case relaxedSimd = "relaxed-simd"
  case bulkMemory = "bulk-memory"
  case referenceTypes = "reference-types"
  case multiValue = "multi-value"
  case multiMemory = "multi-memory"
  case memory64
  case tailCall = "tail-call"
  case exceptions
  case gc
  case extendedConst = "extended-const"
  case signExtension = "sign-extension"
  case saturatingFloatToInt = "saturating-float-to-int"
  case mutableGlobal = "mutable-global"
  case functionReferences = "function-references"

  public static func < (a: WasmFeature, b: WasmFeature) -> Bool { a.rawValue < b.rawValue }

  /// Whether a module's sections alone show the use (shared memories, 64-bit memories, tags, types,
  /// global initializers), so that no function body needs walking to decide it. A runtime that
  /// refuses threads refuses shared memories: atomic instructions on unshared memory validate.
  public var isStructural: Bool {
    switch self {
    case .threads, .memory64, .multiMemory, .gc, .exceptions, .multiValue, .mutableGlobal, .extendedConst: return true
    default: return false
    }
  }
}

/// The host interface family a module is built for.
public enum WasmABI: String, Sendable, Hashable {
  case wasiPreview1 = "wasi-preview1"
  case wasiPreview0 = "wasi-preview0"
  case wasiP2 = "wasi-0.2"
  case wasix
  case emscripten
  case wasmBindgen = "wasm-bindgen"
  case goJS = "go-js"
  case proxyWasm = "proxy-wasm"
  case extism
  case none

  static func classify(_ module: WasmModule) -> [WasmABI] {
    var out: [WasmABI] = []
    let modules = Set(module.imports.map(\.module))
    let names = module.imports.map(\.name)
    if modules.contains("wasi_snapshot_preview1") { out.append(.wasiPreview1) }
    if modules.contains("wasi_unstable") { out.append(.wasiPreview0) }
    if modules.contains(where: { $0.hasPrefix("wasix_") }) { out.append(.wasix) }
    if module.kind == .component, names.contains(where: { $0.hasPrefix("wasi:") }) { out.append(.wasiP2) }
    if module.imports.contains(where: { $0.module == "env" && ($0.name.hasPrefix("emscripten_") || $0.name.hasPrefix("__syscall_")) }) { out.append(.emscripten) }
    if modules.contains("__wbindgen_placeholder__") || modules.contains(where: { $0.hasPrefix("wbg") }) { out.append(.wasmBindgen) }
    if modules.contains("gojs") || modules.contains("go") { out.append(.goJS) }
    if module.exports.contains(where: { $0.name.hasPrefix("proxy_abi_version_") }) || names.contains(where: { $0.hasPrefix("proxy_") }) { out.append(.proxyWasm) }
    if modules.contains(where: { $0.hasPrefix("extism:host/") }) { out.append(.extism) }
    return out.isEmpty ? [.none] : out
  }
}
