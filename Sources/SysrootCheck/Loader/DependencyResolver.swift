import AbiScan

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Resolves a program's dependencies inside a sysroot the way the target's dynamic loader would.
///
/// glibc's order (elf/dl-load.c, `_dl_map_object`): a name with a slash is a
/// path; an object already loaded under that soname is reused; DT_RPATH of
/// the requester and then of each object up the loading chain, unless the
/// requester has DT_RUNPATH (an object's DT_RPATH is ignored when it has
/// DT_RUNPATH); LD_LIBRARY_PATH; the requester's DT_RUNPATH; /etc/ld.so.cache;
/// the default folders (both skipped under DF_1_NODEFLIB). A candidate of the
/// wrong class, machine or ABI is skipped and the search goes on. musl
/// (ldso/dynlink.c, `load_library`): reserved libc names are the loader
/// itself; LD_LIBRARY_PATH; RPATH/RUNPATH of the requester and its loaders;
/// /etc/ld-musl-ARCH.path or /lib:/usr/local/lib:/usr/lib.
public struct DependencyResolver: Sendable {
  /// The target's root.
  public var sysroot: Sysroot
  /// Folders that play LD_LIBRARY_PATH.
  public var libraryPath: [Location]
  /// The glibc-hwcaps subfolders the target CPU supports, best first (`x86-64-v3`, `x86-64-v2`); empty
  /// for a baseline CPU. glibc 2.33 and later look in `DIR/glibc-hwcaps/NAME/` before each `DIR`.
  public var hwcaps: [String] = []
  /// Images read in this run.
  public var cache: ImageCache
  /// The sysroot's /etc/ld.so.cache, parsed once per run.
  public let ldSoCache: LdSoCache?
  /// The sysroot's /etc/ld.so.conf, read on first use and once per run. The loader's search asks for
  /// it only when the sysroot has no ld.so.cache (ld.so reads the cache alone; the conf is ldconfig's
  /// input); with a cache it is read only to explain a library the cache lacks. Reading it for every
  /// run was 1.7 M of the 26.6 M instructions of `deps` of 26 programs.
  public var ldSoConf: LdSoConf {
    let sysroot = self.sysroot
    return conf.withLock { known in
      if let known { return known }
      let read = LdSoConf(sysroot: sysroot)
      known = read
      return read
    }
  }
  private let conf = Locked<LdSoConf?>(nil)

  /// The default folders and `$LIB` of each (platform, flavor) met in this run, found once: the
  /// sysroot's folders do not change during a run, and finding them for every tree (two folder
  /// resolutions and six paths made) was 0.25 M of the 11.4 M instructions of `deps` of 26 programs.
  /// A list, not a dictionary: a run meets one or two platforms.
  private let layouts = Locked<[FolderLayout]>([])

  /// Where the loader looks by default for one platform and flavor.
  private struct FolderLayout {
    /// What the folders are found from: the platform's folder names (not the whole platform, whose
    /// identity holds each program's entry address) and the flavor.
    let multiarch: String
    let libFolder: String
    let muslArch: String
    let flavor: LoaderFlavor
    let defaults: [(SearchRule, String)]
    let lib: String

    func isFor(_ platform: TargetPlatform, _ flavor: LoaderFlavor) -> Bool {
      multiarch == platform.multiarch && libFolder == platform.libFolder && muslArch == platform.muslArch
        && self.flavor == flavor
    }
  }

  /// The layout for `platform` and `flavor`, found on first use. Found under the lock, so two
  /// threads never both find it (the sysroot look-ups it makes take only the sysroot's own locks).
  private func layout(_ platform: TargetPlatform, flavor: LoaderFlavor) -> (index: Int, layout: FolderLayout) {
    layouts.withLock { known in
      if let index = known.firstIndex(where: { $0.isFor(platform, flavor) }) { return (index, known[index]) }
      let found = FolderLayout(
        multiarch: platform.multiarch, libFolder: platform.libFolder, muslArch: platform.muslArch, flavor: flavor,
        defaults: defaultFolders(platform, flavor: flavor), lib: libToken(platform))
      known.append(found)
      return (known.count - 1, found)
    }
  }

  /// The searches made in this run that the tree they were made for did not shape, by what they
  /// depend on (see `SearchKey`).
  private let searches = RunCache<SearchKey, [SearchStep]>()

  /// Objects loaded before the rest is refused: real programs load a few hundred.
  public static let maxObjects = 10_000

