import LeanArgumentParser

/// Options that describe the target's file system, shared by `check` and `deps`.
struct SysrootOptions: ParsableArguments {
  @Option(
    help: "The target's root file system: a folder (a sysroot, /usr/<triple>, / for this machine), a root-file-system tarball, or a container image (an OCI layout folder or tar, a docker save archive), read in place.",
    completion: .directory)
  var sysroot: String?

  @Option(
    name: .customLong("library-path"),
    help: "Folders searched like LD_LIBRARY_PATH (repeatable, or ':'-separated). Relative: from here; absolute: inside the sysroot.",
    completion: .directory)
  var libraryPath: [String] = []

  @Option(
    help: "The target CPU's glibc-hwcaps subfolders, best first (x86-64-v3 means v3 then v2; or e.g. power10,power9). Default: a baseline CPU, no subfolders.")
  var hwcaps: String?

  @Option(help: "For an image whose index has several platforms: os/arch[/variant], e.g. linux/arm64.")
  var platform: String?

  /// The parsed values, as a plain value the commands work with.
  var settings: SysrootSettings { SysrootSettings(sysroot: sysroot, libraryPath: libraryPath, hwcaps: hwcaps, platform: platform) }
}

/// The target's file system, once the command line is parsed (by ArgumentParser or by `FastPath`).
struct SysrootSettings: Equatable {
  var sysroot: String?
  var libraryPath: [String] = []
  var hwcaps: String?
  var platform: String?

  /// The `--library-path` entries, split on `:`.
  var libraryFolders: [String] {
    libraryPath.flatMap { $0.split(separator: ":", omittingEmptySubsequences: true).map(String.init) }
  }
}
