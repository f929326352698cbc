import AbiScan

/// The checks of a WebAssembly module against a `WasmHost`, each a finding in the contract's shape
/// with the fix computed from the module and the host. The verdicts are those of instantiation: a
/// host that lacks an import, or has it with another type, or cannot compile a proposal, refuses it.
enum WasmRules {
  static func findings(_ module: WasmModule, path: String, host: WasmHost) -> [Finding] {
    var out: [Finding] = []
    func finding(_ code: FindingCode, _ message: String, _ evidence: [(key: String, value: JSONValue)], _ fixes: [Fix]) {
      var finding = Finding(code: code, path: path, message: message, evidence: evidence + [("host", .string(host.name))], fixes: fixes)
      finding.targets = [host.name]
      out.append(finding)
    }
    // The kind of file the host loads at all.
    if module.kind == .component && !host.acceptsComponents {
      finding(
        .wasiVersionMismatch, "\(path) is a component, but \(host.name) instantiates core modules only",
        [("kind", .string("component"))],
        [Fix(kind: .rebuild, text: "give \(host.name) the core module the component was made from (the module before `wasm-tools component new`)")])
      return out
    }
    if module.kind == .module && !host.acceptsCoreModules {
      finding(
        .wasiVersionMismatch, "\(path) is a core module, but \(host.name) loads components only",
        [("kind", .string("module"))],
        [Fix(kind: .rebuild, text: "make it a component: wasm-tools component new \(path) --adapt wasi_snapshot_preview1.reactor.wasm -o plugin.component.wasm (the adapter from wasmtime's release for preview 1 modules)")])
      return out
    }
    // Every import must be provided, with the same kind and type.
    for item in module.imports {
      let key = item.qualifiedName
      if let offered = host.provides[key] {
        if offered.kind != item.kind || (item.signature != nil && offered.signature != nil && item.signature != offered.signature) {
          let wanted = "\(item.kind.rawValue) \(item.signature ?? "")".trimmingSpaces
          let has = "\(offered.kind.rawValue) \(offered.signature ?? "")".trimmingSpaces
          finding(
            .wasmImportTypeMismatch, "\(path) imports \(key) as \(wanted), but \(host.name) provides \(has)",
            [("import", .string(key)), ("wanted", .string(wanted)), ("provided", .string(has))],
            [Fix(kind: .rebuild, text: "declare \(item.name) in the plugin with the host's type, \(has)")])
        }
        continue
      }
      let sameModule = host.provides.values.filter { $0.module == item.module }.map(\.name).sorted()
      let near = nearest(item.name, in: sameModule)
      var message = "\(path) imports \(key), which \(host.name) does not provide"
      if let near { message += " (it has \(item.module).\(near))" } else if sameModule.isEmpty { message += " (it provides no module \(item.module))" }
      var fixes: [Fix] = []
      if let near { fixes.append(Fix(kind: .rebuild, text: "import \(item.module).\(near) instead, if that is the function meant")) }
      fixes.append(Fix(kind: .config, text: "have the host define \(item.module).\(item.name) (\(item.kind.rawValue) \(item.signature ?? "")) before it instantiates the plugin, or build the plugin without it".replacing("( ", with: "(").replacing(" )", with: ")")))
      finding(
        .wasmImportUnresolved, message,
        [("import", .string(key)), ("kind", .string(item.kind.rawValue)), ("type", .optional(item.signature)), ("nearest", .optional(near.map { item.module + "." + $0 }))],
        fixes)
    }
    // Proposals the host compiles only behind a flag, or not at all.
    for feature in module.features.sorted() {
      switch host.features[feature] {
      case .flag(let flag)?:
        finding(
          .wasmFeatureUnsupported, "\(path) uses \(feature.rawValue), which \(host.name) compiles only when enabled",
          [("feature", .string(feature.rawValue)), ("support", .string("flag"))],
          [Fix(kind: .config, text: "enable it: \(flag)")])
      case .unsupported?:
        finding(
          .wasmFeatureUnsupported, "\(path) uses \(feature.rawValue), which \(host.name) does not support",
          [("feature", .string(feature.rawValue)), ("support", .string("unsupported"))],
          [Fix(kind: .rebuild, text: "build without \(feature.rawValue) (clang: drop the flag that turns it on, e.g. -mno-\(feature.rawValue))")])
      case .onByDefault?, nil:
        break
      }
    }
    return out
  }

  /// The host name closest to `name` (edit distance at most a third of its length), if any.
  static func nearest(_ name: String, in names: [String]) -> String? {
    let limit = max(1, name.count / 3)
    return names.map { ($0, distance(Array(name.utf8), Array($0.utf8))) }.filter { $0.1 <= limit }.min { $0.1 < $1.1 }?.0
  }

  static func distance(_ a: [UInt8], _ b: [UInt8]) -> Int {
    guard !a.isEmpty else { return b.count }
    guard !b.isEmpty else { return a.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
      var current = [i] + [Int](repeating: 0, count: b.count)
      for j in 1...b.count {
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
      }
      previous = current
    }
    return previous[b.count]
  }
}

extension String {
  var trimmingSpaces: String { String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()) }
}
