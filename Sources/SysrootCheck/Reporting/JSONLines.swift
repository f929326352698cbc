/// `--format jsonl`: a report as JSON Lines, one object per line, so that runs over many images or
/// packages can be sharded and merged by any job runner (concatenate the outputs; `kind` tells the
/// lines apart). Every line names the command and the target, so a line stands alone:
///
/// - `{"kind":"file", ..., "file": FILE, "findings": [FINDING...]}` for each file, with the findings
///   about it;
/// - `{"kind":"findings", ..., "findings": [...]}` for the findings about no file read (a package's
///   declared floor, an archive member refused), when there are any;
/// - `{"kind":"summary", ..., "paths": [...], "summary": {...}}` last: the contract's summary of
///   these paths.
///
/// The commands write one report's lines per PATH as each PATH is done (see the CLI), not at the end.
public enum JSONLines {
  public static func render(_ report: Report, paths: [String], includeSymbols: Bool = false) -> String {
    let head: [(String, JSONValue)] = [
      ("command", .string(report.command)),
      ("target", .object([("kind", .string(report.target.kind)), ("name", .optional(report.target.name)), ("path", .optional(report.target.path))])),
    ]
    var byPath: [String: [Finding]] = [:]
    for finding in report.findings { byPath[finding.path, default: []].append(finding) }
    var lines: [String] = []
    for file in report.files {
      var findings = byPath.removeValue(forKey: file.locationPath) ?? []
      if file.locationPath != file.path { findings += byPath.removeValue(forKey: file.path) ?? [] }
      lines.append(
        JSONValue.object([("kind", .string("file"))] + head + [
          ("file", file.json(includeSymbols: includeSymbols)), ("findings", .array(findings.map(\.json))),
        ]).serialized(pretty: false))
    }
    let rest = report.findings.filter { byPath[$0.path] != nil }
    if !rest.isEmpty {
      lines.append(JSONValue.object([("kind", .string("findings"))] + head + [("findings", .array(rest.map(\.json)))]).serialized(pretty: false))
    }
    lines.append(
      JSONValue.object([("kind", .string("summary"))] + head + [("paths", .array(paths.map { .string($0) })), ("summary", report.summaryJSON)]).serialized(pretty: false))
    return lines.joined(separator: "\n") + "\n"
  }
}
