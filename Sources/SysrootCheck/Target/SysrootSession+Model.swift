import AbiScan

extension SysrootSession {
  /// The sysroot as a file built like `image` sees it: the C library that can serve it (or the
  /// sysroot's main one), the interpreter it has for that architecture, the CPU level `--hwcaps` names.
  public func model(for image: ElfImage, tree: DependencyTree? = nil) -> TargetModel {
    // The C library the loader found for this file is the target's for it; the sysroot's folders are
    // searched for one only when the tree has none (a static file, a libc that is missing).
    let libc = tree.flatMap(Self.libc(in:)) ?? libc(for: image.identity, family: image.libc.family)
    let platform = libc.map { TargetPlatform(identity: $0.identity) }
    let release = self.release
    let interpreter = platform.flatMap { p -> String? in
      let wanted = libc?.family == .musl ? p.muslInterpreter : p.glibcInterpreter
      return (try? sysroot.resolve(wanted)) != nil ? wanted : nil
    }
    let level = platform?.identity.machine == .x86_64 && platform?.identity.elfClass == .elf64 ? hwcapsLevel : 0
    var model = TargetModel(
      kind: .sysroot(path: sysroot.displayRoot),
      label: libc.map { "the sysroot's \($0.path)" } ?? "the sysroot \(sysroot.displayRoot)",
      identity: libc?.identity,
      libc: libc?.family, libcVersion: libc?.version, libcLabel: libc?.path ?? "none found",
      interpreter: interpreter, isaLevel: level,
      isaLabel: level <= 1 ? "the target CPU is taken as baseline (--hwcaps names a higher level)" : "--hwcaps names x86-64-v\(level)",
      // An archive is no folder a compiler's --sysroot can take: its fixes name none.
      build: .sysroot(path: sysroot.isArchive ? "" : sysroot.displayRoot, platform: platform, family: libc?.family),
      distribution: release.distribution, release: release.version,
      foreignArchitecture: platform.map { $0.identity.machine != TargetPlatform.thisMachine.machine || $0.identity.elfClass != TargetPlatform.thisMachine.elfClass } ?? false)
    model.isaLevelKnown = !resolver.hwcaps.isEmpty
    return model
  }

  /// The C library a tree loaded: glibc's libc.so.6, or musl's loader (which is its libc).
  static func libc(in tree: DependencyTree) -> SysrootLibc? {
    for object in tree.objects.dropFirst() {
      let image = object.image
      if image.dynamic?.soname == "libc.so.6", let definitions = image.versionDefinitions {
        // The reader's classifier already took the highest GLIBC_ node it defines (once per file,
        // not once per tree that loads it).
        let version = image.libc.providedVersion
          ?? LibcClassifier.highestNumbered(series: "GLIBC", in: definitions.filter { !$0.isBase }.map(\.name))
        return SysrootLibc(path: object.location.path, identity: image.identity, family: .glibc, version: version)
      }
      if object.isInterpreter, object.location.path.containsBytes("ld-musl-") {
        return SysrootLibc(path: object.location.path, identity: image.identity, family: .musl, version: image.libc.providedVersion)
      }
    }
    return nil
  }

  /// The x86-64 level `--hwcaps` names (1 for baseline).
  var hwcapsLevel: Int {
    resolver.hwcaps.compactMap { $0.hasPrefix("x86-64-v") ? Int($0.dropFirst(8)) : nil }.max() ?? 1
  }

  /// The distribution the sysroot is and its release, from /etc/os-release (its ID, or the first of
  /// ID_LIKE that fixes know, and VERSION_ID), or the release files Alpine and Debian keep.
  var release: (distribution: String?, version: String?) {
    if let known = foundRelease.withLock({ $0 }) { return known }
    let found = readRelease()
    foundRelease.withLock { $0 = found }
    return found
  }

