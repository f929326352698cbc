import Foundation
import TestSupport
import SysrootCheck
import Testing

/// Every path is resolved inside the sysroot: absolute links re-anchored, `..` clamped, loops detected.
@Suite("Sysroot confinement")
struct SysrootConfinementTests {
  static let fixtureRoot = Fixtures.sysroot("glibc-2.31-x86_64")

  @Test func relativeLinkIsFollowedInsideTheSysroot() throws {
    let sysroot = try Sysroot(path: Self.fixtureRoot)
    let resolved = try #require(try sysroot.resolve("/lib64/ld-linux-x86-64.so.2"))
    #expect(resolved.path == "/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2")
    #expect(resolved.hostPath.hasPrefix(sysroot.hostRoot + "/"))
    #expect(resolved.hops.count == 1)
  }

  @Test func absoluteLinkIsReanchoredAtTheSysrootNotTheHost() throws {
    let sysroot = try Sysroot(path: Self.fixtureRoot)
    let resolved = try #require(try sysroot.resolve("/usr/lib/x86_64-linux-gnu/libc.so"))
    #expect(resolved.path == "/lib/x86_64-linux-gnu/libc.so.6")
    #expect(resolved.hostPath == sysroot.hostRoot + "/lib/x86_64-linux-gnu/libc.so.6")
    #expect(sysroot.read("/usr/lib/x86_64-linux-gnu/libc.so")?.count == sysroot.read("/lib/x86_64-linux-gnu/libc.so.6")?.count)
  }

  @Test func dotDotNeverClimbsOutOfTheSysroot() throws {
    let sysroot = try Sysroot(path: Self.fixtureRoot)
    // The link climbs eight levels: clamped at the sysroot's /, so it names the sysroot's /etc.
    let escape = try #require(try sysroot.resolve("/lib/x86_64-linux-gnu/escape"))
    #expect(escape.path == "/etc")
    #expect(sysroot.list("/lib/x86_64-linux-gnu/escape").contains("ld.so.conf"))
    #expect(!sysroot.list("/lib/x86_64-linux-gnu/escape").contains("passwd"), "the host's /etc was reached")
    #expect(try sysroot.resolve("/../../../../etc/passwd") == nil)
    #expect(sysroot.read("/lib/x86_64-linux-gnu/escape/passwd") == nil)
  }

  @Test func aLinkTargetThatIsNotUTF8IsCheckedAsTheSamePathItIsOpenedBy() throws {
    // The link `esc` points at `\xFF/etc/passwd`; a real folder `\xFF` holds etc/passwd; and an
    // entry named U+FFFD (the replacement for the stray byte) is a link to `/`. Checked as raw bytes
    // and opened as text, the walk would pass `\xFF/etc/passwd` and read the host's /etc/passwd
    // through `\u{FFFD} -> /`, which the kernel follows from the host's root.
    let scratch = try Scratch()
    let root = scratch.path("root")
    try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    func raw(_ text: String, _ bytes: [UInt8] = []) -> [CChar] {
      (Array(text.utf8) + bytes).map { CChar(bitPattern: $0) } + [0]
    }
    #expect(mkdir(raw(root + "/", [0xff]), 0o755) == 0)
    #expect(mkdir(raw(root + "/", [0xff] + Array("/etc".utf8)), 0o755) == 0)
    let inside = raw(root + "/", [0xff] + Array("/etc/passwd".utf8))
    let fd = open(inside, O_WRONLY | O_CREAT, 0o644)
    #expect(fd >= 0)
    _ = "inside the root\n".withCString { write(fd, $0, 16) }
    close(fd)
    #expect(symlink("/", root + "/\u{FFFD}") == 0)
    #expect(symlink(raw("", [0xff] + Array("/etc/passwd".utf8)), raw(root + "/esc")) == 0)
    let sysroot = try Sysroot(path: root)
    let host = try String(contentsOfFile: "/etc/passwd", encoding: .utf8)
    if let resolved = try sysroot.resolve("/esc") {
      #expect(resolved.hostPath.hasPrefix(sysroot.hostRoot + "/"))
      let bytes = sysroot.read("/esc") ?? []
      #expect(String(decoding: bytes, as: UTF8.self) != host, "the host's /etc/passwd was read through \(resolved.hops)")
    }
    #expect(sysroot.read("/esc").map { String(decoding: $0, as: UTF8.self) } != host)
  }

