import AbiScan

/// A root file system read from an archive (a `docker export` or minirootfs tarball, and image
/// layers applied in order), held in memory and never written to disk: every member's kind and link
/// target; each ELF file (by its magic) read as it streams past, keeping its facts, not its bytes
/// (so a 500 MB image costs what its libraries' facts cost); and the bytes of the small members a
/// check can need: loader and release configuration under /etc, and the package databases.
///
/// Member names are untrusted: `./` and leading `/` are dropped, and a name with `..` is refused
/// (recorded in `problems`), so no member lands outside the root; links are kept as written and
/// resolved by `Sysroot`'s confined walk like a folder's.
public final class ArchiveTree: Sendable {
  /// What a path holds.
  enum Node: Sendable {
    case folder
    /// A regular file: its size as read, and what a check may need of it.
    case file(size: Int, content: Content)
    case link(String)
    case other
  }

  /// What is kept of a regular file.
  /// Indirect: a slot of the tree holds a pointer, not an `ElfImage`, so 30,000 members cost 30,000 small slots.
  indirect enum Content: Sendable {
    case none
    /// Configuration, a package database, an image's JSON document.
    case bytes([UInt8])
    /// An ELF file, read as it streamed past (or why it could not be read).
    case elf(Result<ElfImage, ElfReadError>)
    /// A WebAssembly module or component, read as it streamed past (its sections; bodies are not walked).
    case wasm(Result<WasmModule, WasmReadError>)
  }

  /// Members read at most, and bytes of one kept member: bounds against hostile archives. Real images
  /// have 10,000 to 100,000 members; a million tiny ones would cost 6.4 s and 150 MiB, so reading stops
  /// at 524,288 (3.4 s, 85 MiB) with a finding naming the member where it stopped.
  public static let maxMembers = 1 << 19
  public static let maxKeptMember = 256 << 20

  let nodes: [String: Node]
  let children: [String: [String]]
  /// For an image: the layer each file came from (`sha256:...`, or a docker-archive layer's name).
  let layers: [String: String]
  /// Members refused or unreadable, each naming the archive and the member.
  public let problems: [ArchiveError]

  /// Reads an archive held in memory (for fuzzing and nested archives).
  public convenience init(bytes: [UInt8], name: String, maxMembers: Int = ArchiveTree.maxMembers, parts: ReadParts = .all) throws(ArchiveError) {
    var builder = Builder(reader: ElfReader(parts: parts), maxMembers: maxMembers)
    try builder.apply(ArchiveStream(bytes: bytes, name: name), layer: false)
    self.init(builder)
  }

  /// Reads the archive at `path` as one root file system.
  /// ELF members are read for `parts`.
  public convenience init(path: String, name: String? = nil, parts: ReadParts = .all) throws(ArchiveError) {
    var builder = Builder(reader: ElfReader(parts: parts))
    try builder.apply(ArchiveStream(path: path, name: name ?? path), layer: false)
    self.init(builder)
  }

  init(_ builder: Builder) {
    nodes = builder.nodes
    layers = builder.layers.filter { builder.nodes[$0.key] != nil }
    var children: [String: Set<String>] = [:]
    for path in builder.nodes.keys where path != "/" {
      let parent = Location.parent(of: path)
      children[parent.isEmpty ? "/" : parent, default: []].insert(Location.basename(of: path))
    }
    self.children = children.mapValues { $0.sorted() }
    problems = builder.problems
  }

  /// The node at an absolute, normalized path.
  func node(_ path: String) -> Node? { nodes[path] }

  static let elfMagic: [UInt8] = [0x7f, 0x45, 0x4c, 0x46]

  /// Whether a member's bytes are worth reading: ELF files, loader and release configuration, the
  /// package databases, and an image's own documents (its top-level JSON and the JSON blobs its
  /// manifests are), so that an archive is read once whether it turns out to be a root or an image.
  static func wanted(_ path: String, head: [UInt8]) -> Bool {
    if Content.isProgram(head) { return true }
    if path == "/index.json" || path == "/manifest.json" || path == "/oci-layout" { return true }
    if path.hasPrefix("/blobs/"), head.first == UInt8(ascii: "{"), head.count < 1 << 16 { return true }
    return path.hasPrefix("/etc/") || path.hasPrefix("/var/lib/dpkg/info/") || path == "/lib/apk/db/installed"
      || path == "/usr/lib/os-release"
  }

  /// The facts of the ELF file at an absolute, normalized path, as read when the archive streamed past.
  public func image(at path: String) -> Result<ElfImage, ElfReadError>? {
    guard case .file(_, .elf(let result))? = nodes[path] else { return nil }
    return result
  }

  /// The kept bytes of the regular file at an absolute, normalized path.
  func bytes(_ path: String) -> [UInt8]? {
    guard case .file(_, .bytes(let bytes))? = nodes[path] else { return nil }
    return bytes
  }

  /// Builds the tree from one archive or from image layers in order.
  struct Builder {
    /// How ELF members are read as they arrive.
    var reader: ElfReader
    var nodes: [String: Node] = ["/": .folder]
    var layers: [String: String] = [:]
    var problems: [ArchiveError] = []
    var members = 0
    var maxMembers = ArchiveTree.maxMembers

    init(reader: ElfReader, maxMembers: Int = ArchiveTree.maxMembers) {
      self.reader = reader
      self.maxMembers = maxMembers
    }

