import Foundation
import TestSupport
import SysrootCheck

/// Runs the built `abidoctor` product, as a user would, and captures what it prints.
enum CLI {
  /// The product sits next to the test bundle in `.build/<triple>/<configuration>`.
  static let binary: String = Bundle.main.bundleURL.appendingPathComponent("abidoctor").path

  static let fixtures = Fixtures.bin

  static func fixture(_ arch: String, _ name: String) -> String { Fixtures.path(arch, name) }

  struct Result {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  /// Runs abidoctor with `arguments`; `prefix` runs it through another program (e.g. setpriv).
  static func run(
    _ arguments: [String], prefix: [String] = [], in folder: String? = nil, environment: [String: String] = [:]
  ) throws -> Result {
    let process = Process()
    if let folder { process.currentDirectoryURL = URL(fileURLWithPath: folder) }
    if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
    if prefix.isEmpty {
      process.executableURL = URL(fileURLWithPath: binary)
      process.arguments = arguments
    } else {
      process.executableURL = URL(fileURLWithPath: prefix[0])
      process.arguments = Array(prefix.dropFirst()) + [binary] + arguments
    }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
      stderr: String(decoding: stderr, as: UTF8.self))
  }

  /// Parses JSON output with Foundation, an independent reader of what abidoctor wrote.
  static func json(_ text: String) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
    guard let dictionary = object as? [String: Any] else { throw CocoaError(.coderReadCorrupt) }
    return dictionary
  }
}
