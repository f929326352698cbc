import AbiScan

/// Turns one file's dependency tree on a sysroot into findings, each with its fixes.
public struct SysrootChecker: Sendable {
  /// The run.
  public let session: SysrootSession

  public init(session: SysrootSession) { self.session = session }

  /// Every finding for `entry`, whose tree on the sysroot is `tree`.
  public func findings(entry: FileEntry, tree: DependencyTree) -> [Finding] {
    guard let image = entry.image else { return [] }
    var out: [Finding] = []
    let target = session.libc(for: image.identity, family: image.libc.family)
    let platform = target.map { TargetPlatform(identity: $0.libc.identity) }
    let advisor = FixAdvisor(sysrootPath: session.sysroot.displayRoot, platform: platform, family: target?.libc.family)
    let path = entry.path

    if !image.identity.osabi.isLinuxCompatible { out.append(.osabiMismatch(path: path, osabi: image.identity.osabi)) }

    // Architecture, against the sysroot's C library.
    if let target, !target.matches {
      let against = "the sysroot's \(target.libc.path)"
      for difference in IdentityComparison.differences(image.identity, from: target.libc.identity) {
        var fixes: [Fix] = []
        switch difference {
        case .elfClass(_, let need): fixes = advisor.classFlag(need: need, machine: image.identity.machine) + advisor.toolchain()
        case .floatABI, .abiVariant, .nanEncoding: fixes = advisor.floatABI(need: target.libc.identity) + advisor.toolchain()
        default: fixes = advisor.toolchain()
        }
        out.append(.identityMismatch(path: path, difference: difference, against: against, fixes: fixes))
      }
    }

    // libc family.
    if let target, target.matches || target.libc.identity.machine == image.identity.machine,
      [.glibc, .musl].contains(image.libc.family), image.libc.family != target.libc.family
    {
      let fixes: [Fix] = target.libc.family == .musl
        ? [Fix(kind: .toolchain, text: "build for musl: \(platform?.muslTriple ?? "musl")-gcc, musl-gcc, or zig cc -target \(platform?.clangArch.split(separator: "-").first ?? "x86_64")-linux-musl"),
           Fix(kind: .package, text: "or run glibc programs on Alpine through its glibc compatibility layer: apk add gcompat")]
        : [Fix(kind: .toolchain, text: "build for glibc with \(platform?.gnuTriple ?? "the target's")-gcc and --sysroot=\(session.sysroot.displayRoot)"),
           Fix(kind: .package, text: "or install musl's loader on the target (Debian: apt-get install musl)")]
      out.append(.libcMismatch(path: path, have: image.libc.family, need: target.libc.family, targetLibc: target.libc.path, fixes: fixes))
    }

    // Interpreter.
    if let interpreter = tree.interpreter, let problem = interpreter.problem {
      let existing = platform.flatMap { p -> String? in
        let wanted = target?.libc.family == .musl ? p.muslInterpreter : p.glibcInterpreter
        return (try? session.sysroot.resolve(wanted)) != nil ? wanted : nil
      }
      let fixes = advisor.dynamicLinker(existing: existing == interpreter.path ? nil : existing) + advisor.toolchain()
      if interpreter.object == nil {
        out.append(.interpreterMissing(path: path, interpreter: interpreter.path, reason: problem, fixes: fixes))
      } else {
        out.append(.interpreterMismatch(path: path, interpreter: interpreter.path, reason: "is \(problem)", fixes: fixes))
      }
    } else if let interpreter = tree.interpreter, let index = interpreter.object {
      let interpImage = tree.objects[index].image
      let interpFamily: LibcFamily = interpImage.libc.family == .musl || interpreter.path.contains("ld-musl-") ? .musl : .glibc
      if [.glibc, .musl].contains(image.libc.family), interpFamily != image.libc.family {
        out.append(
          .interpreterMismatch(
            path: path, interpreter: interpreter.path, reason: "is \(interpFamily.rawValue)'s loader, and the file is built for \(image.libc.family.rawValue)",
            fixes: advisor.toolchain()))
      }
    }

    out += loadingFindings(entry: entry, tree: tree, advisor: advisor)
    out += versionFindings(entry: entry, tree: tree, advisor: advisor)
    out += symbolFindings(entry: entry, tree: tree)
    out += rpathFindings(entry: entry, tree: tree, advisor: advisor)
    return out
  }

  /// Missing and incompatible libraries anywhere in the tree.
  public func loadingFindings(
    entry: FileEntry, tree: DependencyTree, advisor: FixAdvisor? = nil, root: Int = 0
  ) -> [Finding] {
    // The sysroot's C libraries are looked for only when something is missing: most trees are complete.
    guard tree.resolutions.contains(where: { $0.object == nil && $0.requester >= root }) else { return [] }
    let target = session.libc(for: tree.objects[0].image.identity, family: tree.objects[0].image.libc.family)
    let advisor = advisor ?? FixAdvisor(
      sysrootPath: session.sysroot.displayRoot,
      platform: target.map { TargetPlatform(identity: $0.libc.identity) }, family: target?.libc.family)
    var out: [Finding] = []
    for resolution in tree.resolutions where resolution.object == nil && resolution.requester >= root {
      let requester = tree.objects[resolution.requester].location.path
      let neededBy = resolution.requester == root ? entry.path : requester
      if resolution.isIncompatible {
        let fixes = [Fix(kind: .package, text: "install the \(TargetPlatform(identity: tree.objects[root].image.identity).multiarch) build of \(resolution.name) on the target")]
          + advisor.toolchain()
        out.append(.neededIncompatible(path: entry.path, library: resolution.name, neededBy: neededBy, skipped: resolution.skipped, fixes: fixes))
      } else {
        let elsewhere = PackageIndex(sysroot: session.sysroot).locate(resolution.name)
        var fixes: [Fix] = []
        // In a folder ldconfig knows but missing from the cache: the cache is stale.
        for folder in session.resolver.ldSoConf.folders
        where (try? session.sysroot.resolve(folder + "/" + resolution.name)) != nil {
          fixes.append(Fix(kind: .config, text: "\(folder)/\(resolution.name) is in a folder of /etc/ld.so.conf but not in /etc/ld.so.cache: run ldconfig on the target"))
        }
        fixes += advisor.missingLibrary(resolution.name, elsewhere: elsewhere)
        out.append(.neededNotFound(path: entry.path, library: resolution.name, neededBy: neededBy, tried: resolution.tried, fixes: fixes))
      }
    }
    return out
  }

  /// The objects abidoctor checks symbol by symbol: the file and what came from the user's own folders
  /// (the sysroot's own libraries were built together and are not re-checked).
  func checkedObjects(_ tree: DependencyTree, root: Int = 0) -> [Int] {
    tree.objects.indices.filter { index in
      if index == root { return true }
      if index < root { return false }
      if case .host = tree.objects[index].location { return true }
      return false
    }
  }

  /// Each needed version against the version definitions of the library that actually resolved.
  func versionFindings(entry: FileEntry, tree: DependencyTree, advisor: FixAdvisor, root: Int = 0) -> [Finding] {
    var out: [Finding] = []
    for index in checkedObjects(tree, root: root) {
      let object = tree.objects[index]
      let objectPath = index == root ? entry.path : object.location.path
      for need in object.image.versionNeeds ?? [] {
        guard let provider = tree.resolutions.first(where: { $0.requester == index && $0.name == need.file })?.object
          ?? tree.objects.firstIndex(where: { $0.image.dynamic?.soname == need.file })
        else { continue }
        let library = tree.objects[provider]
        let defined = library.image.definedVersionNames
        for version in need.versions {
          let symbols = object.image.symbolsNeeding(version: version.name, of: need.file)
          let node = VersionNodeName(version.name)
          if node.isPrivate {
            out.append(.privateVersion(path: entry.path, object: objectPath, library: need.file, needed: version.name, symbols: symbols))
          }
          if defined.contains(version.name) { continue }
          let sameSeries = defined.map(VersionNodeName.init).filter { $0.series == node.series && $0.number != nil }
          if node.number != nil, !sameSeries.isEmpty {
            let provided = LibcClassifier.highestNumbered(series: node.series, in: defined)
            out.append(
              .versionTooNew(
                path: entry.path, object: objectPath, library: need.file, libraryPath: library.location.path,
                needed: version.name, provided: provided, symbols: symbols, weak: version.isWeak,
                fixes: advisor.versionTooNew(library: need.file, needed: version.name, provided: provided, symbols: symbols)))
          } else if library.image.versionDefinitions?.isEmpty ?? true {
            // ld.so accepts a library without any version information and binds by name, saying only
            // "no version information available" when asked to be verbose.
            out.append(
              .versionMissing(
                path: entry.path, object: objectPath, library: need.file, libraryPath: library.location.path,
                needed: version.name, defined: [], symbols: symbols, weak: true,
                fixes: [Fix(kind: .rebuild, text: "\(library.location.path) has no symbol versions at all: ld.so binds by name and warns \"no version information available\"; link against the same build of \(need.file) the target has")]))
          } else {
            out.append(
              .versionMissing(
                path: entry.path, object: objectPath, library: need.file, libraryPath: library.location.path,
                needed: version.name, defined: defined, symbols: symbols, weak: version.isWeak,
                fixes: [Fix(kind: .rebuild, text: "rebuild against the \(need.file) the target has (it defines \(defined.suffix(4).joined(separator: ", ")))"), Fix(kind: .sysroot, text: "link against this sysroot: --sysroot=\(session.sysroot.displayRoot)")]))
          }
        }
      }
    }
    return out
  }

  /// Each undefined, non-weak symbol against the defined symbols of the loaded objects, in lookup order.
  /// Every symbol the objects of `scope` export, with the versions they are defined at.
  static func exports(_ tree: DependencyTree, scope: [Int]) -> [String: [SymbolVersion?]] {
    var exported: [String: [SymbolVersion?]] = [:]
    for index in scope {
      for symbol in tree.objects[index].image.symbols ?? [] where symbol.isDefined && symbol.binding != .local {
        guard symbol.visibility.name == "default" || symbol.visibility.name == "protected" else { continue }
        exported[symbol.name, default: []].append(symbol.version)
      }
    }
    return exported
  }

  func symbolFindings(entry: FileEntry, tree: DependencyTree, root: Int = 0) -> [Finding] {
    let scope = tree.scope(dlopened: root)
    let exported = Self.exports(tree, scope: scope)
    // Libraries that were not found cannot be searched: their symbols are reported as needed-not-found instead.
    let incomplete = tree.resolutions.contains { $0.object == nil && $0.requester >= root }
    var out: [Finding] = []
    for index in checkedObjects(tree, root: root) {
      let object = tree.objects[index]
      guard let symbols = object.image.symbols else { continue }
      let objectPath = index == root ? entry.path : object.location.path
      for symbol in symbols where !symbol.isDefined && symbol.binding == .global && !symbol.name.isEmpty {
        let definitions = exported[symbol.name] ?? []
        let bound: Bool
        if let version = symbol.version {
          bound = definitions.contains { $0?.name == version.name }
          // A version the providing library lacks (or a library not found) is reported once, as
          // version-too-new, version-missing or needed-not-found, with this symbol as evidence.
          if !bound, let file = version.file {
            let provider = tree.resolutions.first { $0.requester == index && $0.name == file }?.object
            guard let provider, tree.objects[provider].image.definedVersionNames.contains(version.name) else { continue }
          }
        } else {
          bound = definitions.contains { $0 == nil || $0?.isHidden == false }
          if !bound && incomplete { continue }
        }
        if !bound {
          out.append(
            .symbolUnresolved(
              path: entry.path, object: objectPath, symbol: symbol.name, version: symbol.version?.name,
              searched: scope.map { tree.objects[$0].location.path }))
        }
      }
    }
    return out
  }

  /// Absolute RPATH/RUNPATH entries of the file that the target does not have.
  func rpathFindings(entry: FileEntry, tree: DependencyTree, advisor: FixAdvisor) -> [Finding] {
    var out: [Finding] = []
    let dynamic = tree.objects[0].image.dynamic
    for (tag, entries) in [("RPATH", dynamic?.rpath ?? []), ("RUNPATH", dynamic?.runpath ?? [])] {
      for value in entries where value.hasPrefix("/") {
        if session.sysroot.isFolder(value) { continue }
        out.append(.rpathOutsideRoot(path: entry.path, tag: tag, entry: value, fixes: advisor.rpathOutside(value)))
      }
    }
    return out
  }
}
