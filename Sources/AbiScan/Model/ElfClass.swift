/// The word size of an ELF file (EI_CLASS).
///
/// A 32-bit object can never be loaded into a 64-bit process or the reverse,
/// which is the first thing the loader checks.
public enum ElfClass: Int, Sendable, Hashable, CaseIterable {
  /// The corresponding ELF constant is `ELFCLASS32`.
  case elf32 = 32
  /// The corresponding ELF constant is `ELFCLASS64`.
  case elf64 = 64

  /// 32 or 64, as the contract's FILE.class.
  public var bits: Int { rawValue }
}
