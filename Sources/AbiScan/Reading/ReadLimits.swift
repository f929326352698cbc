/// Upper bounds on counts and sizes taken from a file.
///
/// Every count in an ELF file is attacker-controlled. Each bound here is far
/// above anything a real toolchain produces (the largest real values seen on
/// Debian are noted), so a file over a limit is reported as malformed rather
/// than silently truncated, and no file can make the reader allocate or loop
/// without bound.
public struct ReadLimits: Sendable, Hashable {
  /// Program headers. Real files have under 20; ELF allows 65535 plus PN_XNUM.
  public var maxProgramHeaders: Int
  /// Sections. Real files rarely pass 100 (-ffunction-sections objects reach tens of thousands).
  public var maxSections: Int
  /// Dynamic section entries. libc.so.6 has about 40; 1 Mi entries is 16 MiB of table.
  public var maxDynamicEntries: Int
  /// Dynamic symbols. The largest Debian libraries (libLLVM) have under 100k; 8 Mi bounds memory to ~1 GiB.
  public var maxDynamicSymbols: Int
  /// verneed files and vernaux entries per walk. libc.so.6 needs 4; 65535 matches the 16-bit version index.
  public var maxVersionEntries: Int
  /// Length of one string read from a string table. Real symbol names (C++) reach a few KiB.
  public var maxStringLength: Int
  /// Notes per note section or segment. Real files have under 10.
  public var maxNotes: Int
  /// Bytes of PT_INTERP. Linux's PATH_MAX is 4096.
  public var maxInterpreterLength: Int
  /// `.comment` strings kept (one per compiler or linker that touched the file; real files have under 5),
  /// and the bytes kept of each.
  public static let maxComments = 16
  public static let maxCommentLength = 256
  /// Bytes of one archive member inflated into memory. The largest .so in a PyPI wheel (libtorch_cuda)
  /// is about 1.5 GiB; members above this are reported, not read.
  public var maxArchiveMemberSize: UInt64 = 2 << 30
  /// Members of one archive. Large wheels have tens of thousands of files.
  public var maxArchiveMembers: Int = 1 << 20

  public init(
    maxProgramHeaders: Int, maxSections: Int, maxDynamicEntries: Int, maxDynamicSymbols: Int,
    maxVersionEntries: Int, maxStringLength: Int, maxNotes: Int, maxInterpreterLength: Int
  ) {
    self.maxProgramHeaders = maxProgramHeaders
    self.maxSections = maxSections
    self.maxDynamicEntries = maxDynamicEntries
    self.maxDynamicSymbols = maxDynamicSymbols
    self.maxVersionEntries = maxVersionEntries
    self.maxStringLength = maxStringLength
    self.maxNotes = maxNotes
    self.maxInterpreterLength = maxInterpreterLength
  }

  /// The bounds used unless a caller chooses others.
  public static let `default` = ReadLimits(
    maxProgramHeaders: 4096,
    maxSections: 1 << 20,
    maxDynamicEntries: 1 << 20,
    maxDynamicSymbols: 1 << 23,
    maxVersionEntries: 65535,
    maxStringLength: 1 << 16,
    maxNotes: 4096,
    maxInterpreterLength: 4096)
}
