import AbiScan

/// The contract's FILE object: one input file, read or not.
public struct FileEntry: Sendable, Hashable {
  /// As FILE.path: given on the command line, or relative to the walked folder.
  public var path: String
  /// The folder that was walked to find it, or nil when named explicitly.
  public var root: String?
  /// What was read, when the file is ELF and its header could be read.
  public var image: ElfImage?
  /// Why the file could not be read at all (then `image` is nil).
  public var error: ElfReadError?
  /// Whether `root` is an archive (an image, a package) and `path` a member's path inside it.
  public var inArchive = false
  /// For a member of an image: the layer it came from.
  public var layer: String?

  /// For a WebAssembly file: what it is and needs (its ELF fields are null).
  public var wasm: WasmModule?
  /// For a file with the WebAssembly magic that does not parse.
  public var wasmError: WasmReadError?

  public init(path: String, root: String?, image: ElfImage?, error: ElfReadError?) {
    self.path = path
    self.root = root
    self.image = image
    self.error = error
  }

  /// The entry for an archive or wheel member, from what was read of it (nil when it is no program):
  /// its facts under its path in the archive, or its error naming the archive and the member.
  static func member(_ path: String, of archive: String, inArchive: Bool, content: ArchiveTree.Content) -> FileEntry? {
    var entry = FileEntry(path: path, root: archive, image: nil, error: nil)
    entry.inArchive = inArchive
    let location = entry.locationPath
    switch content {
    case .elf(.success(var image)):
      image.path = path
      entry.image = image
    case .elf(.failure(var error)):
      error.path = location
      entry.error = error
    case .wasm(.success(let module)): entry.wasm = module
    case .wasm(.failure(var error)):
      error.path = location
      entry.wasmError = error
    case .none, .bytes: return nil
    }
    return entry
  }

  /// The first thing that went wrong: the fatal error, or the image's first problem.
  public var firstError: ElfReadError? { error ?? image?.problems.first }

  /// Every read problem of this file.
  public var allErrors: [ElfReadError] {
    if let error { return [error] }
    return image?.problems ?? []
  }

  /// The path a person can open: the walked folder joined with the relative path.
  public var locationPath: String {
    guard let root else { return path }
    if inArchive { return root + ":" + path }
    return root.hasSuffix("/") ? root + path : root + "/" + path
  }

