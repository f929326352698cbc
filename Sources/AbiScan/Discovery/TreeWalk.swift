import CDirectory

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// One folder named on the command line, walked and read by up to `width` threads at once, each
/// folder a task any thread may take.
///
/// Every thread both lists folders and reads files: with one thread walking while the others read,
/// a scan of /usr waited on the walk (1.57 CPUs of 2 busy, perf). The threads started here give
/// themselves descriptor tables of their own (`abidoctor_private_descriptor_table`), so a thread
/// opens every folder it lists, from the walked root (`FolderDescriptor.open(beneath:)`), and closes
/// it when its files are read.
///
/// The report keeps the order of a walk on one thread: each task leaves its results in a part of
/// its own, where the folders it found stand as references to their parts, and the parts are put
/// together depth first when all are done.
struct TreeWalk {
  /// What `body` makes of one file, its type erased: the walk only keeps results in order, and as
  /// generic code called from another module it was not specialised, so every array of results and
  /// every task asked the runtime for generic metadata (a tenth of a scan of /usr, perf).
  typealias Result = any Sendable

  let walker: InputWalker
  let root: String
  let width: Int
  let body: @Sendable (InputFile) -> [Result]

  /// A run of files in one folder longer than this is read as several tasks, so that one large
  /// folder (2,340 entries in /usr/lib/x86_64-linux-gnu) does not leave the other threads idle.
  static var runLength: Int { 128 }

  /// What one task leaves at its place in the report.
  enum Piece {
    case results([Result])
    /// The part a later task fills: a folder found here, or a later run of this folder's files.
    case part(Int)
  }

  /// What a thread takes.
  enum Task {
    /// A folder to open, list and read.
    case folder(WalkedFolder, depth: Int, part: Int)
    /// Files of a folder already listed, read relative to the folder opened again.
    case files(WalkedFolder, [Item], part: Int)
  }

  /// A name a folder's listing found to read, or what is wrong with one.
  enum Item {
    case file(String)
    case problem(InputFile)
  }

  /// A folder by device and inode: a folder met again (a bind mount) is walked once.
  struct FolderID: Hashable {
    let device: UInt64
    let inode: UInt64
  }

  /// The state every thread shares: the parts filled so far and the folders met.
  struct Shared {
    var parts: [[Piece]?] = [nil]
    var visited = Set<FolderID>()
  }

  /// The walked root, opened before any thread starts, so that it is in every thread's table.
  private let rootDescriptor: FolderDescriptor?

  init(walker: InputWalker, root: String, width: Int, body: @escaping @Sendable (InputFile) -> [Result]) {
    self.walker = walker
    self.root = root
    self.width = max(1, width)
    self.body = body
    rootDescriptor = walker.opensFolders ? FolderDescriptor.open(root, in: nil, follow: true) : nil
    rootError = rootDescriptor == nil ? errno : 0
  }

  /// Why the root could not be opened (EMFILE or ENFILE: it is listed by its path).
  private let rootError: Int32

  /// Walks and reads the tree; the results in depth-first name order.
  func run() -> [Result] {
    let shared = Locked(Shared())
    let stack = TaskStack([.folder(WalkedFolder(path: root, relative: "", root: root), depth: 0, part: 0)])
    let work = { @Sendable (handedOn: () -> Void) in
      while let task = stack.take() {
        let pieces = perform(task, shared: shared, stack: stack, handedOn: handedOn)
        shared.withLock { state in
          switch task {
          case .folder(_, _, let part), .files(_, _, let part): state.parts[part] = pieces
          }
        }
        stack.finish()
      }
    }
    // The other threads start when there is work to share: a folder of a few files costs no thread.
    var threads: [pthread_t] = []
    var started = width == 1
    work {
      guard !started else { return }
      started = true
      for _ in 1..<width {
        // A thread that cannot have a table of its own still works correctly on the shared one: it
        // uses only descriptors it opened itself and the root's, which every table holds.
        guard let thread = BackgroundThread.start({ _ = abidoctor_private_descriptor_table(); work {} }) else { break }
        threads.append(thread)
      }
    }
    for thread in threads { pthread_join(thread, nil) }
    return shared.withLock { state in
      var results: [Result] = []
      func add(_ part: Int) {
        for piece in state.parts[part] ?? [] {
          switch piece {
          case .results(let list): results.append(contentsOf: list)
          case .part(let next): add(next)
          }
        }
      }
      add(0)
      return results
    }
  }

