import AbiScan

/// FILE's `wasm` object (abidoctor's addition): a WebAssembly file's kind, imports, exports,
/// memories, proposals and ABI families. Built here, at the edge, from the typed `WasmModule`.
enum WasmJSON {
  static func module(_ module: WasmModule) -> JSONValue {
    .object([
      ("kind", .string(module.kind.rawValue)),
      ("version", .int(Int(module.version))),
      ("abis", .strings(module.abis.map(\.rawValue))),
      ("execModel", .optional(module.execModel)),
      ("imports", .array(module.imports.map { item in
        .object([("module", .string(item.module)), ("name", .string(item.name)), ("kind", .string(item.kind.rawValue)), ("type", .optional(item.signature))])
      })),
      ("exports", .array(module.exports.map { item in
        .object([("name", .string(item.name)), ("kind", .string(item.kind.rawValue)), ("type", .optional(item.signature))])
      })),
      ("memories", .array(module.memories.map { memory in
        .object([
          ("minPages", .int(Int(clamping: memory.minimum))), ("maxPages", memory.maximum.map { .int(Int(clamping: $0)) } ?? .null),
          ("shared", .bool(memory.shared)), ("memory64", .bool(memory.is64)), ("imported", .bool(memory.imported)),
        ])
      })),
      ("tables", .int(module.tables)),
      ("globals", .int(module.globals)),
      ("functions", .int(module.functions)),
      ("start", module.startFunction.map { .int(Int($0)) } ?? .null),
      ("features", .strings(module.features.sorted().map(\.rawValue))),
      ("codeRead", .bool(module.codeRead)),
      ("producers", .object(module.producers.keys.sorted().map { ($0, .strings(module.producers[$0] ?? [])) })),
      ("targetFeatures", .strings(module.targetFeatures)),
      ("customSections", .strings(module.customSections)),
      ("coreModules", .int(module.coreModules.count)),
    ])
  }
}
