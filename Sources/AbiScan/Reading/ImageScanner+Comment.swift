/// `.comment`: the compilers and linkers that made the file (`GCC: (Debian 12.2.0-14) 12.2.0`,
/// `rustc version 1.95.0 ...`, `Linker: LLD ...`), NUL-separated. Fixes differ by toolchain, and a
/// stripped Rust program has no other sign of its language.
extension ImageScanner {
  /// At most `maxComments` strings of at most `maxCommentLength` bytes each, from a section of at most 64 KiB.
  func readComments() -> [String] {
    guard let section = section(named: ".comment"), section.header.sh_size <= 64 << 10,
      let bytes = sectionBytes(section)
    else { return [] }
    var out: [String] = []
    var start = 0
    while start < bytes.count && out.count < ReadLimits.maxComments {
      var end = start
      while end < bytes.count && bytes.u8(at: end) != 0 { end += 1 }
      if end > start {
        let length = min(end - start, ReadLimits.maxCommentLength)
        let text = String(decoding: (0..<length).compactMap { bytes.u8(at: start + $0) }, as: UTF8.self)
        if !out.contains(text) { out.append(text) }
      }
      start = end + 1
    }
    return out
  }
}
