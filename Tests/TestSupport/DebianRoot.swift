import Foundation

/// Real Debian roots made by `mmdebstrap --variant=minbase` (Debian's package), built once per
/// machine and kept under /var/tmp, for tests that run a program under a real older glibc with chroot.
public enum DebianRoot {
  public struct Failure: Error, CustomStringConvertible {
    public var description: String
  }

  /// Debian 11 (glibc 2.31).
  public static let bullseye: Result<String, Failure> = make("bullseye")

  static func make(_ suite: String) -> Result<String, Failure> {
    let root = "/var/tmp/abidoctor-test-roots/\(suite)"
    if FileManager.default.fileExists(atPath: root + "/etc/os-release") { return .success(root) }
    let partial = root + ".partial"
    try? FileManager.default.removeItem(atPath: partial)
    try? FileManager.default.createDirectory(atPath: "/var/tmp/abidoctor-test-roots", withIntermediateDirectories: true)
    do {
      let result = try runProgram("/usr/bin/mmdebstrap", ["--quiet", "--variant=minbase", "--mode=root", suite, partial])
      guard result.status == 0 else { return .failure(Failure(description: "mmdebstrap \(suite): \(result.output)")) }
      try FileManager.default.moveItem(atPath: partial, toPath: root)
      return .success(root)
    } catch {
      return .failure(Failure(description: "mmdebstrap \(suite): \(error)"))
    }
  }

  /// A copy of `root` that a test may change (install packages into), removed with the scratch folder.
  public static func copy(_ root: String, to destination: String) throws {
    let result = try runProgram("/bin/cp", ["-a", root, destination])
    guard result.status == 0 else { throw Failure(description: "cp -a \(root): \(result.output)") }
  }
}
