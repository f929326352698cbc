import AbiScan
import Foundation
import TestSupport
import SysrootCheck
import Testing

/// Hostile trees: special files, escaping links, sparse giants, deep and wide folders.
/// Each is handled with a clear finding (or passed over, inside a folder) and in bounded time.
@Suite("File-system hostility")
struct FileSystemHostilityTests {
  let input = InputReader(reader: ElfReader(parts: .profile), width: 2)

  @Test func specialFilesInAFolderAreNeverOpened() throws {
    let scratch = try Scratch()
    try scratch.write("tree/libvers.so.1", try Fixtures.bytes("x86_64", "libvers.so.1"))
    #expect(mkfifo(scratch.path("tree/libfifo.so"), 0o644) == 0)
    // A Unix socket, bound in place.
    let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    #expect(fd >= 0)
    defer { close(fd) }
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    let socketPath = scratch.path("tree/libsock.so")
    _ = withUnsafeMutableBytes(of: &address.sun_path) { raw in
      socketPath.utf8CString.withUnsafeBytes { raw.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0.prefix(raw.count))) }
    }
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
    }
    #expect(bound == 0)
    if getuid() == 0 {
      // A character device like /dev/zero (1, 5): reading it would never end.
      #expect(mknod(scratch.path("tree/libzero.so"), S_IFCHR | 0o644, dev_t((1 << 8) | 5)) == 0)
    }
    let start = ContinuousClock.now
    let (files, findings) = input.read(paths: [scratch.path("tree")])
    #expect(ContinuousClock.now - start < .seconds(5))
    #expect(files.map(\.path) == ["libvers.so.1"])
    #expect(findings.isEmpty)
  }

  @Test func namedSpecialFilesAreUnreadableWithoutBeingRead() throws {
    let scratch = try Scratch()
    #expect(mkfifo(scratch.path("pipe.so"), 0o644) == 0)
    let (files, findings) = input.read(paths: [scratch.path("pipe.so"), "/dev/zero"])
    #expect(files.map { $0.error?.code } == [.unreadable, .unreadable])
    #expect(files.first { $0.path == "/dev/zero" }?.error?.what.contains("character device") == true)
    #expect(findings.count == 2)
  }

  @Test func absoluteAndParentLinksDoNotLeadTheWalkOutOfTheFolder() throws {
    let scratch = try Scratch()
    try scratch.write("bundle/lib/libvers.so.1", try Fixtures.bytes("riscv64", "libvers.so.1"))
    try FileManager.default.createSymbolicLink(
      atPath: scratch.path("bundle/lib/system"), withDestinationPath: "/usr/lib/x86_64-linux-gnu")
    try FileManager.default.createSymbolicLink(atPath: scratch.path("bundle/lib/up"), withDestinationPath: "../..")
    try FileManager.default.createSymbolicLink(
      atPath: scratch.path("bundle/lib/libc.so.6"), withDestinationPath: "/lib/x86_64-linux-gnu/libc.so.6")
    let (files, _) = input.read(paths: [scratch.path("bundle")])
    #expect(files.map(\.path) == ["lib/libvers.so.1"])
  }

  @Test func sparseFourGigabyteFilesAreDecidedFromTheirFirstBytes() throws {
    let scratch = try Scratch()
    let zeros = scratch.path("big/libhuge.so")
    try scratch.write("big/libhuge.so", [])
    #expect(truncate(zeros, 4 << 30) == 0)
    // A real ELF header followed by a 4 GiB hole.
    let elfGiant = try scratch.write("big/libgiant.so", try Fixtures.bytes("x86_64", "libvers.so.1"))
    #expect(truncate(elfGiant, 4 << 30) == 0)
    let start = ContinuousClock.now
    let (files, findings) = input.read(paths: [scratch.path("big"), zeros])
    #expect(ContinuousClock.now - start < .seconds(5))
    #expect(files.first { $0.path == zeros }?.error?.code == .notElf)
    #expect(files.first { $0.path == "libhuge.so" } == nil, "a non-ELF file inside a folder is passed over")
    let giant = try #require(files.first { $0.path == "libgiant.so" }?.image)
    #expect(giant.dynamic?.soname == "libvers.so.1")
    #expect(giant.fileSize == 4 << 30)
    #expect(findings.map(\.code) == [.notElf])
  }

  @Test func foldersDeeperThanTheLimitAreReported() throws {
    let scratch = try Scratch()
    var path = scratch.path("deep")
    for _ in 0..<300 { path += "/d" }
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    try Data(try Fixtures.bytes("i686", "hello")).write(to: URL(fileURLWithPath: path + "/hello"))
    try scratch.write("deep/d/libvers.so.1", try Fixtures.bytes("i686", "libvers.so.1"))
    let (files, findings) = input.read(paths: [scratch.path("deep")])
    #expect(files.contains { $0.path == "d/libvers.so.1" && $0.image != nil })
    let deep = try #require(files.first { $0.error != nil })
    #expect(deep.error?.what.contains("deeper than 256 levels") == true)
    #expect(findings.map(\.code) == [.unreadable])
  }

  /// Files are opened relative to folder descriptors while the walk may hold them, by whole paths
  /// past that budget and below the depth it holds them to; the files found and what is read from
  /// them are the same either way.
  @Test func theWalkFindsTheSameFilesWhateverFolderDescriptorsItMayHold() throws {
    let scratch = try Scratch()
    var deep = "tree/chain"
    for level in 0..<70 { deep += "/l\(level)" }
    try scratch.write(deep + "/libvers.so.1", try Fixtures.bytes("x86_64", "libvers.so.1"))
    for index in 0..<30 {
      try scratch.write("tree/wide\(index)/hello", try Fixtures.bytes(index % 2 == 0 ? "i686" : "aarch64", "hello"))
      try scratch.write("tree/wide\(index)/notes.txt", Array("not ELF \(index)".utf8))
    }
    try FileManager.default.createSymbolicLink(atPath: scratch.path("tree/wide3/loop"), withDestinationPath: "loop")
    try FileManager.default.createSymbolicLink(atPath: scratch.path("tree/wide4/up"), withDestinationPath: "..")
    let root = scratch.path("tree")
    func walked(_ budget: Int?) -> [String] {
      InputWalker(maxFolderDescriptors: budget).files(for: [root]).map { "\($0.displayPath) \($0.openPath) \($0.problem?.what ?? "")" }
    }
    func read(_ budget: Int?) -> [String] {
      InputReader(reader: ElfReader(parts: .profile), walker: InputWalker(maxFolderDescriptors: budget), width: 2)
        .read(paths: [root]).files.map { "\($0.path) \($0.image?.identity.machine.rawValue ?? 0) \($0.error?.what ?? "")" }
    }
    let byPath = walked(0)
    #expect(byPath.count == 62)
    #expect(byPath.contains { $0.hasPrefix("chain/" + (0..<70).map { "l\($0)" }.joined(separator: "/") + "/libvers.so.1 ") })
    #expect(byPath.contains { $0.hasPrefix("wide3/loop ") && $0.hasSuffix("symbolic link loop (too many levels of symbolic links)") })
    for budget in [4, 9, nil] { #expect(walked(budget) == byPath, "budget \(budget.map(String.init) ?? "default")") }
    let readByPath = read(0)
    #expect(readByPath.filter { $0.contains(" 62 ") || $0.contains(" 3 ") || $0.contains(" 183 ") }.count == 31)
    for budget in [4, 9, nil] { #expect(read(budget) == readByPath, "budget \(budget.map(String.init) ?? "default")") }
  }

  @Test func aFolderWithOneHundredThousandEntriesIsWalkedInBoundedTime() throws {
    let scratch = try Scratch()
    let folder = scratch.path("wide")
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    for i in 0..<100_000 {
      let fd = open(folder + "/f\(i).so", O_CREAT | O_WRONLY, 0o644)
      if fd >= 0 { close(fd) }
    }
    try Data(try Fixtures.bytes("ppc64le", "libvers.so.1")).write(to: URL(fileURLWithPath: folder + "/zz-real.so"))
    let start = ContinuousClock.now
    let (files, findings) = input.read(paths: [folder])
    let elapsed = ContinuousClock.now - start
    print("walked and read 100,001 entries in \(elapsed)")
    #expect(elapsed < .seconds(30))
    #expect(files.map(\.path) == ["zz-real.so"])
    #expect(findings.isEmpty)
  }

  @Test func aFileOverAReadLimitIsAFindingNotASilentTruncation() throws {
    var limits = ReadLimits.default
    limits.maxDynamicSymbols = 3
    let image = try ElfReader(parts: .all, limits: limits).read(
      path: Fixtures.bin.appendingPathComponent("x86_64/libvers.so.1").path)
    #expect(image.symbols == nil)
    #expect(image.problems.contains { $0.what.contains("over the limit of 3") })
  }
}
