import AbiScan

/// One run against one sysroot: the sysroot, its C libraries and every image read, shared by all the files checked.
public final class SysrootSession: Sendable {
  /// The target's root.
  public let sysroot: Sysroot
  /// `--library-path` folders: relative ones on the host (the deployment), absolute ones inside the sysroot.
  public let libraryPath: [Location]
  /// Every image read in this run.
  public let cache: ImageCache
  /// Reads the files named on the command line.
  public let input: InputReader
  /// The resolver for this run, with the sysroot's loader configuration read once.
  public let resolver: DependencyResolver
  private let foundLibcs = Locked<[SysrootLibc]?>(nil)
  /// The distribution and release, read from the root once per run (every file's model asks).
  let foundRelease = Locked<(distribution: String?, version: String?)?>(nil)

  /// The sysroot's C libraries, 64-bit first; looked for on first use (deps rarely needs them).
  public var libcs: [SysrootLibc] {
    if let found = foundLibcs.withLock({ $0 }) { return found }
    let found = SysrootLibc.find(in: sysroot, cache: cache)
    foundLibcs.withLock { $0 = found }
    return found
  }

  /// Opens the sysroot (default `/`); fails when it does not exist or is not a folder.
  public init(
    sysrootPath: String?, libraryPath: [String], hwcaps: [String] = [], platform: String? = nil,
    platformOf files: [String] = [], reader: ElfReader, width: Int
  ) throws(SysrootError) {
    let platformOf = files
    sysroot = try Self.open(sysrootPath ?? "/", platform: platform, for: platformOf)
    self.libraryPath = libraryPath.map { $0.hasPrefix("/") ? .sysroot($0) : .host($0) }
    cache = ImageCache(reader: reader)
    input = InputReader(reader: reader, width: width)
    resolver = DependencyResolver(sysroot: sysroot, libraryPath: self.libraryPath, hwcaps: hwcaps, cache: cache)
  }

  /// The members of an archive root that were refused or could not be read: a warning each, naming
  /// the archive and the member (the check goes on with the rest).
  var archiveFindings: [Finding] {
    sysroot.archiveProblems.map { problem in
      Finding(
        code: .unreadable, severity: .warning, path: problem.archive,
        message: "\(problem.archive): \(problem.member.map { "member \($0): " } ?? "")\(problem.what)",
        evidence: [("archive", .string(problem.archive)), ("member", .optional(problem.member)), ("what", .string(problem.what))])
    }
  }

  /// Opens the root; for a multi-platform image with no `--platform`, the platform the files to
  /// check are built for, when they all agree on one the index has.
  static func open(_ path: String, platform: String?, for files: [String]) throws(SysrootError) -> Sysroot {
    do throws(SysrootError) {
      return try Sysroot.opening(path, platform: platform)
    } catch {
      guard platform == nil, !error.platforms.isEmpty else { throw error }
      let reader = ElfReader(parts: [.programHeaders])
      let wanted = Set(files.compactMap { try? reader.read(path: $0) }.compactMap { ContainerImage.platform(of: $0.identity) })
      guard wanted.count == 1, let only = wanted.first,
        let match = error.platforms.first(where: { $0 == only || $0.hasPrefix(only + "/") })
      else { throw error }
      return try Sysroot.opening(path, platform: match)
    }
  }

  /// The report target for this sysroot.
  public var target: Report.Target { Report.Target(kind: "sysroot", name: nil, path: sysroot.displayRoot) }

  /// The glibc-hwcaps subfolders a `--hwcaps` value stands for: an x86-64 level includes the levels
  /// below it (`x86-64-v3` is v3 then v2), other names are taken as given, comma-separated, best first.
  public static func hwcapsSubfolders(_ value: String?) -> [String] {
    guard let value, !value.isEmpty else { return [] }
    return value.split(separator: ",").flatMap { name -> [String] in
      let text = String(name)
      guard text.hasPrefix("x86-64-v"), let level = Int(text.dropFirst(8)), (2...4).contains(level) else { return [text] }
      return (2...level).reversed().map { "x86-64-v\($0)" }
    }
  }

  /// The sysroot C library that can serve an object built like `identity` for `family` (preferring that
  /// family where the sysroot has several, e.g. a glibc host with musl installed), or the sysroot's main one
  /// (the first) when none has its architecture.
  /// Whether it matches is for the caller to compare: the identity rule does.
  public func libc(for identity: ElfIdentity, family: LibcFamily? = nil) -> SysrootLibc? {
    let matching = libcs.filter { IdentityComparison.differences(identity, from: $0.identity).isEmpty }
    return matching.first(where: { $0.family == family }) ?? matching.first(where: { $0.family == .glibc })
      ?? matching.first ?? libcs.first
  }

