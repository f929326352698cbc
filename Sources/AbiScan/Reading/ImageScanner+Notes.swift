import CLibElf

/// Note and GNU property type numbers (the corresponding ELF constants are `NT_*` and `GNU_PROPERTY_*`).
enum NoteConstant {
  static let gnuABITag: UInt32 = 1
  static let gnuBuildID: UInt32 = 3
  static let gnuPropertyType0: UInt32 = 5
  static let androidIdent: UInt32 = 1
  static let x86ISA1Needed: UInt32 = 0xc000_8002
  static let x86ISA1Used: UInt32 = 0xc001_0002
  static let x86Feature1And: UInt32 = 0xc000_0002
  static let aarch64Feature1And: UInt32 = 0xc000_0000
}

extension ImageScanner {
  /// Reads every note from the SHT_NOTE sections, or from PT_NOTE segments when the file has no sections.
  ///
  /// Notes are parsed from the raw bytes in the file's byte order, so the
  /// descriptor words are never translated twice, and every length is checked
  /// against the section before it is used.
  func readNotes() -> GNUNotes {
    var notes = GNUNotes()
    if !sections.isEmpty {
      for section in sections(ofType: UInt32(SHT_NOTE)) {
        guard fitsInFile(offset: section.offset, count: 1, entrySize: section.header.sh_size) else {
          malformed(
            "SHT_NOTE section [\(section.index)] (\(section.header.sh_size) bytes) runs past the end of the file (\(handle.size) bytes)",
            offset: section.offset)
          continue
        }
        guard let raw = elf_rawdata(section.scn, nil), let base = raw.pointee.d_buf else { continue }
        let view = ByteView(
          base: UnsafeRawBufferPointer(start: base, count: raw.pointee.d_size), endianness: endianness)
        parseNotes(
          view, alignment: section.header.sh_addralign == 8 ? 8 : 4, fileOffset: section.offset,
          where: "SHT_NOTE section [\(section.index)]", into: &notes)
      }
    } else {
      for segment in segments(ofType: UInt32(PT_NOTE)) {
        guard let view = segmentBytes(segment, name: "PT_NOTE") else { continue }
        parseNotes(
          view, alignment: segment.p_align == 8 ? 8 : 4, fileOffset: segment.p_offset,
          where: "PT_NOTE segment", into: &notes)
      }
    }
    return notes
  }

  private func parseNotes(
    _ view: ByteView, alignment: Int, fileOffset: UInt64, where place: String, into notes: inout GNUNotes
  ) {
    var offset = 0
    var index = 0
    while offset < view.count {
      guard index < limits.maxNotes else {
        malformed("\(place) has over \(limits.maxNotes) notes", offset: fileOffset)
        return
      }
      guard let nameSize = view.u32(at: offset), let descSize = view.u32(at: offset + 4),
        let type = view.u32(at: offset + 8)
      else {
        malformed("\(place): note \(index) header is truncated", offset: fileOffset &+ UInt64(offset))
        return
      }
      let nameStart = offset + 12
      // The descriptor starts at the next aligned offset after the name (8 for NHDR8 notes such as GNU properties).
      let descStart = Self.align(nameStart + Int(nameSize), alignment)
      guard let nameBytes = view.slice(nameStart, Int(nameSize)),
        let desc = view.slice(descStart, Int(descSize))
      else {
        malformed(
          "\(place): note \(index) (namesz \(nameSize), descsz \(descSize)) runs past the end (\(view.count) bytes)",
          offset: fileOffset &+ UInt64(offset))
        return
      }
      let name = String(decoding: nameBytes.prefix { $0 != 0 }, as: UTF8.self)
      interpretNote(
        name: name, type: type, desc: ByteView(base: desc, endianness: endianness),
        at: fileOffset &+ UInt64(descStart), into: &notes)
      offset = Self.align(descStart + Int(descSize), alignment)
      index += 1
    }
  }

  private static func align(_ value: Int, _ alignment: Int) -> Int {
    (value + alignment - 1) / alignment * alignment
  }

  private func interpretNote(name: String, type: UInt32, desc: ByteView, at offset: UInt64, into notes: inout GNUNotes) {
    switch (name, type) {
    case ("GNU", NoteConstant.gnuBuildID):
      notes.buildID = Self.hex(desc)
    case ("GNU", NoteConstant.gnuABITag):
      guard let os = desc.u32(at: 0), let a = desc.u32(at: 4), let b = desc.u32(at: 8), let c = desc.u32(at: 12)
      else {
        malformed("NT_GNU_ABI_TAG descriptor is \(desc.count) bytes, expected 16", offset: offset)
        return
      }
      notes.abiTag = .init(os: os, kernel: [a, b, c])
    case ("GNU", NoteConstant.gnuPropertyType0):
      parseProperties(desc, at: offset, into: &notes)
    case ("Android", NoteConstant.androidIdent):
      notes.androidAPILevel = desc.u32(at: 0)
    default:
      break
    }
  }

  /// The bytes as lower-case hex digits, written into one buffer: a string per byte, joined, cost
  /// 11,700 instructions per file (a twentieth of `scan`'s work per file, callgrind).
  static func hex(_ bytes: ByteView) -> String {
    let digits: StaticString = "0123456789abcdef"
    return digits.withUTF8Buffer { table in
      String(unsafeUninitializedCapacity: bytes.count * 2) { buffer in
        var at = 0
        for index in 0..<bytes.count {
          guard let byte = bytes.u8(at: index) else { break }
          buffer[at] = table[Int(byte >> 4)]
          buffer[at + 1] = table[Int(byte & 0xF)]
          at += 2
        }
        return at
      }
    }
  }

  /// Walks a NT_GNU_PROPERTY_TYPE_0 descriptor: {pr_type, pr_datasz, data} records padded to 8 (ELF64) or 4 (ELF32).
  private func parseProperties(_ desc: ByteView, at offset: UInt64, into notes: inout GNUNotes) {
    let padding = elfClass == .elf64 ? 8 : 4
    var at = 0
    var count = 0
    while at < desc.count, count < limits.maxNotes {
      guard let type = desc.u32(at: at), let size = desc.u32(at: at + 4),
        desc.slice(at + 8, Int(size)) != nil
      else {
        malformed("GNU property \(count) runs past the end of its note", offset: offset &+ UInt64(at))
        return
      }
      let value = size >= 4 ? desc.u32(at: at + 8) : nil
      switch type {
      case NoteConstant.x86ISA1Needed: notes.x86ISANeeded = value.map(X86ISALevels.init(rawValue:))
      case NoteConstant.x86ISA1Used: notes.x86ISAUsed = value.map(X86ISALevels.init(rawValue:))
      case NoteConstant.x86Feature1And: notes.x86Features = value
      case NoteConstant.aarch64Feature1And: notes.aarch64Features = value
      default: break
      }
      at += 8 + Self.align(Int(size), padding)
      count += 1
    }
  }
}
