import AbiScan

/// The one place problems become findings: the wording (through the `Finding` factories) and the
/// fixes, computed from the problem, the file's own facts (its architecture, its language and
/// toolchain) and the target's build environment. No fix text is written anywhere else.
public struct Advice: Sendable {
  public var model: TargetModel

  public init(model: TargetModel) { self.model = model }

  var build: BuildEnvironment { model.build }

  /// Findings for one file's problems; related problems (several nodes of one library) become one.
  public func findings(_ problems: [Problem], image: ElfImage, path: String) -> [Finding] {
    var out: [Finding] = []
    var shortfalls: [VersionShortfall] = []
    for problem in problems {
      if case .version(let shortfall) = problem {
        shortfalls.append(shortfall)
      } else {
        out += finding(problem, image: image, path: path).map { finding in
          var caused = finding
          caused.cause = Self.cause(of: problem)
          return caused
        }
      }
    }
    // One cause, one finding: every node of one series one object lacks from one library, together.
    var groups: [(key: String, items: [VersionShortfall])] = []
    for shortfall in shortfalls {
      let series = VersionNodeName(shortfall.needed).series
      let key = "\(shortfall.object)\u{0}\(shortfall.library)\u{0}\(series)\u{0}\(shortfall.kind)\u{0}\(shortfall.weak)"
      if let at = groups.firstIndex(where: { $0.key == key }) { groups[at].items.append(shortfall) } else { groups.append((key, [shortfall])) }
    }
    for group in groups { out.append(versionFinding(group.items, image: image, path: path)) }
    return out.map { finding in
      var tagged = finding
      tagged.target = model.tag
      return tagged
    }
  }

  /// The file's side of a problem that several targets can share (its architecture, its C library,
  /// its ISA level, a library it needs); nil for problems that are the target's own.
  static func cause(of problem: Problem) -> String? {
    switch problem {
    case .identity(let difference):
      switch difference {
      case .elfClass(let have, _): return "class\u{0}\(have.bits)"
      case .endianness(let have, _): return "endian\u{0}\(have.rawValue)"
      case .machine(let have, _): return "machine\u{0}\(have.rawValue)"
      case .floatABI(let have, _): return "float\u{0}\(have?.rawValue ?? "-")"
      case .abiVariant(let have, _): return "variant\u{0}\(have)"
      case .nanEncoding(let have, _): return "nan\u{0}\(have)"
      }
    case .libcFamily(let have, _): return "libc\u{0}\(have.rawValue)"
    case .isaLevel(let needed, _): return "isa\u{0}\(needed.highestLevel)"
    case .libraryNotGuaranteed(let library): return "library\u{0}\(library)"
    default: return nil
    }
  }

  // MARK: Per problem

