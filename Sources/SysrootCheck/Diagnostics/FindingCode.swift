/// A stable identifier for one kind of problem; `rawValue` is the code in the JSON contract.
public enum FindingCode: String, Sendable, Hashable, CaseIterable {
  case classMismatch = "class-mismatch"
  case endianMismatch = "endian-mismatch"
  case machineMismatch = "machine-mismatch"
  case floatABIMismatch = "float-abi-mismatch"
  case osabiMismatch = "osabi-mismatch"
  case interpreterMissing = "interpreter-missing"
  case interpreterMismatch = "interpreter-mismatch"
  case libcMismatch = "libc-mismatch"
  case neededNotFound = "needed-not-found"
  case neededIncompatible = "needed-incompatible"
  case versionTooNew = "version-too-new"
  case versionMissing = "version-missing"
  case symbolUnresolved = "symbol-unresolved"
  case privateVersion = "private-version"
  case cxxABIMismatch = "cxx-abi-mismatch"
  case goVersionMismatch = "go-version-mismatch"
  case goPackageMismatch = "go-package-mismatch"
  case isaLevelTooHigh = "isa-level-too-high"
  case rpathOutsideRoot = "rpath-outside-root"
  case notElf = "not-elf"
  case malformedElf = "malformed-elf"
  case unreadable = "unreadable"
  /// WebAssembly: a file with the `\0asm` magic that does not parse.
  case wasmMalformed = "wasm-malformed"
  /// WebAssembly: an import the host does not provide.
  case wasmImportUnresolved = "wasm-import-unresolved"
  /// WebAssembly: an import the host provides with another type.
  case wasmImportTypeMismatch = "wasm-import-type-mismatch"
  /// WebAssembly: a proposal the runtime does not support, or supports only behind a flag.
  case wasmFeatureUnsupported = "wasm-feature-unsupported"
  /// WebAssembly: a core module for a components-only host, or a component for a core-only runtime.
  case wasiVersionMismatch = "wasi-version-mismatch"
  /// WebAssembly: an entry point the host calls that the module does not export.
  case wasmExportMissing = "wasm-export-missing"
  /// WebAssembly: a file named explicitly for a WebAssembly host that is no WebAssembly module (an ELF file).
  case notWasm = "not-wasm"
  /// WebAssembly: a proxy-wasm filter exporting no `proxy_abi_version_*` the host speaks.
  case proxyWasmAbiMismatch = "proxy-wasm-abi-mismatch"
  /// WebAssembly sandbox policy: an import the policy does not allow, or a capability it denies.
  case wasmImportDenied = "wasm-import-denied"
  /// WebAssembly sandbox policy: a memory with no declared maximum where the policy requires one.
  case wasmMemoryUnbounded = "wasm-memory-unbounded"
  /// WebAssembly sandbox policy: a memory that may grow past the policy's page limit.
  case wasmMemoryOverLimit = "wasm-memory-over-limit"
  /// WebAssembly sandbox policy: a proposal the policy forbids.
  case wasmFeatureDenied = "wasm-feature-denied"
  /// abidoctor's addition: a plugin whose PT_GNU_STACK asks for an executable stack (or is missing),
  /// which glibc 2.41 and later refuse at dlopen time.
  case executableStack = "executable-stack"
  /// abidoctor's addition: a needed library that a platform profile does not promise on every
  /// installation (it may be installed, or shipped with the program; a profile cannot tell).
  case neededNotGuaranteed = "needed-not-guaranteed"
  /// abidoctor's addition: the loader finds the library but cannot map it (truncated, damaged).
  case neededUnusable = "needed-unusable"
  /// abidoctor's addition: a package declares a C library floor below what its own binaries need.
  case packageFloorTooLow = "package-floor-too-low"

  /// Severity used unless a policy overrides it. The switch is exhaustive, so a new code cannot ship without one.
  public var defaultSeverity: Severity {
    switch self {
    case .osabiMismatch, .privateVersion, .rpathOutsideRoot, .neededNotGuaranteed: return .warning
    case .classMismatch, .endianMismatch, .machineMismatch, .floatABIMismatch, .interpreterMissing,
      .interpreterMismatch, .libcMismatch, .neededNotFound, .neededIncompatible, .versionTooNew,
      .versionMissing, .symbolUnresolved, .cxxABIMismatch, .goVersionMismatch, .goPackageMismatch,
      .isaLevelTooHigh, .notElf, .malformedElf, .unreadable, .executableStack, .neededUnusable, .packageFloorTooLow,
      .wasmMalformed, .wasmImportUnresolved, .wasmImportTypeMismatch, .wasmFeatureUnsupported, .wasiVersionMismatch, .wasmExportMissing, .proxyWasmAbiMismatch, .notWasm,
      .wasmImportDenied, .wasmMemoryUnbounded, .wasmMemoryOverLimit, .wasmFeatureDenied:
      return .error
    }
  }

