#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Writes to file descriptor 2 (the C `stderr` global is not concurrency-safe in Swift 6).
enum StandardError {
  static func write(_ text: String) {
    var remaining = Array(text.utf8)[...]
    while !remaining.isEmpty {
      let written = remaining.withUnsafeBytes { Glibc.write(2, $0.baseAddress, $0.count) }
      if written <= 0 { return }
      remaining = remaining.dropFirst(written)
    }
  }
}
