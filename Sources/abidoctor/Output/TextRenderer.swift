import AbiScan
import SysrootCheck

/// Renders reports for people: decoded names first, raw numbers in parentheses.
enum TextRenderer {
  /// The `inspect` profile of every file, then the findings, then a one-line summary.
  static func inspect(_ report: Report, symbols: Bool) -> String {
    var out = ""
    for file in report.files {
      out += file.locationPath + "\n"
      if let image = file.image {
        profile(image, symbols: symbols, into: &out)
      } else if let module = file.wasm {
        wasmProfile(module, into: &out)
      } else if let error = file.wasmError {
        out += field("error", "wasm-malformed: \(error.description)")
      } else if let error = file.error {
        out += field("error", "\(error.code.rawValue): \(error.message)")
      }
      out += "\n"
    }
    findings(report, into: &out)
    out += summary(report) + "\n"
    return out
  }

  /// A WebAssembly file, as `inspect` shows it.
  static func wasmProfile(_ module: WasmModule, into out: inout String) {
    let kind = module.kind == .module ? "core module (version 1)" : "component (version 0xd, layer 1), \(module.coreModules.count) core modules"
    out += field("identity", "WebAssembly \(kind), \(module.size) bytes")
    out += field("abi", module.abis.map(\.rawValue).joined(separator: ", ") + (module.execModel.map { ", \($0)" } ?? ""))
    let imports = module.imports.map { $0.qualifiedName + ($0.kind == .function ? "" : " (\($0.kind.rawValue))") }
    out += field("imports", imports.isEmpty ? "-" : "\(imports.count): " + imports.prefix(8).joined(separator: ", ") + (imports.count > 8 ? ", ..." : ""))
    let exports = module.exports.map(\.name)
    out += field("exports", exports.isEmpty ? "-" : "\(exports.count): " + exports.prefix(8).joined(separator: ", ") + (exports.count > 8 ? ", ..." : ""))
    let memories = module.memories.map { memory in
      "\(memory.imported ? "imported " : "")\(memory.minimum)..\(memory.maximum.map(String.init) ?? "unbounded") pages\(memory.shared ? " shared" : "")\(memory.is64 ? " memory64" : "")"
    }
    out += field("memory", list(memories))
    out += field("features", list(module.features.sorted().map(\.rawValue)) + (module.codeRead ? "" : "  (from sections; function bodies not read)"))
    let producers = module.producers.keys.sorted().map { "\($0): \(module.producers[$0]?.joined(separator: ", ") ?? "")" }
    out += field("producers", list(producers))
    if !module.targetFeatures.isEmpty { out += field("target", module.targetFeatures.joined(separator: " ")) }
  }

  static func field(_ name: String, _ value: String) -> String {
    "  " + name.padding(12) + " " + value + "\n"
  }

  static func list(_ values: [String]) -> String { values.isEmpty ? "-" : values.joined(separator: ", ") }

