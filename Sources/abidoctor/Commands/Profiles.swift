import LeanArgumentParser
import SysrootCheck

/// `abidoctor profiles [NAME]`: the built-in platform profiles, or one of them whole.
struct Profiles: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List the built-in platform profiles and WebAssembly runtimes, or show one whole.",
    discussion: """
      Profiles are compiled in: every manylinux tag from manylinux_2_5 to manylinux_2_41 and musllinux_1_1 \
      and 1_2 (from auditwheel's policy files), and Debian 10-13, Ubuntu 18.04-24.04, RHEL 7-10 and their \
      clones, Amazon Linux 2 and 2023, Alpine 3.12-3.22, each for its architectures. WebAssembly runtimes \
      (check PLUGIN.wasm --host NAME): wasmtime and Node.js measured on the engines, wazero, WasmEdge, \
      Envoy's proxy-wasm host and Extism read from their sources; --filter wasm lists only them.
      """)

  @Argument(help: "A profile name or alias (any case; Debian architecture names work too). Without it, all are listed.")
  var name: String?

  @Option(help: "Only profiles of this family (manylinux, musllinux, distribution, wasm) or architecture, or whose name starts with this.")
  var filter: String?

  @Option(help: "Output format: text or json.")
  var format: ReportFormat = .text

  @Option(help: "Write to this file instead of standard output.", completion: .file())
  var output: String?

  func validate() throws {
    if format == .sarif || format == .github { throw ValidationError("profiles prints text or json") }
  }

  func run() throws {
    let catalog = BuiltinProfiles.catalog
    if let name {
      if catalog.profile(named: name) == nil, let runtime = WasmHost.runtime(named: name) {
        try ReportWriter.write(format == .json ? ProfileRenderer.runtimeJSON(runtime).serialized() + "\n" : TextRenderer.runtimeDetail(runtime), to: output)
        return
      }
      guard let profile = catalog.profile(named: name) else {
        let hint = catalog.suggestions(for: name)
        StandardError.write("abidoctor: no built-in profile is called '\(name)'\(hint.isEmpty ? "" : "; did you mean \(hint.joined(separator: ", "))?")\n")
        throw ExitCode(ExitStatus.couldNotRun)
      }
      try ReportWriter.write(format == .json ? ProfileRenderer.json(profile).serialized() + "\n" : TextRenderer.profileDetail(profile), to: output)
      return
    }
    var profiles = catalog.profiles
    var runtimes = WasmHost.runtimes
    if let filter = filter?.lowercased() {
      profiles = profiles.filter {
        $0.family.rawValue == filter || $0.architecture.name == filter || $0.architecture.wheelName == filter
          || $0.name.lowercased().hasPrefix(filter) || $0.aliases.contains { $0.lowercased().hasPrefix(filter) }
      }
      runtimes = runtimes.filter { filter == "wasm" || $0.name.lowercased().hasPrefix(filter) }
    }
    if format == .json {
      try ReportWriter.write(JSONValue.array(profiles.map(ProfileRenderer.row) + runtimes.map(ProfileRenderer.runtimeRow)).serialized() + "\n", to: output)
      return
    }
    var text = profiles.isEmpty ? "" : TextRenderer.profileList(profiles)
    if !runtimes.isEmpty {
      text += (text.isEmpty ? "" : "\n") + TextRenderer.runtimeList(runtimes) + "\n\(runtimes.count) WebAssembly runtimes (check PLUGIN.wasm --host NAME)\n"
    }
    try ReportWriter.write(text, to: output)
  }
}
