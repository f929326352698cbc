import AbiScan

/// One factory per code: the message wording lives here, and tests assert codes, evidence and fixes.
extension Finding {
  /// The file's architecture differs from the target's (class, byte order, machine, float ABI).
  public static func identityMismatch(
    path: String, difference: IdentityDifference, against: String, fixes: [Fix]
  ) -> Finding {
    let code: FindingCode
    let what: String
    var evidence: [(key: String, value: JSONValue)] = [("target", .string(against))]
    switch difference {
    case .elfClass(let have, let need):
      code = .classMismatch
      what = "is \(have.bits)-bit but \(against) is \(need.bits)-bit"
      evidence += [("have", .int(have.bits)), ("need", .int(need.bits))]
    case .endianness(let have, let need):
      code = .endianMismatch
      what = "is \(have.rawValue)-endian but \(against) is \(need.rawValue)-endian"
      evidence += [("have", .string(have.rawValue)), ("need", .string(need.rawValue))]
    case .machine(let have, let need):
      code = .machineMismatch
      what = "is built for \(have.shortName) but \(against) is \(need.shortName)"
      evidence += [("have", .string(have.shortName)), ("need", .string(need.shortName))]
    case .floatABI(let have, let need):
      code = .floatABIMismatch
      what = "uses the \(have?.rawValue ?? "unspecified")-float ABI but \(against) uses \(need?.rawValue ?? "unspecified")-float"
      evidence += [("have", .optional(have?.rawValue)), ("need", .optional(need?.rawValue))]
    case .abiVariant(let have, let need):
      code = .floatABIMismatch
      what = "uses the \(have) ABI but \(against) uses \(need)"
      evidence += [("have", .string(have)), ("need", .string(need))]
    case .nanEncoding(let have, let need):
      code = .floatABIMismatch
      what = "uses \(have) NaN encoding but \(against) uses \(need)"
      evidence += [("have", .string(have)), ("need", .string(need))]
    }
    return Finding(code: code, path: path, message: "\(path) \(what)", evidence: evidence, fixes: fixes)
  }

  /// PT_INTERP names a file the target does not have.
  public static func interpreterMissing(path: String, interpreter: String, reason: String, fixes: [Fix]) -> Finding {
    Finding(
      code: .interpreterMissing, path: path,
      message: "\(path) asks for the interpreter \(interpreter), which \(reason)",
      evidence: [("interpreter", .string(interpreter)), ("reason", .string(reason))], fixes: fixes)
  }

  /// PT_INTERP exists but belongs to another architecture or C library.
  public static func interpreterMismatch(path: String, interpreter: String, reason: String, fixes: [Fix]) -> Finding {
    Finding(
      code: .interpreterMismatch, path: path,
      message: "\(path) asks for the interpreter \(interpreter), but that one \(reason)",
      evidence: [("interpreter", .string(interpreter)), ("reason", .string(reason))], fixes: fixes)
  }

  /// glibc against musl (or another family).
  public static func libcMismatch(path: String, have: LibcFamily, need: LibcFamily, targetLibc: String, fixes: [Fix]) -> Finding {
    Finding(
      code: .libcMismatch, path: path,
      message: "\(path) is built for \(have.rawValue) but the target's C library is \(need.rawValue) (\(targetLibc))",
      evidence: [("have", .string(have.rawValue)), ("need", .string(need.rawValue)), ("targetLibc", .string(targetLibc))],
      fixes: fixes)
  }

  /// A DT_NEEDED library is not on the search path.
  public static func neededNotFound(path: String, library: String, neededBy: String, tried: [String], fixes: [Fix]) -> Finding {
    let by = neededBy == path ? "" : " (needed by \(neededBy))"
    return Finding(
      code: .neededNotFound, path: path,
      message: "\(path): \(library)\(by) is not found on the target's library search path",
      evidence: [("library", .string(library)), ("neededBy", .string(neededBy)), ("tried", .strings(tried))],
      fixes: fixes)
  }

  /// Only libraries of the wrong architecture were found ("skipping incompatible").
  public static func neededIncompatible(
    path: String, library: String, neededBy: String, skipped: [SkippedCandidate], fixes: [Fix]
  ) -> Finding {
    let by = neededBy == path ? "" : " (needed by \(neededBy))"
    let list = skipped.prefix(3).map { "\($0.path): \($0.reason)" }.joined(separator: "; ")
    return Finding(
      code: .neededIncompatible, path: path,
      message: "\(path): \(library)\(by) exists only in incompatible builds: \(list)",
      evidence: [
        ("library", .string(library)), ("neededBy", .string(neededBy)),
        ("skipped", .array(skipped.map { .object([("path", .string($0.path)), ("reason", .string($0.reason)), ("rule", .string($0.rule.rawValue))]) })),
      ],
      fixes: fixes)
  }

  /// A needed version is above the highest of its series that the providing library defines.
  public static func versionTooNew(
    path: String, object: String, library: String, libraryPath: String, needed: String, provided: String?,
    symbols: [String], weak: Bool, fixes: [Fix], target: String = "the target"
  ) -> Finding {
    let who = object == path ? path : "\(path) (through \(object))"
    // C++ symbols read better demangled in the sentence; the evidence keeps both spellings.
    let readable = symbols.map { Demangler.demangle($0) ?? $0 }
    let what = symbols.isEmpty ? "" : " (\(readable.prefix(5).joined(separator: ", "))\(symbols.count > 5 ? ", ..." : ""))"
    let series = VersionNodeName(needed).series
    var evidence: [(key: String, value: JSONValue)] = [
      ("library", .string(library)), ("libraryPath", .string(libraryPath)), ("needed", .string(needed)),
      ("provided", .optional(provided.map { "\(series)_\($0)" })), ("symbols", .strings(symbols)), ("object", .string(object)),
    ]
    if readable != symbols { evidence.append(("demangled", .strings(readable))) }
    return Finding(
      code: .versionTooNew, severity: weak ? .warning : nil, path: path,
      message: "\(who) needs \(needed)\(what) but \(target)'s \(library) provides up to \(provided.map { "\(series)_\($0)" } ?? "none of that series")",
      evidence: evidence,
      fixes: fixes)
  }

