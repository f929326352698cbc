import CLibElf

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// A section as libelf sees it: its index, its libelf handle and its header.
struct SectionRef {
  let index: Int
  let scn: OpaquePointer
  let header: GElf_Shdr

  var offset: UInt64 { header.sh_offset }
}

/// Reads one open file into an `ElfImage`, collecting problems instead of stopping at the first.
///
/// One scanner per file and per task; it owns no shared state.
final class ImageScanner {
  let handle: ElfHandle
  let path: String
  let parts: ReadParts
  let limits: ReadLimits
  var problems: [ElfReadError] = []
  var header = GElf_Ehdr()
  var elfClass: ElfClass = .elf64
  var endianness: Endianness = .little
  var segments: [GElf_Phdr] = []
  var sections: [SectionRef] = []
  /// Windows of large string tables read so far (`windowedString`); the handle owns their bytes.
  var stringWindows: [(table: Int, start: UInt64, bytes: UnsafeRawBufferPointer)] = []

  init(handle: ElfHandle, path: String, parts: ReadParts, limits: ReadLimits) {
    self.handle = handle
    self.path = path
    self.parts = parts
    self.limits = limits
  }

  var elf: OpaquePointer { handle.elf }

  /// Records a `malformed-elf` problem; `libelf` adds libelf's message for the call that just failed.
  func malformed(_ what: String, offset: UInt64? = nil, libelf: Bool = false, stopsTheLoader: Bool = false) {
    var problem = ElfReadError(
      code: .malformed, path: path, what: what, offset: offset,
      libelfMessage: libelf ? LibElf.lastErrorMessage() : nil)
    problem.stopsTheLoader = stopsTheLoader
    problems.append(problem)
  }

  /// Section names by index, read once on first use (only the Go and musl checks need them).
  lazy var sectionNameTable: [(index: Int, name: String)] = sectionNames()

  /// The file's bytes in `[offset, offset + count)`, in the file's byte order; nil when outside the file.
  func fileBytes(at offset: UInt64, count: UInt64) -> ByteView? {
    guard let count = Int(exactly: count), let bytes = handle.bytes(at: offset, count: count) else { return nil }
    return ByteView(base: bytes, endianness: endianness)
  }

  func scan() throws(ElfReadError) -> ElfImage {
    let identity = try readIdentity()
    readProgramHeaders()
    readSectionHeaders()
    checkLoadability(identity)
    let interpreter = readInterpreter()
    let dynamic = parts.contains(.dynamic) ? readDynamic() : nil
    var needs: [VersionNeed]? = nil
    var definitions: [VersionDefinition]? = nil
    if !parts.isDisjoint(with: [.versions, .symbols, .symbolCounts]) {
      needs = readVersionNeeds()
      definitions = readVersionDefinitions()
    }
    var symbols: [DynamicSymbol]? = nil
    var counts: SymbolCounts? = nil
    if !parts.isDisjoint(with: [.symbols, .symbolCounts, .cxxSymbols]) {
      let isCxx = dynamic?.needed.contains("libstdc++.so.6") == true || dynamic?.soname == "libstdc++.so.6"
      (symbols, counts) = readDynamicSymbols(
        needs: needs ?? [], definitions: definitions ?? [],
        withNames: parts.contains(.symbols) || (parts.contains(.cxxSymbols) && isCxx))
    }
    let notes = parts.contains(.notes) ? readNotes() : GNUNotes()
    let libc = LibcClassifier.classify(
      type: identity.type, interpreter: interpreter, dynamic: dynamic, versionNeeds: needs ?? [],
      versionDefinitions: definitions ?? [], notes: notes,
      muslVersion: { self.muslVersionString(dynamic: dynamic) })
    var image = ElfImage(
      path: path, fileSize: handle.size, identity: identity, interpreter: interpreter,
      dynamic: dynamic, versionNeeds: parts.contains(.versions) ? needs : nil,
      versionDefinitions: parts.contains(.versions) ? definitions : nil,
      symbols: symbols, symbolCounts: counts, notes: notes, stack: stackPermission(),
      hasSectionHeaders: !sections.isEmpty, libc: libc, problems: [])
    if parts.contains(.staticSymbols) { image.staticSymbolNames = readStaticSymbolNames() }
    if parts.contains(.go) {
      image.go = readGoFacts()
      image.comments = readComments()
    }
    image.problems = problems
    return image
  }

