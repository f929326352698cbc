import AbiScan

/// A Python wheel (or any ZIP archive named `.whl`) checked as the folder it unpacks to: every ELF
/// member is read from memory, named by its path inside the wheel, with the wheel as its folder.
/// Nothing is unpacked to disk, so a wheel is checked exactly as pip would install it.
enum WheelInput {
  /// Whether a path names a wheel.
  static func isWheel(_ path: String) -> Bool {
    path.lowercased().hasSuffix(".whl")
  }

  /// The ELF members of the wheel at `input`, read with `reader`; an archive that cannot be read is one
  /// `unreadable` entry, and a member that cannot be read is an entry with its error.
  static func read(_ input: InputFile, reader: ElfReader) -> [FileEntry] {
    let archive: ZipArchive
    do {
      archive = try ZipArchive(path: input.openPath, limits: reader.limits)
    } catch {
      var shown = error
      shown.path = input.displayPath
      return [FileEntry(path: input.displayPath, root: input.root, image: nil, error: shown)]
    }
    var entries: [FileEntry] = []
    for member in archive.members where !member.isFolder && member.uncompressedSize >= 16 {
      do throws(ElfReadError) {
        guard try archive.prefix(of: member, count: 4) == [0x7f, 0x45, 0x4c, 0x46] else { continue }
        let bytes = try archive.contents(of: member)
        let image = try reader.read(bytes: bytes, displayPath: member.name)
        entries.append(FileEntry(path: member.name, root: input.displayPath, image: image, error: nil))
      } catch {
        var shown = error
        shown.path = member.name
        entries.append(FileEntry(path: member.name, root: input.displayPath, image: nil, error: shown))
      }
    }
    return entries
  }
}
