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
    name: .customLong("target"),
    help: ArgumentHelp(
      "A built-in platform profile to check against (repeatable), e.g. ubuntu-20.04-x86_64, manylinux_2_17_x86_64, alpine-3.20-aarch64; 'auto' names the most compatible ones the files satisfy.",
      valueName: "profile"))
  var targets: [String] = []

  @Option(
    help: "A program that loads the PATHs as plugins (dlopen): check them against its process. --sysroot (default /) holds its libraries.",
    completion: .file())
  var host: String?

  @OptionGroup var report: ReportOptions

  func validate() throws {
    if paths.isEmpty { throw ValidationError("give at least one file or folder to check") }
    if target.sysroot == nil && host == nil && targets.isEmpty {
      throw ValidationError("say what to check against: --target PROFILE (abidoctor profiles lists them), --sysroot DIR (use --sysroot / for this machine) or --host PROGRAM")
    }
    if !targets.isEmpty && (target.sysroot != nil || host != nil) {
      throw ValidationError("--target checks against a built-in profile: give it without --sysroot and --host (run twice to check both)")
    }
    if targets.contains(where: { $0.lowercased() == "auto" }) && targets.count > 1 {
      throw ValidationError("--target auto finds the profiles itself: give it alone")
    }
  }

  func run() throws {
    if !targets.isEmpty { return try runProfiles() }
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

  /// `--target PROFILE...` and `--target auto`.
  func runProfiles() throws {
    let session = ProfileSession(input: InputReader(reader: ElfReader(parts: .all), width: report.jobs ?? availableProcessorCount))
    if targets.count == 1 && targets[0].lowercased() == "auto" {
      let (result, auto) = session.auto(paths: paths, strict: report.strict)
      try report.emit(result, json: { result.json(extra: [("auto", ProfileRenderer.autoJSON(auto))]) }, text: { TextRenderer.auto(result, auto) })
      return
    }
    let profiles: [PlatformProfile]
    do {
      profiles = try session.resolve(targets)
    } catch {
      StandardError.write("abidoctor: \(error)\n")
      throw ExitCode(ExitStatus.couldNotRun)
    }
    let (result, verdicts) = session.check(paths: paths, profiles: profiles, strict: report.strict)
    try report.emit(
      result, json: { result.json(extra: [("targets", .array(verdicts.map(ProfileRenderer.verdictJSON)))]) },
      text: { TextRenderer.check(result, verdicts: verdicts) })
  }
}
