import SysrootCheck

extension TextRenderer {
  /// One line per ELF file (path, architecture, libc, highest versions, interpreter), then the summary.
  static func scan(_ inventory: Inventory) -> String {
    var out = ""
    out.reserveCapacity(inventory.items.count * 120)
    // Appended piece by piece into one buffer: joining each line from temporaries cost 16,000
    // instructions a line (callgrind, a scan of /usr/lib/x86_64-linux-gnu).
    for item in inventory.items {
      if let root = item.root {
        out.append(root)
        if !root.hasSuffix("/") { out.append("/") }
      }
      out.append(item.path)
      out.append("  ")
      out.append(item.architecture)
      out.append("  ")
      out.append(item.libc.rawValue)
      if let version = item.libcVersion {
        out.append(" ")
        out.append(version)
      }
      var first = true
      for (series, version) in item.highest where series != "GLIBC" {
        out.append(first ? "  " : " ")
        out.append(series)
        out.append("_")
        out.append(version)
        first = false
      }
      if let interpreter = item.interpreter {
        out.append("  interp ")
        out.append(interpreter)
      }
      out.append("\n")
    }
    out += "\n"
    findings(inventory.report, into: &out)
    out += "architectures: " + inventory.byArchitecture.map { "\($0.0) \($0.1)" }.joined(separator: ", ") + "\n"
    out += "libc: " + inventory.byLibc.map { "\($0.0) \($0.1)" }.joined(separator: ", ") + "\n"
    for (series, version, path) in inventory.highest where ["GLIBC", "GLIBCXX", "CXXABI", "GCC"].contains(series) {
      out += "highest \(series)_\(version) needed by \(path)\n"
    }
    out += summary(inventory.report) + "\n"
    return out
  }
}
