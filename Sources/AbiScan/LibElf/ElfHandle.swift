import CLibElf

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// One open ELF file: a file descriptor (or an in-memory copy) and its libelf descriptor.
///
/// A handle belongs to one task: libelf descriptors are not safe to share
/// across threads, so the reader opens one per file and closes it when done.
/// Everything here is internal; no C pointer leaves AbiScan.
final class ElfHandle {
  let elf: OpaquePointer
  private let fileDescriptor: Int32
  /// The bytes libelf reads, for a handle over memory: kept alive as long as the handle.
  private let memory: MemberBytes?
  /// The file (or buffer) size in bytes.
  let size: UInt64

  private init(elf: OpaquePointer, fileDescriptor: Int32, memory: MemberBytes?, size: UInt64) {
    self.elf = elf
    self.fileDescriptor = fileDescriptor
    self.memory = memory
    self.size = size
  }

  deinit {
    elf_end(elf)
    if fileDescriptor >= 0 { close(fileDescriptor) }
  }

  /// The smallest file that can hold an ELF identification and a 32-bit header.
  static let minimumHeaderSize: UInt64 = 52

  /// Opens `path` for reading without following it into anything but a regular file.
  ///
  /// The magic is checked with a 16-byte `pread` before libelf maps the file,
  /// so a folder full of non-ELF files costs one small read each.
  static func open(path: String, displayPath: String) throws(ElfReadError) -> ElfHandle {
    guard LibElf.isReady else {
      throw ElfReadError(code: .unreadable, path: displayPath, what: "libelf could not be initialised")
    }
    // O_NONBLOCK: opening a FIFO that raced into place must not block the run.
    let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)
    guard fd >= 0 else {
      let err = errno
      throw ElfReadError(
        code: .unreadable, path: displayPath, what: "cannot open: \(String(cString: strerror(err)))",
        errno: err)
    }
    var info = stat()
    guard fstat(fd, &info) == 0 else {
      let err = errno
      close(fd)
      throw ElfReadError(
        code: .unreadable, path: displayPath, what: "cannot stat: \(String(cString: strerror(err)))",
        errno: err)
    }
    guard (info.st_mode & S_IFMT) == S_IFREG else {
      close(fd)
      throw ElfReadError(
        code: .unreadable, path: displayPath,
        what: "is \(FileKind(mode: info.st_mode).phrase), not a regular file; not read")
    }
    let size = UInt64(max(0, info.st_size))
    do throws(ElfReadError) {
      try checkMagic(fd: fd, size: size, displayPath: displayPath)
      guard let elf = elf_begin(fd, ELF_C_READ_MMAP, nil) else {
        throw ElfReadError(
          code: .malformed, path: displayPath, what: "libelf cannot open the file",
          libelfMessage: LibElf.lastErrorMessage())
      }
      return try validated(ElfHandle(elf: elf, fileDescriptor: fd, memory: nil, size: size), displayPath)
    } catch {
      close(fd)
      throw error
    }
  }

  /// Wraps a copy of `bytes`, for fuzzing and tests that build files in memory.
  static func open(bytes: [UInt8], displayPath: String) throws(ElfReadError) -> ElfHandle {
    try open(member: MemberBytes(bytes), displayPath: displayPath)
  }

  /// Wraps bytes read into memory (an archive member), without copying them.
  static func open(member: MemberBytes, displayPath: String) throws(ElfReadError) -> ElfHandle {
    guard LibElf.isReady else {
      throw ElfReadError(code: .unreadable, path: displayPath, what: "libelf could not be initialised")
    }
    try checkIdentification(member.prefix(16), size: UInt64(member.count), displayPath: displayPath)
    guard let start = member.start,
      let elf = elf_memory(start.assumingMemoryBound(to: CChar.self), member.count)
    else {
      throw ElfReadError(
        code: .malformed, path: displayPath, what: "libelf cannot open the bytes",
        libelfMessage: LibElf.lastErrorMessage())
    }
    return try validated(
      ElfHandle(elf: elf, fileDescriptor: -1, memory: member, size: UInt64(member.count)), displayPath)
  }

  private static func checkMagic(fd: Int32, size: UInt64, displayPath: String) throws(ElfReadError) {
    var ident = [UInt8](repeating: 0, count: 16)
    if size > 0 {
      let got = ident.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 16, 0) }
      if got < 0 {
        let err = errno
        throw ElfReadError(
          code: .unreadable, path: displayPath, what: "cannot read: \(String(cString: strerror(err)))",
          errno: err)
      }
      ident = Array(ident.prefix(got))
    }
    try checkIdentification(ident, size: size, displayPath: displayPath)
  }

  /// The rules both entry points share, from the first (up to 16) bytes and the size: empty or
  /// without the magic is not ELF; the magic in a file too short for a header is malformed.
  private static func checkIdentification(_ ident: [UInt8], size: UInt64, displayPath: String) throws(ElfReadError) {
    if size == 0 {
      throw ElfReadError(code: .notElf, path: displayPath, what: "file is empty (0 bytes), not ELF")
    }
    guard ident.count >= 4, ident[0] == 0x7f, ident[1] == 0x45, ident[2] == 0x4c, ident[3] == 0x46 else {
      throw ElfReadError(code: .notElf, path: displayPath, what: "no ELF magic (\\x7fELF) at offset 0")
    }
    guard size >= minimumHeaderSize else {
      throw ElfReadError(
        code: .malformed, path: displayPath,
        what: "file is \(size) bytes, truncated inside the ELF header", offset: size)
    }
  }

  /// libelf accepts any bytes; an ELF magic whose class or data byte is invalid is malformed, not "not ELF".
  private static func validated(_ handle: ElfHandle, _ displayPath: String) throws(ElfReadError) -> ElfHandle {
    guard elf_kind(handle.elf) == ELF_K_ELF else {
      throw ElfReadError(
        code: .malformed, path: displayPath,
        what: "ELF magic present but EI_CLASS or EI_DATA is invalid", offset: 4,
        libelfMessage: LibElf.lastErrorMessage())
    }
    return handle
  }

  /// The whole file as bytes, mapped by libelf (no copy).
  var rawFile: UnsafeRawBufferPointer? {
    var length = 0
    guard let base = elf_rawfile(elf, &length), length > 0 else { return nil }
    return UnsafeRawBufferPointer(start: UnsafeRawPointer(base), count: length)
  }
}

/// The kind of a non-regular file, for messages ("is a named pipe (FIFO)").
struct FileKind {
  let mode: mode_t

  var phrase: String {
    switch mode & S_IFMT {
    case S_IFDIR: return "a folder"
    case S_IFIFO: return "a named pipe (FIFO)"
    case S_IFSOCK: return "a socket"
    case S_IFCHR: return "a character device"
    case S_IFBLK: return "a block device"
    case S_IFLNK: return "a symbolic link"
    default: return "a special file"
    }
  }
}
