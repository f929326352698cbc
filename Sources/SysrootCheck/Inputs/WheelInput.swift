import AbiScan

/// A Python wheel (or any ZIP archive named `.whl`) checked as the folder it unpacks to: every ELF
/// member is read from memory, named by its path inside the wheel, with the wheel as its folder.
/// Nothing is unpacked to disk, so a wheel is checked exactly as pip would install it.
///
/// libarchive reads it (its seekable ZIP reader, from the central directory, as pip does). Measured
/// against the hand-written reader it replaced, on numpy 2.2.6's 16.8 MB wheel (22 ELF members):
/// 0.20 s and 28 MiB against 0.25 s and 75 MiB (`Benchmarks/results.md` has the row).
enum WheelInput {
  /// Whether a path names a wheel.
  private static let wheelSuffix = Array(".whl".utf8)

  /// Whether `path` ends in `.whl`, in any case.
  static func isWheel(_ path: Substring) -> Bool {
    // The last four bytes compared without case, in place: asked of every file a walk meets that is not
    // ELF, where lowercasing the whole path (a new String each time) was a sixth of the work per file.
    let suffix = wheelSuffix
    // In the string's own UTF-8 buffer (String.Index arithmetic was 125 instructions a file); a
    // string without one (bridged) is copied into a native one, which has.
    guard let answer = path.utf8.withContiguousStorageIfAvailable({ bytes -> Bool in
      guard bytes.count >= suffix.count else { return false }
      let start = bytes.count - suffix.count
      for (offset, expected) in suffix.enumerated() {
        let byte = bytes[start + offset]
        let lower = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
        if lower != expected { return false }
      }
      return true
    }) else {
      return isWheel(Substring(String(path)))
    }
    return answer
  }

  /// The ELF members of the wheel at `input`, read with `reader`; an archive that cannot be read is one
  /// `unreadable` entry, and a member that cannot be read is an entry with its error.
  static func read(_ input: InputFile, reader: ElfReader) -> [FileEntry] {
    // A member's error names the wheel and the member, as the entry's location does.
    func located(_ entry: FileEntry) -> FileEntry {
      var entry = entry
      let location = entry.locationPath
      entry.error?.path = location
      return entry
    }
    func failure(_ error: ArchiveError, at path: String) -> FileEntry {
      located(FileEntry(path: path, root: input.displayPath, image: nil, error: ElfReadError(code: .unreadable, path: path, what: error.what, offset: nil)))
    }
    let stream: ArchiveStream
    do throws(ArchiveError) {
      stream = try ArchiveStream(path: input.openPath, name: input.displayPath, formats: .zipDirectory)
    } catch {
      let what = "not a ZIP archive whose central directory can be read, as pip reads a wheel (libarchive: \(error.what))"
      return [FileEntry(path: input.displayPath, root: input.root, image: nil, error: ElfReadError(code: .unreadable, path: input.displayPath, what: what, offset: nil))]
    }
    var entries: [FileEntry] = []
    var members = 0
    while true {
      let entry: ArchiveEntry
      do throws(ArchiveError) {
        guard let next = try stream.next() else { break }
        entry = next
      } catch {
        entries.append(failure(error, at: error.member ?? input.displayPath))
        break
      }
      members += 1
      guard members <= ArchiveTree.maxMembers else {
        entries.append(failure(ArchiveError(archive: input.displayPath, member: entry.name, what: "over \(ArchiveTree.maxMembers) members: the rest is not read"), at: entry.name))
        break
      }
      guard entry.kind == .file else { continue }
      do throws(ArchiveError) {
        let member = try stream.member(
          limit: ArchiveTree.maxKeptMember, keep: ArchiveTree.Content.isProgram, unread: ElfCodeRanges.unread(head:))
        // An ELF file, or a WebAssembly module shipped in the wheel (yowasp's tools ship theirs so).
        let content = ArchiveTree.Content.of(member, at: entry.name, reader: reader)
        if let file = FileEntry.member(entry.name, of: input.displayPath, inArchive: false, content: content) { entries.append(file) }
      } catch {
        entries.append(failure(error, at: entry.name))
        // A bomb ends the wheel; past a member's damage the next header is tried (a stream that is
        // really broken fails there, and ends it).
        if error.kind == .bomb { break }
      }
    }
    return entries
  }
}