  /// A needed version node the providing library does not define at all.
  public static func versionMissing(
    path: String, object: String, library: String, libraryPath: String, needed: String, defined: [String],
    symbols: [String], weak: Bool, fixes: [Fix]
  ) -> Finding {
    let who = object == path ? path : "\(path) (through \(object))"
    let what = symbols.isEmpty ? "" : " (\(symbols.prefix(5).joined(separator: ", ")))"
    return Finding(
      code: .versionMissing, severity: weak ? .warning : nil, path: path,
      message: "\(who) needs version \(needed)\(what) of \(library), which \(libraryPath) does not define",
      evidence: [
        ("library", .string(library)), ("libraryPath", .string(libraryPath)), ("needed", .string(needed)),
        ("defined", .strings(defined)), ("symbols", .strings(symbols)), ("object", .string(object)),
      ],
      fixes: fixes)
  }

  /// An undefined, non-weak symbol that no loaded object defines.
  public static func symbolUnresolved(path: String, object: String, symbol: String, version: String?, searched: [String]) -> Finding {
    let who = object == path ? path : "\(path) (through \(object))"
    let spelled = version.map { "\(symbol)@\($0)" } ?? symbol
    return Finding(
      code: .symbolUnresolved, path: path,
      message: "\(who) needs the symbol \(spelled), which no loaded object defines",
      evidence: [
        ("symbol", .string(symbol)), ("version", .optional(version)), ("object", .string(object)),
        ("searched", .strings(searched)),
      ],
      fixes: [
        Fix(kind: .rebuild, text: "rebuild against the library versions the target has, or link the library that defines \(symbol) (check with: nm -D --defined-only LIB | grep \(symbol))")
      ])
  }

  /// A private version node (GLIBC_PRIVATE) that no other build of the library keeps.
  public static func privateVersion(path: String, object: String, library: String, needed: String, symbols: [String]) -> Finding {
    let who = object == path ? path : "\(path) (through \(object))"
    return Finding(
      code: .privateVersion, path: path,
      message: "\(who) uses \(needed) of \(library)\(symbols.isEmpty ? "" : " (\(symbols.prefix(5).joined(separator: ", ")))"): an internal interface that changes between builds",
      evidence: [("library", .string(library)), ("needed", .string(needed)), ("symbols", .strings(symbols))],
      fixes: [Fix(kind: .rebuild, text: "use public interfaces only; \(needed) symbols may change in any \(library) update")])
  }

  /// An absolute RPATH/RUNPATH entry that the target does not have.
  public static func rpathOutsideRoot(path: String, tag: String, entry: String, fixes: [Fix]) -> Finding {
    Finding(
      code: .rpathOutsideRoot, path: path,
      message: "\(path) has \(tag) \(entry), which does not exist on the target (a build-machine path?)",
      evidence: [("tag", .string(tag)), ("entry", .string(entry))], fixes: fixes)
  }

  /// EI_OSABI the Linux loader does not accept.
  public static func osabiMismatch(path: String, osabi: OSABI) -> Finding {
    Finding(
      code: .osabiMismatch, path: path,
      message: "\(path) is marked for OS/ABI \(osabi.name) (\(osabi.rawValue)); a Linux loader accepts only sysv and gnu",
      evidence: [("osabi", .string(osabi.name)), ("code", .int(Int(osabi.rawValue)))],
      fixes: [Fix(kind: .toolchain, text: "build with a Linux toolchain (a *-linux-gnu or *-linux-musl triple)")])
  }

  /// Needs an x86-64 ISA level above the target's: glibc 2.33 and later refuse it on an older CPU.
  /// `target` says what the target is built for ("the host is built for baseline"), `provided` is the
  /// evidence naming its level, and `fix` how to build for it.
  public static func isaLevelTooHigh(
    path: String, needed: X86ISALevels, target: String, provided: (key: String, value: JSONValue), fix: Fix
  ) -> Finding {
    let level = needed.highestName ?? "?"
    return Finding(
      code: .isaLevelTooHigh, path: path,
      message: "\(path) needs x86-64 \(level) but \(target); on a CPU below \(level) the loader refuses it (\"CPU ISA level is lower than required\")",
      evidence: [("needed", .optional(needed.highestName)), provided], fixes: [fix])
  }

  /// A shared object that asks for an executable stack, which glibc 2.41 and later refuse to dlopen:
  /// an error where the target refuses it, a warning where it only makes the process's stack executable.
  public static func executableStack(
    path: String, stack: StackPermission, refused: Bool, consequence: String, evidence: [(key: String, value: JSONValue)]
  ) -> Finding {
    let why = stack == .missing ? "has no PT_GNU_STACK (an executable stack to the loader)" : "asks for an executable stack (PT_GNU_STACK RWX)"
    return Finding(
      code: .executableStack, severity: refused ? .error : .warning, path: path,
      message: "\(path) \(why); \(consequence)",
      evidence: [("gnuStack", .string(stack.rawValue))] + evidence,
      fixes: [
        Fix(kind: .linkerFlag, text: "link with -Wl,-z,noexecstack (and check assembly files for a missing .note.GNU-stack section)"),
        Fix(kind: .rebuild, text: "or clear the flag on the built file: patchelf --clear-execstack \(path)"),
      ])
  }
}
