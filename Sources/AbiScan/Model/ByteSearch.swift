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
