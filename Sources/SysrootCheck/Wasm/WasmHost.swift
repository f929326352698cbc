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

  /// An export the host looks up and refuses a module without (any one of `names`).
  public struct RequiredExport: Sendable, Hashable {
    public var names: [String]
    public var kind: WasmModule.Import.Kind
    /// What the host says when it is missing.
    public var message: String
  }

  /// `wasmtime 50.0.1`, or the host module's path.
  public var name: String
  /// Items the host provides, by `module.name`: their kind and type (nil: not known, or any type,
  /// as a JavaScript function takes).
  public var provides: [String: WasmModule.Import]
  /// Proposals and how they are supported; a proposal not listed is unknown (no finding).
  public var features: [WasmFeature: Support]
  public var acceptsComponents: Bool
  public var acceptsCoreModules: Bool
  /// The proxy-wasm ABI versions a proxy-wasm host recognises, as the export names that declare them
  /// (`proxy_abi_version_0_2_1`); empty for every other host.
  public var abiVersions: [String] = []
  /// Imports provided only to modules that declare one of these ABI versions, by `module.name`.
  public var abiSpecific: [String: Set<String>] = [:]
  /// Exports the host requires of every module.
  public var requiredExports: [RequiredExport] = []
  /// The type of the functions the host calls by name (`check --call NAME`), when it fixes one:
  /// Extism calls `() -> i32`.
  public var callType: String?
  /// The WIT file and world this host was made from (`--host-world`), for fixes that name them.
  public var world: (file: String, name: String)?
  /// Where the facts come from.
  public var sources: [String]

  /// The built-in runtimes, by name (`wasmtime`, or `wasmtime-50.0.1`).
  public static var runtimes: [WasmHost] { WasmRuntimeCatalog.hosts }

  /// `wasmtime`, `wasmtime-50.0.1` or `wasmtime 50.0.1`.
  public static func runtime(named name: String) -> WasmHost? {
    let wanted = name.lowercased().replacingBytes("-", with: " ")
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

/// The runtime profiles compiled into abidoctor, read from the generated table (its header says what
/// each row holds).
enum WasmRuntimeCatalog {
  static let hosts: [WasmHost] = {
    var byName: [String: WasmHost] = [:]
    var order: [String] = []
    for line in WasmRuntimeData.table.split(separator: "\n") {
      let fields = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
      guard fields.count >= 3 else { continue }
      let (tag, runtime) = (fields[0], fields[1])
      func rest(from index: Int) -> String { fields.count > index ? fields[index...].joined(separator: " ") : "" }
      if tag == "R" {
        order.append(runtime)
        let kinds = fields.count > 3 ? fields[3] : "module"
        byName[runtime] = WasmHost(
          name: "\(runtime) \(fields[2])", provides: [:], features: [:], acceptsComponents: kinds != "module",
          acceptsCoreModules: kinds != "component", sources: [])
        continue
      }
      guard byName[runtime] != nil else { continue }
      switch tag {
      case "S":
        byName[runtime]?.sources.append(rest(from: 2))
      case "F":
        guard fields.count >= 4, let feature = WasmFeature(rawValue: fields[2]) else { continue }
        switch fields[3] {
        case "default": byName[runtime]?.features[feature] = .onByDefault
        case "flag": byName[runtime]?.features[feature] = .flag(rest(from: 4))
        default: byName[runtime]?.features[feature] = .unsupported
        }
      case "W":
        guard fields.count >= 5, fields[4] == "provided" else { continue }
        let signature = rest(from: 5)
        byName[runtime]?.provides[fields[2] + "." + fields[3]] = WasmModule.Import(
          module: fields[2], name: fields[3], kind: .function, signature: signature.isEmpty ? nil : signature)
      case "A":
        byName[runtime]?.abiVersions.append(fields[2])
      case "V":
        guard fields.count >= 5 else { continue }
        let key = fields[3] + "." + fields[4]
        byName[runtime]?.abiSpecific[key, default: []].insert(fields[2])
        byName[runtime]?.provides[key] = WasmModule.Import(module: fields[3], name: fields[4], kind: .function)
      case "E":
        guard fields.count >= 5, let kind = WasmModule.Import.Kind(rawValue: fields[3]) else { continue }
        byName[runtime]?.requiredExports.append(
          WasmHost.RequiredExport(names: fields[2].split(separator: "|").map(String.init), kind: kind, message: rest(from: 4)))
      case "C":
        byName[runtime]?.callType = rest(from: 2)
      default:
        continue
      }
    }
    return order.compactMap { byName[$0] }
  }()
}