  public init(sysroot: Sysroot, libraryPath: [Location] = [], hwcaps: [String] = [], cache: ImageCache) {
    self.sysroot = sysroot
    self.libraryPath = libraryPath
    self.hwcaps = hwcaps
    self.cache = cache
    ldSoCache = sysroot.read("/etc/ld.so.cache").flatMap(LdSoCache.init(bytes:))
  }

  /// The loader flavor for a program: musl when it or the sysroot says so, glibc otherwise.
  public func flavor(for image: ElfImage, platform: TargetPlatform) -> LoaderFlavor {
    if image.libc.family == .musl { return .musl }
    if image.libc.family == .glibc { return .glibc }
    if (try? sysroot.resolve(platform.muslInterpreter)) != nil,
      (try? sysroot.resolve(platform.glibcInterpreter)) == nil
    {
      return .musl
    }
    return .glibc
  }

  /// The loader's default folders for `platform` that exist in the sysroot, in search order.
  public func defaultFolders(_ platform: TargetPlatform, flavor: LoaderFlavor) -> [(SearchRule, String)] {
    switch flavor {
    case .musl:
      if let bytes = sysroot.read("/etc/ld-musl-\(platform.muslArch).path", limit: 1 << 16) {
        let text = String(decoding: bytes, as: UTF8.self)
        return text.split(whereSeparator: { $0 == "\n" || $0 == ":" }).map { (.muslPathFile, String($0)) }
      }
      return ["/lib", "/usr/local/lib", "/usr/lib"].map { (.defaultPath, $0) }
    case .glibc:
      var folders: [String] = []
      let multiarch = ["/lib/\(platform.multiarch)", "/usr/lib/\(platform.multiarch)"]
      if multiarch.contains(where: sysroot.isFolder) { folders += multiarch }
      if platform.libFolder != "lib" {
        folders += ["/\(platform.libFolder)", "/usr/\(platform.libFolder)"]
      }
      folders += ["/lib", "/usr/lib"]
      return folders.map { (.defaultPath, $0) }
    }
  }

  /// What `$LIB` expands to on the target: the multiarch folder where the sysroot has one.
  func libToken(_ platform: TargetPlatform) -> String {
    sysroot.isFolder("/lib/\(platform.multiarch)") ? "lib/\(platform.multiarch)" : platform.libFolder
  }

  /// Resolves the tree of `root`, an object at `location` already read.
  public func resolve(root image: ElfImage, at location: Location) -> DependencyTree {
    let platform = TargetPlatform(identity: image.identity)
    let flavor = self.flavor(for: image, platform: platform)
    let rootReal: Location
    if case .found(_, let real, _) = lookUp(location) { rootReal = real } else { rootReal = location }
    var objects = [
      LoadedObject(location: location, realLocation: rootReal, image: image, loadedBy: nil, rule: nil, isInterpreter: false)
    ]
    var interpreter: InterpreterResolution? = nil

    if let interp = image.interpreter {
      var resolution = InterpreterResolution(path: interp, object: nil, problem: nil, hops: [])
      switch lookUp(.sysroot(interp)) {
      case .missing(let why):
        resolution.problem = why
      case .found(let named, let resolved, let hops):
        resolution.hops = hops
        switch cache.image(at: resolved, in: sysroot, displayPath: named.path) {
        case .failure(let error):
          resolution.problem = error.message
        case .success(let interpImage):
          let differences = IdentityComparison.differences(interpImage.identity, from: image.identity)
          if !differences.isEmpty {
            resolution.problem = differences.map(\.description).joined(separator: ", ")
          }
          resolution.object = objects.count
          objects.append(
            LoadedObject(
              location: named, realLocation: resolved, image: interpImage, loadedBy: nil, rule: nil, isInterpreter: true))
        }
      }
      interpreter = resolution
    }

    var tree = DependencyTree(objects: objects, resolutions: [], interpreter: interpreter, flavor: flavor)
    load(from: 0, into: &tree, identity: image.identity, platform: platform)
    return tree
  }

