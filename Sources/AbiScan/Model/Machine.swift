/// The architecture an ELF file was built for (e_machine).
///
/// The set stays open: any code round-trips, and codes without a short name
/// are called `"unknown"` instead of trapping.
public struct Machine: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
  /// e_machine as stored in the file.
  public var rawValue: UInt16
  public init(rawValue: UInt16) { self.rawValue = rawValue }

  /// The corresponding ELF constant is `EM_386`.
  public static let i386 = Machine(rawValue: 3)
  /// The corresponding ELF constant is `EM_X86_64` (also used by x32, with ELFCLASS32).
  public static let x86_64 = Machine(rawValue: 62)
  /// The corresponding ELF constant is `EM_AARCH64`.
  public static let aarch64 = Machine(rawValue: 183)
  /// The corresponding ELF constant is `EM_ARM`.
  public static let arm = Machine(rawValue: 40)
  /// The corresponding ELF constant is `EM_RISCV`.
  public static let riscv = Machine(rawValue: 243)
  /// The corresponding ELF constant is `EM_PPC64`.
  public static let ppc64 = Machine(rawValue: 21)
  /// The corresponding ELF constant is `EM_PPC`.
  public static let ppc = Machine(rawValue: 20)
  /// The corresponding ELF constant is `EM_S390`.
  public static let s390 = Machine(rawValue: 22)
  /// The corresponding ELF constant is `EM_MIPS`.
  public static let mips = Machine(rawValue: 8)
  /// The corresponding ELF constant is `EM_LOONGARCH`.
  public static let loongarch = Machine(rawValue: 258)
  /// The corresponding ELF constant is `EM_SPARC`.
  public static let sparc = Machine(rawValue: 2)
  /// The corresponding ELF constant is `EM_SPARCV9`.
  public static let sparcv9 = Machine(rawValue: 43)

  private static let shortNames: [UInt16: String] = [
    2: "sparc", 3: "i386", 4: "m68k", 8: "mips", 10: "mips-rs3-le", 15: "parisc",
    18: "sparc32plus", 20: "ppc", 21: "ppc64", 22: "s390", 40: "arm", 42: "sh",
    43: "sparcv9", 50: "ia64", 62: "x86_64", 92: "openrisc", 94: "xtensa",
    164: "hexagon", 183: "aarch64", 189: "microblaze", 195: "arc-compact2",
    243: "riscv", 247: "bpf", 252: "csky", 258: "loongarch", 0x9026: "alpha",
  ]

  /// The lower-case short name of the contract (`x86_64`, `aarch64`, ...), or `"unknown"`.
  public var shortName: String { Self.shortNames[rawValue] ?? "unknown" }

  /// Whether abidoctor has a name for this code.
  public var isKnown: Bool { Self.shortNames[rawValue] != nil }

  public var description: String { "\(shortName) (\(rawValue))" }
}
