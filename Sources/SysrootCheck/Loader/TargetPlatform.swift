import AbiScan

/// What a loader on the target architecture expects: folders, interpreter names, `$LIB`, `$PLATFORM`,
/// and the toolchain that builds for it.
///
/// Derived from an object built for the target (the sysroot's C library,
/// or the checked binary), never from the host.
public struct TargetPlatform: Sendable, Hashable {
  /// The header facts every loaded object must match.
  public var identity: ElfIdentity
  /// Debian's multiarch tuple, e.g. `aarch64-linux-gnu`, `arm-linux-gnueabihf`.
  public var multiarch: String
  /// The lib folder of the non-multiarch layout (RHEL, Fedora, SUSE): `lib64`, `lib`, `libx32`, `lib32`.
  public var libFolder: String
  /// glibc's loader path for this architecture.
  public var glibcInterpreter: String
  /// musl's architecture name, as in `/lib/ld-musl-<arch>.so.1` and `/etc/ld-musl-<arch>.path`.
  public var muslArch: String
  /// What `$PLATFORM` expands to (AT_PLATFORM on this architecture).
  public var platform: String
  /// The GCC triple for a glibc cross toolchain (Debian's `gcc-<triple>` packages).
  public var gnuTriple: String
  /// The clang/zig target for this architecture, without the libc part (e.g. `aarch64-linux`).
  public var clangArch: String

  /// The platform for objects built like `identity`.
  public init(identity: ElfIdentity) {
    self.identity = identity
    let is64 = identity.elfClass == .elf64
    let little = identity.endianness == .little
    let hard = identity.flags.floatABI == .hard
    switch (identity.machine, is64) {
    case (.x86_64, true):
      (multiarch, libFolder, glibcInterpreter, muslArch, platform, clangArch) =
        ("x86_64-linux-gnu", "lib64", "/lib64/ld-linux-x86-64.so.2", "x86_64", "x86_64", "x86_64-linux")
    case (.x86_64, false):
      (multiarch, libFolder, glibcInterpreter, muslArch, platform, clangArch) =
        ("x86_64-linux-gnux32", "libx32", "/libx32/ld-linux-x32.so.2", "x32", "x86_64", "x86_64-linux-gnux32")
    case (.i386, _):
      (multiarch, libFolder, glibcInterpreter, muslArch, platform, clangArch) =
        ("i386-linux-gnu", "lib", "/lib/ld-linux.so.2", "i386", "i686", "i686-linux")
    case (.aarch64, _):
      (multiarch, libFolder, glibcInterpreter, muslArch, platform, clangArch) =
        (little ? "aarch64-linux-gnu" : "aarch64_be-linux-gnu", "lib64",
         little ? "/lib/ld-linux-aarch64.so.1" : "/lib/ld-linux-aarch64_be.so.1",
         little ? "aarch64" : "aarch64_be", little ? "aarch64" : "aarch64_be", little ? "aarch64-linux" : "aarch64_be-linux")
    case (.arm, _):
      (multiarch, libFolder, glibcInterpreter, muslArch, platform, clangArch) =
        (hard ? "arm-linux-gnueabihf" : "arm-linux-gnueabi", "lib",
         hard ? "/lib/ld-linux-armhf.so.3" : "/lib/ld-linux.so.3", hard ? "armhf" : "arm",
         little ? "v7l" : "v7b", "arm-linux")
    case (.riscv, true):
      let soft = identity.flags.floatABI == .soft
      (multiarch, libFolder, glibcInterpreter, muslArch, platform, clangArch) =
        ("riscv64-linux-gnu", soft ? "lib64/lp64" : "lib64/lp64d",
         soft ? "/lib/ld-linux-riscv64-lp64.so.1" : "/lib/ld-linux-riscv64-lp64d.so.1",
         soft ? "riscv64-sf" : "riscv64", "riscv64", "riscv64-linux")
    case (.riscv, false):
      (multiarch, libFolder, glibcInterpreter, muslArch, platform, clangArch) =
        ("riscv32-linux-gnu", "lib32/ilp32d", "/lib/ld-linux-riscv32-ilp32d.so.1", "riscv32", "riscv32", "riscv32-linux")
    case (.ppc64, _):
      (multiarch, libFolder, glibcInterpreter, muslArch, platform, clangArch) =
        (little ? "powerpc64le-linux-gnu" : "powerpc64-linux-gnu", "lib64",
         little || identity.flags.abiVariant == "elfv2" ? "/lib64/ld64.so.2" : "/lib64/ld64.so.1",
         little ? "powerpc64le" : "powerpc64", little ? "power8" : "power7", little ? "powerpc64le-linux" : "powerpc64-linux")
    case (.ppc, _):
      (multiarch, libFolder, glibcInterpreter, muslArch, platform, clangArch) =
        ("powerpc-linux-gnu", "lib", "/lib/ld.so.1", "powerpc", "ppc", "powerpc-linux")
    case (.s390, true):
      (multiarch, libFolder, glibcInterpreter, muslArch, platform, clangArch) =
        ("s390x-linux-gnu", "lib64", "/lib/ld64.so.1", "s390x", "z13", "s390x-linux")
    case (.mips, _):
      let variant = identity.flags.abiVariant ?? (is64 ? "n64" : "o32")
      let el = little ? "el" : ""
      switch variant {
      case "n64":
        (multiarch, libFolder, glibcInterpreter, muslArch, platform, clangArch) =
          ("mips64\(el)-linux-gnuabi64", "lib64", "/lib64/ld.so.1", "mips64\(el)", "mips64", "mips64\(el)-linux")
      case "n32":
        (multiarch, libFolder, glibcInterpreter, muslArch, platform, clangArch) =
          ("mips64\(el)-linux-gnuabin32", "lib32", "/lib32/ld.so.1", "mipsn32\(el)", "mips64", "mips64\(el)-linux-gnuabin32")
      default:
        (multiarch, libFolder, glibcInterpreter, muslArch, platform, clangArch) =
          ("mips\(el)-linux-gnu", "lib", "/lib/ld.so.1", "mips\(el)", "mips", "mips\(el)-linux")
      }
    case (.loongarch, _):
      (multiarch, libFolder, glibcInterpreter, muslArch, platform, clangArch) =
        ("loongarch64-linux-gnu", "lib64", "/lib64/ld-linux-loongarch-lp64d.so.1", "loongarch64", "loongarch", "loongarch64-linux")
    default:
      let name = identity.machine.shortName
      (multiarch, libFolder, glibcInterpreter, muslArch, platform, clangArch) =
        ("\(name)-linux-gnu", is64 ? "lib64" : "lib", "", name, name, "\(name)-linux")
    }
    gnuTriple = multiarch == "i386-linux-gnu" ? "i686-linux-gnu" : multiarch
  }