  /// The FILE object, with abidoctor's additions after the contract's fields; `symbols` adds `dynamicSymbols`.
  public func json(includeSymbols: Bool) -> JSONValue {
    let i = image
    let id = i?.identity
    var members: [(String, JSONValue)] = [
      ("path", .string(path)),
      ("class", id.map { .int($0.elfClass.bits) } ?? .null),
      ("endianness", id.map { .string($0.endianness.rawValue) } ?? .null),
      ("machine", id.map { .object([("code", .int(Int($0.machine.rawValue))), ("name", .string($0.machine.shortName))]) } ?? .null),
      ("osabi", id.map { .object([("code", .int(Int($0.osabi.rawValue))), ("name", .string($0.osabi.name))]) } ?? .null),
      ("type", id.map { .string($0.type.shortName) } ?? .null),
      ("flags", id.map { flags in
        .object([
          ("value", .string(flags.flags.hexValue)), ("decoded", .strings(flags.flags.decoded)),
          ("floatAbi", .optional(flags.flags.floatABI?.rawValue)),
          ("abiVariant", .optional(flags.flags.abiVariant)),
        ])
      } ?? .null),
      ("interpreter", .optional(i?.interpreter)),
      ("soname", .optional(i?.dynamic?.soname)),
      ("needed", i.map { .strings($0.dynamic?.needed ?? []) } ?? .null),
      ("rpath", i.map { .strings($0.dynamic?.rpath ?? []) } ?? .null),
      ("runpath", i.map { .strings($0.dynamic?.runpath ?? []) } ?? .null),
      ("libc", i.map { image in
        .object([
          ("family", .string(image.libc.family.rawValue)), ("minVersion", .optional(image.libc.minVersion)),
          ("providedVersion", .optional(image.libc.providedVersion)), ("reason", .string(image.libc.reason)),
        ])
      } ?? .null),
      ("versionNeeds", i?.versionNeeds.map { needs in
        .array(needs.map { need in
          .object([
            ("file", .string(need.file)),
            ("versions", .strings(need.versions.map(\.name))),
            ("entries", .array(need.versions.map { v in
              .object([
                ("name", .string(v.name)), ("hash", .string("0x" + String(v.hash, radix: 16))),
                ("flags", .int(Int(v.flags))), ("weak", .bool(v.isWeak)), ("index", .int(Int(v.index))),
              ])
            })),
          ])
        })
      } ?? .null),
      ("versionDefinitions", i?.versionDefinitions.map { _ in .strings(i?.definedVersionNames ?? []) } ?? .null),
      ("symbols", i?.symbolCounts.map { .object([("defined", .int($0.defined)), ("undefined", .int($0.undefined))]) } ?? .null),
      ("error", firstError.map { .object([("code", .string($0.code.rawValue)), ("message", .string($0.message))]) } ?? .null),
    ]
    // abidoctor's additions (documented in README): everything else the reader knows.
    members.append(("root", .optional(root)))
    members.append(("archive", inArchive ? .optional(root) : .null))
    members.append(("layer", .optional(layer)))
    members.append(("fileSize", i.map { .int(Int(clamping: $0.fileSize)) } ?? .null))
    members.append(("abiVersion", id.map { .int(Int($0.abiVersion)) } ?? .null))
    members.append(("versionDefinitionEntries", i?.versionDefinitions.map { defs in
      .array(defs.map { d in
        .object([
          ("index", .int(Int(d.index))), ("name", .string(d.name)), ("flags", .int(Int(d.flags))),
          ("base", .bool(d.isBase)), ("hash", .string("0x" + String(d.hash, radix: 16))),
          ("parents", .strings(d.parents)),
        ])
      })
    } ?? .null))
    members.append(("buildId", .optional(i?.notes.buildID)))
    members.append(("abiTag", i?.notes.abiTag.map { .object([("os", .string($0.osName)), ("kernel", .string($0.kernelVersion))]) } ?? .null))
    members.append(("x86IsaNeeded", i?.notes.x86ISANeeded.map { .strings($0.names) } ?? .null))
    members.append(("x86IsaLevel", .optional(i?.notes.x86ISANeeded?.highestName)))
    members.append(("gnuStack", i.map { .string($0.stack.rawValue) } ?? .null))
    members.append(("executableStack", i.map { .bool($0.stack.requiresExecutableStack) } ?? .null))
    members.append(("hasSectionHeaders", i.map { .bool($0.hasSectionHeaders) } ?? .null))
    members.append(("problems", .array(allErrors.map { e in
      .object([
        ("code", .string(e.code.rawValue)), ("message", .string(e.message)),
        ("offset", e.offset.map { .string("0x" + String($0, radix: 16)) } ?? .null),
      ])
    })))
    members.append(("go", i?.go.map { go in
      .object([
        ("version", .optional(go.version)), ("path", .optional(go.mainPath)),
        ("mainModule", go.mainModule.map { .object([("path", .string($0.path)), ("version", .string($0.version))]) } ?? .null),
        ("dependencies", .array(go.dependencies.map { d in
          .object([("path", .string(d.path)), ("version", .string(d.version)), ("sum", .optional(d.sum)), ("replacement", .optional(d.replacement))])
        })),
        ("settings", .object(go.settings.map { ($0.key, .string($0.value)) })),
        ("hasBuildInfo", .bool(go.hasBuildInfo)),
        ("packageHashes", .object(go.packageHashes.map { ($0.package, .string($0.hash)) })),
      ])
    } ?? .null))
    members.append(("cxx", i.flatMap { image -> JSONValue? in
      let stringABI = CxxStringABI.of(image)
      let needs = (image.versionNeeds ?? []).flatMap { $0.versions.map(\.name) }
      let glibcxx = LibcClassifier.highestNumbered(series: "GLIBCXX", in: needs)
      let cxxabi = LibcClassifier.highestNumbered(series: "CXXABI", in: needs)
      guard stringABI != nil || glibcxx != nil || cxxabi != nil else { return nil }
      return .object([
        ("stringAbi", .optional(stringABI.map { $0 == .cxx11 ? "cxx11" : "legacy" })),
        ("glibcxx", .optional(glibcxx.map { "GLIBCXX_\($0)" })), ("cxxabi", .optional(cxxabi.map { "CXXABI_\($0)" })),
        ("gcc", .optional(glibcxx.flatMap { GCCReleases.forGlibcxx($0) })),
      ])
    } ?? .null))
    if includeSymbols {
      members.append(("dynamicSymbols", i?.symbols.map { symbols in
        .array(symbols.map { s in
          .object([
            ("name", .string(s.name)), ("version", .optional(s.version?.name)),
            ("hidden", .bool(s.version?.isHidden ?? false)), ("versionFile", .optional(s.version?.file)),
            ("defined", .bool(s.isDefined)), ("binding", .string(s.binding.name)),
            ("type", .string(s.type.name)), ("visibility", .string(s.visibility.name)),
          ])
        })
      } ?? .null))
    }
    members.append(("wasm", wasm.map(WasmJSON.module) ?? .null))
    return .object(members)
  }
}
