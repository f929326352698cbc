import AbiScan

/// Writes the fixes for findings against a platform profile: the platform's own build image, the
/// cross toolchain and zig's glibc-versioned target, the libraries to ship.
///
/// A profile has no sysroot on disk, so the fixes point at where one comes from.
public struct ProfileAdvisor: Sendable {
  public var profile: PlatformProfile

  public init(profile: PlatformProfile) { self.profile = profile }

  var platform: TargetPlatform { TargetPlatform(identity: profile.architecture.identity) }

  /// zig's name for the architecture in `-target` (its `x86` is i386; ARM keeps the ABI suffix).
  var zigTarget: String {
    let triple = profile.libc == .musl ? platform.muslTriple : platform.gnuTriple
    let base = triple.hasPrefix("i686-") ? "x86-" + triple.dropFirst(5) : triple
    return profile.libc == .glibc ? "\(base).\(profile.libcVersion)" : base
  }

  /// The container image that is the platform, or builds for it.
  public var buildImage: String? {
    let arch = profile.architecture
    switch profile.family {
    case .manylinux:
      guard let minor = Int(profile.libcVersion.split(separator: ".").last ?? "") else { return nil }
      // quay.io/pypa publishes these images; pick the newest one that does not raise the tag.
      let images: [(Int, String)] = [(34, "manylinux_2_34"), (28, "manylinux_2_28"), (17, "manylinux2014")]
      guard let image = images.first(where: { $0.0 <= minor }) else { return nil }
      return "quay.io/pypa/\(image.1)_\(arch.wheelName)"
    case .musllinux:
      return "quay.io/pypa/musllinux_1_2_\(arch.wheelName)"
    case .distribution:
      let parts = profile.release.split(separator: "-", maxSplits: 1).map(String.init)
      guard parts.count == 2 else { return nil }
      switch parts[0] {
      case "debian", "ubuntu", "alpine", "amazonlinux": return "\(parts[0]):\(parts[1])"
      case "rhel": return "registry.access.redhat.com/ubi\(parts[1])/ubi"
      default: return nil
      }
    }
  }

  /// Build for the profile: in its image, with zig's target, or with the cross compiler.
  public func toolchain() -> [Fix] {
    var fixes: [Fix] = []
    if let image = buildImage {
      let platformFlag = profile.architecture.name == "x86_64" ? "" : " --platform linux/\(Self.dockerArch[profile.architecture.name] ?? profile.architecture.name)"
      fixes.append(Fix(kind: .toolchain, text: "build inside \(image): docker run --rm\(platformFlag) -v \"$PWD\":/src -w /src \(image) <your build command>"))
    }
    fixes.append(Fix(kind: .toolchain, text: "zig cc -target \(zigTarget) builds for \(profile.libc.rawValue) \(profile.libcVersion) on \(profile.architecture.name)"))
    if profile.libc == .glibc && profile.architecture.name != "x86_64" {
      fixes.append(Fix(kind: .toolchain, text: "or \(FixAdvisor.gnuCompiler(platform.gnuTriple)) with a sysroot of \(profile.release)"))
    }
    return fixes
  }

  /// Docker's platform names.
  static let dockerArch = ["aarch64": "arm64", "armhf": "arm/v7", "i386": "386", "ppc64le": "ppc64le", "s390x": "s390x", "riscv64": "riscv64", "loongarch64": "loong64"]

}
