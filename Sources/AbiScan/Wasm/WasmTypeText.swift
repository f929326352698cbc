import ComponentModel
import WasmParser
import WasmTypes

/// Types as wasm-tools prints them (`(param i32 i32) (result i32)`), so a message can be compared
/// with what `wasm-tools print` shows.
enum WasmTypeText {
  static func value(_ type: ValueType) -> String {
    switch type {
    case .i32: return "i32"
    case .i64: return "i64"
    case .f32: return "f32"
    case .f64: return "f64"
    case .v128: return "v128"
    case .ref(let reference):
      switch (reference.heapType, reference.isNullable) {
      case (.abstract(.funcRef), true): return "funcref"
      case (.abstract(.externRef), true): return "externref"
      default: return "(ref \(reference.isNullable ? "null " : "")\(String(describing: reference.heapType)))"
      }
    }
  }

  static func signature(_ type: FunctionType) -> String {
    var parts: [String] = []
    if !type.parameters.isEmpty { parts.append("(param " + type.parameters.map(value).joined(separator: " ") + ")") }
    if !type.results.isEmpty { parts.append("(result " + type.results.map(value).joined(separator: " ") + ")") }
    return parts.joined(separator: " ")
  }

  static func limits(_ limits: Limits) -> String {
    ([limits.isMemory64 ? "i64" : nil, String(limits.min), limits.max.map(String.init), limits.shared ? "shared" : nil] as [String?])
      .compactMap { $0 }.joined(separator: " ")
  }

  static func global(_ type: GlobalType) -> String {
    type.mutability == .variable ? "(mut \(value(type.valueType)))" : value(type.valueType)
  }

  /// A component import's kind, from its extern descriptor.
  static func kind(_ descriptor: ComponentExternDesc) -> WasmModule.Import.Kind {
    switch descriptor {
    case .coreModule, .component: return .component
    case .function: return .function
    case .value: return .value
    case .type: return .type
    case .instance: return .instance
    }
  }

  /// A component export's kind, from its sort.
  static func kind(_ sort: ComponentDefSort) -> WasmModule.Import.Kind {
    switch sort {
    case .core, .component: return .component
    case .func: return .function
    case .value: return .value
    case .type: return .type
    case .instance: return .instance
    }
  }
}

/// The tool-convention custom sections: `producers` and `target_features`
/// (github.com/WebAssembly/tool-conventions), read with bounds on every length.
enum WasmCustomSections {
  struct Cursor {
    let bytes: [UInt8]
    var at = 0
    mutating func uleb() -> Int? {
      var result = 0, shift = 0
      while at < bytes.count, shift < 35 {
        let byte = bytes[at]
        at += 1
        result |= Int(byte & 0x7f) << shift
        if byte & 0x80 == 0 { return result }
        shift += 7
      }
      return nil
    }
    mutating func name() -> String? {
      guard let length = uleb(), length <= bytes.count - at else { return nil }
      defer { at += length }
      return String(decoding: bytes[at..<(at + length)], as: UTF8.self)
    }
    mutating func byte() -> UInt8? {
      guard at < bytes.count else { return nil }
      defer { at += 1 }
      return bytes[at]
    }
  }

  /// field name -> ["name version", ...]
  static func producers(_ bytes: [UInt8]) -> [String: [String]] {
    var cursor = Cursor(bytes: bytes)
    var out: [String: [String]] = [:]
    guard let fields = cursor.uleb(), fields < 64 else { return [:] }
    for _ in 0..<fields {
      guard let field = cursor.name(), let count = cursor.uleb(), count < 1024 else { break }
      for _ in 0..<count {
        guard let name = cursor.name(), let version = cursor.name() else { return out }
        out[field, default: []].append(version.isEmpty ? name : name + " " + version)
      }
    }
    return out
  }

  /// ["+simd128", "+atomics", ...]
  static func targetFeatures(_ bytes: [UInt8]) -> [String] {
    var cursor = Cursor(bytes: bytes)
    guard let count = cursor.uleb(), count < 1024 else { return [] }
    var out: [String] = []
    for _ in 0..<count {
      guard let prefix = cursor.byte(), let name = cursor.name() else { break }
      out.append(String(UnicodeScalar(prefix)) + name)
    }
    return out
  }
}
