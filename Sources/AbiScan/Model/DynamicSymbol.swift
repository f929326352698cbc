/// One entry of the dynamic symbol table (`.dynsym`), with its symbol version.
public struct DynamicSymbol: Sendable, Hashable {
  /// The symbol's name.
  public var name: String
  /// STB_* binding.
  public var binding: Binding
  /// STT_* type.
  public var type: SymbolType
  /// STV_* visibility.
  public var visibility: Visibility
  /// st_shndx; 0 (SHN_UNDEF) means the symbol must come from another object.
  public var sectionIndex: UInt16
  /// st_value.
  public var value: UInt64
  /// st_size.
  public var size: UInt64
  /// The version from `.gnu.version`, or nil for unversioned (index 0 or 1) symbols.
  public var version: SymbolVersion?

  public init(
    name: String, binding: Binding, type: SymbolType, visibility: Visibility,
    sectionIndex: UInt16, value: UInt64, size: UInt64, version: SymbolVersion?
  ) {
    self.name = name
    self.binding = binding
    self.type = type
    self.visibility = visibility
    self.sectionIndex = sectionIndex
    self.value = value
    self.size = size
    self.version = version
  }

  /// Whether this object provides the symbol (st_shndx != SHN_UNDEF).
  public var isDefined: Bool { sectionIndex != 0 }

  /// An absolute symbol that names a version node this object defines (`GLIBC_2.15` in version `GLIBC_2.15`);
  /// linkers emit one per node, and it is not an interface.
  public var isVersionNodeMarker: Bool {
    guard let version, isDefined, version.file == nil else { return false }
    return name == version.name
  }

  /// The symbol as readelf and the loader's messages spell it: `name@VER`, `name@@VER` or `name`.
  public var versionedName: String {
    guard let version, !isVersionNodeMarker else { return name }
    let isDefault = isDefined && !version.isHidden && version.file == nil
    return name + (isDefault ? "@@" : "@") + version.name
  }

  /// Symbol binding (STB_*). Open set: unknown values round-trip.
  public struct Binding: RawRepresentable, Sendable, Hashable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// The corresponding ELF constant is `STB_LOCAL`.
    public static let local = Binding(rawValue: 0)
    /// The corresponding ELF constant is `STB_GLOBAL`.
    public static let global = Binding(rawValue: 1)
    /// The corresponding ELF constant is `STB_WEAK`; an undefined weak symbol may stay unresolved.
    public static let weak = Binding(rawValue: 2)
    /// The corresponding ELF constant is `STB_GNU_UNIQUE`.
    public static let gnuUnique = Binding(rawValue: 10)
    /// `local`, `global`, `weak`, `unique` or `other`.
    public var name: String {
      switch rawValue {
      case 0: return "local"
      case 1: return "global"
      case 2: return "weak"
      case 10: return "unique"
      default: return "other"
      }
    }
  }

  /// Symbol type (STT_*). Open set: unknown values round-trip.
  public struct SymbolType: RawRepresentable, Sendable, Hashable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// `notype`, `object`, `func`, `section`, `file`, `common`, `tls`, `ifunc` or `other`.
    public var name: String {
      switch rawValue {
      case 0: return "notype"
      case 1: return "object"
      case 2: return "func"
      case 3: return "section"
      case 4: return "file"
      case 5: return "common"
      case 6: return "tls"
      case 10: return "ifunc"
      default: return "other"
      }
    }
  }

  /// Symbol visibility (STV_*).
  public struct Visibility: RawRepresentable, Sendable, Hashable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// `default`, `internal`, `hidden` or `protected`.
    public var name: String {
      switch rawValue & 3 {
      case 0: return "default"
      case 1: return "internal"
      case 2: return "hidden"
      default: return "protected"
      }
    }
  }
}

/// The version a dynamic symbol is bound to, from `.gnu.version`.
public struct SymbolVersion: Sendable, Hashable {
  /// The version node's name, e.g. `GLIBC_2.2.5`.
  public var name: String
  /// The raw `.gnu.version` entry, with the hidden bit (0x8000).
  public var index: UInt16
  /// Bit 0x8000: the symbol is not the default for its name; only an explicit `name@VER` reference binds to it.
  public var isHidden: Bool
  /// The library the version is required of (vn_file) when the index names a version need; nil when it
  /// names a definition of this object. Copy-relocated data (`stdout` in an executable) is defined here
  /// yet bound to a needed version.
  public var file: String?

  public init(name: String, index: UInt16, isHidden: Bool, file: String?) {
    self.name = name
    self.index = index
    self.isHidden = isHidden
    self.file = file
  }

}
