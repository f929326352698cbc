extension Array where Element == String {
  /// The strings with `separator` between them, as the standard library's `joined(separator:)` gives.
  ///
  /// Why this exists: that one is generic code in the standard library (not specialised for the
  /// caller), and its first call makes the Swift runtime resolve its associated types, with a scan of
  /// every conformance record in the binary: 145,000 instructions of a 1.9 M-instruction one-file
  /// `inspect` (callgrind). Arrays of strings are joined everywhere in abidoctor's output; as a
  /// concrete extension this one is chosen over the generic one at every call on `[String]`.
  @inlinable
  public func joined(separator: String = "") -> String {
    var text = ""
    var first = true
    for part in self {
      if first { first = false } else { text += separator }
      text += part
    }
    return text
  }
}
