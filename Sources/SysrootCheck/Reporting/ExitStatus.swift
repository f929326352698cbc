/// The contract's exit status values (`Report.exitStatus` decides between them).
public enum ExitStatus {
  /// The check ran and nothing reached the failing severity.
  public static let success: Int32 = 0
  /// The check ran and at least one finding reached the failing severity.
  public static let findingsFailed: Int32 = 1
  /// The check could not run (bad arguments, missing sysroot, profile, host or policy, no input).
  public static let couldNotRun: Int32 = 2

  /// The lowest severity that fails a run: `error`, or `warning` with `--strict`.
  public static func failingSeverity(strict: Bool) -> Severity { strict ? .warning : .error }
}
