import CLibElf

extension ImageScanner {
  /// What a `.gnu.version` index stands for: a node this object defines, or one it needs of a library.
  struct VersionSlot {
    let name: String
    let file: String?
  }

  /// Reads `.dynsym` with `.gnu.version`; names and versions only when `withNames`.
  func readDynamicSymbols(
    needs: [VersionNeed], definitions: [VersionDefinition], withNames: Bool
  ) -> ([DynamicSymbol]?, SymbolCounts?) {
    guard let section = sections(ofType: UInt32(SHT_DYNSYM)).first else {
      // No .dynsym: a static binary or object has no dynamic symbols; a file without sections cannot tell.
      return sections.isEmpty && !segments(ofType: UInt32(PT_DYNAMIC)).isEmpty
        ? (nil, nil) : ([], SymbolCounts(defined: 0, undefined: 0))
    }
    let entrySize = gelf_fsize(elf, ELF_T_SYM, 1, UInt32(EV_CURRENT))
    guard entrySize > 0 else { return (nil, nil) }
    checkEntrySize(section, expected: entrySize, name: "SHT_DYNSYM")
    guard let data = sectionData(section, name: "SHT_DYNSYM") else { return (nil, nil) }
    let count = data.pointee.d_size / entrySize
    guard count <= limits.maxDynamicSymbols else {
      malformed(
        "SHT_DYNSYM has \(count) symbols, over the limit of \(limits.maxDynamicSymbols)",
        offset: section.offset)
      return (nil, nil)
    }
    var versionData: UnsafeMutablePointer<Elf_Data>? = nil
    var slots: [UInt16: VersionSlot] = [:]
    if withNames, let versym = sections(ofType: UInt32(SHT_GNU_versym)).first {
      versionData = sectionData(versym, name: "SHT_GNU_versym")
      if let versionData, versionData.pointee.d_size / 2 != count {
        malformed(
          "SHT_GNU_versym has \(versionData.pointee.d_size / 2) entries for \(count) dynamic symbols",
          offset: versym.offset)
      }
      for definition in definitions where !definition.isBase {
        slots[definition.index & 0x7fff] = VersionSlot(name: definition.name, file: nil)
      }
      for need in needs {
        for version in need.versions {
          slots[version.index & 0x7fff] = VersionSlot(name: version.name, file: need.file)
        }
      }
    }
    let table = Int(section.header.sh_link)
    var symbols: [DynamicSymbol] = []
    if withNames { symbols.reserveCapacity(max(0, count - 1)) }
    var defined = 0
    var undefined = 0
    var badName = false
    var badVersion = false
    for i in 1..<max(1, count) {
      var sym = GElf_Sym()
      guard gelf_getsym(data, Int32(i), &sym) != nil else {
        malformed("cannot read dynamic symbol \(i)", offset: section.offset, libelf: true)
        return (withNames ? symbols : nil, nil)
      }
      if sym.st_shndx == 0 { undefined += 1 } else { defined += 1 }
      guard withNames else { continue }
      var name = ""
      if sym.st_name != 0 {
        if let text = string(table: table, offset: UInt64(sym.st_name), wholeTable: true) {
          name = text
        } else if !badName {
          badName = true
          malformed(
            "dynamic symbol \(i): st_name 0x\(String(sym.st_name, radix: 16)) is outside the string table",
            offset: section.offset &+ UInt64(i * entrySize))
        }
      }
      var version: SymbolVersion? = nil
      if let versionData {
        var raw = GElf_Versym()
        if gelf_getversym(versionData, Int32(i), &raw) != nil {
          let index = raw & 0x7fff
          if index > 1 {
            if let slot = slots[index] {
              version = SymbolVersion(
                name: slot.name, index: raw, isHidden: raw & 0x8000 != 0, file: slot.file)
            } else if !badVersion {
              badVersion = true
              malformed(
                "dynamic symbol \(i) (\(name)): .gnu.version index \(index) names no version definition or need")
            }
          }
        }
      }
      symbols.append(
        DynamicSymbol(
          name: name, binding: .init(rawValue: clibelf_st_bind(sym.st_info)),
          type: .init(rawValue: clibelf_st_type(sym.st_info)),
          visibility: .init(rawValue: clibelf_st_visibility(sym.st_other)),
          sectionIndex: sym.st_shndx, value: sym.st_value, size: sym.st_size, version: version))
    }
    return (withNames ? symbols : nil, SymbolCounts(defined: defined, undefined: undefined))
  }

  /// The defined, non-local symbol names of `.symtab` (SHT_SYMTAB); empty when the file is stripped.
  func readStaticSymbolNames() -> Set<String> {
    guard let section = sections(ofType: UInt32(SHT_SYMTAB)).first,
      let data = sectionData(section, name: "SHT_SYMTAB")
    else { return [] }
    let entrySize = gelf_fsize(elf, ELF_T_SYM, 1, UInt32(EV_CURRENT))
    guard entrySize > 0 else { return [] }
    let count = data.pointee.d_size / entrySize
    guard count <= limits.maxDynamicSymbols else {
      malformed("SHT_SYMTAB has \(count) symbols, over the limit of \(limits.maxDynamicSymbols)", offset: section.offset)
      return []
    }
    var names = Set<String>()
    let table = Int(section.header.sh_link)
    for i in 1..<max(1, count) {
      var sym = GElf_Sym()
      guard gelf_getsym(data, Int32(i), &sym) != nil else { break }
      guard sym.st_shndx != 0, clibelf_st_bind(sym.st_info) != 0, sym.st_name != 0 else { continue }
      if let name = string(table: table, offset: UInt64(sym.st_name), wholeTable: true) { names.insert(name) }
    }
    return names
  }
}
