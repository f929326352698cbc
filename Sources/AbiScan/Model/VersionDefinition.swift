/// One entry of SHT_GNU_verdef: a version node this object provides.
public struct VersionDefinition: Sendable, Hashable {
  /// vd_ndx: the index `.gnu.version` entries use for symbols of this node.
  public var index: UInt16
  /// The first verdaux name: the node's name (the soname for the base entry).
  public var name: String
  /// vd_flags (`VER_FLG_BASE` = 0x1, `VER_FLG_WEAK` = 0x2).
  public var flags: UInt16
  /// vd_hash.
  public var hash: UInt32
  /// The names of the further verdaux entries: the nodes this one inherits from.
  public var parents: [String]

  public init(index: UInt16, name: String, flags: UInt16, hash: UInt32, parents: [String]) {
    self.index = index
    self.name = name
    self.flags = flags
    self.hash = hash
    self.parents = parents
  }

  /// VER_FLG_BASE: the entry that names the file itself, not a version node.
  public var isBase: Bool { flags & 0x1 != 0 }
}
