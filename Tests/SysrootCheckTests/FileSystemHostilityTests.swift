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

  /// The files a walk finds, and what is read from them, are the same in the same order whether
  /// folders are opened (files relative to them) or not (every file by its whole path), and however
  /// many threads walk: in depth-first byte order of the names, a folder's files before and after
  /// its subfolders as their names fall, runs of files longer than one task split across threads.
  @Test func theWalkFindsTheSameFilesInTheSameOrderWhateverOpensThemAndHoweverManyThreadsWalk() throws {
    let scratch = try Scratch()
    var deep = "tree/chain"
    for level in 0..<70 { deep += "/l\(level)" }
    try scratch.write(deep + "/libvers.so.1", try Fixtures.bytes("x86_64", "libvers.so.1"))
    for index in 0..<30 {
      try scratch.write("tree/wide\(index)/hello", try Fixtures.bytes(index % 2 == 0 ? "i686" : "aarch64", "hello"))
      try scratch.write("tree/wide\(index)/notes.txt", Array("not ELF \(index)".utf8))
    }
    // One folder of 700 files with folders between them: several runs, each longer than one task.
    let hello = try Fixtures.bytes("riscv64", "hello")
    for index in 0..<700 {
      let name = String(format: "long/f%04d", index)
      try scratch.write("tree/" + name, index % 3 == 0 ? hello : Array("text \(index)".utf8))
      if index % 250 == 0 { try scratch.write("tree/" + name + "-sub/inner", hello) }
    }
    try FileManager.default.createSymbolicLink(atPath: scratch.path("tree/wide3/loop"), withDestinationPath: "loop")
    try FileManager.default.createSymbolicLink(atPath: scratch.path("tree/wide4/up"), withDestinationPath: "..")
    let root = scratch.path("tree")

    // The order, worked out independently: a depth-first listing, each folder's names by their bytes.
    func depthFirst(_ relative: String) throws -> [String] {
      let folder = relative.isEmpty ? root : root + "/" + relative
      let names = try FileManager.default.contentsOfDirectory(atPath: folder)
        .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
      return try names.flatMap { name -> [String] in
        let path = relative.isEmpty ? name : relative + "/" + name
        var info = stat()
        guard lstat(root + "/" + path, &info) == 0 else { return [] }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return try depthFirst(path)
        case S_IFREG: return [path]
        default: return name == "loop" ? [path] : []
        }
      }
    }
    let expected = try depthFirst("")
    #expect(expected.count == 62 + 700 + 3)

    func walked(opensFolders: Bool) -> [String] {
      InputWalker(opensFolders: opensFolders).files(for: [root]).map { "\($0.displayPath) \($0.openPath) \($0.problem?.what ?? "")" }
    }
    let byPath = walked(opensFolders: false)
    #expect(byPath.map { String($0.prefix { $0 != " " }) } == expected)
    #expect(byPath.contains { $0.hasPrefix("wide3/loop ") && $0.hasSuffix("symbolic link loop (too many levels of symbolic links)") })
    #expect(walked(opensFolders: true) == byPath)

    func isText(_ path: String) -> Bool {
      guard path.hasPrefix("long/f"), !path.contains("-sub/"), let index = Int(path.dropFirst(6)) else { return false }
      return index % 3 != 0
    }
    func read(opensFolders: Bool, width: Int) -> [String] {
      InputReader(reader: ElfReader(parts: .profile), walker: InputWalker(opensFolders: opensFolders), width: width)
        .read(paths: [root]).files.map { "\($0.path) \($0.image?.identity.machine.rawValue ?? 0) \($0.error?.what ?? "")" }
    }
    let readByPath = read(opensFolders: false, width: 1)
    // 31 ELF files of the first kind (x86_64, i386, AArch64), 234 + 3 RISC-V programs, the loop.
    #expect(readByPath.filter { $0.contains(" 62 ") || $0.contains(" 3 ") || $0.contains(" 183 ") }.count == 31)
    #expect(readByPath.filter { $0.contains(" 243 ") }.count == 234 + 3)
    #expect(readByPath.map { String($0.prefix { $0 != " " }) } == expected.filter { !$0.contains("notes.txt") && !isText($0) })
    for (opens, width) in [(false, 2), (true, 1), (true, 2), (true, 3)] {
      #expect(read(opensFolders: opens, width: width) == readByPath, "opensFolders \(opens), width \(width)")
    }
  }

  /// A walk on two threads reports a real tree exactly as a walk on one does.
  @Test func twoThreadsWalkASystemFolderInTheOrderOneThreadDoes() throws {
    func scan(_ width: Int) -> [String] {
      InputReader(reader: ElfReader(parts: .profile), width: width).read(paths: ["/usr/lib/x86_64-linux-gnu", "/usr/share/doc"])
        .files.map { "\($0.root ?? "") \($0.path) \($0.image?.dynamic?.needed ?? []) \($0.error?.what ?? "")" }
    }
    let one = scan(1)
    #expect(one.count > 500)
    for _ in 0..<3 { #expect(scan(2) == one) }
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
