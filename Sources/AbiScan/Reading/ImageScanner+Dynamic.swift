import CLibElf

/// The dynamic tags abidoctor reads (the corresponding ELF constants are `DT_*`).
enum DynamicTag {
  static let null: Int64 = 0
  static let needed: Int64 = 1
  static let strtab: Int64 = 5
  static let strsz: Int64 = 10
  static let soname: Int64 = 14
  static let rpath: Int64 = 15
  static let runpath: Int64 = 29
  static let flags: Int64 = 30
  static let flags1: Int64 = 0x6fff_fffb
}

extension ImageScanner {
  /// One raw dynamic entry, with string values still as offsets.
  struct RawDynamicEntry {
    let tag: Int64
    let value: UInt64
  }

  /// Reads the dynamic section through its section header, or through PT_DYNAMIC when there is none.
  func readDynamic() -> DynamicInfo? {
    if let section = sections(ofType: UInt32(SHT_DYNAMIC)).first {
      return readDynamicSection(section)
    }
    if let segment = segments(ofType: UInt32(PT_DYNAMIC)).first, !isNoBits(address: segment.p_vaddr) {
      return readDynamicSegment(segment)
    }
    return nil
  }

  private func readDynamicSection(_ section: SectionRef) -> DynamicInfo? {
    let entrySize = gelf_fsize(elf, ELF_T_DYN, 1, UInt32(EV_CURRENT))
    guard entrySize > 0 else { return nil }
    checkEntrySize(section, expected: entrySize, name: "SHT_DYNAMIC")
    guard let data = sectionData(section, name: "SHT_DYNAMIC") else { return nil }
    let count = data.pointee.d_size / entrySize
    guard count <= limits.maxDynamicEntries else {
      malformed(
        "dynamic section has \(count) entries, over the limit of \(limits.maxDynamicEntries)",
        offset: section.offset)
      return nil
    }
    var entries: [RawDynamicEntry] = []
    entries.reserveCapacity(count)  // grown one append at a time, it was a quarter of reading the section
    var terminated = false
    for i in 0..<count {
      var dyn = GElf_Dyn()
      guard gelf_getdyn(data, Int32(i), &dyn) != nil else {
        malformed("cannot read dynamic entry \(i)", offset: section.offset, libelf: true)
        break
      }
      if dyn.d_tag == DynamicTag.null {
        terminated = true
        break
      }
      entries.append(RawDynamicEntry(tag: dyn.d_tag, value: dyn.d_un.d_val))
    }
    if !terminated && count > 0 {
      malformed("dynamic section has no DT_NULL terminator", offset: section.offset)
    }
    let table = Int(section.header.sh_link)
    return makeDynamicInfo(entries, throughSegments: false) { offset in
      self.string(table: table, offset: offset)
    }
  }

  /// Reads PT_DYNAMIC from the raw file, for files whose section headers are gone.
  private func readDynamicSegment(_ segment: GElf_Phdr) -> DynamicInfo? {
    guard let bytes = segmentBytes(segment, name: "PT_DYNAMIC") else { return nil }
    let wordSize = elfClass == .elf64 ? 8 : 4
    let count = bytes.count / (2 * wordSize)
    guard count <= limits.maxDynamicEntries else {
      malformed(
        "PT_DYNAMIC has \(count) entries, over the limit of \(limits.maxDynamicEntries)",
        offset: segment.p_offset)
      return nil
    }
    var entries: [RawDynamicEntry] = []
    entries.reserveCapacity(count)  // grown one append at a time, it was a quarter of reading the section
    var terminated = false
    for i in 0..<count {
      let at = i * 2 * wordSize
      let tag: Int64
      let value: UInt64
      if wordSize == 8 {
        guard let t = bytes.u64(at: at), let v = bytes.u64(at: at + 8) else { break }
        tag = Int64(bitPattern: t)
        value = v
      } else {
        guard let t = bytes.u32(at: at), let v = bytes.u32(at: at + 4) else { break }
        tag = Int64(Int32(bitPattern: t))
        value = UInt64(v)
      }
      if tag == DynamicTag.null {
        terminated = true
        break
      }
      entries.append(RawDynamicEntry(tag: tag, value: value))
    }
    if !terminated && count > 0 {
      malformed("PT_DYNAMIC has no DT_NULL terminator", offset: segment.p_offset)
    }
    // Strings live at DT_STRTAB, an address: map it to the file through PT_LOAD.
    let strtabAddress = entries.first { $0.tag == DynamicTag.strtab }?.value
    let strtabSize = entries.first { $0.tag == DynamicTag.strsz }?.value ?? 0
    var table: ByteView? = nil
    if let address = strtabAddress {
      if let offset = fileOffset(ofAddress: address), let bytes = fileBytes(at: offset, count: strtabSize) {
        table = bytes
      } else {
        malformed(
          "DT_STRTAB 0x\(String(address, radix: 16)) (\(strtabSize) bytes) is not inside the file's loaded segments",
          offset: segment.p_offset)
      }
    }
    return makeDynamicInfo(entries, throughSegments: true) { offset in
      guard let table, let at = Int(exactly: offset) else { return nil }
      return table.cString(at: at, limit: self.limits.maxStringLength)
    }
  }

  private func makeDynamicInfo(
    _ entries: [RawDynamicEntry], throughSegments: Bool, string: (UInt64) -> String?
  ) -> DynamicInfo {
    var info = DynamicInfo(readThroughProgramHeaders: throughSegments)
    func text(_ entry: RawDynamicEntry, _ name: String) -> String? {
      guard let value = string(entry.value) else {
        malformed("\(name) string offset 0x\(String(entry.value, radix: 16)) is outside the dynamic string table")
        return nil
      }
      return value
    }
    for entry in entries {
      switch entry.tag {
      case DynamicTag.needed:
        if let name = text(entry, "DT_NEEDED") { info.needed.append(name) }
      case DynamicTag.soname:
        if info.soname == nil { info.soname = text(entry, "DT_SONAME") }
      case DynamicTag.rpath:
        if let list = text(entry, "DT_RPATH") { info.rpath += Self.searchList(list) }
      case DynamicTag.runpath:
        if let list = text(entry, "DT_RUNPATH") { info.runpath += Self.searchList(list) }
      case DynamicTag.flags:
        info.flags = entry.value
      case DynamicTag.flags1:
        info.flags1 = entry.value
      default:
        break
      }
    }
    return info
  }

  /// Splits a DT_RPATH/DT_RUNPATH value on `:`; ld.so treats an empty element as the current folder, so it is kept.
  static func searchList(_ value: String) -> [String] {
    value.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
  }
}
