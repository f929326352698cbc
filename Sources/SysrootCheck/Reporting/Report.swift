import AbiScan

/// What a command found, in the form every output (text, JSON, SARIF) is rendered from.
public struct Report: Sendable {
  /// What the files were checked against.
  public struct Target: Sendable, Hashable {
    /// `sysroot`, `profile`, `host` or `none`.
    public var kind: String
    /// The profile name, when there is one.
    public var name: String?
    /// The sysroot or host path, when there is one.
    public var path: String?

    public init(kind: String, name: String? = nil, path: String? = nil) {
      self.kind = kind
      self.name = name
      self.path = path
    }

    /// No target: inspect and scan.
    public static let none = Target(kind: "none")
  }

  /// The tool's version, reported in JSON and SARIF.
  public static let toolVersion = "0.1.0"

  /// The command that made the report (`inspect`, `check`, ...).
  public var command: String
  /// The target.
  public var target: Target
  /// Files, sorted by path (then by walked folder).
  public var files: [FileEntry]
  /// Findings, sorted by path, then code.
  public var findings: [Finding]
  /// Whether warnings fail the run.
  public var strict: Bool
  /// The lowest severity that fails the run: `error`, `warning` with `--strict`, or a policy's `failOn`.
  public var failOn: Severity
  /// Findings a policy accepted, with its reason; they do not count towards the exit status.
  public var suppressed: [(finding: Finding, reason: String)] = []

  public init(command: String, target: Target, files: [FileEntry], findings: [Finding], strict: Bool) {
    self.command = command
    self.target = target
    // A walk hands files out nearly in this order already; checking costs one pass, sorting moves
    // every entry (5 M of the 160 M instructions of a scan of /usr/lib/x86_64-linux-gnu).
    let inOrder = { (a: FileEntry, b: FileEntry) -> Bool in
      a.path != b.path ? a.path < b.path : (a.root ?? "") < (b.root ?? "")
    }
    let sorted = files.indices.dropFirst().allSatisfy { !inOrder(files[$0], files[$0 - 1]) }
    self.files = sorted ? files : files.sorted(by: inOrder)
    self.findings = findings.enumerated().sorted { a, b in
      (a.element.path, a.element.code.rawValue, a.offset) < (b.element.path, b.element.code.rawValue, b.offset)
    }.map(\.element)
    self.strict = strict
    self.failOn = ExitStatus.failingSeverity(strict: strict)
  }

  /// The process exit status the contract assigns to this report.
  public var exitStatus: Int32 {
    findings.contains { $0.severity >= failOn } ? ExitStatus.findingsFailed : ExitStatus.success
  }

  /// Counts by severity.
  /// How many files were read as ELF (counted in place: a filtered copy retains all each entry holds).
  public var elfFileCount: Int {
    var n = 0
    for file in files where file.image != nil { n += 1 }
    return n
  }

  public func count(_ severity: Severity) -> Int {
    var n = 0
    for finding in findings where finding.severity == severity { n += 1 }
    return n
  }

  /// `compatible` when the exit status is 0, else `incompatible`.
  public var verdict: String { exitStatus == 0 ? "compatible" : "incompatible" }

  /// The contract's `summary` object.
  public var summaryJSON: JSONValue {
    .object([
      ("files", .int(files.count)),
      ("elfFiles", .int(elfFileCount)),
      ("errors", .int(count(.error))),
      ("warnings", .int(count(.warning))),
      ("notes", .int(count(.note))),
      ("verdict", .string(verdict)),
    ])
  }

  /// The contract's JSON report; `extra` members (abidoctor's additions, such as `trees`) go last.
  public func json(includeSymbols: Bool = false, extra: [(String, JSONValue)] = []) -> JSONValue {
    .object([
      ("schemaVersion", .int(1)),
      ("tool", .object([("name", .string("abidoctor")), ("version", .string(Self.toolVersion))])),
      ("command", .string(command)),
      ("target", .object([("kind", .string(target.kind)), ("name", .optional(target.name)), ("path", .optional(target.path))])),
      ("files", .array(files.map { $0.json(includeSymbols: includeSymbols) })),
      ("findings", .array(findings.map(\.json))),
      ("summary", summaryJSON),
      ("suppressed", .array(suppressed.map { item in
        .object([("code", .string(item.finding.code.rawValue)), ("path", .string(item.finding.path)),
                 ("message", .string(item.finding.message)), ("reason", .string(item.reason))])
      })),
    ] + extra)
  }
}

extension Report {
  /// One report from the reports of several targets over the same files: the files once, every
  /// finding, the targets named together (the first one's kind).
  public static func merging(_ reports: [Report]) -> Report {
    guard let first = reports.first else {
      return Report(command: "check", target: .none, files: [], findings: [], strict: false)
    }
    guard reports.count > 1 else { return first }
    let names = reports.compactMap { $0.target.name ?? $0.target.path }
    return Report(
      command: first.command, target: Target(kind: first.target.kind, name: names.joined(separator: ","), path: first.target.path),
      files: first.files, findings: reports.flatMap(\.findings), strict: first.strict)
  }
}

extension Report {
  /// The report without files that are not ELF: for hooks that name every staged file, where a
  /// README or a PNG is not a mistake. Files that are ELF but broken stay.
  public func passingOverNonElf() -> Report {
    var out = self
    out.files = files.filter { $0.error?.code != .notElf }
    out.findings = findings.filter { $0.code != .notElf }
    return out
  }
}
