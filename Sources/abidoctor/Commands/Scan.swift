import AbiScan
import LeanArgumentParser
import SysrootCheck

/// `abidoctor scan DIR...`: a fast inventory of every ELF file under the folders.
struct Scan: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Inventory every ELF file under the folders: architecture, libc, highest versions needed, interpreter.",
    discussion: """
      Reads headers, program headers, the dynamic section, version sections and notes, never symbol tables \
      (FILE.symbols is null). Files that are not ELF are passed over after reading their first bytes.
      """)

  @Argument(help: "Folders (or files) to scan.", completion: .directory)
  var paths: [String]

  @OptionGroup var report: ReportOptions

  func validate() throws {
    if paths.isEmpty { throw ValidationError("give at least one folder to scan") }
  }

  func run() throws { try Self.execute(paths: paths, report: report.settings) }

  /// The command itself, however its arguments were parsed.
  static func execute(paths: [String], report: ReportSettings) throws {
    try report.perPath(paths) { paths, report in try executeOne(paths: paths, report: report) }
  }

  static func executeOne(paths: [String], report: ReportSettings) throws {
    let progress = ProgressLine(label: "abidoctor scan")
    let inventory = Inventory(
      paths: paths, width: report.width, strict: report.strict,
      progress: { progress.fileRead() })
    progress.finish()
    // Freed by the exit, not object by object (see ProcessLifetime): tearing down the inventory of
    // 1,000 files was 3.9 M of a scan's 78 M instructions, on one thread after the output.
    defer { report.leaveToExit(inventory) }
    try report.emit(
      inventory.report, json: { inventory.report.json(extra: inventory.json) }, text: { TextRenderer.scan(inventory) })
  }
}
