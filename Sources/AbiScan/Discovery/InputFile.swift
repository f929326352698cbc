/// One file to read, as found from the command line's paths.
public struct InputFile: Sendable, Hashable {
  /// How reports name the file: as given, or relative to the walked folder.
  public var displayPath: String
  /// The path to open (the folder joined with the relative path).
  public var openPath: String
  /// The folder that was walked to find it, as given; nil for a file named explicitly.
  public var root: String?
  /// Why the file cannot be read at all (found while walking, before opening); nil when it should be read.
  public var problem: ElfReadError?

  public init(displayPath: String, openPath: String, root: String?, problem: ElfReadError? = nil) {
    self.displayPath = displayPath
    self.openPath = openPath
    self.root = root
    self.problem = problem
  }

  /// Whether the user named this file directly (then a non-ELF file is a finding, not passed over).
  public var isExplicit: Bool { root == nil }
}
