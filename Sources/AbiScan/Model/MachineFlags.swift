/// e_flags, with what they mean for the file's machine.
///
/// e_flags carry the parts of the ABI that the machine code alone does not:
/// ARM's float calling convention, RISC-V's float ABI and compressed
/// instructions, MIPS's o32/n32/n64 and NaN encoding, ppc64's ELFv1/ELFv2.
/// Two objects whose flags disagree on these cannot be loaded together even
/// when e_machine matches.
public struct MachineFlags: Sendable, Hashable {
  /// e_flags as stored in the file.
  public var value: UInt32
  /// Lower-case names for the decoded meanings, e.g. `["eabi5", "hard-float"]`.
  public var decoded: [String]
  /// The float calling convention the flags declare, when the machine's flags carry one.
  public var floatABI: FloatABI?
  /// The ABI variant that selects the interpreter and the library folders
  /// (`o32`, `n32`, `n64` for MIPS; `elfv1`, `elfv2` for ppc64; `eabi5` for ARM), when the flags carry one.
  public var abiVariant: String?

  public init(value: UInt32, decoded: [String], floatABI: FloatABI?, abiVariant: String?) {
    self.value = value
    self.decoded = decoded
    self.floatABI = floatABI
    self.abiVariant = abiVariant
  }

  /// `value` as the contract writes it: lower-case hex with `0x`.
  public var hexValue: String { "0x" + String(value, radix: 16) }
}

/// How floating-point arguments are passed, as declared by e_flags.
public enum FloatABI: String, Sendable, Hashable, CaseIterable {
  /// Floating-point values in integer registers (ARM soft-float, softfp, RISC-V lp64/ilp32, MIPS -msoft-float).
  case soft
  /// ARM VFP registers (gnueabihf).
  case hard
  /// RISC-V single-precision float registers (ilp32f/lp64f).
  case single
  /// RISC-V double-precision float registers (ilp32d/lp64d).
  case double
  /// RISC-V quad-precision float registers (lp64q).
  case quad
}
