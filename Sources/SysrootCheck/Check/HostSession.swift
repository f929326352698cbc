import AbiScan

/// `check PLUGIN... --host PROGRAM`: can this program load these plugins (dlopen)?
///
/// The host's own process is built first, as the loader would (its
/// dependencies inside the sysroot, `/` by default); each plugin then joins
/// it as dlopen would add it: its needs resolved with the host's objects
/// already loaded, its symbols bound against the host's exports, the host's
/// libraries and its own dependencies.
public final class HostSession: Sendable {
  /// The sysroot run the host's libraries come from.
  public let base: SysrootSession
  /// The host program as read, with `.symtab` names when it has them.
  public let host: ElfImage
  /// The host program's path as given.
  public let hostPath: String
  /// The host process before any plugin.
  public let hostTree: DependencyTree

  /// Reads the host and builds its process; a host that cannot be read is an error (exit 2).
  public init(
    hostPath: String, sysrootPath: String?, libraryPath: [String], hwcaps: [String] = [], width: Int
  ) throws(HostError) {
    do throws(SysrootError) {
      base = try SysrootSession(
        sysrootPath: sysrootPath, libraryPath: libraryPath, hwcaps: hwcaps, reader: ElfReader(parts: .all),
        width: width)
    } catch {
      throw HostError(description: error.description)
    }
    do throws(ElfReadError) {
      host = try ElfReader(parts: [.all, .staticSymbols]).read(path: hostPath)
    } catch {
      throw HostError(description: "the host \(error.description)")
    }
    self.hostPath = hostPath
    hostTree = base.resolver.resolve(root: host, at: .host(DependencyResolver.normalize(hostPath)))
  }

  /// Every finding for the plugins under `paths`.
  public func check(paths: [String], strict: Bool) -> Report {
    let (files, readFindings) = base.input.read(paths: paths)
    let perFile = parallelMap(files, width: base.input.width) { entry -> [Finding] in
      guard let plugin = entry.image else { return [] }
      return self.findings(entry: entry, plugin: plugin)
    }
    return Report(
      command: "check", target: Report.Target(kind: "host", name: nil, path: hostPath), files: files,
      findings: readFindings + perFile.flatMap { $0 }, strict: strict)
  }

  /// The host's C library version, from the libc.so.6 its process loaded.
  var hostGlibc: VersionNumber? {
    guard let libc = hostTree.objects.first(where: { $0.image.dynamic?.soname == "libc.so.6" }) else { return nil }
    return LibcClassifier.highestNumbered(series: "GLIBC", in: libc.image.definedVersionNames).flatMap { VersionNumber($0) }
  }

  func findings(entry: FileEntry, plugin: ElfImage) -> [Finding] {
    let path = entry.path
    let platform = TargetPlatform(identity: host.identity)
    let advisor = FixAdvisor(sysrootPath: base.sysroot.displayRoot, platform: platform, family: host.libc.family)
    var out: [Finding] = []
    let against = "the host \(hostPath)"
    let differences = IdentityComparison.differences(plugin.identity, from: host.identity)
    for difference in differences {
      var fixes = advisor.toolchain()
      if case .elfClass(_, let need) = difference { fixes = advisor.classFlag(need: need, machine: plugin.identity.machine) + fixes }
      if case .floatABI = difference { fixes = advisor.floatABI(need: host.identity) + fixes }
      out.append(.identityMismatch(path: path, difference: difference, against: against, fixes: fixes))
    }
    if !differences.isEmpty { return out }  // nothing else can be compared across architectures

    if [.glibc, .musl].contains(plugin.libc.family), [.glibc, .musl].contains(host.libc.family),
      plugin.libc.family != host.libc.family
    {
      out.append(
        .libcMismatch(
          path: path, have: plugin.libc.family, need: host.libc.family, targetLibc: "the host's",
          fixes: [Fix(kind: .toolchain, text: "build the plugin for \(host.libc.family.rawValue), like the host: \(host.libc.family == .musl ? platform.muslTriple : platform.gnuTriple)-gcc")]))
    }

    let root = hostTree.objects.count
    let tree = base.resolver.resolve(dlopen: plugin, at: SysrootSession.location(of: entry), into: hostTree)
    let checker = SysrootChecker(session: base)
    out += checker.loadingFindings(entry: entry, tree: tree, advisor: advisor, root: root)
    out += checker.versionFindings(entry: entry, tree: tree, advisor: advisor, root: root)
    out += symbolFindings(entry: entry, tree: tree, root: root, checker: checker)

    out += goFindings(path: path, plugin: plugin)

    if let needed = plugin.notes.x86ISANeeded, needed.highestLevel > max(1, host.notes.x86ISANeeded?.highestLevel ?? 1) {
      let hostLevel = host.notes.x86ISANeeded?.highestName ?? "baseline"
      out.append(
        .isaLevelTooHigh(
          path: path, needed: needed, target: "the host is built for \(hostLevel)", provided: ("host", .string(hostLevel)),
          fix: Fix(kind: .compilerFlag, text: "build the plugin with -march=x86-64 (or the host's level), or ship a baseline build beside it in glibc-hwcaps/x86-64-\(needed.highestName ?? "v3")/")))
    }

    if plugin.stack.requiresExecutableStack && !host.stack.requiresExecutableStack {
      let refuses = hostGlibc.map { $0 >= VersionNumber(components: [2, 41]) } ?? false
      out.append(
        .executableStack(
          path: path, stack: plugin.stack, refused: refuses,
          consequence: "glibc 2.41 and later refuse to dlopen it (\"cannot enable executable stack as shared object requires\")\(refuses ? "" : ", and older ones make the whole host's stack executable")",
          evidence: [("hostGlibc", .optional(hostGlibc?.description))]))
    }
    return out
  }

