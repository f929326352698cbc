/// The byte order of an ELF file (EI_DATA).
public enum Endianness: String, Sendable, Hashable, CaseIterable {
  /// The corresponding ELF constant is `ELFDATA2LSB`.
  case little
  /// The corresponding ELF constant is `ELFDATA2MSB`.
  case big
}
