import AbiScan
import Foundation
import TestSupport
import Testing

/// Facts the fixtures were built to carry (see Fixtures/build.sh and MANIFEST.md).
@Suite("ELF reader on the fixtures")
struct ElfReaderTests {
  let reader = ElfReader(parts: .all)

  func read(_ arch: String, _ name: String) throws -> ElfImage {
    try reader.read(path: Fixtures.path(arch, name))
  }

  @Test func armhfDeclaresEabi5HardFloatAndItsInterpreter() throws {
    let image = try read("armhf", "hello")
    #expect(image.identity.machine == .arm)
    #expect(image.identity.flags.value == 0x0500_0400)
    #expect(image.identity.flags.decoded == ["eabi5", "hard-float"])
    #expect(image.identity.flags.floatABI == .hard)
    #expect(image.interpreter == "/lib/ld-linux-armhf.so.3")
  }

  @Test func armelDeclaresSoftFloat() throws {
    let image = try read("armel", "hello")
    #expect(image.identity.flags.decoded == ["eabi5", "soft-float"])
    #expect(image.identity.flags.floatABI == .soft)
    #expect(image.interpreter == "/lib/ld-linux.so.3")
  }

  @Test func riscv64DecodesCompressedAndDoubleFloatABI() throws {
    let image = try read("riscv64", "hello")
    #expect(image.identity.machine.shortName == "riscv")
    #expect(image.identity.flags.decoded == ["rvc", "float-abi-double"])
    #expect(image.identity.flags.floatABI == .double)
    #expect(image.interpreter == "/lib/ld-linux-riscv64-lp64d.so.1")
  }

  @Test func mipsIsBigEndianO32Mips32r2AndMipselLittle() throws {
    let mips = try read("mips", "hello")
    #expect(mips.identity.endianness == .big)
    #expect(mips.identity.elfClass == .elf32)
    #expect(mips.identity.flags.decoded.contains("o32"))
    #expect(mips.identity.flags.decoded.contains("mips32r2"))
    #expect(mips.identity.flags.abiVariant == "o32")
    let mipsel = try read("mipsel", "hello")
    #expect(mipsel.identity.endianness == .little)
    #expect(mipsel.identity.flags.value == mips.identity.flags.value)
  }

  @Test func ppc64leIsElfV2AndS390xIsBigEndian() throws {
    let ppc = try read("ppc64le", "hello")
    #expect(ppc.identity.machine.shortName == "ppc64")
    #expect(ppc.identity.flags.decoded == ["elfv2"])
    #expect(ppc.interpreter == "/lib64/ld64.so.2")
    let s390 = try read("s390x", "hello")
    #expect(s390.identity.machine.shortName == "s390")
    #expect(s390.identity.endianness == .big)
    #expect(s390.interpreter == "/lib/ld64.so.1")
  }

  @Test func x32IsA32BitX86_64Object() throws {
    let image = try read("x32", "hello")
    #expect(image.identity.elfClass == .elf32)
    #expect(image.identity.machine == .x86_64)
    #expect(image.interpreter == "/libx32/ld-linux-x32.so.2")
  }

  @Test func i686LibraryBaselineIsGlibc2_1_3() throws {
    let image = try read("i686", "libnewsym.so")
    #expect(image.identity.machine == .i386)
    let names = image.versionNeeds?.flatMap { $0.versions.map(\.name) } ?? []
    #expect(names.contains("GLIBC_2.36"))
    #expect(image.libc.minVersion == "2.36")
  }

  @Test func versionScriptLibraryDefinesTwoNodesWithHiddenOldSymbol() throws {
    let image = try read("x86_64", "libvers.so.1")
    #expect(image.dynamic?.soname == "libvers.so.1")
    #expect(image.definedVersionNames == ["VERS_1", "VERS_2"])
    let base = try #require(image.versionDefinitions?.first)
    #expect(base.isBase && base.name == "libvers.so.1")
    #expect(image.versionDefinitions?.last?.parents == ["VERS_1"])
    let versioned = Set((image.symbols ?? []).filter { $0.name.hasPrefix("vers_") }.map(\.versionedName))
    #expect(versioned == ["vers_old@VERS_1", "vers_old@@VERS_2", "vers_new@@VERS_2"])
    let old = try #require(image.symbols?.first { $0.versionedName == "vers_old@VERS_1" })
    #expect(old.version?.isHidden == true)
    #expect(old.isDefined)
  }

