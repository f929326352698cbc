import LeanArgumentParser
import SysrootCheck

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Writes a rendered report to standard output or to `--output FILE`.
enum ReportWriter {
  /// `appending`: after the lines an earlier PATH wrote (jsonl).
  static func write(_ text: String, to output: String?, appending: Bool = false) throws {
    try write(Array(text.utf8), to: output, appending: appending)
  }

  /// The same for text already in UTF-8 bytes.
  static func write(_ bytes: [UInt8], to output: String?, appending: Bool = false) throws {
    let fd: Int32
    if let output {
      fd = open(output, O_WRONLY | O_CREAT | (appending ? O_APPEND : O_TRUNC) | O_CLOEXEC, 0o644)
      guard fd >= 0 else {
        let reason = String(cString: strerror(errno))
        StandardError.write("abidoctor: cannot write \(output): \(reason)\n")
        throw ExitCode(ExitStatus.couldNotRun)
      }
    } else {
      fd = 1
    }
    defer { if output != nil { close(fd) } }
    var remaining = bytes[...]
    while !remaining.isEmpty {
      let written = remaining.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
      if written < 0 && errno == EINTR { continue }
      if written <= 0 {
        StandardError.write("abidoctor: write failed: \(String(cString: strerror(errno)))\n")
        throw ExitCode(ExitStatus.couldNotRun)
      }
      remaining = remaining.dropFirst(written)
    }
  }
}
