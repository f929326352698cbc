/// What kind of object an ELF file is (e_type).
public struct ObjectType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
  /// e_type as stored in the file.
  public var rawValue: UInt16
  public init(rawValue: UInt16) { self.rawValue = rawValue }

  /// A relocatable object (`.o`). The corresponding ELF constant is `ET_REL`.
  public static let relocatable = ObjectType(rawValue: 1)
  /// A fixed-address executable. The corresponding ELF constant is `ET_EXEC`.
  public static let executable = ObjectType(rawValue: 2)
  /// A shared object or a position-independent executable. The corresponding ELF constant is `ET_DYN`.
  public static let sharedObject = ObjectType(rawValue: 3)
  /// A core dump. The corresponding ELF constant is `ET_CORE`.
  public static let core = ObjectType(rawValue: 4)

  /// `"rel"`, `"exec"`, `"dyn"`, `"core"` or `"other"`, as the contract spells them.
  public var shortName: String {
    switch rawValue {
    case 1: return "rel"
    case 2: return "exec"
    case 3: return "dyn"
    case 4: return "core"
    default: return "other"
    }
  }

  public var description: String { "\(shortName) (\(rawValue))" }
}