  /// Extends a program's tree with a plugin it dlopens: the plugin joins the process after the
  /// program's own objects, and its needs are resolved as ld.so would at dlopen time, reusing every
  /// object the program already loaded (by soname), with the program as the plugin's loader.
  public func resolve(dlopen plugin: ElfImage, at location: Location, into host: DependencyTree) -> DependencyTree {
    var tree = host
    let real: Location
    if case .found(_, let resolved, _) = lookUp(location) { real = resolved } else { real = location }
    let index = tree.objects.count
    tree.objects.append(
      LoadedObject(location: location, realLocation: real, image: plugin, loadedBy: 0, rule: nil, isInterpreter: false))
    let identity = host.objects[0].image.identity
    load(from: index, into: &tree, identity: identity, platform: TargetPlatform(identity: identity))
    return tree
  }

  /// The loader's breadth-first walk from object `start` on: every DT_NEEDED of every object loaded.
  private func load(from start: Int, into tree: inout DependencyTree, identity required: ElfIdentity, platform: TargetPlatform) {
    let flavor = tree.flavor
    var objects = tree.objects
    var resolutions = tree.resolutions
    let interpreter = tree.interpreter
    let cacheFile = flavor == .glibc ? ldSoCache : nil
    let conf = flavor == .glibc && ldSoCache == nil ? ldSoConf : nil
    let (layoutIndex, layout) = self.layout(platform, flavor: flavor)
    let defaults = layout.defaults
    let lib = layout.lib
    // The end of every search (ld.so.conf's folders without a cache, then the default folders, each
    // behind its glibc-hwcaps subfolders) is the same for every need of the tree: built once, not per
    // need (building and joining the whole list for each need was 0.5 M of 18 M instructions of `deps`).
    let tail = defaultCandidates(flavor: flavor, conf: conf, defaults: defaults)

    var queue = start
    while queue < objects.count {
      let requester = queue
      queue += 1
      if objects[requester].isInterpreter && objects[requester].loadedBy == nil { continue }
      // The RPATH and RUNPATH lists the requester's searches go through, found once for all its needs.
      // Without any, its searches follow from the sysroot and the run alone (no folder, perhaps
      // $ORIGIN-relative, in front): they can be remembered for other trees.
      let ownPaths = searchPaths(for: requester, objects: objects, flavor: flavor)
      let nodeflib = objects[requester].image.dynamic?.ignoresDefaultLibraryPaths ?? false
      for name in objects[requester].image.dynamic?.needed ?? [] {
        var resolution = NeededResolution(
          name: name, requester: requester, object: nil, rule: nil, skipped: [], tried: [])
        if let existing = loadedIndex(of: name, in: objects) {
          resolution.object = existing
          resolution.rule = .alreadyLoaded
          if objects[existing].isInterpreter && objects[existing].loadedBy == nil {
            objects[existing].loadedBy = requester
          }
          resolutions.append(resolution)
          continue
        }
        if flavor == .musl, Self.isMuslBuiltin(name), let interp = interpreter?.object {
          resolution.object = interp
          resolution.rule = .muslBuiltin
          if objects[interp].loadedBy == nil { objects[interp].loadedBy = requester }
          resolutions.append(resolution)
          continue
        }
        var cacheSkipped: [SkippedCandidate] = []
        /// Applies one step of the search to this tree; true when the search ends with it (found, or a
        /// fatal error). The candidate's image is read here, unless the step carries it already or the
        /// file is an object this tree has loaded (then the step stays without it).
        func apply(_ step: inout SearchStep) -> Bool {
          if let tried = step.tried { resolution.tried.append(tried) }
          guard let named = step.named, let resolved = step.resolved else { return false }
          // The same file under another name is the same object, as ld.so tells by device and inode.
          if let same = objectIndex(at: resolved, in: objects) {
            resolution.object = same
            resolution.rule = step.rule
            return true
          }
          let read = step.image ?? cache.image(at: resolved, in: sysroot, displayPath: named.path)
          step.image = read
          switch read {
          case .failure(let error):
            let candidate = SkippedCandidate(path: named.path, reason: error.message, rule: step.rule)
            resolution.skipped.append(candidate)
            // glibc's open_verify calls lose() for a file it cannot read as ELF: the search ends there.
            if flavor == .glibc { resolution.fatal = candidate }
          case .success(let candidateImage):
            let differences = IdentityComparison.differences(candidateImage.identity, from: required)
            if !differences.isEmpty {
              let skipped = SkippedCandidate(
                path: named.path, reason: differences.map(\.description).joined(separator: ", "), rule: step.rule)
              // ld.so only considers cache entries whose flags name its own architecture, so another
              // architecture's entries (multilib) are passed over silently; they explain a failure only.
              if step.rule == .ldSoCache { cacheSkipped.append(skipped) } else { resolution.skipped.append(skipped) }
              return false
            }
            guard objects.count < Self.maxObjects else { return true }
            resolution.object = objects.count
            resolution.rule = step.rule
            objects.append(
              LoadedObject(
                location: named, realLocation: resolved, image: candidateImage, loadedBy: requester, rule: step.rule,
                isInterpreter: false))
          }
          return resolution.object != nil || resolution.fatal != nil
        }
        let key =
          ownPaths.isEmpty && !name.containsByte(UInt8(ascii: "/"))
          ? SearchKey(
            name: name, layout: layoutIndex, elfClass: required.elfClass, endianness: required.endianness,
            machine: required.machine, flags: required.flags.value, nodeflib: nodeflib)
          : nil
        if let key, let steps = searches.lookUp(key) {
          // The same search made for an earlier tree: its steps again, without a path walked or a
          // folder list built (at 200 programs, 85% of the searches are for a name already searched).
          for var step in steps where apply(&step) { break }
        } else {
          let (head, withDefaults) = searchFolders(
            for: requester, objects: objects, paths: ownPaths, flavor: flavor, platform: platform, lib: lib,
            cache: cacheFile, name: name)
          var steps: [SearchStep] = []
          func attempt(_ rule: SearchRule, _ candidate: Candidate) -> Bool {
            var step = SearchStep(rule: rule)
            let file: Location
            switch candidate {
            case .folder(let folder):
              step.tried = "\(rule.rawValue): \(folder.path)"
              file = folder.appending(name)
            case .file(let path):
              file = path
            }
            if case .found(let named, let resolved, _) = lookUp(file) {
              step.named = named
              step.resolved = resolved
            }
            let ends = apply(&step)
            steps.append(step)
            return ends
          }
          if !head.contains(where: attempt), withDefaults { _ = tail.contains(where: attempt) }
          // Kept only when no step met an object of this tree (each found file's image was read).
          if let key, steps.allSatisfy({ $0.resolved == nil || $0.image != nil }) { searches.store(steps, for: key) }
        }
        if resolution.object == nil { resolution.skipped = cacheSkipped + resolution.skipped }
        resolutions.append(resolution)
      }
    }
    tree.objects = objects
    tree.resolutions = resolutions
  }

