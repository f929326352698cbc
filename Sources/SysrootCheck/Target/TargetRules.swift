import AbiScan

/// A file's process on a target that has a loader to emulate: the tree the loader built, where the
/// file sits in it, and what the sysroot says about libraries it missed.
public struct LoadedProcess: Sendable {
  /// The objects in load order, the file at `root`.
  public var tree: DependencyTree
  /// The file's index: 0 for a program or library checked on its own, after the host's objects for a plugin.
  public var root: Int
  /// The host program, for a plugin.
  public var host: ElfImage?
  /// Computes the facts a fix for a missed library needs (copies elsewhere in the sysroot, a stale cache).
  public var searchFacts: @Sendable (_ name: String, _ requester: Int) -> SearchFacts
  /// Whether the target has a folder at an absolute path (for RPATH entries).
  public var hasFolder: @Sendable (_ path: String) -> Bool

  public init(
    tree: DependencyTree, root: Int, host: ElfImage? = nil,
    searchFacts: @escaping @Sendable (_ name: String, _ requester: Int) -> SearchFacts,
    hasFolder: @escaping @Sendable (_ path: String) -> Bool
  ) {
    self.tree = tree
    self.root = root
    self.host = host
    self.searchFacts = searchFacts
    self.hasFolder = hasFolder
  }

  /// The objects checked symbol by symbol: the file and what came from the user's own folders (the
  /// target's own libraries were built together and are not re-checked).
  var checkedObjects: [Int] {
    tree.objects.indices.filter { index in
      if index == root { return true }
      if index < root { return false }
      if case .host = tree.objects[index].location { return true }
      return false
    }
  }

  func objectPath(_ index: Int, file: String) -> String { index == root ? file : tree.objects[index].location.path }

  /// Whether the object is one of the target's own files (inside its root), not the user's.
  func isTargetsOwn(_ index: Int) -> Bool {
    if case .sysroot = tree.objects[index].location { return true }
    return false
  }

  /// Whether the file checked is a library of the target's own, checked on its own.
  var isTargetsOwnLibrary: Bool {
    let object = tree.objects[root]
    return root == 0 && isTargetsOwn(root) && object.image.identity.type == .sharedObject && object.image.interpreter == nil
  }
}

/// The one ordered set of rules every target is checked with. Each rule asks the model (and the
/// process, where the target has a loader) only what it needs; a fact the target cannot tell keeps
/// its rule silent. The order is the loader's: what fails first is said, and what fails only because
/// of it is not said again.
public struct TargetRules: Sendable {
  public var model: TargetModel

  public init(model: TargetModel) { self.model = model }

  /// Every problem of `image` (named `path` in reports) on the target.
  public func problems(image: ElfImage, path: String, process: LoadedProcess?) -> [Problem] {
    var out: [Problem] = []
    if !image.identity.osabi.isLinuxCompatible { out.append(.osabi(image.identity.osabi)) }

    // One cause, one finding: a file for another architecture fails everything after this for the
    // same reason (its interpreter, its libraries, its symbols), so nothing after it is said.
    if let identity = model.identity {
      let differences = IdentityComparison.differences(image.identity, from: identity)
      if !differences.isEmpty { return out + differences.map(Problem.identity) }
    }

    let family = image.libc.family
    if [.glibc, .musl].contains(family), let need = model.libc, [.glibc, .musl].contains(need), family != need {
      // Likewise: the loader, libc.so and every version node differ because the C library does.
      return out + [.libcFamily(have: family, need: need)]
    }

    out += interpreterProblems(image: image, process: process)
    if let process {
      out += loaderLibraryProblems(image: image, path: path, process: process)
      out += versionProblems(image: image, path: path, process: process)
      out += symbolProblems(image: image, path: path, process: process)
    } else {
      out += guaranteedLibraryProblems(image: image)
      out += versionProblems(image: image, path: path, process: nil)
      if model.libc == .musl, family == .musl, let need = image.libc.minVersion, let provided = model.libcVersion,
        let a = VersionNumber(need), let b = VersionNumber(provided), a > b
      {
        out.append(.muslTooOld(needed: need, provided: provided, reason: image.libc.reason))
      }
    }

    if model.isaLevel > 0, let needed = image.notes.x86ISANeeded, needed.highestLevel > model.isaLevel {
      out.append(.isaLevel(needed: needed, provided: model.isaLevel))
    }
    out += executableStackProblems(image: image, process: process)
    if case .sysroot = model.kind, let process { out += rpathProblems(image: image, process: process) }
    if case .host = model.kind, let host = process?.host { out += GoRules.problems(plugin: image, host: host) }
    return out
  }

