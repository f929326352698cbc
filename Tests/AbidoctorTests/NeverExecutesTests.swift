import Foundation
import TestSupport
import Testing

/// Nothing abidoctor inspects is ever executed, loaded or dlopened: fixtures whose interpreter and whose
/// needed library's constructor leave a marker file when run are put through every command and format.
@Suite("Never executes")
struct NeverExecutesTests {
  static let trapFolder = "/tmp/abidoctor-trap"
  static let marker = trapFolder + "/marker"

  @Test func noCommandRunsTheInterpreterOrLoadsTheNeededLibraries() throws {
    let fm = FileManager.default
    try fm.createDirectory(atPath: Self.trapFolder, withIntermediateDirectories: true)
    let interpreter = Self.trapFolder + "/ld-trap"
    try? fm.removeItem(atPath: interpreter)
    try fm.copyItem(atPath: CLI.fixture("trap", "ld-trap"), toPath: interpreter)
    #expect(chmod(interpreter, 0o755) == 0)
    let exec = CLI.fixture("trap", "trap-exec")
    let library = CLI.fixture("trap", "libtrap.so")

    // The traps are armed: running the executable runs the trap interpreter...
    try? fm.removeItem(atPath: Self.marker)
    let armed = Process()
    armed.executableURL = URL(fileURLWithPath: exec)
    try armed.run()
    armed.waitUntilExit()
    #expect(fm.fileExists(atPath: Self.marker), "the trap interpreter must leave a marker when run")
    // ...and loading it with the real loader runs the library's constructor.
    try fm.removeItem(atPath: Self.marker)
    let loaded = Process()
    loaded.executableURL = URL(fileURLWithPath: "/lib64/ld-linux-x86-64.so.2")
    loaded.arguments = [exec]
    try loaded.run()
    loaded.waitUntilExit()
    #expect((try? String(contentsOfFile: Self.marker, encoding: .utf8))?.contains("constructor ran") == true)
    try fm.removeItem(atPath: Self.marker)

    // Every command and format abidoctor has, on the traps.
    let targets = [exec, library, interpreter, CLI.fixtures.appendingPathComponent("trap").path]
    for format in ["text", "json", "sarif"] {
      for extra in [[], ["--symbols"], ["--jobs", "1"]] {
        let result = try CLI.run(["inspect", "--format", format] + extra + targets)
        #expect(result.status == 0, "\(format) \(extra): \(result.stderr)")
      }
    }
    for command in [["check", "--sysroot", "/"], ["deps", "--sysroot", "/"], ["check", "--sysroot", "/usr/aarch64-linux-gnu"]] {
      for format in ["text", "json", "sarif"] {
        let result = try CLI.run(command + ["--format", format, "--library-path", CLI.fixtures.appendingPathComponent("trap").path] + targets)
        #expect([0, 1].contains(result.status), "\(command) \(format): \(result.stderr)")
      }
    }
    #expect(!fm.fileExists(atPath: Self.marker), "abidoctor executed or loaded an inspected file")
    let json = try CLI.json(try CLI.run(["inspect", "--format", "json", exec]).stdout)
    let file = try #require((json["files"] as? [[String: Any]])?.first)
    #expect(file["interpreter"] as? String == interpreter)
    #expect(file["needed"] as? [String] == ["libtrap.so", "libc.so.6"])
  }
}
