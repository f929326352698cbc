import AbiScan

/// A check of files against one or more platform profiles, or against all of them (`--target auto`).
public struct ProfileSession: Sendable {
  /// What the files are read with.
  public var input: InputReader
  /// Where profiles are looked up.
  public var catalog: ProfileCatalog

  public init(input: InputReader, catalog: ProfileCatalog = BuiltinProfiles.catalog) {
    self.input = input
    self.catalog = catalog
  }

  /// A profile name that is not in the catalog.
  public struct UnknownProfile: Error, CustomStringConvertible {
    public var name: String
    public var suggestions: [String]
    public var description: String {
      "no built-in profile is called '\(name)'" + (suggestions.isEmpty ? "" : "; did you mean \(suggestions.joined(separator: ", "))?")
        + " (abidoctor profiles lists them all)"
    }
  }

  /// The profiles named, in order, or the first unknown name. A release named without its architecture
  /// (`ubuntu-20.04`) is the files' own architecture when they all agree on one the release has.
  public func resolve(_ names: [String], files: [FileEntry] = []) throws(UnknownProfile) -> [PlatformProfile] {
    var out: [PlatformProfile] = []
    let images = files.compactMap(\.image)
    for name in names {
      let forFiles = catalog.profiles.filter { profile in
        (profile.release == name || profile.aliases.contains { $0.hasPrefix(name + "-") && $0.dropFirst(name.count + 1) == profile.architecture.name })
          && !images.isEmpty && images.allSatisfy { IdentityComparison.differences($0.identity, from: profile.architecture.identity).isEmpty }
      }
      guard let profile = catalog.profile(named: name) ?? (forFiles.count == 1 ? forFiles[0] : nil) else {
        throw UnknownProfile(name: name, suggestions: catalog.suggestions(for: name))
      }
      if !out.contains(profile) { out.append(profile) }
    }
    return out
  }

  /// Findings of `files` against `profile`; `bundled` is what the files provide themselves
  /// (`PlatformProfile.bundledSonames(files)`, computed once per run by the callers).
  public func findings(_ files: [FileEntry], against profile: PlatformProfile, bundled: Set<String>) -> [Finding] {
    files.flatMap { profile.findings(entry: $0, bundled: bundled) }
  }

  /// Reads `paths` and checks every file against each profile named (see `resolve`).
  public func check(paths: [String], named names: [String], strict: Bool) throws(UnknownProfile) -> (report: Report, perTarget: [TargetVerdict]) {
    let (files, readFindings) = input.read(paths: paths)
    return check(files: files, readFindings: readFindings, profiles: try resolve(names, files: files), strict: strict)
  }

  /// Reads `paths` and checks every file against each of `profiles`.
  public func check(paths: [String], profiles: [PlatformProfile], strict: Bool) -> (report: Report, perTarget: [TargetVerdict]) {
    let (files, readFindings) = input.read(paths: paths)
    return check(files: files, readFindings: readFindings, profiles: profiles, strict: strict)
  }

  /// Checks files already read.
  public func check(files: [FileEntry], readFindings: [Finding], profiles: [PlatformProfile], strict: Bool) -> (report: Report, perTarget: [TargetVerdict]) {
    var findings = readFindings
    var verdicts: [TargetVerdict] = []
    let bundled = PlatformProfile.bundledSonames(files)
    for profile in profiles {
      let found = self.findings(files, against: profile, bundled: bundled)
      verdicts.append(TargetVerdict(profile: profile, findings: found, failOn: ExitStatus.failingSeverity(strict: strict)))
      findings += found
    }
    let target = Report.Target(kind: "profile", name: profiles.map(\.name).joined(separator: ","))
    let merged = readFindings + TargetMerge.merge(Array(findings.dropFirst(readFindings.count)), order: profiles.map(\.name))
    return (Report(command: "check", target: target, files: files, findings: merged, strict: strict), verdicts)
  }

