import Foundation
import TestSupport

/// The facts binutils `readelf -W -h -l -d -V --dyn-syms` prints about a file, parsed from its text.
///
/// This is the independent reader the truth test holds abidoctor to: a
/// different codebase (BFD-free readelf) with a different parser.
struct ReadelfFacts {
  var elfClass: Int?
  var endianness: String?
  var osabi: String?
  var type: String?
  var machine: String?
  var flags: String?
  var interpreter: String?
  var soname: String?
  var needed: [String] = []
  var rpath: [String] = []
  var runpath: [String] = []
  var versionNeeds: [(file: String, names: [String])] = []
  var versionDefinitions: [String] = []
  var hasDynsym = false
  var buildID: String?
  var abiTag: String?
  var x86ISANeeded: [String] = []
  var stack: String?
  var symbols: [(name: String, defined: Bool)] = []


  static let readelf = "/usr/bin/readelf"

  static func read(_ path: String) throws -> ReadelfFacts {
    let (_, text) = try run(readelf, ["-W", "-h", "-l", "-d", "-V", "--dyn-syms", "-n", path])
    return parse(text)
  }

  static func bracketed(_ line: Substring) -> String? {
    guard let open = line.firstIndex(of: "["), let close = line.lastIndex(of: "]"), open < close else { return nil }
    return String(line[line.index(after: open)..<close])
  }

  static func parse(_ text: String) -> ReadelfFacts {
    var facts = ReadelfFacts()
    enum Block { case none, needs, defs, dynsym }
    var block = Block.none
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      func value(after key: String) -> String? {
        guard trimmed.hasPrefix(key) else { return nil }
        return trimmed.dropFirst(key.count).trimmingCharacters(in: .whitespaces)
      }
      if let v = value(after: "Class:") { facts.elfClass = v == "ELF64" ? 64 : v == "ELF32" ? 32 : 0; continue }
      if let v = value(after: "Data:") { facts.endianness = v.contains("little") ? "little" : "big"; continue }
      if let v = value(after: "OS/ABI:") { facts.osabi = v; continue }
      if let v = value(after: "Type:") { facts.type = v.split(separator: " ").first.map { $0.lowercased() }; continue }
      if let v = value(after: "Machine:") { facts.machine = v; continue }
      if let v = value(after: "Flags:"), facts.flags == nil {
        facts.flags = v.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) }
        continue
      }
      if trimmed.hasPrefix("[Requesting program interpreter:") {
        facts.interpreter = String(trimmed.dropFirst("[Requesting program interpreter: ".count).dropLast())
        continue
      }
      if trimmed.contains("(NEEDED)"), let v = bracketed(line[...]) { facts.needed.append(v); continue }
      if trimmed.contains("(SONAME)"), let v = bracketed(line[...]) { facts.soname = v; continue }
      if trimmed.contains("(RPATH)"), let v = bracketed(line[...]) {
        facts.rpath += v.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        continue
      }
      if trimmed.contains("(RUNPATH)"), let v = bracketed(line[...]) {
        facts.runpath += v.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        continue
      }
      // Note descriptions follow the owner and type on the same line, after a tab.
      if let range = trimmed.range(of: "Build ID: ") {
        facts.buildID = String(trimmed[range.upperBound...]).trimmingCharacters(in: .whitespaces)
        continue
      }
      if let range = trimmed.range(of: "OS: Linux, ABI: ") {
        facts.abiTag = "linux " + String(trimmed[range.upperBound...]).trimmingCharacters(in: .whitespaces)
        continue
      }
      if let range = trimmed.range(of: "x86 ISA needed: ") {
        facts.x86ISANeeded = trimmed[range.upperBound...].split(separator: ",")
          .map { $0.trimmingCharacters(in: .whitespaces) }
          .prefix { $0.hasPrefix("x86-64-") }
          .map { String($0.dropFirst("x86-64-".count)) }
        continue
      }
      if trimmed.hasPrefix("GNU_STACK") {
        let tokens = trimmed.split(separator: " ")
        facts.stack = tokens.count >= 8 && tokens[tokens.count - 2].contains("E") ? "executable" : "non-executable"
        continue
      }
      if trimmed.hasPrefix("Version needs section") { block = .needs; continue }
      if trimmed.hasPrefix("Version definition section") { block = .defs; continue }
      if trimmed.hasPrefix("Version symbols section") { block = .none; continue }
      if trimmed.hasPrefix("Symbol table '.dynsym'") { block = .dynsym; facts.hasDynsym = true; continue }
      if trimmed.isEmpty { if block != .dynsym { block = .none }; continue }
      switch block {
      case .needs:
        if let range = trimmed.range(of: "File: ") {
          let file = trimmed[range.upperBound...].split(separator: " ").first.map(String.init) ?? ""
          facts.versionNeeds.append((file, []))
        } else if let range = trimmed.range(of: "Name: "), !facts.versionNeeds.isEmpty {
          let name = trimmed[range.upperBound...].split(separator: " ").first.map(String.init) ?? ""
          facts.versionNeeds[facts.versionNeeds.count - 1].names.append(name)
        }
      case .defs:
        if trimmed.contains("Rev:"), !trimmed.contains("Flags: BASE"), let range = trimmed.range(of: "Name: ") {
          facts.versionDefinitions.append(String(trimmed[range.upperBound...]))
        }
      case .dynsym:
        if let symbol = parseSymbol(trimmed) { facts.symbols.append(symbol) }
      case .none:
        break
      }
    }
    return facts
  }

  /// `1: 0000000000000000 0 FUNC GLOBAL DEFAULT UND free@GLIBC_2.2.5 (2)`, skipping ppc64's `[<localentry>: 8]`.
  static func parseSymbol(_ line: String) -> (name: String, defined: Bool)? {
    // readelf spells unnamed types and bindings in two words ("<OS specific>: 10"); join them.
    let joined = line.replacingOccurrences(of: "specific>: ", with: "specific>:")
      .replacingOccurrences(of: "<OS specific>", with: "<OS-specific>")
      .replacingOccurrences(of: "<processor specific>", with: "<processor-specific>")
    var tokens = joined.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
    guard tokens.count >= 7, tokens[0].hasSuffix(":"), tokens[0] != "Num:" else { return nil }
    guard let index = Int(tokens[0].dropLast()), index > 0 else { return nil }
    var i = 6
    if tokens[i].hasPrefix("[") {
      while i < tokens.count && !tokens[i].hasSuffix("]") { i += 1 }
      i += 1
    }
    guard i < tokens.count else { return nil }
    let ndx = tokens[i]
    tokens = Array(tokens[(i + 1)...])
    if let last = tokens.last, last.hasPrefix("("), last.hasSuffix(")") { tokens.removeLast() }
    return (tokens.joined(separator: " "), ndx != "UND")
  }

  /// readelf's machine names for the codes abidoctor names.
  static let machineCodes: [String: UInt16] = [
    "Advanced Micro Devices X86-64": 62, "Intel 80386": 3, "AArch64": 183, "ARM": 40, "RISC-V": 243,
    "PowerPC64": 21, "PowerPC": 20, "IBM S/390": 22, "MIPS R3000": 8, "LoongArch": 258, "Sparc": 2,
    "Sparc v9": 43, "Linux BPF": 247, "Motorola M68K": 4, "Intel IA-64": 50,
  ]

  /// readelf's OS/ABI texts.
  static let osabiCodes: [String: UInt8] = [
    "UNIX - System V": 0, "UNIX - GNU": 3, "UNIX - FreeBSD": 9, "UNIX - NetBSD": 2, "ARM": 97,
  ]
}