  private func readRelease() -> (distribution: String?, version: String?) {
    if let bytes = sysroot.read("/etc/os-release", limit: 64 << 10) ?? sysroot.read("/usr/lib/os-release", limit: 64 << 10) {
      var ids: [String] = []
      var version: String?
      // Lines split in the bytes, and only the three keys' lines made Strings: splitting the text into
      // Characters was 110,000 instructions of a `deps` run of 9 M.
      for lineBytes in bytes.split(separator: UInt8(ascii: "\n")) {
        guard let first = lineBytes.first, first == UInt8(ascii: "I") || first == UInt8(ascii: "V") else { continue }
        let line = String(decoding: lineBytes, as: UTF8.self)
        for key in ["ID=", "ID_LIKE="] where line.hasPrefix(key) {
          ids += line.dropFirst(key.count).replacingBytes("\"", with: "").split(separator: " ").map(String.init)
        }
        if line.hasPrefix("VERSION_ID=") { version = line.dropFirst(11).replacingBytes("\"", with: "") }
      }
      let known = ["debian", "ubuntu", "alpine", "rhel", "fedora", "amzn"]
      if let id = ids.first(where: known.contains) { return (id == "amzn" ? "amazonlinux" : id, ids.first == id ? version : nil) }
    }
    if sysroot.read("/etc/alpine-release", limit: 256) != nil { return ("alpine", nil) }
    if let bytes = sysroot.read("/etc/debian_version", limit: 256) {
      let major = String(decoding: bytes, as: UTF8.self).prefix { $0.isNumber }
      return ("debian", major.isEmpty ? nil : String(major))
    }
    return (nil, nil)
  }

  var distribution: String? { release.distribution }

  /// The file's process, with what fixes for a missed library need: copies elsewhere in the sysroot
  /// or among the user's own files, a stale cache, the search paths that did not reach it.
  func process(tree: DependencyTree, root: Int, host: ElfImage?, bundle: [String: [String]]) -> LoadedProcess {
    let sysroot = self.sysroot
    let resolver = self.resolver
    return LoadedProcess(
      tree: tree, root: root, host: host,
      searchFacts: { name, requester in
        let object = tree.objects[requester]
        var facts = SearchFacts()
        facts.rpath = object.image.dynamic?.rpath ?? []
        facts.runpath = object.image.dynamic?.runpath ?? []
        facts.requesterIsFile = requester == root
        facts.programRunpath = tree.objects[root].image.dynamic?.runpath ?? []
        if case .host(let path) = object.location { facts.requesterFolder = Location.parent(of: path) }
        facts.inBundle = (bundle[name] ?? []).filter { $0 != object.location.path }
        if facts.inBundle.isEmpty { facts.elsewhere = InstalledPackages(sysroot: sysroot).locate(name) }
        facts.staleCacheFolders = resolver.ldSoConf.folders.filter { (try? sysroot.resolve($0 + "/" + name)) != nil }
        return facts
      },
      hasFolder: { sysroot.isFolder($0) })
  }

  /// The user's own files by name (their basename and soname), to find a library that was shipped but not reached.
  static func bundle(_ files: [FileEntry]) -> [String: [String]] {
    var out: [String: [String]] = [:]
    for file in files where !file.inArchive {
      guard let image = file.image else { continue }
      let path = DependencyResolver.normalize(file.locationPath)
      var names = [Location.basename(of: path)]
      if let soname = image.dynamic?.soname, soname != names[0] { names.append(soname) }
      for name in names { out[name, default: []].append(path) }
    }
    return out
  }

  /// Every finding for one file in its process on this sysroot, from the one set of rules.
  func findings(entry: FileEntry, image: ElfImage, tree: DependencyTree, bundle: [String: [String]]) -> [Finding] {
    let model = model(for: image, tree: tree)
    let problems = TargetRules(model: model).problems(
      image: image, path: entry.path, process: process(tree: tree, root: 0, host: nil, bundle: bundle))
    return Advice(model: model).findings(problems, image: image, path: entry.path)
  }
}
