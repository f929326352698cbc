//===----------------------------------------------------------------------===//
//
// This source file is part of the Swift Argument Parser open source project
//
// Copyright (c) 2025 Apple Inc. and the Swift project authors
// Licensed under Apache License v2.0 with Runtime Library Exception
//
// See https://swift.org/LICENSE.txt for license information
//
//===----------------------------------------------------------------------===//

// abidoctor's copy (Sources/Vendor/README.md): the upstream file imports FoundationEssentials for
// `LocalizedError` and `JSONEncoder`, which links Foundation into every program that uses the
// library (2.9 MB of its code in abidoctor's static binary). Errors are described as they describe
// themselves, and `--experimental-dump-help` is encoded by the small JSON encoder below (sorted keys,
// pretty-printed, as upstream writes it; generate-manual decodes it with Foundation's decoder).

extension Error {
  func describe() -> String {
    String(describing: self)
  }
}

enum JSONEncoder {
  static func encode<T: Encodable>(_ value: T) -> String {
    let encoder = TreeEncoder()
    guard (try? value.encode(to: encoder)) != nil else { return "" }
    var out = ""
    encoder.storage.write(into: &out, indent: 0)
    return out
  }
}

/// A JSON value being built; a class so that nested containers can fill it in place.
private final class JSONNode {
  enum Value {
    case null, bool(Bool), number(String), string(String)
    case array([JSONNode]), object([String: JSONNode])
  }
  var value: Value
  init(_ value: Value) { self.value = value }

  func write(into out: inout String, indent: Int) {
    let pad = String(repeating: "  ", count: indent + 1), close = String(repeating: "  ", count: indent)
    switch value {
    case .null: out += "null"
    case .bool(let flag): out += flag ? "true" : "false"
    case .number(let text): out += text
    case .string(let text): JSONNode.quote(text, into: &out)
    case .array(let items):
      guard !items.isEmpty else { out += "[\n\n\(close)]"; return }
      out += "[\n"
      for (index, item) in items.enumerated() {
        out += pad
        item.write(into: &out, indent: indent + 1)
        out += index + 1 < items.count ? ",\n" : "\n"
      }
      out += close + "]"
    case .object(let members):
      guard !members.isEmpty else { out += "{\n\n\(close)}"; return }
      out += "{\n"
      let keys = members.keys.sorted()
      for (index, key) in keys.enumerated() {
        out += pad
        JSONNode.quote(key, into: &out)
        out += " : "
        members[key]!.write(into: &out, indent: indent + 1)
        out += index + 1 < keys.count ? ",\n" : "\n"
      }
      out += close + "}"
    }
  }

