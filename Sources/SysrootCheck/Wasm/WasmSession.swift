import AbiScan

/// `abidoctor check PLUGIN.wasm --host RUNTIME|HOST.wasm`: WebAssembly files checked against a
/// runtime profile or a host module, in the same report as every other check.
public struct WasmSession: Sendable {
  /// The host, or nil when only a policy is checked.
  public let host: WasmHost?
  /// The sandbox policy and the file it came from.
  public let policy: (rules: WasmPolicy, file: String)?
  /// The function the host calls by name (`--call`), checked to be exported with the host's type.
  public let call: String?

  /// Why a host could not be used (exit 2).
  public struct Failure: Error, CustomStringConvertible {
    public var description: String
  }

  /// `host` is a runtime's name (`abidoctor profiles` lists them) or a `.wasm` host module, whose
  /// exports are offered under `hostModule`.
  /// `world` is a WIT file or package folder and the world in it (`--host-world`, `--world`); it takes
  /// the place of `host`.
  public init(
    host: String?, hostModule: String = "env", world: (path: String, name: String)? = nil, call: String? = nil, policy: Policy? = nil
  ) throws(Failure) {
    self.policy = policy?.wasm.map { ($0, policy?.path ?? "abidoctor.yml") }
    self.call = call
    if let world {
      do throws(WasmWorld.Failure) {
        self.host = try WasmWorld.host(path: world.path, world: world.name)
      } catch {
        throw Failure(description: "cannot use the WIT world: \(error)")
      }
      return
    }
    guard let host else {
      self.host = nil
      return
    }
    if let runtime = WasmHost.runtime(named: host) {
      self.host = runtime
      return
    }
    guard let bytes = HostFile.read(host, limit: WasmInput.maxSize), WasmReader.isWasm(bytes) else {
      let names = WasmHost.runtimes.map(\.name).joined(separator: ", ")
      throw Failure(description: "\(host) is neither a WebAssembly runtime abidoctor knows (\(names)) nor a .wasm host module")
    }
    do throws(WasmReadError) {
      self.host = WasmHost.module(try WasmReader(code: false).read(bytes: bytes, path: host), path: host, as: hostModule)
    } catch {
      throw Failure(description: "cannot read the host module: \(error)")
    }
  }

  /// Whether `host` names a WebAssembly host: a runtime abidoctor knows or a `.wasm` module.
  public static func isWasmHost(_ host: String) -> Bool {
    WasmHost.runtime(named: host) != nil || (HostFile.head(host, count: 8).map(WasmReader.isWasm) ?? false)
  }

  /// Whether every path names a WebAssembly file (by its magic): then `check --host` is this check.
  public static func allWasm(_ paths: [String]) -> Bool {
    !paths.isEmpty && paths.allSatisfy { path in HostFile.head(path, count: 8).map(WasmReader.isWasm) ?? false }
  }

  public func check(paths: [String], strict: Bool) -> Report {
    var input = InputReader(reader: ElfReader(parts: .profile), width: 2)
    // Function bodies are walked only when a verdict depends on what the code uses: a host that
    // supports some proposal only behind a flag (or not at all), or a policy that forbids some.
    let hostDecides = host?.features.contains { $0.value != .onByDefault && !$0.key.isStructural } ?? false
    let policyDecides = policy?.rules.forbidFeatures.contains { !$0.isStructural } ?? false
    input.wasm = WasmReader(code: hostDecides || policyDecides)
    let (read, readFindings) = input.read(paths: paths)
    // What a WebAssembly host loads: its modules, and what could not be read. An ELF file met in a
    // folder or an archive is no plugin of this host; listing it would say "ok" of something no
    // rule looked at.
    let files = read.filter { $0.wasm != nil || $0.wasmError != nil || $0.image == nil || $0.root == nil }
    var findings = readFindings
    // Named on the command line, but a native program or library: said, as not-elf is for check.
    for file in files where file.root == nil && file.image != nil {
      let host = self.host?.name ?? "the WebAssembly sandbox"
      findings.append(
        Finding(
          code: .notWasm, path: file.path, message: "\(file.path) is an ELF file, not a WebAssembly module: \(host) cannot load it",
          evidence: [("format", .string("elf"))],
          fixes: [Fix(kind: .config, text: "check it against a native target instead: abidoctor check \(file.path) --sysroot DIR, --target PROFILE or --host PROGRAM")]))
    }
    for file in files {
      guard let module = file.wasm else { continue }
      if let host { findings += WasmRules.findings(module, path: file.locationPath, reportPath: file.path, host: host, call: call) }
      if let policy { findings += policy.rules.findings(module, path: file.locationPath, reportPath: file.path, policy: policy.file) }
    }
    let target = host.map { Report.Target(kind: "host", name: $0.name, path: nil) } ?? Report.Target(kind: "policy", name: nil, path: policy?.file)
    return Report(command: "check", target: target, files: files, findings: findings, strict: strict)
  }
}
