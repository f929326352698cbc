import ArgumentParser
import SysrootCheck

/// Options shared by every command that reports.
struct ReportOptions: ParsableArguments {
  @Option(help: "Output format: text, json, sarif or github (GitHub Actions annotations).")
  var format: ReportFormat = .text

  @Option(help: "Write the report to this file instead of standard output.", completion: .file())
  var output: String?

  @Flag(help: "Fail (exit 1) on warnings too, not only on errors.")
  var strict = false

  @Option(help: "How many files to read at once (default: the number of CPUs).")
  var jobs: Int?

  func validate() throws {
    if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
  }

  /// Renders `report` in the chosen format, writes it, and exits as the contract says (1 on failing findings).
  /// `json` adds the command's own members to the JSON report; `text` renders it for people.
  func emit(_ report: Report, json: () -> JSONValue, text: () -> String) throws {
    let rendered: String
    switch format {
    case .json: rendered = json().serialized() + "\n"
    case .sarif: rendered = SARIFLog.render(report).serialized() + "\n"
    case .text: rendered = text()
    case .github: rendered = GitHubAnnotations.render(report, summary: TextRenderer.summary(report))
    }
    try ReportWriter.write(rendered, to: output)
    let status = report.exitStatus
    if status != ExitStatus.success { throw ExitCode(status) }
  }
}