  // MARK: Interpreter

  func interpreterProblems(image: ElfImage, process: LoadedProcess?) -> [Problem] {
    if case .host = model.kind { return [] }  // a plugin's PT_INTERP is never used
    if let process {
      guard process.root == 0, let interpreter = process.tree.interpreter else { return [] }
      let existing = model.interpreter == interpreter.path ? nil : model.interpreter
      if let problem = interpreter.problem {
        return interpreter.object == nil
          ? [.interpreterMissing(path: interpreter.path, reason: problem, existing: existing)]
          : [.interpreterMismatch(path: interpreter.path, reason: "is \(problem)", existing: existing)]
      }
      if let index = interpreter.object {
        let loader = process.tree.objects[index].image
        let loaderFamily: LibcFamily = loader.libc.family == .musl || interpreter.path.containsBytes("ld-musl-") ? .musl : .glibc
        if [.glibc, .musl].contains(image.libc.family), loaderFamily != image.libc.family {
          return [.interpreterMismatch(
            path: interpreter.path,
            reason: "is \(loaderFamily.rawValue)'s loader, and the file is built for \(image.libc.family.rawValue)",
            existing: existing)]
        }
      }
      return []
    }
    guard let interpreter = image.interpreter, let expected = model.interpreter, interpreter != expected else { return [] }
    return [.interpreterMismatch(path: interpreter, reason: "does not exist on \(model.label), whose loader is \(expected)", existing: expected)]
  }

  // MARK: Libraries

  func loaderLibraryProblems(image: ElfImage, path: String, process: LoadedProcess) -> [Problem] {
    var out: [Problem] = []
    let tree = process.tree
    for resolution in tree.resolutions where resolution.requester >= process.root {
      let neededBy = process.objectPath(resolution.requester, file: path)
      func miss() -> LibraryMiss {
        LibraryMiss(
          name: resolution.name, neededBy: neededBy, direct: resolution.requester == process.root,
          tried: resolution.tried, skipped: resolution.skipped,
          search: process.searchFacts(resolution.name, resolution.requester))
      }
      if let index = resolution.object {
        // Found, but not an object the loader can map: it stops there ("file too short",
        // "cannot read file data"), or maps it and the process dies (SIGBUS past the end).
        let object = tree.objects[index]
        if object.loadedBy == resolution.requester, let damage = object.image.problems.first(where: \.stopsTheLoader) {
          out.append(.libraryUnusable(miss(), path: object.location.path, reason: damage.what))
        }
        continue
      }
      if let fatal = resolution.fatal {
        out.append(.libraryUnusable(miss(), path: fatal.path, reason: fatal.reason))
      } else if resolution.isIncompatible {
        out.append(.libraryIncompatible(miss()))
      } else {
        out.append(.libraryNotFound(miss()))
      }
    }
    return out
  }



  func guaranteedLibraryProblems(image: ElfImage) -> [Problem] {
    guard let guaranteed = model.guaranteedLibraries else { return [] }
    return (image.dynamic?.needed ?? []).filter { !guaranteed.contains($0) }.map(Problem.libraryNotGuaranteed)
  }

  // MARK: Versions

