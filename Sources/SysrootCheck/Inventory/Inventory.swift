import AbiScan

/// `abidoctor scan`: what every ELF file under some folders is built for, and the highest versions they need.
public struct Inventory: Sendable {
  /// One ELF file's line in the inventory.
  public struct Item: Sendable {
    /// As FILE.path.
    public var path: String
    /// The walked folder, or nil for a file named explicitly.
    public var root: String?
    /// Short architecture, e.g. `x86_64`, `arm (hard-float)`.
    public var architecture: String
    /// The libc family.
    public var libc: LibcFamily
    /// The libc version the file needs (glibc: highest GLIBC_x.y), or provides for a libc itself.
    public var libcVersion: String?
    /// The highest numbered version needed per series (GLIBC, GLIBCXX, CXXABI, GCC, ...).
    public var highest: [(series: String, version: String)]
    /// PT_INTERP.
    public var interpreter: String?
  }

  /// Items for every ELF file, in report order.
  public var items: [Item]
  /// The report the items were made from.
  public var report: Report

  /// The parts of each file a scan reads: no symbol tables.
  public static let parts: ReadParts = [.programHeaders, .dynamic, .versions, .notes]

  /// Scans `paths` with `width` files at once; `progress` is called with the number of files read so far.
  public init(paths: [String], width: Int, strict: Bool, progress: (@Sendable () -> Void)? = nil) {
    let input = InputReader(reader: ElfReader(parts: Self.parts), width: width)
    let (files, findings) = input.read(paths: paths, progress: progress)
    report = Report(command: "scan", target: .none, files: files, findings: findings, strict: strict)
    items = report.files.compactMap { entry in
      guard let image = entry.image else { return nil }
      // A file needs a handful of series: a list searched in place beats a String-keyed dictionary
      // (hashing every node name was a twentieth of a scan's instructions).
      var highest: [(series: String, number: VersionNumber)] = []
      for need in image.versionNeeds ?? [] {
        for version in need.versions {
          let node = VersionNodeName(version.name)
          guard let number = node.number else { continue }
          if let at = highest.firstIndex(where: { $0.series == node.series }) {
            if number > highest[at].number { highest[at].number = number }
          } else {
            highest.append((node.series, number))
          }
        }
      }
      var architecture = image.identity.machine.shortName
      if image.identity.machine == .x86_64 && image.identity.elfClass == .elf32 { architecture = "x32" }
      if let float = image.identity.flags.floatABI, image.identity.machine == .arm { architecture += "-\(float.rawValue)-float" }
      if image.identity.endianness == .big && [.mips, .ppc64, .aarch64, .arm].contains(image.identity.machine) {
        architecture += "-be"
      }
      return Item(
        path: entry.path, root: entry.root, architecture: architecture, libc: image.libc.family,
        libcVersion: image.libc.minVersion ?? image.libc.providedVersion,
        highest: highest.sorted { $0.series < $1.series }.map { ($0.series, $0.number.description) },
        interpreter: image.interpreter)
    }
  }

  /// Files per architecture, most first.
  public var byArchitecture: [(String, Int)] { Self.counts(items.map(\.architecture)) }

  /// Files per libc family, most first.
  public var byLibc: [(String, Int)] { Self.counts(items.map(\.libc.rawValue)) }

  /// For each series, the highest version any file needs and the first file (in report order) that needs it.
  public var highest: [(series: String, version: String, path: String)] {
    var best: [String: (VersionNumber, String)] = [:]
    for item in items {
      for (series, version) in item.highest {
        guard let number = VersionNumber(version) else { continue }
        if best[series].map({ number > $0.0 }) ?? true { best[series] = (number, item.path) }
      }
    }
    return best.sorted { $0.key < $1.key }.map { ($0.key, $0.value.0.description, $0.value.1) }
  }

  private static func counts(_ values: [String]) -> [(String, Int)] {
    var counts: [String: Int] = [:]
    for value in values { counts[value, default: 0] += 1 }
    return counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
  }

  /// abidoctor's additions to the JSON report: `inventory` and `scanSummary`.
  public var json: [(String, JSONValue)] {
    [
      ("inventory", .array(items.map { item in
        .object([
          ("path", .string(item.path)), ("root", .optional(item.root)), ("architecture", .string(item.architecture)),
          ("libc", .string(item.libc.rawValue)), ("libcVersion", .optional(item.libcVersion)),
          ("highest", .object(item.highest.map { ($0.series, .string($0.version)) })),
          ("interpreter", .optional(item.interpreter)),
        ])
      })),
      ("scanSummary", .object([
        ("elfFiles", .int(items.count)),
        ("byArchitecture", .object(byArchitecture.map { ($0.0, .int($0.1)) })),
        ("byLibc", .object(byLibc.map { ($0.0, .int($0.1)) })),
        ("highest", .object(highest.map { ($0.series, .object([("version", .string($0.version)), ("path", .string($0.path))])) })),
      ])),
    ]
  }
}