  // MARK: Header

  private func readIdentity() throws(ElfReadError) -> ElfIdentity {
    guard gelf_getehdr(elf, &header) != nil else {
      throw ElfReadError(
        code: .malformed, path: path, what: "cannot read the ELF header", offset: 0,
        libelfMessage: LibElf.lastErrorMessage())
    }
    let ident = withUnsafeBytes(of: header.e_ident) { Array($0) }
    switch ident[4] {
    case 1: elfClass = .elf32
    case 2: elfClass = .elf64
    default:
      throw ElfReadError(code: .malformed, path: path, what: "invalid EI_CLASS \(ident[4])", offset: 4)
    }
    switch ident[5] {
    case 1: endianness = .little
    case 2: endianness = .big
    default:
      throw ElfReadError(code: .malformed, path: path, what: "invalid EI_DATA \(ident[5])", offset: 5)
    }
    let machine = Machine(rawValue: header.e_machine)
    return ElfIdentity(
      elfClass: elfClass, endianness: endianness, osabi: OSABI(rawValue: ident[7]),
      abiVersion: ident[8], type: ObjectType(rawValue: header.e_type), machine: machine,
      flags: FlagDecoder.decode(machine: machine, elfClass: elfClass, flags: header.e_flags),
      entry: header.e_entry)
  }

  /// Whether `count` records of `entrySize` bytes at `offset` lie inside the file.
  func fitsInFile(offset: UInt64, count: UInt64, entrySize: UInt64) -> Bool {
    let (bytes, o1) = count.multipliedReportingOverflow(by: entrySize)
    let (end, o2) = offset.addingReportingOverflow(bytes)
    return !o1 && !o2 && end <= handle.size
  }

  // MARK: Program headers

  private func readProgramHeaders() {
    let expectedSize: UInt64 = elfClass == .elf64 ? 56 : 32
    // Checked before libelf is asked, so the message names the table rather than libelf's "invalid data".
    if header.e_phnum != 0 && header.e_phnum != 0xffff
      && !fitsInFile(offset: header.e_phoff, count: UInt64(header.e_phnum), entrySize: expectedSize)
    {
      malformed(
        "program header table (\(header.e_phnum) entries) runs past the end of the file (\(handle.size) bytes)",
        offset: header.e_phoff, stopsTheLoader: true)
      if header.e_phoff >= handle.size { return }
    }
    var count = 0
    guard elf_getphdrnum(elf, &count) == 0 else {
      malformed("cannot count the program headers", offset: header.e_phoff, libelf: true)
      return
    }
    guard count > 0 else { return }
    if UInt64(header.e_phentsize) != expectedSize {
      malformed(
        "e_phentsize is \(header.e_phentsize), expected \(expectedSize) for ELF\(elfClass.bits)",
        offset: elfClass == .elf64 ? 54 : 42, stopsTheLoader: true)
    }
    guard count <= limits.maxProgramHeaders else {
      malformed("\(count) program headers exceed the limit of \(limits.maxProgramHeaders)", offset: header.e_phoff)
      return
    }
    // Into a local array of the right size, stored once: appending to the property one header at a
    // time grew it again and again, each append checked for exclusive access (half of this function).
    var read: [GElf_Phdr] = []
    read.reserveCapacity(count)
    defer { segments = read }
    for i in 0..<count {
      var phdr = GElf_Phdr()
      guard gelf_getphdr(elf, Int32(i), &phdr) != nil else {
        malformed(
          "cannot read program header \(i)",
          offset: header.e_phoff &+ UInt64(i) &* expectedSize, libelf: true)
        return
      }
      read.append(phdr)
    }
  }

