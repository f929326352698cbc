import ArgumentParser

/// Runs the plainest invocations (`inspect` and `scan` with paths and the report options) without
/// building ArgumentParser's command tree.
///
/// Why: callgrind shows 76% of the 25 M instructions of `abidoctor inspect /usr/bin/ls` in
/// `parseAsRoot`, most of it the Swift runtime's protocol-conformance lookups, each a scan of the
/// binary's 5,782 conformance records; hooks and scripts that call abidoctor once per file pay it every
/// time. This parser accepts a strict subset of what ArgumentParser accepts and gives up (returns nil)
/// on anything else, so help, errors and every other command keep ArgumentParser's behaviour. A test
/// runs the same argument lists through both and compares the output and exit status.
enum FastPath {
  /// The parsed command, or nil to let ArgumentParser parse it.
  enum Command: Equatable {
    case inspect(paths: [String], symbols: Bool, report: ReportSettings)
    case scan(paths: [String], report: ReportSettings)
  }

  /// Set (to anything) to turn the fast path off, e.g. to compare it with ArgumentParser's.
  static let disablingVariable = "ABIDOCTOR_NO_FAST_PATH"

  static func parse(_ arguments: [String]) -> Command? {
    guard let name = arguments.first, name == "inspect" || name == "scan" else { return nil }
    var paths: [String] = []
    var report = ReportSettings()
    var symbols = false
    var rest = arguments.dropFirst()[...]
    while let argument = rest.popFirst() {
      if !argument.hasPrefix("-") {
        paths.append(argument)
        continue
      }
      var option = argument
      var inlineValue: String?
      if let equals = argument.firstIndex(of: "="), argument.hasPrefix("--") {
        option = String(argument[..<equals])
        inlineValue = String(argument[argument.index(after: equals)...])
      }
      func value() -> String? {
        if let inlineValue { return inlineValue }
        guard let next = rest.popFirst(), !next.hasPrefix("-") else { return nil }
        return next
      }
      switch option {
      case "--format":
        guard let text = value(), let format = ReportFormat(rawValue: text) else { return nil }
        report.format = format
      case "--output":
        guard let path = value(), !path.isEmpty else { return nil }
        report.output = path
      case "--jobs":
        guard let text = value(), let jobs = Int(text), jobs >= 1 else { return nil }
        report.jobs = jobs
      case "--strict" where inlineValue == nil:
        report.strict = true
      case "--symbols" where inlineValue == nil && name == "inspect":
        symbols = true
      default:
        return nil
      }
    }
    guard !paths.isEmpty else { return nil }
    return name == "inspect" ? .inspect(paths: paths, symbols: symbols, report: report) : .scan(paths: paths, report: report)
  }

  /// Runs `command`; errors (including the exit status of failing findings) go to ArgumentParser's exit.
  static func run(_ command: Command) throws {
    switch command {
    case .inspect(let paths, let symbols, let report): try Inspect.execute(paths: paths, symbols: symbols, report: report)
    case .scan(let paths, let report): try Scan.execute(paths: paths, report: report)
    }
  }
}

