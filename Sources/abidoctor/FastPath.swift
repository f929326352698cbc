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

  /// Whether `command` accepts `option` (its own, or a report option), and whether it takes a value;
  /// nil when it does not accept it.
  ///
  /// Switches and lists, not dictionaries: the first String-keyed dictionary or set a process makes
  /// costs the Swift runtime a scan of every conformance record in the binary for `String: Hashable`
  /// (250,000 instructions, an eighth of a one-file `inspect`, callgrind).
  static func takesValue(_ option: String, command: String) -> Bool? {
    switch option {
    case "--format", "--output", "--jobs": return true
    case "--strict", "--verbose": return false
    default: break
    }
    switch (command, option) {
    case ("inspect", "--symbols"): return false
    case ("deps", "--sysroot"), ("deps", "--library-path"), ("deps", "--hwcaps"), ("deps", "--platform"): return true
    case ("check", "--sysroot"), ("check", "--library-path"), ("check", "--hwcaps"), ("check", "--platform"),
      ("check", "--target"), ("check", "--host"), ("check", "--policy"), ("check", "--host-world"), ("check", "--world"),
      ("check", "--call"):
      return true
    case ("check", "--ignore-non-elf"): return false
    default: return nil
    }
  }

  static let commands = ["inspect", "scan", "deps", "check"]

  /// The options given, in order.
  struct Given {
    var values: [(option: String, value: String)] = []
    var flags: [String] = []
    func all(_ option: String) -> [String] { values.filter { $0.option == option }.map(\.value) }
    func last(_ option: String) -> String? { values.last { $0.option == option }?.value }
    func has(_ flag: String) -> Bool { flags.contains(flag) }
  }

  static func parse(_ arguments: [String]) -> Command? {
    guard let name = arguments.first, commands.contains(name) else { return nil }
    var paths: [String] = []
    var given = Given()
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
      guard let takesValue = takesValue(option, command: name) else { return nil }
      if takesValue {
        guard let value = inline ?? rest.popFirst(), !value.isEmpty, !value.hasPrefix("-") else { return nil }
        given.values.append((option, value))
      } else {
        guard inline == nil, !given.has(option) else { return nil }
        given.flags.append(option)
      }
    }
    // Single-valued options given twice: ArgumentParser keeps the last; leave that to it.
    for (option, _) in given.values where option != "--library-path" && option != "--target" && given.all(option).count > 1 {
      return nil
    }
    guard !paths.isEmpty, let report = reportSettings(given) else { return nil }
    switch name {
    case "inspect": return .inspect(paths: paths, symbols: given.has("--symbols"), report: report)
    case "scan": return .scan(paths: paths, report: report)
    case "deps": return .deps(paths: paths, target: sysroot(given), report: report)
    default:
      let request = CheckRequest(
        paths: paths, target: sysroot(given), targets: given.all("--target"), host: given.last("--host"),
        policy: given.last("--policy"), ignoreNonElf: given.has("--ignore-non-elf"), report: report,
        hostWorld: given.last("--host-world").flatMap { path in given.last("--world").map { WorldChoice(path: path, name: $0) } },
        call: given.last("--call"))
      // The same conditions as Check.validate(): when it would refuse, ArgumentParser says so.
      if !request.targets.isEmpty && (request.target.sysroot != nil || request.host != nil) { return nil }
      if request.targets.contains(where: { $0.lowercased() == "auto" }) && request.targets.count > 1 { return nil }
      if (given.last("--host-world") == nil) != (given.last("--world") == nil) { return nil }
      if request.hostWorld != nil && (request.host != nil || !request.targets.isEmpty || request.target.sysroot != nil) { return nil }
      return .check(request)
    }
  }

  static func reportSettings(_ given: Given) -> ReportSettings? {
    var report = ReportSettings()
    if let text = given.last("--format") {
      guard let format = ReportFormat(rawValue: text) else { return nil }
      report.format = format
    }
    report.output = given.last("--output")
    if let text = given.last("--jobs") {
      guard let jobs = Int(text), jobs >= 1, String(jobs) == text else { return nil }
      report.jobs = jobs
    }
    report.strict = given.has("--strict")
    report.verbose = given.has("--verbose")
    return report
  }

  static func sysroot(_ given: Given) -> SysrootSettings {
    SysrootSettings(sysroot: given.last("--sysroot"), libraryPath: given.all("--library-path"), hwcaps: given.last("--hwcaps"),
      platform: given.last("--platform"))
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
