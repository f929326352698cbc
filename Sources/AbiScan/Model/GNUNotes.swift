/// Facts from the GNU notes (`.note.gnu.build-id`, `.note.ABI-tag`, `.note.gnu.property`).
public struct GNUNotes: Sendable, Hashable {
  /// NT_GNU_BUILD_ID as lower-case hex: the identity debuggers and symbol servers use.
  public var buildID: String?
  /// NT_GNU_ABI_TAG: the OS and the oldest kernel the C library was built for.
  public var abiTag: ABITag?
  /// GNU_PROPERTY_X86_ISA_1_NEEDED: the x86-64 micro-architecture levels the code needs.
  public var x86ISANeeded: X86ISALevels?
  /// GNU_PROPERTY_X86_ISA_1_USED, when the linker recorded it.
  public var x86ISAUsed: X86ISALevels?
  /// GNU_PROPERTY_X86_FEATURE_1_AND (IBT = 1, SHSTK = 2), when present.
  public var x86Features: UInt32?
  /// GNU_PROPERTY_AARCH64_FEATURE_1_AND (BTI = 1, PAC = 2), when present.
  public var aarch64Features: UInt32?
  /// NT_ANDROID_IDENT's API level, present in binaries built by the Android NDK.
  public var androidAPILevel: UInt32?

  public init(
    buildID: String? = nil, abiTag: ABITag? = nil, x86ISANeeded: X86ISALevels? = nil,
    x86ISAUsed: X86ISALevels? = nil, x86Features: UInt32? = nil, aarch64Features: UInt32? = nil,
    androidAPILevel: UInt32? = nil
  ) {
    self.buildID = buildID
    self.abiTag = abiTag
    self.x86ISANeeded = x86ISANeeded
    self.x86ISAUsed = x86ISAUsed
    self.x86Features = x86Features
    self.aarch64Features = aarch64Features
    self.androidAPILevel = androidAPILevel
  }

  /// NT_GNU_ABI_TAG's descriptor: an OS code and a minimum kernel version.
  public struct ABITag: Sendable, Hashable {
    /// 0 Linux, 1 GNU/Hurd, 2 Solaris, 3 FreeBSD.
    public var os: UInt32
    /// The oldest kernel version, e.g. `[3, 2, 0]`.
    public var kernel: [UInt32]

    public init(os: UInt32, kernel: [UInt32]) {
      self.os = os
      self.kernel = kernel
    }

    /// `linux`, `hurd`, `solaris`, `freebsd` or `unknown`.
    public var osName: String {
      switch os {
      case 0: return "linux"
      case 1: return "hurd"
      case 2: return "solaris"
      case 3: return "freebsd"
      default: return "unknown"
      }
    }

    /// The minimum kernel as dotted text, e.g. `3.2.0`.
    public var kernelVersion: String { kernel.map(String.init).joined(separator: ".") }
  }
}

/// A set of x86-64 micro-architecture levels (the GNU property bit mask).
///
/// glibc 2.33 and later refuse to load an object that needs a level above the
/// CPU's: `CPU ISA level is lower than required`.
public struct X86ISALevels: RawRepresentable, Sendable, Hashable {
  /// The property's bit mask: 1 baseline, 2 v2, 4 v3, 8 v4.
  public var rawValue: UInt32
  public init(rawValue: UInt32) { self.rawValue = rawValue }

  /// The level names present, lowest first: `baseline`, `v2`, `v3`, `v4`.
  public var names: [String] {
    var out: [String] = []
    if rawValue & 1 != 0 { out.append("baseline") }
    if rawValue & 2 != 0 { out.append("v2") }
    if rawValue & 4 != 0 { out.append("v3") }
    if rawValue & 8 != 0 { out.append("v4") }
    return out
  }

  /// The highest level required (1 baseline ... 4 v4), or 0 when no bit is set.
  public var highestLevel: Int {
    if rawValue & 8 != 0 { return 4 }
    if rawValue & 4 != 0 { return 3 }
    if rawValue & 2 != 0 { return 2 }
    if rawValue & 1 != 0 { return 1 }
    return 0
  }

  /// The highest level's name (`baseline`, `v2`, `v3`, `v4`), or nil when no bit is set.
  public var highestName: String? { names.last }
}
