import CDirectory

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// The names in one folder, read with getdents64 (on a walk's descriptor) or readdir (by path), in byte order.
public struct FolderListing: Sendable {
  /// The names, without `.` and `..`, sorted by their bytes.
  public var names: [String] { entries.map(\.name) }
  /// The entries with the kind readdir reported (`DT_*`; `DT_UNKNOWN` where the file system does not say).
  public var entries: [Entry]

  /// One name in a folder and what readdir says it is, which saves an lstat for most entries.
  public struct Entry: Sendable {
    /// The name.
    public var name: String
    /// d_type: 4 folder, 8 regular file, 10 symbolic link, 0 unknown, others special files.
    public var type: UInt8
  }
  /// Whether the folder had more entries than the limit.
  public var isTruncated: Bool

  /// The offsets of d_name and d_type in struct dirent (glibc x86_64: 19 and 18).
  private static let nameOffset: Int = MemoryLayout<dirent>.offset(of: \dirent.d_name) ?? 19
  private static let typeOffset: Int = MemoryLayout<dirent>.offset(of: \dirent.d_type) ?? 18

  /// Lists `path`; throws the errno when the folder cannot be opened.
  public init(path: String, limit: Int) throws(ListingError) {
    guard let dir = opendir(path) else { throw ListingError(errno: errno) }
    self.init(dir, limit: limit)
  }

  /// Lists the folder open as `descriptor`, which stays open for the files in it to be opened on.
  ///
  /// Read with getdents64 on the descriptor itself: `fdopendir` wants a descriptor of its own, and a
  /// `dup` for it, its `fstat`, two `fcntl` and the extra `close` were five of the ten system calls
  /// each folder of a walk cost (strace, a scan of /usr: 15,274 folders). The descriptor's read
  /// position ends at the end of the folder; nothing else reads it.
  public init(descriptor: Int32, limit: Int) throws(ListingError) {
    var names = NameCollector(limit: limit)
    let capacity = 32 << 10
    let failure: Int32 = withUnsafeTemporaryAllocation(byteCount: capacity, alignment: 8) { buffer in
      guard let base = buffer.baseAddress else { return EINVAL }
      while !names.isFull {
        let got = abidoctor_getdents64(descriptor, base, capacity)
        if got < 0 { return errno }
        if got == 0 { return 0 }
        // linux_dirent64: d_ino (8), d_off (8), d_reclen (2), d_type (1), d_name (NUL-terminated).
        var offset = 0
        while offset + 19 < got {
          let record = base + offset
          let length = Int(record.loadUnaligned(fromByteOffset: 16, as: UInt16.self))
          guard length > 19, offset + length <= got else { return EIO }  // a record the kernel did not write
          let name = (record + 19).assumingMemoryBound(to: UInt8.self)
          names.add(name, length: strnlen(UnsafeRawPointer(name).assumingMemoryBound(to: CChar.self), length - 19),
                    type: record.load(fromByteOffset: 18, as: UInt8.self))
          if names.isFull { break }
          offset += length
        }
      }
      return 0
    }
    if failure != 0 { throw ListingError(errno: failure) }
    (entries, isTruncated) = names.sortedEntries()
  }

  /// Reads and closes `dir`.
  private init(_ dir: OpaquePointer, limit: Int) {
    defer { closedir(dir) }
    var names = NameCollector(limit: limit)
    while !names.isFull, let entry = readdir(dir) {
      // Read d_name in place: glibc sizes each record to its name, so copying the whole
      // 256-byte d_name array (entry.pointee) can read past the end of the listing buffer.
      let name = UnsafeRawPointer(entry).advanced(by: Self.nameOffset).assumingMemoryBound(to: UInt8.self)
      let length = strlen(UnsafeRawPointer(name).assumingMemoryBound(to: CChar.self))
      names.add(name, length: length, type: UnsafeRawPointer(entry).load(fromByteOffset: Self.typeOffset, as: UInt8.self))
    }
    (entries, isTruncated) = names.sortedEntries()
  }

  /// The names of one listing, gathered as spans of one buffer.
  ///
  /// The names' bytes go into one buffer and are sorted as spans of it (by their first 8 bytes, then
  /// memcmp), then made into strings in order: sorting the strings themselves (strcmp through withCString, which copies a
  /// small string out each time) was 10.7 M of the 128 M instructions of a scan of
  /// /usr/lib/x86_64-linux-gnu, whose main folder has 2,340 names.
  private struct NameCollector {
    let limit: Int
    var bytes: [UInt8] = []
    var spans: [(key: UInt64, start: Int, length: Int, type: UInt8)] = []
    /// A name past the limit was met: the listing stops there.
    private(set) var isFull = false

    init(limit: Int) { self.limit = limit }

    /// Adds one name (`.` and `..` are passed over).
    mutating func add(_ name: UnsafePointer<UInt8>, length: Int, type: UInt8) {
      if length == 0 { return }
      if name[0] == UInt8(ascii: ".") && (length == 1 || (length == 2 && name[1] == UInt8(ascii: "."))) { return }
      if spans.count >= limit {
        isFull = true
        return
      }
      // The first 8 bytes as a big-endian number (zeros after a shorter name, which holds no NUL):
      // most names differ there, so most comparisons of the sort are one integer comparison.
      var key: UInt64 = 0
      for at in 0..<8 { key = key << 8 | UInt64(at < length ? name[at] : 0) }
      spans.append((key, bytes.count, length, type))
      bytes.append(contentsOf: UnsafeBufferPointer(start: name, count: length))
    }

    /// The entries in byte order, as strcmp gives it (unsigned bytes, a prefix first; names hold no
    /// NUL), and whether the folder had more.
    mutating func sortedEntries() -> ([Entry], Bool) {
      let entries = bytes.withUnsafeBufferPointer { buffer -> [Entry] in
        guard let base = buffer.baseAddress else { return [] }
        spans.sort { a, b in
          if a.key != b.key { return a.key < b.key }
          // The same first 8 bytes: both names are at least that long (or the same short name).
          let shared = min(a.length, b.length)
          if shared > 8 {
            let order = memcmp(base + a.start + 8, base + b.start + 8, shared - 8)
            if order != 0 { return order < 0 }
          }
          return a.length < b.length
        }
        return spans.map { span in
          Entry(name: String(decoding: UnsafeBufferPointer(start: base + span.start, count: span.length), as: UTF8.self), type: span.type)
        }
      }
      return (entries, isFull)
    }
  }

  /// Why a folder could not be listed.
  public struct ListingError: Error, Sendable {
    /// The errno of opendir.
    public var errno: Int32
    /// strerror's text for it.
    public var reason: String { String(cString: strerror(errno)) }
  }
}