  /// The location of an input file: on the host, where the user's build output lives.
  static func location(of entry: FileEntry) -> Location {
    .host(DependencyResolver.normalize(entry.locationPath))
  }

  /// Where an input file is in this run: a member of the archive this session's root is read from is
  /// inside the root (its $ORIGIN is the image's folder); any other file is on this machine.
  func location(of entry: FileEntry) -> Location {
    if entry.inArchive, sysroot.isArchive, entry.root == sysroot.displayRoot { return .sysroot(entry.path) }
    return Self.location(of: entry)
  }

  /// Trees for every ELF file under `paths`, with the findings about missing and incompatible libraries.
  public func deps(paths: [String], strict: Bool) -> DepsResult {
    let (files, readFindings) = input.read(paths: paths)
    let resolver = self.resolver
    // The same rules as check, on what deps reads (no symbol tables): deps and check agree on
    // whether a file loads. Applied in the same parallel pass as the resolution, as check does.
    let bundle = Self.bundle(files)
    let perFile = parallelMap(files, width: input.width) { entry -> (DependencyTree?, [Finding]) in
      guard let image = entry.image else { return (nil, []) }
      let tree = resolver.resolve(root: image, at: self.location(of: entry))
      return (tree, self.findings(entry: entry, image: image, tree: tree, bundle: bundle))
    }
    var findings = readFindings
    for (_, fileFindings) in perFile { findings += fileFindings }
    return DepsResult(
      report: Report(command: "deps", target: target, files: files, findings: findings, strict: strict),
      trees: Array(zip(files, perFile.map(\.0))))
  }

  /// Every finding that applies to the files under `paths` on this sysroot.
  public func check(paths: [String], strict: Bool) -> Report {
    let (files, readFindings) = input.read(paths: paths)
    let resolver = self.resolver
    let bundle = Self.bundle(files)
    let perFile = parallelMap(files, width: input.width) { entry -> [Finding] in
      guard let image = entry.image else { return [] }
      let tree = resolver.resolve(root: image, at: self.location(of: entry))
      return self.findings(entry: entry, image: image, tree: tree, bundle: bundle)
    }
    return Report(
      command: "check", target: target, files: files, findings: readFindings + archiveFindings + perFile.flatMap { $0 }, strict: strict)
  }
}

/// What `deps` shows: the report, and the tree of each file.
public struct DepsResult: Sendable {
  /// Files and findings.
  public var report: Report
  /// Each file with its tree (nil when the file could not be read).
  public var trees: [(FileEntry, DependencyTree?)]

  /// The trees as JSON, added to the report as `trees`.
  public var treesJSON: [(String, JSONValue)] {
    [("trees", .array(trees.compactMap { entry, tree in tree.map { $0.json(path: entry.path) } }))]
  }
}

extension DependencyTree {
  /// The tree as JSON: the interpreter, then every object in load order with the rule that found it,
  /// then every resolution with skipped candidates and folders tried.
  public func json(path: String) -> JSONValue {
    .object([
      ("path", .string(path)),
      ("loader", .string(flavor.rawValue)),
      ("interpreter", interpreter.map { i in
        .object([
          ("path", .string(i.path)), ("found", .bool(i.object != nil)), ("problem", .optional(i.problem)),
          ("links", .strings(i.hops)),
        ])
      } ?? .null),
      ("objects", .array(objects.enumerated().map { index, object in
        .object([
          ("index", .int(index)), ("path", .string(object.location.path)), ("realPath", .string(object.realLocation.path)),
          ("soname", .optional(object.image.dynamic?.soname)), ("rule", .optional(object.rule?.rawValue)),
          ("loadedBy", object.loadedBy.map { .int($0) } ?? .null), ("interpreter", .bool(object.isInterpreter)),
        ])
      })),
      ("needed", .array(resolutions.map { r in
        .object([
          ("name", .string(r.name)), ("requestedBy", .string(objects[r.requester].location.path)),
          ("path", r.object.map { .string(objects[$0].location.path) } ?? .null),
          ("rule", .optional(r.rule?.rawValue)),
          ("skipped", .array(r.skipped.map { .object([("path", .string($0.path)), ("reason", .string($0.reason)), ("rule", .string($0.rule.rawValue))]) })),
          ("tried", .strings(r.object == nil ? r.tried : [])),
        ])
      })),
    ])
  }
}
