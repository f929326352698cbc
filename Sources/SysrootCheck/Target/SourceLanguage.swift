import AbiScan

/// The language and toolchain a file was built with, as far as its own bytes tell: fixes differ
/// for a Go program (cgo or not), a Rust program (its standard library calls what it calls) and C or C++.
public enum SourceLanguage: Sendable {
  /// Go, with its build information.
  case go(GoFacts)
  /// Rust: its standard library's symbols or panic machinery are in the file.
  case rust
  /// C++: it needs libstdc++.
  case cxx
  /// Anything else: C, or not known.
  case c

  public static func of(_ image: ElfImage) -> SourceLanguage {
    if let go = image.go, go.version != nil || !go.packageHashes.isEmpty || go.hasBuildInfo { return .go(go) }
    if image.comments.contains(where: { $0.hasPrefix("rustc version") }) { return .rust }
    let names = image.symbols ?? []
    if names.contains(where: { $0.name == "rust_eh_personality" || $0.name.hasPrefix("_ZN3std") && $0.name.containsBytes("17h") || $0.name.hasPrefix("__rust_") || $0.name.hasPrefix("_RNv") }) {
      return .rust
    }
    if image.dynamic?.needed.contains("libstdc++.so.6") == true { return .cxx }
    return .c
  }
}
