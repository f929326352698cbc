import AbiScan

/// What loads a WebAssembly plugin, as one model whatever it is: a runtime profile measured on the
/// runtime (`WasmRuntimeData`, made by Profiles/generate_wasm_runtimes.py) or a host module whose
/// exports are what a plugin may import. `WasmRules` checks modules against it.
public struct WasmHost: Sendable {
  /// How a runtime supports a proposal.
  public enum Support: Sendable, Hashable {
    case onByDefault
    /// Only with this CLI flag (and the matching configuration switch).
    case flag(String)
    case unsupported
  }

  /// `wasmtime 50.0.1`, or the host module's path.
  public var name: String
  /// Items the host provides, by `module.name`: their kind and type (nil: not known).
  public var provides: [String: WasmModule.Import]
  /// Proposals and how they are supported; a proposal not listed is unknown (no finding).
  public var features: [WasmFeature: Support]
  public var acceptsComponents: Bool
  public var acceptsCoreModules: Bool
  /// Where the facts come from.
  public var sources: [String]

  /// The built-in runtimes, by name (`wasmtime`, or `wasmtime-50.0.1`).
  public static var runtimes: [WasmHost] { WasmRuntimeCatalog.hosts }

  /// `wasmtime`, `wasmtime-50.0.1` or `wasmtime 50.0.1`.
  public static func runtime(named name: String) -> WasmHost? {
    let wanted = name.lowercased().replacing("-", with: " ")
    return runtimes.first { host in
      let full = host.name.lowercased()
      return full == wanted || full.hasPrefix(wanted + " ")
    }
  }

  /// A host module: what it exports is what a plugin may import, under `module` (as a linker's
  /// `define_instance(store, module, host)` offers it).
  public static func module(_ host: WasmModule, path: String, as module: String) -> WasmHost {
    var provides: [String: WasmModule.Import] = [:]
    for export in host.exports {
      provides[module + "." + export.name] = WasmModule.Import(module: module, name: export.name, kind: export.kind, signature: export.signature)
    }
    return WasmHost(
      name: path, provides: provides, features: [:], acceptsComponents: false, acceptsCoreModules: true,
      sources: ["the exports of \(path), offered as module \(module)"])
  }
}

/// The runtime profiles compiled into abidoctor, read from the generated table.
enum WasmRuntimeCatalog {
  static let hosts: [WasmHost] = {
    var byName: [String: WasmHost] = [:]
    var order: [String] = []
    var sources: [String] = []
    for line in WasmRuntimeData.table.split(separator: "\n") {
      let fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true).map(String.init)
      guard let tag = fields.first else { continue }
      if tag == "S" {
        sources.append(String(line.dropFirst(2)))
        continue
      }
      guard fields.count >= 4 else { continue }
      let runtime = fields[1]
      if byName[runtime] == nil {
        order.append(runtime)
        byName[runtime] = WasmHost(name: runtime, provides: [:], features: [:], acceptsComponents: false, acceptsCoreModules: true, sources: [])
      }
      if tag == "F", let feature = WasmFeature(rawValue: fields[2]) {
        let flag = fields.count > 4 ? fields[4...].joined(separator: " ") : "-"
        switch fields[3] {
        case "default": byName[runtime]?.features[feature] = .onByDefault
        case "flag": byName[runtime]?.features[feature] = .flag(flag)
        default: byName[runtime]?.features[feature] = .unsupported
        }
      } else if tag == "W", fields.count >= 5, fields[4] == "provided" {
        // W runtime module function provided (param ...) (result ...)
        let signature = fields.count > 5 ? fields[5] : ""
        byName[runtime]?.provides[fields[2] + "." + fields[3]] = WasmModule.Import(module: fields[2], name: fields[3], kind: .function, signature: signature)
      }
    }
    // The source lines name the runtime's version: `wasmtime 50.0.1 (...)`.
    return order.compactMap { runtime in
      guard var host = byName[runtime] else { return nil }
      host.sources = sources
      if let version = sources.first(where: { $0.hasPrefix(runtime + " ") })?.split(separator: " ").dropFirst().first {
        host.name = "\(runtime) \(version)"
      }
      return host
    }
  }()
}
