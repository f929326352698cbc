import WasmParser
import WasmTypes

/// Why a WebAssembly file could not be read: the file, the byte offset and WasmKit's words.
public struct WasmReadError: Error, Sendable, Hashable, CustomStringConvertible {
  public var path: String
  public var offset: Int?
  public var what: String
  public init(path: String, offset: Int?, what: String) {
    self.path = path
    self.offset = offset
    self.what = what
  }

  public var description: String {
    // WasmKit's words may name the offset already.
    let at = what.containsBytes("at offset") ? "" : offset.map { " at offset 0x\(String($0, radix: 16))" } ?? ""
    return "\(path)\(at): \(what)"
  }
}

/// Reads `.wasm` files (core modules and components) with WasmKit's `WasmParser` into `WasmModule`
/// values. Sections are read in one pass; function bodies are walked only when `code` is asked for
/// (the proposals a module's instructions use), so an inspect of a 30 MB module reads its imports,
/// exports and custom sections without decoding its code.
public struct WasmReader: Sendable {
  /// Walk function bodies to find the proposals their instructions use.
  public var code: Bool
  /// Bounds against hostile files: imports, exports and nested components.
  public static let maxImports = 100_000
  public static let maxNesting = 8

  public init(code: Bool = true) { self.code = code }

  /// The WebAssembly magic and the two versions abidoctor reads.
  public static func isWasm(_ head: [UInt8]) -> Bool { isWasm(FileHead(head.prefix(4))) }

  /// Whether `head` starts with the WebAssembly magic, `\0asm`.
  public static func isWasm(_ head: FileHead) -> Bool {
    head.count >= 4 && head[0] == 0 && head[1] == 0x61 && head[2] == 0x73 && head[3] == 0x6d
  }

  public func read(bytes: [UInt8], path: String) throws(WasmReadError) -> WasmModule {
    guard Self.isWasm(bytes) else { throw WasmReadError(path: path, offset: 0, what: "not a WebAssembly file (no \\0asm magic)") }
    guard bytes.count >= 8 else { throw WasmReadError(path: path, offset: bytes.count, what: "the header is cut short: \(bytes.count) of its 8 bytes") }
    switch (bytes[4], bytes[5], bytes[6], bytes[7]) {
    case (1, 0, 0, 0): return try core(bytes[...], path: path)
    case (0x0d, 0, 1, 0): return try component(bytes[...], path: path, depth: 0)
    default:
      throw WasmReadError(path: path, offset: 4, what: "unknown binary version \(bytes[4...7].map { String($0, radix: 16) }.joined(separator: " ")) (core modules are 1, components 0xd layer 1)")
    }
  }

  // MARK: Core modules

