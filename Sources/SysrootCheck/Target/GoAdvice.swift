import AbiScan

/// Findings and fixes for Go plugins, from the host's build information.
enum GoAdvice {
  /// `GOARCH=...` (and `GOARM=`) for a target architecture, where Go supports it.
  static func goarch(_ platform: TargetPlatform) -> String? {
    let id = platform.identity
    switch id.machine {
    case .x86_64 where id.elfClass == .elf64: return "GOARCH=amd64"
    case .i386: return "GOARCH=386"
    case .aarch64 where id.endianness == .little: return "GOARCH=arm64"
    case .arm: return id.flags.floatABI == .hard ? "GOARCH=arm GOARM=7" : "GOARCH=arm GOARM=5"
    case .riscv where id.elfClass == .elf64: return "GOARCH=riscv64"
    case .ppc64: return id.endianness == .little ? "GOARCH=ppc64le" : "GOARCH=ppc64"
    case .s390: return "GOARCH=s390x"
    case .mips: return id.elfClass == .elf64 ? (id.endianness == .little ? "GOARCH=mips64le" : "GOARCH=mips64") : (id.endianness == .little ? "GOARCH=mipsle" : "GOARCH=mips")
    case .loongarch: return "GOARCH=loong64"
    default: return nil
    }
  }

  static func rebuildFixes(_ hostGo: GoFacts) -> [Fix] {
    let toolchain = hostGo.version ?? "the host's Go toolchain"
    var settings = ["CGO_ENABLED", "GOARCH", "GOAMD64", "-tags", "-trimpath", "-gcflags", "-asmflags"]
      .compactMap { key in hostGo.setting(key).map { "\(key)=\($0)" } }
    if hostGo.setting("-trimpath") == nil { settings.append("no -trimpath") }
    var fixes = [Fix(kind: .rebuild, text: "rebuild the plugin with \(toolchain) and the host's flags (\(settings.joined(separator: ", "))), from the same source of every shared package")]
    if !hostGo.dependencies.isEmpty {
      let modules = hostGo.dependencies.prefix(6).map { "\($0.path) \($0.version)\($0.replacement.map { " => " + $0 } ?? "")" }
      fixes.append(Fix(kind: .rebuild, text: "use the host's module versions in the plugin's go.mod: \(modules.joined(separator: ", "))"))
    }
    return fixes
  }

  static func toolchainFinding(path: String, host: String, plugin: String, crashes: Bool, hostGo: GoFacts) -> Finding {
    let outcome = crashes
      ? "plugin.Open does not return an error: the host process dies with \"fatal error: runtime: no plugin module data\""
      : "plugin.Open refuses plugins from another toolchain"
    return Finding(
      code: .goVersionMismatch, path: path,
      message: "\(path) was built by \(plugin) but the host by \(host); \(outcome)",
      evidence: [("host", .string(host)), ("plugin", .string(plugin)), ("outcome", .string(crashes ? "crash" : "error"))],
      fixes: [Fix(kind: .toolchain, text: "build host and plugin with the same Go release (\(host))")] + rebuildFixes(hostGo))
  }

  static func packagesFinding(path: String, differing: [GoPackageHash], hostHashes: [String: String], shared: Int, hostGo: GoFacts) -> Finding {
    let first = differing[0]
    var message = "\(path) was built with a different version of package \(first.package) than the host (fingerprint \(first.hash), host \(hostHashes[first.package] ?? "?"))"
    message += "; plugin.Open will fail with \"plugin was built with a different version of package \(first.package)\""
    if differing.count > 1 { message += " (\(differing.count) of \(shared) shared packages differ)" }
    if differing.contains(where: { $0.package == "runtime" }) {
      message += "; the runtime package differs too: another Go toolchain, or other flags such as -trimpath or -gcflags=all"
    }
    return Finding(
      code: .goPackageMismatch, path: path, message: message,
      evidence: [
        ("package", .string(first.package)), ("pluginHash", .string(first.hash)),
        ("hostHash", .optional(hostHashes[first.package])),
        ("packages", .array(differing.map { .object([("package", .string($0.package)), ("pluginHash", .string($0.hash)), ("hostHash", .optional(hostHashes[$0.package]))]) })),
        ("differing", .int(differing.count)), ("shared", .int(shared)),
        ("hostSettings", .object(hostGo.settings.map { ($0.key, .string($0.value)) })),
      ],
      fixes: rebuildFixes(hostGo))
  }
}
