import CLibElf

/// The process-wide libelf state: the library must be told its ELF version once before any `elf_begin`.
enum LibElf {
  /// Runs `elf_version(EV_CURRENT)` once, lazily and thread-safely (a global `let` runs under swift_once).
  static let isReady: Bool = elf_version(UInt32(EV_CURRENT)) != UInt32(EV_NONE)

  /// Forgets this thread's last libelf error. Called before each file is opened: an error a lookup
  /// left behind in the previous file on this thread (a worker reads many) must not be reported as
  /// the reason this one failed, which made a message depend on which thread read which file.
  static func clearError() { _ = elf_errno() }

  /// libelf's message for its last error on this thread (elfutils keeps the error number per thread).
  static func lastErrorMessage() -> String? {
    let code = elf_errno()
    guard code != 0, let text = elf_errmsg(code) else { return nil }
    return String(cString: text)
  }
}
