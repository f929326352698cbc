import AbiScan

/// A container image, a root-file-system tarball or an OS package named as a PATH: every ELF file in
/// it is checked, read from memory and named `ARCHIVE:/path/in/it` (JSON: `root` and `archive` are
/// the archive, `path` the member). Nothing is unpacked to disk.
public enum ArchiveInput {
  /// The archive's files as a tree: images with their layers applied, a `.deb`'s data.tar, an
  /// `.rpm`'s payload, a tarball as it is; nil when libarchive cannot read the file at all.
  static func tree(_ path: String, parts: ReadParts) -> (tree: ArchiveTree?, error: String?) {
    if let deb = debianPackage(path, parts: parts) { return deb }
    do throws(SysrootError) {
      let root = try Sysroot.opening(path, parts: parts)
      if case .archive(let tree) = root.store { return (tree, nil) }
      return (nil, nil)
    } catch {
      return (nil, error.reason)
    }
  }

  /// A Debian package: an ar archive whose first member is `debian-binary` and whose
  /// `data.tar.{gz,xz,zst}` member holds the files. Any other archive is left at its first header.
  static func debianPackage(_ path: String, parts: ReadParts) -> (tree: ArchiveTree?, error: String?)? {
    guard let outer = try? ArchiveStream(path: path), let first = try? outer.next(), first.name == "debian-binary" else { return nil }
    do throws(ArchiveError) {
      while let entry = try outer.next() {
        guard entry.name.hasPrefix("data.tar") else { continue }
        var builder = ArchiveTree.Builder(reader: ElfReader(parts: parts))
        try builder.apply(try ArchiveStream(member: outer, name: "\(path): \(entry.name)"), layer: false)
        return (ArchiveTree(builder), nil)
      }
    } catch {
      return (nil, error.description)
    }
    return (nil, "\(path): a Debian package without a data.tar member")
  }

  /// Names that promise an archive or a package.
  static func looksLikeArchive(_ path: String) -> Bool {
    let name = path.lowercased()
    return [".tar", ".tar.gz", ".tgz", ".tar.xz", ".txz", ".tar.zst", ".tar.bz2", ".deb", ".rpm", ".apk", ".oci"].contains { name.hasSuffix($0) }
  }

  /// Whether `path` is a folder holding an OCI image layout (`oci-layout` and `index.json`).
  public static func isLayoutFolder(_ path: String) -> Bool {
    HostFile.read(path + "/oci-layout", limit: 4096) != nil && HostFile.read(path + "/index.json", limit: ContainerImage.maxDocument) != nil
  }

  /// Whether `path` is an image or package abidoctor reads as its own target when no other is named.
  /// Decided from the first header alone (an OCI layout folder, or an archive libarchive reads with a
  /// member in it); the archive is read whole only once, by the check itself.
  public static func isImage(_ path: String) -> Bool {
    if isLayoutFolder(path) { return true }
    guard HostFile.isRegular(path), let stream = try? ArchiveStream(path: path) else { return false }
    return (try? stream.next()) != nil
  }

  /// One entry per ELF file in the archive at `input`, or one entry with the reason it cannot be read.
  /// Nil when the file is no archive (then it is simply not ELF); a file named like an archive or a
  /// package that libarchive cannot read is one `unreadable` entry with libarchive's reason.
  static func read(_ input: InputFile, reader: ElfReader) -> [FileEntry]? {
    let (tree, error) = tree(input.openPath, parts: reader.parts)
    guard let tree, tree.nodes.count > 1 || !tree.problems.isEmpty else {
      guard let error, looksLikeArchive(input.openPath) else { return nil }
      return [FileEntry(path: input.displayPath, root: input.root, image: nil, error: ElfReadError(code: .unreadable, path: input.displayPath, what: error, offset: nil))]
    }
    var out: [FileEntry] = []
    // What the archive refused or could not read is reported with the files, naming the member.
    for problem in tree.problems {
      let path = problem.member.flatMap(ArchiveTree.Builder.normalize) ?? "/"
      var entry = FileEntry(path: path, root: input.displayPath, image: nil, error: ElfReadError(code: .unreadable, path: path, what: problem.what, offset: nil))
      entry.inArchive = true
      let location = entry.locationPath
      entry.error?.path = location
      out.append(entry)
    }
    for (path, content) in tree.programs {
      guard var entry = FileEntry.member(path, of: input.displayPath, inArchive: true, content: content) else { continue }
      entry.layer = tree.layers[path]
      out.append(entry)
    }
    return out
  }
}

