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
///
/// A file is opened in libelf's read mode (`ELF_C_READ`), not mmap mode: libelf then reads the
/// header tables and each section it is asked for with `pread`, and the scanner reads the few
/// other ranges it needs (a segment, a string table found by address) with `bytes(at:count:)`.
/// Measured on `deps` of 26 programs (perf, 8 runs): with the whole file mapped, `munmap` (a TLB
/// shoot-down on every core once the workers run) and the page faults of the mapped bytes were 22%
/// of the run.
final class ElfHandle {
  let elf: OpaquePointer
  private let fileDescriptor: Int32
  /// The bytes libelf reads, for a handle over memory: kept alive as long as the handle.
  private let memory: MemberBytes?
  /// The file (or buffer) size in bytes.
  let size: UInt64
  /// Ranges read with `bytes(at:count:)`, freed with the handle (views into them must not outlive it).
  private var readBuffers: [UnsafeMutableRawBufferPointer] = []
  /// For a small file read whole (libelf then reads it from memory): its bytes, one of `readBuffers`.
  private var wholeFile: UnsafeRawBufferPointer? = nil

  /// Files up to this size are read with one `pread` and handed to libelf from memory: 2,170 of the
  /// 3,258 ELF files of this machine's /usr, where libelf's own reads of the header tables and of each
  /// section were a dozen system calls a file.
  static let wholeFileLimit: UInt64 = 64 << 10

  private init(elf: OpaquePointer, fileDescriptor: Int32, memory: MemberBytes?, size: UInt64) {
    self.elf = elf
    self.fileDescriptor = fileDescriptor
    self.memory = memory
    self.size = size
  }

  deinit {
    elf_end(elf)
    if fileDescriptor >= 0 { close(fileDescriptor) }
    for buffer in readBuffers { buffer.deallocate() }
  }

  /// The smallest file that can hold an ELF identification and a 32-bit header.
  static let minimumHeaderSize: UInt64 = 52

  /// Opens `path` for reading without following it into anything but a regular file.
  ///
  /// The magic is checked with a 16-byte `pread` before libelf reads the header, so a folder full
  /// of non-ELF files costs one open, one small read and one close each: `isRegularFile` (the walk
  /// saw a regular file) spares the `fstat` of a file whose first bytes are not ELF, and those bytes
  /// travel in the `not-elf` error (or, from `openIfElf`, in `.other`) for the reader of the next
  /// format to look at.
  static func open(path: String, displayPath: String, isRegularFile: Bool = false) throws(ElfReadError) -> ElfHandle {
    switch try openIfElf(path: path, in: nil, displayPath: displayPath, isRegularFile: isRegularFile) {
    case .elf(let handle): return handle
    case .other(let head): throw ElfReadError.notElf(path: displayPath, leadingBytes: head)
    }
  }

  /// What `open` found: an ELF file, or (only for a file the walk saw is regular) first bytes
  /// without the magic, reported without making an error or the display path.
  enum Opening {
    case elf(ElfHandle)
    case other(FileHead)
  }

  /// Opens `path` (relative to the folder descriptor `base`, when given); `displayPath` is evaluated
  /// only when something is to be reported or read.
  static func openIfElf(
    path: String, in base: Int32?, displayPath: @autoclosure () -> String, isRegularFile: Bool
  ) throws(ElfReadError) -> Opening {
    guard LibElf.isReady else {
      throw ElfReadError(code: .unreadable, path: displayPath(), what: "libelf could not be initialised")
    }
    // O_NONBLOCK: opening a FIFO that raced into place must not block the run.
    let flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK
    // Through withCString: passing the String itself made a NUL-terminated copy of it (an allocation
    // per walked file); a native string's own bytes are already terminated.
    let fd = path.withCString { openat(base ?? AT_FDCWD, $0, flags) }
    guard fd >= 0 else {
      let err = errno
      throw ElfReadError(
        code: .unreadable, path: displayPath(), what: "cannot open: \(String(cString: strerror(err)))",
        errno: err)
    }
    do throws(ElfReadError) {
      var ident = FileHead([])
      var readError: Int32 = 0
      /// The first (up to) 16 bytes into `ident`, held inline (every file a walk meets comes here,
      /// most of them not ELF); a failed read's errno into `readError`.
      func readIdentification() {
        ident = withUnsafeTemporaryAllocation(byteCount: FileHead.capacity, alignment: 8) { buffer in
          let got = pread(fd, buffer.baseAddress, FileHead.capacity, 0)
          if got < 0 { readError = errno }
          return FileHead(raw: UnsafeRawBufferPointer(rebasing: buffer.prefix(max(0, got))))
        }
      }
      if isRegularFile {
        // A regular file can be read before it is stat'ed; anything else is stat'ed first.
        readIdentification()
        if ident.count >= 4 && !hasMagic(ident) {
          close(fd)
          return .other(ident)
        }
      }
      // Past here the file is named in every outcome (an image, or an error): the name is made once.
      let shown = displayPath()
      var info = stat()
      guard fstat(fd, &info) == 0 else {
        let err = errno
        throw ElfReadError(
          code: .unreadable, path: shown, what: "cannot stat: \(String(cString: strerror(err)))",
          errno: err)
      }
      guard (info.st_mode & S_IFMT) == S_IFREG else {
        throw ElfReadError(
          code: .unreadable, path: shown,
          what: "is \(FileKind(mode: info.st_mode).phrase), not a regular file; not read")
      }
      let size = UInt64(max(0, info.st_size))
      if !isRegularFile && size > 0 { readIdentification() }
      if readError != 0 {
        throw ElfReadError(
          code: .unreadable, path: shown, what: "cannot read: \(String(cString: strerror(readError)))",
          errno: readError)
      }
      try checkIdentification(ident, size: size, displayPath: shown)
      LibElf.clearError()
      if size <= wholeFileLimit, let handle = try readWhole(fd: fd, size: size, displayPath: shown) {
        close(fd)
        return .elf(handle)
      }
      guard let elf = elf_begin(fd, ELF_C_READ, nil) else {
        throw ElfReadError(
          code: .malformed, path: shown, what: "libelf cannot open the file",
          libelfMessage: LibElf.lastErrorMessage())
      }
      return .elf(try validated(ElfHandle(elf: elf, fileDescriptor: fd, memory: nil, size: size), shown))
    } catch {
      close(fd)
      throw error
    }
  }

