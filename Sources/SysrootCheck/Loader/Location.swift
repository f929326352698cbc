/// Where a file or folder is: inside the target's sysroot, or on the host (the user's own build output).
///
/// The files being checked and the folders their `$ORIGIN` points at live on
/// the host; everything the target system provides lives in the sysroot.
public enum Location: Sendable, Hashable, CustomStringConvertible {
  /// A path as the target sees it, resolved inside the sysroot.
  case sysroot(String)
  /// A path on the host, as given (the deployment being checked).
  case host(String)

  /// The path, without saying where.
  public var path: String {
    switch self {
    case .sysroot(let p), .host(let p): return p
    }
  }

  public var description: String { path }

  /// The folder that holds this file.
  public var folder: Location {
    let parent = Self.parent(of: path)
    switch self {
    case .sysroot: return .sysroot(parent)
    case .host: return .host(parent)
    }
  }

  /// A file inside this folder.
  public func appending(_ name: String) -> Location {
    let joined = path.hasSuffix("/") ? path + name : path + "/" + name
    switch self {
    case .sysroot: return .sysroot(joined)
    case .host: return .host(joined)
    }
  }

  /// The last component of `path`.
  static func basename(of path: String) -> String {
    path.lastPathComponent
  }

  /// The path from folder `from` to folder `to`, with `..` where needed (`""` when they are one).
  static func relative(from: String, to: String) -> String {
    let a = from.split(separator: "/").filter { $0 != "." }
    let b = to.split(separator: "/").filter { $0 != "." }
    var common = 0
    while common < a.count && common < b.count && a[common] == b[common] { common += 1 }
    return (Array(repeating: "..", count: a.count - common) + b[common...].map(String.init)).joined(separator: "/")
  }

  static func parent(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    if slash == path.startIndex { return "/" }
    return String(path[..<slash])
  }
}
