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

  /// Folder descriptors a walk may hold open at once (files are opened relative to them); nil: a
  /// quarter of the process's limit on open files. 0 opens every file by its whole path.
  public var maxFolderDescriptors: Int?

  public init(maxDepth: Int = 256, maxEntriesPerFolder: Int = 1_000_000, maxFolderDescriptors: Int? = nil) {
    self.maxDepth = maxDepth
    self.maxEntriesPerFolder = maxEntriesPerFolder
    self.maxFolderDescriptors = maxFolderDescriptors
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
    /// Folder descriptors: frames deeper than this list their folders by path and hold none, and
    /// files are given at most `descriptorsPerBatch` distinct folders' descriptors per batch
    /// (`beginBatch`). A reader of batches that drops each batch before taking the one after next
    /// therefore holds at most `descriptorDepth + 2 * descriptorsPerBatch` of them, within the
    /// process's limit on open files (both are 0 when that limit is too low to spare any).
    let descriptorDepth: Int
    let descriptorsPerBatch: Int
    var batch = 0
    var descriptorsLeft: Int

    init(walker: InputWalker, paths: [String]) {
      self.walker = walker
      self.paths = paths.makeIterator()
      var budget = walker.maxFolderDescriptors ?? 0
      if walker.maxFolderDescriptors == nil {
        var limit = rlimit()
        let soft = getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0 ? Int(clamping: limit.rlim_cur) : 0
        budget = soft / 4
      }
      // Half the budget for the frames (at most 64 levels), a quarter for each of two batches (at
      // most 1,024 folders each).
      descriptorDepth = Swift.min(64, Swift.max(0, budget) / 2)
      descriptorsPerBatch = Swift.min(1024, Swift.max(0, budget) / 4)
      descriptorsLeft = descriptorsPerBatch
    }

    /// Starts a new batch of files: the folders of the files it hands out from now on count against
    /// a fresh budget of descriptors.
    public mutating func beginBatch() {
      batch += 1
      descriptorsLeft = descriptorsPerBatch
    }

    /// A folder being walked: its names, and how far the walk has got.
    struct Frame {
      let folder: WalkedFolder
      /// Open while this folder is walked, when within `descriptorDepth`.
      let descriptor: FolderDescriptor?
      let depth: Int
      let entries: [FolderListing.Entry]
      var next = 0
      /// The last batch whose files were given `descriptor`.
      var batch = -1
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
        // entry); no path is made for a file until it is asked for.
        let entry = frames[top].entries[frames[top].next]
        let name = entry.name
        frames[top].next += 1
        let folder = frames[top].folder
        let parent = frames[top].descriptor
        let frame = (root: folder.root, depth: frames[top].depth)
        // readdir's d_type saves an lstat for regular files, most of any tree; the reader's fstat
        // still checks the kind before reading, and files under 4 bytes are passed over there.
        if entry.type == Self.regularType {
          return InputFile(name: name, in: folder, descriptor: descriptorForFile(top))
        }
        if entry.type != Self.unknownType && entry.type != Self.folderType && entry.type != Self.linkType {
          continue  // FIFOs, sockets, devices: never opened inside a folder.
        }
        // A folder readdir names as one is opened without an lstat first (O_NOFOLLOW | O_DIRECTORY
        // refuse whatever has been put in its place since) and identified by an fstat of the
        // descriptor: per folder of /usr, 5 system calls where the lstat, fdopendir and dup made 10.
        if entry.type == Self.folderType, let parent, frame.depth + 1 < descriptorDepth {
          enterOpening(name: name, in: folder, parent, depth: frame.depth + 1)
          continue
        }
        // A link readdir names as one needs no lstat to say so: only whether it loops is asked.
        if entry.type == Self.linkType {
          if let loop = Self.loopingLink(name, in: folder, parent, root: frame.root) { return loop }
          continue
        }
        var info = stat()
        guard Self.status(name, in: folder, parent, follow: false, &info) else { continue }
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
          enter(name: name, in: folder, parent, depth: frame.depth + 1, info: info)
        case S_IFREG:
          // Under 4 bytes there is no room for the ELF magic: passed over without opening.
          if info.st_size >= 4 {
            return InputFile(name: name, in: folder, descriptor: descriptorForFile(top))
          }
        case S_IFLNK:
          if let loop = Self.loopingLink(name, in: folder, parent, root: frame.root) { return loop }
        default:
          continue  // FIFOs, sockets, devices: never opened inside a folder.
        }
      }
    }

    /// The finding for a link in `folder` that loops, or nil (links are otherwise not followed).
    private static func loopingLink(_ name: String, in folder: WalkedFolder, _ descriptor: FolderDescriptor?, root: String?) -> InputFile? {
      var target = stat()
      guard !status(name, in: folder, descriptor, follow: true, &target) && errno == ELOOP else { return nil }
      return unreadable(
        folder.displayPath(name), at: folder.openPath(name), root: root,
        "symbolic link loop (too many levels of symbolic links)", errno: ELOOP)
    }

    /// The finding for a folder that cannot be opened or identified, with the system's reason.
    private static func cannotList(_ folder: WalkedFolder, _ err: Int32) -> InputFile {
      unreadable(folder.relative, at: folder.path, root: folder.root, "cannot list folder: \(String(cString: strerror(err)))", errno: err)
    }

    /// The descriptor a file of frame `index` is opened relative to, within this batch's budget.
    private mutating func descriptorForFile(_ index: Int) -> FolderDescriptor? {
      guard let descriptor = frames[index].descriptor else { return nil }
      if frames[index].batch == batch { return descriptor }
      guard descriptorsLeft > 0 else { return nil }
      descriptorsLeft -= 1
      frames[index].batch = batch
      return descriptor
    }

    /// `stat` (or `lstat` when not `follow`) of `name` in `folder`: relative to its descriptor when
    /// it has one.
    private static func status(
      _ name: String, in folder: WalkedFolder, _ descriptor: FolderDescriptor?, follow: Bool, _ info: inout stat
    ) -> Bool {
      let path = descriptor == nil ? folder.openPath(name) : name
      return path.withCString { fstatat(descriptor?.value ?? AT_FDCWD, $0, &info, follow ? 0 : AT_SYMLINK_NOFOLLOW) } == 0
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
        enter(root: path, info: info)
      case S_IFREG:
        ready.append(InputFile(displayPath: path, openPath: path, root: nil))
      default:
        ready.append(
          Self.unreadable(path, at: path, root: nil, "is \(FileKind(mode: info.st_mode).phrase), not a regular file; not read"))
      }
    }

    /// The walked root, a folder named on the command line (followed, if it is a link).
    private mutating func enter(root: String, info: stat) {
      let descriptor = descriptorDepth > 0 ? FolderDescriptor.open(root, in: nil, follow: true) : nil
      push(WalkedFolder(path: root, relative: "", root: root), descriptor, depth: 0, info: info)
    }

    /// The folder `name` inside `parent` (never followed: `info` is its lstat).
    private mutating func enter(
      name: String, in parent: WalkedFolder, _ parentDescriptor: FolderDescriptor?, depth: Int, info: stat
    ) {
      let folder = WalkedFolder(path: parent.openPath(name), relative: parent.displayPath(name), root: parent.root)
      var descriptor: FolderDescriptor? = nil
      if depth < descriptorDepth {
        descriptor = FolderDescriptor.open(parentDescriptor == nil ? folder.path : name, in: parentDescriptor)
        // Out of descriptors, the folder is listed by its path; any other failure (a link swapped in
        // since the lstat, no permission) is the folder's to report, not a reason to follow a path.
        if descriptor == nil && errno != EMFILE && errno != ENFILE {
          ready.append(Self.cannotList(folder, errno))
          return
        }
      }
      push(folder, descriptor, depth: depth, info: info)
    }

    /// The folder `name` inside `parent`, which readdir said is a folder: opened first, then
    /// identified (by path, as `enter` does, when no descriptor is to be had).
    private mutating func enterOpening(name: String, in parent: WalkedFolder, _ parentDescriptor: FolderDescriptor, depth: Int) {
      let folder = WalkedFolder(path: parent.openPath(name), relative: parent.displayPath(name), root: parent.root)
      guard let descriptor = FolderDescriptor.open(name, in: parentDescriptor) else {
        let err = errno
        switch err {
        case EMFILE, ENFILE:
          // Out of descriptors: the path-based way, lstat and all.
          var info = stat()
          if Self.status(name, in: parent, parentDescriptor, follow: false, &info) && (info.st_mode & S_IFMT) == S_IFDIR {
            push(folder, nil, depth: depth, info: info)
          }
        case ELOOP, ENOTDIR, ENOENT:
          return  // Replaced or removed since the listing (a link put in its place is not followed).
        default:
          ready.append(Self.cannotList(folder, err))
        }
        return
      }
      var info = stat()
      guard fstat(descriptor.value, &info) == 0 else {
        ready.append(Self.cannotList(folder, errno))
        return
      }
      push(folder, descriptor, depth: depth, info: info)
    }

    /// Lists a folder and pushes it, or records why it cannot be walked.
    private mutating func push(_ folder: WalkedFolder, _ descriptor: FolderDescriptor?, depth: Int, info: stat) {
      let root = folder.root
      let shown = folder.relative.isEmpty ? "." : folder.relative
      let id = FolderID(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
      guard visited.insert(id).inserted else { return }
      guard depth <= walker.maxDepth else {
        ready.append(
          Self.unreadable(shown, at: folder.path, root: root, "folder nesting deeper than \(walker.maxDepth) levels; not walked"))
        return
      }
      let listing: FolderListing
      do throws(FolderListing.ListingError) {
        if let descriptor {
          listing = try FolderListing(descriptor: descriptor.value, limit: walker.maxEntriesPerFolder)
        } else {
          listing = try FolderListing(path: folder.path, limit: walker.maxEntriesPerFolder)
        }
      } catch {
        ready.append(
          Self.unreadable(shown, at: folder.path, root: root, "cannot list folder: \(error.reason)", errno: error.errno))
        return
      }
      if listing.isTruncated {
        ready.append(
          Self.unreadable(shown, at: folder.path, root: root, "folder has over \(walker.maxEntriesPerFolder) entries; the rest were not walked"))
      }
      frames.append(Frame(folder: folder, descriptor: descriptor, depth: depth, entries: listing.entries))
    }
  }
}