  /// Does one task; its pieces, in report order. Folders and runs it hands on are pushed before its
  /// own files are read, so other threads can start on them.
  /// `handedOn` is called after tasks are pushed.
  private func perform(_ task: Task, shared: Locked<Shared>, stack: TaskStack, handedOn: () -> Void) -> [Piece] {
    switch task {
    case .files(let folder, let items, _):
      let descriptor = open(folder)
      // A folder that cannot be opened again has been replaced since it was listed: its files are
      // not read by a path that may now lead through a link (out of descriptors, they are).
      if descriptor == nil && walker.opensFolders && errno != EMFILE && errno != ENFILE { return [] }
      return [.results(read(items, in: folder, descriptor))]
    case .folder(let folder, let depth, _):
      guard depth <= walker.maxDepth else {
        return problem(folder, "folder nesting deeper than \(walker.maxDepth) levels; not walked")
      }
      let descriptor = open(folder)
      var info = stat()
      if let descriptor {
        guard fstat(descriptor.value, &info) == 0 else { return cannotList(folder, errno) }
      } else {
        let err = errno
        // No descriptor to be had: a folder replaced or removed since it was listed is passed over
        // (a link put in its place is not followed); out of descriptors, it is listed by its path.
        if walker.opensFolders && err != EMFILE && err != ENFILE {
          if err == ELOOP || err == ENOTDIR || err == ENOENT { return [] }
          return cannotList(folder, err)
        }
        let status = depth == 0 ? stat(folder.path, &info) : lstat(folder.path, &info)
        guard status == 0 else { return cannotList(folder, errno) }
        guard info.st_mode & S_IFMT == S_IFDIR else { return [] }
      }
      let id = FolderID(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
      guard shared.withLock({ $0.visited.insert(id).inserted }) else { return [] }
      let listing: FolderListing
      do throws(FolderListing.ListingError) {
        if let descriptor {
          listing = try FolderListing(descriptor: descriptor.value, limit: walker.maxEntriesPerFolder)
        } else {
          listing = try FolderListing(path: folder.path, limit: walker.maxEntriesPerFolder)
        }
      } catch {
        return problem(folder, "cannot list folder: \(error.reason)", errno: error.errno)
      }
      var pieces: [Piece] = []
      if listing.isTruncated {
        pieces += problem(folder, "folder has over \(walker.maxEntriesPerFolder) entries; the rest were not walked")
      }
      // The listing in order, as pieces: runs of items read here or handed on, and folders handed on.
      var handed: [Task] = []
      var mine: [Item] = []
      var run: [Item] = []
      var claimed = false
      func hand(_ task: (Int) -> Task) -> Piece {
        let part = shared.withLock { state in
          state.parts.append(nil)
          return state.parts.count - 1
        }
        handed.append(task(part))
        return .part(part)
      }
      func endRun() {
        guard !run.isEmpty else { return }
        var start = 0
        if !claimed {
          // The first stretch of files is this thread's own; it is read after the rest is handed on.
          claimed = true
          start = min(run.count, Self.runLength)
          mine = Array(run[..<start])
          pieces.append(.part(-1))
        }
        while start < run.count {
          let stretch = Array(run[start..<min(run.count, start + Self.runLength)])
          pieces.append(hand { .files(folder, stretch, part: $0) })
          start += stretch.count
        }
        run = []
      }
      for entry in listing.entries {
        switch classify(entry, in: folder, descriptor) {
        case .none: continue
        case .item(let item): run.append(item)
        case .folder(let name):
          endRun()
          let child = WalkedFolder(path: folder.openPath(name), relative: folder.displayPath(name), root: folder.root)
          pieces.append(hand { .folder(child, depth: depth + 1, part: $0) })
        }
      }
      endRun()
      stack.push(handed)
      if !handed.isEmpty { handedOn() }
      let own = read(mine, in: folder, descriptor)
      return pieces.map { piece in
        if case .part(-1) = piece { return .results(own) }
        return piece
      }
    }
  }

  /// What an entry of a listing is to the walk.
  private enum Kind {
    case none
    case item(Item)
    case folder(String)
  }

  private static var regularType: UInt8 { 8 }
  private static var unknownType: UInt8 { 0 }
  private static var folderType: UInt8 { 4 }
  private static var linkType: UInt8 { 10 }

  /// readdir's d_type saves an lstat for most entries; the reader still checks a file's kind before
  /// reading it, and files under 4 bytes are passed over there. FIFOs, sockets and devices are never
  /// opened inside a folder.
  private func classify(_ entry: FolderListing.Entry, in folder: WalkedFolder, _ descriptor: FolderDescriptor?) -> Kind {
    switch entry.type {
    case Self.regularType: return .item(.file(entry.name))
    case Self.folderType: return .folder(entry.name)
    case Self.linkType: return loopingLink(entry.name, in: folder, descriptor)
    case Self.unknownType: break
    default: return .none
    }
    var info = stat()
    guard status(entry.name, in: folder, descriptor, follow: false, &info) else { return .none }
    switch info.st_mode & S_IFMT {
    case S_IFDIR: return .folder(entry.name)
    // Under 4 bytes there is no room for the ELF magic: passed over without opening.
    case S_IFREG: return info.st_size >= 4 ? .item(.file(entry.name)) : .none
    case S_IFLNK: return loopingLink(entry.name, in: folder, descriptor)
    default: return .none
    }
  }

  /// The finding for a link that loops (links are otherwise not followed).
  private func loopingLink(_ name: String, in folder: WalkedFolder, _ descriptor: FolderDescriptor?) -> Kind {
    var target = stat()
    guard !status(name, in: folder, descriptor, follow: true, &target) && errno == ELOOP else { return .none }
    return .item(
      .problem(
        InputWalker.unreadable(
          folder.displayPath(name), at: folder.openPath(name), root: folder.root,
          "symbolic link loop (too many levels of symbolic links)", errno: ELOOP)))
  }

  /// `stat` (or `lstat` when not `follow`) of `name` in `folder`: relative to its descriptor when it has one.
  private func status(_ name: String, in folder: WalkedFolder, _ descriptor: FolderDescriptor?, follow: Bool, _ info: inout stat) -> Bool {
    let path = descriptor == nil ? folder.openPath(name) : name
    return path.withCString { fstatat(descriptor?.value ?? AT_FDCWD, $0, &info, follow ? 0 : AT_SYMLINK_NOFOLLOW) } == 0
  }

  /// `folder` opened on this thread's table: the root again, or a folder beneath it; nil (errno set)
  /// when it cannot be, or when folders are not to be opened.
  private func open(_ folder: WalkedFolder) -> FolderDescriptor? {
    guard let rootDescriptor else {
      errno = walker.opensFolders ? rootError : EMFILE
      return nil
    }
    if folder.relative.isEmpty { return FolderDescriptor.open(".", in: rootDescriptor) }
    return FolderDescriptor.open(beneath: rootDescriptor, folder.relative)
  }

  /// `body`'s results for `items` of `folder`, opened relative to `descriptor` when there is one.
  private func read(_ items: [Item], in folder: WalkedFolder, _ descriptor: FolderDescriptor?) -> [Result] {
    var results: [Result] = []
    for item in items {
      switch item {
      case .file(let name): results.append(contentsOf: body(InputFile(name: name, in: folder, descriptor: descriptor)))
      case .problem(let input): results.append(contentsOf: body(input))
      }
    }
    return results
  }

  private func problem(_ folder: WalkedFolder, _ what: String, errno: Int32? = nil) -> [Piece] {
    let shown = folder.relative.isEmpty ? "." : folder.relative
    return [.results(body(InputWalker.unreadable(shown, at: folder.path, root: folder.root, what, errno: errno)))]
  }

  private func cannotList(_ folder: WalkedFolder, _ err: Int32) -> [Piece] {
    [
      .results(
        body(
          InputWalker.unreadable(
            folder.relative, at: folder.path, root: folder.root, "cannot list folder: \(String(cString: strerror(err)))",
            errno: err)))
    ]
  }
}
