/// Reads ELF files into `ElfImage` values through libelf, in its read (`pread`) mode.
///
/// The reader never executes, loads or relocates anything: it reads the
/// ranges of the file a question needs and decodes the structures a loader would consult. A problem in
/// one structure becomes an entry in `ElfImage.problems` and the other
/// structures are still read; only a file whose header cannot be trusted
/// throws.
public struct ElfReader: Sendable {
  /// Which parts to read.
  public var parts: ReadParts
  /// Bounds on counts and sizes taken from the file.
  public var limits: ReadLimits

  /// Whether a file may be read by `DirectReader` when the parts allow it (the scanner reads it when
  /// the direct reader cannot): off only to compare the two.
  public var allowsDirectReading = true

  public init(parts: ReadParts = .profile, limits: ReadLimits = .default, allowsDirectReading: Bool = true) {
    self.parts = parts
    self.limits = limits
    self.allowsDirectReading = allowsDirectReading
  }

  /// The direct reader for these parts, when they allow one.
  private var direct: DirectReader? { allowsDirectReading ? DirectReader(parts: parts, limits: limits) : nil }

  /// Reads the file at `path`; `displayPath` is how reports name it (defaults to `path`).
  public func read(path: String, displayPath: String? = nil) throws(ElfReadError) -> ElfImage {
    let shown = displayPath ?? path
    if let image = direct?.read(path: path, displayPath: shown) { return image }
    let handle = try ElfHandle.open(path: path, displayPath: shown)
    return try ImageScanner(handle: handle, path: shown, parts: parts, limits: limits).scan()
  }

  /// Reads a file a walk found (or a path the walk saw is a regular file): when its first bytes are
  /// not ELF, without an `fstat`.
  public func read(_ file: InputFile) throws(ElfReadError) -> ElfImage {
    switch try readIfElf(file) {
    case .image(let image): return image
    case .notElf(let head): throw ElfReadError.notElf(path: file.displayPath, leadingBytes: head)
    }
  }

  /// What a regular file turned out to be: an ELF image, or another file with these first bytes.
  public enum Outcome: Sendable {
    case image(ElfImage)
    /// No ELF magic: the file's first bytes, for the reader of another format.
    case notElf(FileHead)
  }

  /// Reads `file` when it starts with the ELF magic; a file that does not is no error here but the
  /// common case of a walk (most files of a tree are not ELF): no error value and no display path
  /// are made for it, which was a fifth of what such a file cost. Damage still throws.
  public func readIfElf(_ file: InputFile) throws(ElfReadError) -> Outcome {
    let opening = file.opening
    if let image = direct?.read(path: opening.path, in: opening.base, displayPath: file.displayPath) { return .image(image) }
    switch try ElfHandle.openIfElf(path: opening.path, in: opening.base, displayPath: file.displayPath, isRegularFile: true) {
    case .elf(let handle):
      return .image(try ImageScanner(handle: handle, path: file.displayPath, parts: parts, limits: limits).scan())
    case .other(let head):
      return .notElf(head)
    }
  }

  /// Reads an ELF image held in memory (the bytes are copied first).
  public func read(bytes: [UInt8], displayPath: String) throws(ElfReadError) -> ElfImage {
    let handle = try ElfHandle.open(bytes: bytes, displayPath: displayPath)
    return try ImageScanner(handle: handle, path: displayPath, parts: parts, limits: limits).scan()
  }

  /// Reads an ELF image from an archive member's bytes, without copying them.
  public func read(member: MemberBytes, displayPath: String) throws(ElfReadError) -> ElfImage {
    let handle = try ElfHandle.open(member: member, displayPath: displayPath)
    return try ImageScanner(handle: handle, path: displayPath, parts: parts, limits: limits).scan()
  }
}
