import AbiScan
import Foundation
import TestSupport
import Testing

/// The parser's truth test: on every fixture and every ELF file under /usr/lib/x86_64-linux-gnu
/// (real files nobody here wrote), abidoctor agrees with binutils `readelf -W` field by field.
@Suite("readelf agreement")
struct ReadelfAgreementTests {
  struct Tally {
    var files = 0
    var fields = 0
    var disagreements: [String] = []
  }

  /// Compares one file; every disagreement names the file, the field and both values.
  static func compare(_ path: String) -> Tally {
    var tally = Tally()
    let image: ElfImage
    do {
      image = try ElfReader(parts: .all).read(path: path)
    } catch {
      return Tally(files: 1, fields: 0, disagreements: ["\(path): abidoctor could not read it: \(error)"])
    }
    let facts: ReadelfFacts
    do {
      facts = try ReadelfFacts.read(path)
    } catch {
      return Tally(files: 1, fields: 0, disagreements: ["\(path): readelf could not run: \(error)"])
    }
    tally.files = 1
    func check<T: Equatable>(_ field: String, _ ours: T, _ theirs: T) {
      tally.fields += 1
      if ours != theirs { tally.disagreements.append("\(path): \(field): abidoctor \(ours) vs readelf \(theirs)") }
    }
    // A well-formed file read by readelf without complaint must read without problems here too.
    check("problems", image.problems.map(\.message), [])
    let id = image.identity
    check("class", id.elfClass.bits, facts.elfClass ?? -1)
    check("endianness", id.endianness.rawValue, facts.endianness ?? "?")
    check("type", id.type.shortName, facts.type ?? "?")
    if let name = facts.machine {
      if let code = ReadelfFacts.machineCodes[name] {
        check("machine", id.machine.rawValue, code)
      } else {
        check("machine (unnamed by both)", id.machine.isKnown ? id.machine.shortName : "unknown", "unknown")
      }
    }
    if let osabi = facts.osabi, let code = ReadelfFacts.osabiCodes[osabi] {
      check("osabi", id.osabi.rawValue, code)
    }
    check("flags", id.flags.hexValue, facts.flags ?? "?")
    check("interpreter", image.interpreter ?? "-", facts.interpreter ?? "-")
    check("soname", image.dynamic?.soname ?? "-", facts.soname ?? "-")
    check("needed", image.dynamic?.needed ?? [], facts.needed)
    check("rpath", image.dynamic?.rpath ?? [], facts.rpath)
    check("runpath", image.dynamic?.runpath ?? [], facts.runpath)
    check("buildId", image.notes.buildID ?? "-", facts.buildID ?? "-")
    check("abiTag", image.notes.abiTag.map { "\($0.osName) \($0.kernelVersion)" } ?? "-", facts.abiTag ?? "-")
    check("x86IsaNeeded", image.notes.x86ISANeeded?.names ?? [], facts.x86ISANeeded)
    if id.type != .relocatable {
      check("gnuStack", image.stack.rawValue, facts.stack ?? "missing")
    }
    if image.hasSectionHeaders {
      let needs = (image.versionNeeds ?? []).map { "\($0.file): " + $0.versions.map(\.name).joined(separator: " ") }
      let theirNeeds = facts.versionNeeds.map { "\($0.file): " + $0.names.joined(separator: " ") }
      check("versionNeeds", needs, theirNeeds)
      check("versionDefinitions", image.definedVersionNames, facts.versionDefinitions)
      if facts.hasDynsym {
        let symbols = image.symbols ?? []
        check("symbols.defined", image.symbolCounts?.defined ?? -1, facts.symbols.filter(\.defined).count)
        check("symbols.undefined", image.symbolCounts?.undefined ?? -1, facts.symbols.filter { !$0.defined }.count)
        // readelf shows a section symbol (STT_SECTION, no name of its own) by its section's name.
        let ours = symbols.map { $0.type.rawValue == 3 && $0.name.isEmpty ? "<section>" : $0.versionedName }
        let theirs = zip(symbols, facts.symbols).map { ours, theirs in
          ours.type.rawValue == 3 && ours.name.isEmpty && theirs.name.hasPrefix(".") ? "<section>" : theirs.name
        } + facts.symbols.dropFirst(symbols.count).map(\.name)
        // readelf prints a name's non-ASCII bytes mangled (Go's "·" comes out as a lone 0xC2), so
        // names with any are compared on their ASCII characters.
        func ascii(_ name: String) -> String { String(name.unicodeScalars.filter(\.isASCII)) }
        if ours.count == theirs.count {
          for (i, (a, b)) in zip(ours, theirs).enumerated() {
            if a.unicodeScalars.allSatisfy(\.isASCII) {
              check("dynsym[\(i + 1)]", a, b)
            } else {
              check("dynsym[\(i + 1)]", ascii(a), ascii(b))
            }
          }
        } else {
          check("dynsym count", ours.count, theirs.count)
        }
      }
    }
    return tally
  }

  static func compareAll(_ paths: [String]) -> Tally {
    let tallies = parallelMap(paths, width: availableProcessorCount) { compare($0) }
    return tallies.reduce(into: Tally()) {
      $0.files += $1.files
      $0.fields += $1.fields
      $0.disagreements += $1.disagreements
    }
  }

  @Test func readelfIsInstalled() {
    #expect(FileManager.default.isExecutableFile(atPath: ReadelfFacts.readelf), "binutils readelf is required")
  }

  @Test func everyFixtureAgreesWithReadelf() throws {
    try #require(FileManager.default.isExecutableFile(atPath: ReadelfFacts.readelf), "binutils readelf is required")
    let fixtures = Fixtures.all
    #expect(fixtures.count >= 50)
    let tally = Self.compareAll(fixtures)
    print("readelf agreement, fixtures: \(tally.files) files, \(tally.fields) fields compared, \(tally.disagreements.count) disagreements")
    #expect(tally.disagreements.isEmpty, "\(tally.disagreements.prefix(40).joined(separator: "\n"))")
  }

  @Test func everySystemLibraryAgreesWithReadelf() throws {
    try #require(FileManager.default.isExecutableFile(atPath: ReadelfFacts.readelf), "binutils readelf is required")
    let files = InputWalker().files(for: ["/usr/lib/x86_64-linux-gnu"]).filter { input in
      guard input.problem == nil, let handle = FileHandle(forReadingAtPath: input.openPath) else { return false }
      defer { try? handle.close() }
      return (try? handle.read(upToCount: 4)) == Data([0x7f, 0x45, 0x4c, 0x46])
    }.map(\.openPath)
    #expect(files.count >= 300, "expected hundreds of ELF files under /usr/lib/x86_64-linux-gnu")
    let tally = Self.compareAll(files)
    print("readelf agreement, /usr/lib/x86_64-linux-gnu: \(tally.files) files, \(tally.fields) fields compared, \(tally.disagreements.count) disagreements")
    #expect(tally.disagreements.isEmpty, "\(tally.disagreements.prefix(40).joined(separator: "\n"))")
  }
}
