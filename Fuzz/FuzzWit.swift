// libFuzzer target for the WIT parser `check --host-world` reads (WasmKit's, vendored as LeanWIT):
// any bytes as a .wit file, then every world's items walked as WasmWorld walks them.
// Built by `Fuzz/run.sh SECONDS wit`.
import LeanWIT

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  guard let data, size > 0 else { return 0 }
  let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
  var sink = 0
  if let file = try? SourceFileSyntax.parse(text, fileName: "fuzz.wit") {
    sink &+= file.packageId?.description.utf8.count ?? 0
    for case .world(let world) in file.items {
      sink &+= world.items.count &+ world.name.text.utf8.count
    }
  }
  return sink == -1 ? 1 : 0
}
