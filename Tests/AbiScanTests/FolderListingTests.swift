import AbiScan
import Foundation
import TestSupport
import Testing

/// A walk's order is the order of its report: a folder's names come out in byte order, as
/// `LC_ALL=C ls` (strcmp) sorts them, whether the folder is read by descriptor or by path.
@Suite("Folder listings")
struct FolderListingTests {
  /// What `ls -A` lists in the C locale, one name a line (the names here hold no newline).
  func lsOrder(_ folder: String) throws -> [String] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/ls")
    process.arguments = ["-A", "-1", folder]
    process.environment = ["LC_ALL": "C"]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
  }

  func byDescriptor(_ folder: String) throws -> [String] {
    let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    #expect(descriptor >= 0, "cannot open \(folder)")
    defer { close(descriptor) }
    return try FolderListing(descriptor: descriptor, limit: 1 << 20).names
  }

  @Test func namesThatShareTheirFirstEightBytesOrAreShorterSortAsStrcmpDoes() throws {
    let scratch = try Scratch()
    // Prefixes of each other, equal for exactly 7, 8 and 9 bytes, bytes above 0x7f, upper before lower.
    let names = [
      "libfoo.so", "libfoo.so.1", "libfoo.so.10", "libfoo.so.2", "libfoo.s", "libfoo.", "libfoo",
      "abcdefgh", "abcdefgha", "abcdefg", "abcdefgi", "abcdefghZ", "abcdefgh~", "abcdefghb", "abcdefghA", "abcdefghaz", "abcdefghay", "B", "a", "Z", "_x",
      "caf\u{e9}", "cafe", "caf\u{e9}s", "\u{4e2d}\u{6587}", "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz1", "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz",
    ]
    for name in names { try scratch.write(name, [0]) }
    let expected = names.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    #expect(try lsOrder(scratch.url.path) == expected)
    #expect(try byDescriptor(scratch.url.path) == expected)
    #expect(try FolderListing(path: scratch.url.path, limit: 1 << 20).names == expected)
  }

  @Test func realFoldersAreListedInTheOrderLsGivesInTheCLocale() throws {
    for folder in ["/usr/bin", "/usr/lib/x86_64-linux-gnu", "/usr/share/doc", "/etc"] {
      let expected = try lsOrder(folder)
      #expect(expected.count > 10, "\(folder) listed by ls")
      #expect(try byDescriptor(folder) == expected, "\(folder) by descriptor")
      #expect(try FolderListing(path: folder, limit: 1 << 20).names == expected, "\(folder) by path")
    }
  }
}
