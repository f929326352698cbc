#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Reads what a dynamic loader asks of a file (header, program headers, dynamic section, version
/// sections) straight from the file with a few `pread`s, without libelf; nil when the file needs the
/// scanner.
///
/// Why: `deps` reads every library a program needs, and through libelf each cost about 41,000
/// instructions (callgrind, `deps` of 26 programs): libelf allocates and zeroes a descriptor for every
/// section of the file (calloc and memset were 0.6 M of 14.9 M), translates each section it is asked
/// for, and builds the section list the scanner then filters by type. This reader takes the same
/// sections by type from one read of the section header table and decodes the few records it needs.
///
/// It answers only for a file in which nothing is unusual. Whatever the scanner would record as a
/// problem, and whatever this reader does not read the way the scanner does (no section headers,
/// extended numbering, a separate debug file, a file that may be musl's libc, whose version is in
/// `.rodata`), makes it return nil, and the caller reads the file with the scanner, which says what
/// is wrong. So the two cannot disagree: an image from here equals the scanner's image of the same
/// file (`DirectReaderTests` holds them equal on every ELF file of /usr/lib/x86_64-linux-gnu, the
/// fixtures and the malformed corpus).
public struct DirectReader: Sendable {
  /// The parts this reader can read; any other part needs the scanner.
  public static let readableParts: ReadParts = [.programHeaders, .dynamic, .versions]

  let parts: ReadParts
  let limits: ReadLimits

  /// A reader for `parts`, or nil when they need more than it reads.
  public init?(parts: ReadParts, limits: ReadLimits = .default) {
    guard Self.readableParts.isSuperset(of: parts) else { return nil }
    self.parts = parts
    self.limits = limits
  }

  /// The image of the file at `path` (relative to the folder descriptor `base`, when given), or nil
  /// when the file is not a plain, undamaged ELF file this reader reads as the scanner would.
  public func read(path: String, in base: Int32? = nil, displayPath: @autoclosure () -> String) -> ElfImage? {
    let flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK
    let fd = path.withCString { openat(base ?? AT_FDCWD, $0, flags) }
    guard fd >= 0 else { return nil }
    var info = stat()
    guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size > 0 else {
      close(fd)
      return nil
    }
    let file = FileRanges(fd: fd, size: UInt64(info.st_size))
    return DirectImage(file: file, parts: parts, limits: limits)?.image(displayPath: displayPath())
  }
}

/// Byte ranges of one open file, each read once with `pread` and kept until the file is closed.
///
/// The ranges are placed in a `ReadScratch` area taken when the file is opened and given back when it
/// closes; a range that does not fit gets a buffer of its own.
final class FileRanges {
  private let fd: Int32
  let size: UInt64
  private let scratch = ReadScratch.take()
  // Unchecked: a FileRanges is used by one thread, inside one `DirectReader.read`; the dynamic
  // exclusivity check on these two (swift_beginAccess) was 0.2 M of the 12.3 M instructions of `deps`.
  @exclusivity(unchecked) private var ranges: [(offset: UInt64, bytes: UnsafeRawBufferPointer)] = []
  @exclusivity(unchecked) private var ownBuffers: [UnsafeMutableRawPointer] = []
  @exclusivity(unchecked) private var lastHit = 0

  init(fd: Int32, size: UInt64) {
    self.fd = fd
    self.size = size
    // A library's reads are the head, the section headers, the dynamic section, its strings and the
    // two version sections: room for them at once (growing 1, 2, 4, 8 was 157,000 instructions).
    ranges.reserveCapacity(8)
  }

  deinit {
    for buffer in ownBuffers { buffer.deallocate() }
    scratch.giveBack()
    close(fd)
  }

  /// `[offset, offset + count)` of the file, from a range already read when one holds it, else read
  /// now; nil when any of it lies outside the file or cannot be read.
  func bytes(at offset: UInt64, count: UInt64) -> UnsafeRawBufferPointer? {
    guard count <= size, offset <= size - count, let length = Int(exactly: count) else { return nil }
    // The range that answered last first: a file's strings come one after another from one table
    // (the version needs ask for two strings a record), and the scan from the front of the list was
    // 150 instructions a call, 1,500 calls in `deps` of 26 programs.
    if lastHit < ranges.count, let found = Self.slice(ranges[lastHit], offset, count, length) { return found }
    for index in ranges.indices {
      if let found = Self.slice(ranges[index], offset, count, length) {
        lastHit = index
        return found
      }
    }
    let base: UnsafeMutableRawPointer
    if let placed = scratch.place(length) {
      base = placed
    } else {
      base = UnsafeMutableRawPointer.allocate(byteCount: max(length, 1), alignment: 16)
      ownBuffers.append(base)
    }
    guard PositionalRead.readFully(fd, into: base, count: length, at: Int(offset)) else { return nil }
    let range = UnsafeRawBufferPointer(start: base, count: length)
    lastHit = ranges.count
    ranges.append((offset, range))
    return range
  }

