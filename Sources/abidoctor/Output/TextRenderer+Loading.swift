import AbiScan
import SysrootCheck

extension TextRenderer {
  /// `deps`: each file's tree, then the findings, then the summary.
  static func deps(_ result: DepsResult, verbose: Bool = false) -> String {
    var out = ""
    for (entry, tree) in result.trees {
      guard let tree else {
        if let error = entry.error { out += "\(entry.locationPath): \(error.code.rawValue): \(error.message)\n\n" }
        continue
      }
      out += tree.renderTree(rootName: entry.locationPath)
      out += "\n"
    }
    findings(grouped: result.report, verbose: verbose, into: &out)
    out += summary(result.report) + "\n"
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
  func renderTree(rootName: String) -> String {
    // Into UTF-8 bytes, made a String once: appending to a growing String cost 250 instructions a
    // piece (its capacity and encoding checked every time), 1.3 M of `deps` of 26 programs.
    var out: [UInt8] = []
    out.reserveCapacity(256 * objects.count)
    func append(_ text: String) { out.append(contentsOf: text.utf8) }
    append(rootName)
    let root = objects[0].image
    append("  [\(TargetPlatform(identity: root.identity).summary), \(flavor.rawValue) loader]\n")
    if let interpreter {
      append("  interpreter \(interpreter.path)")
      if let problem = interpreter.problem { append(": \(problem)") }
      if let index = interpreter.object, objects[index].realLocation.path != interpreter.path {
        append(" (resolves to \(objects[index].realLocation.path))")
      }
      append("\n")
    }
    // Each library is drawn in full where the loader loaded it (its loading parent), elsewhere as already loaded.
    // The needs of each object are grouped once and read in place, and lines are appended piece by piece:
    // filtering every resolution for every object, and copying them, was 2 M of the 26.6 M instructions
    // of `deps` of 26 programs.
    var children = [[Int]](repeating: [], count: objects.count)
    for (at, resolution) in resolutions.enumerated() where children.indices.contains(resolution.requester) {
      children[resolution.requester].append(at)
    }
    func skippedLines(_ resolution: NeededResolution, _ continuation: String) {
      for skipped in resolution.skipped {
        append(continuation)
        append("  skipped ")
        append(skipped.path)
        append(": ")
        append(skipped.reason)
        append("\n")
      }
    }
    func walk(_ index: Int, prefix: String, depth: Int) {
      let needs = children[index]
      for (position, at) in needs.enumerated() {
        let last = position == needs.count - 1
        let continuation = prefix + (last ? "    " : "│   ")
        append(prefix)
        append(last ? "└── " : "├── ")
        append(resolutions[at].name)
        if let object = resolutions[at].object {
          let loadedHere = objects[object].loadedBy == index && resolutions[at].rule != .alreadyLoaded
            && !objects[object].isInterpreter
          if loadedHere {
            append(" => ")
            append(objects[object].location.path)
            append(" [")
            append(resolutions[at].rule?.rawValue ?? "?")
            append("]\n")
          } else {
            append(" (already loaded)\n")
          }
          skippedLines(resolutions[at], continuation)
          if loadedHere && depth < 64 { walk(object, prefix: continuation, depth: depth + 1) }
        } else {
          append(" not found\n")
          skippedLines(resolutions[at], continuation)
          if !resolutions[at].tried.isEmpty {
            append(continuation)
            append("  tried ")
            append(resolutions[at].tried.joined(separator: ", "))
            append("\n")
          }
        }
      }
    }
    walk(0, prefix: "", depth: 0)
    return String(decoding: out, as: UTF8.self)
  }
}
