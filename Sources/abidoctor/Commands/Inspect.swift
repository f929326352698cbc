import AbiScan
import LeanArgumentParser
import SysrootCheck

/// `abidoctor inspect PATH...`: the ABI profile of each ELF file.
struct Inspect: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Show the ABI profile of each ELF file: identity, interpreter, libc, needs, versions, notes.",
    discussion: """
      Folders are walked recursively; files inside them that are not ELF are passed over, and symbolic \
      links inside them are not followed. A file named explicitly that is not ELF is a `not-elf` finding.
      """)

  @Argument(help: "ELF files or folders to inspect.", completion: .file())
  var paths: [String]

  @Flag(help: "List every dynamic symbol with its binding, type and version.")
  var symbols = false

  @OptionGroup var report: ReportOptions

  func validate() throws {
    if paths.isEmpty { throw ValidationError("give at least one file or folder to inspect") }
  }

  func run() throws { try Self.execute(paths: paths, symbols: symbols, report: report.settings) }

  /// The command itself, however its arguments were parsed.
  static func execute(paths: [String], symbols: Bool, report: ReportSettings) throws {
    try report.perPath(paths) { paths, report in try executeOne(paths: paths, symbols: symbols, report: report) }
  }

  static func executeOne(paths: [String], symbols: Bool, report: ReportSettings) throws {
    // C++ objects' symbol names are read anyway (the std::string ABI comes from them); --symbols reads
    // and prints every file's.
    let parts: ReadParts = symbols ? .all : .profile
    let input = InputReader(reader: ElfReader(parts: parts), width: report.width)
    let (files, findings) = input.read(paths: paths)
    let result = Report(command: "inspect", target: .none, files: files, findings: findings, strict: report.strict)
    // Freed by the exit, not object by object (see ProcessLifetime).
    defer { report.leaveToExit(result) }
    try report.emit(
      result, json: { result.json(includeSymbols: symbols) }, text: { TextRenderer.inspect(result, symbols: symbols) },
      includeSymbols: symbols)
  }
}
