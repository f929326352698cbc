/// A project's rules for `abidoctor check`, kept in its repository as `abidoctor.yml`: what to check
/// against, how much each kind of finding matters, which findings are accepted and why, and what fails
/// the run.
public struct Policy: Sendable, Hashable {
  /// What the files are checked against when the command line names nothing.
  public enum Target: Sendable, Hashable {
    /// A built-in profile (or `auto`).
    case profile(String)
    /// A root file system on disk.
    case sysroot(String)
  }

  /// A finding the project accepts: every given condition must match, and the reason is required.
  public struct Suppression: Sendable, Hashable {
    /// The finding code, or nil for any.
    public var code: FindingCode?
    /// A shell glob matched against the finding's path (`*` does not cross `/`; `**` does), or nil for any.
    public var path: String?
    /// A shell glob matched against the symbols the finding names, or nil for any.
    public var symbol: String?
    /// Why the finding is accepted; shown in reports.
    public var reason: String
    /// The line of the policy file it came from.
    public var line: Int

    public init(code: FindingCode?, path: String?, symbol: String?, reason: String, line: Int) {
      self.code = code
      self.path = path
      self.symbol = symbol
      self.reason = reason
      self.line = line
    }
  }

  /// Targets, in the file's order.
  public var targets: [Target] = []
  /// Severity per code, replacing the default.
  public var severities: [FindingCode: Severity] = [:]
  /// Accepted findings.
  public var suppressions: [Suppression] = []
  /// The lowest severity that fails the run (`error` by default; `warning` is `--strict`).
  public var failOn: Severity = .error
  /// The sandbox rules for WebAssembly plugins (`wasm:`), when the policy has them.
  public var wasm: WasmPolicy?
  /// The file it was read from.
  public var path: String

  public init(path: String) { self.path = path }
}
