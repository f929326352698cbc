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
    hostPath: String, sysrootPath: String?, libraryPath: [String], hwcaps: [String] = [], platform: String? = nil, width: Int
  ) throws(HostError) {
    do throws(SysrootError) {
      base = try SysrootSession(
        sysrootPath: sysrootPath, libraryPath: libraryPath, hwcaps: hwcaps, platform: platform, reader: ElfReader(parts: .all),
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

  /// Every finding for one plugin joining the host's process, from the one set of rules.
  func findings(entry: FileEntry, plugin: ElfImage) -> [Finding] {
    findings(plugin: plugin, path: entry.path, at: entry.locationPath)
  }

  /// Every finding for `plugin`, named `path` in the report and found at `location` on this machine.
  public func findings(plugin: ElfImage, path: String, at location: String) -> [Finding] {
    let model = self.model
    let root = hostTree.objects.count
    let tree = base.resolver.resolve(dlopen: plugin, at: .host(DependencyResolver.normalize(location)), into: hostTree)
    let process = base.process(tree: tree, root: root, host: host, bundle: [:])
    let problems = TargetRules(model: model).problems(image: plugin, path: path, process: process)
    return Advice(model: model).findings(problems, image: plugin, path: path)
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
    if names.contains(where: { $0.containsBytes("St7__cxx11") || $0.containsBytes("B5cxx11") }) { return .cxx11 }
    if names.contains(where: { $0.containsBytes("Ss") && !$0.containsBytes("St7__cxx11") }) { return .legacy }
    return nil
  }

  /// The same function's name in the other ABI: std::__cxx11::string and `Ss` swapped.
  public static func counterpart(of symbol: String) -> String? {
    guard symbol.hasPrefix("_Z") else { return nil }
    if symbol.containsBytes(cxx11String) { return symbol.replacingBytes(cxx11String, with: "Ss") }
    if symbol.containsBytes("Ss") { return symbol.replacingBytes("Ss", with: cxx11String) }
    return nil
  }
}
