/// One file to read, as found from the command line's paths.
///
/// A walked file is its folder and its own name, and its paths are made when asked for: most walked
/// files are not ELF and are never named. It holds four references and nothing else, since every
/// file a walk meets is copied through the reading pipeline (an enum of two path pairs cost 1,100
/// instructions a file in copies and releases, callgrind, a scan of /usr/share/doc).
public struct InputFile: Sendable, Hashable {
  /// The walked folder; nil for a file named explicitly or an entry made with paths.
  private let folder: WalkedFolder?
  /// The name in `folder`, or (without a folder) the path to open.
  private let text: String
  /// What a file made with paths also has.
  private let given: Given?
  /// For a walked file, its folder's open descriptor, when the walk could hold one: the file is
  /// opened with `openat` on it.
  let folderDescriptor: FolderDescriptor?

  /// The display path, root and problem of a file made with paths (rare: the explicit files and
  /// the walk's problems), boxed so that a walked file does not carry them.
  private final class Given: Sendable {
    let displayPath: String
    let root: String?
    let problem: ElfReadError?

    init(displayPath: String, root: String?, problem: ElfReadError?) {
      self.displayPath = displayPath
      self.root = root
      self.problem = problem
    }
  }

  public init(displayPath: String, openPath: String, root: String?, problem: ElfReadError? = nil) {
    folder = nil
    text = openPath
    given = Given(displayPath: displayPath, root: root, problem: problem)
    folderDescriptor = nil
  }

  /// A file named `name` in the walked `folder`; opened relative to `descriptor` when there is one.
  init(name: String, in folder: WalkedFolder, descriptor: FolderDescriptor?) {
    self.folder = folder
    text = name
    given = nil
    folderDescriptor = descriptor
  }

  /// How reports name the file: as given, or relative to the walked folder.
  public var displayPath: String { folder?.displayPath(text) ?? given?.displayPath ?? text }
  /// The path to open (the folder joined with the relative path).
  public var openPath: String { folder?.openPath(text) ?? text }
  /// The folder that was walked to find it, as given; nil for a file named explicitly.
  public var root: String? { folder?.root ?? given?.root }
  /// Why the file cannot be read at all (found while walking, before opening); nil when it should be read.
  public var problem: ElfReadError? { given?.problem }

  /// The last component of the path: what a test of the file's name (a `.whl` suffix) reads.
  public var name: Substring {
    guard folder == nil else { return Substring(text) }
    let bytes = text.utf8
    let start = bytes.lastIndex(of: UInt8(ascii: "/")).map { bytes.index(after: $0) } ?? bytes.startIndex
    return Substring(bytes[start...])
  }

  /// How to open the file: relative to its folder's descriptor, or by its whole path.
  var opening: (base: Int32?, path: String) {
    if let folderDescriptor, folder != nil { return (folderDescriptor.value, text) }
    return (nil, openPath)
  }

  /// The same file without its folder's descriptor, opened by its whole path: what may outlive the
  /// walk (a folder's descriptor exists only on the walking thread that opened it).
  var detached: InputFile {
    guard folder != nil else { return self }
    return InputFile(displayPath: displayPath, openPath: openPath, root: root, problem: problem)
  }

  /// Whether the user named this file directly (then a non-ELF file is a finding, not passed over).
  public var isExplicit: Bool { root == nil }

  public static func == (a: InputFile, b: InputFile) -> Bool {
    a.openPath == b.openPath && a.displayPath == b.displayPath && a.root == b.root && a.problem == b.problem
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(displayPath)
    hasher.combine(openPath)
    hasher.combine(root)
    hasher.combine(problem)
  }
}
