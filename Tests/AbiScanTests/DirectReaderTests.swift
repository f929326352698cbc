import AbiScan
import Foundation
import TestSupport
import Testing

/// `DirectReader` (header tables and dynamic and version sections by `pread`, no libelf) gives what the
/// libelf scanner gives, or leaves the file to it: on every fixture, every file of the malformed corpus
/// and every ELF file of /usr/lib/x86_64-linux-gnu and /usr/bin, an `ElfReader` that may read directly
/// returns exactly what one that may not returns, image or error. The scanner is held to `readelf -W`
/// on the same files by `ReadelfAgreementTests`, so the direct reader's facts are readelf's too.
@Suite("Direct reader")
struct DirectReaderTests {
  /// The part sets `deps` and its callers ask for, and the smaller ones a direct read also serves.
  static let partSets: [ReadParts] = [
    [.programHeaders, .dynamic, .versions], [.programHeaders, .dynamic], [.programHeaders], [.dynamic, .versions],
  ]

  static func elfFiles(under folders: [String]) -> [String] {
    InputWalker().files(for: folders).filter { input in
      guard input.problem == nil, let handle = FileHandle(forReadingAtPath: input.openPath) else { return false }
      defer { try? handle.close() }
      return (try? handle.read(upToCount: 4)) == Data([0x7f, 0x45, 0x4c, 0x46])
    }.map(\.openPath)
  }

  static let malformed: [String] = {
    let folder = Fixtures.root.appendingPathComponent("malformed").path
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    return names.filter { $0 != "MANIFEST.tsv" }.sorted().map { folder + "/" + $0 }
  }()

  struct Tally: Sendable {
    var reads = 0
    var direct = 0
    /// Files read directly with `deps`'s parts (the first set), the case the direct reader is for.
    var directForDeps = 0
    var differences: [String] = []
  }

  /// Reads every file with every part set both ways; a difference names the file, the parts and both results.
  static func compare(_ files: [String]) -> Tally {
    let tallies = parallelMap(files, width: availableProcessorCount) { path -> Tally in
      var tally = Tally()
      for parts in partSets {
        func result(_ reader: ElfReader) -> Result<ElfImage, ElfReadError> {
          do throws(ElfReadError) { return .success(try reader.read(path: path)) } catch { return .failure(error) }
        }
        let reference = result(ElfReader(parts: parts, allowsDirectReading: false))
        let either = result(ElfReader(parts: parts))
        tally.reads += 1
        if either != reference {
          tally.differences.append("\(path) \(parts.rawValue): \(either) vs the scanner's \(reference)")
        }
        if let reader = DirectReader(parts: parts), let image = reader.read(path: path, displayPath: path) {
          tally.direct += 1
          if parts == partSets[0] { tally.directForDeps += 1 }
          if case .success(let scanned) = reference, scanned == image { continue }
          tally.differences.append("\(path) \(parts.rawValue): read directly as \(image) vs the scanner's \(reference)")
        }
      }
      return tally
    }
    return tallies.reduce(into: Tally()) {
      $0.reads += $1.reads
      $0.direct += $1.direct
      $0.directForDeps += $1.directForDeps
      $0.differences += $1.differences
    }
  }

  @Test func onlyTheLoadersPartsAreReadDirectly() {
    #expect(DirectReader(parts: [.programHeaders, .dynamic, .versions]) != nil)
    #expect(DirectReader(parts: [.programHeaders, .notes]) == nil)
    #expect(DirectReader(parts: .profile) == nil)
    #expect(DirectReader(parts: .all) == nil)
  }

  @Test func systemLibrariesAndProgramsReadDirectlyAsTheScannerReadsThem() {
    let files = Self.elfFiles(under: ["/usr/lib/x86_64-linux-gnu", "/usr/bin"])
    #expect(files.count >= 600, "expected hundreds of ELF files under /usr/lib/x86_64-linux-gnu and /usr/bin")
    let tally = Self.compare(files)
    print("direct reader, system files: \(files.count) files, \(tally.reads) reads, \(tally.direct) direct (\(tally.directForDeps) with deps's parts), \(tally.differences.count) differences")
    #expect(tally.differences.isEmpty, "\(tally.differences.prefix(20).joined(separator: "\n"))")
    // Real files are the direct reader's case: with deps's parts it must read nearly all of them, or it
    // saves nothing. (With fewer parts, a library without its dynamic section read may be musl's libc,
    // which only the scanner can tell.)
    #expect(tally.directForDeps * 100 >= files.count * 98, "\(tally.directForDeps) of \(files.count) files were read directly")
  }

  @Test func fixturesReadDirectlyAsTheScannerReadsThem() {
    let files = Fixtures.all
    #expect(files.count >= 50)
    let tally = Self.compare(files)
    print("direct reader, fixtures: \(files.count) files, \(tally.reads) reads, \(tally.direct) direct (\(tally.directForDeps) with deps's parts), \(tally.differences.count) differences")
    #expect(tally.differences.isEmpty, "\(tally.differences.prefix(20).joined(separator: "\n"))")
    #expect(tally.directForDeps * 100 >= files.count * 80, "\(tally.directForDeps) of \(files.count) files were read directly")
  }

  /// Damage is the scanner's to report: a damaged file read directly would lose its problems.
  @Test func malformedFilesAreLeftToTheScanner() {
    #expect(Self.malformed.count >= 200)
    let tally = Self.compare(Self.malformed)
    print("direct reader, malformed corpus: \(Self.malformed.count) files, \(tally.reads) reads, \(tally.direct) direct (\(tally.directForDeps) with deps's parts), \(tally.differences.count) differences")
    #expect(tally.differences.isEmpty, "\(tally.differences.prefix(20).joined(separator: "\n"))")
  }

  /// A file that is not ELF, not a regular file, or not there is no image, and the scanner says why.
  @Test func whatIsNotAnElfFileIsLeftToTheScanner() throws {
    let reader = try #require(DirectReader(parts: [.programHeaders, .dynamic, .versions]))
    #expect(reader.read(path: "/etc/hostname", displayPath: "x") == nil)
    #expect(reader.read(path: "/usr/lib", displayPath: "x") == nil)
    #expect(reader.read(path: "/no/such/file", displayPath: "x") == nil)
    #expect(reader.read(path: "/dev/null", displayPath: "x") == nil)
  }
}
