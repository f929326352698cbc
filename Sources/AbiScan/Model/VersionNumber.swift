/// A dotted version number such as `2.3.4`, compared component by component.
///
/// Comparing only two components misreads `GLIBC_2.1.3`; comparing text
/// puts `2.17` before `2.2.5`. Missing components count as 0, so `2.2` == `2.2.0`.
public struct VersionNumber: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// The numeric components.
  public var components: [Int]

  /// Parses `2.3.4`; nil unless every component is a non-empty run of ASCII digits (at most 9, and at
  /// most 8 components). Reads bytes, not characters: it runs for every version node of every file.
  public init?(_ text: some StringProtocol) {
    guard let parsed = text.utf8.withContiguousStorageIfAvailable({ Self(utf8: $0) }) ?? Self(utf8: Array(text.utf8)) else {
      return nil
    }
    self = parsed
  }

  /// Parses `1.2.3` from UTF-8 bytes: digits separated by single dots, at most 8 numbers of at most
  /// 9 digits. The text initializer comes here through the string's own buffer, so a version node's
  /// number is read without a copy (`highestNumbered` runs over every node of every file).
  public init?(utf8 bytes: some Collection<UInt8>) {
    var components: [Int] = []
    components.reserveCapacity(4)
    guard Self.forEachComponent(in: bytes, { _, value in components.append(value) }) else { return nil }
    self.components = components
  }

  public init(components: [Int]) { self.components = components }

  /// Reads `1.2.3` from UTF-8 bytes, handing each number to `component` with its position; false when
  /// the bytes are not digits separated by single dots (at most 8 numbers of at most 9 digits). Both
  /// the initializer and `LibcClassifier`'s highest-number scan read numbers with it.
  static func forEachComponent(in bytes: some Collection<UInt8>, _ component: (_ index: Int, _ value: Int) -> Void) -> Bool {
    var index = 0
    var current = 0
    var digits = 0
    for byte in bytes {
      if byte == UInt8(ascii: ".") {
        guard digits > 0, index < 7 else { return false }
        component(index, current)
        index += 1
        current = 0
        digits = 0
      } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
        guard digits < 9 else { return false }
        current = current * 10 + Int(byte - UInt8(ascii: "0"))
        digits += 1
      } else {
        return false
      }
    }
    guard digits > 0 else { return false }
    component(index, current)
    return true
  }

  public static func < (lhs: VersionNumber, rhs: VersionNumber) -> Bool {
    let n = max(lhs.components.count, rhs.components.count)
    for i in 0..<n {
      let a = i < lhs.components.count ? lhs.components[i] : 0
      let b = i < rhs.components.count ? rhs.components[i] : 0
      if a != b { return a < b }
    }
    return false
  }

  public static func == (lhs: VersionNumber, rhs: VersionNumber) -> Bool {
    !(lhs < rhs) && !(rhs < lhs)
  }

  public func hash(into hasher: inout Hasher) {
    var trimmed = components
    while trimmed.last == 0 { trimmed.removeLast() }
    hasher.combine(trimmed)
  }

  public var description: String { Self.text(count: components.count) { components[$0] } }

  /// `1.2.3` for the numbers `component(0 ..< count)`: digits written into a stack buffer and made a
  /// String once (a small String, no allocation, for the 15 bytes of any glibc number). Through an
  /// array of bytes it was 1,500 instructions a number, and `LibcClassifier` writes one for every
  /// file it classifies (0.14 M of the 9.5 M instructions of `deps` of 26 programs).
  static func text(count: Int, _ component: (Int) -> Int) -> String {
    // An Int is at most 20 digits and a sign; one more for the dot.
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(count, 1) * 22) { buffer in
      var at = 0
      for index in 0..<count {
        if index > 0 {
          buffer[at] = UInt8(ascii: ".")
          at += 1
        }
        let value = component(index)
        if value < 0 {
          buffer[at] = UInt8(ascii: "-")
          at += 1
        }
        let start = at
        var rest = value.magnitude
        repeat {
          buffer[at] = UInt8(ascii: "0") + UInt8(rest % 10)
          rest /= 10
          at += 1
        } while rest > 0
        // Swapped by hand: the slice's reverse() was 140 instructions more a number (callgrind).
        var (low, high) = (start, at - 1)
        while low < high {
          buffer.swapAt(low, high)
          low += 1
          high -= 1
        }
      }
      return String(decoding: UnsafeBufferPointer(rebasing: buffer[..<at]), as: UTF8.self)
    }
  }
}

/// A symbol version node's name split into its series and number: `GLIBCXX_3.4.30` is `GLIBCXX` 3.4.30.
///
/// The series is the text before the first `_`, as auditwheel splits it;
/// `GLIBC_PRIVATE` and `GLIBC_ABI_DT_RELR` belong to the GLIBC series but have no number.
public struct VersionNodeName: Sendable, Hashable {
  /// The whole name.
  public var name: String
  /// The text before the first `_` (the whole name when there is none).
  public var series: String
  /// The number after the `_`, when it is a dotted number.
  public var number: VersionNumber?

  public init(_ name: String) {
    self.name = name
    // Split in the name's UTF-8 buffer: slicing the String by its indices (which Swift validates)
    // cost 1,350 instructions a name, run for every version node of every file a scan reads.
    var copy = name
    let split = copy.withUTF8 { bytes -> (String, VersionNumber?)? in
      guard let underscore = bytes.firstIndex(of: UInt8(ascii: "_")) else { return nil }
      return (
        String(decoding: UnsafeBufferPointer(rebasing: bytes[..<underscore]), as: UTF8.self),
        VersionNumber(utf8: UnsafeBufferPointer(rebasing: bytes[(underscore + 1)...]))
      )
    }
    series = split?.0 ?? name
    number = split?.1
  }

  /// Whether the node is a private interface (`GLIBC_PRIVATE`, `*_PRIVATE`) that no other build promises to keep.
  public var isPrivate: Bool { name.hasSuffix("_PRIVATE") || name == "PRIVATE" }
}
