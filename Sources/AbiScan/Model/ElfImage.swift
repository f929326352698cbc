/// Everything abidoctor read from one ELF file.
///
/// Fields that could not be read are nil (or empty) and the reason is in
/// `problems`; the rest is still reported, so one bad section never hides
/// the facts of the others.
public struct ElfImage: Sendable, Hashable, CustomReflectable {
  /// The path as given on the command line, or relative to the walked folder.
  @inlinable public var path: String {
    _read { yield storage.fields.path }
    _modify { yield &uniqueFields.path }
  }

  /// The size of the file in bytes.
  @inlinable public var fileSize: UInt64 {
    _read { yield storage.fields.fileSize }
    _modify { yield &uniqueFields.fileSize }
  }

  /// The ELF header facts.
  @inlinable public var identity: ElfIdentity {
    _read { yield storage.fields.identity }
    _modify { yield &uniqueFields.identity }
  }

  /// PT_INTERP, the program interpreter (dynamic loader) path.
  @inlinable public var interpreter: String? {
    _read { yield storage.fields.interpreter }
    _modify { yield &uniqueFields.interpreter }
  }

  /// The dynamic section, or nil when the object has none (static, relocatable) or it could not be read.
  @inlinable public var dynamic: DynamicInfo? {
    _read { yield storage.fields.dynamic }
    _modify { yield &uniqueFields.dynamic }
  }

  /// SHT_GNU_verneed, in file order; nil when it could not be read.
  @inlinable public var versionNeeds: [VersionNeed]? {
    _read { yield storage.fields.versionNeeds }
    _modify { yield &uniqueFields.versionNeeds }
  }

  /// SHT_GNU_verdef, in file order, base entry included; nil when it could not be read.
  @inlinable public var versionDefinitions: [VersionDefinition]? {
    _read { yield storage.fields.versionDefinitions }
    _modify { yield &uniqueFields.versionDefinitions }
  }

  /// The dynamic symbols (index 0 left out), when `ReadParts.symbols` was asked for and they could be read.
  @inlinable public var symbols: [DynamicSymbol]? {
    _read { yield storage.fields.symbols }
    _modify { yield &uniqueFields.symbols }
  }

  /// Counts over the dynamic symbol table; nil when it could not be read.
  @inlinable public var symbolCounts: SymbolCounts? {
    _read { yield storage.fields.symbolCounts }
    _modify { yield &uniqueFields.symbolCounts }
  }

  /// Defined global symbol names of `.symtab`, when `ReadParts.staticSymbols` was asked for; nil when not
  /// read, empty when the file is stripped.
  @inlinable public var staticSymbolNames: Set<String>? {
    _read { yield storage.fields.staticSymbolNames }
    _modify { yield &uniqueFields.staticSymbolNames }
  }

  /// Go build facts, for files built by Go; nil otherwise or when not asked for.
  @inlinable public var go: GoFacts? {
    _read { yield storage.fields.go }
    _modify { yield &uniqueFields.go }
  }

  /// The `.comment` strings: which compilers and linkers made the file (read with the Go facts).
  @inlinable public var comments: [String] {
    _read { yield storage.fields.comments }
    _modify { yield &uniqueFields.comments }
  }

  /// GNU notes.
  @inlinable public var notes: GNUNotes {
    _read { yield storage.fields.notes }
    _modify { yield &uniqueFields.notes }
  }

  /// PT_GNU_STACK.
  @inlinable public var stack: StackPermission {
    _read { yield storage.fields.stack }
    _modify { yield &uniqueFields.stack }
  }

  /// Whether the file has section headers (stripped-to-the-bone files may not).
  @inlinable public var hasSectionHeaders: Bool {
    _read { yield storage.fields.hasSectionHeaders }
    _modify { yield &uniqueFields.hasSectionHeaders }
  }

  /// The C library classification.
  @inlinable public var libc: LibcInfo {
    _read { yield storage.fields.libc }
    _modify { yield &uniqueFields.libc }
  }

  /// What could not be read, in the order it was met.
  @inlinable public var problems: [ElfReadError] {
    _read { yield storage.fields.problems }
    _modify { yield &uniqueFields.problems }
  }

  /// The fields, behind one reference: an image is copied into the image cache, every tree that loads
  /// it, every process view and every report entry, and a copy of the seventeen fields inline was a
  /// memcpy of the struct and a retain and a release for each reference in it (`deps` of 26 programs
  /// copied images 4,810 times). A copy is now one retain, and the box took that run from 13.5 M to
  /// 12.3 M instructions (callgrind); a change copies the fields first when they are shared (copy on
  /// write, as Array does). The accessors are inlinable so that SysrootCheck reads a field in place
  /// rather than through a call (as plain accessors, the same run took 14.3 M).
  @usableFromInline var storage: Storage

