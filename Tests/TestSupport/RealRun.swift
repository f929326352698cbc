import Foundation

/// Runs a program built for the test (never an inspected file of unknown origin) and returns its exit
/// status and everything it and the loader printed, standard output and standard error together:
/// the real loader's verdict, which the tests hold abidoctor's to.
public func runProgram(
  _ program: String, _ arguments: [String] = [], environment: [String: String]? = nil, in folder: String? = nil
) throws -> (status: Int32, output: String) {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: program)
  process.arguments = arguments
  if let environment { process.environment = environment }
  if let folder { process.currentDirectoryURL = URL(fileURLWithPath: folder) }
  let pipe = Pipe()
  process.standardOutput = pipe
  process.standardError = pipe
  try process.run()
  let data = pipe.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  // A signal (SIGBUS from a truncated library) shows as 128 + the signal, as a shell reports it.
  let status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
  return (status, String(decoding: data, as: UTF8.self))
}

/// Builds C sources with Debian's gcc (a dependency of the Swift toolchain itself, so on every test
/// machine): `cc(["-shared", "-o", out, src])`. Fails the test with the compiler's output.
public struct CompileError: Error, CustomStringConvertible {
  public var description: String
}

@discardableResult
public func cc(_ arguments: [String], in folder: String? = nil, compiler: String = "/usr/bin/gcc") throws -> String {
  let result = try runProgram(compiler, arguments, in: folder)
  guard result.status == 0 else { throw CompileError(description: "\(compiler) \(arguments.joined(separator: " ")): \(result.output)") }
  return result.output
}
