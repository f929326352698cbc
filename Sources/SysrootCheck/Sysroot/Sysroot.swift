import AbiScan

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// The root file system of a target machine, with every path resolved inside it.
///
/// A sysroot is untrusted data like the files in it: an extracted container
/// image can hold `lib -> /usr/lib` (meant for its own root, not the host's),
/// `../../../../etc` links, and loops. Paths are resolved one component at a
/// time: an absolute link target is re-anchored at the sysroot's root, `..`
/// stops at the root, every hop is re-checked, and the number of links
/// followed is bounded, so nothing outside the sysroot is ever opened.
/// (swift-system's `lexicallyResolving` warns that lexical checks alone
/// cannot stop escaping symlinks; this is the per-hop walk it asks for.)
public struct Sysroot: Sendable {
  /// Where the root's files are: a folder on this machine, or an archive read into memory. Every
  /// question the loader emulation asks (what is at a path, where a link points, what a folder
  /// holds, a file's bytes) goes through it, so both are walked by the same confined rules.
  enum Store: Sendable {
    case folder
    case archive(ArchiveTree)
  }

  let store: Store

  /// The sysroot's root folder on the host, absolute and without symbolic links (empty for `/`;
  /// for an archive, a name no file on this machine has).
  public let hostRoot: String
  /// The sysroot as the user gave it, for messages.
  public let displayRoot: String
  /// Folders already resolved in this run (shared by every copy of this value).
  private let folders = RunCache<String, Resolved?>()
  /// Whole absolute paths resolved, for the names every program of a run looks up again (libc.so.6
  /// through the same cache entry): the tree does not change while abidoctor reads it.
  private let paths = RunCache<String, Resolved?>()

  /// Links followed in one resolution before it is called a loop (Linux's MAXSYMLINKS is 40).
  public static let maxLinkHops = 40
  /// Components in one path (after expansion) before it is refused: far past any real path.
  public static let maxComponents = 4096

  /// Opens a sysroot; fails when the folder does not exist or is not a folder.
  public init(path: String) throws(SysrootError) {
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    guard realpath(path, &buffer) != nil else {
      throw SysrootError(root: path, path: "/", reason: "cannot open the sysroot \(path): \(String(cString: strerror(errno)))")
    }
    let real = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    var info = stat()
    guard stat(real, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
      throw SysrootError(root: path, path: "/", reason: "the sysroot \(path) is not a folder")
    }
    hostRoot = real == "/" ? "" : real
    displayRoot = path
    store = .folder
  }

  /// The root at `path`: a folder, or a file libarchive reads as a root-file-system archive.
  ///
  /// A container image (an OCI layout folder or tar, a `docker save` archive) is its layers applied
  /// in order; `platform` (`os/arch[/variant]`) chooses in a multi-platform index.
  /// An archive's ELF files are read for `parts` as they stream past.
  public static func opening(_ path: String, platform: String? = nil, parts: ReadParts = .all) throws(SysrootError) -> Sysroot {
    var info = stat()
    guard stat(path, &info) == 0 else { return try Sysroot(path: path) }
    func image(_ outer: ArchiveTree?) throws(SysrootError) -> ArchiveTree? {
      do throws(ContainerImage.Failure) {
        return try ContainerImage.tree(at: path, outer: outer, platform: platform, parts: parts)
      } catch {
        var failure = SysrootError(root: path, path: "/", reason: "cannot read the image \(path): \(error.what)")
        failure.platforms = error.platforms
        throw failure
      }
    }
    if info.st_mode & S_IFMT == S_IFDIR {
      if let layout = try image(nil) { return Sysroot(archive: layout, displayRoot: path) }
      return try Sysroot(path: path)
    }
    guard info.st_mode & S_IFMT == S_IFREG else { return try Sysroot(path: path) }
    // One read of the archive: a root file system as it is, or an image whose layers are read next.
    let outer: ArchiveTree
    do throws(ArchiveError) {
      outer = try ArchiveTree(path: path, name: path, parts: parts)
    } catch {
      throw SysrootError(root: path, path: "/", reason: "cannot read the sysroot \(path) as a folder or an archive: \(error.what)")
    }
    return Sysroot(archive: try image(outer) ?? outer, displayRoot: path)
  }

