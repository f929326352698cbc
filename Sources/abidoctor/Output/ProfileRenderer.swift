import AbiScan
import SysrootCheck

/// Profiles, per-target verdicts and `--target auto` answers, as JSON and as text.
enum ProfileRenderer {
  /// One profile whole: what `abidoctor profiles NAME --format json` prints.
  static func json(_ profile: PlatformProfile) -> JSONValue {
    let arch = profile.architecture
    return .object([
      ("name", .string(profile.name)),
      ("aliases", .strings(profile.aliases)),
      ("family", .string(profile.family.rawValue)),
      ("description", .string(profile.summary)),
      ("architecture", .object([
        ("name", .string(arch.name)), ("wheelName", .string(arch.wheelName)),
        ("class", .int(arch.identity.elfClass.bits)), ("endianness", .string(arch.identity.endianness.rawValue)),
        ("machine", .object([("code", .int(Int(arch.identity.machine.rawValue))), ("name", .string(arch.identity.machine.shortName))])),
        ("flags", .object([("value", .string(arch.identity.flags.hexValue)), ("decoded", .strings(arch.identity.flags.decoded))])),
        ("floatAbi", .optional(arch.identity.flags.floatABI?.rawValue)),
      ])),
      ("interpreter", .string(profile.interpreter)),
      ("libc", .object([("family", .string(profile.libc.rawValue)), ("version", .string(profile.libcVersion))])),
      ("isaLevel", profile.isaLevel > 0 ? .string(profile.isaLevel == 1 ? "baseline" : "v\(profile.isaLevel)") : .null),
      ("versionNodes", .object(profile.versionNodes.map { ($0.prefix, .strings($0.nodes)) })),
      ("highestVersions", .object(profile.versionNodes.compactMap { entry in
        profile.highestNode(prefix: entry.prefix).map { (entry.prefix, .string("\(entry.prefix)_\($0)")) }
      })),
      ("libraries", .strings(profile.libraries)),
      ("priority", .int(profile.priority)),
      ("sources", .strings(profile.sources)),
    ])
  }

  /// One row of `abidoctor profiles --format json`.
  static func row(_ profile: PlatformProfile) -> JSONValue {
    .object([
      ("name", .string(profile.name)), ("aliases", .strings(profile.aliases)), ("family", .string(profile.family.rawValue)),
      ("architecture", .string(profile.architecture.name)),
      ("libc", .object([("family", .string(profile.libc.rawValue)), ("version", .string(profile.libcVersion))])),
      ("description", .string(profile.summary)),
    ])
  }

  static func verdictJSON(_ verdict: TargetVerdict) -> JSONValue {
    .object([
      ("name", .string(verdict.profile.name)), ("description", .string(verdict.profile.summary)),
      ("errors", .int(verdict.errors)), ("warnings", .int(verdict.warnings)),
      ("verdict", .string(verdict.compatible ? "compatible" : "incompatible")),
    ])
  }

  static func autoJSON(_ auto: AutoTarget) -> JSONValue {
    func tag(_ profile: PlatformProfile?) -> JSONValue {
      profile.map { .object([("name", .string($0.name)), ("aliases", .strings($0.aliases))]) } ?? .null
    }
    return .object([
      ("architecture", .optional(auto.candidates.first?.architecture.name)),
      ("manylinux", tag(auto.manylinux)),
      ("musllinux", tag(auto.musllinux)),
      ("distributions", .array(auto.distributions.map { .object([("distribution", .string($0.distribution)), ("oldest", .string($0.name)), ("libc", .string("\($0.libc.rawValue) \($0.libcVersion)"))]) })),
      ("satisfied", .strings(auto.satisfied.map(\.name))),
    ])
  }
}

extension TextRenderer {
  /// `check --target`: the findings, one verdict line per target, the summary.
  static func check(_ report: Report, verdicts: [TargetVerdict], verbose: Bool = false) -> String {
    var out = check(report, verbose: verbose)
    guard verdicts.count > 1 else { return out }
    var lines = ""
    for verdict in verdicts {
      let errors = "\(verdict.errors) error\(verdict.errors == 1 ? "" : "s")"
      let warnings = "\(verdict.warnings) warning\(verdict.warnings == 1 ? "" : "s")"
      lines += "  \(verdict.profile.name): \(verdict.compatible ? "compatible" : "incompatible") (\(errors), \(warnings))\n"
    }
    out.insert(contentsOf: "per target:\n" + lines + "\n", at: out.index(out.endIndex, offsetBy: -(summary(report).count + 1)))
    return out
  }

