/// One problem found in one file, with the facts behind it and how to fix it.
public struct Finding: Sendable, Hashable {
  /// What kind of problem.
  public var code: FindingCode
  /// How much it matters (the code's default unless a policy changed it).
  public var severity: Severity
  /// The file, as FILE.path names it.
  public var path: String
  /// One sentence for people, naming the file and the facts.
  public var message: String
  /// Facts that back the message, in a stable order.
  public var evidence: [(key: String, value: JSONValue)]
  /// Concrete suggestions.
  public var fixes: [Fix]
  /// The profile the finding is about, in a check against several; nil against one sysroot or host.
  /// Typed, so verdicts per target are counted without reading evidence back; JSON shows it as
  /// `evidence.target`.
  public var target: String?

  public init(
    code: FindingCode, severity: Severity? = nil, path: String, message: String,
    evidence: [(key: String, value: JSONValue)] = [], fixes: [Fix] = []
  ) {
    self.code = code
    self.severity = severity ?? code.defaultSeverity
    self.path = path
    self.message = message
    self.evidence = evidence
    self.fixes = fixes
  }

  public static func == (lhs: Finding, rhs: Finding) -> Bool {
    lhs.code == rhs.code && lhs.severity == rhs.severity && lhs.path == rhs.path
      && lhs.message == rhs.message && lhs.fixes == rhs.fixes
      && lhs.evidence.map(\.key) == rhs.evidence.map(\.key)
      && lhs.evidence.map(\.value) == rhs.evidence.map(\.value) && lhs.target == rhs.target
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(code)
    hasher.combine(path)
    hasher.combine(message)
  }

  /// The contract's FINDING object.
  public var json: JSONValue {
    .object([
      ("code", .string(code.rawValue)),
      ("severity", .string(severity.rawValue)),
      ("path", .string(path)),
      ("message", .string(message)),
      ("evidence", .object(evidence.map { ($0.key, $0.value) } + (target.map { [("target", JSONValue.string($0))] } ?? []))),
      ("fixes", .array(fixes.map { .object([("kind", .string($0.kind.rawValue)), ("text", .string($0.text))]) })),
    ])
  }
}
