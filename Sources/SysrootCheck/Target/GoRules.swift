import AbiScan

/// What `plugin.Open` checks, from both files' Go facts.
enum GoRules {
  /// A toolchain difference (the host process dies before any package is compared), or else every
  /// shared package whose fingerprint differs, as one problem.
  static func problems(plugin: ElfImage, host: ElfImage) -> [Problem] {
    guard let hostGo = host.go, let pluginGo = plugin.go else { return [] }
    // Seen with go1.19.8 and go1.27.3 both ways: the plugin's module data is not the host runtime's
    // layout, and the runtime throws "no plugin module data" instead of returning an error.
    if let hostVersion = hostGo.version, let pluginVersion = pluginGo.version, hostVersion != pluginVersion {
      return [.goToolchain(host: hostVersion, plugin: pluginVersion, crashes: true, hostGo: hostGo)]
    }
    // A Go 1.19 plugin records no toolchain; its linker symbols (go.link.*, go:link.* from Go 1.20) tell.
    if let hostPrefix = hostGo.linkerSymbolPrefix, let pluginPrefix = pluginGo.linkerSymbolPrefix, hostPrefix != pluginPrefix {
      let plugin = pluginPrefix == "go." ? "Go 1.19 or older (its symbols are go.link.*)" : "Go 1.20 or later (its symbols are go:link.*)"
      return [.goToolchain(host: hostGo.version ?? (hostPrefix == "go." ? "Go 1.19 or older" : "Go 1.20 or later"), plugin: plugin, crashes: true, hostGo: hostGo)]
    }
    let hostHashes = Dictionary(hostGo.packageHashes.map { ($0.package, $0.hash) }, uniquingKeysWith: { a, _ in a })
    // In the order plugin.Open checks them, so the first is the one its error names.
    let rank = Dictionary(pluginGo.checkOrder.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
    let differing = pluginGo.packageHashes
      .filter { package in hostHashes[package.package].map { $0 != package.hash } ?? false }
      .enumerated().sorted { (rank[$0.element.package] ?? Int.max, $0.offset) < (rank[$1.element.package] ?? Int.max, $1.offset) }
      .map(\.element)
    guard !differing.isEmpty else { return [] }
    let shared = pluginGo.packageHashes.filter { hostHashes[$0.package] != nil }.count
    return [.goPackages(differing: differing, hostHashes: hostHashes, shared: shared, hostGo: hostGo)]
  }
}
