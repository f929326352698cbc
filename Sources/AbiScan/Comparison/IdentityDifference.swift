/// One way two objects' ABIs differ so that they cannot share a process.
///
/// Facts, not findings: SysrootCheck turns them into findings with fixes.
public enum IdentityDifference: Sendable, Hashable, CustomStringConvertible {
  /// ELFCLASS32 against ELFCLASS64.
  case elfClass(have: ElfClass, need: ElfClass)
  /// Little against big endian.
  case endianness(have: Endianness, need: Endianness)
  /// Another e_machine.
  case machine(have: Machine, need: Machine)
  /// Another float calling convention (ARM hard/soft, RISC-V float ABI).
  case floatABI(have: FloatABI?, need: FloatABI?)
  /// Another ABI variant that the loader keeps apart (MIPS o32/n32/n64, ppc64 ELFv1/ELFv2).
  case abiVariant(have: String, need: String)
  /// MIPS NaN encodings (legacy against 2008) cannot be mixed in one process.
  case nanEncoding(have: String, need: String)

  /// Short, as in `skipped /lib/libc.so.6: aarch64, need x86_64`.
  public var description: String {
    switch self {
    case .elfClass(let have, let need): return "ELF\(have.bits), need ELF\(need.bits)"
    case .endianness(let have, let need): return "\(have.rawValue)-endian, need \(need.rawValue)-endian"
    case .machine(let have, let need): return "\(have.shortName), need \(need.shortName)"
    case .floatABI(let have, let need):
      return "\(have.map { $0.rawValue + "-float" } ?? "no float ABI"), need \(need.map { $0.rawValue + "-float" } ?? "no float ABI")"
    case .abiVariant(let have, let need): return "\(have), need \(need)"
    case .nanEncoding(let have, let need): return "\(have) NaN, need \(need) NaN"
    }
  }
}

/// Compares the header facts the loader checks before it maps an object.
public enum IdentityComparison {
  /// How `candidate` differs from what a process built like `required` can load; empty when it can.
  ///
  /// The order is the loader's: class and byte order first (elf_machine_matches_host), then the
  /// machine, then the ABI flags glibc's per-architecture `elf_machine_matches_host` and
  /// `VALID_FLOAT_ABI` check.
  public static func differences(_ candidate: ElfIdentity, from required: ElfIdentity) -> [IdentityDifference] {
    var out: [IdentityDifference] = []
    if candidate.elfClass != required.elfClass {
      out.append(.elfClass(have: candidate.elfClass, need: required.elfClass))
    }
    if candidate.endianness != required.endianness {
      out.append(.endianness(have: candidate.endianness, need: required.endianness))
    }
    if candidate.machine != required.machine {
      out.append(.machine(have: candidate.machine, need: required.machine))
      return out
    }
    switch candidate.machine {
    case .arm where candidate.type == .relocatable && candidate.flags.value & 0x600 == 0:
      // An ARM object file that declares no float convention (glibc's own crt1.o, crti.o: 0x5000000)
      // links into either kind of program: the linker decides by its build attributes, and the
      // loader never sees it. Loadable objects must declare hard-float for armhf (VALID_FLOAT_ABI).
      break
    case .arm, .riscv, .loongarch:
      if candidate.flags.floatABI != required.flags.floatABI {
        out.append(.floatABI(have: candidate.flags.floatABI, need: required.flags.floatABI))
      }
    case .mips:
      if let have = candidate.flags.abiVariant, let need = required.flags.abiVariant, have != need {
        out.append(.abiVariant(have: have, need: need))
      }
      let haveNaN = candidate.flags.value & 0x400 != 0 ? "2008" : "legacy"
      let needNaN = required.flags.value & 0x400 != 0 ? "2008" : "legacy"
      if haveNaN != needNaN { out.append(.nanEncoding(have: haveNaN, need: needNaN)) }
    case .ppc64:
      if let have = candidate.flags.abiVariant, let need = required.flags.abiVariant, have != need {
        out.append(.abiVariant(have: have, need: need))
      }
    default:
      break
    }
    return out
  }
}
