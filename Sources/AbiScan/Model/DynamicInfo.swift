/// What the dynamic section tells the loader: who this object is, what it needs, where to look.
public struct DynamicInfo: Sendable, Hashable {
  /// DT_SONAME, the name other objects record in their DT_NEEDED.
  public var soname: String?
  /// DT_NEEDED entries in file order; the loader resolves them breadth-first in this order.
  public var needed: [String]
  /// DT_RPATH split on `:`; searched before LD_LIBRARY_PATH and inherited, but only when there is no DT_RUNPATH.
  public var rpath: [String]
  /// DT_RUNPATH split on `:`; searched after LD_LIBRARY_PATH, for this object's own needs only.
  public var runpath: [String]
  /// DT_FLAGS_1 (`DF_1_NOW`, `DF_1_PIE`, `DF_1_NODEFLIB`, ...), or 0 when absent.
  public var flags1: UInt64
  /// DT_FLAGS (`DF_ORIGIN`, `DF_BIND_NOW`, ...), or 0 when absent.
  public var flags: UInt64
  /// Whether the dynamic section was read through PT_DYNAMIC because the file has no section headers.
  public var readThroughProgramHeaders: Bool

  public init(
    soname: String? = nil, needed: [String] = [], rpath: [String] = [], runpath: [String] = [],
    flags1: UInt64 = 0, flags: UInt64 = 0, readThroughProgramHeaders: Bool = false
  ) {
    self.soname = soname
    self.needed = needed
    self.rpath = rpath
    self.runpath = runpath
    self.flags1 = flags1
    self.flags = flags
    self.readThroughProgramHeaders = readThroughProgramHeaders
  }

  /// DF_1_NODEFLIB: the default library folders are not searched for this object's needs.
  public var ignoresDefaultLibraryPaths: Bool { flags1 & 0x800 != 0 }
  /// DF_1_PIE: a position-independent executable.
  public var isPositionIndependentExecutable: Bool { flags1 & 0x0800_0000 != 0 }
}
