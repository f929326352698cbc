#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// The bytes of one archive member, in anonymous memory reserved up to the member limit and used as
/// data arrives, never as a header claims. Pages the data has not reached, and ranges the stream
/// `skip`s (an ELF file's machine code, which no question reads), are never written, so they are never
/// resident: a 117 MB library costs the pages of its tables, not its size. Handed to
/// `ElfReader.read(member:)` as they are, so the bytes are in memory once.
public final class MemberBytes: @unchecked Sendable {
  // @unchecked: the storage is written only while the stream fills it, before the value is shared.
  private(set) var start: UnsafeMutableRawPointer?
  /// The bytes read (or skipped) so far.
  public private(set) var count: Int = 0
  /// Bytes of address space reserved (not memory: untouched pages cost nothing).
  private let capacity: Int

  /// Room for up to `limit` bytes, reserved when the first byte arrives.
  init(limit: Int) { capacity = max(limit, 1) }

  /// A copy of `bytes` (for tests, fuzzing and files built in memory).
  public convenience init(_ bytes: [UInt8]) {
    self.init(limit: bytes.count)
    _ = bytes.withUnsafeBytes { append($0) }
  }

  deinit { if let start { munmap(start, capacity) } }

  /// Reserves the address space on first use; false when `more` bytes would pass the limit.
  private func reserve(_ more: Int) -> Bool {
    guard count + more <= capacity else { return false }
    if start == nil {
      let mapped = mmap(nil, capacity, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
      guard let mapped, mapped != MAP_FAILED else { return false }
      start = mapped
    }
    return true
  }

  /// Appends `chunk`.
  @discardableResult
  func append(_ chunk: UnsafeRawBufferPointer) -> Bool {
    guard let source = chunk.baseAddress, !chunk.isEmpty else { return true }
    guard reserve(chunk.count), let start else { return false }
    (start + count).copyMemory(from: source, byteCount: chunk.count)
    count += chunk.count
    return true
  }

  /// Counts `n` bytes that are not kept: they read as zeros and take no memory.
  @discardableResult
  func skip(_ n: Int) -> Bool {
    guard n > 0 else { return true }
    guard reserve(n) else { return false }
    count += n
    return true
  }

  /// The first `n` bytes (fewer when the member is shorter).
  public func prefix(_ n: Int) -> [UInt8] {
    guard let start else { return [] }
    return Array(UnsafeRawBufferPointer(start: start, count: min(n, count)))
  }

  /// The bytes as an array (for the small members kept as they are: configuration, JSON documents).
  public var array: [UInt8] { prefix(count) }

  /// Whether the bytes start with `magic`.
  public func starts(with magic: [UInt8]) -> Bool { count >= magic.count && prefix(magic.count) == magic }
}
