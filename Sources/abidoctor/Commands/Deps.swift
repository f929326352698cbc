import AbiScan
import LeanArgumentParser
import SysrootCheck

/// `abidoctor deps PATH [--sysroot DIR]`: the dependency tree as the target's loader would resolve it.
struct Deps: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Show the dependency tree as the target's dynamic loader would resolve it, with the rule for each hit and each library skipped.",
    discussion: """
      Nothing is run: the loader's search (RPATH, --library-path, RUNPATH, ld.so.cache, ld.so.conf, default \
      folders, or musl's rules) is simulated inside the sysroot, whose symbolic links are resolved without ever \
      leaving it. Exit status 1 when a library is missing or only incompatible candidates exist.
      """)

  @Argument(help: "ELF programs or libraries.", completion: .file())
  var paths: [String]

  @OptionGroup var target: SysrootOptions

  @OptionGroup var report: ReportOptions

  func validate() throws {
    if paths.isEmpty { throw ValidationError("give at least one file") }
  }

  func run() throws { try Self.execute(paths: paths, target: target.settings, report: report.settings) }

  /// The command itself, however its arguments were parsed.
  static func execute(paths: [String], target: SysrootSettings, report: ReportSettings) throws {
    try report.perPath(paths) { paths, report in try executeOne(paths: paths, target: target, report: report) }
  }

  static func executeOne(paths: [String], target: SysrootSettings, report: ReportSettings) throws {
    // The tree needs headers, dynamic sections and versions (for the libc); no symbol tables or notes.
    let session = try SessionFactory.open(target, parts: [.programHeaders, .dynamic, .versions], jobs: report.jobs, paths: paths)
    let result = session.deps(paths: paths, strict: report.strict)
    // Freed by the exit, not object by object (see ProcessLifetime).
    defer { report.leaveToExit((session, result)) }
    try report.emit(
      result.report, json: { result.report.json(extra: result.treesJSON) }, text: { TextRenderer.deps(result, verbose: report.verbose) })
  }
}
