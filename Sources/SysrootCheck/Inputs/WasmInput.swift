import AbiScan

/// A WebAssembly file (core module or component) named as a PATH or met in a folder: recognised by its
/// `\0asm` magic, read whole into memory (within a limit) and parsed by WasmKit.
enum WasmInput {
  /// WebAssembly files read at most: past any real module (CPython for WASI is about 30 MB).
  static let maxSize = 1 << 30

  /// The entry for `input` when it starts with the WebAssembly magic; nil otherwise. `leadingBytes`:
  /// the first bytes when the ELF reader has read them already (the file is not opened to look again).
  static func read(_ input: InputFile, leadingBytes: FileHead? = nil, reader: WasmReader) -> FileEntry? {
    if let leadingBytes {
      guard WasmReader.isWasm(leadingBytes) else { return nil }
    } else {
      guard let head = HostFile.head(input.openPath, count: 8), WasmReader.isWasm(head) else { return nil }
    }
    var entry = FileEntry(path: input.displayPath, root: input.root, image: nil, error: nil)
    guard let bytes = HostFile.read(input.openPath, limit: maxSize) else {
      entry.wasmError = WasmReadError(path: input.displayPath, offset: nil, what: "unreadable, or larger than \(maxSize) bytes")
      return entry
    }
    do throws(WasmReadError) {
      entry.wasm = try reader.read(bytes: bytes, path: input.displayPath)
    } catch {
      entry.wasmError = error
    }
    return entry
  }
}

extension Finding {
  /// A file with the WebAssembly magic that WasmKit cannot parse.
  static func wasmReadError(_ error: WasmReadError) -> Finding {
    Finding(
      code: .wasmMalformed, path: error.path, message: error.description,
      evidence: [("what", .string(error.what)), ("offset", error.offset.map { .string("0x" + String($0, radix: 16)) } ?? .null)],
      fixes: [Fix(kind: .rebuild, text: "rebuild the module; `wasm-tools validate --features all '\(error.path)'` shows where it is damaged")])
  }
}
