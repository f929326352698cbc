/// A file's first bytes (up to 16), held inline.
///
/// Every file a walk meets is opened and its first bytes read to see whether it is ELF; most are
/// not. Held in an array, those bytes cost an allocation and a release per file (1,100 of the
/// 9,200 instructions a walked non-ELF file cost, callgrind, a scan of /usr/share/doc); held here
/// they cost none, and the reader of the next format (WebAssembly's `\0asm`) still looks at them
/// without opening the file again.
public struct FileHead: Sendable, Hashable {
  private var low: UInt64 = 0
  private var high: UInt64 = 0
  /// How many bytes were read (0 to 16).
  public private(set) var count: Int = 0

  /// The longest head held.
  public static let capacity = 16

  /// The first `min(bytes.count, 16)` of `bytes`.
  public init<Bytes: Collection>(_ bytes: Bytes) where Bytes.Element == UInt8 {
    for byte in bytes.prefix(Self.capacity) { append(byte) }
  }

  /// The first `min(bytes.count, 16)` bytes of raw memory, a full head as two little-endian words:
  /// the byte loop cost 318 instructions a file (callgrind, a scan of /usr/share/doc: every file a
  /// walk meets is read into one).
  public init(raw bytes: UnsafeRawBufferPointer) {
    guard bytes.count >= Self.capacity, let base = bytes.baseAddress else {
      self.init(bytes)  // a short file: byte by byte
      return
    }
    self.init(
      low: UInt64(littleEndian: base.loadUnaligned(as: UInt64.self)),
      high: UInt64(littleEndian: base.loadUnaligned(fromByteOffset: 8, as: UInt64.self)), count: Self.capacity)
  }

  private init(low: UInt64, high: UInt64, count: Int) {
    self.low = low
    self.high = high
    self.count = count
  }

  /// Byte `i` is bits `8 * (i % 8)` up of `low` (i < 8) or `high`: plain shifts, no memory rebound.
  private mutating func append(_ byte: UInt8) {
    let shift = UInt64(8 * (count % 8))
    if count < 8 { low |= UInt64(byte) << shift } else { high |= UInt64(byte) << shift }
    count += 1
  }

  /// The byte at `index` (0 <= index < count).
  public subscript(index: Int) -> UInt8 {
    precondition(index >= 0 && index < count, "FileHead index \(index) out of 0..<\(count)")
    let word = index < 8 ? low : high
    return UInt8(truncatingIfNeeded: word >> UInt64(8 * (index % 8)))
  }
}
