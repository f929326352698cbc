import LeanArgumentParser
import SysrootCheck

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// The root command: it only lists the subcommands and maps failures to the contract's exit status.
@main
struct Abidoctor: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "abidoctor",
    abstract: "Tells, before you ship, why a binary or plugin will not load where it is meant to, and how to fix it.",
    discussion: """
      abidoctor reads ELF files with libelf and never runs them. Exit status: 0 no finding reached \
      the failing severity, 1 at least one did, 2 the check could not run.
      """,
    version: Report.toolVersion,
    subcommands: [Inspect.self, Check.self, Deps.self, Scan.self, Profiles.self])

  /// argument-parser exits 64 (EX_USAGE) on bad arguments; the contract says 2.
  static func main() {
    let arguments = Array(CommandLine.arguments.dropFirst())
    if getenv(FastPath.disablingVariable) == nil, let command = FastPath.parse(arguments) {
      do {
        try FastPath.run(command)
        Glibc.exit(0)
      } catch {
        exit(withError: error)
      }
    }
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      if exitCode(for: error) == .validationFailure {
        StandardError.write(fullMessage(for: error) + "\n")
        Glibc.exit(ExitStatus.couldNotRun)
      }
      exit(withError: error)
    }
  }
}
