// libFuzzer target for the ELF reader: every query AbiScan offers, on in-memory input.
// Built by Fuzz/run.sh with `swiftc -sanitize=fuzzer,address` together with AbiScan's sources
// (libFuzzer supplies main, so this file has none).

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  guard let data, size > 0 else { return 0 }
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  for parts in [ReadParts.all, .profile, [.programHeaders, .dynamic]] as [ReadParts] {
    guard let image = try? ElfReader(parts: parts).read(bytes: bytes, displayPath: "fuzz-input") else {
      continue
    }
    var sink = 0
    sink &+= image.identity.summary.count &+ image.identity.flags.decoded.count
    sink &+= image.identity.machine.shortName.count &+ image.identity.osabi.name.count
    sink &+= image.identity.type.shortName.count &+ image.identity.flags.hexValue.count
    sink &+= image.definedVersionNames.count &+ (image.isStatic ? 1 : 0)
    sink &+= image.libc.family.rawValue.count &+ (image.libc.minVersion?.count ?? 0)
    for need in image.versionNeeds ?? [] {
      for version in need.versions {
        let node = VersionNodeName(version.name)
        sink &+= node.series.count &+ (node.number?.components.count ?? 0) &+ (version.isWeak ? 1 : 0)
      }
    }
    for symbol in image.symbols ?? [] {
      sink &+= symbol.versionedName.count &+ symbol.binding.name.count &+ symbol.type.name.count
      sink &+= symbol.visibility.name.count &+ (symbol.isVersionNodeMarker ? 1 : 0)
    }
    sink &+= image.notes.x86ISANeeded?.names.count ?? 0
    sink &+= image.notes.abiTag?.kernelVersion.count ?? 0
    sink &+= image.problems.map(\.description.count).reduce(0, &+)
    sink &+= image.dynamic.map { $0.needed.count &+ $0.rpath.count &+ $0.runpath.count } ?? 0
    if sink == Int.min { print(sink) }  // keeps the work observable to the optimizer
  }
  return 0
}