  /// A root file system read from an archive (a root-file-system tarball: `docker export`, Alpine's
  /// minirootfs, mmdebstrap's tar output; gzip, xz, zstd or none), held in memory.
  public init(archive tree: ArchiveTree, displayRoot: String) {
    store = .archive(tree)
    hostRoot = "\u{0}archive:" + displayRoot
    self.displayRoot = displayRoot
  }

  /// The archive's refused or unreadable members, for a root read from one.
  public var archiveProblems: [ArchiveError] {
    if case .archive(let tree) = store { return tree.problems }
    return []
  }

  /// Whether the root is an archive read into memory (its files have no path on this machine).
  public var isArchive: Bool {
    if case .archive = store { return true }
    return false
  }

  /// Whether this sysroot is the host's own root.
  public var isHostRoot: Bool { hostRoot.isEmpty }

  /// A path inside the sysroot, resolved: `path` is how the target sees it, `hostPath` where it is here.
  public struct Resolved: Sendable, Hashable {
    /// The path as the target sees it, absolute and without links or `..`.
    public var path: String
    /// The same file on the host (the sysroot's root joined with `path`).
    public var hostPath: String
    /// The links followed on the way, as `link -> target` in target paths.
    public var hops: [String]
    /// Where each of `path`'s components starts (its slash) in its UTF-8, kept so a walk can continue
    /// from here without splitting it again; empty for the root.
    var componentStarts: [Int] = []
    /// What the walk's last lstat found there, so `kind(of:)` need not ask again (resolutions are cached
    /// for the run: the loader asks the kind of libc.so.6 once per program); nil when the walk did not
    /// look (the root, a path ending in `..`).
    var kind: FileKind? = nil

    public init(path: String, hostPath: String, hops: [String]) {
      self.path = path
      self.hostPath = hostPath
      self.hops = hops
    }
  }

  /// Resolves `path` (absolute in the target, or relative to `base`) following every link inside the sysroot.
  ///
  /// Returns nil when a component does not exist. Throws when the walk loops
  /// or runs too long. A path that tries to climb above the root stays at the
  /// root, as `..` at `/` does on the target itself.
  public func resolve(_ path: String, relativeTo base: String = "/") throws(SysrootError) -> Resolved? {
    let start = path.hasPrefix("/") ? path : base + "/" + path
    if let cached = paths.lookUp(start) { return cached }
    let resolved = try resolveUncached(path, start: start)
    paths.store(resolved, for: start)
    return resolved
  }

  private func resolveUncached(_ path: String, start: String) throws(SysrootError) -> Resolved? {
    // The loader asks for many names in the same few folders: resolve each folder once per run, then
    // walk only the last component from it (the same walk, split in two).
    // The last slash found in the UTF-8 bytes (a Character search was 5,000 instructions a path).
    if let slash = start.utf8.lastIndex(of: Self.slash), slash != start.startIndex {
      let name = start[start.utf8.index(after: slash)...]
      if !name.isEmpty && name != "." && name != ".." {
        let folder = String(start[..<slash])
        let resolvedFolder: Resolved?
        if let cached = folders.lookUp(folder) {
          resolvedFolder = cached
        } else {
          resolvedFolder = try walk(folder, remaining: Array(folder.utf8), from: nil)
          folders.store(resolvedFolder, for: folder)
        }
        guard let resolvedFolder else { return nil }
        return try walk(path, remaining: Array(name.utf8), from: resolvedFolder)
      }
    }
    return try walk(path, remaining: Array(start.utf8), from: nil)
  }

  private static let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")

