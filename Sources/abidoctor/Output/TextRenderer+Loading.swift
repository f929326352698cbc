import AbiScan
import SysrootCheck

extension TextRenderer {
  /// `deps`: each file's tree, then the findings, then the summary.
  static func deps(_ result: DepsResult, verbose: Bool = false) -> UTF8Text {
    var out = UTF8Text(capacity: 1024 * result.trees.count)
    for (entry, tree) in result.trees {
      guard let tree else {
        if let error = entry.error { out.append("\(entry.locationPath): \(error.code.rawValue): \(error.message)\n\n") }
        continue
      }
      tree.renderTree(rootName: entry.locationPath, into: &out)
      out.append("\n")
    }
    var findingLines = ""
    findings(grouped: result.report, verbose: verbose, into: &findingLines)
    out.append(findingLines)
    out.append(summary(result.report))
    out.append("\n")
    return out
  }

  /// `check`: findings grouped per file, most severe first, each with its fixes; then the summary.
  static func check(_ report: Report, verbose: Bool = false) -> String {
    var out = "checked against \(report.target.kind) \(report.target.path ?? report.target.name ?? "")\n\n"
    findings(grouped: report, verbose: verbose, into: &out)
    for file in report.files where !report.findings.contains(where: { $0.path == file.path }) {
      out += "\(file.locationPath): ok\n"
    }
    if report.files.contains(where: { f in !report.findings.contains { $0.path == f.path } }) { out += "\n" }
    if !report.suppressed.isEmpty {
      out += "suppressed by policy:\n"
      for item in report.suppressed {
        out += "  \(item.finding.path): \(item.finding.code.rawValue): \(item.reason)\n"
      }
      out += "\n"
    }
    out += summary(report) + "\n"
    return out
  }

  /// Findings per file, files in report order, errors before warnings before notes. Each fix is
  /// printed once per file (several findings often share one way out), and long lines wrap under
  /// their first word; `verbose` adds every list the evidence holds (all symbols, nodes, packages).
  static func findings(grouped report: Report, verbose: Bool = false, into out: inout String) {
    var paths: [String] = []
    for finding in report.findings where !paths.contains(finding.path) { paths.append(finding.path) }
    for path in paths {
      let location = report.files.first { $0.path == path }?.locationPath ?? path
      out += "\(location)\n"
      // Most severe first; within a severity, in the contract's order (architecture, interpreter, libc,
      // libraries, versions, symbols, paths), which is also the order to fix them in.
      let rank = Dictionary(uniqueKeysWithValues: FindingCode.allCases.enumerated().map { ($1, $0) })
      let list = report.findings.filter { $0.path == path }.sorted {
        ($0.severity, -(rank[$0.code] ?? 0)) > ($1.severity, -(rank[$1.code] ?? 0))
      }
      var printed: Set<Fix> = []
      for finding in list {
        out += wrap("\(finding.severity.rawValue)[\(finding.code.rawValue)] \(finding.message)", indent: 2)
        if verbose { out += evidenceLists(finding) }
        for fix in finding.fixes where printed.insert(fix).inserted {
          out += wrap("fix (\(fix.kind.rawValue)): \(fix.text)", indent: 4)
        }
      }
      out += "\n"
    }
  }
}

extension TextRenderer {
  /// Lines of at most `width` columns: words wrapped, later lines indented four more than the first
  /// (deeper than the fixes under a message). A word longer than a line (a path, a mangled name) stays whole.
  static func wrap(_ text: String, indent: Int, width: Int = 100) -> String {
    let first = String(repeating: " ", count: indent), rest = String(repeating: " ", count: indent + 4)
    var out = "", line = first
    for word in text.split(separator: " ", omittingEmptySubsequences: false) {
      if line.count > rest.count, line.count + 1 + word.count > width {
        out += line + "\n"
        line = rest + word
      } else {
        line += (line == first || line == rest ? "" : " ") + word
      }
    }
    return out + line + "\n"
  }

  /// With --verbose: each list in a finding's evidence, whole, one item per line.
  static func evidenceLists(_ finding: Finding) -> String {
    var out = ""
    if finding.targets.count > 1 {
      out += "    targets:\n" + finding.targets.map { "      \($0)\n" }.joined()
    }
    // The file's side in full; what the target has (its nodes, its promised libraries, the search
    // scope) is in the JSON report.
    for (key, value) in finding.evidence where !["defined", "guaranteed", "searched"].contains(key) {
      guard case .array(let items) = value, items.count > 1 else { continue }
      out += "    \(key):\n"
      for item in items {
        if case .string(let text) = item { out += "      \(text)\n" } else { out += "      \(item.serialized())\n" }
      }
    }
    return out
  }
}