  @Test func undefinedSymbolsCarryTheLibraryTheirVersionIsNeededFrom() throws {
    let image = try read("x86_64", "libnewsym.so")
    let random = try #require(image.symbols?.first { $0.name == "arc4random" })
    #expect(!random.isDefined)
    #expect(random.version?.name == "GLIBC_2.36")
    #expect(random.version?.file == "libc.so.6")
    #expect(random.binding == .global)
    #expect(random.type.name == "func")
  }

  @Test func newerSymbolVersionRaisesTheGlibcFloor() throws {
    #expect(try read("x86_64", "libnewsym.so").libc == LibcInfo(
      family: .glibc, minVersion: "2.36", providedVersion: nil, reason: "needs libc.so.6"))
    #expect(try read("x86_64", "hello").libc.minVersion == "2.34")
    #expect(try read("aarch64", "libvers.so.1").libc.family == .none)
  }

  @Test func executableStackLibraryIsFlagged() throws {
    #expect(try read("x86_64", "libexecstack.so").stack == .executable)
    #expect(try read("aarch64", "libexecstack.so").stack.requiresExecutableStack)
    #expect(try read("x86_64", "hello").stack == .nonExecutable)
  }

  @Test func marchV3LibraryNeedsIsaLevelV3() throws {
    let isa = try #require(try read("x86_64", "libisa-v3.so").notes.x86ISANeeded)
    #expect(isa.highestLevel == 3)
    #expect(isa.highestName == "v3")
    #expect(try read("x86_64", "hello").notes.x86ISANeeded?.highestName == "baseline")
  }

  @Test func gnuNotesGiveBuildIDAndMinimumKernel() throws {
    let image = try read("aarch64", "hello")
    #expect(image.notes.buildID?.count == 40)
    #expect(image.notes.abiTag?.kernelVersion == "3.7.0")
    #expect(image.notes.abiTag?.osName == "linux")
  }

  @Test func muslBinariesAreMuslAndStaticOnesNeedNoLibc() throws {
    let dynamic = try read("musl", "hello")
    #expect(dynamic.interpreter == "/lib/ld-musl-x86_64.so.1")
    #expect(dynamic.libc.family == .musl)
    #expect(dynamic.versionNeeds == [])
    let statik = try read("musl", "hello-static")
    #expect(statik.identity.type == .executable)
    #expect(statik.isStatic)
    #expect(statik.libc.family == .none)
    #expect(statik.dynamic == nil)
  }

  @Test func muslLibcItselfReportsItsVersionFromItsBytes() throws {
    // Debian's musl package installs the libc that is also the loader; the version is in its .rodata.
    let image = try reader.read(path: "/usr/lib/x86_64-linux-musl/libc.so")
    #expect(image.libc.family == .musl)
    let version = try #require(image.libc.providedVersion)
    #expect(VersionNumber(version) != nil)
    #expect(VersionNumber(version)! >= VersionNumber("1.2.0")!)
  }

  @Test func glibcItselfProvidesItsHighestNode() throws {
    let image = try reader.read(path: "/lib/x86_64-linux-gnu/libc.so.6")
    #expect(image.libc.family == .glibc)
    #expect(image.libc.providedVersion == "2.36")
  }

  @Test func rpathAndRunpathAreSplitInFileOrder() throws {
    let rpath = try read("x86_64", "hello-rpath")
    #expect(rpath.dynamic?.rpath == ["$ORIGIN/../lib", "/opt/build/lib"])
    #expect(rpath.dynamic?.runpath == [])
    let runpath = try read("x86_64", "hello-runpath")
    #expect(runpath.dynamic?.runpath == ["$ORIGIN/../lib"])
    #expect(runpath.dynamic?.rpath == [])
  }

  @Test func fileWithoutSectionHeadersStillYieldsInterpreterAndDynamicSection() throws {
    let image = try read("x86_64", "hello-nosections")
    #expect(!image.hasSectionHeaders)
    #expect(image.interpreter == "/lib64/ld-linux-x86-64.so.2")
    #expect(image.dynamic?.needed == ["libc.so.6"])
    #expect(image.dynamic?.readThroughProgramHeaders == true)
    #expect(image.versionNeeds == nil, "without sections the version tables are unknown, not empty")
    #expect(image.symbolCounts == nil)
    #expect(image.problems.isEmpty)
    #expect(image.libc.family == .glibc)
  }

  @Test func separateDebugFileIsReadWithoutInventingProblems() throws {
    // objcopy --only-keep-debug keeps the program headers but makes every loadable section SHT_NOBITS.
    let image = try read("x86_64", "libvers.so.1.debug")
    #expect(image.problems.isEmpty, "\(image.problems)")
    #expect(image.interpreter == nil)
    #expect(image.dynamic == nil)
    #expect(image.identity.machine == .x86_64)
  }

  @Test func cxxLibrariesOfBothStringABIsAreRead() throws {
    let new = try read("x86_64", "libgreet-cxx11.so")
    let old = try read("x86_64", "libgreet-cxx98.so")
    #expect(new.symbols?.contains { $0.name.contains("St7__cxx11") && $0.isDefined } == true)
    #expect(old.symbols?.contains { $0.name == "_Z5greetRKSs" && $0.isDefined } == true)
    #expect(new.dynamic?.needed.contains("libstdc++.so.6") == true)
  }

  @Test func profilePartsSkipSymbolNamesButKeepCounts() throws {
    let image = try ElfReader(parts: .profile).read(path: Fixtures.path("x86_64", "libvers.so.1"))
    #expect(image.symbols == nil)
    #expect(image.symbolCounts == SymbolCounts(defined: 5, undefined: 4))
  }

  @Test func inMemoryReadMatchesFileRead() throws {
    let path = Fixtures.path("riscv64", "libvers.so.1")
    let bytes = try #require(FileManager.default.contents(atPath: path))
    let fromMemory = try reader.read(bytes: [UInt8](bytes), displayPath: path)
    let fromFile = try reader.read(path: path)
    #expect(fromMemory == fromFile)
  }
}

