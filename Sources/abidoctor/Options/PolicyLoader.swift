import LeanArgumentParser
import SysrootCheck


/// Finds and reads the policy: `--policy FILE`, else `abidoctor.yml` in the current folder.
/// A policy that cannot be read or has a mistake stops the run with exit status 2.
enum PolicyLoader {
  static let defaultName = "abidoctor.yml"

  static func load(explicit: String?) throws -> Policy? {
    let path = explicit ?? defaultName
    let text: String
    do {
      guard let read = try TextFile.read(path) else {
        if explicit == nil { return nil }
        StandardError.write("abidoctor: \(path): no such policy file\n")
        throw ExitCode(ExitStatus.couldNotRun)
      }
      text = read
    }
    do {
      return try PolicyParser.parse(text, path: path)
    } catch {
      StandardError.write("abidoctor: \(error)\n")
      throw ExitCode(ExitStatus.couldNotRun)
    }
  }
}
