import AbiScan
#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

extension Policy {
  /// `report` with the policy's severities, suppressions and failing severity applied. Suppressed
  /// findings move to `report.suppressed` with their reason, so reports still show what was accepted.
  public func apply(to report: Report) -> Report {
    var out = report
    var kept: [Finding] = []
    var suppressed: [(finding: Finding, reason: String)] = []
    // A path glob may be written from the folder that was walked (dist/lib/*.so) or within it (lib/*.so).
    var locations: [String: String] = [:]
    for file in report.files where file.root != nil { locations[file.path] = file.locationPath }
    for var finding in report.findings {
      if let severity = severities[finding.code] { finding.severity = severity }
      let alsoKnownAs = locations[finding.path]
      if let rule = suppressions.first(where: { $0.matches(finding, location: alsoKnownAs) }) {
        suppressed.append((finding, rule.reason))
      } else {
        kept.append(finding)
      }
    }
    out.findings = kept
    out.suppressed = report.suppressed + suppressed
    out.failOn = min(failOn, report.failOn)
    return out
  }
}

extension Policy.Suppression {
  /// Whether every condition given matches `finding`.
  public func matches(_ finding: Finding, location: String? = nil) -> Bool {
    if let code, code != finding.code { return false }
    if let path, !Self.glob(path, matches: finding.path) && !(location.map { Self.glob(path, matches: $0) } ?? false) {
      return false
    }
    if let symbol, !finding.symbols.contains(where: { Self.glob(symbol, matches: $0, pathAware: false) }) { return false }
    return true
  }

  /// fnmatch(3): with `pathAware`, `*` stops at `/` and `**/` matches any number of folders.
  static func glob(_ pattern: String, matches text: String, pathAware: Bool = true) -> Bool {
    if pathAware, pattern.containsBytes("**") {
      // `a/**/b` also matches `a/b`; `**` alone crosses folders.
      let loose = pattern.replacingBytes("**/", with: "*").replacingBytes("**", with: "*")
      if fnmatch(loose, text, 0) == 0 { return true }
      return fnmatch(pattern.replacingBytes("**/", with: ""), text, FNM_PATHNAME) == 0
    }
    return fnmatch(pattern, text, pathAware ? FNM_PATHNAME : 0) == 0
  }
}
