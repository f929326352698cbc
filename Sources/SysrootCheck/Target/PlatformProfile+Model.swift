import AbiScan

extension PlatformProfile {
  /// The profile as a target: everything is promised by name; `bundled` are the sonames the checked
  /// files provide themselves (a bundle's lib/ folder, a wheel's .libs), which need no promise.
  public func model(bundled: Set<String> = []) -> TargetModel {
    let have = isaLevel <= 1 ? "baseline" : "v\(isaLevel)"
    return TargetModel(
      kind: .profile(self), label: name, tag: name, identity: architecture.identity,
      libc: libc, libcVersion: libcVersion, libcLabel: "\(libc.rawValue) \(libcVersion) on \(name)",
      interpreter: interpreter, guaranteedLibraries: Set(libraries).union(bundled), versionNodes: versionNodes,
      isaLevel: isaLevel, isaLabel: "\(name) promises only \(have)", build: .profile(self),
      distribution: family == .distribution ? distribution : nil,
      release: family == .distribution ? release.split(separator: "-").last.map(String.init) : nil)
  }

  /// Every finding for one file against the profile.
  public func findings(entry: FileEntry, bundled: Set<String>) -> [Finding] {
    guard let image = entry.image else { return [] }
    let model = model(bundled: bundled)
    let problems = TargetRules(model: model).problems(image: image, path: entry.path, process: nil)
    return Advice(model: model).findings(problems, image: image, path: entry.path)
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
}

extension HostSession {
  /// The host's process as a target: its architecture, C library and ISA level, and the process the
  /// plugin joins.
  public var model: TargetModel {
    let platform = TargetPlatform(identity: host.identity)
    let level = host.identity.machine == .x86_64 ? max(1, host.notes.x86ISANeeded?.highestLevel ?? 1) : 0
    return TargetModel(
      kind: .host(path: hostPath), label: "the host \(hostPath)", identity: host.identity,
      libc: [.glibc, .musl].contains(host.libc.family) ? host.libc.family : nil, libcVersion: hostGlibc?.description,
      libcLabel: "the host's", isaLevel: level,
      isaLabel: "the host is built for \(host.notes.x86ISANeeded?.highestName ?? "baseline")",
      build: .host(path: hostPath, sysroot: base.sysroot.displayRoot, platform: platform, family: host.libc.family),
      distribution: base.release.distribution, release: base.release.version)
  }
}
