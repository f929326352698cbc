#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

extension String {
  /// Whether `needle`'s bytes occur in this string's UTF-8 bytes: `strstr` on both.
  ///
  /// Why: `String.contains(_: String)` comes from _StringProcessing and compares Characters,
  /// 20,000 instructions for a path and a short needle; `deps` asked it a few hundred times per run
  /// (paths for `$ORIGIN` tokens and `ld-musl-`), 2 M of its 31 M instructions (callgrind). For the
  /// file names, paths and tokens abidoctor searches, byte equality is the question anyway. A string
  /// with a NUL byte is searched up to that byte, as the C library sees a path.
  public func containsBytes(_ needle: String) -> Bool {
    withCString { haystack in needle.withCString { strstr(haystack, $0) != nil } }
  }
}

extension StringProtocol {
  /// The text with every occurrence of `target`'s bytes replaced by `replacement`'s, left to right and
  /// without overlaps (what `replacing(_:with:)` does for the ASCII tokens abidoctor rewrites).
  ///
  /// Why not `replacing`: it, `contains(_: String)` and `firstRange(of:)` live in _StringProcessing,
  /// and one call of any of them linked that module and _RegexParser whole: 930 KB of code, their
  /// Unicode tables, and 30 KB of relocated data that ld.so fixed up at every start.
  public func replacingBytes(_ target: String, with replacement: String) -> String {
    let needle = Array(target.utf8)
    guard !needle.isEmpty else { return String(self) }
    let bytes = Array(utf8)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var from = 0
    while let at = Self.offset(of: needle, in: bytes, from: from) {
      out.append(contentsOf: bytes[from..<at])
      out.append(contentsOf: replacement.utf8)
      from = at + needle.count
    }
    out.append(contentsOf: bytes[from...])
    return String(decoding: out, as: UTF8.self)
  }

  /// The text before the first occurrence of `separator`'s bytes, or nil when it does not occur.
  public func prefixBeforeBytes(_ separator: String) -> String? {
    let needle = Array(separator.utf8)
    guard !needle.isEmpty else { return nil }
    let bytes = Array(utf8)
    return Self.offset(of: needle, in: bytes, from: 0).map { String(decoding: bytes[..<$0], as: UTF8.self) }
  }

  /// Where `needle` first occurs in `bytes` at or after `from`: byte equality, and unlike the `strstr`
  /// of `containsBytes` not stopped by a NUL byte (Swift's Glibc module has no `memmem`).
  private static func offset(of needle: [UInt8], in bytes: [UInt8], from: Int) -> Int? {
    guard !needle.isEmpty, from >= 0, bytes.count - from >= needle.count else { return nil }
    for at in from...(bytes.count - needle.count)
    where bytes[at] == needle[0] && bytes[at..<(at + needle.count)].elementsEqual(needle) {
      return at
    }
    return nil
  }
}

extension String {
  /// Whether the UTF-8 bytes hold `byte` (`memchr` over them). `utf8.contains(_:)` went through the
  /// view's generic iterator: 600 instructions for a library name, asked for every need of every object.
  public func containsByte(_ byte: UInt8) -> Bool {
    if let found = utf8.withContiguousStorageIfAvailable({ buffer -> Bool in
      guard let base = buffer.baseAddress else { return false }
      return memchr(base, Int32(byte), buffer.count) != nil
    }) {
      return found
    }
    return utf8.contains(byte)
  }
}