  /// Each needed version node against the nodes the target has for it: the definitions of the library
  /// that actually serves the need where there is a loader, the profile's nodes of its prefix
  /// (auditwheel's rule: the text before the first `_`) where there is not.
  func versionProblems(image: ElfImage, path: String, process: LoadedProcess?) -> [Problem] {
    var out: [Problem] = []
    let objects: [(index: Int?, image: ElfImage)] = process.map { p in p.checkedObjects.map { ($0, p.tree.objects[$0].image) } } ?? [(nil, image)]
    for (index, object) in objects {
      let objectPath = index.flatMap { i in process?.objectPath(i, file: path) } ?? path
      for need in object.versionNeeds ?? [] {
        // In a loaded process the provider is the library the name resolved to, the same for every
        // node of this need: found once (it was found per node, 2.8 M of deps' 38.8 M instructions).
        var library: ProvidedNodes?
        if let process, let index { library = libraryNodes(for: need.file, requester: index, process: process) }
        for version in need.versions {
          guard let provider = process != nil && index != nil ? library : profileNodes(for: version.name) else { continue }
          let isPrivate = version.name.hasSuffix("_PRIVATE") || version.name == "PRIVATE"
          if provider.defines(version.name, hash: version.hash) {
            // The target's own files use their own private nodes as they were built to.
            if isPrivate && !(process?.isTargetsOwn(index ?? 0) ?? false) {
              out.append(
                .privateVersion(object: objectPath, library: need.file, node: version.name, symbols: object.symbolsNeeding(version: version.name, of: need.file)))
            }
            continue
          }
          let node = VersionNodeName(version.name)
          let symbols = object.symbolsNeeding(version: version.name, of: need.file)
          if node.isPrivate && provider.isProfile {
            // A profile does not list private nodes: what it can say is that they are private.
            out.append(.privateVersion(object: objectPath, library: need.file, node: version.name, symbols: symbols))
            continue
          }
          let defined = provider.defined
          let sameSeries = defined.map(VersionNodeName.init).filter { $0.series == node.series && $0.number != nil }
          let highest = LibcClassifier.highestNumbered(series: node.series, in: defined)
          let kind: VersionShortfall.Kind
          if defined.isEmpty && !provider.isProfile {
            kind = .unversionedLibrary
          } else if let mine = node.number, let top = highest.flatMap(VersionNumber.init), !sameSeries.isEmpty, mine > top {
            kind = .tooNew
          } else {
            kind = .missing
          }
          if kind == .unversionedLibrary && symbols.isEmpty && process != nil && !(object.symbols == nil) {
            continue  // no symbol binds to it: ld.so only notes "no version information available"
          }
          out.append(
            .version(
              VersionShortfall(
                kind: kind, object: objectPath, library: need.file, provider: provider.name,
                providerIsProfile: provider.isProfile, providerIsOwn: provider.isOwn, needed: version.name, provided: highest, defined: defined, symbols: symbols,
                weak: version.isWeak)))
        }
      }
    }
    return out
  }

  /// The version nodes a need is checked against: a loaded library's definitions or a profile's nodes.
  struct ProvidedNodes {
    var name: String
    var isProfile: Bool
    var isOwn = false
    private let nodes: Nodes

    /// Where the names are: a library's stay in its image (`ElfImage.defines(versionNode:)`) and become
    /// a list only for a problem's evidence.
    private enum Nodes {
      case library(ElfImage)
      case names([String])
    }

    /// A loaded library's nodes: its definitions without the base entry.
    init(library name: String, image: ElfImage, isOwn: Bool) {
      self.name = name
      self.isProfile = false
      self.isOwn = isOwn
      nodes = .library(image)
    }

    /// A profile's nodes.
    init(profile name: String, names: [String]) {
      self.name = name
      self.isProfile = true
      nodes = .names(names)
    }

    /// The node names, in file (or profile) order.
    var defined: [String] {
      switch nodes {
      case .library(let image): image.definedVersionNames
      case .names(let names): names
      }
    }

    /// Whether `node` is one of them; `hash` is the need's ELF hash of it (a library's definitions
    /// are looked through by it first).
    func defines(_ node: String, hash: UInt32) -> Bool {
      switch nodes {
      case .library(let image): image.defines(versionNode: node, hash: hash)
      case .names(let names): names.contains(node)
      }
    }
  }

  /// The nodes the library `file` resolved to in the loaded process defines (nil: not found, said
  /// as a library problem, or its version sections were not read).
  func libraryNodes(for file: String, requester: Int, process: LoadedProcess) -> ProvidedNodes? {
    let tree = process.tree
    guard let provider = tree.resolutions.first(where: { $0.requester == requester && $0.name == file })?.object
      ?? tree.objects.firstIndex(where: { $0.image.dynamic?.soname == file })
    else { return nil }  // not found: said as a library problem
    let library = tree.objects[provider]
    // A library whose version sections were not read (deps reads them) cannot be judged.
    guard library.image.versionDefinitions != nil else { return nil }
    // The user's own copy: one of their files, or found in a --library-path folder.
    var isOwn = library.rule == .libraryPath
    if case .host = library.location { isOwn = true }
    return ProvidedNodes(library: library.location.path, image: library.image, isOwn: isOwn)
  }

