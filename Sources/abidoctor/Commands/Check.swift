import AbiScan
import LeanArgumentParser
import SysrootCheck

/// `abidoctor check PATH... --sysroot DIR`: will these binaries load and run on that system?
struct Check: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Check whether binaries and libraries will load and run on a target system, and say how to fix what will not.",
    discussion: """
      With --sysroot, the target is a root file system on disk (a sysroot, an extracted container image, \
      /usr/<triple>); / checks against this machine. A PATH that is a folder is a deployment bundle: its own \
      libraries count where RPATH, RUNPATH or --library-path point at them. Nothing is ever run.
      """)

  @Argument(help: "ELF files or folders to check.", completion: .file())
  var paths: [String]

  @OptionGroup var target: SysrootOptions

  @Option(
    name: .customLong("target"),
    help: ArgumentHelp(
      "A built-in platform profile to check against (repeatable), e.g. ubuntu-20.04-x86_64, manylinux_2_17_x86_64, alpine-3.20-aarch64; 'auto' names the most compatible ones the files satisfy.",
      valueName: "profile"))
  var targets: [String] = []

  @Option(
    help: "A program that loads the PATHs as plugins (dlopen): check them against its process. --sysroot (default /) holds its libraries. For .wasm PATHs: a WebAssembly runtime (abidoctor profiles lists them) or a host module whose exports the plugins may import.",
    completion: .file())
  var host: String?

  @Option(
    name: .customLong("host-world"),
    help: ArgumentHelp("A WIT file or package folder (with deps/) whose world --world the .wasm components must target.", valueName: "wit"),
    completion: .file())
  var hostWorld: String?

  @Option(help: ArgumentHelp("The world of --host-world the components must target.", valueName: "name"))
  var world: String?

  @Option(help: ArgumentHelp("The function the WebAssembly host calls by name (e.g. an Extism plugin's): it must be exported, with the host's type.", valueName: "function"))
  var call: String?

  @Option(
    help: "A policy file (targets, severities, suppressions, failOn). Default: ./abidoctor.yml when it exists.",
    completion: .file(extensions: ["yml", "yaml"]))
  var policy: String?

  @Flag(help: "Pass over files named on the command line that are not ELF (or wheels), as inside folders. For hooks that hand over every staged file.")
  var ignoreNonElf = false

  @OptionGroup var report: ReportOptions

  func validate() throws {
    if paths.isEmpty { throw ValidationError("give at least one file or folder to check") }
    if !targets.isEmpty && (target.sysroot != nil || host != nil) {
      throw ValidationError("--target checks against a built-in profile: give it without --sysroot and --host (run twice to check both)")
    }
    if targets.contains(where: { $0.lowercased() == "auto" }) && targets.count > 1 {
      throw ValidationError("--target auto finds the profiles itself: give it alone")
    }
    if (hostWorld == nil) != (world == nil) {
      throw ValidationError("--host-world and --world go together: the WIT file and the world in it")
    }
    if hostWorld != nil && (host != nil || !targets.isEmpty || target.sysroot != nil) {
      throw ValidationError("--host-world is the host: give it without --host, --target and --sysroot")
    }
  }

  func run() throws {
    try Self.execute(
      CheckRequest(
        paths: paths, target: target.settings, targets: targets, host: host, policy: policy,
        ignoreNonElf: ignoreNonElf, report: report.settings, hostWorld: hostWorld.flatMap { path in world.map { (path, $0) } }.map(WorldChoice.init),
        call: call))
  }

  /// The command itself, however its arguments were parsed.
  static func execute(_ request: CheckRequest) throws {
    try request.report.perPath(request.paths) { paths, report in
      var one = request
      one.paths = paths
      one.report = report
      try executeOne(one)
    }
  }

  static func executeOne(_ request: CheckRequest) throws {
    let paths = request.paths, target = request.target, targets = request.targets, host = request.host
    let ignoreNonElf = request.ignoreNonElf, report = request.report
    let policy = try PolicyLoader.load(explicit: request.policy)
    // The command line's target wins; the policy's targets are used when it names none.
    var profiles = targets
    var sysroots = target.sysroot.map { [$0] } ?? []
    if profiles.isEmpty && sysroots.isEmpty && host == nil, let policy {
      for entry in policy.targets {
        switch entry {
        case .profile(let name): profiles.append(name)
        case .sysroot(let path): sysroots.append(path)
        }
      }
    }
    // An image or package named alone, with no target: each is checked against itself (will the
    // binaries it ships load in it?).
    var selfChecks: [String] = []
    if profiles.isEmpty && sysroots.isEmpty && host == nil && !paths.isEmpty && paths.allSatisfy(ArchiveInput.isImage) {
      selfChecks = paths
    }
    let wasmGate = (policy?.wasm != nil && WasmSession.allWasm(paths)) || request.hostWorld != nil
    if profiles.isEmpty && sysroots.isEmpty && host == nil && selfChecks.isEmpty && !wasmGate {
      StandardError.write(
        "abidoctor: say what to check against: --target PROFILE (abidoctor profiles lists them), --sysroot DIR (use --sysroot / for this machine), --host PROGRAM, or targets in abidoctor.yml\n")
      throw ExitCode(ExitStatus.couldNotRun)
    }
    if profiles.contains(where: { $0.lowercased() == "auto" }) && (profiles.count > 1 || !sysroots.isEmpty) {
      StandardError.write("abidoctor: the target auto finds the profiles itself: give it alone\n")
      throw ExitCode(ExitStatus.couldNotRun)
    }

    var parts: [Report] = []
    // The sessions (each with every image it read) and the reports are freed by the exit, not object
    // by object (see ProcessLifetime).
    var sessions: [Any] = []
    defer { report.leaveToExit((sessions, parts)) }
    var extra: [(String, JSONValue)] = []
    var verdicts: [TargetVerdict] = []
    var auto: AutoTarget?
    // WebAssembly plugins (files, or members of folders, archives and packages): against a runtime
    // profile, a host module or a WIT world, and the policy's sandbox rules.
    let wasmHost = request.hostWorld != nil || host.map(WasmSession.isWasmHost) ?? false
    if (wasmHost || (host == nil && policy?.wasm != nil && WasmSession.allWasm(paths))) && profiles.isEmpty && sysroots.isEmpty {
      do {
        let world = request.hostWorld.map { (path: $0.path, name: $0.name) }
        let session = try WasmSession(host: request.hostWorld == nil ? host : nil, world: world, call: request.call, policy: policy)
        sessions.append(session)
        parts.append(session.check(paths: paths, strict: report.strict))
      } catch {
        StandardError.write("abidoctor: \(error)\n")
        throw ExitCode(ExitStatus.couldNotRun)
      }
    } else if let host {
      let session: HostSession
      do {
        session = try HostSession(
          hostPath: host, sysrootPath: target.sysroot, libraryPath: target.libraryFolders,
          hwcaps: SysrootSession.hwcapsSubfolders(target.hwcaps), platform: target.platform,
          width: report.jobs ?? availableProcessorCount)
      } catch {
        StandardError.write("abidoctor: \(error)\n")
        throw ExitCode(ExitStatus.couldNotRun)
      }
      sessions.append(session)
      parts.append(session.check(paths: paths, strict: report.strict))
    } else if !selfChecks.isEmpty {
      for image in selfChecks {
        var options = target
        options.sysroot = image
        let session = try SessionFactory.open(options, parts: .all, jobs: report.jobs)
        sessions.append(session)
        parts.append(session.check(paths: [image], strict: report.strict))
      }
    } else {
      for sysroot in sysroots {
        var options = target
        options.sysroot = sysroot
        let session = try SessionFactory.open(options, parts: .all, jobs: report.jobs, paths: paths)
        sessions.append(session)
        parts.append(session.check(paths: paths, strict: report.strict))
      }
      if !profiles.isEmpty {
        let session = ProfileSession(input: InputReader(reader: ElfReader(parts: .all), width: report.jobs ?? availableProcessorCount))
        sessions.append(session)
        if profiles.count == 1 && profiles[0].lowercased() == "auto" {
          let (result, found) = session.auto(paths: paths, strict: report.strict)
          parts.append(result)
          auto = found
          extra.append(("auto", ProfileRenderer.autoJSON(found)))
        } else {
          let checked: (report: Report, perTarget: [TargetVerdict])
          do {
            checked = try session.check(paths: paths, named: profiles, strict: report.strict)
          } catch {
            StandardError.write("abidoctor: \(error)\n")
            throw ExitCode(ExitStatus.couldNotRun)
          }
          let (result, found) = checked
          parts.append(result)
          verdicts = found
        }
      }
    }

    var result = Report.merging(parts)
    if ignoreNonElf { result = result.passingOverNonElf() }
    if let policy {
      result = policy.apply(to: result)
      extra.append(("policy", .string(policy.path)))
    }
    if !verdicts.isEmpty {
      verdicts = TargetVerdict.recount(verdicts, in: result)
      extra.append(("targets", .array(verdicts.map(ProfileRenderer.verdictJSON))))
    }
    let final = result
    try report.emit(
      final, json: { final.json(extra: extra) },
      text: {
        if let auto { return TextRenderer.auto(final, auto, verbose: report.verbose) }
        return verdicts.isEmpty
          ? TextRenderer.check(final, verbose: report.verbose) : TextRenderer.check(final, verdicts: verdicts, verbose: report.verbose)
      })
  }
}

/// Everything `check` needs, once the command line is parsed (by ArgumentParser or by `FastPath`).
struct CheckRequest: Equatable {
  var paths: [String]
  var target = SysrootSettings()
  var targets: [String] = []
  var host: String?
  var policy: String?
  var ignoreNonElf = false
  var report = ReportSettings()
  /// `--host-world` and `--world`.
  var hostWorld: WorldChoice?
  /// `--call`.
  var call: String?
}

/// A WIT file or folder and the world in it.
struct WorldChoice: Equatable {
  var path: String
  var name: String
}
