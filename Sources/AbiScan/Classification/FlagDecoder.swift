/// Decodes e_flags for the machines whose flags carry ABI facts.
///
/// The names follow binutils where binutils has one, in lower case, so that
/// `readelf -h` and abidoctor can be read side by side.
public enum FlagDecoder {
  /// Decodes `flags` as `machine` defines them; machines without ABI flags decode to nothing.
  public static func decode(machine: Machine, elfClass: ElfClass, flags: UInt32) -> MachineFlags {
    switch machine {
    case .arm: return arm(flags)
    case .riscv: return riscv(flags)
    case .mips: return mips(flags, elfClass: elfClass)
    case .ppc64: return ppc64(flags)
    case .loongarch: return loongarch(flags)
    default: return MachineFlags(value: flags, decoded: [], floatABI: nil, abiVariant: nil)
    }
  }

  /// ARM: EF_ARM_EABIMASK (top byte) is the EABI version; EF_ARM_ABI_FLOAT_HARD (0x400) selects VFP
  /// argument registers. glibc's armhf loader accepts only objects with 0x400 set, armel only without it.
  static func arm(_ flags: UInt32) -> MachineFlags {
    var decoded: [String] = []
    let eabi = flags >> 24
    var variant: String? = nil
    if eabi != 0 {
      decoded.append("eabi\(eabi)")
      variant = "eabi\(eabi)"
    } else {
      decoded.append("gnu-eabi-unknown")
    }
    if flags & 0x400 != 0 { decoded.append("hard-float") }
    if flags & 0x200 != 0 { decoded.append("soft-float") }
    if flags & 0x0080_0000 != 0 { decoded.append("be8") }
    return MachineFlags(
      value: flags, decoded: decoded, floatABI: flags & 0x400 != 0 ? .hard : .soft, abiVariant: variant)
  }

  /// RISC-V: EF_RISCV_RVC (0x1), EF_RISCV_FLOAT_ABI (0x6: soft, single, double, quad), EF_RISCV_RVE (0x8),
  /// EF_RISCV_TSO (0x10). The float ABI picks the interpreter (`ld-linux-riscv64-lp64d.so.1`).
  static func riscv(_ flags: UInt32) -> MachineFlags {
    var decoded: [String] = []
    if flags & 0x1 != 0 { decoded.append("rvc") }
    let floatABI: FloatABI
    switch flags & 0x6 {
    case 0x2: floatABI = .single
    case 0x4: floatABI = .double
    case 0x6: floatABI = .quad
    default: floatABI = .soft
    }
    decoded.append("float-abi-\(floatABI.rawValue)")
    if flags & 0x8 != 0 { decoded.append("rve") }
    if flags & 0x10 != 0 { decoded.append("tso") }
    return MachineFlags(value: flags, decoded: decoded, floatABI: floatABI, abiVariant: nil)
  }

  private static let mipsArchitectures = [
    "mips1", "mips2", "mips3", "mips4", "mips5", "mips32", "mips64", "mips32r2", "mips64r2",
    "mips32r6", "mips64r6",
  ]

  /// MIPS: the ABI (o32, n32 via EF_MIPS_ABI2, n64 by ELFCLASS64), the architecture level (top nibble),
  /// EF_MIPS_NAN2008 (0x400) and EF_MIPS_FP64 (0x200): objects that differ in ABI or NaN encoding cannot mix.
  static func mips(_ flags: UInt32, elfClass: ElfClass) -> MachineFlags {
    var decoded: [String] = []
    if flags & 0x1 != 0 { decoded.append("noreorder") }
    if flags & 0x2 != 0 { decoded.append("pic") }
    if flags & 0x4 != 0 { decoded.append("cpic") }
    let abi: String
    if elfClass == .elf64 {
      abi = "n64"
    } else if flags & 0x20 != 0 {
      abi = "n32"
    } else {
      switch flags & 0xf000 {
      case 0x2000: abi = "o64"
      case 0x3000: abi = "eabi32"
      case 0x4000: abi = "eabi64"
      default: abi = "o32"
      }
    }
    decoded.append(abi)
    let arch = Int(flags >> 28)
    decoded.append(arch < mipsArchitectures.count ? mipsArchitectures[arch] : "mips-arch-\(arch)")
    if flags & 0x400 != 0 { decoded.append("nan2008") }
    if flags & 0x200 != 0 { decoded.append("fp64") }
    return MachineFlags(value: flags, decoded: decoded, floatABI: nil, abiVariant: abi)
  }

  /// ppc64: the low two bits give the ELF ABI version (1 = ELFv1 with function descriptors, 2 = ELFv2).
  static func ppc64(_ flags: UInt32) -> MachineFlags {
    switch flags & 0x3 {
    case 1: return MachineFlags(value: flags, decoded: ["elfv1"], floatABI: nil, abiVariant: "elfv1")
    case 2: return MachineFlags(value: flags, decoded: ["elfv2"], floatABI: nil, abiVariant: "elfv2")
    default: return MachineFlags(value: flags, decoded: [], floatABI: nil, abiVariant: nil)
    }
  }

  /// LoongArch: EF_LOONGARCH_ABI_MODIFIER_MASK (0x7: 1 soft, 2 single, 3 double) and the object ABI version (0xc0).
  static func loongarch(_ flags: UInt32) -> MachineFlags {
    var decoded: [String] = []
    var floatABI: FloatABI? = nil
    switch flags & 0x7 {
    case 1: floatABI = .soft
    case 2: floatABI = .single
    case 3: floatABI = .double
    default: break
    }
    if let floatABI { decoded.append("float-abi-\(floatABI.rawValue)") }
    decoded.append("obj-v\((flags & 0xc0) >> 6)")
    return MachineFlags(value: flags, decoded: decoded, floatABI: floatABI, abiVariant: nil)
  }
}