  /// One sentence for SARIF `rules[].shortDescription` and the docs.
  public var summary: String {
    switch self {
    case .classMismatch: return "32-bit and 64-bit objects cannot share a process (ELFCLASS differs)."
    case .endianMismatch: return "Little- and big-endian objects cannot share a process."
    case .machineMismatch: return "The object was built for another architecture (e_machine differs)."
    case .floatABIMismatch: return "The float calling convention (ARM hard/soft float, RISC-V float ABI, MIPS ABI) differs."
    case .osabiMismatch: return "EI_OSABI names an operating system the target does not accept."
    case .interpreterMissing: return "The program interpreter (PT_INTERP) does not exist on the target."
    case .interpreterMismatch: return "The program interpreter belongs to another architecture or C library."
    case .libcMismatch: return "The object and the target use different C libraries (glibc, musl, ...)."
    case .neededNotFound: return "A DT_NEEDED library is not on the loader's search path."
    case .neededIncompatible: return "Only libraries of the wrong class, machine or float ABI were found under that name."
    case .versionTooNew: return "A needed symbol version is newer than the target's library provides."
    case .versionMissing: return "A needed symbol version is not defined by the library that resolved."
    case .symbolUnresolved: return "An undefined, non-weak symbol is defined by no loaded object."
    case .privateVersion: return "The object uses a private version node (GLIBC_PRIVATE) that no other build keeps."
    case .cxxABIMismatch: return "The two libstdc++ string ABIs (std::__cxx11) meet across a plugin boundary."
    case .goVersionMismatch: return "Go plugin and host were built by different Go toolchains."
    case .goPackageMismatch: return "Go plugin and host were built with different versions of a shared package."
    case .isaLevelTooHigh: return "The object needs an x86-64 ISA level above the target's."
    case .rpathOutsideRoot: return "An absolute RPATH/RUNPATH points outside the sysroot or at the build machine."
    case .notElf: return "A file named explicitly is not an ELF file."
    case .malformedElf: return "An ELF file is inconsistent or truncated and could not be fully read."
    case .unreadable: return "A file could not be opened or read."
    case .executableStack: return "A plugin needs an executable stack, which glibc 2.41 and later refuse to give at dlopen."
    case .neededNotGuaranteed: return "A needed library is not one the target platform guarantees; ship it or install it."
    case .packageFloorTooLow: return "A package's declared dependency on the C library is lower than what its binaries need: it installs where they do not load."
    case .neededUnusable: return "The loader finds a needed library but cannot map it (truncated or damaged): it stops, or the process dies."
    case .wasmMalformed: return "A WebAssembly file does not parse (truncated sections, bad LEB128, sizes past the end)."
    case .wasmImportUnresolved: return "A WebAssembly import that the host does not provide: instantiation fails."
    case .wasmImportTypeMismatch: return "A WebAssembly import that the host provides with another type: instantiation fails."
    case .wasmFeatureUnsupported: return "A WebAssembly proposal the runtime does not support, or only behind a flag."
    case .wasiVersionMismatch: return "A core module on a components-only host, a component on a core-only runtime, or another WASI version."
    case .wasmImportDenied: return "A WebAssembly import the sandbox policy does not allow, or that reaches a capability it denies."
    case .wasmMemoryUnbounded: return "A WebAssembly memory without a declared maximum, where the policy requires one."
    case .wasmMemoryOverLimit: return "A WebAssembly memory that may grow past the policy's page limit."
    case .wasmFeatureDenied: return "A WebAssembly proposal the sandbox policy forbids."
    case .wasmExportMissing: return "An entry point the host calls (_start, _initialize, proxy_on_*, an Extism function) is not exported."
    case .notWasm: return "A file named for a WebAssembly host is no WebAssembly module: the host cannot load it."
    case .proxyWasmAbiMismatch: return "A proxy-wasm filter exports no proxy_abi_version_* that the host speaks: the host refuses to start it."
    }
  }
}