  static func profile(_ image: ElfImage, symbols: Bool, into out: inout String) {
    let id = image.identity
    var kind = id.type.shortName
    if id.type == .sharedObject {
      kind += image.interpreter != nil || (image.dynamic?.isPositionIndependentExecutable ?? false)
        ? " (position-independent executable)" : " (shared object)"
    }
    out += field(
      "identity",
      "ELF\(id.elfClass.bits) \(id.endianness.rawValue)-endian \(id.machine.shortName) (\(id.machine.rawValue)), \(kind)")
    out += field("os/abi", "\(id.osabi.name) (\(id.osabi.rawValue)), abi version \(id.abiVersion)")
    var flags = id.flags.hexValue
    if !id.flags.decoded.isEmpty { flags += " [" + id.flags.decoded.joined(separator: ", ") + "]" }
    out += field("flags", flags)
    out += field("interpreter", image.interpreter ?? "-")
    var libc = image.libc.family.rawValue
    if let min = image.libc.minVersion { libc += " >= \(min)" }
    if let provided = image.libc.providedVersion { libc += ", provides \(provided)" }
    libc += "  (\(image.libc.reason))"
    out += field("libc", libc)
    if let dynamic = image.dynamic {
      out += field("soname", dynamic.soname ?? "-")
      out += field("needed", list(dynamic.needed))
      if !dynamic.rpath.isEmpty { out += field("rpath", dynamic.rpath.joined(separator: ":")) }
      if !dynamic.runpath.isEmpty { out += field("runpath", dynamic.runpath.joined(separator: ":")) }
      if dynamic.readThroughProgramHeaders { out += field("note", "no section headers; dynamic section read through PT_DYNAMIC") }
    } else {
      out += field("dynamic", "none (statically linked or not loadable)")
    }
    if let needs = image.versionNeeds, !needs.isEmpty {
      out += "  version needs\n"
      let width = needs.map(\.file.count).max() ?? 0
      for need in needs {
        var line = need.versions.map { $0.name + ($0.isWeak ? " (weak)" : "") }.joined(separator: " ")
        let series = Set(need.versions.map { VersionNodeName($0.name).series })
        let highest = series.sorted().compactMap { s -> String? in
          LibcClassifier.highestNumbered(series: s, in: need.versions.map(\.name)).map { "\(s)_\($0)" }
        }
        if !highest.isEmpty && need.versions.count > 1 { line += "  [highest " + highest.joined(separator: ", ") + "]" }
        out += "    " + need.file.padding(width) + "  " + line + "\n"
      }
    }
    if let definitions = image.versionDefinitions, !definitions.isEmpty {
      out += field("versions", list(image.definedVersionNames) + "  (base \(definitions.first { $0.isBase }?.name ?? "-"))")
    }
    if let counts = image.symbolCounts {
      out += field("symbols", "\(counts.defined) defined, \(counts.undefined) undefined (dynamic)")
    }
    if let buildID = image.notes.buildID { out += field("build-id", buildID) }
    if let tag = image.notes.abiTag { out += field("abi tag", "\(tag.osName) kernel >= \(tag.kernelVersion)") }
    if let isa = image.notes.x86ISANeeded {
      out += field("x86 isa", "needs \(isa.highestName ?? "none") [" + isa.names.joined(separator: ", ") + "]")
    }
    if let api = image.notes.androidAPILevel { out += field("android", "API level \(api)") }
    if let go = image.go {
      var line = go.version ?? "version not recorded (a plugin binds to its host's runtime)"
      if let path = go.mainPath { line += ", \(path)" }
      if let module = go.mainModule { line += " (module \(module.path) \(module.version))" }
      out += field("go", line)
      if !go.settings.isEmpty { out += field("go build", go.settings.map { "\($0.key)=\($0.value)" }.joined(separator: " ")) }
      for dependency in go.dependencies.prefix(20) {
        out += field("go dep", "\(dependency.path) \(dependency.version)\(dependency.replacement.map { " => " + $0 } ?? "")")
      }
      out += field("go packages", "\(go.packageHashes.count) package fingerprints\(go.checkOrder.isEmpty ? "" : ", checked at plugin.Open in table order")")
    }
    let needs = (image.versionNeeds ?? []).flatMap { $0.versions.map(\.name) }
    if let glibcxx = LibcClassifier.highestNumbered(series: "GLIBCXX", in: needs) {
      var line = "needs GLIBCXX_\(glibcxx)"
      if let gcc = GCCReleases.forGlibcxx(glibcxx) { line += " (libstdc++ of \(gcc) or later)" }
      if let abi = CxxStringABI.of(image) { line += ", std::string ABI \(abi.name)" }
      out += field("c++", line)
    }
    let stack: String
    switch image.stack {
    case .nonExecutable: stack = "non-executable (PT_GNU_STACK RW)"
    case .executable: stack = "EXECUTABLE (PT_GNU_STACK RWX): glibc >= 2.41 refuses to dlopen it"
    case .missing: stack = image.interpreter == nil && image.dynamic == nil
      ? "no PT_GNU_STACK" : "no PT_GNU_STACK: the loader assumes an executable stack"
    }
    out += field("stack", stack)
    for problem in image.problems { out += field("problem", problem.message) }
    if symbols, let list = image.symbols {
      out += "  dynamic symbols (\(list.count))\n"
      for symbol in list {
        let place = symbol.isDefined ? "DEF" : "UND"
        var line = "    \(place) \(symbol.type.name.padding(6)) \(symbol.binding.name.padding(6)) \(symbol.visibility.name.padding(9)) \(symbol.versionedName)"
        if let file = symbol.version?.file { line += "  (from \(file))" }
        out += line + "\n"
      }
    }
  }

  static func findings(_ report: Report, into out: inout String) {
    for finding in report.findings {
      out += "\(finding.severity.rawValue)[\(finding.code.rawValue)]: \(finding.message)\n"
      for fix in finding.fixes { out += "  fix (\(fix.kind.rawValue)): \(fix.text)\n" }
    }
    if !report.findings.isEmpty { out += "\n" }
  }

  static func summary(_ report: Report) -> String {
    let elf = report.elfFileCount
    func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
    return "\(plural(report.files.count, "file")) (\(elf) ELF): \(plural(report.count(.error), "error")), "
      + "\(plural(report.count(.warning), "warning")), \(plural(report.count(.note), "note"))"
      + (report.suppressed.isEmpty ? "" : ", \(report.suppressed.count) suppressed by policy") + ": \(report.verdict)"
  }
}

extension String {
  /// The string padded with spaces to `width` characters (never truncated).
  func padding(_ width: Int) -> String {
    count >= width ? self : self + String(repeating: " ", count: width - count)
  }
}
