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

  func u16(at offset: Int) -> UInt16? {
    guard offset >= 0, offset <= base.count - 2 else { return nil }
    let (first, second) = (UInt16(base[offset]), UInt16(base[offset + 1]))
    return endianness == .little ? second << 8 | first : first << 8 | second
  }

  func u32(at offset: Int) -> UInt32? {
    guard offset >= 0, offset <= base.count - 4 else { return nil }
    var value: UInt32 = 0
    for i in 0..<4 {
      let byte = UInt32(base[offset + i])
      value |= endianness == .little ? byte << (8 * UInt32(i)) : byte << (8 * UInt32(3 - i))
    }
    return value
  }

  func u64(at offset: Int) -> UInt64? {
    guard offset >= 0, offset <= base.count - 8 else { return nil }
    var value: UInt64 = 0
    for i in 0..<8 {
      let byte = UInt64(base[offset + i])
      value |= endianness == .little ? byte << (8 * UInt64(i)) : byte << (8 * UInt64(7 - i))
    }
    return value
  }

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