extension DependencyTree {
  /// The tree as `libtree` draws it: each library once, where the loader first met it, with its rule.
  func renderTree(rootName: String, into out: inout UTF8Text) {
    out.append(rootName)
    let root = objects[0].image
    out.append("  [")
    out.append(TargetPlatform(identity: root.identity).summary)
    out.append(", ")
    out.append(flavor.rawValue)
    out.append(" loader]\n")
    if let interpreter {
      out.append("  interpreter ")
      out.append(interpreter.path)
      if let problem = interpreter.problem {
        out.append(": ")
        out.append(problem)
      }
      if let index = interpreter.object, objects[index].realLocation.path != interpreter.path {
        out.append(" (resolves to ")
        out.append(objects[index].realLocation.path)
        out.append(")")
      }
      out.append("\n")
    }
    // Each library is drawn in full where the loader loaded it (its loading parent), elsewhere as already loaded.
    // The needs of each object, grouped once (a counting sort of the resolutions by requester, into one
    // flat array) and read in place: filtering every resolution for every object was 2 M of the 26.6 M
    // instructions of `deps` of 26 programs, an array per object 69,000 of 9.1 M for 22.
    var firstNeed = [Int](repeating: 0, count: objects.count + 1)
    // (By index: a loop over the resolutions themselves copied each one, retains and all.)
    for at in resolutions.indices where objects.indices.contains(resolutions[at].requester) {
      firstNeed[resolutions[at].requester + 1] += 1
    }
    for index in objects.indices { firstNeed[index + 1] += firstNeed[index] }
    var needs = [Int](repeating: 0, count: firstNeed[objects.count])
    var filled = firstNeed
    for at in resolutions.indices where objects.indices.contains(resolutions[at].requester) {
      let requester = resolutions[at].requester
      needs[filled[requester]] = at
      filled[requester] += 1
    }
    // The prefix of the current depth: bytes in one stack buffer, its length passed down (the walk
    // stops at depth 64, and each level adds one 6-byte "│   " at most).
    let bar = Array("│   ".utf8), blank = Array("    ".utf8)
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 66 * bar.count) { prefix in
      func appendPrefix(_ length: Int) {
        out.append(utf8: UnsafeBufferPointer(rebasing: prefix[0..<length]))
      }
      func walk(_ index: Int, depth: Int, prefixLength: Int) {
        let range = firstNeed[index]..<firstNeed[index + 1]
        for position in range {
          let at = needs[position]
          let last = position == range.upperBound - 1
          appendPrefix(prefixLength)
          out.append(last ? "└── " : "├── ")
          out.append(resolutions[at].name)
          // Below this line: the prefix continued.
          let continuation = last ? blank : bar
          var length = prefixLength
          for byte in continuation where length < prefix.count {
            prefix[length] = byte
            length += 1
          }
          if let object = resolutions[at].object {
            let loadedHere = objects[object].loadedBy == index && resolutions[at].rule != .alreadyLoaded
              && !objects[object].isInterpreter
            if loadedHere {
              out.append(" => ")
              out.append(objects[object].location.path)
              out.append(" [")
              out.append(resolutions[at].rule?.rawValue ?? "?")
              out.append("]\n")
            } else {
              out.append(" (already loaded)\n")
            }
            skippedLines(at, length)
            if loadedHere && depth < 64 { walk(object, depth: depth + 1, prefixLength: length) }
          } else {
            out.append(" not found\n")
            skippedLines(at, length)
            if !resolutions[at].tried.isEmpty {
              appendPrefix(length)
              out.append("  tried ")
              for (position, folder) in resolutions[at].tried.enumerated() {
                if position > 0 { out.append(", ") }
                out.append(folder)
              }
              out.append("\n")
            }
          }
        }
      }
      func skippedLines(_ at: Int, _ prefixLength: Int) {
        for skipped in resolutions[at].skipped {
          appendPrefix(prefixLength)
          out.append("  skipped ")
          out.append(skipped.path)
          out.append(": ")
          out.append(skipped.reason)
          out.append("\n")
        }
      }
      walk(0, depth: 0, prefixLength: 0)
    }
  }
}
