import AbiScan

/// A container image read in place: an OCI image layout folder (`oci-layout`, `index.json`,
/// `blobs/`), the same as a tar (`skopeo copy ... oci-archive:`), or a `docker save` archive (its
/// `manifest.json`, legacy or with the OCI layout newer Docker writes beside it). Its layers are
/// applied in manifest order, with OCI whiteouts, into one `ArchiveTree`; nothing is unpacked to disk.
enum ContainerImage {
  /// Where the image's files are.
  enum Source {
    case folder(String)
    case archive(String)
  }

  /// Why an image could not be read (exit 2), naming the image and what is wrong.
  struct Failure: Error {
    var what: String
    /// For a multi-platform index that no platform was named for: the platforms it has.
    var platforms: [String] = []
  }

  /// The OCI platform (`os/arch[/variant]`) of files built like `identity`, as image indexes name them.
  public static func platform(of identity: ElfIdentity) -> String? {
    switch (identity.machine, identity.elfClass, identity.endianness) {
    case (.x86_64, .elf64, _): return "linux/amd64"
    case (.i386, _, _): return "linux/386"
    case (.aarch64, _, .little): return "linux/arm64"
    case (.arm, _, .little): return identity.flags.floatABI == .hard ? "linux/arm/v7" : "linux/arm/v5"
    case (.ppc64, _, .little): return "linux/ppc64le"
    case (.s390, .elf64, _): return "linux/s390x"
    case (.riscv, .elf64, _): return "linux/riscv64"
    case (.mips, .elf64, .little): return "linux/mips64le"
    case (.loongarch, _, _): return "linux/loong64"
    default: return nil
    }
  }

  /// Members of an outer archive kept to find the image's structure: its JSON documents are small.
  static let maxDocument = 4 << 20

  /// The image at `path`, or nil when it is no image. An archive is read once, by the caller, into
  /// `outer` (which keeps the image's JSON documents: see `ArchiveTree.wanted`); only its layers
  /// are read again, one pass each. A folder is an image when it holds an OCI layout.
  static func tree(at path: String, outer: ArchiveTree?, platform: String?, parts: ReadParts = .all) throws(Failure) -> ArchiveTree? {
    let source: Source = outer == nil ? .folder(path) : .archive(path)
    let document: (String) -> [UInt8]?
    if let outer {
      document = { name in outer.bytes("/" + name) }
      guard outer.bytes("/index.json") != nil || outer.bytes("/manifest.json") != nil else { return nil }
    } else {
      document = { name in readFile(path + "/" + name, limit: maxDocument) }
      guard document("oci-layout") != nil, document("index.json") != nil else { return nil }
    }
    let layers = try layerNames(path: path, document: document, platform: platform)
    var builder = ArchiveTree.Builder(reader: ElfReader(parts: parts))
    do throws(ArchiveError) {
      for (index, layer) in layers.enumerated() {
        let stream: ArchiveStream
        let shown = "\(path): layer \(index + 1) (\(layer))"
        switch source {
        case .folder(let folder): stream = try ArchiveStream(path: folder + "/" + layer, name: shown)
        case .archive(let file):
          // The layer is streamed out of the outer archive (found by skipping the members before it).
          guard let outer = try member(layer, of: file) else {
            throw ArchiveError(archive: path, member: layer, what: "the manifest names this layer, but the archive has no such member")
          }
          stream = try ArchiveStream(member: outer, name: shown)
        }
        // A blob's name is its digest (blobs/sha256/HEX); a legacy docker-archive layer keeps its path.
        let parts = layer.split(separator: "/")
        let name = parts.count == 3 && parts[0] == "blobs" ? "\(parts[1]):\(parts[2])" : layer
        try builder.apply(stream, layer: true, layerName: name)
      }
    } catch {
      throw Failure(what: error.description)
    }
    return ArchiveTree(builder)
  }

  // MARK: Manifests

