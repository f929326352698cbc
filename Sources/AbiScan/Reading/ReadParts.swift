/// Which parts of an ELF file a question needs.
///
/// Reading the dynamic symbol table of a large C++ library costs far more
/// than its header and dynamic section, so callers ask only for what their
/// check uses.
public struct ReadParts: OptionSet, Sendable, Hashable {
  public let rawValue: UInt32
  public init(rawValue: UInt32) { self.rawValue = rawValue }

  /// Program headers: interpreter, PT_GNU_STACK, and the dynamic segment of files without sections.
  public static let programHeaders = ReadParts(rawValue: 1 << 0)
  /// The dynamic section: soname, needed, rpath, runpath.
  public static let dynamic = ReadParts(rawValue: 1 << 1)
  /// SHT_GNU_verneed and SHT_GNU_verdef.
  public static let versions = ReadParts(rawValue: 1 << 2)
  /// Counts over `.dynsym` (needs a walk of the table, but no names).
  public static let symbolCounts = ReadParts(rawValue: 1 << 3)
  /// Every dynamic symbol with its name and version.
  public static let symbols = ReadParts(rawValue: 1 << 4)
  /// GNU notes: build-id, ABI tag, properties.
  public static let notes = ReadParts(rawValue: 1 << 5)

  /// Names of the defined global symbols in `.symtab` (kept by unstripped files), to tell a symbol a
  /// program defines but does not export (linked without -rdynamic) from one it lacks.
  public static let staticSymbols = ReadParts(rawValue: 1 << 6)

  /// Go build facts: `.go.buildinfo`, the toolchain version, package fingerprints (needs the symbol names).
  public static let go = ReadParts(rawValue: 1 << 7)

  /// The dynamic symbols of C++ objects only (those that need or are libstdc++.so.6), whose names tell
  /// which std::string ABI they use; other files keep the cheaper counting walk.
  public static let cxxSymbols = ReadParts(rawValue: 1 << 8)

  /// What the contract's FILE object needs.
  public static let profile: ReadParts = [.programHeaders, .dynamic, .versions, .symbolCounts, .notes, .go, .cxxSymbols]
  /// Everything.
  public static let all: ReadParts = [.profile, .symbols]
}
