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

  /// The files under `paths`, explicit files first in the order given, each folder's files in name order.
  public func files(for paths: [String]) -> [InputFile] {
    var out: [InputFile] = []
    for path in paths {
      var info = stat()
      if stat(path, &info) != 0 {
        let err = errno
        let what =
          err == ELOOP
          ? "symbolic link loop (too many levels of symbolic links)"
          : "cannot open: \(String(cString: strerror(err)))"
        out.append(
          InputFile(
            displayPath: path, openPath: path, root: nil,
            problem: ElfReadError(code: .unreadable, path: path, what: what, errno: err)))
        continue
      }
      switch info.st_mode & S_IFMT {
      case S_IFDIR:
        var visited = Set<FolderID>()
        walk(folder: path, relative: "", root: path, depth: 0, visited: &visited, into: &out)
      case S_IFREG:
        out.append(InputFile(displayPath: path, openPath: path, root: nil))
      default:
        out.append(
          InputFile(
            displayPath: path, openPath: path, root: nil,
            problem: ElfReadError(
              code: .unreadable, path: path,
              what: "is \(FileKind(mode: info.st_mode).phrase), not a regular file; not read")))
      }
    }
    return out
  }

  private struct FolderID: Hashable {
    let device: UInt64
    let inode: UInt64
  }

  private func walk(
    folder: String, relative: String, root: String, depth: Int, visited: inout Set<FolderID>,
    into out: inout [InputFile]
  ) {
    let shown = relative.isEmpty ? "." : relative
    var info = stat()
    guard lstat(folder, &info) == 0 else { return }
    let id = FolderID(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    guard visited.insert(id).inserted else { return }
    guard depth <= maxDepth else {
      out.append(
        InputFile(
          displayPath: shown, openPath: folder, root: root,
          problem: ElfReadError(
            code: .unreadable, path: shown, what: "folder nesting deeper than \(maxDepth) levels; not walked")))
      return
    }
    let listing: FolderListing
    do throws(FolderListing.ListingError) {
      listing = try FolderListing(path: folder, limit: maxEntriesPerFolder)
    } catch {
      out.append(
        InputFile(
          displayPath: shown, openPath: folder, root: root,
          problem: ElfReadError(
            code: .unreadable, path: shown, what: "cannot list folder: \(error.reason)", errno: error.errno)))
      return
    }
    if listing.isTruncated {
      out.append(
        InputFile(
          displayPath: shown, openPath: folder, root: root,
          problem: ElfReadError(
            code: .unreadable, path: shown,
            what: "folder has over \(maxEntriesPerFolder) entries; the rest were not walked")))
    }
    let names = listing.names
    for name in names {
      let full = folder.hasSuffix("/") ? folder + name : folder + "/" + name
      let rel = relative.isEmpty ? name : relative + "/" + name
      var entryInfo = stat()
      guard lstat(full, &entryInfo) == 0 else { continue }
      switch entryInfo.st_mode & S_IFMT {
      case S_IFDIR:
        walk(folder: full, relative: rel, root: root, depth: depth + 1, visited: &visited, into: &out)
      case S_IFREG:
        // Under 4 bytes there is no room for the ELF magic: passed over without opening.
        if entryInfo.st_size >= 4 { out.append(InputFile(displayPath: rel, openPath: full, root: root)) }
      case S_IFLNK:
        var target = stat()
        if stat(full, &target) != 0 && errno == ELOOP {
          out.append(
            InputFile(
              displayPath: rel, openPath: full, root: root,
              problem: ElfReadError(
                code: .unreadable, path: rel,
                what: "symbolic link loop (too many levels of symbolic links)", errno: ELOOP)))
        }
      default:
        continue  // FIFOs, sockets, devices: never opened inside a folder.
      }
    }
  }
}