  @Test func linkLoopsAreDetected() throws {
    let sysroot = try Sysroot(path: Self.fixtureRoot)
    #expect(throws: SysrootError.self) { try sysroot.resolve("/lib/x86_64-linux-gnu/loop-a") }
    do {
      _ = try sysroot.resolve("/lib/x86_64-linux-gnu/loop-a")
    } catch {
      #expect(error.reason.contains("symbolic link loop"))
    }
  }

  @Test func overLongChainsAreRefused() throws {
    let scratch = try Scratch()
    let root = scratch.path("root")
    try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    for i in 0..<50 {
      try FileManager.default.createSymbolicLink(atPath: root + "/l\(i)", withDestinationPath: "/l\(i + 1)")
    }
    try Data("x".utf8).write(to: URL(fileURLWithPath: root + "/l50"))
    let sysroot = try Sysroot(path: root)
    #expect(try sysroot.resolve("/l20") != nil, "30 links is within the bound")
    #expect(throws: SysrootError.self) { try sysroot.resolve("/l0") }
  }

  @Test func missingSysrootIsAnError() {
    #expect(throws: SysrootError.self) { try Sysroot(path: "/no/such/sysroot") }
    #expect(throws: SysrootError.self) { try Sysroot(path: "/etc/hostname") }
  }

  @Test func ldSoConfIncludesAreGlobbedInsideTheSysroot() throws {
    let conf = LdSoConf(sysroot: try Sysroot(path: Self.fixtureRoot))
    #expect(conf.folders == ["/opt/vendor/lib"])
  }

  @Test func hostLdSoCacheIsReadFromItsBytes() throws {
    let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: "/etc/ld.so.cache")))
    let cache = try #require(LdSoCache(bytes: bytes))
    #expect(cache.entries.count > 100)
    #expect(cache.paths(for: "libc.so.6").contains("/lib/x86_64-linux-gnu/libc.so.6"))
    // ldconfig -p prints the same entries.
    let listed = try run("/sbin/ldconfig", ["-p"]).output
    let count = Int(listed.split(separator: "\n").first?.split(separator: " ").first ?? "") ?? -1
    #expect(cache.entries.count == count)
    // The binary search ld.so makes finds, for every soname, exactly the entries a scan of all of them finds.
    let all = cache.entries
    for soname in Set(all.map(\.soname)) {
      let scanned = all.filter { $0.soname == soname && $0.hwcap == 0 }.map(\.path)
      #expect(cache.paths(for: soname) == scanned, "\(soname)")
    }
    #expect(cache.paths(for: "libnosuchlibrary.so.1").isEmpty)
  }

  /// glibc's _dl_cache_libcmp, the order ldconfig sorts the cache in (descending) and ld.so searches it by.
  @Test func cacheNamesCompareAsLdSoComparesThem() {
    func order(_ a: String, _ b: String) -> Int { LdSoCache.libraryOrder(Array(a.utf8), Array(b.utf8)[...]) }
    #expect(order("libfoo.so.10", "libfoo.so.9") > 0)  // numbers, not bytes
    #expect(order("libfoo.so.9", "libfoo.so.10") < 0)
    #expect(order("libfoo.so.1", "libfoo.so.1") == 0)
    #expect(order("libfoo.so.01", "libfoo.so.1") == 0)  // glibc compares the values
    #expect(order("libfoo1.so", "libfoox.so") > 0)  // a digit sorts after any other byte
    #expect(order("libfoo.so", "libfoo.so.1") < 0)  // a prefix sorts first
    #expect(order("libfoo.so.1", "libfoo.so") > 0)
    #expect(order("liba.so", "libb.so") < 0)
  }
}