  /// `[offset, offset + count)` inside `range`, when it holds all of it.
  private static func slice(
    _ range: (offset: UInt64, bytes: UnsafeRawBufferPointer), _ offset: UInt64, _ count: UInt64, _ length: Int
  ) -> UnsafeRawBufferPointer? {
    let (start, bytes) = range
    guard offset >= start, count <= UInt64(bytes.count), offset - start <= UInt64(bytes.count) - count,
      let base = bytes.baseAddress
    else { return nil }
    return UnsafeRawBufferPointer(start: base + Int(offset - start), count: length)
  }

  /// The same range as a view in the file's byte order.
  func view(at offset: UInt64, count: UInt64, _ endianness: Endianness) -> ByteView? {
    bytes(at: offset, count: count).map { ByteView(base: $0, endianness: endianness) }
  }
}

/// One file's header tables, decoded; the sections and segments the questions need are read from them.
private struct DirectImage {
  struct Segment {
    let type: UInt32
    let flags: UInt32
    let offset: UInt64
    let address: UInt64
    let fileSize: UInt64
  }

  struct Section {
    let index: Int
    let type: UInt32
    let address: UInt64
    let offset: UInt64
    let size: UInt64
    let link: UInt32
    let info: UInt32
    let entrySize: UInt64
  }

  let file: FileRanges
  let parts: ReadParts
  let limits: ReadLimits
  let identity: ElfIdentity
  let endianness: Endianness
  let is64: Bool
  let segments: [Segment]
  let sections: SectionTable

  /// The section header table, read once and decoded a section at a time when asked: the questions
  /// need three or four sections of the thirty a library has, and decoding every one up front was
  /// 5,000 instructions a file (0.36 M of the 8.6 M of `deps` of 22 programs).
  struct SectionTable {
    let view: ByteView
    /// e_shnum: section 0 and the sections after it.
    let count: Int
    let is64: Bool
    /// The indices of the first SHT_DYNAMIC, SHT_GNU_verneed and SHT_GNU_verdef sections (0: none),
    /// found in one pass over the table: a pass per question was 200,000 instructions of `deps` of 26
    /// programs.
    private var firstDynamic = 0
    private var firstVersionNeeds = 0
    private var firstVersionDefinitions = 0

    init(view: ByteView, count: Int, is64: Bool) {
      self.view = view
      self.count = count
      self.is64 = is64
      for index in 1..<max(count, 1) {
        switch type(index) {
        case DirectImage.SHT_DYNAMIC? where firstDynamic == 0: firstDynamic = index
        case DirectImage.SHT_GNU_verneed? where firstVersionNeeds == 0: firstVersionNeeds = index
        case DirectImage.SHT_GNU_verdef? where firstVersionDefinitions == 0: firstVersionDefinitions = index
        default: break
        }
      }
    }

    var entrySize: Int { is64 ? 64 : 40 }

    /// The type of section `index` (1 ..< count).
    func type(_ index: Int) -> UInt32? { view.u32(at: index * entrySize + 4) }

    /// Section `index` (1 ..< count), decoded; nil for section 0 (libelf's elf_nextscn starts after
    /// it, and it is never a string table for libelf) and past the end.
    subscript(index: Int) -> Section? {
      guard index >= 1, index < count else { return nil }
      let at = index * entrySize
      if is64 {
        guard let type = view.u32(at: at + 4), let address = view.u64(at: at + 16), let offset = view.u64(at: at + 24),
          let size = view.u64(at: at + 32), let link = view.u32(at: at + 40), let info = view.u32(at: at + 44),
          let entrySize = view.u64(at: at + 56)
        else { return nil }
        return Section(
          index: index, type: type, address: address, offset: offset, size: size, link: link, info: info, entrySize: entrySize)
      }
      guard let type = view.u32(at: at + 4), let address = view.u32(at: at + 12), let offset = view.u32(at: at + 16),
        let size = view.u32(at: at + 20), let link = view.u32(at: at + 24), let info = view.u32(at: at + 28),
        let entrySize = view.u32(at: at + 36)
      else { return nil }
      return Section(
        index: index, type: type, address: UInt64(address), offset: UInt64(offset), size: UInt64(size), link: link,
        info: info, entrySize: UInt64(entrySize))
    }

