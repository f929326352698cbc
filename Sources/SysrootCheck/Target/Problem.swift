import AbiScan

/// One reason a file will not load, or may fail, on a target: facts only. `TargetRules` finds them,
/// `Advice` words them and computes their fixes, so no rule writes a message and no fix reads one back.
public enum Problem: Sendable {
  /// EI_OSABI names a system a Linux loader refuses.
  case osabi(OSABI)
  /// The file's class, byte order, machine or float ABI differs from the target's.
  case identity(IdentityDifference)
  /// glibc against musl.
  case libcFamily(have: LibcFamily, need: LibcFamily)
  /// PT_INTERP names a file the target does not have (or cannot use).
  case interpreterMissing(path: String, reason: String, existing: String?)
  /// PT_INTERP exists but is another architecture's or C library's loader.
  case interpreterMismatch(path: String, reason: String, existing: String?)
  /// A DT_NEEDED library the loader does not find.
  case libraryNotFound(LibraryMiss)
  /// A DT_NEEDED library found only in builds for another architecture.
  case libraryIncompatible(LibraryMiss)
  /// A DT_NEEDED library found, but not an object the loader can map (truncated, damaged).
  case libraryUnusable(LibraryMiss, path: String, reason: String)
  /// A DT_NEEDED library the platform does not promise (profiles).
  case libraryNotGuaranteed(String)
  /// Needed version nodes the library that serves them lacks: one problem per library and node.
  case version(VersionShortfall)
  /// A private node (GLIBC_PRIVATE): internal, changes between builds.
  case privateVersion(object: String, library: String, node: String, symbols: [String])
  /// musl older than the file needs.
  case muslTooOld(needed: String, provided: String, reason: String)
  /// An undefined, non-weak symbol no object in scope defines.
  case symbolUnresolved(SymbolMiss)
  /// The host exports the symbol with the other libstdc++ string ABI.
  case cxxStringABI(symbol: String, counterpart: String, fileABI: CxxStringABI, targetABI: CxxStringABI?)
  /// The file needs an x86-64 ISA level above the target's.
  case isaLevel(needed: X86ISALevels, provided: Int)
  /// A shared object asks for an executable stack.
  case executableStack(StackPermission, refused: Bool)
  /// An absolute RPATH/RUNPATH entry the target does not have.
  case rpathOutside(tag: String, entry: String)
  /// Go: plugin and host built by different toolchains.
  case goToolchain(host: String, plugin: String, crashes: Bool, hostGo: GoFacts)
  /// Go: packages whose fingerprints differ, in the order plugin.Open checks them.
  case goPackages(differing: [GoPackageHash], hostHashes: [String: String], shared: Int, hostGo: GoFacts)
}

/// A library the loader did not get: its name, who asked, and where it looked.
public struct LibraryMiss: Sendable {
  /// The DT_NEEDED text.
  public var name: String
  /// The object that needs it (the file's path when the file itself does).
  public var neededBy: String
  /// Whether the checked file itself needs it (not one of its libraries).
  public var direct: Bool
  /// The folders searched, as `rule: folder`.
  public var tried: [String]
  /// Candidates skipped, with why.
  public var skipped: [SkippedCandidate]
  /// The search facts a fix is computed from.
  public var search: SearchFacts
}

/// What the loader's search looked like where a library was missed: what a fix must change.
public struct SearchFacts: Sendable {
  /// The requester's DT_RPATH and DT_RUNPATH, as written.
  public var rpath: [String] = []
  public var runpath: [String] = []
  /// Whether the requester is the checked file (RUNPATH of the file reaches only its own needs).
  public var requesterIsFile = true
  /// Whether the program (the root of the tree) has DT_RUNPATH, which does not reach its libraries' needs.
  public var programRunpath: [String] = []
  /// The requester's folder, when it is one of the user's own files.
  public var requesterFolder: String?
  /// Copies of the library elsewhere in the target, with their packages when a package database says.
  public var elsewhere: [(path: String, package: String?)] = []
  /// Copies in the user's own files (the bundle) that no search rule reached.
  public var inBundle: [String] = []
  /// Folders of /etc/ld.so.conf that hold it while the cache does not list it.
  public var staleCacheFolders: [String] = []
}

/// Version nodes a library lacks.
public struct VersionShortfall: Sendable {
  /// How the node is missing.
  public enum Kind: Sendable, Hashable {
    /// Above the highest node of its series the library defines: a newer library is needed.
    case tooNew
    /// Not defined, though the library has other nodes (a hole, or another series).
    case missing
    /// The library defines no versions at all: glibc's ld.so aborts binding a versioned symbol to it.
    case unversionedLibrary
  }
  public var kind: Kind
  /// The object that needs it (the file's path, or one of its bundled libraries).
  public var object: String
  /// The soname the need names.
  public var library: String
  /// Where the target's copy is (a path, or a profile's name).
  public var provider: String
  /// Whether `provider` names a profile rather than a file (evidence keeps paths and names apart).
  public var providerIsProfile: Bool = false
  /// Whether the provider is one of the user's own files (a bundle, a `--library-path` folder), not
  /// the target's: then that copy is what is old, and shipping the right build is the fix.
  public var providerIsOwn: Bool = false
  /// The node needed.
  public var needed: String
  /// The highest numbered node of its series the provider has (without prefix), if any.
  public var provided: String?
  /// The nodes the provider defines.
  public var defined: [String]
  /// The symbols that force the node.
  public var symbols: [String]
  /// Whether the need is weak (the loader only warns).
  public var weak: Bool
}

/// An undefined symbol nothing defines.
public struct SymbolMiss: Sendable {
  public var object: String
  public var symbol: String
  public var version: String?
  public var searched: [String]
  /// The host defines it in `.symtab` but does not export it.
  public var definedButNotExported: Bool
}