  func finding(_ problem: Problem, image: ElfImage, path: String) -> [Finding] {
    let language = SourceLanguage.of(image)
    switch problem {
    case .osabi(let osabi):
      return [.osabiMismatch(path: path, osabi: osabi)]

    case .identity(let difference):
      return [.identityMismatch(path: path, difference: difference, against: model.label, fixes: identityFixes(difference, image: image, language: language))]

    case .libcFamily(let have, let need):
      return [.libcMismatch(path: path, have: have, need: need, targetLibc: model.libcLabel, fixes: libcFixes(need: need, image: image, language: language))]

    case .interpreterMissing(let interpreter, let reason, let existing):
      return [.interpreterMissing(path: path, interpreter: interpreter, reason: reason, fixes: dynamicLinker(existing) + build.toolchain())]

    case .interpreterMismatch(let interpreter, let reason, let existing):
      return [.interpreterMismatch(path: path, interpreter: interpreter, reason: reason, fixes: dynamicLinker(existing) + build.toolchain())]

    case .libraryNotFound(let miss):
      return [.neededNotFound(path: path, library: miss.name, neededBy: miss.neededBy, tried: miss.tried, fixes: missingLibraryFixes(miss, path: path))]

    case .libraryIncompatible(let miss):
      let arch = build.platform?.multiarch ?? TargetPlatform(identity: image.identity).multiarch
      let fixes = [Fix(kind: .package, text: "install the \(arch) build of \(miss.name) on the target\(packageAdvice(miss.name).map { ": \($0)" } ?? "")")]
        + build.toolchain()
      return [.neededIncompatible(path: path, library: miss.name, neededBy: miss.neededBy, skipped: miss.skipped, fixes: fixes)]

    case .libraryUnusable(let miss, let damaged, let reason):
      let consequence = reason.containsBytes("SIGBUS") ? reason : "\(reason); ld.so stops there (\"error while loading shared libraries: \(damaged): cannot read file data\", or \"file too short\")"
      return [.neededUnusable(
        path: path, library: miss.name, neededBy: miss.neededBy, damaged: damaged, reason: consequence,
        fixes: [Fix(kind: .package, text: "replace \(damaged) with an intact copy of \(miss.name) (reinstall its package, or copy it again and compare the size and checksum with the original)")])]

    case .libraryNotGuaranteed(let library):
      var finding = Finding.neededNotGuaranteed(path: path, library: library, target: model.label, guaranteed: (model.guaranteedLibraries ?? []).sorted(), fixes: notGuaranteedFixes(library))
      // A wheel tag is a promise about every library (PEP 600): one outside the policy's list, not
      // shipped in the wheel, makes the wheel plain linux_ARCH, as auditwheel show says.
      if case .profile(let profile) = build, profile.family != .distribution {
        finding.severity = .error
        finding.message += "; outside \(profile.family.rawValue)'s list, so the wheel is not \(profile.name) (auditwheel show: linux_\(profile.architecture.wheelName))"
      }
      return [finding]

    case .version(let shortfall):
      return [versionFinding([shortfall], image: image, path: path)]

    case .privateVersion(let object, let library, let node, let symbols):
      return [.privateVersion(path: path, object: object, library: library, needed: node, symbols: symbols)]

    case .muslTooOld(let needed, let provided, let reason):
      return [.muslTooOld(path: path, needed: needed, provided: provided, target: model.label, reason: reason, fixes: build.toolchain())]

    case .symbolUnresolved(let miss):
      let fix = miss.definedButNotExported
        ? Fix(kind: .linkerFlag, text: "link the host with -rdynamic (-Wl,--export-dynamic), or export just the plugin API with -Wl,--dynamic-list=FILE")
        : Fix(kind: .rebuild, text: "rebuild against the library versions the target has, or link the library that defines \(miss.symbol) (check with: nm -D --defined-only LIB | grep \(miss.symbol))")
      return [.symbolUnresolved(path: path, miss: miss, fixes: [fix])]

    case .cxxStringABI(let symbol, let counterpart, let fileABI, let targetABI):
      let flag = fileABI == .cxx11 ? 0 : 1
      let whose: String
      if case .host = model.kind { whose = "the host" } else { whose = "the library that defines it" }
      return [.cxxABIMismatch(
        path: path, symbol: symbol, counterpart: counterpart, fileABI: fileABI, targetABI: targetABI, whose: whose,
        fixes: [Fix(kind: .compilerFlag, text: "build \(Location.basename(of: path)) with -D_GLIBCXX_USE_CXX11_ABI=\(flag) to match \(whose) (or rebuild \(whose) with =\(1 - flag))")])]

    case .isaLevel(let needed, let provided):
      let have = provided <= 1 ? "baseline" : "v\(provided)"
      let march = provided <= 1 ? "-march=x86-64" : "-march=x86-64-v\(provided)"
      var finding = Finding.isaLevelTooHigh(
        path: path, needed: needed, target: model.isaLabel, provided: ("provided", .string(have)),
        fix: Fix(kind: .compilerFlag, text: "build with \(march) (or lower), or ship a \(have) build and put this one in glibc-hwcaps/x86-64-\(needed.highestName ?? "v3")/"))
      // A sysroot says nothing of the CPU it will run on: without --hwcaps the need is a warning.
      if !model.isaLevelKnown { finding.severity = .warning }
      return [finding]

    case .executableStack(let stack, let refused):
      let consequence: String
      if refused {
        consequence = "glibc \(model.libcVersion ?? "2.41+") on \(model.label) refuses to dlopen it (\"cannot enable executable stack as shared object requires\")"
      } else {
        consequence = "glibc 2.41 and later refuse to dlopen it (\"cannot enable executable stack as shared object requires\"), and older ones make the whole host's stack executable"
      }
      return [.executableStack(path: path, stack: stack, refused: refused, consequence: consequence, evidence: [("targetGlibc", .optional(model.glibcVersion?.description))])]

    case .rpathOutside(let tag, let entry):
      return [.rpathOutsideRoot(path: path, tag: tag, entry: entry, fixes: [
        Fix(kind: .linkerFlag, text: "link with -Wl,-rpath,'$ORIGIN/../lib' (relative to the binary) instead of \(entry)"),
        Fix(kind: .rebuild, text: "or remove it from the built file: patchelf --remove-rpath FILE (or chrpath -d FILE)"),
      ])]

    case .goToolchain(let host, let plugin, let crashes, let hostGo):
      return [GoAdvice.toolchainFinding(path: path, host: host, plugin: plugin, crashes: crashes, hostGo: hostGo)]

    case .goPackages(let differing, let hostHashes, let shared, let hostGo):
      return [GoAdvice.packagesFinding(path: path, differing: differing, hostHashes: hostHashes, shared: shared, hostGo: hostGo)]
    }
  }

