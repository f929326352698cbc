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
/// sockets and devices are never opened. Entries are visited in byte order of
/// their names, so every run lists files in the same order.
public struct InputWalker: Sendable {
  /// Deeper folders are reported instead of walked. Linux paths stop at 4096 bytes; 256 levels is far past any real tree.
  public var maxDepth: Int
  /// Entries listed per folder before the rest is reported as skipped.
  public var maxEntriesPerFolder: Int

  public init(maxDepth: Int = 256, maxEntriesPerFolder: Int = 1_000_000) {
    self.maxDepth = maxDepth
    self.maxEntriesPerFolder = maxEntriesPerFolder
  }

  /// The files under `paths`, in the order given, each folder's files in name order.
  public func files(for paths: [String]) -> [InputFile] { Array(sequence(for: paths)) }

  /// The same files as `files(for:)`, produced one at a time, so a scan of a large tree never holds
  /// every path at once.
  public func sequence(for paths: [String]) -> Walk { Walk(walker: self, paths: paths) }

  /// A depth-first walk in name order, produced lazily.
  public struct Walk: Sequence, IteratorProtocol {
    let walker: InputWalker
    var paths: IndexingIterator<[String]>
    var frames: [Frame] = []
    var ready: [InputFile] = []
    var visited = Set<FolderID>()

    init(walker: InputWalker, paths: [String]) {
      self.walker = walker
      self.paths = paths.makeIterator()
    }

    /// A folder being walked: its names, and how far the walk has got.
    struct Frame {
      let folder: String
      let relative: String
      let root: String
      let depth: Int
      let entries: [FolderListing.Entry]
      var next = 0
    }

    /// An entry for something that cannot be read, named as reports name it.
    static func unreadable(_ shown: String, at path: String, root: String?, _ what: String, errno: Int32? = nil) -> InputFile {
      InputFile(
        displayPath: shown, openPath: path, root: root,
        problem: ElfReadError(code: .unreadable, path: shown, what: what, errno: errno))
    }

    static let unknownType: UInt8 = 0
    static let folderType: UInt8 = 4
    static let regularType: UInt8 = 8
    static let linkType: UInt8 = 10

    struct FolderID: Hashable {
      let device: UInt64
      let inode: UInt64
    }

    public mutating func next() -> InputFile? {
      while true {
        if !ready.isEmpty { return ready.removeFirst() }
        if frames.isEmpty {
          guard let path = paths.next() else { return nil }
          start(path)
          continue
        }
        let top = frames.count - 1
        guard frames[top].next < frames[top].entries.count else {
          frames.removeLast()
          continue
        }
        // Read in place (a copy of the frame retained its folder names and its whole listing per
        // entry), and each path made in one allocation.
        let entry = frames[top].entries[frames[top].next]
        let name = entry.name
        frames[top].next += 1
        let full = Self.path(frames[top].folder, name)
        // The relative path is the end of the full one (the folder is the root joined with the
        // folder's relative path): its length is enough until it is shown.
        let relLength = frames[top].relative.utf8.isEmpty ? name.utf8.count : frames[top].relative.utf8.count + 1 + name.utf8.count
        let frame = (root: frames[top].root, depth: frames[top].depth)
        // readdir's d_type saves an lstat for regular files, most of any tree; the reader's fstat
        // still checks the kind before reading, and files under 4 bytes are passed over there.
        if entry.type == Self.regularType {
          return InputFile(openPath: full, displayLength: relLength, root: frame.root)
        }
        let rel = String(Substring(full.utf8.suffix(relLength)))
        if entry.type != Self.unknownType && entry.type != Self.folderType && entry.type != Self.linkType {
          continue  // FIFOs, sockets, devices: never opened inside a folder.
        }
        var info = stat()
        guard lstat(full, &info) == 0 else { continue }
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
          enter(folder: full, relative: rel, root: frame.root, depth: frame.depth + 1, info: info)
        case S_IFREG:
          // Under 4 bytes there is no room for the ELF magic: passed over without opening.
          if info.st_size >= 4 { return InputFile(openPath: full, displayLength: relLength, root: frame.root) }
        case S_IFLNK:
          var target = stat()
          if stat(full, &target) != 0 && errno == ELOOP {
            return Self.unreadable(rel, at: full, root: frame.root, "symbolic link loop (too many levels of symbolic links)", errno: ELOOP)
          }
        default:
          continue  // FIFOs, sockets, devices: never opened inside a folder.
        }
      }
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

    /// A path from the command line.
    private mutating func start(_ path: String) {
      var info = stat()
      if stat(path, &info) != 0 {
        let err = errno
        let what =
          err == ELOOP
          ? "symbolic link loop (too many levels of symbolic links)"
          : "cannot open: \(String(cString: strerror(err)))"
        ready.append(
          Self.unreadable(path, at: path, root: nil, what, errno: err))
        return
      }
      switch info.st_mode & S_IFMT {
      case S_IFDIR:
        visited = []
        enter(folder: path, relative: "", root: path, depth: 0, info: info)
      case S_IFREG:
        ready.append(InputFile(displayPath: path, openPath: path, root: nil))
      default:
        ready.append(
          Self.unreadable(path, at: path, root: nil, "is \(FileKind(mode: info.st_mode).phrase), not a regular file; not read"))
      }
    }

    /// Lists a folder and pushes it, or records why it cannot be walked.
    private mutating func enter(folder: String, relative: String, root: String, depth: Int, info: stat) {
      let shown = relative.isEmpty ? "." : relative
      let id = FolderID(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
      guard visited.insert(id).inserted else { return }
      guard depth <= walker.maxDepth else {
        ready.append(
          Self.unreadable(shown, at: folder, root: root, "folder nesting deeper than \(walker.maxDepth) levels; not walked"))
        return
      }
      let listing: FolderListing
      do throws(FolderListing.ListingError) {
        listing = try FolderListing(path: folder, limit: walker.maxEntriesPerFolder)
      } catch {
        ready.append(
          Self.unreadable(shown, at: folder, root: root, "cannot list folder: \(error.reason)", errno: error.errno))
        return
      }
      if listing.isTruncated {
        ready.append(
          Self.unreadable(shown, at: folder, root: root, "folder has over \(walker.maxEntriesPerFolder) entries; the rest were not walked"))
      }
      frames.append(Frame(folder: folder, relative: relative, root: root, depth: depth, entries: listing.entries))
    }
  }
}