  /// The layer paths (inside the layout or the archive), lowest first.
  static func layerNames(path: String, document: (String) -> [UInt8]?, platform: String?) throws(Failure) -> [String] {
    func json(_ name: String) throws(Failure) -> YAMLNode {
      guard let bytes = document(name) else { throw Failure(what: "\(path): \(name) is missing") }
      let value: YAMLNode?
      do throws(YAMLError) {
        value = try YAMLReader.document(bytes)
      } catch {
        throw Failure(what: "\(path): \(name) is not valid JSON (\(error))")
      }
      guard let value else { throw Failure(what: "\(path): \(name) is empty") }
      return value
    }
    func blob(_ digest: String) -> String { "blobs/" + digest.replacingBytes(":", with: "/") }

    // The OCI layout: index.json, perhaps through a multi-platform index, to one image manifest.
    if document("index.json") != nil {
      var index = try json("index.json")
      var depth = 0
      while let manifests = index["manifests"]?.sequence, depth < 4 {
        depth += 1
        let chosen = try choose(manifests, platform: platform, image: path)
        guard let digest = chosen["digest"]?.string else { throw Failure(what: "\(path): a manifest entry has no digest") }
        let next = try json(blob(digest))
        if let layers = next["layers"]?.sequence {
          return try layers.map { layer throws(Failure) -> String in
            guard let digest = layer["digest"]?.string else { throw Failure(what: "\(path): a layer has no digest") }
            return blob(digest)
          }
        }
        index = next
      }
      throw Failure(what: "\(path): index.json leads to no image manifest")
    }
    // docker save (legacy): manifest.json lists each image's layer tars.
    guard let images = try json("manifest.json").sequence, let first = images.first,
      let layers = first["Layers"]?.sequence?.compactMap(\.string)
    else { throw Failure(what: "\(path): manifest.json names no layers") }
    if images.count > 1, platform == nil {
      throw Failure(what: "\(path) holds \(images.count) images (\(images.compactMap { $0["RepoTags"]?.sequence?.first?.string }.joined(separator: ", "))): save one")
    }
    return layers
  }

  /// The manifest for `platform` (`os/arch[/variant]`), or the only one; otherwise the platforms the index has.
  static func choose(_ manifests: [YAMLNode], platform: String?, image: String) throws(Failure) -> YAMLNode {
    func name(_ entry: YAMLNode) -> String? {
      guard let p = entry["platform"], let os = p["os"]?.string, let arch = p["architecture"]?.string else { return nil }
      return ([os, arch] + (p["variant"]?.string.map { [$0] } ?? [])).joined(separator: "/")
    }
    // An entry without a platform (a layout's index.json pointing at an image index) is descended into.
    if manifests.count == 1 && name(manifests[0]) == nil { return manifests[0] }
    if let platform {
      if let match = manifests.first(where: { name($0) == platform || name($0).map { $0.hasPrefix(platform + "/") } == true }) { return match }
      throw Failure(what: "\(image) has no image for \(platform); its index has \(manifests.compactMap(name).joined(separator: ", "))")
    }
    if manifests.count == 1 { return manifests[0] }
    throw Failure(
      what: "\(image) is a multi-platform index (\(manifests.compactMap(name).joined(separator: ", "))): name one with --platform os/arch",
      platforms: manifests.compactMap(name))
  }

  // MARK: Reading

  /// The archive at `file`, positioned at the member named `wanted` (by normalized name), or nil.
  static func member(_ wanted: String, of file: String) throws(ArchiveError) -> ArchiveStream? {
    let stream = try ArchiveStream(path: file)
    while let entry = try stream.next() {
      if entry.kind == .file && normalized(entry.name) == wanted { return stream }
    }
    return nil
  }

  static func normalized(_ name: String) -> String {
    name.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
  }

  /// A regular file of this machine, up to `limit` bytes.
  static func readFile(_ path: String, limit: Int) -> [UInt8]? { HostFile.read(path, limit: limit) }
}