  // MARK: Fix computations

  func identityFixes(_ difference: IdentityDifference, image: ElfImage, language: SourceLanguage) -> [Fix] {
    var fixes: [Fix] = []
    switch difference {
    case .elfClass(_, let need):
      if image.identity.machine == .x86_64 || image.identity.machine == .i386 {
        fixes.append(Fix(kind: .compilerFlag, text: need == .elf64 ? "compile and link with -m64" : "compile and link with -m32 (Debian: gcc-12-multilib)"))
      }
    case .floatABI, .abiVariant, .nanEncoding:
      if let identity = model.identity { fixes += FixAdvisor.floatABI(need: identity) }
    default: break
    }
    if case .go = language, let goarch = build.platform.flatMap(GoAdvice.goarch) {
      fixes.append(Fix(kind: .toolchain, text: "GOOS=linux \(goarch) go build (a Go program cross-compiles with no other toolchain when CGO_ENABLED=0)"))
    }
    if case .rust = language, let triple = build.rustTriple {
      fixes.append(Fix(kind: .toolchain, text: "rustup target add \(triple) && cargo build --target \(triple)"))
    }
    return fixes + build.toolchain()
  }

  func libcFixes(need: LibcFamily, image: ElfImage, language: SourceLanguage) -> [Fix] {
    var fixes: [Fix] = []
    if case .go(let go) = language, go.setting("CGO_ENABLED") == "1" {
      fixes.append(Fix(kind: .toolchain, text: "CGO_ENABLED=0 go build: without cgo a Go program links statically and needs no C library (if it calls no C code)"))
    }
    if case .rust = language, let triple = build.rustTriple {
      fixes.append(Fix(kind: .toolchain, text: "rustup target add \(triple) && cargo build --target \(triple)"))
    }
    fixes += build.toolchain()
    if need == .musl, model.distribution == "alpine" {
      fixes.append(Fix(kind: .package, text: "or run glibc programs on Alpine through its glibc compatibility layer: apk add gcompat"))
    }
    if need == .glibc, model.distribution == "debian" {
      fixes.append(Fix(kind: .package, text: "or install musl's loader on the target: apt-get install musl"))
    }
    return fixes
  }

  func dynamicLinker(_ existing: String?) -> [Fix] {
    guard let existing else { return [] }
    return [Fix(kind: .linkerFlag, text: "-Wl,--dynamic-linker=\(existing) (the interpreter \(model.label.hasPrefix("the sysroot") ? "this sysroot" : model.label) has)")]
  }

  /// How to get `library` onto the target: the package Debian's index says ships it, with `:ARCH`
  /// on a foreign architecture; where no index covers the target, the query that finds it.
  func packageAdvice(_ library: String) -> String? {
    if model.distribution == "debian", let release = model.release, let arch = build.platform?.debianArchitecture {
      let index = DebianPackages.builtin
      if index.covers(release: release, architecture: arch) {
        let packages = index.packages(shipping: library, release: release, architecture: arch)
        let suffix = model.foreignArchitecture ? ":\(arch)" : ""
        guard !packages.isEmpty else { return nil }
        return "apt-get install " + packages.prefix(3).map { $0 + suffix }.joined(separator: " or ") + " (Debian \(release) \(arch))"
      }
    }
    return packageQuery(library)
  }

  /// Where the index covers the target and no package ships the library: say so, instead of a name.
  func noPackage(_ library: String) -> String? {
    guard model.distribution == "debian", let release = model.release, let arch = build.platform?.debianArchitecture,
      DebianPackages.builtin.covers(release: release, architecture: arch)
    else { return nil }
    return "no Debian \(release) \(arch) package ships \(library) (Debian's Contents index): build it, or ship it with the program"
  }

  /// How to find the package of a library on the target, as a query the target's package tool answers.
  func packageQuery(_ library: String) -> String? {
    switch model.distribution {
    case "debian", "ubuntu": return "apt-file search \(library) finds its package"
    case "alpine": return "apk search so:\(library) finds its package"
    case "rhel", "amazonlinux", "fedora": return "dnf provides '*/\(library)' finds its package"
    default: return nil
    }
  }