  /// A handle over the whole of a small file, read into memory; nil when it cannot be read whole (it
  /// shrank since the fstat, or a read failed), for the caller to read it piecewise instead.
  private static func readWhole(fd: Int32, size: UInt64, displayPath: String) throws(ElfReadError) -> ElfHandle? {
    let count = Int(size)
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, 1), alignment: 16)
    guard let base = buffer.baseAddress, PositionalRead.readFully(fd, into: base, count: count, at: 0),
      let elf = elf_memory(base.assumingMemoryBound(to: CChar.self), count)
    else {
      buffer.deallocate()
      return nil
    }
    let handle = ElfHandle(elf: elf, fileDescriptor: -1, memory: nil, size: size)
    handle.readBuffers.append(buffer)
    handle.wholeFile = UnsafeRawBufferPointer(start: base, count: count)
    return try validated(handle, displayPath)
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
    try checkIdentification(FileHead(member.prefix(16)), size: UInt64(member.count), displayPath: displayPath)
    LibElf.clearError()
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

  /// The rules both entry points share, from the first (up to 16) bytes and the size: empty or
  /// without the magic is not ELF; the magic in a file too short for a header is malformed.
  private static func checkIdentification(_ ident: FileHead, size: UInt64, displayPath: String) throws(ElfReadError) {
    if size == 0 {
      throw ElfReadError(code: .notElf, path: displayPath, what: "file is empty (0 bytes), not ELF")
    }
    guard hasMagic(ident) else { throw ElfReadError.notElf(path: displayPath, leadingBytes: ident) }
    guard size >= minimumHeaderSize else {
      throw ElfReadError(
        code: .malformed, path: displayPath,
        what: "file is \(size) bytes, truncated inside the ELF header", offset: size)
    }
  }

  /// Whether `ident` starts with `\x7fELF`.
  private static func hasMagic(_ ident: FileHead) -> Bool {
    ident.count >= 4 && ident[0] == 0x7f && ident[1] == 0x45 && ident[2] == 0x4c && ident[3] == 0x46
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

  /// Whether all of the file is in memory (an archive member, a buffer, or a small file read whole):
  /// then nothing costs a read.
  var isInMemory: Bool { memory != nil || wholeFile != nil }

  /// The file's bytes in `[offset, offset + count)`, or nil when any of them lies outside the file or
  /// cannot be read. A file is read with `pread` into a buffer the handle keeps until it closes; bytes
  /// in memory are a slice, not a copy.
  func bytes(at offset: UInt64, count: Int) -> UnsafeRawBufferPointer? {
    guard count >= 0, let start = Int(exactly: offset), UInt64(count) <= size, offset <= size - UInt64(count) else {
      return nil
    }
    if let memory {
      guard let base = memory.start else { return count == 0 ? UnsafeRawBufferPointer(start: nil, count: 0) : nil }
      return UnsafeRawBufferPointer(start: base + start, count: count)
    }
    if let wholeFile {
      guard let base = wholeFile.baseAddress else { return nil }
      return UnsafeRawBufferPointer(start: base + start, count: count)
    }
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, 1), alignment: 16)
    guard let base = buffer.baseAddress, PositionalRead.readFully(fileDescriptor, into: base, count: count, at: start) else {
      buffer.deallocate()
      return nil
    }
    readBuffers.append(buffer)
    return UnsafeRawBufferPointer(start: buffer.baseAddress, count: count)
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
