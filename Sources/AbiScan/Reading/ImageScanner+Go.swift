import CLibElf

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

extension ImageScanner {
  /// Section names, by index (empty when the section name table cannot be read).
  ///
  /// A list, not an `[Int: String]`: that dictionary's first instance makes the Swift runtime scan every
  /// conformance record for `Int: Hashable` (200,000 instructions per `inspect`, callgrind).
  func sectionNames() -> [(index: Int, name: String)] {
    var table = 0
    guard elf_getshdrstrndx(elf, &table) == 0 else { return [] }
    var names: [(index: Int, name: String)] = []
    names.reserveCapacity(sections.count)
    for section in sections {
      if let name = string(table: table, offset: UInt64(section.header.sh_name)) { names.append((section.index, name)) }
    }
    return names
  }

  /// Go facts, for files the Go linker made (a `.note.go.buildid`, `.go.buildinfo` or `.gopclntab` section).
  func readGoFacts() -> GoFacts? {
    let names = sectionNameTable
    let goSections = [".note.go.buildid", ".go.buildinfo", ".gopclntab", ".data.rel.ro.gopclntab"]
    guard names.contains(where: { goSections.contains($0.name) }) else { return nil }
    var facts = GoFacts(
      version: nil, mainPath: nil, mainModule: nil, dependencies: [], settings: [], packageHashes: [],
      hasBuildInfo: false)
    if let section = section(named: ".go.buildinfo"), let bytes = sectionBytes(section) {
      facts.hasBuildInfo = true
      parseBuildInfo(bytes, into: &facts)
    }
    (facts.packageHashes, facts.linkerSymbolPrefix) = packageHashes(table: SHT_DYNSYM)
    facts.checkOrder = pkghashTableOrder()
    if facts.packageHashes.isEmpty { (facts.packageHashes, facts.linkerSymbolPrefix) = packageHashes(table: SHT_SYMTAB) }
    if facts.version == nil, let rodata = section(named: ".rodata"), let bytes = sectionBytes(rodata) {
      facts.version = Self.runtimeVersion(in: bytes)
    }
    return facts
  }

  /// The packages of a plugin's `go.link.pkghashes` table in table order: each entry's runtime-hash pointer
  /// is a dynamic relocation against `go.link.pkghash.<pkg>`, so sorting those relocations by offset
  /// recovers the order even when `-s` removed the table's own symbol.
  func pkghashTableOrder() -> [String] {
    guard let dynsym = sections(ofType: UInt32(SHT_DYNSYM)).first,
      let symbols = sectionData(dynsym, name: "SHT_DYNSYM")
    else { return [] }
    var entries: [(offset: UInt64, package: String)] = []
    for section in sections(ofType: UInt32(SHT_RELA)) where Int(section.header.sh_link) == dynsym.index {
      guard let data = sectionData(section, name: "SHT_RELA") else { continue }
      let entrySize = gelf_fsize(elf, ELF_T_RELA, 1, UInt32(EV_CURRENT))
      guard entrySize > 0 else { continue }
      let count = min(data.pointee.d_size / entrySize, limits.maxDynamicSymbols)
      for i in 0..<count {
        var rela = GElf_Rela()
        guard gelf_getrela(data, Int32(i), &rela) != nil else { break }
        let index = Int32(truncatingIfNeeded: rela.r_info >> 32)
        guard index > 0 else { continue }
        var sym = GElf_Sym()
        guard gelf_getsym(symbols, index, &sym) != nil,
          let name = string(table: Int(dynsym.header.sh_link), offset: UInt64(sym.st_name), wholeTable: true)
        else { continue }
        for prefix in ["go.link.pkghash.", "go:link.pkghash."] where name.hasPrefix(prefix) {
          entries.append((rela.r_offset, String(name.dropFirst(prefix.count))))
        }
      }
    }
    return entries.sorted { $0.offset < $1.offset }.map(\.package)
  }

  /// The raw bytes of a section, or nil when they are not in the file.
  func sectionBytes(_ section: SectionRef) -> ByteView? {
    guard section.header.sh_type != UInt32(SHT_NOBITS) else { return nil }
    return fileBytes(at: section.offset, count: section.header.sh_size)
  }

