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

  /// The lower-case short name of the contract (`x86_64`, `aarch64`, ...), or `"unknown"`.
  ///
  /// A switch, not a dictionary: the first `[UInt16: String]` a process builds makes the Swift runtime
  /// scan every protocol conformance record of the binary for `UInt16: Hashable` (210,000 instructions
  /// of a 2.7 M-instruction `inspect`, callgrind).
  public var shortName: String { knownName ?? "unknown" }

  /// Whether abidoctor has a name for this code.
  public var isKnown: Bool { knownName != nil }

  private var knownName: String? {
    switch rawValue {
    case 2: return "sparc"
    case 3: return "i386"
    case 4: return "m68k"
    case 8: return "mips"
    case 10: return "mips-rs3-le"
    case 15: return "parisc"
    case 18: return "sparc32plus"
    case 20: return "ppc"
    case 21: return "ppc64"
    case 22: return "s390"
    case 40: return "arm"
    case 42: return "sh"
    case 43: return "sparcv9"
    case 50: return "ia64"
    case 62: return "x86_64"
    case 92: return "openrisc"
    case 94: return "xtensa"
    case 164: return "hexagon"
    case 183: return "aarch64"
    case 189: return "microblaze"
    case 195: return "arc-compact2"
    case 243: return "riscv"
    case 247: return "bpf"
    case 252: return "csky"
    case 258: return "loongarch"
    case 0x9026: return "alpha"
    default: return nil
    }
  }

  public var description: String { "\(shortName) (\(rawValue))" }
}