  static func quote(_ text: String, into out: inout String) {
    out += "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "/": out += "\\/"
      default:
        if scalar.value < 0x20 {
          let hex = String(scalar.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    out += "\""
  }
}

private struct JSONKey: CodingKey {
  var stringValue: String
  var intValue: Int?
  init(stringValue: String) { self.stringValue = stringValue }
  init(intValue: Int) {
    self.stringValue = String(intValue)
    self.intValue = intValue
  }
}

/// An `Encoder` that builds a `JSONNode` tree.
private final class TreeEncoder: Encoder {
  let storage: JSONNode
  var codingPath: [CodingKey]
  var userInfo: [CodingUserInfoKey: Any] { [:] }

  init(storage: JSONNode = JSONNode(.null), codingPath: [CodingKey] = []) {
    self.storage = storage
    self.codingPath = codingPath
  }

  func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
    if case .object = storage.value {} else { storage.value = .object([:]) }
    return KeyedEncodingContainer(Keyed<Key>(node: storage, codingPath: codingPath))
  }

  func unkeyedContainer() -> UnkeyedEncodingContainer {
    if case .array = storage.value {} else { storage.value = .array([]) }
    return Unkeyed(node: storage, codingPath: codingPath)
  }

  func singleValueContainer() -> SingleValueEncodingContainer { Single(node: storage, codingPath: codingPath) }

  /// The node for an encodable value: primitives directly, the rest through their own `encode(to:)`.
  static func node<T: Encodable>(_ value: T, codingPath: [CodingKey]) throws -> JSONNode {
    let encoder = TreeEncoder(codingPath: codingPath)
    try value.encode(to: encoder)
    return encoder.storage
  }

  struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: JSONNode
    var codingPath: [CodingKey]

    func set(_ child: JSONNode, _ key: Key) {
      guard case .object(var members) = node.value else { return }
      members[key.stringValue] = child
      node.value = .object(members)
    }
    mutating func encodeNil(forKey key: Key) throws { set(JSONNode(.null), key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { set(JSONNode(.bool(value)), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { set(JSONNode(.string(value)), key) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
      set(try Single.primitive(value) ?? TreeEncoder.node(value, codingPath: codingPath + [key]), key)
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
      let child = JSONNode(.object([:]))
      set(child, key)
      return KeyedEncodingContainer(Keyed<NestedKey>(node: child, codingPath: codingPath + [key]))
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
      let child = JSONNode(.array([]))
      set(child, key)
      return Unkeyed(node: child, codingPath: codingPath + [key])
    }
    mutating func superEncoder() -> Encoder { superEncoder(forKey: Key(stringValue: "super")!) }
    mutating func superEncoder(forKey key: Key) -> Encoder {
      let child = JSONNode(.null)
      set(child, key)
      return TreeEncoder(storage: child, codingPath: codingPath + [key])
    }
  }

  struct Unkeyed: UnkeyedEncodingContainer {
    let node: JSONNode
    var codingPath: [CodingKey]
    var count: Int {
      if case .array(let items) = node.value { return items.count }
      return 0
    }

    func append(_ child: JSONNode) {
      guard case .array(var items) = node.value else { return }
      items.append(child)
      node.value = .array(items)
    }
    mutating func encodeNil() throws { append(JSONNode(.null)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
      append(try Single.primitive(value) ?? TreeEncoder.node(value, codingPath: codingPath + [JSONKey(intValue: count)]))
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
      let child = JSONNode(.object([:]))
      append(child)
      return KeyedEncodingContainer(Keyed<NestedKey>(node: child, codingPath: codingPath))
    }
    mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer {
      let child = JSONNode(.array([]))
      append(child)
      return Unkeyed(node: child, codingPath: codingPath)
    }
    mutating func superEncoder() -> Encoder {
      let child = JSONNode(.null)
      append(child)
      return TreeEncoder(storage: child, codingPath: codingPath)
    }
  }

  struct Single: SingleValueEncodingContainer {
    let node: JSONNode
    var codingPath: [CodingKey]

    /// The node of a primitive value, or nil for a value that encodes itself.
    static func primitive<T: Encodable>(_ value: T) throws -> JSONNode? {
      switch value {
      case let flag as Bool: return JSONNode(.bool(flag))
      case let text as String: return JSONNode(.string(text))
      case let number as Int: return JSONNode(.number(String(number)))
      case let number as Int8: return JSONNode(.number(String(number)))
      case let number as Int16: return JSONNode(.number(String(number)))
      case let number as Int32: return JSONNode(.number(String(number)))
      case let number as Int64: return JSONNode(.number(String(number)))
      case let number as UInt: return JSONNode(.number(String(number)))
      case let number as UInt8: return JSONNode(.number(String(number)))
      case let number as UInt16: return JSONNode(.number(String(number)))
      case let number as UInt32: return JSONNode(.number(String(number)))
      case let number as UInt64: return JSONNode(.number(String(number)))
      case let number as Double: return JSONNode(.number(number.isFinite ? "\(number)" : "null"))
      case let number as Float: return JSONNode(.number(number.isFinite ? "\(number)" : "null"))
      default: return nil
      }
    }

    mutating func encodeNil() throws { node.value = .null }
    mutating func encode<T: Encodable>(_ value: T) throws {
      node.value = (try Single.primitive(value) ?? TreeEncoder.node(value, codingPath: codingPath)).value
    }
  }
}