    /// The first section of each of those types, in table order (as libelf's walk meets them).
    var dynamic: Section? { self[firstDynamic] }
    var versionNeeds: Section? { self[firstVersionNeeds] }
    var versionDefinitions: Section? { self[firstVersionDefinitions] }

    /// Whether a section of `type` starts at `address`.
    func contains(type wanted: UInt32, address: UInt64) -> Bool {
      for index in 1..<count where type(index) == wanted {
        if self[index]?.address == address { return true }
      }
      return false
    }
  }

  /// The first bytes of every file, read first: the header and, in every linker's layout, the program
  /// headers (and, in a small program, the dynamic strings and version needs); the rest is read by
  /// range as the questions need it. Files up to 64 KiB were read whole before: 760 KB of the 1.45 MB
  /// that `deps` of 22 programs read, for ranges of a few KB (now 0.87 MB, 26 fewer page faults,
  /// 2-5% less time, `perf stat -r 300`).
  static let headSize: UInt64 = 4096

  init?(file: FileRanges, parts: ReadParts, limits: ReadLimits) {
    self.file = file
    self.parts = parts
    self.limits = limits
    let size = file.size
    guard size >= 64, let head = file.bytes(at: 0, count: min(size, Self.headSize)),
      head[0] == 0x7f, head[1] == 0x45, head[2] == 0x4c, head[3] == 0x46,
      head[6] == 1  // EI_VERSION: libelf takes nothing else for ELF
    else { return nil }
    // Locals until every check has passed: the stored properties are set once, at the end.
    let is64: Bool
    switch head[4] {
    case 1: is64 = false
    case 2: is64 = true
    default: return nil
    }
    let endianness: Endianness
    switch head[5] {
    case 1: endianness = .little
    case 2: endianness = .big
    default: return nil
    }
    let header = ByteView(base: head, endianness: endianness)
    let word = is64 ? 8 : 4
    func address(_ at: Int) -> UInt64? { is64 ? header.u64(at: at) : header.u32(at: at).map(UInt64.init) }
    // e_entry, e_phoff and e_shoff are words; the fields after them sit 12 bytes earlier in ELF32.
    let late = is64 ? 48 : 36
    guard let type = header.u16(at: 16), let machine = header.u16(at: 18), let entry = address(24),
      let phoff = address(24 + word), let shoff = address(24 + 2 * word), let flags = header.u32(at: late),
      let ehsize = header.u16(at: late + 4), let phentsize = header.u16(at: late + 6),
      let phnum = header.u16(at: late + 8), let shentsize = header.u16(at: late + 10),
      let shnum = header.u16(at: late + 12), let shstrndx = header.u16(at: late + 14)
    else { return nil }
    let elfClass: ElfClass = is64 ? .elf64 : .elf32
    let objectType = ObjectType(rawValue: type)
    let machineType = Machine(rawValue: machine)
    let identity = ElfIdentity(
      elfClass: elfClass, endianness: endianness, osabi: OSABI(rawValue: head[7]), abiVersion: head[8],
      type: objectType, machine: machineType,
      flags: FlagDecoder.decode(machine: machineType, elfClass: elfClass, flags: flags), entry: entry)
    guard ehsize == (is64 ? 64 : 52) else { return nil }

    // Program headers: the scanner's checks, each a reason to leave the file to it.
    var segments: [Segment] = []
    if phnum != 0 {
      let entrySize: UInt64 = is64 ? 56 : 32
      guard phnum != 0xffff, UInt64(phentsize) == entrySize, Int(phnum) <= limits.maxProgramHeaders,
        let table = file.view(at: phoff, count: UInt64(phnum) * entrySize, endianness)
      else { return nil }
      segments.reserveCapacity(Int(phnum))
      for i in 0..<Int(phnum) {
        let at = i * Int(entrySize)
        let segment: Segment?
        if is64 {
          segment = table.u32(at: at).flatMap { type in
            table.u32(at: at + 4).flatMap { flags in
              table.u64(at: at + 8).flatMap { offset in
                table.u64(at: at + 16).flatMap { address in
                  table.u64(at: at + 32).map { Segment(type: type, flags: flags, offset: offset, address: address, fileSize: $0) }
                }
              }
            }
          }
        } else {
          segment = table.u32(at: at).flatMap { type in
            table.u32(at: at + 24).flatMap { flags in
              table.u32(at: at + 4).flatMap { offset in
                table.u32(at: at + 8).flatMap { address in
                  table.u32(at: at + 16).map {
                    Segment(type: type, flags: flags, offset: UInt64(offset), address: UInt64(address), fileSize: UInt64($0))
                  }
                }
              }
            }
          }
        }
        guard let segment else { return nil }
        segments.append(segment)
      }
    }

    // Section headers, without section 0 (libelf's elf_nextscn starts after it). No table, or a count
    // or string-table index kept in section 0 (extended numbering): the scanner's.
    let sectionSize: UInt64 = is64 ? 64 : 40
    guard shnum > 1, shoff != 0, UInt64(shentsize) == sectionSize, Int(shnum) <= limits.maxSections,
      shstrndx != 0xffff, shstrndx < shnum,
      let table = file.view(at: shoff, count: UInt64(shnum) * sectionSize, endianness)
    else { return nil }
    let sections = SectionTable(view: table, count: Int(shnum), is64: is64)

    // What the loader would trip over, and the separate debug file (a PT_DYNAMIC no section holds).
    if objectType == .sharedObject || objectType == .executable {
      guard !segments.isEmpty else { return nil }
      for load in segments where load.type == Self.PT_LOAD && load.fileSize > 0 {
        let (end, overflow) = load.offset.addingReportingOverflow(load.fileSize)
        guard !overflow, end <= size else { return nil }
      }
    }
    if segments.contains(where: { $0.type == Self.PT_DYNAMIC }) && sections.dynamic == nil {
      return nil
    }
    self.identity = identity
    self.endianness = endianness
    self.is64 = is64
    self.segments = segments
    self.sections = sections
  }

