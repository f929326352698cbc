import AbiScan
import LeanWIT

/// A WIT world as a host: `check PLUGIN.wasm --host-world FILE.wit --world NAME`.
///
/// Why a host: a component targets a world when everything it imports is among the world's imports
/// and everything the world exports is among its exports (what `wasm-tools component targets`
/// decides), which is the check `WasmRules` already makes of a host's provisions and required exports.
/// So the world becomes a `WasmHost` that loads components only, provides the world's imports by
/// their extern names (`wasi:cli/environment@0.2.0`, `log`) and requires its exports.
///
/// The names come from WasmKit's WIT parser (vendored as LeanWIT). An interface named by path is named
/// as its package says (`ns:pkg/iface@version`); `include` of a world is followed when that world is
/// in one of the files read: a folder holds the package's `*.wit` and those of `deps/`.
public enum WasmWorld {
  /// Why the world could not be used (exit 2), naming the file.
  public struct Failure: Error, CustomStringConvertible {
    public var description: String
  }

  /// Reads `path` (a `.wit` file, or a package folder with optional `deps/`) and returns world `world`
  /// (`plugin`, or `ns:pkg/plugin` for a world of another package) as a host.
  public static func host(path: String, world: String) throws(Failure) -> WasmHost {
    let files = try witFiles(path)
    var parsed: [SourceFileSyntax] = []
    for file in files {
      guard let bytes = HostFile.read(file, limit: 16 << 20) else {
        throw Failure(description: "cannot read \(file)")
      }
      let text = String(decoding: bytes, as: UTF8.self)
      do {
        parsed.append(try SourceFileSyntax.parse(text, fileName: file).syntax)
      } catch let error as DiagnosticError {
        let place = error.diagnostic.location(text).map { ":\($0.line):\($0.column)" } ?? ""
        throw Failure(description: "\(file)\(place): \(error.diagnostic.message)")
      } catch {
        throw Failure(description: "\(file): \(error)")
      }
    }
    // Worlds by their full name and, for the first file's package, by their bare name too.
    let root = parsed.first?.packageId
    var worlds: [String: (world: WorldSyntax, package: PackageNameSyntax?)] = [:]
    for file in parsed {
      let package = file.packageId ?? root
      for case .world(let node) in file.items {
        worlds[qualified(node.name.text, in: package)] = (node.syntax, package)
        if package.map({ same($0, root) }) ?? true { worlds[node.name.text] = (node.syntax, package) }
      }
    }
    guard let (found, package) = worlds[world] ?? worlds[stripVersion(world)] else {
      let names = Set(worlds.keys.filter { !$0.contains(":") }).sorted().joined(separator: ", ")
      throw Failure(description: "\(path) has no world \(world)" + (names.isEmpty ? " (it declares none)" : " (it has \(names))"))
    }
    var imports: [String: WasmModule.Import.Kind] = [:]
    var exports: [String: WasmModule.Import.Kind] = [:]
    var visiting: Set<String> = []
    try collect(found, package: package, worlds: worlds, imports: &imports, exports: &exports, visiting: &visiting, path: path)
    let fullName = qualified(found.name.text, in: package)
    var host = WasmHost(
      name: "world \(fullName)", provides: [:], features: [:], acceptsComponents: true, acceptsCoreModules: false,
      sources: files.map { "WIT: \($0)" })
    host.world = (path, world)
    for (name, kind) in imports {
      host.provides[name] = WasmModule.Import(module: "", name: name, kind: kind)
    }
    host.requiredExports = exports.keys.sorted().map { name in
      WasmHost.RequiredExport(names: [name], kind: exports[name] ?? .instance, message: "world \(fullName) exports \(name)")
    }
    return host
  }

  static func collect(
    _ world: WorldSyntax, package: PackageNameSyntax?, worlds: [String: (world: WorldSyntax, package: PackageNameSyntax?)],
    imports: inout [String: WasmModule.Import.Kind], exports: inout [String: WasmModule.Import.Kind], visiting: inout Set<String>,
    path: String
  ) throws(Failure) {
    let key = qualified(world.name.text, in: package)
    guard visiting.insert(key).inserted else { return }
    for item in world.items {
      switch item {
      case .import(let syntax):
        let (name, kind) = extern(syntax.kind, package: package)
        imports[name] = kind
      case .export(let syntax):
        let (name, kind) = extern(syntax.kind, package: package)
        exports[name] = kind
      case .include(let include):
        let target: String
        switch include.from {
        case .id(let name): target = qualified(name.text, in: package)
        case .package(let id, let name): target = qualified(name.text, in: id)
        }
        guard let (other, otherPackage) = worlds[target] else {
          throw Failure(description: "world \(key) includes \(target), which is not in \(path): give the package folder with its deps/")
        }
        try collect(other, package: otherPackage, worlds: worlds, imports: &imports, exports: &exports, visiting: &visiting, path: path)
      case .use, .type:
        continue
      }
    }
  }

  /// An import or export's extern name, as a component names it.
  static func extern(_ kind: ExternKindSyntax, package: PackageNameSyntax?) -> (String, WasmModule.Import.Kind) {
    switch kind {
    case .interface(let name, _): return (name.text, .instance)
    case .function(let name, _): return (name.text, .function)
    case .path(.id(let name)): return (qualified(name.text, in: package), .instance)
    case .path(.package(let id, let name)): return (qualified(name.text, in: id), .instance)
    }
  }

  /// `ns:pkg/name@version`.
  static func qualified(_ name: String, in package: PackageNameSyntax?) -> String {
    guard let package else { return name }
    let base = "\(package.namespace.text):\(package.name.text)/\(name)"
    return package.version.map { "\(base)@\($0)" } ?? base
  }

  static func same(_ a: PackageNameSyntax, _ b: PackageNameSyntax?) -> Bool {
    guard let b else { return false }
    return a.namespace.text == b.namespace.text && a.name.text == b.name.text && a.version == b.version
  }

  static func stripVersion(_ name: String) -> String {
    name.firstIndex(of: "@").map { String(name[..<$0]) } ?? name
  }

  /// The file itself, or a folder's `*.wit` followed by those of `deps/` and `deps/*/`.
  static func witFiles(_ path: String) throws(Failure) -> [String] {
    guard let listing = try? FolderListing(path: path, limit: 10_000) else {
      guard HostFile.head(path, count: 1) != nil else { throw Failure(description: "cannot read \(path)") }
      return [path]
    }
    var files = listing.names.filter { $0.hasSuffix(".wit") }.map { path + "/" + $0 }
    if let deps = try? FolderListing(path: path + "/deps", limit: 10_000) {
      for name in deps.names where name != "." && name != ".." {
        let child = path + "/deps/" + name
        if name.hasSuffix(".wit") {
          files.append(child)
        } else if let inner = try? FolderListing(path: child, limit: 10_000) {
          files += inner.names.filter { $0.hasSuffix(".wit") }.map { child + "/" + $0 }
        }
      }
    }
    guard !files.isEmpty else { throw Failure(description: "\(path) holds no .wit file") }
    return files
  }
}
