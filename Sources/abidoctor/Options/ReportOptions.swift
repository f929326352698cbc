import ArgumentParser

/// Options shared by every command that reports.
struct ReportOptions: ParsableArguments {
  @Option(help: "Output format: text, json or sarif.")
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
}