  /// The per-hop walk of the path text `remaining`, continuing from `base` when given.
  ///
  /// On UTF-8 bytes: the path so far is one byte array that components are appended to and cut
  /// from, and a link's target is put in front of what is left. Walked as Strings (a component array,
  /// a joined path, a C string made for every lstat) it was 10,500 instructions a walk, 0.67 M of
  /// the 9.5 M of `deps` of 22 programs.
  private func walk(_ path: String, remaining start: [UInt8], from base: Resolved?) throws(SysrootError) -> Resolved? {
    var remaining = start
    var cursor = 0
    // The path so far, without a trailing slash ("" for the root), and where each component's slash is in it.
    // Always UTF-8 (the path is a String, each link target is read as one), so `Resolved.path` holds
    // these very bytes and a walk continued from it finds its components where they were.
    var current: [UInt8] = []
    var starts: [Int] = []
    if let base, !base.componentStarts.isEmpty {
      current = Array(base.path.utf8)
      starts = base.componentStarts
    }
    var hops: [String] = base?.hops ?? []
    var kind: FileKind? = base?.kind
    var steps = 0
    while true {
      while cursor < remaining.count && remaining[cursor] == Self.slash { cursor += 1 }
      guard cursor < remaining.count else { break }
      var end = cursor
      while end < remaining.count && remaining[end] != Self.slash { end += 1 }
      let component = remaining[cursor..<end]
      cursor = end
      steps += 1
      guard steps <= Self.maxComponents else {
        throw SysrootError(root: displayRoot, path: path, reason: "path has over \(Self.maxComponents) components")
      }
      if component.count == 1 && component.first == Self.dot { continue }
      if component.count == 2 && component.allSatisfy({ $0 == Self.dot }) {
        if let last = starts.popLast() { current.removeSubrange(last...) }
        kind = nil
        continue
      }
      // No file name holds a NUL byte; the C call would read a shorter name than the one asked for.
      if component.contains(0) { return nil }
      let mark = current.count
      current.append(Self.slash)
      current.append(contentsOf: component)
      guard let entry = entry(current) else { return nil }
      if case .link(let target) = entry {
        guard hops.count < Self.maxLinkHops else {
          throw SysrootError(
            root: displayRoot, path: path,
            reason: "symbolic link loop: over \(Self.maxLinkHops) links followed (\(hops.suffix(3).joined(separator: ", ")))")
        }
        hops.append(String(decoding: current, as: UTF8.self) + " -> " + String(decoding: target, as: UTF8.self))
        current.removeSubrange(mark...)
        if target.first == Self.slash {
          current = []  // re-anchored at the sysroot's root, never the host's
          starts = []
          kind = nil
        }
        var next = target
        next.append(Self.slash)
        next.append(contentsOf: remaining[cursor...])
        remaining = next
        cursor = 0
        continue
      }
      if case .other(let found) = entry { kind = found }
      starts.append(mark)
    }
    let text = current.isEmpty ? "/" : String(decoding: current, as: UTF8.self)
    var resolved = Resolved(path: text, hostPath: hostRoot + text, hops: hops)
    resolved.componentStarts = starts
    resolved.kind = starts.isEmpty ? nil : kind
    return resolved
  }

  /// What is at a path (as lstat sees it): a link with its target, or another kind; nil when nothing is.
  private enum Entry {
    case link([UInt8])
    /// Anything else, with its kind (nil: left for `kind(of:)` to tell).
    case other(FileKind?)
  }

