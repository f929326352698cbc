#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Turns command-line paths into the files to read, walking folders without following them anywhere else.
///
/// Inside a folder, symbolic links are not followed (each real file is
/// reported once, and no link can lead out of the folder or round in a loop);
/// a link that loops is reported, since it is a broken deployment. FIFOs,
/// sockets and devices are never opened. Entries are reported in byte order of
/// their names, depth first, so every run lists files in the same order however
/// many threads walked them (`TreeWalk`).
public struct InputWalker: Sendable {
  /// Deeper folders are reported instead of walked. Linux paths stop at 4096 bytes; 256 levels is far past any real tree.
  public var maxDepth: Int
  /// Entries listed per folder before the rest is reported as skipped.
  public var maxEntriesPerFolder: Int
  /// Whether folders are opened and their files opened relative to them (`openat`); false lists
  /// folders and opens files by their whole paths. A walking thread holds one folder open at a time.
  public var opensFolders: Bool

  public init(maxDepth: Int = 256, maxEntriesPerFolder: Int = 1_000_000, opensFolders: Bool = true) {
    self.maxDepth = maxDepth
    self.maxEntriesPerFolder = maxEntriesPerFolder
    self.opensFolders = opensFolders
  }

  /// The files under `paths`, in the order given, each folder's files in name order, walked on this
  /// thread. They hold no folder descriptor: each is opened by its whole path.
  public func files(for paths: [String]) -> [InputFile] {
    read(paths: paths, width: 1) { [$0.detached] }
  }

  /// `body`'s results for every file under `paths`, in the order `files(for:)` gives them, with up to
  /// `width` threads walking and reading at once.
  ///
  /// Files named on the command line next to each other are read together; each folder is walked
  /// by all the threads (`TreeWalk`), which keep only `body`'s results, so a tree of 100,000 files
  /// never holds 100,000 paths at once.
  @inlinable
  public func read<Result: Sendable>(
    paths: [String], width: Int, _ body: @escaping @Sendable (InputFile) -> [Result]
  ) -> [Result] {
    // Inlined into the caller, so `body` and the casts are specialised there; the walk itself keeps
    // results of an erased type.
    readInOrder(paths: paths, width: width) { input in body(input).map { $0 as any Sendable } }.compactMap { $0 as? Result }
  }

  /// `read(paths:width:_:)` with the results' type erased.
  @usableFromInline
  func readInOrder(paths: [String], width: Int, _ body: @escaping @Sendable (InputFile) -> [any Sendable]) -> [any Sendable] {
    var results: [any Sendable] = []
    // Each named file with its size, so the largest are read first (see parallelMap's weights).
    var named: [(file: InputFile, size: UInt64)] = []
    func readNamed() {
      // Appended list by list: a flattened copy appended again copied every result twice.
      for list in parallelMap(named.map(\.file), width: width, weights: named.map(\.size), body) {
        results.append(contentsOf: list)
      }
      named = []
    }
    for path in paths {
      var info = stat()
      guard stat(path, &info) == 0 else {
        let err = errno
        let what =
          err == ELOOP
          ? "symbolic link loop (too many levels of symbolic links)" : "cannot open: \(String(cString: strerror(err)))"
        named.append((Self.unreadable(path, at: path, root: nil, what, errno: err), 0))
        continue
      }
      switch info.st_mode & S_IFMT {
      case S_IFDIR:
        readNamed()
        results.append(contentsOf: TreeWalk(walker: self, root: path, width: width, body: body).run())
      case S_IFREG:
        named.append((InputFile(displayPath: path, openPath: path, root: nil), UInt64(clamping: info.st_size)))
      default:
        let problem = "is \(FileKind(mode: info.st_mode).phrase), not a regular file; not read"
        named.append((Self.unreadable(path, at: path, root: nil, problem), 0))
      }
    }
    readNamed()
    return results
  }

  /// An entry for something that cannot be read, named as reports name it.
  static func unreadable(_ shown: String, at path: String, root: String?, _ what: String, errno: Int32? = nil) -> InputFile {
    InputFile(
      displayPath: shown, openPath: path, root: root,
      problem: ElfReadError(code: .unreadable, path: shown, what: what, errno: errno))
  }

  /// `folder` and `name` joined by one `/` (none added when `folder` ends in one), built in a single
  /// allocation: `folder + "/" + name` grew the string twice (1,300 instructions an entry, callgrind,
  /// a scan of /usr/lib/x86_64-linux-gnu); appending both to a String with reserved room was slower
  /// still (1,800 an entry, a scan of /usr/share/doc).
  static func path(_ folder: String, _ name: String) -> String {
    var folder = folder
    var name = name
    return folder.withUTF8 { head in
      name.withUTF8 { tail in
        let slash = head.last == UInt8(ascii: "/") ? 0 : 1
        return String(unsafeUninitializedCapacity: head.count + slash + tail.count) { buffer in
          guard let base = buffer.baseAddress else { return 0 }
          if let from = head.baseAddress { base.initialize(from: from, count: head.count) }
          if slash == 1 { base[head.count] = UInt8(ascii: "/") }
          if let from = tail.baseAddress { (base + head.count + slash).initialize(from: from, count: tail.count) }
          return head.count + slash + tail.count
        }
      }
    }
  }
}
