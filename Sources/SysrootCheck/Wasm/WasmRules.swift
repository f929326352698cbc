import AbiScan

/// The checks of a WebAssembly module against a `WasmHost`, each a finding in the contract's shape
/// with the fix computed from the module and the host. The verdicts are those of instantiation: a
/// host that lacks an import, or has it with another type, or cannot compile a proposal, refuses it.
enum WasmRules {
  /// `call`: the function the host will call by name (`check --call`), if the user named one.
  /// `path` names the file in messages; `reportPath` (FILE.path) is the finding's path, when it differs.
  static func findings(_ module: WasmModule, path: String, reportPath: String? = nil, host: WasmHost, call: String? = nil) -> [Finding] {
    var out: [Finding] = []
    func finding(_ code: FindingCode, _ message: String, _ evidence: [(key: String, value: JSONValue)], _ fixes: [Fix]) {
      var finding = Finding(code: code, path: reportPath ?? path, message: message, evidence: evidence + [("host", .string(host.name))], fixes: fixes)
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
        [Fix(kind: .rebuild, text: "make it a component: " + componentSteps(module, path: path, host: host))])
      return out
    }
    // A proxy-wasm host reads the ABI version from the first `proxy_abi_version_*` function export
    // it recognises (proxy-wasm-cpp-host's BytecodeUtil::getAbiVersion) and refuses the module
    // without one.
    var abi: String?
    if !host.abiVersions.isEmpty {
      let declared = module.exports.filter { $0.kind == .function && $0.name.hasPrefix("proxy_abi_version_") }.map(\.name)
      abi = declared.first { host.abiVersions.contains($0) }
      if abi == nil {
        let speaks = host.abiVersions.map { $0.replacingBytes("proxy_abi_version_", with: "").replacingBytes("_", with: ".") }.joined(separator: ", ")
        let message = declared.isEmpty
          ? "\(path) exports no proxy_abi_version_* function, so \(host.name) cannot tell its proxy-wasm ABI and refuses it (\"Missing or unknown Proxy-Wasm ABI version\"); it speaks \(speaks)"
          : "\(path) declares proxy-wasm ABI \(declared.joined(separator: ", ")), which \(host.name) does not speak (it speaks \(speaks)) and refuses (\"Missing or unknown Proxy-Wasm ABI version\")"
        let newest = host.abiVersions.last ?? ""
        finding(
          .proxyWasmAbiMismatch, message,
          [("declared", .array(declared.map(JSONValue.string))), ("supported", .array(host.abiVersions.map(JSONValue.string)))],
          [Fix(kind: .rebuild, text: "build the filter with a proxy-wasm SDK that targets an ABI \(host.name) speaks (the SDK defines the empty exported function \(newest)), or run it on a host that speaks \(declared.first.map { $0.replacingBytes("proxy_abi_version_", with: "") } ?? "its ABI")")])
      }
    }
    // Exports the host looks up on every module.
    for required in host.requiredExports where !required.names.contains(where: { name in module.exports.contains { $0.name == name && $0.kind == required.kind } }) {
      finding(
        .wasmExportMissing, "\(path) exports none of \(required.names.joined(separator: ", ")) (\(required.kind.rawValue)), which \(host.name) requires: \"\(required.message)\"",
        [("wanted", .array(required.names.map(JSONValue.string))), ("kind", .string(required.kind.rawValue))],
        [Fix(kind: .rebuild, text: "export \(required.names[0]) from the module (C: __attribute__((export_name(\"\(required.names[0])\"))); wasm-ld: --export=\(required.names[0]))")])
    }
    // The function the host will call.
    if let call {
      let export = module.exports.first { $0.name == call }
      if export == nil || export?.kind != .function {
        let functions = module.exports.filter { $0.kind == .function }.map(\.name).sorted()
        let near = nearest(call, in: functions)
        var message = "\(path) exports no function \(call), which \(host.name) is to call"
        if let near { message += " (it exports \(near))" }
        finding(
          .wasmExportMissing, message, [("wanted", .array([.string(call)])), ("kind", .string("function")), ("nearest", .optional(near))],
          [Fix(kind: .rebuild, text: "export \(call) from the plugin (C: __attribute__((export_name(\"\(call)\"))); wasm-ld: --export=\(call))" + (near.map { ", or call \($0)" } ?? ""))])
      } else if let wanted = host.callType, let export, export.signature != wanted {
        let has = export.signature ?? "(unknown type)"
        finding(
          .wasmExportMissing, "\(path) exports \(call) as (func \(has)), but \(host.name) calls exported functions as (func \(wanted))",
          [("wanted", .array([.string(call)])), ("kind", .string("function")), ("type", .string(has)), ("hostCalls", .string(wanted))],
          [Fix(kind: .rebuild, text: "give \(call) the type (func \(wanted)): it takes no parameters, reads its input from the host and returns 0 for success")])
      }
    }
    // Every import must be provided, with the same kind and type.
    for item in module.imports {
      let key = item.qualifiedName
      if let versions = host.abiSpecific[key], abi.map({ !versions.contains($0) }) ?? true {
        let list = versions.sorted().joined(separator: ", ")
        finding(
          .wasmImportUnresolved, "\(path) imports \(key), which \(host.name) provides only to filters declaring \(list)" + (abi.map { " (this one declares \($0))" } ?? ""),
          [("import", .string(key)), ("kind", .string(item.kind.rawValue)), ("type", .optional(item.signature)), ("nearest", .null)],
          [Fix(kind: .rebuild, text: "build the filter for \(list), or without \(item.name)")])
        continue
      }
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
      // The same interface at another version: a component built against other WIT.
      if let at = key.firstIndex(of: "@"), let other = host.provides.keys.sorted().first(where: { $0.hasPrefix(key[..<at] + "@") }) {
        finding(
          .wasiVersionMismatch, "\(path) imports \(key), but \(host.name) offers \(other)",
          [("import", .string(key)), ("provided", .string(other))],
          [Fix(kind: .rebuild, text: "regenerate the plugin's bindings from the host's WIT (\(other)) and rebuild it, or load it on a host that offers \(key)")])
        continue
      }
      let sameModule = host.provides.values.filter { $0.module == item.module }.map(\.name).sorted()
      let near = nearest(item.name, in: sameModule)
      var message = "\(path) imports \(key), which \(host.name) does not provide"
      if let near { message += " (it has \(item.module).\(near))" } else if sameModule.isEmpty { message += " (it provides no module \(item.module))" }
      var fixes: [Fix] = []
      if let near { fixes.append(Fix(kind: .rebuild, text: "import \(item.module).\(near) instead, if that is the function meant")) }
      // Imports of another plugin ABI, on a host of another kind: name the host it is built for.
      if sameModule.isEmpty, let other = otherHost(for: item, on: host) {
        fixes.append(Fix(kind: .config, text: "it is \(other.what): check it against that host, abidoctor check \(path) --host \(other.runtime)"))
      }
      fixes.append(Fix(kind: .config, text: "have the host define \(item.module).\(item.name) (\(item.kind.rawValue) \(item.signature ?? "")) before it instantiates the plugin, or build the plugin without it".replacingBytes("( ", with: "(").replacingBytes(" )", with: ")")))
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

  /// The wasm-tools commands that make a component of a core module: embed the WIT first when the
  /// module carries none (no `component-type` custom section), and adapt WASI preview 1 imports.
  static func componentSteps(_ module: WasmModule, path: String, host: WasmHost) -> String {
    var steps: [String] = []
    var input = path
    if !module.customSections.contains(where: { $0.hasPrefix("component-type") }) {
      if let (file, world) = host.world {
        steps.append("wasm-tools component embed \(file) --world \(world) \(path) -o embedded.wasm")
      } else {
        steps.append("embed the WIT world the plugin was written for: wasm-tools component embed WIT_FILE --world ITS_WORLD \(path) -o embedded.wasm")
      }
      input = "embedded.wasm"
    }
    var new = "wasm-tools component new \(input) -o plugin.component.wasm"
    if module.imports.contains(where: { $0.module == "wasi_snapshot_preview1" }) {
      new += " --adapt wasi_snapshot_preview1=wasi_snapshot_preview1.reactor.wasm (the preview 1 adapter from wasmtime's release)"
    }
    steps.append(new)
    return steps.joined(separator: ", then ")
  }

  /// The built-in runtime a plugin with this import is written for, when the import is of a plugin
  /// ABI (proxy-wasm's `env.proxy_*`, Extism's `extism:host/*`) that `host` does not speak.
  static func otherHost(for item: WasmModule.Import, on host: WasmHost) -> (what: String, runtime: String)? {
    let runtime: WasmHost?
    let what: String
    if item.module == "env" && item.name.hasPrefix("proxy_") && host.abiVersions.isEmpty {
      runtime = WasmHost.runtimes.first { !$0.abiVersions.isEmpty }
      what = "a proxy-wasm filter"
    } else if item.module.hasPrefix("extism:host/") {
      runtime = WasmHost.runtimes.first { $0.provides.values.contains { $0.module == item.module } }
      what = "an Extism plugin"
    } else {
      return nil
    }
    guard let runtime, runtime.name != host.name, let short = runtime.name.split(separator: " ").first else { return nil }
    return (what, String(short))
  }

  /// The host name closest to `name` (edit distance at most a third of its length), if any; of equals,
  /// one that `name` begins (`input_len` -> `input_length`).
  static func nearest(_ name: String, in names: [String]) -> String? {
    let limit = max(1, name.count / 3)
    let scored = names.map { ($0, distance(Array(name.utf8), Array($0.utf8)), $0.hasPrefix(name) ? 0 : 1) }.filter { $0.1 <= limit }
    return scored.min { ($0.1, $0.2, $0.0) < ($1.1, $1.2, $1.0) }?.0
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
