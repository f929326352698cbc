import AbiScan

/// Writes the fixes: real triples, flags, paths and packages, for the sysroot at hand.
///
/// The only code that writes `Fix` text for sysroot findings, so the
/// wording and the toolchain names stay consistent.
public struct FixAdvisor: Sendable {
  /// The sysroot as the user gave it.
  public var sysrootPath: String
  /// The sysroot's architecture, from its C library.
  public var platform: TargetPlatform?
  /// The sysroot's C library family.
  public var family: LibcFamily?

  public init(sysrootPath: String, platform: TargetPlatform?, family: LibcFamily?) {
    self.sysrootPath = sysrootPath
    self.platform = platform
    self.family = family
  }

  /// Build for the sysroot's architecture and libc: the cross compiler, clang's and zig's targets.
  public func toolchain() -> [Fix] {
    guard let platform else { return [] }
    if family == .musl {
      return [
        Fix(kind: .toolchain, text: "build with a musl toolchain for \(platform.identity.machine.shortName): \(platform.muslTriple)-gcc\(platform.muslTriple == "x86_64-linux-musl" ? " (Debian: apt-get install musl-tools)" : ""), or zig cc -target \(platform.clangArch.split(separator: "-").first ?? "")-linux-musl"),
        Fix(kind: .toolchain, text: "clang --target=\(platform.muslTriple)\(sysrootFlag)"),
      ]
    }
    return [
      Fix(kind: .toolchain, text: "build with \(Self.gnuCompiler(platform.gnuTriple))\(sysrootPath.isEmpty ? "" : " and --sysroot=\(sysrootPath)")"),
      Fix(kind: .toolchain, text: "clang --target=\(platform.gnuTriple)\(sysrootFlag)"),
    ]
  }

  /// ` --sysroot=PATH`, or nothing where the target is no folder (an archive).
  var sysrootFlag: String { sysrootPath.isEmpty ? "" : " --sysroot=\(sysrootPath)" }

  /// Debian 12's cross compilers (amd64), each checked with `apt-cache policy`: the package is the
  /// triple with `_` as `-`. There is no cross package for x86_64 itself: Debian's `gcc` is it.
  static let debianCrossCompilers: Set<String> = [
    "aarch64-linux-gnu", "arm-linux-gnueabi", "arm-linux-gnueabihf", "i686-linux-gnu", "powerpc-linux-gnu",
    "powerpc64-linux-gnu", "powerpc64le-linux-gnu", "s390x-linux-gnu", "mips-linux-gnu", "mipsel-linux-gnu",
    "mips64-linux-gnuabi64", "mips64el-linux-gnuabi64", "riscv64-linux-gnu", "sparc64-linux-gnu", "x86_64-linux-gnux32",
  ]

  /// The compiler for a GNU triple, with the Debian package only where one exists.
  public static func gnuCompiler(_ triple: String) -> String {
    if triple == "x86_64-linux-gnu" { return "gcc (x86_64-linux-gnu-gcc; Debian: apt-get install gcc)" }
    guard debianCrossCompilers.contains(triple) else { return "\(triple)-gcc" }
    return "\(triple)-gcc (Debian: apt-get install gcc-\(triple.replacingBytes("_", with: "-")))"
  }

  /// The float ABI flag with the matching compiler.
  public static func floatABI(need: ElfIdentity) -> [Fix] {
    switch need.machine {
    case .arm:
      return [Fix(kind: .compilerFlag, text: need.flags.floatABI == .hard
        ? "compile everything with -mfloat-abi=hard (arm-linux-gnueabihf-gcc does by default)"
        : "compile everything with -mfloat-abi=soft or softfp (arm-linux-gnueabi-gcc does by default)")]
    case .riscv:
      let abi = need.elfClass == .elf64 ? "lp64" : "ilp32"
      let suffix = [FloatABI.single: "f", .double: "d", .quad: "q"][need.flags.floatABI ?? .soft] ?? ""
      return [Fix(kind: .compilerFlag, text: "compile everything with -mabi=\(abi)\(suffix)")]
    case .mips:
      return [Fix(kind: .compilerFlag, text: "compile everything for the \(need.flags.abiVariant ?? "o32") ABI (-mabi=\(need.flags.abiVariant.map { $0 == "o32" ? "32" : $0 == "n64" ? "64" : "n32" } ?? "32"))\(need.flags.value & 0x400 != 0 ? " with -mnan=2008" : " with -mnan=legacy")")]
    default:
      return []
    }
  }

  /// For a GLIBCXX, CXXABI or GCC node: the GCC release that brings it, the one the provider has, and
  /// the two ways out (that GCC, or the C++ runtime linked in). Nil for other series.
  public static func gccRuntimeFix(needed: String, provided: String?, provider: String) -> Fix? {
    let node = VersionNodeName(needed)
    guard ["GLIBCXX", "CXXABI", "GCC"].contains(node.series) else { return nil }
    func release(_ number: String) -> String? {
      node.series == "GLIBCXX" ? GCCReleases.forGlibcxx(number) : node.series == "CXXABI" ? GCCReleases.forCxxabi(number) : nil
    }
    var text = "\(needed) comes with \(release(String(needed.dropFirst(node.series.count + 1))) ?? "a newer GCC"); \(provider) provides up to \(node.series)_\(provided ?? "?")"
    if let providedRelease = provided.flatMap(release) { text += " (\(providedRelease))" }
    return Fix(kind: .toolchain, text: text + ": build with that GCC, or link libstdc++/libgcc statically with -static-libstdc++ -static-libgcc")
  }

}

