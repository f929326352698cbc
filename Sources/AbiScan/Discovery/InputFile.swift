/// One file to read, as found from the command line's paths.
public struct InputFile: Sendable, Hashable {
  /// How reports name the file: as given, or relative to the walked folder.
  ///
  /// For a walked file this is made when asked for, from the end of `openPath` (the walked folder
  /// joined with the relative path ends with the relative path): most walked files are not ELF and
  /// are never named, and making the name for each was an allocation per file.
  public var displayPath: String {
    get { givenDisplayPath ?? String(Substring(openPath.utf8.suffix(displayLength))) }
    set { givenDisplayPath = newValue }
  }
  /// The path to open (the folder joined with the relative path).
  public var openPath: String
  /// The folder that was walked to find it, as given; nil for a file named explicitly.
  public var root: String?
  /// Why the file cannot be read at all (found while walking, before opening); nil when it should be read.
  public var problem: ElfReadError?

  /// The display path when given whole; nil when it is the last `displayLength` bytes of `openPath`.
  private var givenDisplayPath: String?
  private var displayLength = 0

  public init(displayPath: String, openPath: String, root: String?, problem: ElfReadError? = nil) {
    self.givenDisplayPath = displayPath
    self.openPath = openPath
    self.root = root
    self.problem = problem
  }

  /// A walked file whose display path is the last `displayLength` bytes of `openPath`, which must
  /// begin a path component there (just after a `/`).
  init(openPath: String, displayLength: Int, root: String) {
    self.openPath = openPath
    self.displayLength = displayLength
    self.root = root
  }

  /// Whether the user named this file directly (then a non-ELF file is a finding, not passed over).
  public var isExplicit: Bool { root == nil }

  public static func == (a: InputFile, b: InputFile) -> Bool {
    a.openPath == b.openPath && a.root == b.root && a.problem == b.problem && a.displayPath == b.displayPath
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(displayPath)
    hasher.combine(openPath)
    hasher.combine(root)
    hasher.combine(problem)
  }
}
