import CLibElf

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

extension ImageScanner {
  /// The version string in a musl libc's read-only data, or nil when the file is not musl's libc.
  ///
  /// musl's loader prints `musl libc (ARCH)` and `Version %s`; its `.rodata`
  /// carries the marker and the bare version (`1.2.3`) as separate strings.
  /// Reading it from the bytes avoids what auditwheel does: executing the
  /// target's loader.
  func muslVersionString(dynamic: DynamicInfo?) -> String? {
    guard let view = readOnlyData() else { return nil }
    let marker = Array("musl libc (".utf8)
    guard Self.find(marker, in: view.base) != nil else { return nil }
    var start = 0
    let bytes = view.base
    while start < bytes.count {
      var end = start
      while end < bytes.count && bytes[end] != 0 { end += 1 }
      let length = end - start
      if length >= 5 && length <= 32, start == 0 || bytes[start - 1] == 0 {
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        if let number = VersionNumber(text), number.components.count == 3 { return text }
      }
      start = end + 1
    }
    return nil
  }

  /// `.rodata` when the file has sections, otherwise the whole file.
  private func readOnlyData() -> ByteView? {
    if sections.isEmpty { return fileBytes(at: 0, count: handle.size) }
    return section(named: ".rodata").flatMap(sectionBytes)
  }

  /// The section with this name, through the section-name table.
  func section(named name: String) -> SectionRef? {
    guard let index = sectionNameTable.first(where: { $0.name == name })?.index else { return nil }
    return sections.first { $0.index == index }
  }

  /// The first offset of `needle` in `haystack` at or after `from`.
  static func find(_ needle: [UInt8], in haystack: UnsafeRawBufferPointer, from start: Int = 0) -> Int? {
    guard let base = haystack.baseAddress, !needle.isEmpty else { return nil }
    // memchr for the first byte, then memcmp: memmem is a GNU extension Swift's Glibc module hides.
    return needle.withUnsafeBytes { pattern -> Int? in
      guard let patternBase = pattern.baseAddress else { return nil }
      var offset = max(0, start)
      while offset + needle.count <= haystack.count {
        guard let hit = memchr(base + offset, Int32(needle[0]), haystack.count - offset - needle.count + 1) else {
          return nil
        }
        let at = UnsafeRawPointer(hit) - base
        if memcmp(base + at, patternBase, needle.count) == 0 { return at }
        offset = at + 1
      }
      return nil
    }
  }
}
