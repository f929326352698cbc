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
  /// The profiles the finding is about, in a check against several (one cause on several targets is
  /// one finding); empty against one sysroot or host. Typed, so verdicts per target are counted
  /// without reading evidence back; JSON shows them as `evidence.target` (the first) and
  /// `evidence.targets` (all, when there are several).
  public var targets: [String] = []

  /// The symbols the finding is about, mangled and demangled (what a policy's `symbol:` matches).
  /// Typed, like `targets`; JSON shows them in the evidence as the code's factory chose.
  public var symbols: [String] = []

  /// What makes this finding one cause with the same finding on other targets, from the problem it
  /// was made of (set by `Advice`); nil where a finding is the target's own.
  var cause: String? = nil
  /// What the target has of what was needed (`GLIBC_2.31`), to name each target when causes merge.
  var targetProvides: String? = nil

  /// The first of `targets`.
  public var target: String? {
    get { targets.first }
    set { targets = newValue.map { [$0] } ?? [] }
  }

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
      && lhs.evidence.map(\.value) == rhs.evidence.map(\.value) && lhs.targets == rhs.targets
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(code)
    hasher.combine(path)
    hasher.combine(message)
  }

  var targetEvidence: [(String, JSONValue)] {
    guard let first = targets.first else { return [] }
    return [("target", .string(first))] + (targets.count > 1 ? [("targets", .strings(targets))] : [])
  }

  /// The contract's FINDING object.
  public var json: JSONValue {
    .object([
      ("code", .string(code.rawValue)),
      ("severity", .string(severity.rawValue)),
      ("path", .string(path)),
      ("message", .string(message)),
      ("evidence", .object(evidence.map { ($0.key, $0.value) } + targetEvidence)),
      ("fixes", .array(fixes.map { .object([("kind", .string($0.kind.rawValue)), ("text", .string($0.text))]) })),
    ])
  }
}
