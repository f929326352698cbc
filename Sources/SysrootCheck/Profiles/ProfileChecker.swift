import AbiScan

/// Decides, for one file, everything a platform profile can decide without a file system:
/// architecture, C library, interpreter, version nodes (naming the symbols that force them),
/// private nodes, libraries the platform does not promise, ISA level, executable stacks.
public struct ProfileChecker: Sendable {
  /// The target.
  public let profile: PlatformProfile
  /// Sonames the checked files provide themselves (a bundle's own lib/ folder, a wheel's .libs).
  public let bundled: Set<String>

  public init(profile: PlatformProfile, bundled: Set<String> = []) {
    self.profile = profile
    self.bundled = bundled
  }

  /// The sonames a set of entries provides, so a bundle's libraries are not reported as missing.
  public static func bundledSonames(_ files: [FileEntry]) -> Set<String> {
    var names: Set<String> = []
    for file in files {
      guard let image = file.image else { continue }
      if let soname = image.dynamic?.soname { names.insert(soname) }
      names.insert(Location.basename(of: file.path))
    }
    return names
  }

  /// Every finding for `entry` against the profile; each names the profile in its evidence.
  public func findings(entry: FileEntry) -> [Finding] {
    guard let image = entry.image else { return [] }
    let advisor = ProfileAdvisor(profile: profile)
    let path = entry.path
    let target = profile.name
    var out: [Finding] = []

    if !image.identity.osabi.isLinuxCompatible { out.append(.osabiMismatch(path: path, osabi: image.identity.osabi)) }

    let differences = IdentityComparison.differences(image.identity, from: profile.architecture.identity)
    for difference in differences {
      var fixes: [Fix] = []
      switch difference {
      case .elfClass(_, let need):
        fixes = FixAdvisor(sysrootPath: "", platform: nil, family: nil).classFlag(need: need, machine: image.identity.machine)
      case .floatABI, .abiVariant, .nanEncoding:
        fixes = FixAdvisor(sysrootPath: "", platform: nil, family: nil).floatABI(need: profile.architecture.identity)
      default: break
      }
      out.append(.identityMismatch(path: path, difference: difference, against: target, fixes: fixes + advisor.toolchain()))
    }
    // A file for another architecture fails everything else for the same reason: say it once.
    if !differences.isEmpty { return tagged(out) }

    let family = image.libc.family
    let libcDiffers = [.glibc, .musl].contains(family) && family != profile.libc
    if libcDiffers {
      var fixes = advisor.toolchain()
      if profile.libc == .musl {
        fixes.append(Fix(kind: .package, text: "or run glibc programs on Alpine through its compatibility layer: apk add gcompat"))
      }
      out.append(.libcMismatch(path: path, have: family, need: profile.libc, targetLibc: "\(profile.libc.rawValue) \(profile.libcVersion) on \(target)", fixes: fixes))
    }

    if let interpreter = image.interpreter, interpreter != profile.interpreter, !libcDiffers {
      let other = profile.libc == .musl ? profile.architecture.glibcInterpreter : profile.architecture.muslInterpreter
      let reason = interpreter == other
        ? "is \(profile.libc == .musl ? "glibc" : "musl")'s loader, and \(target) uses \(profile.interpreter)"
        : "does not exist on \(target), whose loader is \(profile.interpreter)"
      out.append(
        .interpreterMismatch(
          path: path, interpreter: interpreter, reason: reason,
          fixes: [Fix(kind: .linkerFlag, text: "link with -Wl,--dynamic-linker=\(profile.interpreter)")] + advisor.toolchain()))
    }

    if !libcDiffers { out += versionFindings(path: path, image: image, advisor: advisor) }
    if profile.libc == .musl, family == .musl, let need = image.libc.minVersion,
      let needed = VersionNumber(need), let provided = VersionNumber(profile.libcVersion), needed > provided
    {
      out.append(
        Finding(
          code: .versionTooNew, path: path,
          message: "\(path) needs musl \(need) but \(target) has musl \(profile.libcVersion)",
          evidence: [("library", .string("libc")), ("needed", .string("musl \(need)")), ("provided", .string("musl \(profile.libcVersion)")), ("reason", .string(image.libc.reason))],
          fixes: advisor.toolchain()))
    }

    for library in image.dynamic?.needed ?? [] where !profile.libraries.contains(library) && !bundled.contains(library) {
      if libcDiffers && Self.isLibcName(library) { continue }
      out.append(
        Finding(
          code: .neededNotGuaranteed, path: path,
          message: "\(path) needs \(library), which \(target) does not guarantee: it loads only where \(library) is installed or shipped with it",
          evidence: [("library", .string(library)), ("guaranteed", .strings(profile.libraries))],
          fixes: advisor.notGuaranteed(library)))
    }

    if profile.isaLevel > 0, let needed = image.notes.x86ISANeeded, needed.highestLevel > profile.isaLevel {
      let have = profile.isaLevel == 1 ? "baseline" : "v\(profile.isaLevel)"
      out.append(
        .isaLevelTooHigh(
          path: path, needed: needed, target: "\(target) promises only \(have)", provided: ("provided", .string(have)),
          fix: Fix(kind: .compilerFlag, text: "build with -march=x86-64\(profile.isaLevel > 1 ? "-v\(profile.isaLevel)" : "") (or lower), or ship a baseline build and put this one in glibc-hwcaps/x86-64-\(needed.highestName ?? "v3")/")))
    }

    if image.identity.type == .sharedObject, image.interpreter == nil, image.stack.requiresExecutableStack,
      profile.libc == .glibc, let version = VersionNumber(profile.libcVersion), version >= VersionNumber(components: [2, 41])
    {
      out.append(
        .executableStack(
          path: path, stack: image.stack, refused: true,
          consequence: "glibc \(profile.libcVersion) on \(target) refuses to dlopen it (\"cannot enable executable stack as shared object requires\")",
          evidence: [("targetGlibc", .string(profile.libcVersion))]))
    }
    return tagged(out)
  }

