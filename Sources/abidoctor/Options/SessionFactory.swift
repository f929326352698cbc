import AbiScan
import LeanArgumentParser
import SysrootCheck

/// Opens the sysroot named by the options; a sysroot that does not exist is exit status 2 (the check could not run).
enum SessionFactory {
  /// `paths` are the files to check: a multi-platform image with no --platform takes theirs.
  static func open(_ options: SysrootSettings, parts: ReadParts, jobs: Int?, paths: [String] = []) throws -> SysrootSession {
    do {
      return try SysrootSession(
        sysrootPath: options.sysroot, libraryPath: options.libraryFolders,
        hwcaps: SysrootSession.hwcapsSubfolders(options.hwcaps), platform: options.platform, platformOf: paths, reader: ElfReader(parts: parts),
        width: jobs ?? availableProcessorCount)
    } catch {
      StandardError.write("abidoctor: \(error)\n")
      throw ExitCode(ExitStatus.couldNotRun)
    }
  }
}
