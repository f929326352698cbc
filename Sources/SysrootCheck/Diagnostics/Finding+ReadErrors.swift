import AbiScan

extension Finding {
  /// The finding for a file that could not be read or parsed (`unreadable`, `not-elf`, `malformed-elf`).
  public static func readError(_ error: ElfReadError) -> Finding {
    var evidence: [(key: String, value: JSONValue)] = [("what", .string(error.what))]
    if let offset = error.offset { evidence.append(("offset", .string("0x" + String(offset, radix: 16)))) }
    if let libelf = error.libelfMessage { evidence.append(("libelf", .string(libelf))) }
    if let errno = error.errno { evidence.append(("errno", .int(Int(errno)))) }
    let code: FindingCode
    var fixes: [Fix] = []
    switch error.code {
    case .unreadable:
      code = .unreadable
      if error.errno == 13 {
        fixes.append(Fix(kind: .config, text: "grant read access, e.g. chmod a+r '\(error.path)', or run as a user who can read it"))
      }
    case .notElf:
      code = .notElf
      fixes.append(Fix(kind: .config, text: "pass only ELF binaries and libraries, or the folder that holds them (non-ELF files inside folders are passed over)"))
    case .malformed:
      code = .malformedElf
      fixes.append(Fix(kind: .rebuild, text: "rebuild or re-download the file; compare it with `readelf -W -a '\(error.path)'` to see the damaged structure"))
    }
    return Finding(code: code, path: error.path, message: error.description, evidence: evidence, fixes: fixes)
  }
}