  /// The machine abidoctor itself runs on, as an ELF identity (for "is this target foreign here?").
  public static let thisMachine: ElfIdentity = {
    #if arch(x86_64)
      let machine = Machine.x86_64
    #elseif arch(arm64)
      let machine = Machine.aarch64
    #elseif arch(i386)
      let machine = Machine.i386
    #else
      let machine = Machine(rawValue: 0)
    #endif
    return ElfIdentity(
      elfClass: MemoryLayout<Int>.size == 8 ? .elf64 : .elf32, endianness: .little, osabi: OSABI(rawValue: 0), abiVersion: 0,
      type: .executable, machine: machine, flags: MachineFlags(value: 0, decoded: [], floatABI: nil, abiVariant: nil), entry: 0)
  }()

  /// musl's loader for this architecture.
  public var muslInterpreter: String { "/lib/ld-musl-\(muslArch).so.1" }

  /// The GCC triple for a musl cross toolchain, e.g. `aarch64-linux-musl`.
  public var muslTriple: String {
    let arch = clangArch.split(separator: "-").first.map(String.init) ?? muslArch
    return identity.machine == .arm ? "arm-linux-musleabi\(identity.flags.floatABI == .hard ? "hf" : "")" : "\(arch)-linux-musl"
  }

  /// A one-line description such as `aarch64 (ELF64 little-endian)`.
  public var summary: String {
    // Appended piece by piece: the interpolation with the class's bits as a number was 3,000
    // instructions a tree of `deps`.
    var text = identity.machine.shortName
    text += identity.elfClass == .elf64 ? " (ELF64 " : " (ELF32 "
    text += identity.endianness.rawValue
    text += "-endian"
    if let float = identity.flags.floatABI { text += ", \(float.rawValue)-float" }
    if let variant = identity.flags.abiVariant, identity.machine == .mips || identity.machine == .ppc64 {
      text += ", \(variant)"
    }
    return text + ")"
  }
}
