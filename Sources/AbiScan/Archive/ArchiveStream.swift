import CLibArchive

/// One member of an archive, as its header describes it (sizes are claims, not facts).
public struct ArchiveEntry: Sendable, Hashable {
  /// What the member is.
  public enum Kind: Sendable, Hashable {
    case file, folder, symbolicLink, hardLink, other
  }
  /// The member's name as stored: it may start with `./` or `/`, or hold `..`.
  public var name: String
  public var kind: Kind
  /// The size the header declares.
  public var declaredSize: Int64
  /// The target of a symbolic link, or the member a hard link names.
  public var linkTarget: String?
  /// Permission bits.
  public var mode: UInt32
}

/// Why an archive, or a member of it, could not be read: the archive, the member and libarchive's words.
public struct ArchiveError: Error, Sendable, Hashable, CustomStringConvertible {
  /// What went wrong, for the callers that go on after some errors and not others.
  public enum Kind: Sendable, Hashable {
    /// Unreadable or damaged: libarchive's words.
    case damaged
    /// One member is over the limit asked for; the stream is still sound.
    case memberOverLimit
    /// The archive inflates out of all proportion to its size.
    case bomb
  }
  public var archive: String
  public var member: String?
  public var what: String
  public var kind: Kind

  public init(archive: String, member: String?, what: String, kind: Kind = .damaged) {
    self.archive = archive
    self.member = member
    self.what = what
    self.kind = kind
  }

  public var description: String { "\(archive)\(member.map { ": \($0)" } ?? ""): \(what)" }
}

/// Streams an archive in any format and compression libarchive reads (tar in every dialect, cpio,
/// ar, zip; gzip, xz, zstd, bzip2, lz4), member by member, without writing anything to disk.
///
/// Member data is read only when asked, into memory, and never past a limit: a buffer grows as data
/// arrives, so a header that claims 2 GiB costs nothing until the bytes are there.
public final class ArchiveStream {
  private let handle: OpaquePointer
  /// libarchive's functions (dlopen'd once: see CLibArchive's shim).
  private let lib: abidoctor_libarchive
  /// The archive as the user named it, for messages.
  public let name: String
  private var current: String?
  /// The size the current member's header declares (-1: none).
  private var declared: Int64 = -1
  /// Whether the next header is found by seeking to it (ZIP's central directory names each
  /// member's offset), so a member not kept is passed over without inflating a byte of it. A
  /// streamed archive has to inflate its way past, and that is watched for bombs.
  private let seeksToMembers: Bool

  /// Which formats a file may be read as.
  public enum Formats: Sendable {
    /// Every format and filter libarchive has.
    case all
    /// ZIP through its central directory only, as pip and Python's zipfile read a wheel: a wheel whose
    /// directory is damaged is refused, not read from its local headers.
    case zipDirectory
  }

  /// Opens the archive file at `path` for streaming.
  public init(path: String, name: String? = nil, formats: Formats = .all) throws(ArchiveError) {
    self.name = name ?? path
    seeksToMembers = formats == .zipDirectory
    buffer = nil
    lib = try Self.library(self.name)
    guard let archive = lib.read_new() else { throw ArchiveError(archive: self.name, member: nil, what: "libarchive could not start") }
    handle = archive
    switch formats {
    case .all:
      Self.supportAll(archive, lib, name: self.name)
    case .zipDirectory:
      _ = lib.read_support_format_zip_seekable(archive)
    }
    if lib.read_open_filename(archive, path, 1 << 16) != ARCHIVE_OK {
      // Every stored property is set, so deinit frees the handle when this throws.
      throw ArchiveError(archive: self.name, member: nil, what: Self.message(archive, lib))
    }
  }

  /// Keeps the bytes an in-memory stream reads alive as long as the stream.
  private let buffer: UnsafeMutableRawBufferPointer?

