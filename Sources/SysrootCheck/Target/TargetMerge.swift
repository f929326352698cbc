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

  /// What makes two findings one cause: the code, the file and the facts of the file's side. The
  /// target's own numbers (what it provides) are not part of it.
  static func key(_ finding: Finding) -> String? {
    guard finding.target != nil else { return nil }
    let own: Set<String>
    switch finding.code {
    case .versionTooNew: own = ["library", "needed", "object"]
    case .neededNotGuaranteed: own = ["library"]
    case .isaLevelTooHigh: own = ["needed"]
    case .machineMismatch, .classMismatch, .endianMismatch, .floatABIMismatch, .libcMismatch: own = ["have"]
    default: return nil
    }
    let facts = finding.evidence.filter { own.contains($0.key) }.map { "\($0.key)=\($0.value)" }
    return "\(finding.code.rawValue)\u{0}\(finding.path)\u{0}\(finding.severity.rawValue)\u{0}" + facts.joined(separator: "\u{0}")
  }

  /// The group as one finding: every target named, the message of each kept as a clause, the fixes
  /// of the target that provides least.
  static func merged(_ group: [Finding]) -> Finding {
    let demanding = group.min { a, b in provided(a) < provided(b) } ?? group[0]
    var finding = demanding
    finding.targets = group.flatMap(\.targets)
    switch demanding.code {
    case .versionTooNew:
      // "... but ubuntu-20.04-x86_64's libc.so.6 provides up to GLIBC_2.31, rhel-8-x86_64's up to GLIBC_2.28"
      let clauses = group.map { item -> String in
        let provided = item.evidence.first { $0.key == "provided" }.flatMap { entry -> String? in
          if case .string(let text) = entry.value { return text }
          return nil
        } ?? "none of that series"
        return "\(item.target ?? "?") up to \(provided)"
      }
      if let cut = demanding.message.range(of: " but ") {
        finding.message = demanding.message[..<cut.lowerBound] + " but " + clauses.joined(separator: ", ")
          + " (a build for \(demanding.target ?? "the oldest") loads on \(group.count == 2 ? "both" : "all \(group.count)"))"
      }
    default:
      finding.message = demanding.message + " (also on \(group.filter { $0.target != demanding.target }.compactMap(\.target).joined(separator: ", ")))"
    }
    return finding
  }

  /// The version the finding's target provides, for choosing the most demanding one.
  static func provided(_ finding: Finding) -> VersionNumber {
    guard let entry = finding.evidence.first(where: { $0.key == "provided" }), case .string(let text) = entry.value,
      let underscore = text.lastIndex(of: "_"), let number = VersionNumber(String(text[text.index(after: underscore)...]))
    else { return VersionNumber(components: []) }
    return number
  }
}
