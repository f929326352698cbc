import CDirectory

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// An open descriptor of a walked folder, closed when the last file found in it is read.
///
/// Files are opened with `openat` on it: the kernel then looks up one name, not every component
/// of the path again (the path walk, `__d_lookup_rcu` first, was the largest kernel cost of a
/// scan of /usr, perf). A walking thread holds one at a time (`TreeWalk`), and closes it itself:
/// the number means nothing on another thread's descriptor table.
public final class FolderDescriptor: Sendable {
  /// The descriptor (`O_RDONLY | O_DIRECTORY`).
  let value: Int32

  init(_ value: Int32) { self.value = value }

  deinit { close(value) }

  /// Opens the folder `name` inside `parent` (or the path `name` when `parent` is nil); inside a
  /// folder a symbolic link put in its place is not followed (`follow` is for a path the user
  /// named). Nil with `errno` set when it cannot be opened.
  static func open(_ name: String, in parent: FolderDescriptor?, follow: Bool = false) -> FolderDescriptor? {
    let flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NONBLOCK | (follow ? 0 : O_NOFOLLOW)
    let fd = name.withCString { openat(parent?.value ?? AT_FDCWD, $0, flags) }
    return fd >= 0 ? FolderDescriptor(fd) : nil
  }

  /// Opens the folder `relative` (no `..`, no links on the way) inside the folder `root`; nil with
  /// `errno` set when it cannot be opened (ELOOP: a symbolic link was put on the way).
  static func open(beneath root: FolderDescriptor, _ relative: String) -> FolderDescriptor? {
    let fd = relative.withCString { abidoctor_open_folder_beneath(root.value, $0) }
    return fd >= 0 ? FolderDescriptor(fd) : nil
  }
}
