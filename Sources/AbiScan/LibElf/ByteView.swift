/// A bounds-checked, byte-order-aware view of raw bytes from a file.
///
/// Every read returns nil instead of trapping when it would leave the view,
/// so structures parsed by hand (notes, GNU properties, interpreter strings)
/// can never read outside what libelf handed out.
struct ByteView {
  let base: UnsafeRawBufferPointer
  let endianness: Endianness

  var count: Int { base.count }

  func u8(at offset: Int) -> UInt8? {
    guard offset >= 0, offset < base.count else { return nil }
    return base[offset]
  }

  // One unaligned load and a byte swap when the file's order is not the host's: a loop over the bytes
  // was 1.5 M of the 15.5 M instructions of `deps` of 26 programs once the header tables were read
  // here (callgrind).
  @inline(__always)
  private func load<T: FixedWidthInteger>(_ offset: Int, as type: T.Type) -> T? {
    guard offset >= 0, offset <= base.count - MemoryLayout<T>.size, let start = base.baseAddress else { return nil }
    let raw = start.loadUnaligned(fromByteOffset: offset, as: T.self)
    return endianness == .little ? T(littleEndian: raw) : T(bigEndian: raw)
  }

  // Always inlined, as `load` is: left to the optimiser they stayed calls, and u32 and u64 alone were
  // 0.28 M of the 11.2 M instructions of `deps` of 26 programs (callgrind), most of it call overhead.
  @inline(__always) func u16(at offset: Int) -> UInt16? { load(offset, as: UInt16.self) }

  @inline(__always) func u32(at offset: Int) -> UInt32? { load(offset, as: UInt32.self) }

  @inline(__always) func u64(at offset: Int) -> UInt64? { load(offset, as: UInt64.self) }

  /// The bytes in `[offset, offset + length)`, or nil when any of them lies outside.
  func slice(_ offset: Int, _ length: Int) -> UnsafeRawBufferPointer? {
    guard offset >= 0, length >= 0, offset <= base.count, length <= base.count - offset else {
      return nil
    }
    return UnsafeRawBufferPointer(rebasing: base[offset..<(offset + length)])
  }

  /// A NUL-terminated string starting at `offset`, at most `limit` bytes long; nil when unterminated or out of bounds.
  func cString(at offset: Int, limit: Int) -> String? {
    guard offset >= 0, offset < base.count else { return nil }
    let end = min(base.count, offset &+ limit &+ 1)
    var i = offset
    while i < end {
      if base[i] == 0 {
        return String(decoding: UnsafeRawBufferPointer(rebasing: base[offset..<i]), as: UTF8.self)
      }
      i += 1
    }
    return nil
  }
}
