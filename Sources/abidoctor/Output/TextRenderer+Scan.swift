import SysrootCheck

extension TextRenderer {
  /// One line per ELF file (path, architecture, libc, highest versions, interpreter), then the summary.
  static func scan(_ inventory: Inventory) -> String {
    var out = ""
    out.reserveCapacity(inventory.items.count * 120)
    for item in inventory.items {
      let path = item.root.map { $0.hasSuffix("/") ? $0 + item.path : $0 + "/" + item.path } ?? item.path
      var libc = item.libc.rawValue
      if let version = item.libcVersion { libc += " " + version }
      let highest = item.highest.filter { $0.series != "GLIBC" }.map { "\($0.series)_\($0.version)" }
      out += path + "  " + item.architecture + "  " + libc
      if !highest.isEmpty { out += "  " + highest.joined(separator: " ") }
      if let interpreter = item.interpreter { out += "  interp " + interpreter }
      out += "\n"
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