  /// `.go.buildinfo` (Go 1.18+): `\xff Go buildinf:`, pointer size, flags; with flag 2 the version and
  /// the module info follow at offset 32 as varint-length strings.
  private func parseBuildInfo(_ bytes: ByteView, into facts: inout GoFacts) {
    let magic = Array("\u{ff} Go buildinf:".unicodeScalars.map { UInt8($0.value) })
    guard bytes.count >= 32, (0..<magic.count).allSatisfy({ bytes.u8(at: $0) == magic[$0] }),
      let flags = bytes.u8(at: 15), flags & 2 != 0
    else { return }
    var at = 32
    func next() -> [UInt8]? {
      var length = 0
      var shift = 0
      while let byte = bytes.u8(at: at), shift < 63 {
        at += 1
        length |= Int(byte & 0x7f) << shift
        if byte & 0x80 == 0 { break }
        shift += 7
      }
      guard length >= 0, length <= 1 << 20, let slice = bytes.slice(at, length) else { return nil }
      at += length
      return Array(slice)
    }
    facts.version = next().map { String(decoding: $0, as: UTF8.self) }
    guard var raw = next() else { return }
    // Module info sits between two 16-byte binary sentinels.
    if raw.count >= 33 { raw = Array(raw.dropFirst(16).dropLast(16)) }
    let info = String(decoding: raw, as: UTF8.self)
    for line in info.split(separator: "\n") {
      let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
      switch fields.first {
      case "path": if fields.count > 1 { facts.mainPath = fields[1] }
      case "mod":
        if fields.count > 2 { facts.mainModule = GoModule(path: fields[1], version: fields[2], sum: fields.count > 3 ? fields[3] : nil, replacement: nil) }
      case "dep":
        if fields.count > 2 {
          facts.dependencies.append(GoModule(path: fields[1], version: fields[2], sum: fields.count > 3 ? fields[3] : nil, replacement: nil))
        }
      case "=>":
        if fields.count > 2, !facts.dependencies.isEmpty {
          facts.dependencies[facts.dependencies.count - 1].replacement = "\(fields[1]) \(fields[2])"
        }
      case "build":
        if fields.count > 1, let equals = fields[1].firstIndex(of: "=") {
          facts.settings.append(GoSetting(key: String(fields[1][..<equals]), value: String(fields[1][fields[1].index(after: equals)...])))
        }
      default: break
      }
    }
  }

  /// Every `go.link.pkghashbytes.<pkg>` (Go 1.19) or `go:link.pkghashbytes.<pkg>` symbol with the 8 bytes it names.
  /// Also the prefix the linker's own symbols carry (`go.` up to Go 1.19, `go:` from Go 1.20).
  private func packageHashes(table type: Int32) -> ([GoPackageHash], String?) {
    guard let section = sections(ofType: UInt32(type)).first, let data = sectionData(section, name: "symbol table")
    else { return ([], nil) }
    let entrySize = gelf_fsize(elf, ELF_T_SYM, 1, UInt32(EV_CURRENT))
    guard entrySize > 0 else { return ([], nil) }
    var scheme: String? = nil
    let count = min(data.pointee.d_size / entrySize, limits.maxDynamicSymbols)
    var out: [GoPackageHash] = []
    for i in 1..<max(1, count) {
      var sym = GElf_Sym()
      guard gelf_getsym(data, Int32(i), &sym) != nil else { break }
      guard sym.st_shndx != 0, sym.st_size >= 8, let name = string(table: Int(section.header.sh_link), offset: UInt64(sym.st_name), wholeTable: true)
      else { continue }
      var package: String? = nil
      for prefix in ["go.link.pkghashbytes.", "go:link.pkghashbytes."] where name.hasPrefix(prefix) {
        package = String(name.dropFirst(prefix.count))
        scheme = String(prefix.prefix(3))
      }
      guard let package, let holder = sections.first(where: { $0.index == Int(sym.st_shndx) }),
        sym.st_value >= holder.header.sh_addr
      else { continue }
      let (offset, overflow) = holder.header.sh_offset.addingReportingOverflow(sym.st_value - holder.header.sh_addr)
      guard !overflow, let bytes = fileBytes(at: offset, count: 8) else { continue }
      out.append(GoPackageHash(package: package, hash: bytes.base.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()))
    }
    return (out, scheme)
  }

  /// The runtime's version string (`go1.19.8`) in read-only data: what a plugin, which has no build info, carries.
  static func runtimeVersion(in bytes: ByteView) -> String? {
    let needle = Array("go1.".utf8)
    func isWordByte(_ c: UInt8) -> Bool { (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) }
    var from = 0
    while let i = find(needle, in: bytes.base, from: from) {
      from = i + 1
      var end = i + needle.count
      while let c = bytes.u8(at: end), (c >= 0x30 && c <= 0x39) || c == 0x2e { end += 1 }
      guard i == 0 || !isWordByte(bytes.u8(at: i - 1) ?? 0), end > i + needle.count, let slice = bytes.slice(i, end - i)
      else { continue }
      let text = String(decoding: slice, as: UTF8.self)
      if VersionNumber(text.dropFirst(2)) != nil { return text }
    }
    return nil
  }

}
