import AbiScan

/// Reads `abidoctor.yml`. Every mistake is an error that names the file and the line, because a
/// policy that silently ignores a misspelt key lets through what it was written to stop.
public enum PolicyParser {
  /// A policy that cannot be used; the check does not run (exit status 2).
  public struct Problem: Error, CustomStringConvertible, Equatable {
    public var path: String
    public var line: Int?
    public var reason: String
    public var description: String { "\(path)\(line.map { ":\($0)" } ?? ""): \(reason)" }
  }

  static let topKeys = ["targets", "severity", "suppress", "failOn", "wasm"]
  static let wasmKeys = ["allowImports", "denyCapabilities", "maxMemoryPages", "requireMemoryMaximum", "forbidFeatures", "requireExports"]
  static let suppressionKeys = ["code", "path", "symbol", "reason"]

  /// Parses `text`, the contents of the file at `path`.
  public static func parse(_ text: String, path: String) throws(Problem) -> Policy {
    let root: YAMLNode?
    do throws(YAMLError) {
      root = try YAMLReader.document(Array(text.utf8))
    } catch {
      throw Problem(path: path, line: error.line, reason: "not valid YAML: \(error.reason)")
    }
    var policy = Policy(path: path)
    guard let root else { return policy }
    guard let mapping = root.mapping else {
      throw Problem(path: path, line: root.line, reason: "the policy must be a mapping with the keys \(topKeys.joined(separator: ", "))")
    }
    func problem(_ node: YAMLNode, _ reason: String) -> Problem { Problem(path: path, line: node.line, reason: reason) }

    for (keyNode, value) in mapping {
      guard let key = keyNode.string else { throw problem(keyNode, "keys must be plain words") }
      switch key {
      case "targets":
        guard let items = value.sequence else { throw problem(value, "targets must be a list of profile names, or of {sysroot: DIR}") }
        for item in items {
          if let name = item.string, !name.isEmpty {
            policy.targets.append(.profile(name))
          } else if let entry = item.mapping, entry.count == 1, let only = entry.first {
            guard let kind = only.key.string, let target = only.value.string, !target.isEmpty else {
              throw problem(item, "a target is a profile name or {sysroot: DIR} or {profile: NAME}")
            }
            switch kind {
            case "sysroot": policy.targets.append(.sysroot(target))
            case "profile": policy.targets.append(.profile(target))
            default: throw problem(only.key, "unknown target kind '\(kind)' (use sysroot or profile)")
            }
          } else {
            throw problem(item, "a target is a profile name or {sysroot: DIR} or {profile: NAME}")
          }
        }
      case "severity":
        guard let entries = value.mapping else { throw problem(value, "severity must map finding codes to error, warning or note") }
        for (codeNode, levelNode) in entries {
          let code = try findingCode(codeNode, problem)
          guard let text = levelNode.string, let level = Severity(rawValue: text) else {
            throw problem(levelNode, "severity of \(code.rawValue) must be error, warning or note")
          }
          policy.severities[code] = level
        }
      case "suppress":
        guard let items = value.sequence else { throw problem(value, "suppress must be a list of {code, path, symbol, reason}") }
        for item in items {
          guard let entry = item.mapping else { throw problem(item, "each suppression is a mapping with a reason and at least one of code, path, symbol") }
          var code: FindingCode?
          var glob: String?
          var symbol: String?
          var reason: String?
          for (fieldNode, fieldValue) in entry {
            guard let field = fieldNode.string else { throw problem(fieldNode, "keys must be plain words") }
            switch field {
            case "code": code = try findingCode(fieldValue, problem)
            case "path", "symbol", "reason":
              guard let text = fieldValue.string, !text.isEmpty else { throw problem(fieldValue, "\(field) must be a non-empty string") }
              if field == "path" { glob = text } else if field == "symbol" { symbol = text } else { reason = text }
            default:
              throw problem(fieldNode, "unknown key '\(field)' in a suppression (allowed: \(suppressionKeys.joined(separator: ", ")))")
            }
          }
          guard let reason else { throw problem(item, "every suppression needs a reason") }
          guard code != nil || glob != nil || symbol != nil else { throw problem(item, "a suppression needs at least one of code, path, symbol") }
          policy.suppressions.append(Policy.Suppression(code: code, path: glob, symbol: symbol, reason: reason, line: item.line))
        }
      case "failOn":
        guard let text = value.string, let level = Severity(rawValue: text) else {
          throw problem(value, "failOn must be error, warning or note")
        }
        policy.failOn = level
      case "wasm":
        policy.wasm = try wasm(value, problem)
      default:
        throw problem(keyNode, "unknown key '\(key)' (allowed: \(topKeys.joined(separator: ", ")))")
      }
    }
    return policy
  }

