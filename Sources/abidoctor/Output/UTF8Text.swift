/// Text for people, built as UTF-8 bytes and written as bytes.
///
/// Why not a String: `deps` of 22 programs drew its 363 lines into a String (or into bytes made a
/// String once, then copied back to bytes for `write`): each piece appended to a growing String
/// checked its capacity and encoding (250 instructions), and making a String of the bytes validated
/// all of them again (10,000 instructions a tree). Every piece appended here is a String's own UTF-8
/// or a literal, so the bytes are valid UTF-8 by construction and nothing reads them back.
struct UTF8Text {
  private(set) var bytes: [UInt8] = []

  init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

  /// Appends `text`'s UTF-8, copied in one piece from its storage when it has contiguous storage
  /// (every native and small String); the generic per-byte append was 170 instructions a call.
  @inline(__always)
  mutating func append(_ text: String) {
    let copied: Void? = text.utf8.withContiguousStorageIfAvailable { bytes.append(contentsOf: $0) }
    if copied == nil { bytes.append(contentsOf: text.utf8) }
  }

  /// Appends bytes that are already UTF-8 (a prefix built from literals).
  @inline(__always)
  mutating func append(utf8 more: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: more) }
}