  /// The RPATH and RUNPATH lists a requester's searches go through, each with the object it came from
  /// (its folder is `$ORIGIN`), in search order. glibc: the RPATH of the requester and of each object up
  /// its loading chain that has no RUNPATH, unless the requester has a RUNPATH, which is searched (after
  /// LD_LIBRARY_PATH) instead. musl: the RPATH and RUNPATH of every object up the chain.
  struct SearchPaths {
    var rpath: [(owner: Int, entries: [String])] = []
    var runpath: [String] = []
    var isEmpty: Bool { rpath.isEmpty && runpath.isEmpty }
  }

  private func searchPaths(for requester: Int, objects: [LoadedObject], flavor: LoaderFlavor) -> SearchPaths {
    // Fields read in place: a copy of the LoadedObject (its whole ElfImage) per owner in the chain was
    // part of 1.9 M of the 26.6 M instructions of `deps` of 26 programs.
    var paths = SearchPaths()
    if flavor == .glibc, let runpath = objects[requester].image.dynamic?.runpath, !runpath.isEmpty {
      paths.runpath = runpath
      return paths
    }
    var current: Int? = requester
    var steps = 0
    while let index = current, steps < Self.maxObjects {
      let rpath = objects[index].image.dynamic?.rpath ?? []
      let runpath = objects[index].image.dynamic?.runpath ?? []
      switch flavor {
      case .glibc: if runpath.isEmpty && !rpath.isEmpty { paths.rpath.append((index, rpath)) }
      case .musl: if !(rpath.isEmpty && runpath.isEmpty) { paths.rpath.append((index, rpath + runpath)) }
      }
      current = objects[index].loadedBy
      steps += 1
    }
    return paths
  }

