import Foundation
import SysrootCheck
import TestSupport
import Testing

/// `--format jsonl`: one JSON object per line, each PATH's lines written when that PATH is done, so
/// shards of a run over many images or packages merge by concatenation.
@Suite("JSON Lines output")
struct JSONLinesTests {
  func lines(_ text: String) throws -> [[String: Any]] {
    try text.split(separator: "\n").map { try CLI.json(String($0)) }
  }

  @Test func eachFileIsOneLineAndEachPathEndsWithItsSummary() throws {
    let scratch = try Scratch()
    // Two archives as two PATHs: a tarball of two libraries, and one of an ELF file that is cut short.
    let libraries = scratch.path("libs.tar")
    #expect(try runProgram("/bin/tar", ["-cf", libraries, "-C", CLI.fixtures.appendingPathComponent("x86_64").path, "libplain.so.1", "libvers.so.1"]).status == 0)
    var cut = try Fixtures.bytes("x86_64", "libplain.so.1")
    cut.removeLast(cut.count - 100)
    try scratch.write("cut/libcut.so", cut)
    let broken = scratch.path("broken.tar")
    #expect(try runProgram("/bin/tar", ["-cf", broken, "-C", scratch.path("cut"), "libcut.so"]).status == 0)

    let whole = try CLI.run(["scan", "--format", "json", libraries, broken])
    let streamed = try CLI.run(["scan", "--format", "jsonl", libraries, broken])
    #expect(streamed.status == whole.status, "the exit status of the whole run")
    let objects = try lines(streamed.stdout)
    #expect(objects.map { $0["kind"] as? String } == ["file", "file", "summary", "file", "summary"], "\(streamed.stdout)")
    #expect(objects.allSatisfy { ($0["command"] as? String) == "scan" && $0["target"] != nil }, "every line stands alone")
    let files = objects.compactMap { $0["file"] as? [String: Any] }
    let report = try CLI.json(whole.stdout)
    let wholeFiles = try #require(report["files"] as? [[String: Any]])
    #expect(files.compactMap { $0["path"] as? String }.sorted() == wholeFiles.compactMap { $0["path"] as? String }.sorted())
    #expect(files.allSatisfy { $0["archive"] as? String != nil }, "members name their archive")
    let summaries = objects.filter { $0["kind"] as? String == "summary" }
    #expect(summaries.map { ($0["paths"] as? [String]) ?? [] } == [[libraries], [broken]])
    #expect((summaries[1]["summary"] as? [String: Any])?["errors"] as? Int ?? 0 >= 1, "the cut file is an error in its own PATH's summary")
    let cutLine = try #require(objects.first { (($0["file"] as? [String: Any])?["path"] as? String) == "/libcut.so" })
    #expect(!((cutLine["findings"] as? [Any]) ?? []).isEmpty, "the finding travels with its file")
  }

  @Test func outputFileGetsEveryPathsLines() throws {
    let scratch = try Scratch()
    let out = scratch.path("out.jsonl")
    try scratch.write("out.jsonl", Array("stale\n".utf8))
    let result = try CLI.run([
      "inspect", "--format", "jsonl", "--output", out, CLI.fixture("x86_64", "libplain.so.1"), CLI.fixture("aarch64", "libvers.so.1"),
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let objects = try lines(String(decoding: try Data(contentsOf: URL(fileURLWithPath: out)), as: UTF8.self))
    #expect(objects.map { $0["kind"] as? String } == ["file", "summary", "file", "summary"], "the first PATH truncates, the rest append")
  }
}