  /// `check --target auto`: the best profile of each family, then any findings, then the summary.
  static func auto(_ report: Report, _ auto: AutoTarget, verbose: Bool = false) -> String {
    var out = "most compatible built-in profiles for \(report.files.count) file\(report.files.count == 1 ? "" : "s")"
    if let arch = auto.candidates.first?.architecture.name { out += " (\(arch))" }
    out += ":\n"
    func line(_ label: String, _ profile: PlatformProfile?) {
      guard let profile else {
        out += "  \(label.padding(14))none\n"
        return
      }
      let aliases = profile.aliases.isEmpty ? "" : " (= \(profile.aliases.joined(separator: ", ")))"
      out += "  \(label.padding(14))\(profile.name)\(aliases)\n"
    }
    line("manylinux", auto.manylinux)
    line("musllinux", auto.musllinux)
    for profile in auto.distributions {
      out += "  \(profile.distribution.padding(14))\(profile.release) and later (\(profile.libc.rawValue) \(profile.libcVersion))\n"
    }
    out += "\n"
    if !report.findings.isEmpty {
      if auto.satisfied.isEmpty && !auto.candidates.isEmpty { out += "no built-in profile is satisfied; against the closest one:\n\n" }
      findings(grouped: report, verbose: verbose, into: &out)
    }
    out += summary(report) + "\n"
    return out
  }

  /// `profiles`: one line per profile.
  static func profileList(_ profiles: [PlatformProfile]) -> String {
    var out = ""
    for profile in profiles {
      let aliases = profile.aliases.isEmpty ? "" : "  (= \(profile.aliases.joined(separator: ", ")))"
      out += "\(profile.name.padding(30)) \(profile.libc.rawValue) \(profile.libcVersion.padding(7)) \(profile.summary)\(aliases)\n"
    }
    var counts: [String] = []
    for family in PlatformProfile.Family.allCases {
      counts.append("\(profiles.filter { $0.family == family }.count) \(family.rawValue)")
    }
    out += "\n\(profiles.count) profiles: \(counts.joined(separator: ", "))\n"
    return out
  }

  /// `profiles NAME`: everything the profile holds.
  static func profileDetail(_ profile: PlatformProfile) -> String {
    let arch = profile.architecture
    var out = "\(profile.name)\n"
    out += field("description", profile.summary)
    if !profile.aliases.isEmpty { out += field("aliases", list(profile.aliases)) }
    out += field("family", profile.family.rawValue + (profile.priority > 0 ? " (auditwheel priority \(profile.priority))" : ""))
    out += field("architecture", "\(arch.name): ELF\(arch.identity.elfClass.bits) \(arch.identity.endianness.rawValue)-endian \(arch.identity.machine.shortName) (\(arch.identity.machine.rawValue))")
    out += field("flags", "\(arch.identity.flags.hexValue) [\(arch.identity.flags.decoded.joined(separator: ", "))]")
    out += field("interpreter", profile.interpreter)
    out += field("libc", "\(profile.libc.rawValue) \(profile.libcVersion)")
    if profile.isaLevel > 0 { out += field("isa level", profile.isaLevel == 1 ? "x86-64 baseline" : "x86-64-v\(profile.isaLevel)") }
    for (prefix, nodes) in profile.versionNodes {
      let top = profile.highestNode(prefix: prefix)
      out += field("\(prefix)", "up to \(top.map { "\(prefix)_\($0)" } ?? "-") (\(nodes.count) nodes: \(nodes.joined(separator: " ")))")
    }
    out += field("libraries", list(profile.libraries))
    for source in profile.sources { out += field("source", source) }
    return out
  }
}

extension TextRenderer {
  /// `profiles`: one line per WebAssembly runtime.
  static func runtimeList(_ runtimes: [WasmHost]) -> String {
    var out = ""
    for runtime in runtimes {
      let flagged = runtime.features.filter { if case .flag = $0.value { return true } else { return false } }.keys.map(\.rawValue).sorted()
      let modules = Set(runtime.provides.values.map(\.module)).sorted()
      var summary = "imports from \(modules.isEmpty ? "-" : modules.joined(separator: ", "))"
      if !flagged.isEmpty { summary += "; behind a flag: \(flagged.joined(separator: ", "))" }
      if !runtime.abiVersions.isEmpty { summary += "; proxy-wasm ABI \(runtime.abiVersions.map(ProfileRenderer.abiNumber).joined(separator: ", "))" }
      out += "\(runtime.name.padding(30)) wasm    \(summary)\n"
    }
    return out
  }

