import AbiScan
import Foundation
import TestSupport
import Testing

/// Every file of Fixtures/malformed (made by Fixtures/make-malformed.py) yields `malformed-elf` naming what
/// is wrong, quickly, while the facts that could still be read are reported.
@Suite("Malformed corpus")
struct MalformedCorpusTests {
  struct Case: CustomTestStringConvertible, Sendable {
    let file: String
    let code: String
    let phrase: String
    var testDescription: String { file }
  }

  static let folder = Fixtures.root.appendingPathComponent("malformed")

  static let cases: [Case] = {
    guard let text = try? String(contentsOf: folder.appendingPathComponent("MANIFEST.tsv"), encoding: .utf8)
    else { return [] }
    return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { line in
      let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
      return fields.count == 3 ? Case(file: fields[0], code: fields[1], phrase: fields[2]) : nil
    }
  }()

  @Test func corpusCoversBothClassesAndByteOrders() {
    #expect(Self.cases.count >= 200)
    for base in ["elf64-lsb", "elf64-msb", "elf32-lsb", "elf32-msb"] {
      #expect(Self.cases.filter { $0.file.hasPrefix(base) }.count >= 40, "\(base)")
    }
  }

  @Test(arguments: cases)
  func malformedFileYieldsItsFinding(_ item: Case) throws {
    let path = Self.folder.appendingPathComponent(item.file).path
    let start = ContinuousClock.now
    var messages: [String] = []
    var codes: [String] = []
    do {
      let image = try ElfReader(parts: .all).read(path: path, displayPath: item.file)
      messages = image.problems.map(\.description)
      codes = image.problems.map(\.code.rawValue)
      // What could be read is still reported: the header always, the interpreter where it was not the damage.
      #expect(image.identity.elfClass.bits == (item.file.hasPrefix("elf64") ? 64 : 32))
      if item.file.contains("-hello-") && !item.file.contains("interp") && !item.file.contains("phoff")
        && !item.file.contains("phnum") && !item.file.contains("truncated-in-phdrs")
      {
        #expect(image.interpreter != nil, "interpreter lost")
      }
    } catch {
      messages = [error.description]
      codes = [error.code.rawValue]
    }
    let elapsed = ContinuousClock.now - start
    #expect(codes.contains(item.code), "codes \(codes)")
    #expect(messages.contains { $0.contains(item.phrase) }, "no message contains '\(item.phrase)': \(messages)")
    #expect(messages.allSatisfy { $0.hasPrefix(item.file + ": ") }, "every message names the file")
    #expect(elapsed < .seconds(2), "took \(elapsed)")
  }
}
