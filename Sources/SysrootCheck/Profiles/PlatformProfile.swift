import AbiScan

/// A platform known by name, with no file system at hand: "Ubuntu 20.04 on arm64", "manylinux2014",
/// "Alpine 3.20". It holds what the platform's loader and libraries accept, which is all a check
/// needs to decide architecture, libc, version nodes, libraries and ISA level.
public struct PlatformProfile: Sendable, Hashable {
  /// Which naming scheme the profile belongs to.
  public enum Family: String, Sendable, Hashable, CaseIterable {
    /// PEP 600 `manylinux_2_X_ARCH` (and the older aliases).
    case manylinux
    /// PEP 656 `musllinux_1_X_ARCH`.
    case musllinux
    /// A distribution release: `DISTRO-RELEASE-ARCH`.
    case distribution
  }

  /// The canonical name, e.g. `ubuntu-20.04-x86_64` or `manylinux_2_17_x86_64`.
  public var name: String
  /// Other names for the same profile (`manylinux2014_x86_64`, `rockylinux-9-x86_64`, ...).
  public var aliases: [String]
  /// The naming scheme.
  public var family: Family
  /// The architecture and its ELF facts.
  public var architecture: ProfileArchitecture
  /// The C library family.
  public var libc: LibcFamily
  /// The C library's version (glibc `2.31`, musl `1.2.5`); for manylinux and musllinux the lowest one the tag allows.
  public var libcVersion: String
  /// For Python tags, auditwheel's priority: higher is more compatible. 0 for distributions.
  public var priority: Int
  /// The x86-64 micro-architecture level the platform guarantees (1 baseline ... 4 v4); 0 on other architectures.
  public var isaLevel: Int
  /// One line for people.
  public var summary: String
  /// The version nodes provided, per prefix (`GLIBC`, `GLIBCXX`, `CXXABI`, `GCC`, ...), without the prefix, lowest first.
  public var versionNodes: [(prefix: String, nodes: [String])]
  /// The libraries (sonames) a program may expect to find on every installation.
  public var libraries: [String]
  /// Where each number came from.
  public var sources: [String]

  /// The interpreter a program built for this platform names in PT_INTERP.
  public var interpreter: String {
    libc == .musl ? architecture.muslInterpreter : architecture.glibcInterpreter
  }

  /// For distributions, the name without the architecture (`ubuntu-20.04`); for Python tags, the tag's
  /// policy (`manylinux_2_17`).
  public var release: String {
    switch family {
    case .distribution: return String(name.dropLast(architecture.name.count + 1))
    case .manylinux, .musllinux: return String(name.dropLast(architecture.wheelName.count + 1))
    }
  }

  /// The distribution (`ubuntu`, `rhel`, `alpine`), or the family's name for Python tags.
  public var distribution: String {
    family == .distribution ? String(name.prefix { $0 != "-" }) : family.rawValue
  }

  /// The nodes of one prefix, or nil when the profile says nothing about that prefix.
  public func nodes(prefix: String) -> [String]? {
    versionNodes.first { $0.prefix == prefix }?.nodes
  }

  /// The highest numbered node of `prefix` (`2.31` for GLIBC on Ubuntu 20.04), or nil when it has none.
  public func highestNode(prefix: String) -> String? {
    nodes(prefix: prefix)?.compactMap { node in VersionNumber(node).map { ($0, node) } }.max { $0.0 < $1.0 }?.1
  }

  public static func == (lhs: PlatformProfile, rhs: PlatformProfile) -> Bool { lhs.name == rhs.name }
  public func hash(into hasher: inout Hasher) { hasher.combine(name) }
}

/// An architecture as profiles name it, with the header facts every object built for it carries.
public struct ProfileArchitecture: Sendable, Hashable {
  /// abidoctor's and Debian's name: `x86_64`, `i386`, `aarch64`, `armhf`, `ppc64le`, `s390x`, ...
  public var name: String
  /// The name in Python platform tags: `x86_64`, `i686`, `aarch64`, `armv7l`, ...
  public var wheelName: String
  /// Class, byte order, machine and flags, as in the platform's own C library.
  public var identity: ElfIdentity
  /// glibc's loader.
  public var glibcInterpreter: String
  /// musl's loader.
  public var muslInterpreter: String
}
