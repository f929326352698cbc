import AbiScan
import Foundation
import SysrootCheck
import TestSupport
import Testing

/// `--sysroot ROOT.tar[.gz|.xz|.zst]`: a root file system read from an archive in place, with the
/// same confined walk and the same verdicts as the unpacked folder, held to the real loader (chroot).
@Suite("Roots read from archives")
struct ArchiveRootTests {
  func check(_ paths: [String], sysroot: String) throws -> Report {
    try SysrootSession(sysrootPath: sysroot, libraryPath: [], reader: ElfReader(parts: .all), width: 2).check(paths: paths, strict: false)
  }

  func summary(_ report: Report) -> [String] {
    report.findings.map { "\($0.code.rawValue) \($0.path) \($0.evidence.first { $0.key == "needed" }?.value.serialized() ?? "")" }
  }

  @Test func aDebianRootTarballGivesTheVerdictsOfTheUnpackedRootAndOfTheRealLoader() throws {
    let root = try DebianRoot.bullseye.get()
    let scratch = try Scratch()
    try scratch.write("hello.c", Array("#include <stdio.h>\nint main(void) { puts(\"hello\"); return 0; }\n".utf8))
    try cc(["-o", scratch.path("hello"), scratch.path("hello.c")])
    let ls = "/usr/bin/ls"  // built on bookworm: GLIBC_2.34 too
    let folder = try check([scratch.path("hello"), ls], sysroot: root)
    #expect(folder.findings.filter { $0.code == .versionTooNew }.count == 2, "\(summary(folder))")
    // The real loader in that root agrees.
    try? FileManager.default.removeItem(atPath: root + "/abidoctor-hello")
    try FileManager.default.copyItem(atPath: scratch.path("hello"), toPath: root + "/abidoctor-hello")
    defer { try? FileManager.default.removeItem(atPath: root + "/abidoctor-hello") }
    #expect(try runProgram("/usr/sbin/chroot", [root, "/abidoctor-hello"]).output.contains("GLIBC_2.34' not found"))
    for (name, flags) in [("root.tar", ["-cf"]), ("root.tar.gz", ["-I", "gzip -1", "-cf"]), ("root.tar.xz", ["-I", "xz -0 -T0", "-cf"]), ("root.tar.zst", ["-I", "zstd -1 -T0", "-cf"])] {
      let archive = scratch.path(name)
      let made = try runProgram("/bin/tar", flags + [archive, "-C", root, "--exclude=./abidoctor-hello", "."])
      #expect(made.status == 0, "\(made.output)")
      let packed = try check([scratch.path("hello"), ls], sysroot: archive)
      #expect(summary(packed) == summary(folder), "\(name)")
      #expect(packed.findings.first { $0.code == .versionTooNew }?.fixes.contains { $0.text.contains("--sysroot") } == false, "an archive is no --sysroot for a compiler")
    }
  }

  @Test func hostileMembersAreRefusedByNameAndNothingOutsideTheArchiveIsRead() throws {
    let scratch = try Scratch()
    let archive = scratch.path("hostile.tar")
    let program = """
      import io, sys, tarfile
      def add(t, name, kind=tarfile.REGTYPE, data=b"", link=""):
          info = tarfile.TarInfo(name); info.type = kind; info.linkname = link; info.size = len(data)
          t.addfile(info, io.BytesIO(data) if data else None)
      with tarfile.open(sys.argv[1], "w", format=tarfile.GNU_FORMAT) as t:
          add(t, "../escape.so", data=b"\\x7fELF")
          add(t, "./lib/x86_64-linux-gnu/libc.so.6", data=open(sys.argv[2], "rb").read())
          add(t, "/etc/os-release", data=b"ID=debian\\nVERSION_ID=12\\n")
          add(t, "etc/hostname", kind=tarfile.SYMTYPE, link="/etc/passwd")
          add(t, "lib/loop-a", kind=tarfile.SYMTYPE, link="loop-b")
          add(t, "lib/loop-b", kind=tarfile.SYMTYPE, link="loop-a")
          add(t, "lib/hard", kind=tarfile.LNKTYPE, link="lib/nowhere")
      """
    let libc = Fixtures.sysroot("glibc-2.31-x86_64") + "/lib/x86_64-linux-gnu/libc.so.6"
    let made = try runProgram("/usr/bin/env", ["python3", "-c", program, archive, libc])
    #expect(made.status == 0, "\(made.output)")
    let sysroot = try Sysroot.opening(archive)
    let refused = sysroot.archiveProblems.map { "\($0.member ?? "") \($0.what)" }
    #expect(refused.contains { $0.hasPrefix("../escape.so") && $0.contains("climbs out of the root") }, "\(refused)")
    #expect(refused.contains { $0.hasPrefix("lib/hard") && $0.contains("hard link") }, "\(refused)")
    // An absolute link is anchored at the archive's root: /etc/passwd is the archive's (absent), never this machine's.
    #expect(sysroot.read("/etc/hostname") == nil)
    #expect(throws: SysrootError.self) { try sysroot.resolve("/lib/loop-a") }
    #expect(sysroot.read("/etc/os-release").map { String(decoding: $0, as: UTF8.self) } == "ID=debian\nVERSION_ID=12\n")
    let report = try check([Fixtures.path("x86_64", "hello")], sysroot: archive)
    #expect(report.findings.contains { $0.code == .unreadable && $0.path == archive && $0.message.contains("../escape.so") })
    #expect(report.findings.contains { $0.code == .versionTooNew }, "the check goes on with the rest")
  }

  @Test func aFileThatIsNoArchiveIsAClearError() throws {
    #expect(throws: SysrootError.self) { try Sysroot.opening("/etc/hostname") }
    do {
      _ = try Sysroot.opening("/etc/hostname")
    } catch {
      #expect(error.description.hasPrefix("cannot read the sysroot /etc/hostname as a folder or an archive"))
    }
  }
}