  /// `profiles RUNTIME`: everything the runtime profile holds.
  static func runtimeDetail(_ runtime: WasmHost) -> String {
    var out = "\(runtime.name)\n"
    out += field("loads", [runtime.acceptsCoreModules ? "core modules" : nil, runtime.acceptsComponents ? "components" : nil].compactMap { $0 }.joined(separator: " and "))
    for support in ["default", "flag", "unsupported"] {
      let names = runtime.features.filter { ProfileRenderer.supportName($0.value) == support }.keys.map(\.rawValue).sorted()
      guard !names.isEmpty else { continue }
      out += field(support == "default" ? "default" : support == "flag" ? "with a flag" : "unsupported", list(names))
    }
    for case (let feature, .flag(let how)) in runtime.features.sorted(by: { $0.key < $1.key }) {
      out += field("  enable", "\(feature.rawValue): \(how)")
    }
    let byModule = Dictionary(grouping: runtime.provides.values, by: \.module)
    for module in byModule.keys.sorted() {
      let names = (byModule[module] ?? []).map(\.name).sorted()
      out += field("imports", "\(module): \(names.count) functions: \(names.joined(separator: " "))")
    }
    if !runtime.abiVersions.isEmpty { out += field("proxy-wasm", list(runtime.abiVersions)) }
    for (key, versions) in runtime.abiSpecific.sorted(by: { $0.key < $1.key }) {
      out += field("  only for", "\(key): \(versions.sorted().joined(separator: ", "))")
    }
    for required in runtime.requiredExports { out += field("requires", "export \(required.names.joined(separator: " or ")) (\(required.kind.rawValue))") }
    if let call = runtime.callType { out += field("calls", "exported functions by name, as (func \(call))") }
    for source in runtime.sources { out += field("source", source) }
    return out
  }
}

extension ProfileRenderer {
  static func supportName(_ support: WasmHost.Support) -> String {
    switch support {
    case .onByDefault: return "default"
    case .flag: return "flag"
    case .unsupported: return "unsupported"
    }
  }

  /// `proxy_abi_version_0_2_1` -> `0.2.1`.
  static func abiNumber(_ export: String) -> String {
    export.replacingBytes("proxy_abi_version_", with: "").replacingBytes("_", with: ".")
  }

  /// `profiles --format json`: one row per runtime, beside the platform profiles' rows.
  static func runtimeRow(_ runtime: WasmHost) -> JSONValue {
    .object([
      ("name", .string(runtime.name)), ("family", .string("wasm-runtime")),
      ("imports", .strings(Set(runtime.provides.values.map(\.module)).sorted())),
      ("proxyWasmAbi", .strings(runtime.abiVersions)),
    ])
  }

  /// `profiles RUNTIME --format json`.
  static func runtimeJSON(_ runtime: WasmHost) -> JSONValue {
    let byModule = Dictionary(grouping: runtime.provides.values, by: \.module)
    return .object([
      ("name", .string(runtime.name)), ("family", .string("wasm-runtime")),
      ("coreModules", .bool(runtime.acceptsCoreModules)), ("components", .bool(runtime.acceptsComponents)),
      ("features", .object(runtime.features.sorted { $0.key < $1.key }.map { feature, support in
        var how: JSONValue = .null
        if case .flag(let text) = support { how = .string(text) }
        return (feature.rawValue, .object([("support", .string(supportName(support))), ("enable", how)]))
      })),
      ("imports", .object(byModule.keys.sorted().map { module in
        (module, .array((byModule[module] ?? []).sorted { $0.name < $1.name }.map { .object([("name", .string($0.name)), ("type", .optional($0.signature))]) }))
      })),
      ("proxyWasmAbi", .strings(runtime.abiVersions)),
      ("requiredExports", .array(runtime.requiredExports.map { .object([("names", .strings($0.names)), ("kind", .string($0.kind.rawValue))]) })),
      ("callType", .optional(runtime.callType)),
      ("sources", .strings(runtime.sources)),
    ])
  }
}
