import Foundation

/// Where the committed fixtures live, found from this file's path (no bundle resources needed).
enum Fixtures {
  static let root: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

  static let bin = root.appendingPathComponent("bin")

  /// `Fixtures/bin/<arch>/<name>`.
  static func path(_ arch: String, _ name: String) -> String {
    bin.appendingPathComponent(arch).appendingPathComponent(name).path
  }

  /// Every committed fixture binary, sorted.
  static var all: [String] {
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

/// Runs a program and returns its standard output (standard error is discarded).
func run(_ program: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
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
