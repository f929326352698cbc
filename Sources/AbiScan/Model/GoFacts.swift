/// What a Go binary or plugin says about how it was built, read from its bytes.
///
/// A Go plugin loads only into a host built by the same toolchain with the
/// same versions of every shared package: the runtime compares an 8-byte
/// fingerprint per package (`go.link.pkghashbytes.<pkg>` in Go 1.19,
/// `go:link.pkghashbytes.<pkg>` later) and refuses the first that differs.
public struct GoFacts: Sendable, Hashable {
  /// The toolchain, e.g. `go1.19.8` (from `.go.buildinfo`, or for a plugin, which has none, its runtime's version string).
  public var version: String?
  /// The main package path (`path` line of the build info).
  public var mainPath: String?
  /// The main module (path and version).
  public var mainModule: GoModule?
  /// Dependency modules, in build-info order.
  public var dependencies: [GoModule]
  /// Build settings (`-compiler`, `-trimpath`, `CGO_ENABLED`, `GOARCH`, `GOAMD64`, `-tags`, ...), in order.
  public var settings: [GoSetting]
  /// Package fingerprints, in symbol-table order.
  public var packageHashes: [GoPackageHash]
  /// Whether the file has `.go.buildinfo` (executables do; plugins do not).
  public var hasBuildInfo: Bool
  /// For a plugin: the packages in the order plugin.Open checks them (the order of its `go.link.pkghashes`
  /// table, recovered from the relocations that point its entries at `go.link.pkghash.<pkg>`).
  public var checkOrder: [String] = []
  /// The prefix of the Go linker's own symbols: `go.` (Go 1.19 and older) or `go:` (Go 1.20 and later).
  /// A plugin records no toolchain of its own; this tells two generations apart.
  public var linkerSymbolPrefix: String? = nil

  public init(
    version: String?, mainPath: String?, mainModule: GoModule?, dependencies: [GoModule], settings: [GoSetting],
    packageHashes: [GoPackageHash], hasBuildInfo: Bool
  ) {
    self.version = version
    self.mainPath = mainPath
    self.mainModule = mainModule
    self.dependencies = dependencies
    self.settings = settings
    self.packageHashes = packageHashes
    self.hasBuildInfo = hasBuildInfo
  }

  /// The value of a build setting.
  public func setting(_ key: String) -> String? { settings.first { $0.key == key }?.value }
}

/// A module line of Go build info: `mod`/`dep` path, version, sum, and its `=>` replacement.
public struct GoModule: Sendable, Hashable {
  public var path: String
  public var version: String
  public var sum: String?
  public var replacement: String?

  public init(path: String, version: String, sum: String?, replacement: String?) {
    self.path = path
    self.version = version
    self.sum = sum
    self.replacement = replacement
  }
}

/// A `build key=value` line of Go build info.
public struct GoSetting: Sendable, Hashable {
  public var key: String
  public var value: String

  public init(key: String, value: String) {
    self.key = key
    self.value = value
  }
}

/// One package's export-data fingerprint, as the Go runtime compares it at plugin.Open.
public struct GoPackageHash: Sendable, Hashable {
  /// The import path.
  public var package: String
  /// The 8 bytes, as hex.
  public var hash: String

  public init(package: String, hash: String) {
    self.package = package
    self.hash = hash
  }
}