    /// Applies one archive; as a `layer`, OCI whiteouts (`.wh.NAME`, `.wh..wh..opq`) remove what lower layers had.
    mutating func apply(_ stream: ArchiveStream, layer: Bool, layerName: String? = nil) throws(ArchiveError) {
      while let entry = try stream.next() {
        members += 1
        guard members <= maxMembers else {
          problems.append(ArchiveError(archive: stream.name, member: entry.name, what: "over \(maxMembers) members: the rest is not read"))
          return
        }
        guard let path = Self.normalize(entry.name) else {
          problems.append(ArchiveError(archive: stream.name, member: entry.name, what: "the name climbs out of the root (..): refused"))
          continue
        }
        let name = Location.basename(of: path)
        if layer && name.hasPrefix(".wh.") {
          let parent = Location.parent(of: path)
          let folder = parent.isEmpty ? "/" : parent
          if name == ".wh..wh..opq" {
            remove(under: folder, keepingFolder: true)
          } else {
            let target = (folder == "/" ? "" : folder) + "/" + name.dropFirst(4)
            if target == "/" { problems.append(ArchiveError(archive: stream.name, member: entry.name, what: "a whiteout of the root: ignored")) } else { remove(under: target, keepingFolder: false) }
          }
          continue
        }
        addParents(of: path)
        switch entry.kind {
        case .folder:
          if case .folder? = nodes[path] {} else { remove(under: path, keepingFolder: false); nodes[path] = .folder }
        case .symbolicLink:
          remove(under: path, keepingFolder: false)
          nodes[path] = .link(entry.linkTarget ?? "")
        case .hardLink:
          guard let target = entry.linkTarget.flatMap(Self.normalize), let existing = nodes[target] else {
            problems.append(ArchiveError(archive: stream.name, member: entry.name, what: "hard link to \(entry.linkTarget ?? "nothing"), which the archive does not have before it"))
            continue
          }
          remove(under: path, keepingFolder: false)
          nodes[path] = existing
        case .file:
          remove(under: path, keepingFolder: false)
          do throws(ArchiveError) {
            var size = 0
            let member = try stream.member(
              limit: ArchiveTree.maxKeptMember,
              keep: { head in
                size = head.count
                return ArchiveTree.wanted(path, head: head)
              }, unread: ElfCodeRanges.unread(head:))
            nodes[path] = .file(size: member?.count ?? max(size, Int(entry.declaredSize)), content: content(of: member, at: path))
            if let layerName { layers[path] = layerName }
          } catch {
            problems.append(error)
            nodes[path] = .file(size: 0, content: .none)
            // Past the per-member limit the archive goes on; a damaged stream or a bomb ends it.
            if error.kind != .memberOverLimit { return }
          }
        case .other:
          remove(under: path, keepingFolder: false)
          nodes[path] = .other
        }
      }
    }

    /// What is kept of a member read whole (see `Content.of`).
    func content(of member: MemberBytes?, at path: String) -> Content { .of(member, at: path, reader: reader) }

    /// `./usr/lib/x`, `/usr/lib/x`, `usr//lib/./x` -> `/usr/lib/x`; nil when `..` is in it.
    static func normalize(_ name: String) -> String? {
      var parts: [Substring] = []
      for part in name.split(separator: "/", omittingEmptySubsequences: true) {
        if part == "." { continue }
        if part == ".." { return nil }
        parts.append(part)
      }
      return "/" + parts.joined(separator: "/")
    }

    mutating func addParents(of path: String) {
      var parent = Location.parent(of: path)
      while !parent.isEmpty && parent != "/" {
        if case .folder? = nodes[parent] { return }
        nodes[parent] = .folder
        parent = Location.parent(of: parent)
      }
    }

    /// Removes `path` and everything under it (with `keepingFolder`, only what is under it).
    /// Only a folder has anything under it, so only replacing one pays for the scan.
    mutating func remove(under path: String, keepingFolder: Bool) {
      guard let existing = nodes[path] else { return }
      if !keepingFolder { nodes[path] = nil }
      guard case .folder = existing else { return }
      let prefix = path == "/" ? "/" : path + "/"
      for key in nodes.keys where key.hasPrefix(prefix) && key != "/" { nodes[key] = nil }
    }
  }
}

extension ArchiveTree.Content {
  /// What is kept of a member read whole: an ELF file's facts or a WebAssembly file's (the bytes are
  /// freed once read), or the bytes of anything else. Archive trees and wheels read members this way.
  static func of(_ member: MemberBytes?, at path: String, reader: ElfReader) -> Self {
    guard let member else { return .none }
    if WasmReader.isWasm(member.prefix(4)) {
      do throws(WasmReadError) {
        return .wasm(.success(try WasmReader(code: false).read(bytes: member.array, path: path)))
      } catch {
        return .wasm(.failure(error))
      }
    }
    guard member.starts(with: ArchiveTree.elfMagic) else { return .bytes(member.array) }
    do throws(ElfReadError) {
      return .elf(.success(try reader.read(member: member, displayPath: path)))
    } catch {
      return .elf(.failure(error))
    }
  }

  /// Whether a member's first block is a program (ELF or WebAssembly), whose facts are read.
  static func isProgram(_ head: [UInt8]) -> Bool { head.starts(with: ArchiveTree.elfMagic) || WasmReader.isWasm(head) }
}
