import Foundation

/// Where the committed fixtures live, found from this file's path (no bundle resources needed).
public enum Fixtures {
  /// `Fixtures/`.
  public static let root: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

  /// `Fixtures/bin`, the built binaries.
  public static let bin = root.appendingPathComponent("bin")

  /// `Fixtures/sysroots/NAME`.
  public static func sysroot(_ name: String) -> String { root.appendingPathComponent("sysroots/\(name)").path }

  /// `Fixtures/bin/<arch>/<name>`.
  public static func path(_ arch: String, _ name: String) -> String {
    bin.appendingPathComponent(arch).appendingPathComponent(name).path
  }

  /// The bytes of `Fixtures/bin/<arch>/<name>`.
  public static func bytes(_ arch: String, _ name: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: URL(fileURLWithPath: path(arch, name))))
  }

  /// Every committed fixture binary, sorted.
  public static var all: [String] {
    let enumerator = FileManager.default.enumerator(atPath: bin.path)
    var out: [String] = []
    while let next = enumerator?.nextObject() as? String {
      var isDir: ObjCBool = false
      let full = bin.appendingPathComponent(next).path
      if FileManager.default.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue {
        out.append(full)
      }
    }
    return out.sorted()
  }
}

/// Runs a trusted program and returns its exit status and standard output (standard error is discarded).
public func run(_ program: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: program)
  process.arguments = arguments
  let pipe = Pipe()
  process.standardOutput = pipe
  process.standardError = FileHandle.nullDevice
  try process.run()
  let data = pipe.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}
