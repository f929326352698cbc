import AbiScan
import Foundation
import TestSupport
import SysrootCheck
import Testing

/// Bad input gets a FILE entry with `error` set and a finding naming the file, and the run goes on.
@Suite("Bad input")
struct BadInputTests {
  let input = InputReader(reader: ElfReader(parts: .all), width: 2)

  func entry(_ files: [FileEntry], _ path: String) -> FileEntry? { files.first { $0.path == path } }

  @Test func truncatedInsideTheHeaderIsMalformed() throws {
    let scratch = try Scratch()
    let path = try scratch.write("short.so", Array(try Fixtures.bytes("x86_64", "hello").prefix(40)))
    let (files, findings) = input.read(paths: [path])
    #expect(files.count == 1)
    #expect(files[0].error?.code == .malformed)
    #expect(files[0].error?.message.contains("truncated inside the ELF header") == true)
    #expect(findings.map(\.code) == [.malformedElf])
    #expect(findings[0].path == path)
    #expect(files[0].json(includeSymbols: false)["class"] == .null)
  }

  @Test func truncatedBodyKeepsWhatCouldBeRead() throws {
    let scratch = try Scratch()
    let whole = try Fixtures.bytes("x86_64", "hello")
    let path = try scratch.write("cut", Array(whole.prefix(whole.count / 2)))
    let (files, findings) = input.read(paths: [path])
    let image = try #require(files.first?.image)
    #expect(image.identity.machine == .x86_64)
    #expect(image.interpreter == "/lib64/ld-linux-x86-64.so.2", "PT_INTERP lies in the first half")
    #expect(image.problems.contains { $0.what.contains("section header table") })
    #expect(findings.allSatisfy { $0.code == .malformedElf })
    #expect(!findings.isEmpty)
    #expect(files[0].json(includeSymbols: false)["error"]?["code"] == .string("malformed-elf"))
  }

  @Test func sectionOffsetPastTheEndIsNamedWithItsOffset() throws {
    let scratch = try Scratch()
    var bytes = try Fixtures.bytes("x86_64", "libvers.so.1")
    bytes.putLE64(0x7fff_0000, at: 0x28)  // e_shoff
    let path = try scratch.write("libfar.so", bytes)
    let (files, findings) = input.read(paths: [path])
    let image = try #require(files.first?.image)
    let problem = try #require(image.problems.first)
    #expect(problem.code == .malformed)
    #expect(problem.offset == 0x7fff_0000)
    #expect(problem.description.hasPrefix(path + ": section header table"))
    #expect(image.dynamic?.soname == "libvers.so.1", "the dynamic segment is still read through PT_DYNAMIC")
    #expect(findings.first?.evidence.first { $0.key == "offset" }?.value == .string("0x7fff0000"))
  }

  @Test func nonElfAndEmptyFilesNamedExplicitlyAreNotElf() throws {
    let scratch = try Scratch()
    let text = try scratch.write("README", Array("not a binary\n".utf8))
    let empty = try scratch.write("empty.so", [])
    let (files, findings) = input.read(paths: [text, empty])
    #expect(files.map { $0.error?.code } == [.notElf, .notElf])
    #expect(entry(files, empty)?.error?.what.contains("empty") == true)
    #expect(findings.map(\.code) == [.notElf, .notElf])
  }

  @Test func nonElfFilesInsideAFolderArePassedOverSilently() throws {
    let scratch = try Scratch()
    try scratch.write("lib/README", Array("docs".utf8))
    try scratch.write("lib/libvers.so.1", try Fixtures.bytes("aarch64", "libvers.so.1"))
    let (files, findings) = input.read(paths: [scratch.path("lib")])
    #expect(files.map(\.path) == ["libvers.so.1"])
    #expect(files.first?.root == scratch.path("lib"))
    #expect(findings.isEmpty)
  }

  @Test func missingFifoAndLoopingPathsAreUnreadableAndTheRunGoesOn() throws {
    let scratch = try Scratch()
    try scratch.write("dir/libvers.so.1", try Fixtures.bytes("armhf", "libvers.so.1"))
    try FileManager.default.createSymbolicLink(atPath: scratch.path("dir/loop-a"), withDestinationPath: "loop-b")
    try FileManager.default.createSymbolicLink(atPath: scratch.path("dir/loop-b"), withDestinationPath: "loop-a")
    #expect(mkfifo(scratch.path("dir/pipe"), 0o644) == 0)
    #expect(mkfifo(scratch.path("named-pipe"), 0o644) == 0)
    let (files, findings) = input.read(paths: [
      scratch.path("missing.so"), scratch.path("named-pipe"), scratch.path("dir"), scratch.path("dir/loop-a"),
    ])
    #expect(entry(files, scratch.path("missing.so"))?.error?.code == .unreadable)
    #expect(entry(files, scratch.path("named-pipe"))?.error?.what.contains("FIFO") == true)
    #expect(entry(files, "loop-a")?.error?.what.contains("symbolic link loop") == true)
    #expect(entry(files, "loop-b")?.error?.code == .unreadable)
    #expect(entry(files, scratch.path("dir/loop-a"))?.error?.what.contains("loop") == true)
    #expect(entry(files, "pipe") == nil, "a FIFO inside a folder is never opened")
    #expect(entry(files, "libvers.so.1")?.image?.identity.flags.floatABI == .hard)
    #expect(files.count == 6)
    #expect(findings.filter { $0.code == .unreadable }.count == 5)
  }

  @Test func symlinksInsideFoldersAreNotFollowed() throws {
    let scratch = try Scratch()
    try scratch.write("lib/libvers.so.1", try Fixtures.bytes("x86_64", "libvers.so.1"))
    try FileManager.default.createSymbolicLink(atPath: scratch.path("lib/libvers.so"), withDestinationPath: "libvers.so.1")
    try FileManager.default.createSymbolicLink(atPath: scratch.path("lib/up"), withDestinationPath: "..")
    let (files, _) = input.read(paths: [scratch.path("lib")])
    #expect(files.map(\.path) == ["libvers.so.1"])
  }
}