  /// Reads `paths` and finds the most compatible profiles that every file satisfies.
  public func auto(paths: [String], strict: Bool) -> (report: Report, result: AutoTarget) {
    let (files, readFindings) = input.read(paths: paths)
    let images = files.compactMap(\.image)
    let candidates = catalog.profiles.filter { profile in
      !images.isEmpty && images.allSatisfy { IdentityComparison.differences($0.identity, from: profile.architecture.identity).isEmpty }
    }
    // A musl file records no musl version; like auditwheel, assume the newest musl the tags know
    // unless the file proves another.
    let newestMusl = catalog.profiles.filter { $0.family == .musllinux }.compactMap { VersionNumber($0.libcVersion) }.max()
    let unknownMusl = images.contains { $0.libc.family == .musl && $0.libc.minVersion == nil }
    var satisfied: [PlatformProfile] = []
    let bundled = PlatformProfile.bundledSonames(files)
    for profile in candidates {
      if profile.libc == .musl, unknownMusl, let newestMusl, let version = VersionNumber(profile.libcVersion), version < newestMusl {
        continue
      }
      // Only the verdict matters here: stop at the first file with an error.
      if !files.contains(where: { entry in profile.findings(entry: entry, bundled: bundled).contains { $0.severity == .error } }) {
        satisfied.append(profile)
      }
    }
    let family: LibcFamily? = images.contains { $0.libc.family == .musl } ? .musl : images.contains { $0.libc.family == .glibc } ? .glibc : nil
    let result = AutoTarget(satisfied: satisfied, candidates: candidates, libc: family)
    var findings = readFindings
    if satisfied.isEmpty, let closest = result.closest {
      findings += self.findings(files, against: closest, bundled: bundled)
    } else if candidates.isEmpty, let first = files.first(where: { $0.image != nil }), let image = first.image {
      var architectures: [String] = []
      for other in images where !architectures.contains(other.identity.summary) { architectures.append(other.identity.summary) }
      let why = architectures.count > 1
        ? "the files are for \(architectures.count) architectures (\(architectures.joined(separator: "; "))): check each architecture's files on their own"
        : "no built-in profile is for \(image.identity.summary)"
      findings.append(
        Finding(
          code: .machineMismatch, path: first.path, message: "\(first.path): \(why)",
          evidence: [("architectures", .strings(architectures))],
          fixes: [Fix(kind: .config, text: "name a sysroot of the target instead: abidoctor check PATH --sysroot DIR")]))
    }
    let report = Report(command: "check", target: Report.Target(kind: "profile", name: "auto"), files: files, findings: findings, strict: strict)
    return (report, result)
  }
}

/// How the files fared against one profile.
public struct TargetVerdict: Sendable {
  public var profile: PlatformProfile
  public var errors: Int
  public var warnings: Int
  public var compatible: Bool

  public init(profile: PlatformProfile, findings: [Finding], failOn: Severity) {
    self.profile = profile
    errors = findings.filter { $0.severity == .error }.count
    warnings = findings.filter { $0.severity == .warning }.count
    compatible = !findings.contains { $0.severity >= failOn }
  }

  /// The verdicts again, from a report whose findings a policy changed (each finding names its target).
  public static func recount(_ verdicts: [TargetVerdict], in report: Report) -> [TargetVerdict] {
    verdicts.map { verdict in
      let mine = report.findings.filter { $0.targets.contains(verdict.profile.name) }
      return TargetVerdict(profile: verdict.profile, findings: mine, failOn: report.failOn)
    }
  }
}

/// The answer of `--target auto`: the most compatible profile of each family that every file satisfies.
public struct AutoTarget: Sendable {
  /// Every profile all files satisfy.
  public var satisfied: [PlatformProfile]
  /// Every profile of the files' architecture.
  public var candidates: [PlatformProfile]
  /// The C library the files are built for, when they say.
  public var libc: LibcFamily?

  /// The manylinux tag auditwheel would give (the highest priority satisfied).
  public var manylinux: PlatformProfile? { best(.manylinux) }
  /// The musllinux tag.
  public var musllinux: PlatformProfile? { best(.musllinux) }

  func best(_ family: PlatformProfile.Family) -> PlatformProfile? {
    satisfied.filter { $0.family == family }.max { $0.priority < $1.priority }
  }

  /// Per distribution, the oldest satisfied release (by libc version, then by name).
  public var distributions: [PlatformProfile] {
    var oldest: [String: PlatformProfile] = [:]
    for profile in satisfied where profile.family == .distribution {
      if let known = oldest[profile.distribution], !Self.older(profile, than: known) { continue }
      oldest[profile.distribution] = profile
    }
    return oldest.values.sorted { $0.name < $1.name }
  }

  static func older(_ a: PlatformProfile, than b: PlatformProfile) -> Bool {
    let va = VersionNumber(a.libcVersion), vb = VersionNumber(b.libcVersion)
    if let va, let vb, va != vb { return va < vb }
    return a.name.localizedStandardLess(b.name)
  }

  /// The most permissive candidate of the files' C library (newest libc, widest ISA), whose findings
  /// explain a total failure.
  public var closest: PlatformProfile? {
    let sameLibc = candidates.filter { libc == nil || $0.libc == libc }
    return (sameLibc.isEmpty ? candidates : sameLibc).max { a, b in
      let va = VersionNumber(a.libcVersion), vb = VersionNumber(b.libcVersion)
      if let va, let vb, va != vb { return va < vb }
      return a.isaLevel < b.isaLevel
    }
  }
}

extension String {
  /// Name order with numbers compared as numbers (`ubuntu-9` before `ubuntu-10`), without Foundation.
  func localizedStandardLess(_ other: String) -> Bool {
    let a = self.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
    let b = other.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
    return a != b ? a.lexicographicallyPrecedes(b) : self < other
  }
}
