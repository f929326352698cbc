/// SARIF 2.1.0 rendering of a report: one run, one rule per finding code.
public enum SARIFLog {
  /// The SARIF log for `report`.
  public static func render(_ report: Report) -> JSONValue {
    let codes = FindingCode.allCases
    let rules: [JSONValue] = codes.map { code in
      .object([
        ("id", .string(code.rawValue)),
        ("shortDescription", .object([("text", .string(code.summary))])),
        ("defaultConfiguration", .object([("level", .string(code.defaultSeverity.rawValue))])),
      ])
    }
    let all = report.findings.map { ($0, nil as String?) } + report.suppressed.map { ($0.finding, Optional($0.reason)) }
    let results: [JSONValue] = all.map { finding, reason in
      var members: [(String, JSONValue)] = [
        ("ruleId", .string(finding.code.rawValue)),
        ("ruleIndex", .int(codes.firstIndex(of: finding.code) ?? 0)),
        ("level", .string(finding.severity.rawValue)),
        ("message", .object([("text", .string(finding.message))])),
        ("locations", .array([
          .object([("physicalLocation", .object([("artifactLocation", .object([("uri", .string(uri(finding.path)))]))]))])
        ])),
      ]
      // SARIF's own `fixes` must carry file edits (artifactChanges); abidoctor's fixes are advice, so
      // they travel in the result's property bag, beside the evidence.
      var properties: [(String, JSONValue)] = []
      if !finding.evidence.isEmpty {
        properties.append(("evidence", .object(finding.evidence.map { ($0.key, $0.value) })))
      }
      if !finding.fixes.isEmpty {
        properties.append(("fixes", .array(finding.fixes.map { .object([("kind", .string($0.kind.rawValue)), ("text", .string($0.text))]) })))
      }
      if !properties.isEmpty { members.append(("properties", .object(properties))) }
      // A finding the project's policy accepts stays in the log, marked as suppressed with the reason.
      if let reason {
        members.append(("suppressions", .array([.object([("kind", .string("external")), ("justification", .string(reason))])])))
      }
      return .object(members)
    }
    return .object([
      ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
      ("version", .string("2.1.0")),
      ("runs", .array([
        .object([
          ("tool", .object([("driver", .object([
            ("name", .string("abidoctor")),
            ("version", .string(Report.toolVersion)),
            ("rules", .array(rules)),
          ]))])),
          ("results", .array(results)),
        ])
      ])),
    ])
  }

  /// A relative URI reference for a path: percent-encodes what RFC 3986 does not allow unescaped.
  static func uri(_ path: String) -> String {
    var out = ""
    for byte in path.utf8 {
      let c = Character(Unicode.Scalar(byte))
      if byte < 0x80 && (c.isLetter || c.isNumber || "-._~/!$&'()*+,;=:@".contains(c)) {
        out.append(c)
      } else {
        let hex = String(byte, radix: 16, uppercase: true)
        out += "%" + (hex.count == 1 ? "0" : "") + hex
      }
    }
    return out
  }
}