  /// Each needed version node against the profile's nodes of its prefix (auditwheel's rule: the text
  /// before the first `_` is the prefix; prefixes the profile says nothing about are the file's own business).
  func versionFindings(path: String, image: ElfImage, advisor: ProfileAdvisor) -> [Finding] {
    var out: [Finding] = []
    for need in image.versionNeeds ?? [] {
      for version in need.versions {
        guard let underscore = version.name.firstIndex(of: "_") else { continue }
        let prefix = String(version.name[..<underscore])
        let rest = String(version.name[version.name.index(after: underscore)...])
        guard let provided = profile.nodes(prefix: prefix), !provided.contains(rest) else { continue }
        let symbols = image.symbolsNeeding(version: version.name, of: need.file)
        let node = VersionNodeName(version.name)
        if node.isPrivate {
          out.append(.privateVersion(path: path, object: path, library: need.file, needed: version.name, symbols: symbols))
          continue
        }
        let highest = profile.highestNode(prefix: prefix)
        if let mine = VersionNumber(rest), let top = highest.flatMap(VersionNumber.init), mine > top {
          out.append(
            .versionTooNew(
              path: path, object: path, library: need.file, libraryPath: profile.name, needed: version.name,
              provided: highest, symbols: symbols, weak: version.isWeak,
              fixes: advisor.versionTooNew(needed: version.name, provided: highest, symbols: symbols), target: profile.name))
        } else {
          out.append(
            .versionMissing(
              path: path, object: path, library: need.file, libraryPath: profile.name, needed: version.name,
              defined: provided.suffix(6).map { "\(prefix)_\($0)" }, symbols: symbols, weak: version.isWeak,
              fixes: advisor.toolchain()))
        }
      }
    }
    return out
  }

  static func isLibcName(_ name: String) -> Bool {
    name == "libc.so.6" || name == "libc.so" || name.hasPrefix("libc.musl-") || name.hasPrefix("ld-linux") || name.hasPrefix("ld-musl")
  }

  /// Adds the profile to each finding's evidence, so reports against several targets stay apart.
  func tagged(_ findings: [Finding]) -> [Finding] {
    findings.map { finding in
      var copy = finding
      copy.evidence.append(("target", .string(profile.name)))
      return copy
    }
  }
}
