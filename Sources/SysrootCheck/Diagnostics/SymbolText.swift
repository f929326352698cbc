/// Keeps demangled C++ names readable in one line: the full name stays in the evidence.
enum SymbolText {
  /// At most `limit` characters: template arguments folded to `<...>` first, then cut with `...`.
  static func short(_ name: String, limit: Int = 80) -> String {
    guard name.count > limit else { return name }
    var folded = ""
    var depth = 0
    for character in name {
      if character == "<" {
        if depth == 0 { folded += "<...>" }
        depth += 1
      } else if character == ">" {
        depth = max(0, depth - 1)
      } else if depth == 0 {
        folded.append(character)
      }
    }
    return folded.count > limit ? String(folded.prefix(limit - 3)) + "..." : folded
  }
}
