@testable import AbiScan
import TestSupport
import Testing

/// `ElfImage` keeps its fields in one shared box; it must still behave as a value: a changed copy
/// leaves the original as it was, and equal facts are equal images wherever they were read.
@Suite("ElfImage as a value")
struct ElfImageValueTests {
  static let libc = "/usr/lib/x86_64-linux-gnu/libc.so.6"
  static let loaderParts: ReadParts = [.programHeaders, .dynamic, .versions]

  @Test func aChangedCopyLeavesTheOriginalAsItWas() throws {
    let image = try ElfReader(parts: Self.loaderParts).read(path: Self.libc)
    let definitions = try #require(image.versionDefinitions)
    #expect(definitions.count > 30, "libc.so.6 defines GLIBC_2.2.5 to GLIBC_2.3x")
    var copy = image
    #expect(copy == image)
    copy.path = "/elsewhere/libc.so.6"
    copy.versionDefinitions?.removeLast()
    copy.problems.append(ElfReadError(code: .malformed, path: copy.path, what: "made up by the test", offset: 0))
    #expect(image.path == Self.libc)
    #expect(image.versionDefinitions == definitions)
    #expect(image.problems.isEmpty)
    #expect(copy.versionDefinitions?.count == definitions.count - 1)
    #expect(copy != image)
  }

  /// Printed (in a test failure, say), an image shows its fields, as a plain struct of them would.
  @Test func anImagePrintsItsFields() throws {
    let image = try ElfReader(parts: Self.loaderParts).read(path: Self.libc)
    let text = String(describing: image)
    #expect(text.hasPrefix("ElfImage(path: \"\(Self.libc)\", fileSize: \(image.fileSize)"), "\(text.prefix(120))")
    #expect(!text.contains("Storage"))
  }

  @Test func imagesReadTwiceAreEqualAndHashAlike() throws {
    let first = try ElfReader(parts: Self.loaderParts).read(path: Self.libc)
    let second = try ElfReader(parts: Self.loaderParts, allowsDirectReading: false).read(path: Self.libc)
    #expect(first == second)
    #expect(first.hashValue == second.hashValue)
    #expect(Set([first, second]).count == 1)
  }

  /// Looked for by the ELF hash a need records, a node is found exactly when it is found by name:
  /// for every node the fixtures and /usr/bin's first programs need, against every library here that
  /// defines versions, with the need's own hash and with hashes that are wrong (0, one bit off).
  @Test func definesByHashAnswersAsByName() throws {
    let reader = ElfReader(parts: Self.loaderParts)
    let programs = Fixtures.all + ["/usr/bin/ls", "/usr/bin/tar", "/usr/bin/gpgv", "/usr/bin/perl"]
    let needs = programs.compactMap { try? reader.read(path: $0) }.flatMap { $0.versionNeeds ?? [] }.flatMap(\.versions)
    let libraries = (Fixtures.all + [Self.libc, "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib/x86_64-linux-gnu/libm.so.6"])
      .compactMap { try? reader.read(path: $0) }.filter { !($0.versionDefinitions ?? []).isEmpty }
    #expect(needs.count > 50 && libraries.count >= 3)
    var found = 0
    for library in libraries {
      for need in needs {
        let byName = library.defines(versionNode: need.name)
        if byName { found += 1 }
        for hash: UInt32 in [need.hash, 0, need.hash ^ 1] {
          #expect(library.defines(versionNode: need.name, hash: hash) == byName, "\(library.path): \(need.name) hash \(hash)")
        }
      }
    }
    #expect(found > 20, "libc.so.6 defines most of the GLIBC_ nodes the programs need")
  }

  /// `defines(versionNode:)` answers what `definedVersionNames.contains` answers, on every fixture
  /// and on libc.so.6, for each defined node, each base entry's name and a node no file defines.
  @Test func definesIsMembershipOfTheDefinedNames() throws {
    let paths = Fixtures.all + [Self.libc]
    var asked = 0
    for path in paths {
      guard let image = try? ElfReader(parts: .profile).read(path: path) else { continue }
      let names = image.definedVersionNames
      let questions = names + (image.versionDefinitions ?? []).filter(\.isBase).map(\.name) + ["GLIBC_999.0"]
      for name in questions {
        #expect(image.defines(versionNode: name) == names.contains(name), "\(path): \(name)")
        asked += 1
      }
    }
    #expect(asked > 100)
  }

  /// A range larger than a scratch area gets a buffer of its own: libstdc++.so.6's string table is
  /// larger than the area (readelf says how large), and the file still reads directly as the libelf
  /// scanner reads it.
  @Test func aRangeLargerThanTheScratchAreaReadsAsTheScannerReadsIt() throws {
    let path = "/usr/lib/x86_64-linux-gnu/libstdc++.so.6"
    let (status, text) = try run("/usr/bin/readelf", ["-SW", path])
    #expect(status == 0)
    let line = try #require(text.split(separator: "\n").first { $0.contains(" .dynstr ") })
    let fields = try #require(line.split(separator: "]").last).split(separator: " ")
    let size = try #require(Int(fields[4], radix: 16), "\(line)")
    #expect(size > ReadScratch.capacity)
    let reader = try #require(DirectReader(parts: Self.loaderParts))
    let direct = try #require(reader.read(path: path, displayPath: path))
    let scanned = try ElfReader(parts: Self.loaderParts, allowsDirectReading: false).read(path: path)
    #expect(direct == scanned)
    #expect((direct.versionNeeds ?? []).contains { $0.file == "libc.so.6" })
  }
}
