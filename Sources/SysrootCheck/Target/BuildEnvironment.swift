import AbiScan

/// How to build for a target: the facts fixes are computed from. A sysroot is built against with
/// `--sysroot`; a named platform in its own image or with zig's glibc-versioned target; a plugin
/// host's process like the host was built.
public enum BuildEnvironment: Sendable {
  /// A root file system at `path`, whose C library is built like `platform` and is `family`.
  case sysroot(path: String, platform: TargetPlatform?, family: LibcFamily?)
  /// A built-in platform profile.
  case profile(PlatformProfile)
  /// A host program's process, with its libraries in the sysroot at `sysroot`.
  case host(path: String, sysroot: String, platform: TargetPlatform, family: LibcFamily)

  /// The architecture programs for the target are built for.
  public var platform: TargetPlatform? {
    switch self {
    case .sysroot(_, let platform, _): return platform
    case .profile(let profile): return TargetPlatform(identity: profile.architecture.identity)
    case .host(_, _, let platform, _): return platform
    }
  }

  /// The target's C library family.
  public var family: LibcFamily? {
    switch self {
    case .sysroot(_, _, let family): return family
    case .profile(let profile): return profile.libc
    case .host(_, _, _, let family): return family
    }
  }

  /// The sysroot path to pass to `--sysroot`, where the target is one on disk.
  public var sysrootPath: String? {
    switch self {
    case .sysroot(let path, _, _): return path
    case .host(_, let sysroot, _, _): return sysroot
    case .profile: return nil
    }
  }

  var fixAdvisor: FixAdvisor? {
    sysrootPath.map { FixAdvisor(sysrootPath: $0, platform: platform, family: family) }
  }

  /// Build for the target's architecture and C library.
  public func toolchain() -> [Fix] {
    switch self {
    case .profile(let profile): return ProfileAdvisor(profile: profile).toolchain()
    case .sysroot, .host: return fixAdvisor?.toolchain() ?? []
    }
  }

  /// The Rust target triple for the target's architecture and C library, where rustup ships one.
  public var rustTriple: String? {
    guard let platform, let family else { return nil }
    let id = platform.identity
    let libc = family == .musl ? "musl" : "gnu"
    switch (id.machine, id.elfClass) {
    case (.x86_64, .elf64): return "x86_64-unknown-linux-\(libc)"
    case (.i386, _): return "i686-unknown-linux-\(libc)"
    case (.aarch64, _) where id.endianness == .little: return "aarch64-unknown-linux-\(libc)"
    case (.arm, _):
      return id.flags.floatABI == .hard ? "armv7-unknown-linux-\(libc)eabihf" : "arm-unknown-linux-\(libc)eabi"
    case (.riscv, .elf64) where family == .glibc: return "riscv64gc-unknown-linux-gnu"
    case (.ppc64, _) where id.endianness == .little && family == .glibc: return "powerpc64le-unknown-linux-gnu"
    case (.s390, .elf64) where family == .glibc: return "s390x-unknown-linux-gnu"
    default: return nil
    }
  }

  /// zig's `-target` for the target's architecture and C library, with the glibc version where given.
  public func zigTarget(glibc: String?) -> String? {
    guard let platform, let family else { return nil }
    let triple = family == .musl ? platform.muslTriple : platform.gnuTriple
    let base = triple.hasPrefix("i686-") ? "x86-" + triple.dropFirst(5) : triple
    if family == .glibc, let glibc { return "\(base).\(glibc)" }
    return String(base)
  }

  /// Where the target is described to people: "this sysroot", "ubuntu-20.04-x86_64", "the host's".
  var name: String {
    switch self {
    case .sysroot(let path, _, _): return path
    case .profile(let profile): return profile.name
    case .host(let path, _, _, _): return path
    }
  }
}