@Suite("Model values")
struct ModelTests {
  @Test func glibcVersionsCompareEveryComponent() throws {
    let v = { (s: String) in VersionNumber(s)! }
    #expect(v("2.1.3") < v("2.2.5"))
    #expect(v("2.2.5") < v("2.17"))
    #expect(v("2.17") < v("2.34"))
    #expect(v("2.2") == v("2.2.0"))
    #expect(VersionNumber("PRIVATE") == nil)
    #expect(VersionNumber("2..3") == nil)
  }

  @Test func aVersionNumberIsWrittenAsItWasRead() throws {
    for text in ["2.17", "2.2.5", "3.4.30", "0", "10.0.0.1", "123456789.987654321", "1.2.3.4.5.6.7.8"] {
      #expect(try #require(VersionNumber(text)).description == text)
    }
    #expect(VersionNumber(components: [-1, 20]).description == "-1.20")
    #expect(VersionNumber(components: []).description == "")
  }

  @Test func nonNumericGlibcNodesAreNotVersions() {
    #expect(VersionNodeName("GLIBC_PRIVATE").number == nil)
    #expect(VersionNodeName("GLIBC_PRIVATE").isPrivate)
    #expect(VersionNodeName("GLIBC_ABI_DT_RELR").number == nil)
    #expect(VersionNodeName("GLIBC_ABI_DT_RELR").series == "GLIBC")
    #expect(VersionNodeName("GLIBCXX_3.4.30").number == VersionNumber("3.4.30"))
    #expect(LibcClassifier.highestNumbered(
      series: "GLIBC", in: ["GLIBC_2.17", "GLIBC_PRIVATE", "GLIBC_2.2.5", "GLIBC_ABI_DT_RELR", "GLIBC_2.1.3"]) == "2.17")
  }

  @Test func theHighestNodeIsTheMaximumOfTheParsedNumbers() throws {
    // Every version node the fixtures need or define, in their order and reversed, and edge cases:
    // equal numbers spelled apart, more components, too many components or digits, empty components.
    let images = Fixtures.all.compactMap { try? ElfReader(parts: .profile).read(path: $0) }
    var names = images.flatMap { ($0.versionNeeds ?? []).flatMap { $0.versions.map(\.name) } + ($0.versionDefinitions ?? []).map(\.name) }
    #expect(names.count > 100)
    names += [
      "GLIBC_2.2", "GLIBC_2.2.0", "GLIBC_2.10", "GLIBC_2.9.9", "GLIBC_1.2.3.4.5.6.7.8", "GLIBC_1.2.3.4.5.6.7.8.9",
      "GLIBC_1234567890", "GLIBC_123456789", "GLIBC_2.", "GLIBC_.2", "GLIBC_", "GLIBC_2.34x", "GLIBCXX_3.4.30",
    ]
    for series in ["GLIBC", "GLIBCXX", "CXXABI", "GCC"] {
      let prefix = series + "_"
      for order in [names, names.reversed(), names.sorted(), ["GLIBC_123456789", "GLIBC_2.2", "GLIBC_2.2.0"], ["GLIBC_2.2.0", "GLIBC_2.2", "GLIBC_2.1"]] {
        let expected = order.filter { $0.hasPrefix(prefix) }.compactMap { VersionNumber($0.dropFirst(prefix.count)) }.max()
        #expect(LibcClassifier.highestNumbered(series: series, in: order) == expected?.description, "\(series)")
      }
    }
  }

  @Test func unknownMachineCodesAreNamedUnknownWithoutTrapping() {
    #expect(Machine(rawValue: 0xbeef).shortName == "unknown")
    #expect(Machine(rawValue: 258).shortName == "loongarch")
    #expect(Machine(rawValue: 2).shortName == "sparc")
    #expect(OSABI(rawValue: 200).name == "unknown")
    #expect(ObjectType(rawValue: 0xfe00).shortName == "other")
  }

  @Test func flagDecoderCoversMipsN32N64Nan2008AndLoongArch() {
    let n32 = FlagDecoder.decode(machine: .mips, elfClass: .elf32, flags: 0x8000_0427)
    #expect(n32.abiVariant == "n32")
    #expect(n32.decoded.contains("nan2008"))
    #expect(n32.decoded.contains("mips64r2"))
    let n64 = FlagDecoder.decode(machine: .mips, elfClass: .elf64, flags: 0x8000_0007)
    #expect(n64.abiVariant == "n64")
    let rve = FlagDecoder.decode(machine: .riscv, elfClass: .elf32, flags: 0x19)
    #expect(rve.decoded == ["rvc", "float-abi-soft", "rve", "tso"])
    let loong = FlagDecoder.decode(machine: .loongarch, elfClass: .elf64, flags: 0x43)
    #expect(loong.floatABI == .double)
    #expect(loong.decoded == ["float-abi-double", "obj-v1"])
  }

  @Test func libcClassifierReadsInterpretersOfEveryFamily() {
    func family(_ interp: String?, needed: [String] = []) -> LibcFamily {
      LibcClassifier.classify(
        type: .sharedObject, interpreter: interp, dynamic: DynamicInfo(needed: needed), versionNeeds: [],
        versionDefinitions: [], notes: GNUNotes(), muslVersion: { nil }
      ).family
    }
    #expect(family("/lib/ld-musl-aarch64.so.1") == .musl)
    #expect(family("/system/bin/linker64", needed: ["libc.so"]) == .bionic)
    #expect(family("/lib/ld-uClibc.so.0") == .uclibc)
    #expect(family("/lib/ld-linux-aarch64.so.1") == .glibc)
    #expect(family(nil, needed: ["libc.musl-x86_64.so.1"]) == .musl)
    #expect(family(nil, needed: ["libfoo.so"]) == .unknown)
    #expect(family(nil) == .none)
  }

  @Test func lastPathComponentIsWhatSplittingOnSlashGives() throws {
    // Every interpreter of the fixtures, and the edge cases of the split it replaces.
    let interpreters = Fixtures.all.compactMap { try? ElfReader().read(path: $0).interpreter }
    #expect(interpreters.count > 5)
    for path in interpreters + ["/", "", "//", "ld.so.1", "a//b//", "/usr/lib/x86_64-linux-gnu/", "/opt/ü/ß.so", "x/"] {
      #expect(path.lastPathComponent == path.split(separator: "/").last.map(String.init) ?? path, "\(path)")
      #expect(path.slashSeparatedComponents() == path.split(separator: "/"), "\(path)")
    }
  }

  @Test func aFileHeadHoldsTheFirstSixteenBytesOfEveryFixture() throws {
    // The bytes a walk reads from each file travel inline; they are the file's own first bytes,
    // and what decides ELF and WebAssembly from them answers as the arrays did.
    for path in Fixtures.all + ["/usr/bin/ls", "/etc/hostname"] {
      let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)).prefix(40))
      for length in [0, 1, 3, 4, 8, 15, 16, 17, 40] where length <= bytes.count {
        let head = FileHead(bytes.prefix(length))
        #expect(head.count == min(length, 16), "\(path) \(length)")
        #expect((0..<head.count).map { head[$0] } == Array(bytes.prefix(min(length, 16))), "\(path) \(length)")
        #expect(WasmReader.isWasm(head) == WasmReader.isWasm(Array(bytes.prefix(length))))
      }
    }
    #expect(FileHead([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]) != FileHead([0, 0x61, 0x73, 0x6d, 1, 0, 0]))
    #expect(WasmReader.isWasm(FileHead([0, 0x61, 0x73, 0x6d])) && !WasmReader.isWasm(FileHead([0, 0x61, 0x73])))
  }

  @Test func byteSearchesAnswerAsTheStringProcessingCallsTheyReplace() throws {
    // The texts abidoctor searches and rewrites (paths, interpreters, tokens, symbol names), and edge
    // cases: empty needles and haystacks, overlaps, a needle at either end, non-ASCII bytes.
    let interpreters = Fixtures.all.compactMap { try? ElfReader().read(path: $0).interpreter }
    let texts = interpreters + [
      "", "a", "aaa", "abab", "/", "//", "$ORIGIN/../lib", "${ORIGIN}/lib:$ORIGIN", "_ZNSt7__cxx1112basic_stringSs",
      "proxy_abi_version_0_2_1", "**/vendor/**", "sha256:abc:def", "/opt/ü/ß.so", "x but y but z",
    ]
    let needles = ["", "a", "aa", "ab", "/", "$ORIGIN", "${ORIGIN}", "St7__cxx11", "Ss", "_", "**/", "**", ":", "ß", " but ", "zz"]
    for text in texts {
      #expect(text.containsByte(UInt8(ascii: "/")) == text.utf8.contains(UInt8(ascii: "/")), "\(text)")
      #expect(text.containsByte(UInt8(ascii: "$")) == text.utf8.contains(UInt8(ascii: "$")), "\(text)")
      for needle in needles where !needle.isEmpty {
        #expect(text.containsBytes(needle) == text.contains(needle), "\(text) contains \(needle)")
        #expect(text.replacingBytes(needle, with: "<\(needle.count)>") == text.replacing(needle, with: "<\(needle.count)>"), "\(text): \(needle)")
        #expect(text.prefixBeforeBytes(needle) == text.firstRange(of: needle).map { String(text[..<$0.lowerBound]) }, "\(text): \(needle)")
      }
      #expect(text.replacingBytes("", with: "x") == text)
    }
  }
}