  /// The nodes of `version`'s series the target model (a profile) provides.
  func profileNodes(for version: String) -> ProvidedNodes? {
    guard let underscore = version.utf8.firstIndex(of: UInt8(ascii: "_")) else { return nil }
    let prefix = String(version[..<underscore])
    guard let nodes = model.nodes(prefix: prefix) else { return nil }
    return ProvidedNodes(profile: model.tag ?? model.label, names: nodes.map { "\(prefix)_\($0)" })
  }

  // MARK: Symbols

  /// Each undefined, non-weak symbol against the objects in the file's lookup scope, in order.
  func symbolProblems(image: ElfImage, path: String, process: LoadedProcess) -> [Problem] {
    let tree = process.tree
    // A library of the target's own (an image checked against itself), checked alone: its undefined
    // symbols are the loading program's to provide (libthread_db's ps_* are gdb's), and the target's
    // own builds are consistent with each other.
    if process.isTargetsOwnLibrary { return [] }
    let scope = tree.scope(dlopened: process.root)
    let exported = SymbolScope.exports(tree, scope: scope)
    // Symbols of libraries that were not found, or cannot be mapped, are reported as that library.
    let incomplete = tree.resolutions.contains { $0.object == nil && $0.requester >= process.root }
      || tree.objects[process.root...].contains { $0.image.problems.contains(where: \.stopsTheLoader) }
    var out: [Problem] = []
    for index in process.checkedObjects {
      let object = tree.objects[index]
      guard let symbols = object.image.symbols else { continue }
      let objectPath = process.objectPath(index, file: path)
      for symbol in symbols where !symbol.isDefined && symbol.binding == .global && !symbol.name.isEmpty {
        let definitions = exported[symbol.name] ?? []
        let bound: Bool
        if let version = symbol.version {
          bound = definitions.contains { $0?.name == version.name }
          // A node the providing library lacks is said once, as a version problem naming this symbol.
          if !bound, let file = version.file {
            let provider = tree.resolutions.first { $0.requester == index && $0.name == file }?.object
            guard let provider, tree.objects[provider].image.defines(versionNode: version.name) else { continue }
          }
        } else {
          bound = definitions.contains { $0 == nil || $0?.isHidden == false }
          if !bound && incomplete { continue }
        }
        if bound { continue }
        if let other = CxxStringABI.counterpart(of: symbol.name), exported[other] != nil {
          let fileABI: CxxStringABI = symbol.name.containsBytes("St7__cxx11") ? .cxx11 : .legacy
          let targetImage = process.host ?? tree.objects.first { exportsSymbol($0.image, other) }?.image
          out.append(.cxxStringABI(symbol: symbol.name, counterpart: other, fileABI: fileABI, targetABI: targetImage.flatMap(CxxStringABI.of)))
          continue
        }
        out.append(
          .symbolUnresolved(
            SymbolMiss(
              object: objectPath, symbol: symbol.name, version: symbol.version?.name,
              searched: scope.map { tree.objects[$0].location.path },
              definedButNotExported: process.host?.staticSymbolNames?.contains(symbol.name) == true)))
      }
    }
    return out
  }

  func exportsSymbol(_ image: ElfImage, _ name: String) -> Bool {
    (image.symbols ?? []).contains { $0.isDefined && $0.name == name }
  }

  // MARK: Stack, paths

  func executableStackProblems(image: ElfImage, process: LoadedProcess?) -> [Problem] {
    guard image.identity.type == .sharedObject, image.interpreter == nil, image.stack.requiresExecutableStack else { return [] }
    if model.refusesExecutableStack { return [.executableStack(image.stack, refused: true)] }
    // Before glibc 2.41 a plugin still loads, and makes its host's whole stack executable (unless
    // the host's already is).
    if case .host = model.kind, process?.host?.stack.requiresExecutableStack != true {
      return [.executableStack(image.stack, refused: false)]
    }
    return []
  }

  func rpathProblems(image: ElfImage, process: LoadedProcess) -> [Problem] {
    guard process.root == 0 else { return [] }
    var out: [Problem] = []
    for (tag, entries) in [("RPATH", image.dynamic?.rpath ?? []), ("RUNPATH", image.dynamic?.runpath ?? [])] {
      for entry in entries where entry.hasPrefix("/") && !process.hasFolder(entry) {
        out.append(.rpathOutside(tag: tag, entry: entry))
      }
    }
    return out
  }
}

/// The symbols a scope exports.
enum SymbolScope {
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
}
