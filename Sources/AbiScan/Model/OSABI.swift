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

  private static let names: [UInt8: String] = [
    0: "sysv", 1: "hpux", 2: "netbsd", 3: "gnu", 6: "solaris", 7: "aix", 8: "irix",
    9: "freebsd", 10: "tru64", 11: "modesto", 12: "openbsd", 13: "openvms", 14: "nsk",
    15: "aros", 16: "fenixos", 17: "cloudabi", 18: "openvos", 64: "arm-aeabi", 97: "arm",
    255: "standalone",
  ]

  /// The lower-case name of the contract, or `"unknown"`.
  public var name: String { Self.names[rawValue] ?? "unknown" }

  /// Whether a Linux loader accepts objects with this OS/ABI (SYSV or GNU; ARM's 97 is pre-EABI Linux).
  public var isLinuxCompatible: Bool { rawValue == 0 || rawValue == 3 || rawValue == 97 }

  public var description: String { "\(name) (\(rawValue))" }
}
