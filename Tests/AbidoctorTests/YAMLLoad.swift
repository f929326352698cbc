import AbiScan

/// A YAML document as plain Swift values (mappings as dictionaries), for tests that read the YAML
/// snippets of the CI docs.
func loadYAML(_ text: String) throws -> Any? {
  try YAMLReader.document(Array(text.utf8)).map(plainValue)
}

func plainValue(_ node: YAMLNode) -> Any {
  switch node.value {
  case .scalar(let text): return text
  case .sequence(let items): return items.map(plainValue)
  case .mapping(let entries):
    return Dictionary(entries.map { ($0.key.string ?? "", plainValue($0.value)) }, uniquingKeysWith: { first, _ in first })
  }
}
