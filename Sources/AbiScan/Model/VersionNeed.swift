/// One library named in SHT_GNU_verneed, with the version nodes this object requires of it.
///
/// The loader refuses to start a program when the library it found does not
/// define one of these nodes: `version 'GLIBC_2.34' not found`.
public struct VersionNeed: Sendable, Hashable {
  /// vn_file: the needed library's soname.
  public var file: String
  /// The vernaux entries, in file order.
  public var versions: [Requirement]

  public init(file: String, versions: [Requirement]) {
    self.file = file
    self.versions = versions
  }

  /// One version node required from `file` (a vernaux entry).
  public struct Requirement: Sendable, Hashable {
    /// vna_name, e.g. `GLIBC_2.34`.
    public var name: String
    /// vna_hash, the ELF hash of the name.
    public var hash: UInt32
    /// vna_flags (`VER_FLG_WEAK` = 0x2).
    public var flags: UInt16
    /// vna_other: the index that `.gnu.version` entries use to point at this node.
    public var index: UInt16

    public init(name: String, hash: UInt32, flags: UInt16, index: UInt16) {
      self.name = name
      self.hash = hash
      self.flags = flags
      self.index = index
    }

    /// VER_FLG_WEAK: a missing node is only a warning for the loader.
    public var isWeak: Bool { flags & 0x2 != 0 }
  }
}
