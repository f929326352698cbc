#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// `pread` until a range is in, retrying interrupted and short reads: the one read loop of the
/// readers (libelf's handle, `DirectReader`) and of the loader's small host files (ld.so.cache).
package enum PositionalRead {
  /// Reads up to `count` bytes at `offset` into `base`; how many were read: `count`, or fewer when
  /// the file ends first (it shrank since its fstat) or a read fails.
  package static func read(_ fd: Int32, into base: UnsafeMutableRawPointer, count: Int, at offset: Int) -> Int {
    var done = 0
    while done < count {
      let got = pread(fd, base + done, count - done, off_t(offset + done))
      if got < 0 && errno == EINTR { continue }
      guard got > 0 else { break }
      done += got
    }
    return done
  }

  /// Reads exactly `count` bytes at `offset`; false when the file ends first or a read fails.
  package static func readFully(_ fd: Int32, into base: UnsafeMutableRawPointer, count: Int, at offset: Int) -> Bool {
    read(fd, into: base, count: count, at: offset) == count
  }
}
