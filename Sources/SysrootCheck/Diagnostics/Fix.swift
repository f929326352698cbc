/// One concrete suggestion that makes a finding go away: real flags, paths and triples.
public struct Fix: Sendable, Hashable {
  /// What the suggestion changes.
  public enum Kind: String, Sendable, Hashable, CaseIterable {
    case compilerFlag = "compiler-flag"
    case linkerFlag = "linker-flag"
    case toolchain
    case sysroot
    case rebuild
    case package
    case config
  }

  /// What the suggestion changes.
  public var kind: Kind
  /// The suggestion itself.
  public var text: String

  public init(kind: Kind, text: String) {
    self.kind = kind
    self.text = text
  }
}
