import AbiScan

/// One cause on several targets is one finding: the same file missing the same version node on
/// three releases is said once, naming each target and what it provides, with the fixes of the most
/// demanding target (a build for the oldest glibc loads on the newer ones).
enum TargetMerge {
  /// `findings` (each naming one target, in the order of `order`) with causes shared by several
  /// targets merged.
  static func merge(_ findings: [Finding], order: [String]) -> [Finding] {
    var out: [Finding] = []
    var groups: [String: [Finding]] = [:]
    var keys: [String] = []
    for finding in findings {
      guard let key = key(finding) else {
        out.append(finding)
        continue
      }
      if groups[key] == nil { keys.append(key) }
      groups[key, default: []].append(finding)
    }
    for key in keys {
      guard let group = groups[key] else { continue }
      out.append(group.count == 1 ? group[0] : merged(group))
    }
    return out
  }

  /// What makes two findings one cause: the code, the file, the severity and the file's side of the
  /// problem (`Finding.cause`, set by `Advice`); what each target provides is not part of it.
  static func key(_ finding: Finding) -> String? {
    guard finding.target != nil, let cause = finding.cause else { return nil }
    return "\(finding.code.rawValue)\u{0}\(finding.path)\u{0}\(finding.severity.rawValue)\u{0}\(cause)"
  }

  /// The group as one finding: every target named, what each provides, the fixes of the target that
  /// provides least.
  static func merged(_ group: [Finding]) -> Finding {
    let demanding = group.min { a, b in provided(a) < provided(b) } ?? group[0]
    var finding = demanding
    finding.targets = group.flatMap(\.targets)
    if demanding.code == .versionTooNew, let head = demanding.message.prefixBeforeBytes(" but ") {
      // "... but ubuntu-20.04-x86_64 up to GLIBC_2.31, rhel-8-x86_64 up to GLIBC_2.28"
      let clauses = group.map { "\($0.target ?? "?") up to \($0.targetProvides ?? "?")" }
      finding.message = head + " but " + clauses.joined(separator: ", ")
        + " (a build for \(demanding.target ?? "the oldest") loads on \(group.count == 2 ? "both" : "all \(group.count)"))"
    } else {
      finding.message = demanding.message + " (also on \(group.filter { $0.target != demanding.target }.compactMap(\.target).joined(separator: ", ")))"
    }
    return finding
  }

  /// The version the finding's target provides, for choosing the most demanding one.
  static func provided(_ finding: Finding) -> VersionNumber {
    guard let text = finding.targetProvides, let underscore = text.lastIndex(of: "_"),
      let number = VersionNumber(String(text[text.index(after: underscore)...]))
    else { return VersionNumber(components: []) }
    return number
  }
}