  static let PT_LOAD: UInt32 = 1
  static let PT_DYNAMIC: UInt32 = 2
  static let PT_INTERP: UInt32 = 3
  static let PT_GNU_STACK: UInt32 = 0x6474_e551
  static let SHT_STRTAB: UInt32 = 3
  static let SHT_DYNAMIC: UInt32 = 6
  static let SHT_NOBITS: UInt32 = 8
  static let SHT_GNU_verdef: UInt32 = 0x6fff_fffd
  static let SHT_GNU_verneed: UInt32 = 0x6fff_fffe

  /// The image, or nil when something in it needs the scanner.
  func image(displayPath: String) -> ElfImage? {
    var interpreter: String? = nil
    if let interp = segments.first(where: { $0.type == Self.PT_INTERP }), !isNoBits(address: interp.address) {
      guard interp.fileSize <= UInt64(limits.maxInterpreterLength),
        let bytes = file.view(at: interp.offset, count: interp.fileSize, endianness),
        let text = bytes.cString(at: 0, limit: bytes.count)
      else { return nil }
      interpreter = text
    }
    var dynamic: DynamicInfo? = nil
    if parts.contains(.dynamic), let section = sections.dynamic {
      guard let info = readDynamic(section) else { return nil }
      dynamic = info
    }
    var needs: [VersionNeed]? = nil
    var definitions: [VersionDefinition]? = nil
    if parts.contains(.versions) {
      guard let readNeeds = readVersionNeeds(), let readDefinitions = readVersionDefinitions() else { return nil }
      needs = readNeeds
      definitions = readDefinitions
    }
    // A file that may be musl's libc keeps its version in .rodata, which only the scanner reads.
    var needsReadOnlyData = false
    let libc = LibcClassifier.classify(
      type: identity.type, interpreter: interpreter, dynamic: dynamic, versionNeeds: needs ?? [],
      versionDefinitions: definitions ?? [], notes: GNUNotes(),
      muslVersion: {
        needsReadOnlyData = true
        return nil
      })
    guard !needsReadOnlyData else { return nil }
    let stack: StackPermission
    if let segment = segments.first(where: { $0.type == Self.PT_GNU_STACK }) {
      stack = segment.flags & 1 != 0 ? .executable : .nonExecutable  // PF_X
    } else {
      stack = .missing
    }
    return ElfImage(
      path: displayPath, fileSize: file.size, identity: identity, interpreter: interpreter, dynamic: dynamic,
      versionNeeds: needs, versionDefinitions: definitions, symbols: nil, symbolCounts: nil, notes: GNUNotes(),
      stack: stack, hasSectionHeaders: true, libc: libc, problems: [])
  }

