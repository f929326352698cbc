import AbiScan

/// What a target provides to the files checked against it, whatever the target is: a root file
/// system on disk, a platform known by name, or a plugin host's running process.
///
/// Adapters build it (`SysrootSession.model(for:)`, `PlatformProfile.model(bundled:)`,
/// `HostSession.model`); `TargetRules` checks a file against it; `Advice` turns what the rules find
/// into findings and fixes. A fact the target cannot tell is nil, and the rules that need it stay silent.
public struct TargetModel: Sendable {
  /// How the target came to be known: the rules that need a file system or a process ask for it.
  public enum Kind: Sendable, Hashable {
    /// A root file system; libraries are found by the loader emulation.
    case sysroot(path: String)
    /// A built-in platform profile: libraries are promised by name, nodes per prefix.
    case profile(PlatformProfile)
    /// A program that dlopens the files: its process is already built.
    case host(path: String)
  }

  /// What kind of target.
  public var kind: Kind
  /// How messages name the target's architecture: "the sysroot's /lib/libc.so.6", "ubuntu-20.04-x86_64",
  /// "the host /usr/bin/app".
  public var label: String
  /// The profile name, for reports against several targets at once; nil for one sysroot or host.
  public var tag: String?
  /// What every loadable object must match (class, byte order, machine, float ABI); nil when the target
  /// has nothing to compare with (a sysroot without a C library).
  public var identity: ElfIdentity?
  /// The C library family; nil when unknown.
  public var libc: LibcFamily?
  /// The C library's version (glibc `2.31`, musl `1.2.5`), when known.
  public var libcVersion: String?
  /// How messages name the C library: "/lib/libc.so.6", "glibc 2.31 on ubuntu-20.04-x86_64", "the host's".
  public var libcLabel: String
  /// The interpreter a program built for the target names (profiles decide interpreters by name).
  public var interpreter: String?
  /// The libraries the target promises by name (profiles); nil where a loader finds them on disk.
  public var guaranteedLibraries: Set<String>?
  /// The version nodes per prefix (profiles); nil where the library that resolved defines them.
  public var versionNodes: [(prefix: String, nodes: [String])]?
  /// The x86-64 ISA level the target's CPU is known to have (1 baseline ... 4); 0 when not x86-64 or unknown.
  public var isaLevel: Int
  /// Why that level: "ubuntu-22.04-x86_64 promises only baseline", "the host is built for v2".
  public var isaLabel: String
  /// Whether the level is known (a profile's promise, a host's build, `--hwcaps`) rather than assumed
  /// (a sysroot says nothing of its CPU): an assumed level makes a higher need a warning.
  public var isaLevelKnown = true
  /// How to build for the target, for fixes.
  public var build: BuildEnvironment
  /// The distribution, where known (`debian`, `ubuntu`, `alpine`, `rhel`, ...): which package tool fixes name.
  public var distribution: String?
  /// The distribution's release (`12`), where known: which package index a fix is looked up in.
  public var release: String?
  /// Whether the target's architecture is not this machine's (a cross sysroot): Debian packages for
  /// it are installed as `PACKAGE:ARCH`.
  public var foreignArchitecture: Bool

  public init(
    kind: Kind, label: String, tag: String? = nil, identity: ElfIdentity?,
    libc: LibcFamily?, libcVersion: String?, libcLabel: String, interpreter: String? = nil,
    guaranteedLibraries: Set<String>? = nil, versionNodes: [(prefix: String, nodes: [String])]? = nil,
    isaLevel: Int, isaLabel: String, build: BuildEnvironment, distribution: String? = nil, release: String? = nil,
    foreignArchitecture: Bool = false
  ) {
    self.distribution = distribution
    self.release = release
    self.foreignArchitecture = foreignArchitecture
    self.kind = kind
    self.label = label
    self.tag = tag
    self.identity = identity
    self.libc = libc
    self.libcVersion = libcVersion
    self.libcLabel = libcLabel
    self.interpreter = interpreter
    self.guaranteedLibraries = guaranteedLibraries
    self.versionNodes = versionNodes
    self.isaLevel = isaLevel
    self.isaLabel = isaLabel
    self.build = build
  }

  /// The glibc version as a number, when the target is glibc.
  public var glibcVersion: VersionNumber? {
    libc == .glibc ? libcVersion.flatMap(VersionNumber.init) : nil
  }

  /// glibc 2.41 and later refuse to dlopen an object that needs an executable stack.
  public var refusesExecutableStack: Bool {
    glibcVersion.map { $0 >= VersionNumber(components: [2, 41]) } ?? false
  }

  /// The nodes the target has for `prefix`, or nil when it says nothing of that prefix.
  func nodes(prefix: String) -> [String]? {
    versionNodes?.first { $0.prefix == prefix }?.nodes
  }
}
