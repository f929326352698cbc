/// The ELF header facts that decide whether two objects can share a process.
public struct ElfIdentity: Sendable, Hashable {
  /// ELFCLASS32 or ELFCLASS64.
  public var elfClass: ElfClass
  /// Little or big endian.
  public var endianness: Endianness
  /// EI_OSABI.
  public var osabi: OSABI
  /// EI_ABIVERSION.
  public var abiVersion: UInt8
  /// e_type.
  public var type: ObjectType
  /// e_machine.
  public var machine: Machine
  /// e_flags, decoded for the machine.
  public var flags: MachineFlags
  /// e_entry.
  public var entry: UInt64

  public init(
    elfClass: ElfClass, endianness: Endianness, osabi: OSABI, abiVersion: UInt8,
    type: ObjectType, machine: Machine, flags: MachineFlags, entry: UInt64
  ) {
    self.elfClass = elfClass
    self.endianness = endianness
    self.osabi = osabi
    self.abiVersion = abiVersion
    self.type = type
    self.machine = machine
    self.flags = flags
    self.entry = entry
  }

  /// A short human description such as `ELF64 little-endian aarch64`.
  public var summary: String {
    "ELF\(elfClass.bits) \(endianness.rawValue)-endian \(machine.shortName)"
  }
}