  /// As the scanner's `isNoBits`: a separate debug file's program headers describe bytes it lacks.
  private func isNoBits(address: UInt64) -> Bool {
    address != 0 && sections.contains(type: Self.SHT_NOBITS, address: address)
  }

  /// A section's bytes, when all of them are in the file.
  private func contents(_ section: Section) -> ByteView? {
    file.view(at: section.offset, count: section.size, endianness)
  }

  // MARK: Strings

  /// The NUL-terminated string at `offset` of string table `table` (the section a `link` names, decoded
  /// once by the caller: `sections[link]`), as libelf's `elf_strptr` and the
  /// scanner's length bound give it; nil when either would refuse it. A table up to 64 KiB is read
  /// whole; of a larger one (libLLVM's .dynstr is 3.2 MB) the 16 KiB window around the string.
  private func string(table: Section?, offset: UInt64) -> String? {
    guard let table else { return nil }
    guard table.type == Self.SHT_STRTAB, offset < table.size else { return nil }
    let bytes: UnsafeRawBufferPointer
    let at: Int
    if table.size <= 64 << 10 {
      guard let whole = file.bytes(at: table.offset, count: table.size) else { return nil }
      bytes = whole
      at = Int(offset)
    } else {
      let window: UInt64 = 16 << 10
      let start = offset / window * window
      let (fileOffset, overflow) = table.offset.addingReportingOverflow(start)
      guard !overflow, let piece = file.bytes(at: fileOffset, count: min(window, table.size - start)) else { return nil }
      bytes = piece
      at = Int(offset - start)
    }
    guard let base = bytes.baseAddress, let nul = memchr(base + at, 0, bytes.count - at) else { return nil }
    let length = UnsafeRawPointer(nul) - (base + at)
    guard length <= limits.maxStringLength else { return nil }
    return String(decoding: UnsafeRawBufferPointer(start: base + at, count: length), as: UTF8.self)
  }

  // MARK: Dynamic section

  private func readDynamic(_ section: Section) -> DynamicInfo? {
    let entrySize: UInt64 = is64 ? 16 : 8
    guard section.entrySize == 0 || section.entrySize == entrySize, section.size % entrySize == 0,
      let bytes = contents(section)
    else { return nil }
    let count = Int(section.size / entrySize)
    guard count <= limits.maxDynamicEntries else { return nil }
    let strings = sections[Int(section.link)]
    var info = DynamicInfo()
    var terminated = false
    for i in 0..<count {
      let at = i * Int(entrySize)
      let tag: Int64
      let value: UInt64
      if is64 {
        guard let t = bytes.u64(at: at), let v = bytes.u64(at: at + 8) else { return nil }
        tag = Int64(bitPattern: t)
        value = v
      } else {
        guard let t = bytes.u32(at: at), let v = bytes.u32(at: at + 4) else { return nil }
        tag = Int64(Int32(bitPattern: t))
        value = UInt64(v)
      }
      if tag == DynamicTag.null {
        terminated = true
        break
      }
      switch tag {
      case DynamicTag.needed:
        guard let name = string(table: strings, offset: value) else { return nil }
        info.needed.append(name)
      case DynamicTag.soname:
        if info.soname == nil {
          guard let name = string(table: strings, offset: value) else { return nil }
          info.soname = name
        }
      case DynamicTag.rpath:
        guard let list = string(table: strings, offset: value) else { return nil }
        info.rpath += ImageScanner.searchList(list)
      case DynamicTag.runpath:
        guard let list = string(table: strings, offset: value) else { return nil }
        info.runpath += ImageScanner.searchList(list)
      case DynamicTag.flags:
        info.flags = value
      case DynamicTag.flags1:
        info.flags1 = value
      default:
        break
      }
    }
    guard terminated || count == 0 else { return nil }
    return info
  }

  // MARK: Version sections