  func core(_ bytes: ArraySlice<UInt8>, path: String) throws(WasmReadError) -> WasmModule {
    var module = WasmModule(kind: .module, version: 1, size: bytes.count)
    var parser = Parser(bytes: bytes, features: .all)
    var types: [FunctionType?] = []
    var functionTypes: [FunctionType?] = []  // the function index space: imports first
    var codes: [Code] = []
    func fail(_ error: WasmParserError) -> WasmReadError {
      WasmReadError(path: path, offset: parser.offset, what: String(describing: error))
    }
    func signature(_ index: UInt32) -> String? {
      guard Int(index) < types.count, let type = types[Int(index)] else { return nil }
      return WasmTypeText.signature(type)
    }
    func note(_ type: ValueType) {
      switch type {
      case .v128: module.features.insert(.simd)
      case .ref: module.features.insert(.referenceTypes)
      default: break
      }
    }
    do {
      while let payload = try parser.parseNext() {
        switch payload {
        case .header: break
        case .customSection(let section):
          module.customSections.append(section.name)
          if section.name == "producers" { module.producers = WasmCustomSections.producers(Array(section.bytes)) }
          if section.name == "target_features" { module.targetFeatures = WasmCustomSections.targetFeatures(Array(section.bytes)) }
        case .typeSection(let groups):
          for group in groups {
            if group.types.count > 1 { module.features.insert(.gc) }
            for sub in group.types {
              if !sub.isFinal || !sub.supertypes.isEmpty { module.features.insert(.gc) }
              switch sub.body {
              case .function(let type):
                types.append(type)
                if type.results.count > 1 { module.features.insert(.multiValue) }
                (type.parameters + type.results).forEach(note)
              case .structType, .arrayType:
                types.append(nil)
                module.features.insert(.gc)
              }
            }
          }
        case .importSection(let imports):
          guard imports.count <= Self.maxImports else {
            throw WasmReadError(path: path, offset: parser.offset, what: "\(imports.count) imports: over the limit of \(Self.maxImports)")
          }
          for item in imports {
            switch item.descriptor {
            case .function(let index):
              module.imports.append(.init(module: item.module, name: item.name, kind: .function, signature: signature(index)))
              functionTypes.append(Int(index) < types.count ? types[Int(index)] : nil)
            case .table:
              module.imports.append(.init(module: item.module, name: item.name, kind: .table))
              module.tables += 1
            case .memory(let limits):
              module.imports.append(.init(module: item.module, name: item.name, kind: .memory, signature: WasmTypeText.limits(limits)))
              module.memories.append(.init(minimum: limits.min, maximum: limits.max, shared: limits.shared, is64: limits.isMemory64, imported: true))
            case .global(let global):
              module.imports.append(.init(module: item.module, name: item.name, kind: .global, signature: WasmTypeText.global(global)))
              if global.mutability == .variable { module.features.insert(.mutableGlobal) }
              module.globals += 1
            case .tag:
              module.imports.append(.init(module: item.module, name: item.name, kind: .tag))
              module.features.insert(.exceptions)
            }
          }
        case .functionSection(let indices):
          module.functions = indices.count
          for index in indices { functionTypes.append(Int(index) < types.count ? types[Int(index)] : nil) }
        case .tableSection(let tables): module.tables += tables.count
        case .memorySection(let memories):
          for memory in memories {
            let limits = memory.type
            module.memories.append(.init(minimum: limits.min, maximum: limits.max, shared: limits.shared, is64: limits.isMemory64, imported: false))
          }
        case .globalSection(let globals):
          module.globals += globals.count
          for global in globals where global.initializer.count > 2 { module.features.insert(.extendedConst) }
        case .tagSection: module.features.insert(.exceptions)
        case .exportSection(let exports):
          for export in exports {
            switch export.descriptor {
            case .function(let index):
              let type = Int(index) < functionTypes.count ? functionTypes[Int(index)] : nil
              module.exports.append(.init(name: export.name, kind: .function, signature: type.map(WasmTypeText.signature)))
            case .table: module.exports.append(.init(name: export.name, kind: .table))
            case .memory: module.exports.append(.init(name: export.name, kind: .memory))
            case .global: module.exports.append(.init(name: export.name, kind: .global))
            case .tag: module.exports.append(.init(name: export.name, kind: .tag))
            }
          }
        case .startSection(let index): module.startFunction = index
        case .elementSection(let segments):
          for segment in segments {
            if case .active(let table, _) = segment.mode, table != 0 { module.features.insert(.referenceTypes) }
            if case .passive = segment.mode { module.features.insert(.bulkMemory) }
            if case .declarative = segment.mode { module.features.insert(.referenceTypes) }
          }
        case .codeSection(let bodies): codes = bodies
        case .dataSection(let segments):
          for segment in segments { if case .passive = segment { module.features.insert(.bulkMemory) } }
        case .dataCount: module.features.insert(.bulkMemory)
        }
      }
    } catch let error as WasmReadError {
      throw error
    } catch let error as WasmParserError {
      throw fail(error)
    } catch {
      throw WasmReadError(path: path, offset: parser.offset, what: String(describing: error))
    }
    if module.memories.count > 1 { module.features.insert(.multiMemory) }
    if module.memories.contains(where: \.shared) { module.features.insert(.threads) }
    if module.memories.contains(where: \.is64) { module.features.insert(.memory64) }
    if module.tables > 1 { module.features.insert(.referenceTypes) }
    if code {
      var visitor = FeatureVisitor()
      for body in codes {
        body.locals.forEach(note)
        var expression = ExpressionParser(code: body)
        do throws(WasmParserError) {
          while let visit = try expression.parse() { try? visit(visitor: &visitor) }
        } catch {
          throw WasmReadError(path: path, offset: expression.offset, what: String(describing: error))
        }
      }
      module.features.formUnion(visitor.found)
      module.codeRead = true
    }
    return module
  }

  // MARK: Components

  func component(_ bytes: ArraySlice<UInt8>, path: String, depth: Int) throws(WasmReadError) -> WasmModule {
    guard depth <= Self.maxNesting else { throw WasmReadError(path: path, offset: nil, what: "components nested deeper than \(Self.maxNesting)") }
    var module = WasmModule(kind: .component, version: 0x0d, size: bytes.count)
    var parser = ComponentParser(bytes: Array(bytes), features: .all)
    do {
      while let payload = try parser.parseNext() {
        switch payload {
        case .customSection(let section):
          module.customSections.append(section.name)
          if section.name == "producers" { module.producers = WasmCustomSections.producers(Array(section.bytes)) }
        case .coreModule(let inner):
          module.coreModules.append(try core(inner, path: path))
        case .component(let inner):
          let nested = try component(inner, path: path, depth: depth + 1)
          module.coreModules += nested.coreModules
        case .importSection(let imports):
          for item in imports { module.imports.append(.init(module: "", name: item.name, kind: WasmTypeText.kind(item.externDesc))) }
        case .exportSection(let exports):
          for item in exports { module.exports.append(.init(name: item.name, kind: WasmTypeText.kind(item.sort))) }
        default: break
        }
      }
    } catch let error as WasmReadError {
      throw error
    } catch {
      throw WasmReadError(path: path, offset: parser.offset, what: String(describing: error))
    }
    for inner in module.coreModules { module.features.formUnion(inner.features) }
    return module
  }
}
