import CZlib

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// A ZIP archive (a Python wheel) read in place: the central directory, then each member on demand,
/// inflated into memory. Nothing is written to disk and nothing in it is run.
///
/// Every size and offset comes from the archive and is checked against the file size and
/// `ReadLimits` before it is used, so a damaged or hostile archive (a zip bomb, offsets past the end,
/// a central directory that lies) yields an error that names the member and the offset.
public struct ZipArchive: ~Copyable {
  /// One member, as the central directory describes it.
  public struct Member: Sendable, Hashable {
    /// The path inside the archive.
    public var name: String
    /// 0 stored, 8 deflated.
    public var method: UInt16
    /// General-purpose flags (bit 0: encrypted).
    public var flags: UInt16
    public var compressedSize: UInt64
    public var uncompressedSize: UInt64
    /// Where the member's local header starts.
    public var localHeaderOffset: UInt64

    /// Whether the member is a folder entry.
    public var isFolder: Bool { name.hasSuffix("/") }
  }

  /// The archive's path, as reports name it.
  public let path: String
  /// Every member, in central-directory order.
  public let members: [Member]
  private let fd: Int32
  private let size: UInt64
  private let limits: ReadLimits

  deinit { close(fd) }

  /// Opens the archive at `path` and reads its central directory.
  public init(path: String, limits: ReadLimits = .default) throws(ElfReadError) {
    self.path = path
    self.limits = limits
    let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)
    guard fd >= 0 else {
      throw ElfReadError(code: .unreadable, path: path, what: "cannot open: \(String(cString: strerror(errno)))", errno: errno)
    }
    var info = stat()
    guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
      close(fd)
      throw ElfReadError(code: .unreadable, path: path, what: "not a regular file")
    }
    let size = UInt64(info.st_size)
    do {
      self.members = try Self.centralDirectory(fd: fd, size: size, path: path, limits: limits)
    } catch {
      close(fd)
      throw error
    }
    self.fd = fd
    self.size = size
  }

  /// Whether `bytes` start like a ZIP archive (a local file header).
  public static func looksLikeZip(_ bytes: [UInt8]) -> Bool { bytes.starts(with: [0x50, 0x4b, 0x03, 0x04]) }

  /// The first `count` bytes of a member (enough to tell whether it is ELF) without inflating the rest.
  public func prefix(of member: Member, count: Int) throws(ElfReadError) -> [UInt8] {
    try contents(of: member, stopAfter: count)
  }

  /// The member's bytes, inflated; at most `limits.maxFileSize`.
  public func contents(of member: Member) throws(ElfReadError) -> [UInt8] {
    try contents(of: member, stopAfter: nil)
  }

  private func contents(of member: Member, stopAfter: Int?) throws(ElfReadError) -> [UInt8] {
    let memberPath = "\(path)!/\(member.name)"
    func malformed(_ what: String, _ offset: UInt64?) -> ElfReadError {
      ElfReadError(code: .unreadable, path: memberPath, what: what, offset: offset)
    }
    guard member.flags & 1 == 0 else { throw malformed("the member is encrypted", member.localHeaderOffset) }
    guard member.uncompressedSize <= limits.maxArchiveMemberSize else {
      throw malformed("the member says it is \(member.uncompressedSize) bytes, above the \(limits.maxArchiveMemberSize)-byte limit", member.localHeaderOffset)
    }
    let header = try Self.pread(fd: fd, at: member.localHeaderOffset, count: 30, size: size, path: memberPath)
    guard Self.u32(header, 0) == 0x0403_4b50 else { throw malformed("no local file header signature", member.localHeaderOffset) }
    let dataStart = member.localHeaderOffset + 30 + UInt64(Self.u16(header, 26)) + UInt64(Self.u16(header, 28))
    guard dataStart <= size, member.compressedSize <= size - dataStart else {
      throw malformed("the member's data runs past the end of the archive (\(size) bytes)", dataStart)
    }
    switch member.method {
    case 0:
      let count = stopAfter.map { min(UInt64($0), member.compressedSize) } ?? member.compressedSize
      return try Self.pread(fd: fd, at: dataStart, count: Int(count), size: size, path: memberPath)
    case 8:
      // Read the compressed bytes in slices and inflate as they come: a prefix needs only the first slice.
      var stream = z_stream()
      guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
        throw malformed("zlib could not start", dataStart)
      }
      defer { inflateEnd(&stream) }
      // A full read leaves room for one byte more than the directory promises, so data that inflates
      // past its declared size (a zip bomb's trick) is caught instead of silently cut.
      let cap = Int(stopAfter.map { UInt64($0) } ?? member.uncompressedSize + 1)
      // The declared size is a claim: the buffer starts at 1 MiB at most and doubles as data arrives,
      // so a directory that promises 2 GiB costs only what really inflates.
      var output = [UInt8](repeating: 0, count: max(1, min(cap, 1 << 20)))
      var produced = 0
      var consumed: UInt64 = 0
      let slice = 1 << 16
      var input: [UInt8] = []
      var given = 0  // bytes of `input` zlib has taken
      while produced < cap {
        if given == input.count {
          guard consumed < member.compressedSize else { break }
          let take = Int(min(UInt64(slice), member.compressedSize - consumed))
          input = try Self.pread(fd: fd, at: dataStart + consumed, count: take, size: size, path: memberPath)
          consumed += UInt64(take)
          given = 0
        }
        if produced == output.count {
          output.append(contentsOf: repeatElement(0, count: min(output.count, cap - output.count)))
        }
        let room = min(output.count, cap) - produced
        let (status, took, made): (Int32, Int, Int) = input.withUnsafeMutableBufferPointer { inBuffer in
          output.withUnsafeMutableBufferPointer { outBuffer in
            stream.next_in = inBuffer.baseAddress.map { $0 + given }
            stream.avail_in = UInt32(inBuffer.count - given)
            stream.next_out = outBuffer.baseAddress.map { $0 + produced }
            stream.avail_out = UInt32(room)
            let inBefore = stream.avail_in, outBefore = stream.avail_out
            let result = inflate(&stream, Z_NO_FLUSH)
            return (result, Int(inBefore - stream.avail_in), Int(outBefore - stream.avail_out))
          }
        }
        given += took
        produced += made
        if status == Z_STREAM_END { break }
        guard status == Z_OK || status == Z_BUF_ERROR else {
          throw malformed("the deflated data is damaged (zlib: \(stream.msg.map { String(cString: $0) } ?? "error \(status)"))", dataStart + consumed)
        }
        // No progress with all input given: the stream is truncated.
        if took == 0 && made == 0 && given == input.count && consumed >= member.compressedSize { break }
      }
      if stopAfter == nil && produced != Int(member.uncompressedSize) {
        let amount = produced > Int(member.uncompressedSize) ? "more than \(member.uncompressedSize) bytes" : "\(produced) bytes"
        throw malformed("inflates to \(amount), but the directory says \(member.uncompressedSize)", dataStart)
      }
      return Array(output.prefix(produced))
    default:
      throw malformed("compression method \(member.method) is not supported (wheels use 0 or 8)", member.localHeaderOffset)
    }
  }

  // MARK: the central directory

  static func centralDirectory(fd: Int32, size: UInt64, path: String, limits: ReadLimits) throws(ElfReadError) -> [Member] {
    func bad(_ what: String, _ offset: UInt64?) -> ElfReadError { ElfReadError(code: .unreadable, path: path, what: what, offset: offset) }
    // The end-of-central-directory record is in the last 22 + 65535 bytes (its comment may be that long).
    let tailSize = Int(min(size, 22 + 65535))
    guard tailSize >= 22 else { throw bad("too short to be a ZIP archive (\(size) bytes)", nil) }
    let tailStart = size - UInt64(tailSize)
    let tail = try pread(fd: fd, at: tailStart, count: tailSize, size: size, path: path)
    guard let eocd = stride(from: tail.count - 22, through: 0, by: -1).first(where: { u32(tail, $0) == 0x0605_4b50 }) else {
      throw bad("no end-of-central-directory record: not a ZIP archive, or truncated", nil)
    }
    let count = Int(u16(tail, eocd + 10))
    let directorySize = UInt64(u32(tail, eocd + 12))
    let directoryOffset = UInt64(u32(tail, eocd + 16))
    if count == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
      throw bad("a ZIP64 archive (over 4 GiB or 65,535 members), which abidoctor does not read", tailStart + UInt64(eocd))
    }
    guard directoryOffset <= size, directorySize <= size - directoryOffset else {
      throw bad("the central directory (\(directorySize) bytes at 0x\(String(directoryOffset, radix: 16))) runs past the end of the file", tailStart + UInt64(eocd))
    }
    guard count <= limits.maxArchiveMembers else { throw bad("\(count) members, above the limit of \(limits.maxArchiveMembers)", nil) }
    let directory = try pread(fd: fd, at: directoryOffset, count: Int(directorySize), size: size, path: path)
    var members: [Member] = []
    var at = 0
    for index in 0..<count {
      guard at + 46 <= directory.count, u32(directory, at) == 0x0201_4b50 else {
        throw bad("central directory entry \(index) is damaged", directoryOffset + UInt64(at))
      }
      let nameLength = Int(u16(directory, at + 28))
      let extraLength = Int(u16(directory, at + 30))
      let commentLength = Int(u16(directory, at + 32))
      let end = at + 46 + nameLength + extraLength + commentLength
      guard end <= directory.count else { throw bad("central directory entry \(index) runs past the directory", directoryOffset + UInt64(at)) }
      let name = String(decoding: directory[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
      members.append(
        Member(
          name: name, method: u16(directory, at + 10), flags: u16(directory, at + 8),
          compressedSize: UInt64(u32(directory, at + 20)), uncompressedSize: UInt64(u32(directory, at + 24)),
          localHeaderOffset: UInt64(u32(directory, at + 42))))
      at = end
    }
    return members
  }

  static func pread(fd: Int32, at offset: UInt64, count: Int, size: UInt64, path: String) throws(ElfReadError) -> [UInt8] {
    guard count >= 0, offset <= size, UInt64(count) <= size - offset else {
      throw ElfReadError(code: .unreadable, path: path, what: "a read of \(count) bytes runs past the end of the archive", offset: offset)
    }
    var bytes = [UInt8](repeating: 0, count: count)
    var done = 0
    while done < count {
      let n = bytes.withUnsafeMutableBytes { Glibc.pread(fd, $0.baseAddress! + done, count - done, off_t(offset) + off_t(done)) }
      if n < 0 && errno == EINTR { continue }
      guard n > 0 else {
        throw ElfReadError(code: .unreadable, path: path, what: n == 0 ? "the archive ended early" : "read failed: \(String(cString: strerror(errno)))", offset: offset + UInt64(done), errno: n < 0 ? errno : nil)
      }
      done += n
    }
    return bytes
  }

  static func u16(_ bytes: [UInt8], _ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }
  static func u32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
    UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
  }
}