extension ArchiveInput {
  /// A `.deb`'s `control` file (from its control.tar member), or nil.
  static func debianControl(_ path: String) -> String? {
    guard let outer = try? ArchiveStream(path: path) else { return nil }
    while let entry = try? outer.next() {
      guard entry.name.hasPrefix("control.tar") else { continue }
      guard let inner = try? ArchiveStream(member: outer, name: entry.name) else { return nil }
      while let member = try? inner.next() {
        if ContainerImage.normalized(member.name) == "control", let text = try? inner.data(limit: 1 << 20) {
          return String(decoding: text, as: UTF8.self)
        }
      }
      return nil
    }
    return nil
  }

  /// The `libc6 (>= X)` floor a control file's Depends declares.
  static func libcFloor(control: String) -> String? {
    guard let line = control.split(separator: "\n").first(where: { $0.hasPrefix("Depends:") }) else { return nil }
    for clause in line.dropFirst(8).split(separator: ",") {
      let text = String(clause.drop { $0 == " " })
      guard text.hasPrefix("libc6 ") || text.hasPrefix("libc6(") || text.hasPrefix("libc6:"), let open = text.firstIndex(of: "("), let close = text.firstIndex(of: ")") else { continue }
      let relation = text[text.index(after: open)..<close].split(separator: " ")
      if relation.count == 2, relation[0] == ">=" || relation[0] == ">>" { return String(relation[1].prefix { $0.isNumber || $0 == "." }) }
    }
    return nil
  }

  /// For each `.deb` among `paths`: a finding when its declared libc6 floor is below what its binaries need.
  public static func packageFindings(paths: [String], files: [FileEntry]) -> [Finding] {
    var out: [Finding] = []
    for path in paths where path.lowercased().hasSuffix(".deb") {
      guard let control = debianControl(path) else { continue }
      let floor = libcFloor(control: control)
      let needing = files.filter { $0.inArchive && $0.root == path }.compactMap { file -> (String, String)? in
        guard let image = file.image, image.libc.family == .glibc, let need = image.libc.minVersion else { return nil }
        return (file.path, need)
      }
      guard let top = needing.max(by: { (VersionNumber($0.1) ?? VersionNumber(components: [])) < (VersionNumber($1.1) ?? VersionNumber(components: [])) }),
        let needed = VersionNumber(top.1)
      else { continue }
      if let floor, let declared = VersionNumber(floor), declared >= needed { continue }
      let declared = floor.map { "Depends: libc6 (>= \($0))" } ?? "no libc6 version in Depends"
      out.append(
        Finding(
          code: .packageFloorTooLow, path: path,
          message: "\(path) declares \(declared), but \(top.0) needs glibc \(top.1): the package installs on releases where it does not load",
          evidence: [("declared", .optional(floor)), ("needed", .string(top.1)), ("file", .string(top.0))],
          fixes: [
            Fix(kind: .package, text: "declare Depends: libc6 (>= \(top.1)), or let dpkg-shlibdeps compute it: Depends: ${shlibs:Depends} in debian/control"),
            Fix(kind: .rebuild, text: "or build the binaries against the oldest release the package is for (its glibc), so the floor holds"),
          ]))
    }
    return out
  }
}

extension ArchiveTree {
  /// Every program (ELF or WebAssembly file), as read when the archive streamed past, by path.
  var programs: [(path: String, content: Content)] {
    nodes.compactMap { path, node -> (path: String, content: Content)? in
      guard case .file(_, let content) = node else { return nil }
      switch content {
      case .elf, .wasm: return (path, content)
      case .none, .bytes: return nil
      }
    }.sorted { $0.path < $1.path }
  }
}
