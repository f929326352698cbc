import AbiScan

/// Which Debian package ships a shared library, per release and architecture: Debian's own Contents
/// indices, compiled in (`Profiles/generate_debian_packages.py`; sources in
/// `Profiles/sources/debian-packages.tsv`). A package fix names a package from here, or none.
public struct DebianPackages: Sendable {
  /// The index compiled into abidoctor, parsed on first use.
  public static let builtin = DebianPackages(text: EmbeddedData.debianPackageIndex)

  /// `RELEASE/ARCH` of each column (`12/arm64`).
  let keys: [String]
  /// Per soname, each package that ships it, with the columns where it does.
  let entries: [String: [(package: String, columns: [Int])]]

  init(text: String) {
    var lines = text.split(separator: "\n")
    keys = lines.isEmpty ? [] : lines.removeFirst().split(separator: " ").map(String.init)
    var entries: [String: [(package: String, columns: [Int])]] = [:]
    for line in lines {
      let fields = line.split(separator: " ")
      guard fields.count == 3 else { continue }
      entries[String(fields[0]), default: []].append((String(fields[1]), fields[2].split(separator: ",").compactMap { Int($0) }))
    }
    self.entries = entries
  }

  /// The releases the index covers (`11`, `12`, `13`).
  public var releases: Set<String> { Set(keys.compactMap { $0.split(separator: "/").first.map(String.init) }) }

  /// Whether the index has the release and architecture at all (otherwise a fix gives a query).
  public func covers(release: String, architecture: String) -> Bool { keys.contains("\(release)/\(architecture)") }

  /// The packages that ship `soname` in the loader's folders on that release and architecture.
  public func packages(shipping soname: String, release: String, architecture: String) -> [String] {
    guard let column = keys.firstIndex(of: "\(release)/\(architecture)") else { return [] }
    return (entries[soname] ?? []).filter { $0.columns.contains(column) }.map(\.package)
  }

  /// Whether a package ships any library on that release and architecture.
  public func exists(_ package: String, release: String, architecture: String) -> Bool {
    guard let column = keys.firstIndex(of: "\(release)/\(architecture)") else { return false }
    return entries.values.contains { $0.contains { $0.package == package && $0.columns.contains(column) } }
  }
}

extension TargetPlatform {
  /// Debian's architecture name (`dpkg --print-architecture`), where Debian has one.
  public var debianArchitecture: String? {
    switch multiarch {
    case "x86_64-linux-gnu": return "amd64"
    case "aarch64-linux-gnu": return "arm64"
    case "arm-linux-gnueabihf": return "armhf"
    case "arm-linux-gnueabi": return "armel"
    case "i386-linux-gnu": return "i386"
    case "mips64el-linux-gnuabi64": return "mips64el"
    case "mipsel-linux-gnu": return "mipsel"
    case "powerpc64le-linux-gnu": return "ppc64el"
    case "s390x-linux-gnu": return "s390x"
    case "riscv64-linux-gnu": return "riscv64"
    default: return nil
    }
  }
}
