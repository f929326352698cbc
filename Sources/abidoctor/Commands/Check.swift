import AbiScan
import ArgumentParser
import SysrootCheck

/// `abidoctor check PATH... --sysroot DIR`: will these binaries load and run on that system?
struct Check: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Check whether binaries and libraries will load and run on a target system, and say how to fix what will not.",
    discussion: """
      With --sysroot, the target is a root file system on disk (a sysroot, an extracted container image, \
      /usr/<triple>); / checks against this machine. A PATH that is a folder is a deployment bundle: its own \
      libraries count where RPATH, RUNPATH or --library-path point at them. Nothing is ever run.
      """)

  @Argument(help: "ELF files or folders to check.", completion: .file())
  var paths: [String]

  @OptionGroup var target: SysrootOptions

  @Option(
    help: "A program that loads the PATHs as plugins (dlopen): check them against its process. --sysroot (default /) holds its libraries.",
    completion: .file())
  var host: String?

  @OptionGroup var report: ReportOptions

  func validate() throws {
    if paths.isEmpty { throw ValidationError("give at least one file or folder to check") }
    if target.sysroot == nil && host == nil {
      throw ValidationError("say what to check against: --sysroot DIR (use --sysroot / for this machine) or --host PROGRAM")
    }
  }

  func run() throws {
    let result: Report
    if let host {
      let session: HostSession
      do {
        session = try HostSession(
          hostPath: host, sysrootPath: target.sysroot, libraryPath: target.libraryFolders,
          hwcaps: SysrootSession.hwcapsSubfolders(target.hwcaps),
          width: report.jobs ?? availableProcessorCount)
      } catch {
        StandardError.write("abidoctor: \(error)\n")
        throw ExitCode(ExitStatus.couldNotRun)
      }
      result = session.check(paths: paths, strict: report.strict)
    } else {
      result = try SessionFactory.open(target, parts: .all, jobs: report.jobs).check(paths: paths, strict: report.strict)
    }
    try report.emit(result, json: { result.json() }, text: { TextRenderer.check(result) })
  }
}
