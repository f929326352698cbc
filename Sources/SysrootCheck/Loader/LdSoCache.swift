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
    // Nothing is decoded or indexed up front: ldconfig writes the entries sorted, and a lookup is the
    // binary search ld.so makes (dl-cache.c). Hashing and sorting every soname first was 0.44 M of
    // the 14.9 M instructions of `deps` of 26 programs (callgrind), for a few dozen lookups.
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

  /// The indices of the entries whose soname is `soname`, in cache order, found as ld.so finds them.
  ///
  /// glibc's `search_cache` (elf/dl-cache.c): a binary search over the entries, which ldconfig sorts
  /// by `_dl_cache_libcmp` in descending order; on a hit, back to the first entry with that name, then
  /// every entry with it. An entry whose name lies outside the file ends the search, as in ld.so. So a
  /// cache that is not sorted (none that ldconfig wrote) hides from abidoctor what it hides from ld.so.
  private func matchingIndices(_ soname: String) -> [Int] {
    // Over the bytes in place: through Array and ArraySlice indices, each checked, the comparisons of
    // 127 look-ups were 0.35 M of the 11.6 M instructions of `deps` of 26 programs (callgrind).
    var soname = soname
    return soname.withUTF8 { wanted in
      bytes.withUnsafeBufferPointer { file in
        let entries = Entries(file: file, start: start, bigEndian: bigEndian)
        var low = 0, high = count - 1
        while low <= high {
          let middle = (low + high) / 2
          guard let order = entries.compare(wanted, entry: middle) else { return [] }
          if order < 0 {
            low = middle + 1
          } else if order > 0 {
            high = middle - 1
          } else {
            var first = middle
            while first > 0, entries.compare(wanted, entry: first - 1) == 0 { first -= 1 }
            var found: [Int] = []
            var i = first
            while i < count, entries.compare(wanted, entry: i) == 0 {
              found.append(i)
              i += 1
            }
            return found
          }
        }
        return []
      }
    }
  }

  /// The entries' sonames, in the file's bytes.
  private struct Entries {
    let file: UnsafeBufferPointer<UInt8>
    let start: Int
    let bigEndian: Bool

    /// `_dl_cache_libcmp(wanted, soname of entry i)`: its sign; nil when the entry's name is not in the file.
    func compare(_ wanted: UnsafeBufferPointer<UInt8>, entry i: Int) -> Int? {
      guard let key = LdSoCache.u32(file, start + 48 + i * 24 + 4, bigEndian) else { return nil }
      let at = start + Int(key)
      guard at >= 0, at < file.count else { return nil }
      return LdSoCache.libraryOrder(wanted, UnsafeBufferPointer(rebasing: file[at...]))
    }
  }

  /// glibc's `_dl_cache_libcmp`: byte order, except that runs of digits compare as numbers and a digit
  /// sorts after any other byte (`libfoo.so.10` after `libfoo.so.9`). `other` ends at its first NUL
  /// (or the end of the file, read as a NUL). Bytes compare unsigned, as `char` does on aarch64 and
  /// not on x86: the two differ only for sonames with bytes above 0x7f.
  public static func libraryOrder(_ wanted: [UInt8], _ other: ArraySlice<UInt8>) -> Int {
    wanted.withUnsafeBufferPointer { w in other.withUnsafeBufferPointer { o in libraryOrder(w, o) } }
  }

  /// The same over buffers: `wanted` ends at its end or first NUL, `other` at its first NUL or end.
  static func libraryOrder(_ wanted: UnsafeBufferPointer<UInt8>, _ other: UnsafeBufferPointer<UInt8>) -> Int {
    func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }
    var p = 0
    var q = 0
    func left() -> UInt8 { p < wanted.count ? wanted[p] : 0 }
    func right() -> UInt8 { q < other.count ? other[q] : 0 }
    while left() != 0 {
      let a = left(), b = right()
      if isDigit(a) {
        guard isDigit(b) else { return 1 }
        // Numbers as glibc reads them (an int that may wrap, compared by subtraction).
        var x: Int32 = 0, y: Int32 = 0
        while isDigit(left()) {
          x = x &* 10 &+ Int32(left() - UInt8(ascii: "0"))
          p += 1
        }
        while isDigit(right()) {
          y = y &* 10 &+ Int32(right() - UInt8(ascii: "0"))
          q += 1
        }
        if x != y { return Int(x &- y) }
      } else if isDigit(b) {
        return -1
      } else if a != b {
        return Int(a) - Int(b)
      } else {
        p += 1
        q += 1
      }
    }
    return -Int(right())
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

  /// The 32-bit field at `at`, of the file's array or of a buffer over all of it (both indexed from 0).
  private static func u32<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, _ at: Int, _ big: Bool) -> UInt32?
  where Bytes.Index == Int {
    guard at >= 0, at + 4 <= bytes.count else { return nil }
    let (b0, b1, b2, b3) = (UInt32(bytes[at]), UInt32(bytes[at + 1]), UInt32(bytes[at + 2]), UInt32(bytes[at + 3]))
    return big ? b0 << 24 | b1 << 16 | b2 << 8 | b3 : b3 << 24 | b2 << 16 | b1 << 8 | b0
  }

  private static func u64(_ bytes: [UInt8], _ at: Int, _ big: Bool) -> UInt64? {
    guard let a = u32(bytes, at, big), let b = u32(bytes, at + 4, big) else { return nil }
    return big ? UInt64(a) << 32 | UInt64(b) : UInt64(b) << 32 | UInt64(a)
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
