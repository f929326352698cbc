#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// The folders listed by the target's `/etc/ld.so.conf`, with `include` globs followed inside the sysroot.
///
/// ld.so itself never reads this file: ldconfig does, to build the cache.
/// abidoctor reads it to know what the cache would hold where it is missing
/// or stale.
public struct LdSoConf: Sendable {
  /// The folders, in the order ldconfig would scan them, without duplicates.
  public var folders: [String]
  /// Includes that could not be read or that loop, for the report.
  public var problems: [String]

  /// Nested includes followed before the rest is refused (ldconfig has no limit; real configs nest once).
  public static let maxDepth = 16

  /// Reads `/etc/ld.so.conf` of `sysroot` and everything it includes.
  public init(sysroot: Sysroot, path: String = "/etc/ld.so.conf") {
    folders = []
    problems = []
    var seen = Set<String>()
    read(path, sysroot: sysroot, depth: 0, seen: &seen)
  }

  private mutating func read(_ path: String, sysroot: Sysroot, depth: Int, seen: inout Set<String>) {
    guard depth <= Self.maxDepth else {
      problems.append("\(path): includes nested deeper than \(Self.maxDepth)")
      return
    }
    guard seen.insert(path).inserted else { return }
    guard let bytes = sysroot.read(path, limit: 1 << 20) else {
      if depth > 0 { problems.append("\(path): cannot be read") }
      return
    }
    let text = String(decoding: bytes, as: UTF8.self)
    let folder = path.split(separator: "/").dropLast().joined(separator: "/")
    for rawLine in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
      let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first
        .map { $0.trimmingCharacters(in: " \t") } ?? ""
      if line.isEmpty { continue }
      if line.hasPrefix("include") && line.dropFirst(7).first.map({ $0 == " " || $0 == "\t" }) == true {
        for pattern in line.dropFirst(7).split(whereSeparator: { $0 == " " || $0 == "\t" }) {
          let absolute = pattern.hasPrefix("/") ? String(pattern) : "/" + folder + "/" + pattern
          for match in Self.glob(absolute, sysroot: sysroot) {
            read(match, sysroot: sysroot, depth: depth + 1, seen: &seen)
          }
        }
        continue
      }
      if line.hasPrefix("hwcap ") { continue }
      for entry in line.split(whereSeparator: { " \t:,".contains($0) }) {
        // ldconfig allows "DIR=TYPE"; the type does not change where libraries are.
        let dir = entry.split(separator: "=").first.map(String.init) ?? String(entry)
        if dir.hasPrefix("/") && !folders.contains(dir) { folders.append(dir) }
      }
    }
  }

  /// Expands a glob whose wildcards are in the last component, inside the sysroot, sorted as glob(3) does.
  static func glob(_ pattern: String, sysroot: Sysroot) -> [String] {
    let parts = pattern.split(separator: "/")
    guard let last = parts.last else { return [] }
    let folder = "/" + parts.dropLast().joined(separator: "/")
    if !last.contains(where: { "*?[".contains($0) }) { return [pattern] }
    return sysroot.list(folder).filter { fnmatch(String(last), $0, 0) == 0 && !$0.hasPrefix(".") }
      .map { (folder == "/" ? "" : folder) + "/" + $0 }
  }
}

extension Substring {
  fileprivate func trimmingCharacters(in set: String) -> String {
    var s = self[...]
    while let f = s.first, set.contains(f) { s = s.dropFirst() }
    while let l = s.last, set.contains(l) { s = s.dropLast() }
    return String(s)
  }
}
