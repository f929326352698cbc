import CLibElf

/// The process-wide libelf state: the library must be told its ELF version once before any `elf_begin`.
enum LibElf {
  /// Runs `elf_version(EV_CURRENT)` once, lazily and thread-safely (a global `let` runs under swift_once).
  static let isReady: Bool = elf_version(UInt32(EV_CURRENT)) != UInt32(EV_NONE)

  /// libelf's message for its last error on this thread (elfutils keeps the error number per thread).
  static func lastErrorMessage() -> String? {
    let code = elf_errno()
    guard code != 0, let text = elf_errmsg(code) else { return nil }
    return String(cString: text)
  }
}
