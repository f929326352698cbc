import AbiScan

/// A C library installed in a sysroot: what architectures and which libc family and version it serves.
public struct SysrootLibc: Sendable {
  /// Its path inside the sysroot.
  public var path: String
  /// Its header facts: the architecture of the programs it can run.
  public var identity: ElfIdentity
  /// glibc or musl.
  public var family: LibcFamily
  /// The version it provides (glibc: the highest GLIBC_x.y it defines; musl: the version in its bytes).
  public var version: String?

  /// Finds the C libraries of a sysroot in the places loaders keep them: `lib`, `lib64`, `libx32`, `lib32`,
  /// and the multiarch folders under `/lib` and `/usr/lib`. 64-bit first, then by path.
  public static func find(in sysroot: Sysroot, cache: ImageCache) -> [SysrootLibc] {
    var folders = ["/lib", "/lib64", "/lib32", "/libx32", "/usr/lib", "/usr/lib64", "/usr/lib32", "/usr/libx32"]
    for base in ["/lib", "/usr/lib"] {
      folders += sysroot.list(base).filter { $0.containsBytes("-linux-") }.map { "\(base)/\($0)" }
    }
    var seen = Set<String>()
    var out: [SysrootLibc] = []
    for folder in folders {
      for name in sysroot.list(folder)
      where name == "libc.so.6" || (name.hasPrefix("ld-musl-") && name.hasSuffix(".so.1"))
        || (name.hasPrefix("libc.musl-") && name.hasSuffix(".so.1"))
      {
        guard let resolved = try? sysroot.resolve(folder + "/" + name), sysroot.kind(of: resolved) == .regular,
          seen.insert(resolved.path).inserted
        else { continue }
        guard case .success(let image) = cache.image(at: .sysroot(resolved.path), in: sysroot, displayPath: resolved.path)
        else { continue }
        let isMusl = !name.hasPrefix("libc.so.6")
        out.append(
          SysrootLibc(
            path: resolved.path, identity: image.identity, family: isMusl ? .musl : .glibc,
            version: isMusl
              ? image.libc.providedVersion
              : LibcClassifier.highestNumbered(series: "GLIBC", in: image.definedVersionNames)))
      }
    }
    return out.sorted { a, b in
      (a.identity.elfClass == .elf64 ? 0 : 1, a.path) < (b.identity.elfClass == .elf64 ? 0 : 1, b.path)
    }
  }
}