  /// The first object a need for `name` reuses: glibc compares a needed name with each loaded object's
  /// soname, and an object without one with its file name once a need loaded it (musl: its short name).
  ///
  /// A loop over indices that reads each object's fields in place: `firstIndex(where:)` handed every
  /// object it looked at to its closure as a copy (the ElfImage's arrays retained and released), 0.7 M
  /// of the 20.5 M instructions of `deps` of 26 programs; a dictionary by soname cost as much in hashing.
  private func loadedIndex(of name: String, in objects: [LoadedObject]) -> Int? {
    if name.containsByte(UInt8(ascii: "/")) { return nil }
    // Lengths first (O(1) for every native String): a full comparison with each loaded object's soname
    // was 1.5 M of the 44 M instructions of `deps` of 200 programs.
    let length = name.utf8.count
    for at in objects.indices {
      if let soname = objects[at].image.dynamic?.soname {
        if soname.utf8.count == length && soname == name { return at }
      } else if objects[at].loadedBy != nil && objects[at].location.path.lastPathComponent == name {
        return at
      }
    }
    return nil
  }

  /// The object already loaded from `file` (links resolved), as ld.so tells by device and inode.
  private func objectIndex(at file: Location, in objects: [LoadedObject]) -> Int? {
    for at in objects.indices where objects[at].realLocation == file { return at }
    return nil
  }

  /// Names musl's loader answers itself, because libc, libm, libpthread and friends are all in libc.so.
  static func isMuslBuiltin(_ name: String) -> Bool {
    let builtins = ["libc", "libdl", "libm", "libpthread", "librt", "libutil", "libxnet", "libcrypt"]
    return builtins.contains { name == "\($0).so" || name.hasPrefix("\($0).so.") }
      || name.hasPrefix("libc.musl-") || name.hasPrefix("ld-musl-")
  }

  enum Candidate {
    case folder(Location)
    case file(Location)
  }

  /// Where the loader looks for `name` before its default folders (RPATH, LD_LIBRARY_PATH, RUNPATH, the
  /// cache), in order, and whether the default folders (`defaultCandidates`) follow.
  private func searchFolders(
    for requester: Int, objects: [LoadedObject], paths: SearchPaths, flavor: LoaderFlavor, platform: TargetPlatform,
    lib: String, cache: LdSoCache?, name: String
  ) -> (head: [(SearchRule, Candidate)], withDefaults: Bool) {
    if name.containsByte(UInt8(ascii: "/")) {
      let location: Location =
        name.hasPrefix("/") ? .sysroot(name) : objects[requester].location.folder.appending(name)
      return ([(.path, .file(location))], false)
    }
    var out: [(SearchRule, Candidate)] = []
    func expand(_ entries: [String], of owner: Int, rule: SearchRule) {
      guard !entries.isEmpty else { return }  // no `$ORIGIN` folder made for nothing
      let origin = objects[owner].location.folder
      for entry in entries {
        out.append((rule, .folder(expandTokens(entry, origin: origin, lib: lib, platform: platform))))
      }
    }
    switch flavor {
    case .glibc:
      for (owner, entries) in paths.rpath { expand(entries, of: owner, rule: .rpath) }
      out += libraryPath.map { (.libraryPath, .folder($0)) }
      expand(paths.runpath, of: requester, rule: .runpath)
      let nodeflib = objects[requester].image.dynamic?.ignoresDefaultLibraryPaths ?? false
      if !nodeflib, let cache {
        // ld.so reads only the cache; ld.so.conf is ldconfig's input, not the loader's. Its
        // glibc-hwcaps entries come first, for the subfolders the CPU supports.
        out += cache.hwcapsPaths(for: name, subfolders: hwcaps).map { (.ldSoCache, .file(.sysroot($0))) }
        out += cache.paths(for: name).map { (.ldSoCache, .file(.sysroot($0))) }
      }
      return (withHwcaps(out), !nodeflib)
    case .musl:
      out += libraryPath.map { (.libraryPath, .folder($0)) }
      for (owner, entries) in paths.rpath { expand(entries, of: owner, rule: .rpath) }
      return (out, true)
    }
  }

  /// The end of every search: for glibc, ld.so.conf's folders when the sysroot has no cache (`conf` is
  /// given only then: ldconfig never ran in this tree, so its folders are what the cache would hold),
  /// then the default folders.
  private func defaultCandidates(flavor: LoaderFlavor, conf: LdSoConf?, defaults: [(SearchRule, String)]) -> [(SearchRule, Candidate)] {
    let folders = defaults.map { ($0.0, Candidate.folder(.sysroot($0.1))) }
    switch flavor {
    case .glibc:
      let fromConf = (conf?.folders ?? []).map { (SearchRule.ldSoConf, Candidate.folder(.sysroot($0))) }
      return withHwcaps(fromConf + folders)
    case .musl:
      return folders
    }
  }

