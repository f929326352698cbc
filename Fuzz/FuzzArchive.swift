// libFuzzer target for the archive layer (libarchive through ArchiveStream): every member header,
// member data within a limit, and each member opened again as a nested archive (as image layers and
// a .deb's data.tar are). Built by `Fuzz/run.sh SECONDS archive`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  guard let data, size > 0 else { return 0 }
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  var sink = 0
  func walk(_ bytes: [UInt8], depth: Int) {
    guard let stream = try? ArchiveStream(bytes: bytes, name: "fuzz") else { return }
    var members = 0
    while members < 256, let entry = try? stream.next() {
      members += 1
      sink &+= entry.name.utf8.count &+ Int(entry.declaredSize & 0xff) &+ (entry.linkTarget?.utf8.count ?? 0)
      if let member = try? stream.data(limit: 1 << 20, keep: { _ in true }) {
        sink &+= member.count
        if depth < 2 && !member.isEmpty { walk(member, depth: depth + 1) }
      }
    }
  }
  walk(bytes, depth: 0)
  return sink == -1 ? 1 : 0
}
