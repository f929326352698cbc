import LeanArgumentParser

/// Runs the common invocations of `inspect`, `scan`, `deps` and `check` without building
/// ArgumentParser's command tree.
///
/// Why: callgrind shows 76% of the 25 M instructions of `abidoctor inspect /usr/bin/ls` in
/// `parseAsRoot`, most of it the Swift runtime's protocol-conformance lookups, each a scan of the
/// binary's 5,782 conformance records; CI gates and hooks that call abidoctor once per file pay it every
/// time. This parser accepts a strict subset of what ArgumentParser accepts (the commands' own options,
/// `--opt value` and `--opt=value`, options anywhere among the paths) and gives up (returns nil) on
/// anything else, including every input ArgumentParser or a command's `validate()` would reject, so
/// help, errors and rare spellings keep ArgumentParser's behaviour. A test runs the same argument lists
/// through both and compares output, errors and exit status.
enum FastPath {
  /// A parsed command, ready to run.
  enum Command: Equatable {
    case inspect(paths: [String], symbols: Bool, report: ReportSettings)
    case scan(paths: [String], report: ReportSettings)
    case deps(paths: [String], target: SysrootSettings, report: ReportSettings)
    case check(CheckRequest)
  }

  /// Set (to anything) to turn the fast path off, e.g. to compare it with ArgumentParser's.
  static let disablingVariable = "ABIDOCTOR_NO_FAST_PATH"

  /// Options each command accepts besides the report options; `true` when the option takes a value.
  static let options: [String: [String: Bool]] = [
    "inspect": ["--symbols": false],
    "scan": [:],
    "deps": ["--sysroot": true, "--library-path": true, "--hwcaps": true, "--platform": true],
    "check": [
      "--sysroot": true, "--library-path": true, "--hwcaps": true, "--platform": true, "--target": true, "--host": true,
      "--policy": true, "--ignore-non-elf": false, "--host-world": true, "--world": true, "--call": true,
    ],
  ]
  static let reportOptions: [String: Bool] = ["--format": true, "--output": true, "--jobs": true, "--strict": false, "--verbose": false]

  static func parse(_ arguments: [String]) -> Command? {
    guard let name = arguments.first, let own = options[name] else { return nil }
    var paths: [String] = []
    var values: [String: [String]] = [:]
    var flags: Set<String> = []
    var rest = arguments.dropFirst()[...]
    while let argument = rest.popFirst() {
      guard argument.hasPrefix("--"), argument.count > 2 else {
        if argument.hasPrefix("-") { return nil }  // -h, -, and other short forms: ArgumentParser's
        paths.append(argument)
        continue
      }
      var option = argument
      var inline: String?
      if let equals = argument.firstIndex(of: "=") {
        option = String(argument[..<equals])
        inline = String(argument[argument.index(after: equals)...])
      }
      guard let takesValue = own[option] ?? reportOptions[option] else { return nil }
      if takesValue {
        guard let value = inline ?? rest.popFirst(), !value.isEmpty, !value.hasPrefix("-") else { return nil }
        values[option, default: []].append(value)
      } else {
        guard inline == nil, !flags.contains(option) else { return nil }
        flags.insert(option)
      }
    }
    // Single-valued options given twice: ArgumentParser keeps the last; leave that to it.
    for (option, list) in values where list.count > 1 && option != "--library-path" && option != "--target" {
      return nil
    }
    guard !paths.isEmpty, let report = reportSettings(values, flags) else { return nil }
    switch name {
    case "inspect": return .inspect(paths: paths, symbols: flags.contains("--symbols"), report: report)
    case "scan": return .scan(paths: paths, report: report)
    case "deps": return .deps(paths: paths, target: sysroot(values), report: report)
    default:
      let request = CheckRequest(
        paths: paths, target: sysroot(values), targets: values["--target"] ?? [], host: values["--host"]?.last,
        policy: values["--policy"]?.last, ignoreNonElf: flags.contains("--ignore-non-elf"), report: report,
        hostWorld: values["--host-world"]?.last.flatMap { path in values["--world"]?.last.map { WorldChoice(path: path, name: $0) } },
        call: values["--call"]?.last)
      // The same conditions as Check.validate(): when it would refuse, ArgumentParser says so.
      if !request.targets.isEmpty && (request.target.sysroot != nil || request.host != nil) { return nil }
      if request.targets.contains(where: { $0.lowercased() == "auto" }) && request.targets.count > 1 { return nil }
      if (values["--host-world"] == nil) != (values["--world"] == nil) { return nil }
      if request.hostWorld != nil && (request.host != nil || !request.targets.isEmpty || request.target.sysroot != nil) { return nil }
      return .check(request)
    }
  }

  static func reportSettings(_ values: [String: [String]], _ flags: Set<String>) -> ReportSettings? {
    var report = ReportSettings()
    if let text = values["--format"]?.last {
      guard let format = ReportFormat(rawValue: text) else { return nil }
      report.format = format
    }
    report.output = values["--output"]?.last
    if let text = values["--jobs"]?.last {
      guard let jobs = Int(text), jobs >= 1, String(jobs) == text else { return nil }
      report.jobs = jobs
    }
    report.strict = flags.contains("--strict")
    report.verbose = flags.contains("--verbose")
    return report
  }

  static func sysroot(_ values: [String: [String]]) -> SysrootSettings {
    SysrootSettings(sysroot: values["--sysroot"]?.last, libraryPath: values["--library-path"] ?? [], hwcaps: values["--hwcaps"]?.last,
      platform: values["--platform"]?.last)
  }

  /// Runs `command`; errors (including the exit status of failing findings) go to ArgumentParser's exit.
  static func run(_ command: Command) throws {
    switch command {
    case .inspect(let paths, let symbols, let report): try Inspect.execute(paths: paths, symbols: symbols, report: report)
    case .scan(let paths, let report): try Scan.execute(paths: paths, report: report)
    case .deps(let paths, let target, let report): try Deps.execute(paths: paths, target: target, report: report)
    case .check(let request): try Check.execute(request)
    }
  }
}
