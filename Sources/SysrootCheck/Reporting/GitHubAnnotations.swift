import AbiScan
/// GitHub Actions workflow commands (`::error file=...,title=...::message`), one per finding, so a
/// workflow step shows each problem on the file in the pull request.
public enum GitHubAnnotations {
  /// The annotations for `report`, then the one-line summary as a plain line.
  public static func render(_ report: Report, summary: String) -> String {
    var out = ""
    for finding in report.findings {
      let level: String
      switch finding.severity {
      case .error: level = "error"
      case .warning: level = "warning"
      case .note: level = "notice"
      }
      let file = report.files.first { $0.path == finding.path }?.locationPath ?? finding.path
      var message = finding.message
      for fix in finding.fixes { message += "\nfix (\(fix.kind.rawValue)): \(fix.text)" }
      out += "::\(level) file=\(escapeProperty(file)),title=\(escapeProperty("abidoctor " + finding.code.rawValue))::\(escapeData(message))\n"
    }
    return out + summary + "\n"
  }

  /// Workflow-command data escaping: `%`, CR and LF.
  static func escapeData(_ text: String) -> String {
    text.replacingBytes("%", with: "%25").replacingBytes("\r", with: "%0D").replacingBytes("\n", with: "%0A")
  }

  /// Workflow-command property escaping: the data escapes plus `:` and `,`.
  static func escapeProperty(_ text: String) -> String {
    escapeData(text).replacingBytes(":", with: "%3A").replacingBytes(",", with: "%2C")
  }
}