  /// The program headers of one type, filtered as they are read (no array is built: callers mostly want the first).
  func segments(ofType type: UInt32) -> LazyFilterCollection<[GElf_Phdr]> { segments.lazy.filter { $0.p_type == type } }

  /// The file bytes of a segment, or nil (with a problem recorded) when it lies outside the file.
  func segmentBytes(_ phdr: GElf_Phdr, name: String) -> ByteView? {
    guard let bytes = fileBytes(at: phdr.p_offset, count: phdr.p_filesz) else {
      malformed(
        "\(name) segment (\(phdr.p_filesz) bytes) runs past the end of the file (\(handle.size) bytes)",
        offset: phdr.p_offset)
      return nil
    }
    return bytes
  }

  /// Maps a virtual address to a file offset through the PT_LOAD segments, as the loader would place them.
  func fileOffset(ofAddress address: UInt64) -> UInt64? {
    for load in segments(ofType: UInt32(PT_LOAD)) where address >= load.p_vaddr {
      let delta = address - load.p_vaddr
      if delta < load.p_filesz {
        let (offset, overflow) = load.p_offset.addingReportingOverflow(delta)
        return overflow ? nil : offset
      }
    }
    return nil
  }

  /// What ld.so would trip over before it maps anything, or what kills the process once it has:
  /// a header whose size does not fit its class (the class byte lies, or the header is damaged), a
  /// loadable object without program headers, and a PT_LOAD segment whose bytes are not in the
  /// file (a truncated copy: the loader maps past the end and the process dies with SIGBUS).
  private func checkLoadability(_ identity: ElfIdentity) {
    let expectedHeader: UInt16 = elfClass == .elf64 ? 64 : 52
    if header.e_ehsize != expectedHeader {
      malformed(
        "e_ehsize is \(header.e_ehsize), expected \(expectedHeader) for ELF\(elfClass.bits): the class byte (EI_CLASS) or the header is wrong",
        offset: elfClass == .elf64 ? 52 : 40, stopsTheLoader: true)
    }
    guard identity.type == .sharedObject || identity.type == .executable else { return }
    if segments.isEmpty && problems.isEmpty {
      malformed("a loadable object (\(identity.type.shortName)) with no program headers: the loader cannot map it", offset: header.e_phoff, stopsTheLoader: true)
    }
    for (index, load) in segments.enumerated() where load.p_type == UInt32(PT_LOAD) && load.p_filesz > 0 {
      let (end, overflow) = load.p_offset.addingReportingOverflow(load.p_filesz)
      guard overflow || end > handle.size else { continue }
      // A separate debug file keeps the original's program headers but not its bytes.
      if isSeparateDebugFile { return }
      malformed(
        "PT_LOAD segment \(index) (offset \(load.p_offset), \(load.p_filesz) bytes) runs past the end of the file (\(handle.size) bytes): the file is truncated, and a process that maps it dies with SIGBUS",
        offset: load.p_offset, stopsTheLoader: true)
      break
    }
  }

  /// A file from `objcopy --only-keep-debug`: the program headers name a dynamic segment, but no
  /// section holds it in the file (its .dynamic is SHT_NOBITS).
  var isSeparateDebugFile: Bool {
    !sections.isEmpty && segments.contains { $0.p_type == UInt32(PT_DYNAMIC) }
      && !sections.contains { $0.header.sh_type == UInt32(SHT_DYNAMIC) }
  }

  private func readInterpreter() -> String? {
    guard let interp = segments(ofType: UInt32(PT_INTERP)).first else { return nil }
    // A separate debug file (objcopy --only-keep-debug) keeps the program headers but not the
    // bytes: its .interp is SHT_NOBITS, so there is nothing to read, and nothing is wrong.
    if isNoBits(address: interp.p_vaddr) { return nil }
    guard interp.p_filesz <= UInt64(limits.maxInterpreterLength) else {
      malformed(
        "PT_INTERP is \(interp.p_filesz) bytes, over the limit of \(limits.maxInterpreterLength)",
        offset: interp.p_offset)
      return nil
    }
    guard let bytes = segmentBytes(interp, name: "PT_INTERP") else { return nil }
    guard let text = bytes.cString(at: 0, limit: bytes.count) else {
      malformed("PT_INTERP is not NUL-terminated", offset: interp.p_offset)
      return nil
    }
    return text
  }

