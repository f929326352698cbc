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
        Fix(kind: .toolchain, text: "build with a musl toolchain for \(platform.identity.machine.shortName): \(platform.muslTriple)-gcc, or zig cc -target \(platform.clangArch.split(separator: "-").first ?? "")-linux-musl"),
        Fix(kind: .toolchain, text: "clang --target=\(platform.muslTriple) --sysroot=\(sysrootPath)"),
      ]
    }
    return [
      Fix(kind: .toolchain, text: "build with \(platform.gnuTriple)-gcc (Debian: apt-get install gcc-\(platform.gnuTriple)) and --sysroot=\(sysrootPath)"),
      Fix(kind: .toolchain, text: "clang --target=\(platform.gnuTriple) --sysroot=\(sysrootPath)"),
    ]
  }

  /// 32/64-bit on x86, where one compiler builds both.
  public func classFlag(need: ElfClass, machine: Machine) -> [Fix] {
    guard machine == .x86_64 || machine == .i386 else { return [] }
    return [Fix(kind: .compilerFlag, text: need == .elf64 ? "compile and link with -m64" : "compile and link with -m32 (Debian: gcc-12-multilib)")]
  }

  /// The float ABI flag with the matching compiler.
  public func floatABI(need: ElfIdentity) -> [Fix] {
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

  /// Point the program at the interpreter the sysroot has.
  public func dynamicLinker(existing: String?) -> [Fix] {
    guard let existing else { return [] }
    return [Fix(kind: .linkerFlag, text: "-Wl,--dynamic-linker=\(existing) (the interpreter this sysroot has)")]
  }

  /// Where a missing library could come from.
  public func missingLibrary(_ name: String, elsewhere: [(path: String, package: String?)]) -> [Fix] {
    var fixes: [Fix] = []
    for found in elsewhere.prefix(3) {
      let folder = Location.parent(of: found.path)
      var text = "\(found.path) is in the sysroot but outside the search path"
      if let package = found.package { text += " (package \(package))" }
      fixes.append(Fix(kind: .linkerFlag, text: text + ": link with -Wl,-rpath,\(folder), or pass --library-path \(folder)"))
    }
    if elsewhere.isEmpty {
      let package = Self.debianPackageGuess(name)
      if family == .musl {
        fixes.append(Fix(kind: .package, text: "install the package that provides \(name) on the target (Alpine: apk search so:\(name))"))
      } else {
        fixes.append(Fix(kind: .package, text: "install the package that provides \(name) on the target (Debian names it like \(package): apt-get install \(package); apt-file search \(name) finds it)"))
      }
    }
    fixes.append(Fix(kind: .linkerFlag, text: "or ship \(name) with the program in a lib/ folder beside bin/ and link with -Wl,-rpath,'$ORIGIN/../lib'"))
    return fixes
  }

  /// Debian's library package naming (Policy 8.1): soname libfoo.so.1 -> libfoo1, libfoo-2.0.so.0 -> libfoo-2.0-0.
  static func debianPackageGuess(_ soname: String) -> String {
    guard let range = soname.firstRange(of: ".so.") else { return soname.replacingSuffix(".so") }
    let base = String(soname[..<range.lowerBound])
    let version = String(soname[range.upperBound...])
    let needsDash = base.last.map { $0.isNumber } ?? false
    return (base + (needsDash ? "-" : "") + version).lowercased()
  }

  /// A too-new version: the highest the sysroot provides, the symbols that force the newer one, and ways to build for it.
  public func versionTooNew(library: String, needed: String, provided: String?, symbols: [String]) -> [Fix] {
    var fixes: [Fix] = []
    let node = VersionNodeName(needed)
    if symbols.contains("__libc_start_main") {
      fixes.append(Fix(kind: .rebuild, text: "every program linked against glibc 2.34 or later needs __libc_start_main@GLIBC_2.34 (from crt1.o): link on the target's glibc or older"))
    } else if !symbols.isEmpty && !["GLIBCXX", "CXXABI", "GCC"].contains(node.series) {
      fixes.append(Fix(kind: .rebuild, text: "avoid \(symbols.prefix(5).joined(separator: ", ")) (they need \(needed)), or provide a fallback for older \(library)"))
    }
    if node.series == "GLIBC", let provided, let platform {
      let arch = platform.clangArch.split(separator: "-").first.map(String.init) ?? "x86_64"
      fixes.append(Fix(kind: .toolchain, text: "zig cc -target \(arch)-linux-gnu.\(provided) builds against glibc \(provided)"))
      fixes.append(Fix(kind: .sysroot, text: "build against this sysroot or one with glibc \(provided): --sysroot=\(sysrootPath)"))
    } else if let gcc = Self.gccRuntimeFix(needed: needed, provided: provided, provider: "the target's \(library)") {
      fixes.append(gcc)
    } else {
      fixes.append(Fix(kind: .sysroot, text: "build against the \(library) the target has: --sysroot=\(sysrootPath)"))
    }
    return fixes
  }

  /// For a GLIBCXX, CXXABI or GCC node: the GCC release that brings it, the one the provider has, and
  /// the two ways out (that GCC, or the C++ runtime linked in). Nil for other series.
  static func gccRuntimeFix(needed: String, provided: String?, provider: String) -> Fix? {
    let node = VersionNodeName(needed)
    guard ["GLIBCXX", "CXXABI", "GCC"].contains(node.series) else { return nil }
    func release(_ number: String) -> String? {
      node.series == "GLIBCXX" ? GCCReleases.forGlibcxx(number) : node.series == "CXXABI" ? GCCReleases.forCxxabi(number) : nil
    }
    var text = "\(needed) comes with \(release(String(needed.dropFirst(node.series.count + 1))) ?? "a newer GCC"); \(provider) provides up to \(node.series)_\(provided ?? "?")"
    if let providedRelease = provided.flatMap(release) { text += " (\(providedRelease))" }
    return Fix(kind: .toolchain, text: text + ": build with that GCC, or link libstdc++/libgcc statically with -static-libstdc++ -static-libgcc")
  }

  /// A path baked in at build time.
  public func rpathOutside(_ entry: String) -> [Fix] {
    [
      Fix(kind: .linkerFlag, text: "link with -Wl,-rpath,'$ORIGIN/../lib' (relative to the binary) instead of \(entry)"),
      Fix(kind: .rebuild, text: "or remove it from the built file: patchelf --remove-rpath FILE (or chrpath -d FILE)"),
    ]
  }
}

extension String {
  fileprivate func replacingSuffix(_ suffix: String) -> String {
    hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
  }
}