  /// Go: the toolchain, and every shared package whose fingerprint differs (what plugin.Open checks).
  public func goFindings(path: String, plugin: ElfImage) -> [Finding] {
    guard let hostGo = host.go, let pluginGo = plugin.go else { return [] }
    var out: [Finding] = []
    var fixes: [Fix] = []
    let toolchain = hostGo.version ?? "the host's Go toolchain"
    var settings = ["CGO_ENABLED", "GOARCH", "GOAMD64", "-tags", "-trimpath", "-gcflags", "-asmflags"]
      .compactMap { key in hostGo.setting(key).map { "\(key)=\($0)" } }
    if hostGo.setting("-trimpath") == nil { settings.append("no -trimpath") }
    fixes.append(
      Fix(kind: .rebuild, text: "rebuild the plugin with \(toolchain) and the host's flags (\(settings.joined(separator: ", "))), from the same source of every shared package"))
    if !hostGo.dependencies.isEmpty {
      let modules = hostGo.dependencies.prefix(6).map { "\($0.path) \($0.version)\($0.replacement.map { " => " + $0 } ?? "")" }
      fixes.append(Fix(kind: .rebuild, text: "use the host's module versions in the plugin's go.mod: \(modules.joined(separator: ", "))"))
    }
    if let hostVersion = hostGo.version, let pluginVersion = pluginGo.version, hostVersion != pluginVersion {
      out.append(
        Finding(
          code: .goVersionMismatch, path: path,
          message: "\(path) was built by \(pluginVersion) but the host by \(hostVersion); plugin.Open refuses plugins from another toolchain",
          evidence: [("host", .string(hostVersion)), ("plugin", .string(pluginVersion))],
          fixes: [Fix(kind: .toolchain, text: "build host and plugin with the same Go release (\(hostVersion))")] + fixes))
    }
    let hostHashes = Dictionary(hostGo.packageHashes.map { ($0.package, $0.hash) }, uniquingKeysWith: { a, _ in a })
    // In the order plugin.Open checks them, so the first is the one its error names.
    let rank = Dictionary(pluginGo.checkOrder.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
    let differing = pluginGo.packageHashes
      .filter { package in hostHashes[package.package].map { $0 != package.hash } ?? false }
      .enumerated().sorted { (rank[$0.element.package] ?? Int.max, $0.offset) < (rank[$1.element.package] ?? Int.max, $1.offset) }
      .map(\.element)
    let shared = pluginGo.packageHashes.filter { hostHashes[$0.package] != nil }.count
    let runtimeDiffers = differing.contains { $0.package == "runtime" }
    for (position, package) in differing.enumerated() {
      var message = "\(path) was built with a different version of package \(package.package) than the host (fingerprint \(package.hash), host \(hostHashes[package.package] ?? "?"))"
      if position == 0 {
        message += "; plugin.Open will fail with \"plugin was built with a different version of package \(package.package)\""
        if differing.count > 1 { message += " (\(differing.count) of \(shared) shared packages differ)" }
        if runtimeDiffers {
          message += "; the runtime package differs too: another Go toolchain, or other flags such as -trimpath or -gcflags=all"
        }
      }
      out.append(
        Finding(
          code: .goPackageMismatch, path: path, message: message,
          evidence: [
            ("package", .string(package.package)), ("pluginHash", .string(package.hash)),
            ("hostHash", .optional(hostHashes[package.package])), ("reportedByRuntime", .bool(position == 0)),
            ("differing", .int(differing.count)), ("shared", .int(shared)),
            ("hostSettings", .object(hostGo.settings.map { ($0.key, .string($0.value)) })),
          ],
          fixes: fixes))
    }
    return out
  }

  /// Unresolved symbols, told apart: the other C++ string ABI, defined by the host but not exported, or missing.
  func symbolFindings(entry: FileEntry, tree: DependencyTree, root: Int, checker: SysrootChecker) -> [Finding] {
    let findings = checker.symbolFindings(entry: entry, tree: tree, root: root)
    guard !findings.isEmpty else { return [] }
    // Only an unresolved symbol needs the exports again, to look for its other-ABI twin.
    let exported = SysrootChecker.exports(tree, scope: tree.scope(dlopened: root))
    let hostABI = CxxStringABI.of(host)
    var out: [Finding] = []
    for finding in findings {
      guard case .string(let symbol)? = finding.evidence.first(where: { $0.key == "symbol" })?.value else {
        out.append(finding)
        continue
      }
      if let other = CxxStringABI.counterpart(of: symbol), exported[other] != nil {
        let pluginABI: CxxStringABI = symbol.contains("St7__cxx11") ? .cxx11 : .legacy
        out.append(
          Finding(
            code: .cxxABIMismatch, path: entry.path,
            message: "\(entry.path) uses the \(pluginABI.name) std::string ABI for \(Demangler.demangle(symbol) ?? symbol), but the host defines it with the \(pluginABI == .cxx11 ? CxxStringABI.legacy.name : CxxStringABI.cxx11.name) ABI (\(other))",
            evidence: [
              ("symbol", .string(symbol)), ("demangled", .optional(Demangler.demangle(symbol))),
              ("hostSymbol", .string(other)), ("hostDemangled", .optional(Demangler.demangle(other))),
              ("pluginABI", .string(pluginABI.name)), ("hostABI", .optional(hostABI?.name)),
            ],
            fixes: [
              Fix(kind: .compilerFlag, text: "build the plugin with -D_GLIBCXX_USE_CXX11_ABI=\(pluginABI == .cxx11 ? 0 : 1) to match the host (or rebuild the host with =\(pluginABI == .cxx11 ? 1 : 0))")
            ]))
        continue
      }
      var adjusted = finding
      if let demangled = Demangler.demangle(symbol) {
        adjusted.evidence.append(("demangled", .string(demangled)))
        adjusted.message += " (\(demangled))"
      }
      if host.staticSymbolNames?.contains(symbol) == true {
        adjusted.evidence.append(("definedInHostButNotExported", .bool(true)))
        adjusted.message += "; the host defines it but does not export it"
        adjusted.fixes = [
          Fix(kind: .linkerFlag, text: "link the host with -rdynamic (-Wl,--export-dynamic), or export just the plugin API with -Wl,--dynamic-list=FILE")
        ]
      }
      out.append(adjusted)
    }
    return out
  }
}

/// Why a host cannot be used (exit 2).
public struct HostError: Error, Sendable, CustomStringConvertible {
  public var description: String
}

/// libstdc++'s two std::string ABIs, as they show in mangled names.
public enum CxxStringABI: Sendable, Hashable {
  /// GCC 5's std::__cxx11::basic_string (`_GLIBCXX_USE_CXX11_ABI=1`, the default since GCC 5).
  case cxx11
  /// The old copy-on-write std::string (`_GLIBCXX_USE_CXX11_ABI=0`), mangled `Ss`.
  case legacy

  /// `new (std::__cxx11)` or `old (copy-on-write)`.
  public var name: String { self == .cxx11 ? "new (std::__cxx11)" : "old (copy-on-write)" }

  static let cxx11String = "NSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEEE"

  /// The ABI an object's dynamic symbols use, when they show one.
  public static func of(_ image: ElfImage) -> CxxStringABI? {
    let names = (image.symbols ?? []).map(\.name).filter { $0.hasPrefix("_Z") }
    if names.contains(where: { $0.contains("St7__cxx11") || $0.contains("B5cxx11") }) { return .cxx11 }
    if names.contains(where: { $0.contains("Ss") && !$0.contains("St7__cxx11") }) { return .legacy }
    return nil
  }

  /// The same function's name in the other ABI: std::__cxx11::string and `Ss` swapped.
  public static func counterpart(of symbol: String) -> String? {
    guard symbol.hasPrefix("_Z") else { return nil }
    if symbol.contains(cxx11String) { return symbol.replacing(cxx11String, with: "Ss") }
    if symbol.contains("Ss") { return symbol.replacing("Ss", with: cxx11String) }
    return nil
  }
}