  static func findingCode(_ node: YAMLNode, _ problem: (YAMLNode, String) -> Problem) throws(Problem) -> FindingCode {
    guard let text = node.string else { throw problem(node, "a finding code must be a string") }
    guard let code = FindingCode(rawValue: text) else {
      let close = FindingCode.allCases.map(\.rawValue).filter { $0.hasPrefix(String(text.prefix(4))) }
      throw problem(node, "unknown finding code '\(text)'\(close.isEmpty ? "" : " (did you mean \(close.joined(separator: ", "))?)")")
    }
    return code
  }

  /// The `wasm:` section: every key known, every value of the right shape, or an error naming the line.
  static func wasm(_ node: YAMLNode, _ problem: (YAMLNode, String) -> Problem) throws(Problem) -> WasmPolicy {
    guard let entries = node.mapping else { throw problem(node, "wasm must be a mapping with the keys \(wasmKeys.joined(separator: ", "))") }
    var policy = WasmPolicy(line: node.line)
    func strings(_ value: YAMLNode, _ key: String) throws(Problem) -> [String] {
      guard let items = value.sequence else { throw problem(value, "\(key) must be a list") }
      return try items.map { item throws(Problem) -> String in
        guard let text = item.string, !text.isEmpty else { throw problem(item, "\(key) holds strings") }
        return text
      }
    }
    for (keyNode, value) in entries {
      guard let key = keyNode.string else { throw problem(keyNode, "keys must be plain words") }
      switch key {
      case "allowImports": policy.allowImports = try strings(value, key)
      case "denyCapabilities":
        for (index, name) in try strings(value, key).enumerated() {
          guard let capability = WasmPolicy.Capability(rawValue: name) else {
            throw problem(value.sequence?[index] ?? value, "unknown capability '\(name)' (known: \(WasmPolicy.Capability.allCases.map(\.rawValue).joined(separator: ", ")))")
          }
          policy.denyCapabilities.append(capability)
        }
      case "maxMemoryPages":
        guard let text = value.string, let pages = UInt64(text), pages <= 1 << 48 else { throw problem(value, "maxMemoryPages must be a number of 64 KiB pages") }
        policy.maxMemoryPages = pages
      case "requireMemoryMaximum":
        guard let text = value.string, text == "true" || text == "false" else { throw problem(value, "requireMemoryMaximum must be true or false") }
        policy.requireMemoryMaximum = text == "true"
      case "forbidFeatures":
        for (index, name) in try strings(value, key).enumerated() {
          guard let feature = WasmFeature(rawValue: name) else {
            throw problem(value.sequence?[index] ?? value, "unknown proposal '\(name)' (known: \(WasmFeature.allCases.map(\.rawValue).joined(separator: ", ")))")
          }
          policy.forbidFeatures.append(feature)
        }
      case "requireExports": policy.requireExports = try strings(value, key)
      default:
        throw problem(keyNode, "unknown key '\(key)' in wasm (allowed: \(wasmKeys.joined(separator: ", ")))")
      }
    }
    return policy
  }
}