  /// SHT_GNU_verneed as the scanner walks it; nil where the scanner would record a problem.
  private func readVersionNeeds() -> [VersionNeed]? {
    guard let section = sections.versionNeeds else { return [] }
    let strings = sections[Int(section.link)]
    // The scanner hands libelf section offsets as Int32: a larger section is left to it.
    guard section.size <= UInt64(Int32.max), let data = contents(section) else { return nil }
    let size = data.count
    let declared = Int(section.info)
    var needs: [VersionNeed] = []
    needs.reserveCapacity(min(declared, 256))
    var offset = 0
    var entries = 0
    while true {
      // Each record is 16 bytes: vn_version, vn_cnt, vn_file, vn_aux, vn_next.
      guard entries < limits.maxVersionEntries, offset < size, offset <= size - 16,
        let count = data.u16(at: offset + 2), let fileOffset = data.u32(at: offset + 4),
        let aux = data.u32(at: offset + 8), let next = data.u32(at: offset + 12),
        let fileName = string(table: strings, offset: UInt64(fileOffset))
      else { return nil }
      var requirements: [VersionNeed.Requirement] = []
      requirements.reserveCapacity(min(Int(count), 256))
      var auxOffset = offset + Int(aux)
      for j in 0..<Int(count) {
        entries += 1
        // vna_hash, vna_flags, vna_other, vna_name, vna_next.
        guard entries < limits.maxVersionEntries, auxOffset < size, auxOffset <= size - 16,
          let hash = data.u32(at: auxOffset), let flags = data.u16(at: auxOffset + 4),
          let other = data.u16(at: auxOffset + 6), let nameOffset = data.u32(at: auxOffset + 8),
          let auxNext = data.u32(at: auxOffset + 12),
          let name = string(table: strings, offset: UInt64(nameOffset))
        else { return nil }
        requirements.append(.init(name: name, hash: hash, flags: flags, index: other))
        if auxNext == 0 {
          guard j + 1 == Int(count) else { return nil }
          break
        }
        auxOffset += Int(auxNext)
      }
      needs.append(VersionNeed(file: fileName, versions: requirements))
      entries += 1
      if next == 0 { break }
      offset += Int(next)
    }
    guard declared == 0 || declared == needs.count else { return nil }
    return needs
  }

  /// SHT_GNU_verdef as the scanner walks it, base entry included; nil where the scanner would record a problem.
  private func readVersionDefinitions() -> [VersionDefinition]? {
    guard let section = sections.versionDefinitions else { return [] }
    let strings = sections[Int(section.link)]
    guard section.size <= UInt64(Int32.max), let data = contents(section) else { return nil }
    let size = data.count
    let declared = Int(section.info)
    var definitions: [VersionDefinition] = []
    definitions.reserveCapacity(min(declared, 256))
    var offset = 0
    var entries = 0
    while true {
      // Each record is 20 bytes: vd_version, vd_flags, vd_ndx, vd_cnt, vd_hash, vd_aux, vd_next.
      guard entries < limits.maxVersionEntries, offset < size, offset <= size - 20,
        let flags = data.u16(at: offset + 2), let index = data.u16(at: offset + 4),
        let count = data.u16(at: offset + 6), let hash = data.u32(at: offset + 8),
        let aux = data.u32(at: offset + 12), let next = data.u32(at: offset + 16)
      else { return nil }
      var name: String? = nil
      var parents: [String] = []
      var auxOffset = offset + Int(aux)
      for _ in 0..<Int(count) {
        entries += 1
        // vda_name, vda_next.
        guard entries < limits.maxVersionEntries, auxOffset < size, auxOffset <= size - 8,
          let nameOffset = data.u32(at: auxOffset), let auxNext = data.u32(at: auxOffset + 4),
          let text = string(table: strings, offset: UInt64(nameOffset))
        else { return nil }
        // One parent is the common case (each glibc node names the one before it): an array made
        // for it, not grown from empty (340 instructions a node).
        if name == nil { name = text } else if parents.isEmpty { parents = [text] } else { parents.append(text) }
        if auxNext == 0 { break }
        auxOffset += Int(auxNext)
      }
      if let name {
        definitions.append(VersionDefinition(index: index, name: name, flags: flags, hash: hash, parents: parents))
      }
      entries += 1
      if next == 0 { break }
      offset += Int(next)
    }
    guard declared == 0 || declared == definitions.count else { return nil }
    return definitions
  }
}