  /// Whether a section header says the bytes at `address` are not in the file (SHT_NOBITS), as in a
  /// separate debug file, whose program headers still describe the original.
  func isNoBits(address: UInt64) -> Bool {
    sections.contains { $0.header.sh_type == UInt32(SHT_NOBITS) && $0.header.sh_addr == address && address != 0 }
  }

  private func stackPermission() -> StackPermission {
    guard let stack = segments(ofType: UInt32(PT_GNU_STACK)).first else { return .missing }
    return stack.p_flags & UInt32(PF_X) != 0 ? .executable : .nonExecutable
  }

  // MARK: Section headers

  private func readSectionHeaders() {
    var count = 0
    guard elf_getshdrnum(elf, &count) == 0 else {
      malformed("cannot count the section headers", offset: header.e_shoff, libelf: true)
      return
    }
    let expectedSize: UInt64 = elfClass == .elf64 ? 64 : 40
    if header.e_shoff != 0 && header.e_shnum != 0 {
      if UInt64(header.e_shentsize) != expectedSize {
        malformed(
          "e_shentsize is \(header.e_shentsize), expected \(expectedSize) for ELF\(elfClass.bits)",
          offset: elfClass == .elf64 ? 58 : 46)
      }
      if !fitsInFile(offset: header.e_shoff, count: UInt64(header.e_shnum), entrySize: expectedSize) {
        malformed(
          "section header table (\(header.e_shnum) entries) runs past the end of the file (\(handle.size) bytes)",
          offset: header.e_shoff)
      }
    }
    guard count > 0 else { return }
    guard count <= limits.maxSections else {
      malformed("\(count) sections exceed the limit of \(limits.maxSections)", offset: header.e_shoff)
      return
    }
    var stringIndex = 0
    if elf_getshdrstrndx(elf, &stringIndex) != 0 || stringIndex >= count {
      malformed(
        "e_shstrndx \(header.e_shstrndx) is out of range (\(count) sections)",
        offset: elfClass == .elf64 ? 62 : 50)
    }
    // A local array of the right size, stored once (as the program headers are).
    var read: [SectionRef] = []
    read.reserveCapacity(count)
    var scn = elf_nextscn(elf, nil)
    while let current = scn, read.count < count {
      var shdr = GElf_Shdr()
      if gelf_getshdr(current, &shdr) == nil {
        malformed("cannot read section header \(elf_ndxscn(current))", libelf: true)
      } else {
        read.append(SectionRef(index: Int(elf_ndxscn(current)), scn: current, header: shdr))
      }
      scn = elf_nextscn(elf, current)
    }
    sections = read
  }

  /// The sections of one type, filtered as they are read (a filtered copy per question cost 2.7 M of the
  /// 160 M instructions of a scan of /usr/lib/x86_64-linux-gnu).
  func sections(ofType type: UInt32) -> LazyFilterCollection<[SectionRef]> {
    sections.lazy.filter { $0.header.sh_type == type }
  }

  /// The translated (host byte order) data of a section, or nil with a problem recorded.
  func sectionData(_ section: SectionRef, name: String) -> UnsafeMutablePointer<Elf_Data>? {
    // SHT_NOBITS has no bytes in the file (separate debug files make every table NOBITS).
    if section.header.sh_type == UInt32(SHT_NOBITS) { return nil }
    if !fitsInFile(offset: section.offset, count: 1, entrySize: section.header.sh_size)
      && section.header.sh_type != UInt32(SHT_NOBITS)
    {
      malformed(
        "\(name) section [\(section.index)] (\(section.header.sh_size) bytes) runs past the end of the file (\(handle.size) bytes)",
        offset: section.offset)
      return nil
    }
    guard let data = elf_getdata(section.scn, nil) else {
      malformed("cannot read the \(name) section [\(section.index)]", offset: section.offset, libelf: true)
      return nil
    }
    return data
  }

