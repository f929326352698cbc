#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

import AbiScan

/// A regular file of this machine read whole, within a limit: never a FIFO or device (O_NONBLOCK,
/// then fstat), never through a final symbolic link (O_NOFOLLOW).
enum HostFile {
  /// Whether `path` is a regular file (after links).
  static func isRegular(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
  }

  /// The first `count` bytes (fewer when the file is shorter) of the regular file at `path`.
  static func head(_ path: String, count: Int) -> [UInt8]? {
    let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
    var bytes = [UInt8](repeating: 0, count: count)
    let got = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, 0) }
    return got > 0 ? Array(bytes.prefix(got)) : []
  }

  /// The bytes of the regular file at `path`, or nil when it is missing, not regular, or over `limit` bytes.
  static func read(_ path: String, limit: Int) -> [UInt8]? {
    let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, Int(info.st_size) <= limit else { return nil }
    // Read straight into the array's storage, which is neither zeroed first nor copied after: the
    // ld.so.cache that `deps` reads this way is 36 KiB, nine pages that each copy would fault in again.
    let size = Int(info.st_size)
    return [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
      initialized = buffer.baseAddress.map { PositionalRead.read(fd, into: $0, count: size, at: 0) } ?? 0
    }
  }
}
