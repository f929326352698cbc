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
