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
    public var soname: String
    public var path: String
    public var flags: Int32
    public var hwcap: UInt64
  }

  /// The file, kept: entries are decoded when asked for, not up front. Why: decoding all of them (two
  /// strings each, and a dictionary of 1,500 sonames) was 3.2 M of the 38.8 M instructions of `deps`
  /// over 26 programs (callgrind), which looks up a few dozen names.
  private let bytes: [UInt8]
  /// Where the `glibc-ld.so.cache1.1` header starts, the entry count and the byte order.
  private let start: Int
  private let count: Int
  private let bigEndian: Bool
  /// Entry indices ordered by the FNV-1a hash of their soname, for lookups by binary search.
  private let byHash: [(hash: UInt64, entry: Int32)]

  /// At most this many entries are read (a hostile cache cannot make abidoctor allocate more).
  public static let maxEntries = 1 << 20

  /// Reads the cache; nil when the bytes hold no `glibc-ld.so.cache1.1` header or its entries do not fit.
  public init?(bytes: [UInt8]) {
    let magic = Array("glibc-ld.so.cache1.1".utf8)
    guard let start = Self.find(magic, in: bytes) else { return nil }
    let flagByte = start + 28 < bytes.count ? bytes[start + 28] : 0
    // The header's flag says the byte order (2 little, 3 big); older caches have none: try both.
    var candidates: [Bool] = flagByte == 3 ? [true] : flagByte == 2 ? [false] : [false, true]
    candidates = candidates.filter { big in
      guard let n = Self.u32(bytes, start + 20, big) else { return false }
      return Int(n) <= Self.maxEntries && start + 48 + Int(n) * 24 <= bytes.count
    }
    guard let big = candidates.first, let count = Self.u32(bytes, start + 20, big) else { return nil }
    self.bytes = bytes
    self.start = start
    self.count = Int(count)
    self.bigEndian = big
    var index: [(hash: UInt64, entry: Int32)] = []
    index.reserveCapacity(Int(count))
    for i in 0..<Int(count) {
      // An entry whose strings lie outside the file makes the whole cache unreadable, as before.
      guard let key = Self.u32(bytes, start + 48 + i * 24 + 4, big), let value = Self.u32(bytes, start + 48 + i * 24 + 8, big),
        let keyEnd = Self.stringEnd(bytes, at: start + Int(key)), Self.stringEnd(bytes, at: start + Int(value)) != nil
      else { return nil }
      index.append((Self.hash(bytes[(start + Int(key))..<keyEnd]), Int32(i)))
    }
    index.sort { $0.hash < $1.hash }
    byHash = index
  }

  /// Every entry, in the cache's order (ld.so's preference order).
  public var entries: [Entry] { (0..<count).compactMap(entry) }

  /// Paths under `glibc-hwcaps/NAME/` for `soname`, in the order of `subfolders` (the caller's
  /// priority), as glibc 2.33+ tries them before the plain entries.
  public func hwcapsPaths(for soname: String, subfolders: [String]) -> [String] {
    guard !subfolders.isEmpty else { return [] }
    let candidates = matches(soname).filter { $0.hwcap != 0 }.map(\.path)
    return subfolders.flatMap { name in candidates.filter { $0.containsBytes("/glibc-hwcaps/\(name)/") } }
  }

  /// The paths the cache gives for `soname` (entries without an hwcap), in cache order.
  ///
  /// Only those paths are decoded: building every matching entry (its soname and path as Strings) and
  /// filtering them was 6,000 instructions a lookup, asked for every need the loader searches.
  public func paths(for soname: String) -> [String] {
    matchingIndices(soname).compactMap { i in
      let at = start + 48 + i * 24
      guard let hwcap = Self.u64(bytes, at + 16, bigEndian), hwcap == 0, let value = Self.u32(bytes, at + 8, bigEndian) else { return nil }
      return string(start + Int(value))
    }
  }

  /// The entries whose soname is `soname`, in cache order.
  private func matches(_ soname: String) -> [Entry] {
    matchingIndices(soname).compactMap(entry)
  }

  /// The indices of the entries whose soname is `soname`, in cache order.
  private func matchingIndices(_ soname: String) -> [Int] {
    let wanted = Array(soname.utf8)
    let hash = Self.hash(wanted)
    // The first index with this hash, by binary search; then each entry with it, compared byte for byte.
    var low = 0, high = byHash.count
    while low < high {
      let middle = (low + high) / 2
      if byHash[middle].hash < hash { low = middle + 1 } else { high = middle }
    }
    var found: [Int] = []
    while low < byHash.count, byHash[low].hash == hash {
      let i = Int(byHash[low].entry)
      if let key = Self.u32(bytes, start + 48 + i * 24 + 4, bigEndian), equals(wanted, at: start + Int(key)) { found.append(i) }
      low += 1
    }
    return found.sorted()
  }

  private func entry(_ i: Int) -> Entry? {
    let at = start + 48 + i * 24
    guard let flags = Self.u32(bytes, at, bigEndian), let key = Self.u32(bytes, at + 4, bigEndian),
      let value = Self.u32(bytes, at + 8, bigEndian), let hwcap = Self.u64(bytes, at + 16, bigEndian),
      let soname = string(start + Int(key)), let path = string(start + Int(value))
    else { return nil }
    return Entry(soname: soname, path: path, flags: Int32(bitPattern: flags), hwcap: hwcap)
  }

  /// The NUL-terminated string at `at` (at most 4,096 bytes), or nil.
  private func string(_ at: Int) -> String? {
    guard let end = Self.stringEnd(bytes, at: at) else { return nil }
    return String(decoding: bytes[at..<end], as: UTF8.self)
  }

  /// Where the NUL-terminated string at `at` ends (its NUL), if it ends within 4,096 bytes.
  private static func stringEnd(_ bytes: [UInt8], at: Int) -> Int? {
    guard at >= 0, at < bytes.count else { return nil }
    return bytes[at...].prefix(4096).firstIndex(of: 0)
  }

  private func equals(_ wanted: [UInt8], at: Int) -> Bool {
    guard at >= 0, at + wanted.count < bytes.count else { return false }
    for (offset, byte) in wanted.enumerated() where bytes[at + offset] != byte { return false }
    return bytes[at + wanted.count] == 0
  }

  private static func u32(_ bytes: [UInt8], _ at: Int, _ big: Bool) -> UInt32? {
    guard at >= 0, at + 4 <= bytes.count else { return nil }
    let (b0, b1, b2, b3) = (UInt32(bytes[at]), UInt32(bytes[at + 1]), UInt32(bytes[at + 2]), UInt32(bytes[at + 3]))
    return big ? b0 << 24 | b1 << 16 | b2 << 8 | b3 : b3 << 24 | b2 << 16 | b1 << 8 | b0
  }

  private static func u64(_ bytes: [UInt8], _ at: Int, _ big: Bool) -> UInt64? {
    guard let a = u32(bytes, at, big), let b = u32(bytes, at + 4, big) else { return nil }
    return big ? UInt64(a) << 32 | UInt64(b) : UInt64(b) << 32 | UInt64(a)
  }

  /// FNV-1a of a soname's bytes.
  private static func hash(_ bytes: some Sequence<UInt8>) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    return hash
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
