/// Everything abidoctor read from one ELF file.
///
/// Fields that could not be read are nil (or empty) and the reason is in
/// `problems`; the rest is still reported, so one bad section never hides
/// the facts of the others.
public struct ElfImage: Sendable, Hashable {
  /// The path as given on the command line, or relative to the walked folder.
  public var path: String
  /// The size of the file in bytes.
  public var fileSize: UInt64
  /// The ELF header facts.
  public var identity: ElfIdentity
  /// PT_INTERP, the program interpreter (dynamic loader) path.
  public var interpreter: String?
  /// The dynamic section, or nil when the object has none (static, relocatable) or it could not be read.
  public var dynamic: DynamicInfo?
  /// SHT_GNU_verneed, in file order; nil when it could not be read.
  public var versionNeeds: [VersionNeed]?
  /// SHT_GNU_verdef, in file order, base entry included; nil when it could not be read.
  public var versionDefinitions: [VersionDefinition]?
  /// The dynamic symbols (index 0 left out), when `ReadParts.symbols` was asked for and they could be read.
  public var symbols: [DynamicSymbol]?
  /// Counts over the dynamic symbol table; nil when it could not be read.
  public var symbolCounts: SymbolCounts?
  /// Defined global symbol names of `.symtab`, when `ReadParts.staticSymbols` was asked for; nil when not
  /// read, empty when the file is stripped.
  public var staticSymbolNames: Set<String>? = nil
  /// Go build facts, for files built by Go; nil otherwise or when not asked for.
  public var go: GoFacts? = nil
  /// The `.comment` strings: which compilers and linkers made the file (read with the Go facts).
  public var comments: [String] = []
  /// GNU notes.
  public var notes: GNUNotes
  /// PT_GNU_STACK.
  public var stack: StackPermission
  /// Whether the file has section headers (stripped-to-the-bone files may not).
  public var hasSectionHeaders: Bool
  /// The C library classification.
  public var libc: LibcInfo
  /// What could not be read, in the order it was met.
  public var problems: [ElfReadError]

  public init(
    path: String, fileSize: UInt64, identity: ElfIdentity, interpreter: String?,
    dynamic: DynamicInfo?, versionNeeds: [VersionNeed]?, versionDefinitions: [VersionDefinition]?,
    symbols: [DynamicSymbol]?, symbolCounts: SymbolCounts?, notes: GNUNotes,
    stack: StackPermission, hasSectionHeaders: Bool, libc: LibcInfo, problems: [ElfReadError]
  ) {
    self.path = path
    self.fileSize = fileSize
    self.identity = identity
    self.interpreter = interpreter
    self.dynamic = dynamic
    self.versionNeeds = versionNeeds
    self.versionDefinitions = versionDefinitions
    self.symbols = symbols
    self.symbolCounts = symbolCounts
    self.notes = notes
    self.stack = stack
    self.hasSectionHeaders = hasSectionHeaders
    self.libc = libc
    self.problems = problems
  }

  /// The version node names this object defines, without the base entry (the contract's versionDefinitions).
  public var definedVersionNames: [String] {
    (versionDefinitions ?? []).filter { !$0.isBase }.map(\.name)
  }

  /// The undefined symbols bound to version `version` of `file`: the ones that force that version node.
  public func symbolsNeeding(version: String, of file: String) -> [String] {
    (symbols ?? []).filter { !$0.isDefined && $0.version?.name == version && $0.version?.file == file }.map(\.name)
  }

  /// Whether the object is statically linked: no interpreter and no dynamic section needs.
  public var isStatic: Bool {
    interpreter == nil && (dynamic?.needed.isEmpty ?? true)
      && identity.type != .relocatable
  }
}
