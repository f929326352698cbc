/// The target's `/etc/ld.so.cache`, read from its bytes (ldconfig is never run).
///
/// Format `glibc-ld.so.cache1.1` (glibc's dl-cache.h): a 48-byte header
/// (magic, version, nlibs, len_strings, an endianness flag, extension
/// offset), then `nlibs` 24-byte entries {flags, key, value, osversion,
/// hwcap}; key and value are offsets of the soname and the path from the
/// start of that header. An older `ld.so-1.7.0` block may come first.
/// Written in the target's byte order, so a big-endian sysroot's cache is
/// big-endian.
public struct LdSoCache: Sendable {
  /// One cache entry.
  public struct Entry: Sendable, Hashable {
    /// The soname (the key ld.so looks up).
    public var soname: String
    /// The library's path on the target.
    public var path: String
    /// The entry's flags: the low byte is the object kind (3 = glibc ELF), the next the architecture.
    public var flags: Int32
    /// Non-zero for entries that apply only on CPUs with given capabilities (glibc-hwcaps subfolders).
    public var hwcap: UInt64
  }

  /// Entries in file order (sorted by soname, as ldconfig writes them).
  public var entries: [Entry]
  /// Baseline paths per soname, in cache order, for lookups.
  private var bySoname: [String: [String]] = [:]

  /// The most entries a cache may declare before it is refused: each takes 24 bytes, and real caches hold a few thousand.
  public static let maxEntries = 1 << 20

  /// Parses a cache; nil when the bytes hold no `glibc-ld.so.cache1.1` header or it is inconsistent.
  public init?(bytes: [UInt8]) {
    let magic = Array("glibc-ld.so.cache1.1".utf8)
    guard let start = Self.find(magic, in: bytes) else { return nil }
    func u32(_ at: Int, _ big: Bool) -> UInt32? {
      guard at >= 0, at + 4 <= bytes.count else { return nil }
      let b = bytes[at..<(at + 4)].map(UInt32.init)
      return big ? b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3] : b[3] << 24 | b[2] << 16 | b[1] << 8 | b[0]
    }
    func u64(_ at: Int, _ big: Bool) -> UInt64? {
      guard let a = u32(at, big), let b = u32(at + 4, big) else { return nil }
      return big ? UInt64(a) << 32 | UInt64(b) : UInt64(b) << 32 | UInt64(a)
    }
    let flagByte = start + 28 < bytes.count ? bytes[start + 28] : 0
    var candidates: [Bool] = flagByte == 3 ? [true] : flagByte == 2 ? [false] : [false, true]
    candidates = candidates.filter { big in
      guard let n = u32(start + 20, big) else { return false }
      return Int(n) <= Self.maxEntries && start + 48 + Int(n) * 24 <= bytes.count
    }
    guard let big = candidates.first, let count = u32(start + 20, big) else { return nil }
    func string(_ offset: UInt32) -> String? {
      let at = start + Int(offset)
      guard at >= 0, at < bytes.count else { return nil }
      guard let end = bytes[at...].prefix(4096).firstIndex(of: 0) else { return nil }
      return String(decoding: bytes[at..<end], as: UTF8.self)
    }
    var entries: [Entry] = []
    entries.reserveCapacity(Int(count))
    for i in 0..<Int(count) {
      let at = start + 48 + i * 24
      guard let flags = u32(at, big), let key = u32(at + 4, big), let value = u32(at + 8, big),
        let hwcap = u64(at + 16, big), let soname = string(key), let path = string(value)
      else { return nil }
      entries.append(Entry(soname: soname, path: path, flags: Int32(bitPattern: flags), hwcap: hwcap))
    }
    self.entries = entries
    for entry in entries where entry.hwcap == 0 { bySoname[entry.soname, default: []].append(entry.path) }
  }

  /// The glibc-hwcaps entries for `soname` whose subfolder is one of `subfolders`, best subfolder first.
  public func hwcapsPaths(for soname: String, subfolders: [String]) -> [String] {
    guard !subfolders.isEmpty else { return [] }
    let candidates = entries.filter { $0.soname == soname && $0.hwcap != 0 }.map(\.path)
    return subfolders.flatMap { name in candidates.filter { $0.contains("/glibc-hwcaps/\(name)/") } }
  }

  /// The baseline entries for `soname`, in cache order (entries tied to CPU capabilities left out).
  public func paths(for soname: String) -> [String] {
    bySoname[soname] ?? []
  }

  private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
    guard haystack.count >= needle.count else { return nil }
    let limit = min(haystack.count - needle.count, 1 << 24)
    var i = 0
    while i <= limit {
      if haystack[i] == needle[0] && Array(haystack[i..<(i + needle.count)]) == needle { return i }
      i += 1
    }
    return nil
  }
}
