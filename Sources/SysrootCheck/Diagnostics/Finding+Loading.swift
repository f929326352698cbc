import AbiScan

/// One factory per code: the message wording lives here, and tests assert codes, evidence and fixes.
extension Finding {
  /// The file's architecture differs from the target's (class, byte order, machine, float ABI).
  public static func identityMismatch(
    path: String, difference: IdentityDifference, against: String, fixes: [Fix]
  ) -> Finding {
    let code: FindingCode
    let what: String
    var evidence: [(key: String, value: JSONValue)] = [("against", .string(against))]
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

  /// The nodes of a group, highest first, each with the symbols that force it: `GLIBC_2.34
  /// (__libc_start_main), GLIBC_2.33 (stat)`; C++ names demangled and shortened.
  static func nodeList(_ shortfalls: [VersionShortfall]) -> String {
    let shown = shortfalls.prefix(3).map { item -> String in
      let readable = item.symbols.map { SymbolText.short(Demangler.demangle($0) ?? $0) }
      return readable.isEmpty ? item.needed : "\(item.needed) (\(readable.prefix(3).joined(separator: ", "))\(readable.count > 3 ? ", +\(readable.count - 3) more" : ""))"
    }
    return shown.joined(separator: ", ") + (shortfalls.count > 3 ? " and \(shortfalls.count - 3) older nodes" : "")
  }

  static func versionEvidence(_ shortfalls: [VersionShortfall]) -> [(key: String, value: JSONValue)] {
    let first = shortfalls[0]
    let symbols = shortfalls.flatMap(\.symbols)
    let demangled = symbols.map { Demangler.demangle($0) ?? $0 }
    var evidence: [(key: String, value: JSONValue)] = [
      ("library", .string(first.library)), ("libraryPath", first.providerIsProfile ? .null : .string(first.provider)),
      ("needed", .string(first.needed)),
      ("nodes", .strings(shortfalls.map(\.needed))),
      ("provided", .optional(first.provided.map { "\(VersionNodeName(first.needed).series)_\($0)" })),
      ("defined", .strings(first.defined)),
      ("symbols", .strings(symbols)), ("object", .string(first.object)),
    ]
    if demangled != symbols { evidence.append(("demangled", .strings(demangled))) }
    return evidence
  }

  /// The symbols of a group of shortfalls, mangled and demangled, for policies.
  static func named(_ symbols: [String]) -> [String] {
    symbols + symbols.compactMap { Demangler.demangle($0) }
  }

  /// Needed version nodes above the highest of their series that the serving library (or the
  /// platform) has: one finding for every node one object needs of one library.
  static func versionTooNew(shortfalls: [VersionShortfall], path: String, target: String, fixes: [Fix]) -> Finding {
    var finding = versionTooNewFinding(shortfalls: shortfalls, path: path, target: target, fixes: fixes)
    finding.symbols = named(shortfalls.flatMap(\.symbols))
    return finding
  }

  static func versionTooNewFinding(shortfalls: [VersionShortfall], path: String, target: String, fixes: [Fix]) -> Finding {
    let first = shortfalls[0]
    let who = first.object == path ? path : "\(path) (through \(first.object))"
    let series = VersionNodeName(first.needed).series
    let owner = target == "the target" ? "the target's \(first.library)" : "\(target)'s \(first.library)"
    return Finding(
      code: .versionTooNew, severity: shortfalls.allSatisfy(\.weak) ? .warning : nil, path: path,
      message: "\(who) needs \(nodeList(shortfalls)) but \(owner) provides up to \(first.provided.map { "\(series)_\($0)" } ?? "none of that series")",
      evidence: versionEvidence(shortfalls), fixes: fixes)
  }

  /// Needed version nodes the serving library does not define at all (a hole, or another series).
  static func versionMissing(shortfalls: [VersionShortfall], path: String, fixes: [Fix]) -> Finding {
    let first = shortfalls[0]
    let who = first.object == path ? path : "\(path) (through \(first.object))"
    var finding = Finding(
      code: .versionMissing, severity: shortfalls.allSatisfy(\.weak) ? .warning : nil, path: path,
      message: "\(who) needs version \(nodeList(shortfalls)) of \(first.library), which \(first.provider) does not define",
      evidence: versionEvidence(shortfalls), fixes: fixes)
    finding.symbols = named(shortfalls.flatMap(\.symbols))
    return finding
  }

  /// The serving library defines no versions at all while symbols bind to its nodes: glibc's ld.so
  /// asserts in check_match and the program never starts.
  static func versionsAbsent(shortfalls: [VersionShortfall], path: String, fixes: [Fix]) -> Finding {
    let first = shortfalls[0]
    let who = first.object == path ? path : "\(path) (through \(first.object))"
    var finding = Finding(
      code: .versionMissing, severity: .error, path: path,
      message: "\(who) needs version \(nodeList(shortfalls)) of \(first.library), but \(first.provider) defines no symbol versions at all: ld.so aborts binding them (\"Inconsistency detected by ld.so: dl-lookup.c: check_match: Assertion ... failed\")",
      evidence: versionEvidence(shortfalls) + [("consequence", .string("ld.so aborts"))], fixes: fixes)
    finding.symbols = named(shortfalls.flatMap(\.symbols))
    return finding
  }

  /// The loader finds the library but cannot use it.
  static func neededUnusable(path: String, library: String, neededBy: String, damaged: String, reason: String, fixes: [Fix]) -> Finding {
    let by = neededBy == path ? "" : " (needed by \(neededBy))"
    return Finding(
      code: .neededUnusable, path: path,
      message: "\(path): \(library)\(by) resolves to \(damaged), which the loader cannot use: \(reason)",
      evidence: [("library", .string(library)), ("neededBy", .string(neededBy)), ("resolvedTo", .string(damaged)), ("reason", .string(reason))],
      fixes: fixes)
  }

  /// A needed library the platform does not promise.
  static func neededNotGuaranteed(path: String, library: String, target: String, guaranteed: [String], fixes: [Fix]) -> Finding {
    Finding(
      code: .neededNotGuaranteed, path: path,
      message: "\(path) needs \(library), which \(target) does not guarantee: it loads only where \(library) is installed or shipped with it",
      evidence: [("library", .string(library)), ("guaranteed", .strings(guaranteed))], fixes: fixes)
  }

  /// musl older than the file needs.
  static func muslTooOld(path: String, needed: String, provided: String, target: String, reason: String, fixes: [Fix]) -> Finding {
    Finding(
      code: .versionTooNew, path: path,
      message: "\(path) needs musl \(needed) but \(target) has musl \(provided)",
      evidence: [("library", .string("libc")), ("needed", .string("musl \(needed)")), ("provided", .string("musl \(provided)")), ("reason", .string(reason))],
      fixes: fixes)
  }

  /// Both std::string ABIs meet: the file uses one, the object that defines the function the other.
  static func cxxABIMismatch(
    path: String, symbol: String, counterpart: String, fileABI: CxxStringABI, targetABI: CxxStringABI?, whose: String, fixes: [Fix]
  ) -> Finding {
    let other = fileABI == .cxx11 ? CxxStringABI.legacy : CxxStringABI.cxx11
    let readable = Demangler.demangle(symbol) ?? symbol
    var finding = Finding(
      code: .cxxABIMismatch, path: path,
      message: "\(path) uses the \(fileABI.name) std::string ABI for \(SymbolText.short(readable)), but \(whose) defines it with the \(other.name) ABI",
      evidence: [
        ("symbol", .string(symbol)), ("demangled", .optional(Demangler.demangle(symbol))),
        ("hostSymbol", .string(counterpart)), ("hostDemangled", .optional(Demangler.demangle(counterpart))),
        ("pluginABI", .string(fileABI.name)), ("hostABI", .optional(targetABI?.name)),
      ],
      fixes: fixes)
    finding.symbols = named([symbol, counterpart])
    return finding
  }

  /// An undefined, non-weak symbol that no loaded object defines.
  static func symbolUnresolved(path: String, miss: SymbolMiss, fixes: [Fix]) -> Finding {
    let who = miss.object == path ? path : "\(path) (through \(miss.object))"
    let spelled = miss.version.map { "\(miss.symbol)@\($0)" } ?? miss.symbol
    var message = "\(who) needs the symbol \(spelled), which no loaded object defines"
    var evidence: [(key: String, value: JSONValue)] = [
      ("symbol", .string(miss.symbol)), ("version", .optional(miss.version)), ("object", .string(miss.object)),
      ("searched", .strings(miss.searched)),
    ]
    if let demangled = Demangler.demangle(miss.symbol) {
      message += " (\(SymbolText.short(demangled)))"
      evidence.append(("demangled", .string(demangled)))
    }
    if miss.definedButNotExported {
      message += "; the host defines it but does not export it"
      evidence.append(("definedInHostButNotExported", .bool(true)))
    }
    var finding = Finding(code: .symbolUnresolved, path: path, message: message, evidence: evidence, fixes: fixes)
    finding.symbols = named([miss.symbol])
    return finding
  }

  /// A private version node (GLIBC_PRIVATE) that no other build of the library keeps.
  public static func privateVersion(path: String, object: String, library: String, needed: String, symbols: [String]) -> Finding {
    let who = object == path ? path : "\(path) (through \(object))"
    var finding = Finding(
      code: .privateVersion, path: path,
      message: "\(who) uses \(needed) of \(library)\(symbols.isEmpty ? "" : " (\(symbols.prefix(5).joined(separator: ", ")))"): an internal interface that changes between builds",
      evidence: [("library", .string(library)), ("needed", .string(needed)), ("symbols", .strings(symbols))],
      fixes: [Fix(kind: .rebuild, text: "use public interfaces only; \(needed) symbols may change in any \(library) update")])
    finding.symbols = named(symbols)
    return finding
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