  /// Streams an archive held in memory (an image layer read from an outer archive).
  public init(bytes: [UInt8], name: String) throws(ArchiveError) {
    self.name = name
    seeksToMembers = false
    lib = try Self.library(name)
    guard let archive = lib.read_new() else { throw ArchiveError(archive: name, member: nil, what: "libarchive could not start") }
    handle = archive
    let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, bytes.count), alignment: 16)
    copy.copyBytes(from: bytes)
    buffer = copy
    Self.supportAll(archive, lib, name: self.name)
    if lib.read_open_memory(archive, copy.baseAddress, bytes.count) != ARCHIVE_OK {
      throw ArchiveError(archive: name, member: nil, what: Self.message(archive, lib))
    }
  }

  /// The outer stream and the pull buffer of a nested stream (kept alive as long as this one).
  private var outer: ArchiveStream? = nil
  private var nested: UnsafeMutablePointer<abidoctor_nested>? = nil

  /// Streams the current member of `outer` as an archive of its own (an image layer inside an image
  /// tar, a `.deb`'s data.tar), pulling its data through a 64 KiB buffer: the member is never held whole.
  /// `outer` must not move to its next member while this stream is read.
  public init(member outer: ArchiveStream, name: String) throws(ArchiveError) {
    self.name = name
    seeksToMembers = false
    lib = try Self.library(name)
    buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
    guard let archive = lib.read_new() else { throw ArchiveError(archive: name, member: nil, what: "libarchive could not start") }
    handle = archive
    self.outer = outer
    let pull = UnsafeMutablePointer<abidoctor_nested>.allocate(capacity: 1)
    pull.initialize(to: abidoctor_nested(outer: outer.handle, buffer: buffer?.baseAddress, size: 1 << 16))
    nested = pull
    Self.supportAll(archive, lib, name: self.name)
    if abidoctor_archive_open_nested(archive, pull) != ARCHIVE_OK {
      throw ArchiveError(archive: name, member: nil, what: Self.message(archive, lib))
    }
  }

  /// Every filter and format. An Alpine `.apk` (by its name) is gzip streams of tar segments one
  /// after another (signature, control, data), and not every tool that writes one cuts the
  /// end-of-archive markers between them as abuild does: its tar is read past them. Only an `.apk`:
  /// past the markers libarchive reads on through any run of zero blocks (a 4 GiB hole: 15 s).
  static func supportAll(_ archive: OpaquePointer, _ lib: abidoctor_libarchive, name: String) {
    _ = lib.read_support_filter_all(archive)
    _ = lib.read_support_format_all(archive)
    if name.lowercased().hasSuffix(".apk") { _ = lib.read_set_options(archive, "tar:read_concatenated_archives") }
  }

  /// libarchive, or the error that says it is not installed.
  static func library(_ name: String) throws(ArchiveError) -> abidoctor_libarchive {
    guard let table = abidoctor_archive() else {
      throw ArchiveError(archive: name, member: nil, what: "libarchive.so.13 is not installed (Debian: apt-get install libarchive13)")
    }
    return table.pointee
  }

  /// The buffer members are read through, one per stream: made per member, its 64 KiB were
  /// zeroed 1,188 times in a scan of /usr (three wheels), 78 M instructions of memset.
  private var readBlock = [UInt8](repeating: 0, count: 1 << 16)

  deinit {
    _ = lib.read_free(handle)
    buffer?.deallocate()
    nested?.deallocate()
  }

  static func message(_ archive: OpaquePointer, _ lib: abidoctor_libarchive) -> String {
    lib.error_string(archive).map { String(cString: $0) } ?? "unreadable archive"
  }

  /// Bytes an archive may inflate to before it is called a compression bomb: past 1 GiB, more than
  /// 200 times what was read from it. Real images compress 2-10 times; a bomb compresses 1000 times.
  public static let bombRatio: Int64 = 200
  public static let bombFloor: Int64 = 1 << 30

  /// Whether what has been inflated so far is out of all proportion to what was read.
  func looksLikeABomb() -> Bool {
    let inflated = lib.filter_bytes(handle, 0), read = lib.filter_bytes(handle, -1)
    return inflated > Self.bombFloor && read > 0 && inflated / read > Self.bombRatio
  }

  /// The name of the format libarchive recognised (`GNU tar format`, `POSIX pax interchange format`, `raw`...).
  public var formatName: String { lib.format_name(handle).map { String(cString: $0) } ?? "unknown" }

  var bombMessage: String {
    "the archive inflates to \(lib.filter_bytes(handle, 0)) bytes from \(lib.filter_bytes(handle, -1)): a compression bomb, not read further"
  }

  /// The next member's header, or nil at the end.
  public func next() throws(ArchiveError) -> ArchiveEntry? {
    var entry: OpaquePointer? = nil
    let status = lib.read_next_header(handle, &entry)
    if status == ARCHIVE_EOF { return nil }
    guard status == ARCHIVE_OK || status == ARCHIVE_WARN, let entry else {
      throw ArchiveError(archive: name, member: current, what: Self.message(handle, lib))
    }
    let name = lib.entry_pathname(entry).map { String(cString: $0) } ?? ""
    current = name
    // AE_IFMT and friends are POSIX's st_mode type bits (archive_entry.h), spelled out.
    let type = UInt32(lib.entry_filetype(entry)) & 0o170000
    var kind: ArchiveEntry.Kind
    switch type {
    case 0o100000: kind = .file
    case 0o040000: kind = .folder
    case 0o120000: kind = .symbolicLink
    default: kind = .other
    }
    var target: String? = nil
    if let link = lib.entry_hardlink(entry) {
      kind = .hardLink
      target = String(cString: link)
    } else if kind == .symbolicLink, let link = lib.entry_symlink(entry) {
      target = String(cString: link)
    }
    declared = lib.entry_size_is_set(entry) != 0 ? lib.entry_size(entry) : -1
    return ArchiveEntry(
      name: name, kind: kind, declaredSize: declared,
      linkTarget: target, mode: UInt32(lib.entry_perm(entry)))
  }

  /// The current member's data, up to `limit` bytes. `keep` sees the first block (up to 64 KiB) and
  /// decides whether the rest is wanted (an ELF file, a loader configuration): a member not wanted is
  /// skipped without keeping its bytes. Throws past `limit`, or when the stream is damaged.
  public func data(limit: Int, keep: ([UInt8]) -> Bool = { _ in true }) throws(ArchiveError) -> [UInt8]? {
    try member(limit: limit, keep: keep)?.array
  }

  /// The current member's data as `MemberBytes` (read once, handed on without a copy); see `data`.
  /// `unread` sees the first block of a kept member and names byte ranges not to keep (they read as
  /// zeros and take no memory): an ELF file's code, for `ElfCodeRanges.unread`.
  public func member(
    limit: Int, keep: ([UInt8]) -> Bool = { _ in true }, unread: ([UInt8]) -> [Range<Int>] = { _ in [] }
  ) throws(ArchiveError) -> MemberBytes? {
    let out = MemberBytes(limit: limit)
    var decided = false
    var holes: [Range<Int>] = []
    while true {
      let got = readBlock.withUnsafeMutableBytes { lib.read_data(handle, $0.baseAddress, $0.count) }
      if got < 0 { throw ArchiveError(archive: name, member: current, what: Self.message(handle, lib)) }
      if got == 0 { break }
      if !decided {
        decided = true
        let first = Array(readBlock[0..<got])
        if !keep(first) {
          // Not kept: libarchive's seekable ZIP reader seeks to the next member's header (inflating
          // the three pip and setuptools wheels' 1,188 members to skip them was 370 M of the 1,390 M
          // instructions of a scan of /usr, callgrind).
          if seeksToMembers { return nil }
          // A stream reads on and drops, watching the ratio (a skip would inflate a bomb unwatched).
          while true {
            let more = readBlock.withUnsafeMutableBytes { lib.read_data(handle, $0.baseAddress, $0.count) }
            if more < 0 { throw ArchiveError(archive: name, member: current, what: Self.message(handle, lib)) }
            if more == 0 { return nil }
            if looksLikeABomb() { throw ArchiveError(archive: name, member: current, what: bombMessage, kind: .bomb) }
          }
        }
        holes = unread(first)
      }
      if looksLikeABomb() { throw ArchiveError(archive: name, member: current, what: bombMessage, kind: .bomb) }
      guard out.count + got <= limit else {
        throw ArchiveError(archive: name, member: current, what: "member is over the limit of \(limit) bytes", kind: .memberOverLimit)
      }
      let here = out.count..<(out.count + got)
      let stored: Bool
      if holes.contains(where: { $0.lowerBound <= here.lowerBound && here.upperBound <= $0.upperBound }) {
        stored = out.skip(got)
      } else {
        stored = readBlock.withUnsafeBytes { out.append(UnsafeRawBufferPointer(rebasing: $0[0..<got])) }
      }
      guard stored else { throw ArchiveError(archive: name, member: current, what: "no memory for a member of \(here.upperBound) bytes") }
    }
    if !decided && !keep([]) { return nil }
    // A header that says one size and data of another (a ZIP directory that lies): the member is not
    // what the archive says it is, and a tool that trusts the header reads something else.
    if declared >= 0 && Int64(out.count) != declared {
      throw ArchiveError(archive: name, member: current, what: "the header declares \(declared) bytes, but the member holds \(out.count)")
    }
    return out
  }
}
