/// How much a finding matters; `error` fails a run, `warning` fails it with `--strict`.
public enum Severity: String, Sendable, Hashable, CaseIterable, Comparable {
  /// Worth knowing; never fails a run.
  case note
  /// Likely to bite; fails the run with `--strict`.
  case warning
  /// The file will not load or run as intended.
  case error

  private var rank: Int {
    switch self {
    case .note: return 0
    case .warning: return 1
    case .error: return 2
    }
  }

  public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}
