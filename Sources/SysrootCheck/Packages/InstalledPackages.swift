/// What the sysroot's package databases say about where a library lives (dpkg's info/*.list, apk's installed).
struct InstalledPackages {
  let sysroot: Sysroot

  /// Files named `name` that a package installed, with the package, when they exist in the sysroot.
  func locate(_ name: String) -> [(path: String, package: String?)] {
    var found: [(path: String, package: String?)] = []
    for list in sysroot.list("/var/lib/dpkg/info") where list.hasSuffix(".list") {
      guard let bytes = sysroot.read("/var/lib/dpkg/info/\(list)", limit: 8 << 20) else { continue }
      let package = String(list.dropLast(5)).split(separator: ":").first.map(String.init)
      for line in bytes.split(separator: UInt8(ascii: "\n")) where line.count > name.count {
        guard line.last == name.utf8.last, line.suffix(name.utf8.count + 1).elementsEqual(("/" + name).utf8) else { continue }
        let path = String(decoding: line, as: UTF8.self)
        if (try? sysroot.resolve(path)) != nil { found.append((path, package)) }
      }
    }
    if let bytes = sysroot.read("/lib/apk/db/installed", limit: 64 << 20) {
      var package: String? = nil
      var folder = ""
      for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
        if line.hasPrefix("P:") { package = String(line.dropFirst(2)) }
        if line.hasPrefix("F:") { folder = String(line.dropFirst(2)) }
        if line.hasPrefix("R:"), line.dropFirst(2) == name {
          let path = "/" + folder + "/" + name
          if (try? sysroot.resolve(path)) != nil { found.append((path, package)) }
        }
      }
    }
    return found
  }
}
