import AbiScan

/// A set of profiles, looked up by name, alias or Debian-style architecture name.
///
/// The text format is line-oriented so the generated data stays small and diffable: `Y` lines
/// describe architectures, then each profile is a block of `KEY value` lines ended by `.`:
/// `P` name, `F` family, `X` architecture, `C` libc and version, `R` priority, `I` ISA level,
/// `D` description, `A` alias, `N` prefix and nodes, `L` libraries, `S` source.
public struct ProfileCatalog: Sendable {
  /// The profiles, in the data's order (families, then releases, then architectures).
  public let profiles: [PlatformProfile]
  private let index: [String: Int]

  /// A line of the data that does not parse.
  public struct FormatError: Error, CustomStringConvertible {
    public var line: Int
    public var reason: String
    public var description: String { "line \(line): \(reason)" }
  }

  public init(text: String) throws {
    var arches: [String: ProfileArchitecture] = [:]
    var profiles: [PlatformProfile] = []
    var current: Draft?
    var lineNumber = 0
    for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
      lineNumber += 1
      let line = Substring(raw)
      guard let kind = line.first else { continue }
      let value = line.dropFirst(2)
      let fields = value.split(separator: " ").map(String.init)
      func fail(_ reason: String) -> FormatError { FormatError(line: lineNumber, reason: reason) }
      switch kind {
      case "Y":
        guard fields.count == 8, let bits = Int(fields[2]), let machine = UInt16(fields[4]),
          let flags = UInt32(fields[5].dropFirst(2), radix: 16)
        else { throw fail("bad architecture line") }
        let elfClass: ElfClass = bits == 64 ? .elf64 : .elf32
        let m = Machine(rawValue: machine)
        let identity = ElfIdentity(
          elfClass: elfClass, endianness: fields[3] == "big" ? .big : .little, osabi: OSABI(rawValue: 0),
          abiVersion: 0, type: .sharedObject, machine: m,
          flags: FlagDecoder.decode(machine: m, elfClass: elfClass, flags: flags), entry: 0)
        arches[fields[0]] = ProfileArchitecture(
          name: fields[0], wheelName: fields[1], identity: identity, glibcInterpreter: fields[6], muslInterpreter: fields[7])
      case "P":
        guard current == nil else { throw fail("profile \(value) starts before the previous one ends") }
        current = Draft(name: String(value))
      case ".":
        guard let done = current, let architecture = done.architecture else { throw fail("profile without an architecture") }
        profiles.append(
          PlatformProfile(
            name: done.name, aliases: done.aliases, family: done.family, architecture: architecture, libc: done.libc,
            libcVersion: done.libcVersion, priority: done.priority, isaLevel: done.isaLevel, summary: done.summary,
            versionNodes: done.versionNodes, libraries: done.libraries, sources: done.sources))
        current = nil
      default:
        guard current != nil else { throw fail("'\(kind)' outside a profile") }
        switch kind {
        case "F":
          guard let family = PlatformProfile.Family(rawValue: String(value)) else { throw fail("unknown family \(value)") }
          current?.family = family
        case "X":
          guard let arch = arches[String(value)] else { throw fail("unknown architecture \(value)") }
          current?.architecture = arch
        case "C":
          guard fields.count == 2, let family = LibcFamily(rawValue: fields[0]) else { throw fail("bad libc line") }
          current?.libc = family
          current?.libcVersion = fields[1]
        case "R": current?.priority = Int(value) ?? 0
        case "I": current?.isaLevel = Int(value) ?? 0
        case "D": current?.summary = String(value)
        case "A": current?.aliases.append(String(value))
        case "N":
          guard let prefix = fields.first else { throw fail("empty node line") }
          current?.versionNodes.append((prefix, Array(fields.dropFirst())))
        case "L": current?.libraries = fields
        case "S": current?.sources.append(String(value))
        default: throw fail("unknown line kind '\(kind)'")
        }
      }
    }
    if current != nil { throw FormatError(line: lineNumber, reason: "the last profile does not end") }
    self.profiles = profiles
    var index: [String: Int] = [:]
    for (position, profile) in profiles.enumerated() {
      for name in [profile.name] + profile.aliases { index[name.lowercased()] = position }
    }
    self.index = index
  }

  /// A profile while its lines are read.
  private struct Draft {
    var name: String
    var aliases: [String] = []
    var family: PlatformProfile.Family = .distribution
    var architecture: ProfileArchitecture?
    var libc: LibcFamily = .glibc
    var libcVersion = ""
    var priority = 0
    var isaLevel = 0
    var summary = ""
    var versionNodes: [(prefix: String, nodes: [String])] = []
    var libraries: [String] = []
    var sources: [String] = []
  }

  /// Debian's and others' names for the architectures, accepted in place of abidoctor's.
  static let architectureAliases: [String: String] = [
    "amd64": "x86_64", "x86-64": "x86_64", "arm64": "aarch64", "i686": "i386", "x86": "i386",
    "armv7l": "armhf", "armv7": "armhf", "ppc64el": "ppc64le", "loong64": "loongarch64",
  ]

  /// The profile called `name` (any case; `amd64`, `arm64`, `i686`, `armv7l`, `ppc64el` work for
  /// distributions as their Debian names, and `manylinux2014_x86_64`-style aliases for tags).
  public func profile(named name: String) -> PlatformProfile? {
    let key = name.lowercased()
    if let position = index[key] { return profiles[position] }
    // DISTRO-RELEASE-ARCH with another spelling of ARCH.
    if let dash = key.lastIndex(of: "-"), let arch = Self.architectureAliases[String(key[key.index(after: dash)...])] {
      if let position = index[key[..<dash] + "-" + arch] { return profiles[position] }
    }
    return nil
  }

  /// Names close to `name`, for the error message when it is not found: the same distribution or
  /// tag first, on the same architecture, sharing the longest start.
  public func suggestions(for name: String, limit: Int = 5) -> [String] {
    let key = name.lowercased()
    let stem = key.split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map(String.init) ?? key
    func score(_ candidate: String) -> Int {
      let shared = zip(key, candidate.lowercased()).prefix { $0 == $1 }.count
      let sameArch = candidate.split(whereSeparator: { $0 == "-" || $0 == "_" }).last.map { key.hasSuffix($0.lowercased()) } ?? false
      return shared + (sameArch ? 100 : 0)
    }
    let related = profiles.map(\.name).filter { $0.lowercased().hasPrefix(stem) }
    return related.enumerated().sorted { a, b in
      let (sa, sb) = (score(a.element), score(b.element))
      return sa != sb ? sa > sb : a.offset < b.offset
    }.prefix(limit).map(\.element)
  }
}
