import AbiScan
import LeanArgumentParser
import SysrootCheck

/// Options shared by every command that reports, as the command line spells them.
struct ReportOptions: ParsableArguments {
  @Option(help: "Output format: text, json, jsonl (one object per file, streamed per PATH), sarif or github (GitHub Actions annotations).")
  var format: ReportFormat = .text

  @Option(help: "Write the report to this file instead of standard output.", completion: .file())
  var output: String?

  @Flag(help: "Fail (exit 1) on warnings too, not only on errors.")
  var strict = false

  @Option(help: "How many files to read at once (default: the number of CPUs).")
  var jobs: Int?

  @Flag(help: "Text: show every symbol, node and package behind each finding, not the first few.")
  var verbose = false

  func validate() throws {
    if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
  }

  /// The parsed values, as a plain value the commands work with.
  var settings: ReportSettings { ReportSettings(format: format, output: output, strict: strict, jobs: jobs, verbose: verbose) }

  var strictValue: Bool { strict }
}

/// How a command reports, once the command line is parsed (by ArgumentParser or by `FastPath`).
struct ReportSettings: Equatable {
  var format: ReportFormat = .text
  var output: String?
  var strict = false
  var jobs: Int?
  var verbose = false
  /// jsonl: the PATHs this report covers, and whether earlier PATHs' lines are already written (append).
  var linePaths: [String] = []
  var appending = false
  /// Whether this is the command's last report before the process exits (false for all but the last
  /// PATH of a jsonl run that writes one PATH at a time): what it built may then be left to the exit.
  var endsTheRun = true

  /// Leaves `value` (what the command built) to be freed by the exit, when this report ends the run
  /// (see ProcessLifetime); otherwise it is freed as usual, before the next PATH's run.
  func leaveToExit<Value>(_ value: Value) {
    if endsTheRun { ProcessLifetime.keep(value) }
  }

  /// How many files to read at once.
  var width: Int { jobs ?? availableProcessorCount }

  /// Renders `report` in the chosen format, writes it, and exits as the contract says (1 on failing findings).
  /// `json` adds the command's own members to the JSON report; `text` renders it for people.
  func emit(_ report: Report, json: () -> JSONValue, text: () -> String, includeSymbols: Bool = false) throws {
    try emit(report, json: json, text: { () -> UTF8Text in
      var bytes = UTF8Text()
      bytes.append(text())
      return bytes
    }, includeSymbols: includeSymbols)
  }

  /// The same, for a text rendering built as bytes (`deps`' trees).
  func emit(_ report: Report, json: () -> JSONValue, text: () -> UTF8Text, includeSymbols: Bool = false) throws {
    var rendered = UTF8Text()
    switch format {
    case .json: rendered.append(json().serialized() + "\n")
    case .jsonl: rendered.append(JSONLines.render(report, paths: linePaths, includeSymbols: includeSymbols))
    case .sarif: rendered.append(SARIFLog.render(report).serialized() + "\n")
    case .text: rendered = text()
    case .github: rendered.append(GitHubAnnotations.render(report, summary: TextRenderer.summary(report)))
    }
    try ReportWriter.write(rendered.bytes, to: output, appending: appending)
    let status = report.exitStatus
    if status != ExitStatus.success { throw ExitCode(status) }
  }
}

extension ReportOptions {
  /// See `ReportSettings.emit`.
  func emit(_ report: Report, json: () -> JSONValue, text: () -> String) throws {
    try settings.emit(report, json: json, text: text)
  }
}

extension ReportSettings {
  /// Runs `command` once per PATH when the format is jsonl (each PATH's lines are written as soon as it
  /// is done, so a run over 500 images streams), else once over all of them. The exit status is the
  /// worst of the runs: 2 (could not run) over 1 (findings failed) over 0.
  func perPath(_ paths: [String], _ command: ([String], ReportSettings) throws -> Void) throws {
    guard format == .jsonl, paths.count > 1 else {
      var settings = self
      settings.linePaths = paths
      return try command(paths, settings)
    }
    var worst = ExitStatus.success
    for (index, path) in paths.enumerated() {
      var settings = self
      settings.linePaths = [path]
      settings.appending = appending || index > 0
      settings.endsTheRun = index == paths.count - 1
      do {
        try command([path], settings)
      } catch let exit as ExitCode {
        worst = max(worst, exit.rawValue)
      }
    }
    if worst != ExitStatus.success { throw ExitCode(worst) }
  }
}
