import CLibYAML

/// One node of a YAML (or JSON) document, with the line it starts on, so that a mistake in a policy
/// file can name its line.
public struct YAMLNode: Sendable {
  public enum Value: Sendable {
    case scalar(String)
    case sequence([YAMLNode])
    case mapping([(key: YAMLNode, value: YAMLNode)])
  }
  public var value: Value
  /// The 1-based line the node starts on.
  public var line: Int

  /// A scalar's text (quoted or not).
  public var string: String? {
    if case .scalar(let text) = value { return text }
    return nil
  }
  public var sequence: [YAMLNode]? {
    if case .sequence(let items) = value { return items }
    return nil
  }
  public var mapping: [(key: YAMLNode, value: YAMLNode)]? {
    if case .mapping(let entries) = value { return entries }
    return nil
  }
  /// The value of the first entry whose key is the scalar `key`, in a mapping.
  public subscript(key: String) -> YAMLNode? {
    mapping?.first { $0.key.string == key }?.value
  }
}

/// Why a document could not be read: libyaml's words and the 1-based line.
public struct YAMLError: Error, Sendable, Hashable, CustomStringConvertible {
  public var line: Int?
  public var reason: String
  public var description: String { "\(line.map { "line \($0): " } ?? "")\(reason)" }
}

/// Reads the first document of a YAML stream (JSON included: an image's index and manifests) with
/// libyaml into `YAMLNode`s. Anchors and aliases are resolved; nesting deeper than `maxDepth` and
/// more than `maxNodes` nodes are errors, not a stack overflow or a billion laughs.
public enum YAMLReader {
  public static let maxDepth = 256
  public static let maxNodes = 1 << 20

  public static func document(_ bytes: [UInt8]) throws(YAMLError) -> YAMLNode? {
    try bytes.withUnsafeBufferPointer { buffer throws(YAMLError) -> YAMLNode? in
      guard let parser = abidoctor_yaml_open(buffer.baseAddress, buffer.count) else {
        throw YAMLError(line: nil, reason: "libyaml-0.so.2 is not installed (Debian: apt-get install libyaml-0-2)")
      }
      defer { abidoctor_yaml_close(parser) }
      return try compose(parser)
    }
  }

  /// A container being built: its line, anchor, and what it holds so far.
  private struct Open {
    var line: Int
    var anchor: String?
    var isMapping: Bool
    var items: [YAMLNode] = []
  }

  private static func compose(_ parser: OpaquePointer) throws(YAMLError) -> YAMLNode? {
    var stack: [Open] = []
    var anchors: [String: YAMLNode] = [:]
    var nodes = 0
    var root: YAMLNode?
    var event = abidoctor_yaml_event()

    func fail() -> YAMLError {
      var context: UnsafePointer<CChar>? = nil
      var line = 0
      let problem = abidoctor_yaml_problem(parser, &context, &line).map { String(cString: $0) } ?? "unreadable"
      let words = [context.map { String(cString: $0) }, problem].compactMap { $0 }.filter { !$0.isEmpty }
      return YAMLError(line: line + 1, reason: words.joined(separator: ": "))
    }
    /// Adds a finished node to its container, or makes it the document.
    func add(_ node: YAMLNode, anchor: String?) throws(YAMLError) {
      nodes += 1
      guard nodes <= maxNodes else { throw YAMLError(line: node.line, reason: "more than \(maxNodes) nodes") }
      if let anchor { anchors[anchor] = node }
      if stack.isEmpty { root = node } else { stack[stack.count - 1].items.append(node) }
    }
    func text(_ pointer: UnsafePointer<CChar>?) -> String? { pointer.map { String(cString: $0) } }

    while true {
      guard abidoctor_yaml_next(parser, &event) == 1 else { throw fail() }
      let line = Int(event.line) + 1
      switch event.type {
      case 6:  // scalar
        let value = event.value.map { String(decoding: UnsafeRawBufferPointer(start: $0, count: event.length), as: UTF8.self) } ?? ""
        try add(YAMLNode(value: .scalar(value), line: line), anchor: text(event.anchor))
      case 5:  // alias
        guard let name = text(event.anchor), let target = anchors[name] else {
          throw YAMLError(line: line, reason: "alias *\(text(event.anchor) ?? "") names no anchor before it")
        }
        try add(target, anchor: nil)
      case 7, 9:  // sequence start, mapping start
        guard stack.count < maxDepth else { throw YAMLError(line: line, reason: "nested deeper than \(maxDepth) levels") }
        stack.append(Open(line: line, anchor: text(event.anchor), isMapping: event.type == 9))
      case 8, 10:  // sequence end, mapping end
        guard let open = stack.popLast() else { throw YAMLError(line: line, reason: "unbalanced document") }
        let node: YAMLNode
        if open.isMapping {
          var entries: [(key: YAMLNode, value: YAMLNode)] = []
          var index = 0
          while index + 1 < open.items.count {
            entries.append((open.items[index], open.items[index + 1]))
            index += 2
          }
          node = YAMLNode(value: .mapping(entries), line: open.line)
        } else {
          node = YAMLNode(value: .sequence(open.items), line: open.line)
        }
        try add(node, anchor: open.anchor)
      case 4, 2:  // document end, stream end: the first document is the answer
        return root
      default:  // stream start, document start
        continue
      }
    }
  }
}
