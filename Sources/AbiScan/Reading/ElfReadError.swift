/// Why an ELF file, or part of it, could not be read.
///
/// It names the file, what was wrong, and where, so that a report on a
/// hostile or damaged file says exactly which structure lied.
public struct ElfReadError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The kind of failure; `rawValue` is the contract's FILE.error.code and finding code.
  public enum Code: String, Sendable, Hashable {
    /// The file could not be opened or read (permissions, not a regular file, I/O error).
    case unreadable
    /// The file is not an ELF file (no `\x7fELF` magic).
    case notElf = "not-elf"
    /// The file is ELF but a structure in it is inconsistent or points outside the file.
    case malformed = "malformed-elf"
  }

  /// The kind of failure.
  public var code: Code
  /// The path as given or as walked.
  public var path: String
  /// What is wrong, e.g. `SHT_GNU_verneed entry 3: vn_aux points past the section end`.
  public var what: String
  /// The file offset of the record that failed, when known.
  public var offset: UInt64?
  /// libelf's own message (elf_errmsg), read right after the failing call.
  public var libelfMessage: String?
  /// The errno of a failed system call, for `unreadable`.
  public var errno: Int32?
  /// Whether the loader cannot get past this damage: a header it needs, or a segment it maps, is not
  /// in the file (ld.so stops, or the process dies of SIGBUS). Set where the reader finds it.
  public var stopsTheLoader = false
  /// For `not-elf`: the file's first bytes (up to 16), already read, so the reader of another format
  /// (WebAssembly's `\0asm`) decides without opening the file again.
  public var leadingBytes: FileHead? = nil

  public init(
    code: Code, path: String, what: String, offset: UInt64? = nil,
    libelfMessage: String? = nil, errno: Int32? = nil
  ) {
    self.code = code
    self.path = path
    self.what = what
    self.offset = offset
    self.libelfMessage = libelfMessage
    self.errno = errno
  }

  /// A file without the ELF magic, with its first bytes.
  public static func notElf(path: String, leadingBytes: FileHead) -> ElfReadError {
    var error = ElfReadError(code: .notElf, path: path, what: "no ELF magic (\\x7fELF) at offset 0")
    error.leadingBytes = leadingBytes
    return error
  }

  /// The message without the path: `what at offset 0x1f40 (libelf: msg)`.
  public var message: String {
    var text = what
    if let offset { text += " at offset 0x" + String(offset, radix: 16) }
    if let libelfMessage, !libelfMessage.isEmpty { text += " (libelf: \(libelfMessage))" }
    return text
  }

  /// `<path>: <what> at offset 0x1f40 (libelf: <msg>)`.
  public var description: String { "\(path): \(message)" }
}
