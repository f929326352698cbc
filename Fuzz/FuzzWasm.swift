// libFuzzer target for the WebAssembly reader (WasmKit's parser through WasmReader): every section,
// the function bodies walked for proposals, and components with their embedded core modules.
// Built by `Fuzz/run.sh SECONDS wasm`.
import AbiScanWasm

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  guard let data, size > 0 else { return 0 }
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  var sink = 0
  if let module = try? WasmReader(code: true).read(bytes: bytes, path: "fuzz") {
    sink &+= module.imports.count &+ module.exports.count &+ module.features.count &+ module.abis.count
    sink &+= module.imports.reduce(0) { $0 &+ $1.qualifiedName.utf8.count &+ ($1.signature?.utf8.count ?? 0) }
  }
  return sink == -1 ? 1 : 0
}
