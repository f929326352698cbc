import CLibElf

extension ImageScanner {
  /// Without section headers the version tables cannot be located by type, so their absence proves nothing.
  var versionsUnknown: Bool { sections.isEmpty && !segments(ofType: UInt32(PT_DYNAMIC)).isEmpty }

  /// Reads SHT_GNU_verneed, one checked hop at a time.
  ///
  /// vn_next and vna_next are unsigned, so offsets only grow; each hop is
  /// checked against the section size by gelf, and the walk is bounded by
  /// the limits, so a chain that loops or lies about its counts ends with a
  /// problem, never a hang.
  func readVersionNeeds() -> [VersionNeed]? {
    guard let section = sections(ofType: UInt32(SHT_GNU_verneed)).first else { return versionsUnknown ? nil : [] }
    guard let data = sectionData(section, name: "SHT_GNU_verneed") else { return nil }
    let table = Int(section.header.sh_link)
    let size = data.pointee.d_size
    let declared = Int(section.header.sh_info)
    let problemsBefore = problems.count
    var needs: [VersionNeed] = []
    // Sized from the counts the file gives (a hostile count reserves at most 256): grown an entry at a time, the arrays
    // were a third of reading them.
    needs.reserveCapacity(min(declared, 256))
    var offset = 0
    var entries = 0
    walk: while true {
      guard entries < limits.maxVersionEntries else {
        malformed("SHT_GNU_verneed has over \(limits.maxVersionEntries) entries", offset: section.offset)
        break
      }
      var vn = GElf_Verneed()
      guard offset < size, let at = Int32(exactly: offset), gelf_getverneed(data, at, &vn) != nil else {
        malformed(
          "SHT_GNU_verneed entry \(needs.count) at section offset \(offset) lies past the section end (\(size) bytes)",
          offset: section.offset &+ UInt64(offset))
        break
      }
      let fileName = string(table: table, offset: UInt64(vn.vn_file))
      if fileName == nil {
        malformed(
          "SHT_GNU_verneed entry \(needs.count): vn_file 0x\(String(vn.vn_file, radix: 16)) is outside the string table",
          offset: section.offset &+ UInt64(offset))
      }
      var requirements: [VersionNeed.Requirement] = []
      requirements.reserveCapacity(min(Int(vn.vn_cnt), 256))
      var auxOffset = offset + Int(vn.vn_aux)
      for j in 0..<Int(vn.vn_cnt) {
        entries += 1
        guard entries < limits.maxVersionEntries else { break walk }
        var aux = GElf_Vernaux()
        guard auxOffset < size, let at = Int32(exactly: auxOffset), gelf_getvernaux(data, at, &aux) != nil
        else {
          malformed(
            "SHT_GNU_verneed entry \(needs.count), auxiliary \(j): vn_aux/vna_next points past the section end (\(size) bytes)",
            offset: section.offset &+ UInt64(auxOffset))
          break
        }
        if let name = string(table: table, offset: UInt64(aux.vna_name)) {
          requirements.append(
            .init(name: name, hash: aux.vna_hash, flags: aux.vna_flags, index: aux.vna_other))
        } else {
          malformed(
            "SHT_GNU_verneed entry \(needs.count), auxiliary \(j): vna_name is outside the string table",
            offset: section.offset &+ UInt64(auxOffset))
        }
        if aux.vna_next == 0 {
          if j + 1 < Int(vn.vn_cnt) {
            malformed(
              "SHT_GNU_verneed entry \(needs.count): vn_cnt says \(vn.vn_cnt) but the chain ends after \(j + 1)",
              offset: section.offset &+ UInt64(offset))
          }
          break
        }
        auxOffset += Int(aux.vna_next)
      }
      needs.append(VersionNeed(file: fileName ?? "", versions: requirements))
      entries += 1
      if vn.vn_next == 0 { break }
      offset += Int(vn.vn_next)
    }
    if declared != 0 && declared != needs.count && problems.count == problemsBefore {
      malformed(
        "SHT_GNU_verneed sh_info says \(declared) entries but the chain has \(needs.count)",
        offset: section.offset)
    }
    return needs
  }

  /// Reads SHT_GNU_verdef, including the base entry, with the same bounded walk.
  func readVersionDefinitions() -> [VersionDefinition]? {
    guard let section = sections(ofType: UInt32(SHT_GNU_verdef)).first else { return versionsUnknown ? nil : [] }
    guard let data = sectionData(section, name: "SHT_GNU_verdef") else { return nil }
    let table = Int(section.header.sh_link)
    let size = data.pointee.d_size
    let declared = Int(section.header.sh_info)
    let problemsBefore = problems.count
    var definitions: [VersionDefinition] = []
    definitions.reserveCapacity(min(declared, 256))
    var offset = 0
    var entries = 0
    walk: while true {
      guard entries < limits.maxVersionEntries else {
        malformed("SHT_GNU_verdef has over \(limits.maxVersionEntries) entries", offset: section.offset)
        break
      }
      var vd = GElf_Verdef()
      guard offset < size, let at = Int32(exactly: offset), gelf_getverdef(data, at, &vd) != nil else {
        malformed(
          "SHT_GNU_verdef entry \(definitions.count) at section offset \(offset) lies past the section end (\(size) bytes)",
          offset: section.offset &+ UInt64(offset))
        break
      }
      // The node's name, then its parents: no array for the one name most entries have (an array per
      // entry and a copy of its tail were a third of reading libc's 40 definitions).
      var name: String? = nil
      var parents: [String] = []
      var auxOffset = offset + Int(vd.vd_aux)
      for j in 0..<Int(vd.vd_cnt) {
        entries += 1
        guard entries < limits.maxVersionEntries else { break walk }
        var aux = GElf_Verdaux()
        guard auxOffset < size, let at = Int32(exactly: auxOffset), gelf_getverdaux(data, at, &aux) != nil
        else {
          malformed(
            "SHT_GNU_verdef entry \(definitions.count), auxiliary \(j): vd_aux/vda_next points past the section end (\(size) bytes)",
            offset: section.offset &+ UInt64(auxOffset))
          break
        }
        if let text = string(table: table, offset: UInt64(aux.vda_name)) {
          if name == nil { name = text } else { parents.append(text) }
        } else {
          malformed(
            "SHT_GNU_verdef entry \(definitions.count), auxiliary \(j): vda_name is outside the string table",
            offset: section.offset &+ UInt64(auxOffset))
        }
        if aux.vda_next == 0 { break }
        auxOffset += Int(aux.vda_next)
      }
      if let name {
        definitions.append(
          VersionDefinition(index: vd.vd_ndx, name: name, flags: vd.vd_flags, hash: vd.vd_hash, parents: parents))
      }
      entries += 1
      if vd.vd_next == 0 { break }
      offset += Int(vd.vd_next)
    }
    if declared != 0 && declared != definitions.count && problems.count == problemsBefore {
      malformed(
        "SHT_GNU_verdef sh_info says \(declared) entries but the chain has \(definitions.count)",
        offset: section.offset)
    }
    return definitions
  }
}
