// libFuzzer target for the archive layer (libarchive through ArchiveStream): every member header;
// members opened as nested archives streamed out of their outer archive (as image layers and a .deb's
// data.tar are), or read within a limit with the code ranges of an ELF member left out
// (ElfCodeRanges) and handed to the ELF reader without a copy, as wheels and image members are.
// Built by `Fuzz/run.sh SECONDS archive`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  guard let data, size > 0 else { return 0 }
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  var sink = 0
  let reader = ElfReader(parts: .all)
  func walk(_ stream: ArchiveStream, depth: Int) {
    var members = 0
    while members < 256, let entry = try? stream.next() {
      members += 1
      sink &+= entry.name.utf8.count &+ Int(entry.declaredSize & 0xff) &+ (entry.linkTarget?.utf8.count ?? 0)
      if depth < 2 && members % 2 == 1, let inner = try? ArchiveStream(member: stream, name: entry.name) {
        walk(inner, depth: depth + 1)
        continue
      }
      guard let member = try? stream.member(limit: 1 << 20, unread: ElfCodeRanges.unread(head:)) else { continue }
      sink &+= member.count
      if let image = try? reader.read(member: member, displayPath: entry.name) { sink &+= image.problems.count }
    }
  }
  if let stream = try? ArchiveStream(bytes: bytes, name: "fuzz") { walk(stream, depth: 0) }
  return sink == -1 ? 1 : 0
}