  func missingLibraryFixes(_ miss: LibraryMiss, path: String) -> [Fix] {
    var fixes: [Fix] = []
    let search = miss.search
    for folder in search.staleCacheFolders {
      fixes.append(Fix(kind: .config, text: "\(folder)/\(miss.name) is in a folder of /etc/ld.so.conf but not in /etc/ld.so.cache: run ldconfig on the target"))
    }
    // A copy in the user's own files that no rule reached: say which rule would reach it.
    if let copy = search.inBundle.first, let from = search.requesterFolder {
      let folder = Location.parent(of: copy)
      let relative = Location.relative(from: from, to: folder)
      let origin = relative.isEmpty ? "$ORIGIN" : "$ORIGIN/\(relative)"
      if !search.requesterIsFile, !search.programRunpath.isEmpty {
        fixes.append(Fix(
          kind: .linkerFlag,
          text: "the program's RUNPATH (\(search.programRunpath.joined(separator: ":"))) reaches only its own needs, not those of \(miss.neededBy): link \(Location.basename(of: miss.neededBy)) with -Wl,-rpath,'\(origin)', or link the program with -Wl,--disable-new-dtags so its path is a DT_RPATH, which does"))
      } else {
        fixes.append(Fix(kind: .linkerFlag, text: "\(copy) is not on the search path of \(miss.neededBy): link it with -Wl,-rpath,'\(origin)'"))
      }
      return fixes
    }
    for found in search.elsewhere.prefix(3) {
      let folder = Location.parent(of: found.path)
      var text = "\(found.path) is in the sysroot but outside the search path"
      if let package = found.package { text += " (package \(package))" }
      fixes.append(Fix(kind: .linkerFlag, text: text + ": link with -Wl,-rpath,\(folder), or pass --library-path \(folder)"))
    }
    if search.elsewhere.isEmpty {
      if let advice = packageAdvice(miss.name) {
        fixes.append(Fix(kind: .package, text: "install the package that provides \(miss.name) on the target: \(advice)"))
      } else if let none = noPackage(miss.name) {
        fixes.append(Fix(kind: .package, text: none))
      } else {
        fixes.append(Fix(kind: .package, text: "install \(miss.name) on the target, or add the folder that has it to the target's library path"))
      }
    }
    let bundled = (search.rpath + search.runpath).contains("$ORIGIN/../lib")
    fixes.append(Fix(
      kind: .linkerFlag,
      text: bundled
        ? "or ship \(miss.name) in the lib/ folder beside \(Location.basename(of: miss.neededBy))'s bin/ ($ORIGIN/../lib, which it already searches)"
        : "or ship \(miss.name) with the program in a lib/ folder beside bin/ and link with -Wl,-rpath,'$ORIGIN/../lib'"))
    return fixes
  }

  func notGuaranteedFixes(_ library: String) -> [Fix] {
    var fixes: [Fix] = [
      Fix(kind: .linkerFlag, text: "ship \(library) with the program in a lib/ folder beside bin/ and link with -Wl,-rpath,'$ORIGIN/../lib'")
    ]
    guard case .profile(let profile) = build else { return fixes }
    switch profile.family {
    case .manylinux, .musllinux:
      fixes.append(Fix(kind: .package, text: "for a wheel: auditwheel repair --plat \(profile.name) copies \(library) into the wheel"))
    case .distribution:
      if let advice = packageAdvice(library) {
        fixes.append(Fix(kind: .package, text: "or install it on the target: \(advice)"))
      } else if let none = noPackage(library) {
        fixes.append(Fix(kind: .package, text: none))
      }
    }
    return fixes
  }

  // MARK: Versions

