#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif
import SysrootCheck
import LeanArgumentParser

/// Reads a small text file the user names (a policy), refusing anything that is not a regular file.
enum TextFile {
  /// Policies are a few hundred bytes; a megabyte is generous and bounds a mistaken path.
  static let limit = 1 << 20

  /// The file's text, nil when it does not exist; any other failure stops the run (exit 2).
  static func read(_ path: String) throws -> String? {
    var info = stat()
    if stat(path, &info) != 0 {
      if errno == ENOENT { return nil }
      return try fail(path, String(cString: strerror(errno)))
    }
    guard info.st_mode & S_IFMT == S_IFREG else { return try fail(path, "not a regular file") }
    guard info.st_size <= limit else { return try fail(path, "larger than \(limit) bytes") }
    let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)
    guard fd >= 0 else { return try fail(path, String(cString: strerror(errno))) }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while bytes.count <= limit {
      let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
      if n < 0 { return try fail(path, String(cString: strerror(errno))) }
      if n == 0 { break }
      bytes += buffer[0..<n]
    }
    guard let text = String(validating: bytes, as: UTF8.self) else { return try fail(path, "not UTF-8 text") }
    return text
  }

  private static func fail(_ path: String, _ reason: String) throws -> String? {
    StandardError.write("abidoctor: \(path): \(reason)\n")
    throw ExitCode(ExitStatus.couldNotRun)
  }
}