  /// glibc 2.33 and later look in each folder's `glibc-hwcaps/NAME/` subfolders (those the CPU supports,
  /// best first) before the folder itself.
  private func withHwcaps(_ candidates: [(SearchRule, Candidate)]) -> [(SearchRule, Candidate)] {
    guard !hwcaps.isEmpty else { return candidates }
    return candidates.flatMap { rule, candidate -> [(SearchRule, Candidate)] in
      guard case .folder(let folder) = candidate else { return [(rule, candidate)] }
      return hwcaps.map { (rule, .folder(folder.appending("glibc-hwcaps/\($0)"))) } + [(rule, candidate)]
    }
  }

  /// Expands `$ORIGIN`, `$LIB` and `$PLATFORM` (and their `${...}` forms) for the target, not the host.
  func expandTokens(_ entry: String, origin: Location, lib: String, platform: TargetPlatform) -> Location {
    var text = entry
    var isOriginRelative = false
    // Most entries hold no token at all.
    for (token, value) in entry.containsByte(UInt8(ascii: "$")) ? [("ORIGIN", origin.path), ("LIB", lib), ("PLATFORM", platform.platform)] : [] {
      for spelled in ["${\(token)}", "$\(token)"] where text.containsBytes(spelled) {
        if token == "ORIGIN" { isOriginRelative = true }
        text = text.replacingBytes(spelled, with: value)
      }
    }
    if isOriginRelative, case .host = origin { return .host(text) }
    if !text.hasPrefix("/"), case .host = origin { return .host(text) }
    return .sysroot(text.hasPrefix("/") ? text : "/" + text)
  }

  enum LookUp {
    /// The file as it was named, and with every link resolved.
    case found(Location, Location, hops: [String])
    case missing(String)
  }

  /// Finds a regular file: inside the sysroot through the confined walk, or on the host as is.
  func lookUp(_ location: Location) -> LookUp {
    switch location {
    case .sysroot(let path):
      do throws(SysrootError) {
        guard let resolved = try sysroot.resolve(path) else { return .missing("does not exist in the sysroot") }
        guard sysroot.kind(of: resolved) == .regular else { return .missing("is not a regular file") }
        return .found(.sysroot(Self.normalize(path)), .sysroot(resolved.path), hops: resolved.hops)
      } catch {
        return .missing(error.reason)
      }
    case .host(let path):
      var info = stat()
      guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return .missing("does not exist") }
      // Into uninitialised scratch space (a zeroed PATH_MAX array was 4,000 instructions a file).
      let real =
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: Int(PATH_MAX) + 1) { buffer -> String? in
          guard let base = buffer.baseAddress, realpath(path, base) != nil else { return nil }
          return String(cString: base)
        } ?? Self.normalize(path)
      return .found(.host(Self.normalize(path)), .host(real), hops: [])
    }
  }

  /// `a/./b/../c` as `a/c`, so the same host file is recognised however a path spelled it.
  static func normalize(_ path: String) -> String {
    // Most paths are already plain (no `.`, `..` or `//` components, no trailing slash): leave them as
    // they are. Checked in the contiguous UTF-8 bytes (the view's iterator cost 1,300 instructions a path).
    let plain =
      path.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
        guard let first = bytes.first else { return true }
        if first == UInt8(ascii: ".") { return false }
        var previous: UInt8 = 0
        for byte in bytes {
          if previous == UInt8(ascii: "/") && (byte == UInt8(ascii: "/") || byte == UInt8(ascii: ".")) { return false }
          previous = byte
        }
        return previous != UInt8(ascii: "/") || bytes.count == 1
      } ?? false
    if plain { return path }
    var parts: [Substring] = []
    for part in path.split(separator: "/", omittingEmptySubsequences: true) {
      if part == "." { continue }
      if part == "..", let last = parts.last, last != ".." {
        parts.removeLast()
        continue
      }
      parts.append(part)
    }
    return (path.hasPrefix("/") ? "/" : "") + parts.joined(separator: "/")
  }
}

extension Location {
  /// The host path to open: sysroot paths here are already resolved (no links), so joining cannot escape.
  func hostPathForReading(_ sysroot: Sysroot) -> String {
    switch self {
    case .sysroot(let path): return sysroot.hostRoot + path
    case .host(let path): return path
    }
  }
}
