import LeanArgumentParser

/// How a report is written.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
  /// For people at a terminal.
  case text
  /// The contract's JSON report.
  case json
  /// JSON Lines: one object per file, written as each PATH is done (for sharded runs).
  case jsonl
  /// SARIF 2.1.0, for code-scanning dashboards.
  case sarif
  /// GitHub Actions annotations (workflow commands), one per finding.
  case github
}
