#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// The names in one folder, read with readdir, in byte order.
public struct FolderListing: Sendable {
  /// The names, without `.` and `..`, sorted by their bytes.
  public var names: [String]
  /// Whether the folder had more entries than the limit.
  public var isTruncated: Bool

  /// The offset of d_name in struct dirent (glibc x86_64: 19).
  private static let nameOffset: Int = MemoryLayout<dirent>.offset(of: \dirent.d_name) ?? 19

  /// Lists `path`; throws the errno when the folder cannot be opened.
  public init(path: String, limit: Int) throws(ListingError) {
    guard let dir = opendir(path) else { throw ListingError(errno: errno) }
    defer { closedir(dir) }
    var names: [String] = []
    var truncated = false
    while let entry = readdir(dir) {
      // Read d_name in place: glibc sizes each record to its name, so copying the whole
      // 256-byte d_name array (entry.pointee) can read past the end of the listing buffer.
      let name = String(
        cString: UnsafeRawPointer(entry).advanced(by: Self.nameOffset).assumingMemoryBound(to: CChar.self))
      if name == "." || name == ".." { continue }
      if names.count >= limit {
        truncated = true
        break
      }
      names.append(name)
    }
    names.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    self.names = names
    isTruncated = truncated
  }

  /// Why a folder could not be listed.
  public struct ListingError: Error, Sendable {
    /// The errno of opendir.
    public var errno: Int32
    /// strerror's text for it.
    public var reason: String { String(cString: strerror(errno)) }
  }
}
