import AbiScan

/// The `wasm:` section of `abidoctor.yml`: what a plugin platform lets an uploaded module do. Every
/// rule given is checked on every WebAssembly file; a rule not given checks nothing.
///
/// ```yaml
/// wasm:
///   allowImports: [env.now, env.console_log, wasi_snapshot_preview1.fd_write]   # names or globs
///   denyCapabilities: [sockets, filesystem]   # also clocks, random, environment, process
///   maxMemoryPages: 1024                      # 64 MiB
///   requireMemoryMaximum: true
///   forbidFeatures: [threads]
///   requireExports: [run]
/// ```
public struct WasmPolicy: Sendable, Hashable {
  /// A group of host functions, by what they give a module access to.
  public enum Capability: String, Sendable, Hashable, CaseIterable {
    case sockets, filesystem, clocks, random, environment, process

    /// Whether an import reaches this capability: a WASI preview 1 function or a WASI 0.2 interface.
    func covers(_ item: WasmModule.Import) -> Bool {
      if item.module.isEmpty {  // a component's interface: wasi:sockets/tcp@0.2.0
        switch self {
        case .sockets: return item.name.hasPrefix("wasi:sockets/")
        case .filesystem: return item.name.hasPrefix("wasi:filesystem/")
        case .clocks: return item.name.hasPrefix("wasi:clocks/")
        case .random: return item.name.hasPrefix("wasi:random/")
        case .environment: return item.name.hasPrefix("wasi:cli/environment")
        case .process: return item.name.hasPrefix("wasi:cli/exit")
        }
      }
      guard item.module == "wasi_snapshot_preview1" || item.module == "wasi_unstable" else { return false }
      let name = item.name
      switch self {
      case .sockets: return name.hasPrefix("sock_")
      case .filesystem: return name.hasPrefix("path_") || name.hasPrefix("fd_prestat_") || name == "fd_readdir" || name.hasPrefix("fd_filestat_")
      case .clocks: return name.hasPrefix("clock_")
      case .random: return name == "random_get"
      case .environment: return name.hasPrefix("environ_") || name.hasPrefix("args_")
      case .process: return name == "proc_exit" || name == "proc_raise" || name == "sched_yield"
      }
    }
  }

  public var allowImports: [String]?
  public var denyCapabilities: [Capability] = []
  public var maxMemoryPages: UInt64?
  public var requireMemoryMaximum = false
  public var forbidFeatures: [WasmFeature] = []
  public var requireExports: [String] = []
  /// The line of the `wasm:` key, for messages.
  public var line: Int

  public init(line: Int) { self.line = line }

  /// The policy's findings on one module.
  /// `path` names the file in messages; `reportPath` (FILE.path) is the finding's path, when it differs.
  func findings(_ module: WasmModule, path: String, reportPath: String? = nil, policy: String) -> [Finding] {
    var out: [Finding] = []
    func add(_ code: FindingCode, _ message: String, _ evidence: [(key: String, value: JSONValue)], _ fix: String) {
      out.append(Finding(code: code, path: reportPath ?? path, message: message, evidence: evidence + [("policy", .string("\(policy):\(line)"))], fixes: [Fix(kind: .rebuild, text: fix)]))
    }
    for item in module.imports {
      let name = item.qualifiedName
      if let allowed = allowImports, !allowed.contains(where: { Policy.Suppression.glob($0, matches: name, pathAware: false) }) {
        add(.wasmImportDenied, "\(path) imports \(name), which the policy does not allow (allowImports in \(policy))",
            [("import", .string(name)), ("allowed", .strings(allowed))], "build the plugin without \(name), or add it to allowImports if the platform provides it")
        continue
      }
      if let capability = denyCapabilities.first(where: { $0.covers(item) }) {
        add(.wasmImportDenied, "\(path) imports \(name), which gives it \(capability.rawValue), and the policy denies \(capability.rawValue)",
            [("import", .string(name)), ("capability", .string(capability.rawValue))], "build the plugin without \(capability.rawValue) (\(name))")
      }
    }
    for (index, memory) in module.memories.enumerated() {
      guard let maximum = memory.maximum else {
        if requireMemoryMaximum {
          add(.wasmMemoryUnbounded, "\(path): memory \(index) declares no maximum (minimum \(memory.minimum) pages), and the policy requires one",
              [("memory", .int(index)), ("minPages", .int(Int(clamping: memory.minimum)))],
              "declare a maximum at link time: -Wl,--max-memory=\(Int(clamping: (maxMemoryPages ?? 1024) * 65536)) (wasm-ld, in bytes)")
        } else if let limit = maxMemoryPages {
          add(.wasmMemoryOverLimit, "\(path): memory \(index) may grow without bound, past the policy's \(limit) pages",
              [("memory", .int(index)), ("maxPages", .null), ("limit", .int(Int(clamping: limit)))],
              "declare a maximum at link time: -Wl,--max-memory=\(Int(clamping: limit * 65536)) (wasm-ld, in bytes)")
        }
        continue
      }
      if let limit = maxMemoryPages, maximum > limit || memory.minimum > limit {
        add(.wasmMemoryOverLimit, "\(path): memory \(index) may grow to \(maximum) pages, past the policy's \(limit) (\(limit * 64) KiB)",
            [("memory", .int(index)), ("maxPages", .int(Int(clamping: maximum))), ("limit", .int(Int(clamping: limit)))],
            "link with -Wl,--max-memory=\(Int(clamping: limit * 65536)) (wasm-ld, in bytes)")
      }
    }
    for feature in forbidFeatures where module.features.contains(feature) {
      add(.wasmFeatureDenied, "\(path) uses \(feature.rawValue), which the policy forbids",
          [("feature", .string(feature.rawValue))], "build without \(feature.rawValue)")
    }
    for name in requireExports where !module.exports.contains(where: { $0.name == name }) {
      add(.wasmExportMissing, "\(path) does not export \(name), which the policy requires (the platform calls it)",
          [("export", .string(name))], "export it: __attribute__((export_name(\"\(name)\"))) in C, #[no_mangle] pub extern \"C\" fn \(name) in Rust")
    }
    return out
  }
}
