/// The parts of an ELF file that no question abidoctor asks will read: its machine code.
///
/// An archive member is read into memory before libelf sees it; for a large library most of it is
/// `.text`. The program headers (in the first block of any real file) say where the executable
/// segments are. In the layout today's linkers write (`ld -z separate-code`, the default on x86-64
/// since binutils 2.31, and lld's), the first `PT_LOAD` is read-only and holds the headers, the
/// dynamic symbol, string, hash and version tables and the relocations; the executable segment holds
/// only code (`.init`, `.plt`, `.text`, `.fini`). Every fact abidoctor reads lives elsewhere: in the
/// other segments, or past them (`.comment`, `.symtab`, the section headers). So in that layout the
/// code is counted but not kept. A file whose first segment is executable (older layouts, Go's
/// linker) keeps everything: its tables share that segment.
public enum ElfCodeRanges {
  /// The byte ranges of executable `PT_LOAD` segments that no other segment touches, shrunk to whole
  /// 64 KiB blocks and clear of the first block; empty when the headers are not all in `head`.
  public static func unread(head: [UInt8]) -> [Range<Int>] {
    guard head.count >= 52, head.starts(with: [0x7f, 0x45, 0x4c, 0x46]) else { return [] }
    let is64 = head[4] == 2, little = head[5] == 1
    guard head[4] == 1 || is64, head[5] == 1 || head[5] == 2 else { return [] }
    func int(_ offset: Int, _ width: Int) -> Int? {
      guard offset >= 0, offset + width <= head.count else { return nil }
      var value: UInt64 = 0
      for i in 0..<width {
        let byte = UInt64(head[offset + (little ? width - 1 - i : i)])
        value = value << 8 | byte
      }
      return value > UInt64(Int.max / 2) ? nil : Int(value)
    }
    let word = is64 ? 8 : 4
    guard let phoff = int(is64 ? 32 : 28, word), let entsize = int(is64 ? 54 : 42, 2), let count = int(is64 ? 56 : 44, 2),
      entsize >= (is64 ? 56 : 32), count > 0, count < 4096, phoff + entsize * count <= head.count
    else { return [] }
    var code: [Range<Int>] = [], keep: [Range<Int>] = [0..<head.count]
    var first: (offset: Int, executable: Bool)? = nil
    for i in 0..<count {
      let base = phoff + i * entsize
      guard let type = int(base, 4), let flags = int(base + (is64 ? 4 : 24), 4),
        let offset = int(base + (is64 ? 8 : 4), word), let size = int(base + (is64 ? 32 : 16), word),
        offset <= Int.max / 4, size <= Int.max / 4
      else { return [] }
      let range = offset..<(offset + size)
      // PT_LOAD with PF_X is code; every other segment (dynamic, interp, notes, relro, eh-frame, and
      // the other loads) holds something a question may read.
      if type == 1 && flags & 1 != 0 { code.append(range) } else if type != 6 { keep.append(range) }
      if type == 1, first.map({ offset < $0.offset }) ?? true { first = (offset, flags & 1 != 0) }
    }
    guard let first, first.offset == 0, !first.executable else { return [] }
    let block = 1 << 16
    var out: [Range<Int>] = []
    for segment in code {
      var pieces = [segment]
      for kept in keep {
        pieces = pieces.flatMap { piece -> [Range<Int>] in
          guard piece.overlaps(kept) else { return [piece] }
          let below = piece.lowerBound..<max(piece.lowerBound, kept.lowerBound)
          let above = min(kept.upperBound, piece.upperBound)..<piece.upperBound
          return [below, above].filter { !$0.isEmpty }
        }
      }
      for piece in pieces {
        let low = (piece.lowerBound + block - 1) / block * block, high = piece.upperBound / block * block
        if low < high { out.append(low..<high) }
      }
    }
    return out.sorted { $0.lowerBound < $1.lowerBound }
  }
}