  /// A NUL-terminated string from string-table section `tableIndex`, bounded by the limits.
  ///
  /// `wholeTable`: the caller reads names all over the table (every symbol), so libelf reads it whole.
  /// Otherwise a large table in a file not held in memory is read in windows around the strings asked
  /// for: libelf's `elf_strptr` reads the whole section first, and libLLVM-15's 3.2 MB .dynstr for its
  /// 9 DT_NEEDED names made a scan of it 2.8 -> 5.8 ms when the reader stopped mapping files.
  func string(table tableIndex: Int, offset: UInt64, wholeTable: Bool = false) -> String? {
    if !wholeTable && !handle.isInMemory, let section = sections.first(where: { $0.index == tableIndex }),
      section.header.sh_size > Self.wholeStringTableLimit
    {
      return windowedString(section, offset: offset)
    }
    guard let offset = Int(exactly: offset), let pointer = elf_strptr(elf, tableIndex, offset) else {
      return nil
    }
    let length = strnlen(pointer, limits.maxStringLength + 1)
    guard length <= limits.maxStringLength else { return nil }
    return pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
      String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
    }
  }

  /// String tables up to this size are read whole (one read serves every string).
  static let wholeStringTableLimit: UInt64 = 64 << 10
  /// The unit a large string table is read in.
  static let stringWindowSize: UInt64 = 16 << 10

  /// The string at `offset` of a large string table, read window by window (each kept for the file's
  /// other strings): the same answer as `elf_strptr` and the length bound, which refuse a section that
  /// is not SHT_STRTAB, an offset past its end and a string without a NUL inside it.
  private func windowedString(_ section: SectionRef, offset: UInt64) -> String? {
    let size = section.header.sh_size
    guard section.header.sh_type == UInt32(SHT_STRTAB), offset < size else { return nil }
    let end = min(size, offset &+ UInt64(limits.maxStringLength) &+ 1)
    var pieces: [UInt8] = []
    var at = offset
    while at < end {
      let start = at / Self.stringWindowSize * Self.stringWindowSize
      guard let window = stringWindow(section, start: start) else { return nil }
      let from = Int(at - start)
      let upto = Int(min(end - start, UInt64(window.count)))
      guard from < upto, let base = window.baseAddress else { return nil }
      if let nul = memchr(base + from, 0, upto - from) {
        let piece = UnsafeRawBufferPointer(start: base + from, count: UnsafeRawPointer(nul) - (base + from))
        if pieces.isEmpty { return String(decoding: piece, as: UTF8.self) }
        pieces += piece
        return String(decoding: pieces, as: UTF8.self)
      }
      pieces += UnsafeRawBufferPointer(start: base + from, count: upto - from)
      at = start + UInt64(upto)
    }
    return nil
  }

  /// The window of `section` that starts `start` bytes in, read once per file.
  private func stringWindow(_ section: SectionRef, start: UInt64) -> UnsafeRawBufferPointer? {
    if let known = stringWindows.first(where: { $0.table == section.index && $0.start == start }) { return known.bytes }
    let count = min(Self.stringWindowSize, section.header.sh_size - start)
    let (fileOffset, overflow) = section.offset.addingReportingOverflow(start)
    guard !overflow, let bytes = fileBytes(at: fileOffset, count: count)?.base else { return nil }
    stringWindows.append((section.index, start, bytes))
    return bytes
  }

  /// Checks that a table section's sh_entsize matches the record size, or is 0.
  func checkEntrySize(_ section: SectionRef, expected: Int, name: String) {
    let entsize = section.header.sh_entsize
    if entsize != 0 && entsize != UInt64(expected) {
      malformed(
        "\(name) section [\(section.index)] has sh_entsize \(entsize), expected \(expected)",
        offset: section.offset)
    }
  }
}
