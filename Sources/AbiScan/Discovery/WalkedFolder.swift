/// A folder a walk found files in: how to name its files (the path to open, the path to show).
///
/// A walked file carries its folder and its own name instead of two paths of its own: most walked
/// files are not ELF and are never named, and making both strings for each was a third of what
/// such a file cost (callgrind, a scan of /usr/share/doc).
public final class WalkedFolder: Sendable {
  /// The folder as opened: the walked root joined with `relative`.
  public let path: String
  /// The folder relative to the walked root; empty for the root itself.
  public let relative: String
  /// The walked root, as given.
  public let root: String

  init(path: String, relative: String, root: String) {
    self.path = path
    self.relative = relative
    self.root = root
  }

  /// The path to open for `name` in this folder.
  public func openPath(_ name: String) -> String { InputWalker.path(path, name) }

  /// How reports name `name` in this folder: relative to the walked root.
  public func displayPath(_ name: String) -> String { relative.isEmpty ? name : InputWalker.path(relative, name) }
}
