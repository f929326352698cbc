// libFuzzer target for the wheel (ZIP) reader: the central directory, every member's prefix and
// contents, and the ELF reader on members that inflate to ELF. Built by `Fuzz/run.sh SECONDS zip`.
#if canImport(Glibc)
  import Glibc
#endif

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  guard let data, size > 0 else { return 0 }
  // The reader works on a file (pread); one in /dev/shm, rewritten per input, keeps the disk out of it.
  let path = "/dev/shm/abidoctor-fuzz-zip-\(getpid())"
  let fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0o600)
  guard fd >= 0 else { return 0 }
  defer { close(fd) }
  var written = 0
  while written < size {
    let n = write(fd, data + written, size - written)
    if n <= 0 { return 0 }
    written += n
  }
  var limits = ReadLimits.default
  limits.maxArchiveMemberSize = 1 << 24
  guard let archive = try? ZipArchive(path: path, limits: limits) else { return 0 }
  var sink = 0
  for member in archive.members.prefix(64) {
    sink &+= member.name.utf8.count &+ (member.isFolder ? 1 : 0)
    if let head = try? archive.prefix(of: member, count: 4) { sink &+= head.count }
    if let bytes = try? archive.contents(of: member) {
      sink &+= bytes.count
      if let image = try? ElfReader(parts: .profile).read(bytes: bytes, displayPath: member.name) {
        sink &+= image.problems.count &+ image.identity.summary.count
      }
    }
  }
  if sink == Int.min { print(sink) }
  return 0
}
