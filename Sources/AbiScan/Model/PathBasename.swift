extension String {
  /// The last non-empty `/`-separated component, or the whole string when it has none (`/`, ``):
  /// what `split(separator: "/").last ?? self` gives, found in the UTF-8 bytes. That split walks
  /// grapheme clusters and builds an array of substrings: 12,000 instructions for a loader path,
  /// run for every program classified (callgrind, `deps`).
  public var lastPathComponent: String {
    let bytes = utf8
    var end = bytes.endIndex
    while end > bytes.startIndex, bytes[bytes.index(before: end)] == UInt8(ascii: "/") { end = bytes.index(before: end) }
    guard end > bytes.startIndex else { return self }
    var start = end
    while start > bytes.startIndex, bytes[bytes.index(before: start)] != UInt8(ascii: "/") { start = bytes.index(before: start) }
    return String(self[start..<end])
  }
}

extension String {
  /// The non-empty `/`-separated components, in order: what `split(separator: "/")` gives, found in
  /// the UTF-8 bytes (that split walks grapheme clusters: 300 instructions a byte of a link target).
  public func slashSeparatedComponents() -> [Substring] {
    var parts: [Substring] = []
    let bytes = utf8
    var start = bytes.startIndex
    var at = start
    while at < bytes.endIndex {
      if bytes[at] == UInt8(ascii: "/") {
        if start < at { parts.append(self[start..<at]) }
        start = bytes.index(after: at)
      }
      at = bytes.index(after: at)
    }
    if start < bytes.endIndex { parts.append(self[start..<bytes.endIndex]) }
    return parts
  }
}
