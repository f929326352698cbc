/// Memory that the byte ranges of one file are read into, handed on to the next file once the image
/// of the first is built.
///
/// Why: a `pread` into freshly allocated memory makes the kernel fault in every page it copies into.
/// With a new buffer per range, `deps` of 26 programs took 74 of its 430 page faults in `pread`
/// (perf record -e page-faults), at 1.5 to 4 µs each on this VM, more than the reads themselves.
/// A few scratch areas, reused file after file, are faulted in once per process.
///
/// An area is taken for the life of one `FileRanges` and given back when it closes; the images built
/// from it copy out what they keep (names become Strings), so nothing points into it afterwards.
final class ReadScratch {
  /// Bytes per area: more than the head, section header table, dynamic section, string table and
  /// version sections of every library of /usr/lib/x86_64-linux-gnu together (libc.so.6: 41 KiB).
  /// A file that needs more reads the rest into buffers of its own.
  static let capacity = 256 << 10

  /// Areas not in use. At most one per reading thread is ever taken at once, so the pool holds no
  /// more areas than the run has threads.
  private static let idle = Locked<[ReadScratch]>([])

  private let base: UnsafeMutableRawPointer
  /// Unchecked: an area is used by the one thread that took it.
  @exclusivity(unchecked) private var used = 0

  private init() {
    base = UnsafeMutableRawPointer.allocate(byteCount: Self.capacity, alignment: 16)
  }

  // No deinit: an area lives until the process ends, in the pool or in use.

  /// An idle area, or a new one when every area is in use.
  static func take() -> ReadScratch {
    idle.withLock { $0.popLast() } ?? ReadScratch()
  }

  /// Gives the area back for the next file; what was placed in it is no longer referenced.
  func giveBack() {
    used = 0
    Self.idle.withLock { $0.append(self) }
  }

  /// `count` bytes of the area, 16-byte aligned, or nil when it has no room left.
  func place(_ count: Int) -> UnsafeMutableRawPointer? {
    let start = (used + 15) & ~15
    guard count <= Self.capacity - start else { return nil }
    used = start + count
    return base + start
  }
}
