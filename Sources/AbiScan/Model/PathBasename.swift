extension String {
  /// The last non-empty `/`-separated component, or the whole string when it has none (`/`, ``):
  /// what `split(separator: "/").last ?? self` gives, found in the string's own UTF-8 buffer. That
  /// split walks grapheme clusters and builds an array of substrings (12,000 instructions for a loader
  /// path, run for every program classified, callgrind `deps`); by UTF8View indices and a Substring
  /// it was still 1,500.
  public var lastPathComponent: String {
    var copy = self
    return copy.withUTF8 { bytes in
      var end = bytes.count
      while end > 0, bytes[end - 1] == UInt8(ascii: "/") { end -= 1 }
      guard end > 0 else { return self }
      var start = end
      while start > 0, bytes[start - 1] != UInt8(ascii: "/") { start -= 1 }
      if start == 0 && end == bytes.count { return self }
      return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }
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
