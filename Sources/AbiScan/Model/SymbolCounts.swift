/// Counts over the dynamic symbol table, index 0 left out (the contract's FILE.symbols).
public struct SymbolCounts: Sendable, Hashable {
  /// Entries with st_shndx != SHN_UNDEF.
  public var defined: Int
  /// Entries with st_shndx == SHN_UNDEF.
  public var undefined: Int

  public init(defined: Int, undefined: Int) {
    self.defined = defined
    self.undefined = undefined
  }
}