  /// What is at `path` (absolute in the sysroot, no links in its folders, UTF-8 without a NUL).
  private func entry(_ path: [UInt8]) -> Entry? {
    switch store {
    case .archive(let tree):
      guard let node = tree.node(String(decoding: path, as: UTF8.self)) else { return nil }
      if case .link(let target) = node { return .link(Array(target.utf8)) }
      return .other(nil)
    case .folder:
      // The host path as a C string on the stack: the root's bytes, the path's, a NUL.
      var rootBytes = hostRoot
      return rootBytes.withUTF8 { root -> Entry? in
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: root.count + path.count + 1) { host -> Entry? in
          guard let base = host.baseAddress else { return nil }
          root.withMemoryRebound(to: CChar.self) { if let from = $0.baseAddress { base.initialize(from: from, count: $0.count) } }
          path.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) {
              if let from = $0.baseAddress { (base + root.count).initialize(from: from, count: $0.count) }
            }
          }
          (base + root.count + path.count).initialize(to: 0)
          var info = stat()
          guard lstat(base, &info) == 0 else { return nil }
          switch info.st_mode & S_IFMT {
          case S_IFLNK: return readLink(base).map(Entry.link)
          case S_IFREG: return .other(.regular)
          case S_IFDIR: return .other(.folder)
          default: return .other(.other)
          }
        }
      }
    }
  }

  /// The link's target as UTF-8, bytes that are not UTF-8 replaced (U+FFFD), as every path of the
  /// walk is: the path checked component by component must be the very path the file is then opened
  /// by (`Resolved.hostPath`, a String). Followed as raw bytes, a target with a stray byte 0xFF was
  /// checked as `\xFF` and opened as `\u{FFFD}`, a name the tree may hold as a link out of the root.
  private func readLink(_ host: UnsafePointer<CChar>) -> [UInt8]? {
    // Into uninitialised scratch space: a zeroed 4 KB array and a mapped copy cost 4,000 instructions a link.
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Int(PATH_MAX)) { buffer -> [UInt8]? in
      guard let base = buffer.baseAddress else { return nil }
      let count = base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { readlink(host, $0, buffer.count) }
      guard count > 0 else { return nil }
      return Array(String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self).utf8)
    }
  }

  /// The kind of file at a resolved path.
  public func kind(of resolved: Resolved) -> FileKind? {
    if case .archive(let tree) = store {
      switch tree.node(resolved.path) {
      case .file?: return .regular
      case .folder?: return .folder
      case .link?, .other?: return .other
      case nil: return nil
      }
    }
    if let known = resolved.kind { return known }
    var info = stat()
    guard lstat(resolved.hostPath, &info) == 0 else { return nil }
    switch info.st_mode & S_IFMT {
    case S_IFREG: return .regular
    case S_IFDIR: return .folder
    default: return .other
    }
  }

  /// What a resolved path is.
  public enum FileKind: Sendable, Hashable {
    case regular, folder, other
  }

  /// Whether `path` names a folder inside the sysroot.
  public func isFolder(_ path: String) -> Bool {
    guard let resolved = try? resolve(path) else { return false }
    return kind(of: resolved) == .folder
  }

  /// The names in a folder of the sysroot, sorted; empty when it is not a folder.
  public func list(_ path: String) -> [String] {
    guard let resolved = try? resolve(path), kind(of: resolved) == .folder else { return [] }
    if case .archive(let tree) = store { return tree.children[resolved.path] ?? [] }
    return (try? FolderListing(path: resolved.hostPath, limit: 1_000_000))?.names ?? []
  }

  /// The bytes of a regular file inside the sysroot, up to `limit` bytes; nil when missing or larger.
  public func read(_ path: String, limit: Int = 64 << 20) -> [UInt8]? {
    guard let resolved = try? resolve(path), kind(of: resolved) == .regular else { return nil }
    if case .archive(let tree) = store {
      guard case .file(_, .bytes(let bytes))? = tree.node(resolved.path), bytes.count <= limit else { return nil }
      return bytes
    }
    return HostFile.read(resolved.hostPath, limit: limit)
  }

  /// Reads the ELF file at a resolved path (which contains no links, so opening it cannot leave the sysroot).
  public func readImage(_ resolved: Resolved, reader: ElfReader) throws(ElfReadError) -> ElfImage {
    if case .archive(let tree) = store {
      guard case .file(let size, let content)? = tree.node(resolved.path) else {
        throw ElfReadError(code: .unreadable, path: resolved.path, what: "not a regular file in \(displayRoot)", offset: nil)
      }
      // Read as the archive streamed past (for the parts the tree was opened for); a hard link's
      // facts are its target's, named by the path the loader took.
      guard case .elf(let result) = content else {
        throw ElfReadError(code: .notElf, path: resolved.path, what: "not an ELF file (\(size) bytes in \(displayRoot))", offset: 0)
      }
      var image = try result.get()
      image.path = resolved.path
      return image
    }
    return try reader.read(path: resolved.hostPath, displayPath: resolved.path)
  }
}

/// Why a sysroot, or a path in it, could not be used.
public struct SysrootError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The sysroot as given.
  public var root: String
  /// The path inside it.
  public var path: String
  /// What went wrong.
  public var reason: String
  /// For an image whose index has several platforms and none was named: those platforms.
  public var platforms: [String] = []

  public init(root: String, path: String, reason: String) {
    self.root = root
    self.path = path
    self.reason = reason
  }

  /// `cannot open the sysroot /nonexistent: No such file or directory` for the root itself; the root and
  /// the path inside it before the reason otherwise.
  public var description: String { path == "/" && reason.containsBytes(root) ? reason : "\(root): \(path): \(reason)" }
}
