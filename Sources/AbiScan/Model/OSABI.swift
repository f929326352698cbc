/// The operating-system ABI byte of the identification (EI_OSABI).
///
/// `sysv` and `gnu` are both normal on Linux: glibc marks objects that use
/// GNU extensions (IFUNC, unique symbols) as `gnu`, and the loader accepts both.
public struct OSABI: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
  /// EI_OSABI as stored in the file.
  public var rawValue: UInt8
  public init(rawValue: UInt8) { self.rawValue = rawValue }

  /// The corresponding ELF constant is `ELFOSABI_SYSV`.
  public static let sysv = OSABI(rawValue: 0)
  /// The corresponding ELF constant is `ELFOSABI_GNU` (alias `ELFOSABI_LINUX`).
  public static let gnu = OSABI(rawValue: 3)

  /// The lower-case name of the contract, or `"unknown"`. A switch, not a dictionary, for the reason
  /// `Machine.shortName` gives.
  public var name: String {
    switch rawValue {
    case 0: return "sysv"
    case 1: return "hpux"
    case 2: return "netbsd"
    case 3: return "gnu"
    case 6: return "solaris"
    case 7: return "aix"
    case 8: return "irix"
    case 9: return "freebsd"
    case 10: return "tru64"
    case 11: return "modesto"
    case 12: return "openbsd"
    case 13: return "openvms"
    case 14: return "nsk"
    case 15: return "aros"
    case 16: return "fenixos"
    case 17: return "cloudabi"
    case 18: return "openvos"
    case 64: return "arm-aeabi"
    case 97: return "arm"
    case 255: return "standalone"
    default: return "unknown"
    }
  }

  /// Whether a Linux loader accepts objects with this OS/ABI (SYSV or GNU; ARM's 97 is pre-EABI Linux).
  public var isLinuxCompatible: Bool { rawValue == 0 || rawValue == 3 || rawValue == 97 }

  public var description: String { "\(name) (\(rawValue))" }
}