  func versionFinding(_ group: [VersionShortfall], image: ElfImage, path: String) -> Finding {
    // The highest node first: it is the one a fix must reach.
    let sorted = group.sorted { a, b in
      (VersionNodeName(a.needed).number ?? VersionNumber(components: [])) > (VersionNodeName(b.needed).number ?? VersionNumber(components: []))
    }
    let first = sorted[0]
    switch first.kind {
    case .tooNew:
      var finding = Finding.versionTooNew(
        shortfalls: sorted, path: path, target: model.tag.map { _ in model.label } ?? "the target",
        fixes: versionTooNewFixes(sorted, image: image))
      // The same highest node missing on several targets is one cause (TargetMerge).
      finding.cause = "version\u{0}\(first.object)\u{0}\(first.library)\u{0}\(first.needed)"
      finding.targetProvides = first.provided.map { "\(VersionNodeName(first.needed).series)_\($0)" } ?? "none of that series"
      return finding
    case .missing:
      return .versionMissing(shortfalls: sorted, path: path, fixes: [
        Fix(kind: .rebuild, text: "rebuild against the \(first.library) the target has (it defines \(first.defined.suffix(4).joined(separator: ", ")))")
      ] + sysrootFix)
    case .unversionedLibrary:
      return .versionsAbsent(shortfalls: sorted, path: path, fixes: [
        Fix(kind: .package, text: "use a build of \(first.library) that defines \(sorted.map(\.needed).joined(separator: ", ")) (the one \(Location.basename(of: first.object)) was linked against)"),
        Fix(kind: .rebuild, text: "or relink \(Location.basename(of: first.object)) against \(first.provider), so it needs no versions of it"),
      ])
    }
  }

  var sysrootFix: [Fix] {
    guard let path = build.sysrootPath, path != "/", !path.isEmpty else { return [] }
    return [Fix(kind: .sysroot, text: "link against this sysroot: --sysroot=\(path)")]
  }

  func versionTooNewFixes(_ shortfalls: [VersionShortfall], image: ElfImage) -> [Fix] {
    let first = shortfalls[0]
    let node = VersionNodeName(first.needed)
    let symbols = shortfalls.flatMap(\.symbols)
    let language = SourceLanguage.of(image)
    var fixes: [Fix] = []
    if first.providerIsOwn {
      // The old copy is the user's own (a bundle, a --library-path folder): ship the build that has the node.
      let object = Location.basename(of: first.object)
      return [
        Fix(kind: .package, text: "ship a build of \(first.library) that defines \(shortfalls.map(\.needed).joined(separator: ", ")) (the one \(object) was linked against) in place of \(first.provider)"),
        Fix(kind: .rebuild, text: "or rebuild \(object) against \(first.provider), without what needs \(first.needed)"),
      ]
    }
    if ["GLIBCXX", "CXXABI", "GCC"].contains(node.series) {
      if let gcc = FixAdvisor.gccRuntimeFix(needed: first.needed, provided: first.provided, provider: "\(model.label)'s \(first.library)") { fixes.append(gcc) }
      return fixes
    }
    guard node.series == "GLIBC", model.libc == .glibc || model.libc == nil, let provided = first.provided else {
      return fixes + [Fix(kind: .rebuild, text: "build against the \(first.library) the target has (\(first.provider))")] + sysrootFix
    }
    switch language {
    case .go(let go):
      if go.setting("CGO_ENABLED") == "1" {
        fixes.append(Fix(kind: .toolchain, text: "CGO_ENABLED=0 go build: without cgo the program links statically and needs no glibc (if it calls no C code)"))
      }
      fixes.append(Fix(kind: .toolchain, text: "or build it with cgo on a system with glibc \(provided) or older\(buildImageText)"))
      return fixes
    case .rust:
      if let triple = build.rustTriple {
        fixes.append(Fix(kind: .toolchain, text: "cargo zigbuild --target \(triple).\(provided) (pip install cargo-zigbuild ziglang) links against glibc \(provided)"))
        if let musl = BuildEnvironment.sysroot(path: "", platform: build.platform, family: .musl).rustTriple {
          fixes.append(Fix(kind: .toolchain, text: "or cargo build --target \(musl): a static binary that needs no glibc"))
        }
      }
      return fixes
    case .c, .cxx:
      if symbols.contains("__libc_start_main") {
        fixes.append(Fix(kind: .rebuild, text: "every program linked against glibc 2.34 or later needs __libc_start_main@GLIBC_2.34 (from crt1.o): link against glibc \(provided) or older"))
      } else if !symbols.isEmpty {
        fixes.append(Fix(kind: .rebuild, text: "avoid \(symbols.prefix(5).joined(separator: ", ")) (they need \(first.needed)), or provide a fallback for older glibc"))
      }
      if let zig = build.zigTarget(glibc: provided) {
        fixes.append(Fix(kind: .toolchain, text: "zig cc -target \(zig) builds against glibc \(provided)"))
      }
      if case .profile = build { fixes += build.toolchain().filter { !$0.text.hasPrefix("zig cc") } } else { fixes += sysrootFix }
      return fixes
    }
  }

  var buildImageText: String {
    guard case .profile(let profile) = build, let image = ProfileAdvisor(profile: profile).buildImage else { return "" }
    return " (e.g. inside \(image))"
  }
}