  /// The stored fields of an image.
  @usableFromInline struct Fields: Sendable, Hashable {
    @usableFromInline var path: String
    @usableFromInline var fileSize: UInt64
    @usableFromInline var identity: ElfIdentity
    @usableFromInline var interpreter: String?
    @usableFromInline var dynamic: DynamicInfo?
    @usableFromInline var versionNeeds: [VersionNeed]?
    @usableFromInline var versionDefinitions: [VersionDefinition]?
    @usableFromInline var symbols: [DynamicSymbol]?
    @usableFromInline var symbolCounts: SymbolCounts?
    @usableFromInline var staticSymbolNames: Set<String>? = nil
    @usableFromInline var go: GoFacts? = nil
    @usableFromInline var comments: [String] = []
    @usableFromInline var notes: GNUNotes
    @usableFromInline var stack: StackPermission
    @usableFromInline var hasSectionHeaders: Bool
    @usableFromInline var libc: LibcInfo
    @usableFromInline var problems: [ElfReadError]
  }

  /// Holds the fields. Its one mutable property is changed only through `uniqueFields`, when no other
  /// image shares the box, so sharing it between threads is safe.
  @usableFromInline final class Storage: @unchecked Sendable {
    /// Exclusivity is checked statically by `uniqueFields`' caller; the dynamic check on each access
    /// to a class property (swift_beginAccess) would cost more than the copy it saves.
    @exclusivity(unchecked) @usableFromInline var fields: Fields
    @usableFromInline init(_ fields: Fields) { self.fields = fields }
  }

  /// The fields for a change: copied into a new box first when another image shares this one.
  @inlinable var uniqueFields: Fields {
    get { storage.fields }
    _modify {
      if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.fields) }
      yield &storage.fields
    }
  }

  public init(
    path: String, fileSize: UInt64, identity: ElfIdentity, interpreter: String?,
    dynamic: DynamicInfo?, versionNeeds: [VersionNeed]?, versionDefinitions: [VersionDefinition]?,
    symbols: [DynamicSymbol]?, symbolCounts: SymbolCounts?, notes: GNUNotes,
    stack: StackPermission, hasSectionHeaders: Bool, libc: LibcInfo, problems: [ElfReadError]
  ) {
    storage = Storage(
      Fields(
        path: path, fileSize: fileSize, identity: identity, interpreter: interpreter, dynamic: dynamic,
        versionNeeds: versionNeeds, versionDefinitions: versionDefinitions, symbols: symbols,
        symbolCounts: symbolCounts, notes: notes, stack: stack, hasSectionHeaders: hasSectionHeaders,
        libc: libc, problems: problems))
  }

  public static func == (lhs: ElfImage, rhs: ElfImage) -> Bool {
    lhs.storage === rhs.storage || lhs.storage.fields == rhs.storage.fields
  }

  public func hash(into hasher: inout Hasher) { storage.fields.hash(into: &hasher) }

  /// The fields, not the box, where an image is printed (test failures, debugging): what a plain
  /// struct of these fields printed before.
  public var customMirror: Mirror { Mirror(self, children: Mirror(reflecting: storage.fields).children, displayStyle: .struct) }

  /// The version node names this object defines, without the base entry (the contract's versionDefinitions).
  public var definedVersionNames: [String] {
    (versionDefinitions ?? []).filter { !$0.isBase }.map(\.name)
  }

  /// Whether `node` is one of `definedVersionNames`, asked of the definitions in place: the checks ask
  /// it for every needed node, and making the list each time (40 names for libc) was 0.3 M of the 12 M
  /// instructions of `deps` of 26 programs.
  public func defines(versionNode node: String) -> Bool {
    versionDefinitions?.contains { !$0.isBase && $0.name == node } ?? false
  }

  /// The same answer, looked for first among the definitions whose ELF hash is `hash` (the one a
  /// need records for the name, vna_hash, as ld.so matches them): comparing a few integers before one
  /// name, not every name (two unequal Strings compare in 150 instructions; 0.15 M of `deps` of 26
  /// programs). Only when none with that hash has the name are all of them asked by name, so a need
  /// whose hash is wrong is judged by its name, as `defines(versionNode:)` judges it.
  public func defines(versionNode node: String, hash: UInt32) -> Bool {
    guard let definitions = versionDefinitions else { return false }
    for definition in definitions where definition.hash == hash && !definition.isBase && definition.name == node { return true }
    return defines(versionNode: node)
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
