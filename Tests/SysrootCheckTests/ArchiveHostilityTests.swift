import AbiScan
import Foundation
import SysrootCheck
import TestSupport
import Testing

/// Hostile archives: each gives a finding or error naming the archive, the member and what is wrong,
/// in bounded time and memory, and nothing is written or read outside the archive.
@Suite("Archive hostility")
struct ArchiveHostilityTests {
  func python(_ program: String, _ arguments: [String]) throws {
    let result = try runProgram("/usr/bin/env", ["python3", "-c", program] + arguments)
    #expect(result.status == 0, "\(result.output)")
  }

  @Test func aCompressionBombIsStoppedByItsRatio() throws {
    // 1.5 GiB of zeros in one member, gzip'd to a few MB: read until the ratio gives it away.
    let scratch = try Scratch()
    let bomb = scratch.path("bomb.tar.gz")
    let made = try runProgram("/bin/sh", ["-c", "cd \(scratch.url.path) && truncate -s 1536M zeros && tar -cf - zeros | gzip -1 > bomb.tar.gz && rm zeros"])
    #expect(made.status == 0, "\(made.output)")
    // The root is what was read before it: the bomb is a finding naming the archive and the member.
    let root = try Sysroot.opening(bomb)
    let problem = try #require(root.archiveProblems.first, "a bomb was read whole")
    #expect(problem.archive == bomb && problem.member == "zeros" && problem.what.contains("compression bomb"), "\(problem)")
  }

  @Test func damagedStreamsAndLyingSizesAreErrorsNamingTheArchive() throws {
    let scratch = try Scratch()
    let whole = scratch.path("whole.tar.gz")
    #expect(try runProgram("/bin/tar", ["-czf", whole, "-C", Fixtures.bin.path, "x86_64"]).status == 0)
    let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: whole)))
    let cut = try scratch.write("cut.tar.gz", Array(bytes.prefix(bytes.count / 2)))
    let tree = try? ArchiveTree(path: cut)
    // libarchive says where the stream broke; what was read before stays usable.
    #expect(tree?.problems.contains { $0.archive == cut && $0.what.lowercased().contains("truncated") } == true, "\(tree?.problems ?? [])")
    // A tar header that claims more data than the archive has.
    let plain = scratch.path("plain.tar")
    #expect(try runProgram("/bin/tar", ["-cf", plain, "-C", Fixtures.bin.path, "x86_64/libplain.so.1"]).status == 0)
    var tar = try [UInt8](Data(contentsOf: URL(fileURLWithPath: plain)))
    tar = Array(tar.prefix(512 + 1024))  // the header and 1 KiB of a 5.7 KiB member
    let short = try scratch.write("short.tar", tar)
    let shortTree = try? ArchiveTree(path: short)
    #expect(shortTree?.problems.contains { $0.member == "x86_64/libplain.so.1" } == true, "\(shortTree?.problems ?? [])")
  }

  @Test func tooManyMembersStopAtTheLimitWithAFinding() throws {
    let scratch = try Scratch()
    let many = scratch.path("many.tar")
    try python("""
      import io, sys, tarfile
      with tarfile.open(sys.argv[1], "w") as t:
          for i in range(300):
              info = tarfile.TarInfo(f"f/{i}"); t.addfile(info, io.BytesIO(b""))
      """, [many])
    let tree = try ArchiveTree(bytes: try [UInt8](Data(contentsOf: URL(fileURLWithPath: many))), name: many, maxMembers: 100)
    #expect(tree.problems.map(\.what) == ["over 100 members: the rest is not read"])
  }

  @Test func aMillionTinyMembersStopAtTheLimitInBoundedTimeNamingTheArchiveAndTheMember() throws {
    // A million empty files (13 MB gzip'd), written as raw ustar headers: tarfile takes ~20 s for it.
    let scratch = try Scratch()
    let million = scratch.path("million.tar.gz")
    try python("""
      import sys, zlib
      out = open(sys.argv[1], 'wb'); z = zlib.compressobj(1, zlib.DEFLATED, 31); chunk = []
      def header(name):
          h = bytearray(512); h[0:len(name)] = name
          h[100:108] = b'0000644\\0'; h[108:116] = b'0000000\\0'; h[116:124] = b'0000000\\0'
          h[124:136] = b'00000000000\\0'; h[136:148] = b'00000000000\\0'; h[156] = ord('0')
          h[257:263] = b'ustar\\0'; h[263:265] = b'00'; h[148:156] = b' ' * 8
          h[148:156] = b'%06o\\0 ' % sum(h)
          return bytes(h)
      for i in range(1000000):
          chunk.append(header(b'd%03d/f%07d' % (i % 1000, i)))
          if len(chunk) == 4096: out.write(z.compress(b''.join(chunk))); chunk = []
      out.write(z.compress(b''.join(chunk) + b'\\0' * 1024)); out.write(z.flush())
      """, [million])
    let clock = ContinuousClock()
    let start = clock.now
    let files = InputReader(reader: ElfReader(parts: .profile), width: 2).read(paths: [million]).files
    let elapsed = clock.now - start
    #expect(elapsed < .seconds(60), "\(elapsed)")
    let stop = try #require(files.first { $0.error != nil }, "\(files.count) entries")
    #expect(stop.error?.path == "\(million):/d288/f0524288", "the archive and the member where reading stopped")
    #expect(stop.error?.what == "over \(ArchiveTree.maxMembers) members: the rest is not read")
  }

  @Test func layersApplyInOrderWithWhiteoutsOpaqueFoldersAndDuplicates() throws {
    // An OCI layout written by hand: layer 1 has two libraries and a config; layer 2 deletes one
    // library (.wh.), makes /etc opaque (.wh..wh..opq) with a new file, and repeats a member.
    let scratch = try Scratch()
    let layout = scratch.path("img")
    try python("""
      import hashlib, io, json, os, sys, tarfile
      layout, plain, vers = sys.argv[1:4]
      blobs = os.path.join(layout, "blobs", "sha256"); os.makedirs(blobs)
      def blob(data):
          digest = hashlib.sha256(data).hexdigest(); open(os.path.join(blobs, digest), "wb").write(data)
          return {"digest": "sha256:" + digest, "size": len(data)}
      def layer(members):
          buffer = io.BytesIO()
          with tarfile.open(fileobj=buffer, mode="w:gz") as t:
              for name, data in members:
                  info = tarfile.TarInfo(name); info.size = len(data); t.addfile(info, io.BytesIO(data))
          return dict(blob(buffer.getvalue()), mediaType="application/vnd.oci.image.layer.v1.tar+gzip")
      one = layer([("lib/libplain.so.1", open(plain, "rb").read()), ("lib/libvers.so.1", open(vers, "rb").read()),
                   ("etc/old.conf", b"old"), ("etc/os-release", b"ID=debian\\n")])
      two = layer([("lib/.wh.libplain.so.1", b""), ("etc/.wh..wh..opq", b""), ("etc/new.conf", b"first"),
                   ("etc/new.conf", b"second")])
      config = dict(blob(b"{}"), mediaType="application/vnd.oci.image.config.v1+json")
      manifest = blob(json.dumps({"schemaVersion": 2, "config": config, "layers": [one, two]}).encode())
      json.dump({"schemaVersion": 2, "manifests": [dict(manifest, mediaType="application/vnd.oci.image.manifest.v1+json")]}, open(os.path.join(layout, "index.json"), "w"))
      open(os.path.join(layout, "oci-layout"), "w").write('{"imageLayoutVersion": "1.0.0"}')
      """, [layout, Fixtures.path("x86_64", "libplain.so.1"), Fixtures.path("x86_64", "libvers.so.1")])
    let root = try Sysroot.opening(layout)
    #expect(root.list("/lib") == ["libvers.so.1"], "the whiteout removed libplain.so.1")
    #expect(root.list("/etc") == ["new.conf"], "the opaque whiteout hid layer 1's /etc")
    #expect(root.read("/etc/new.conf") == Array("second".utf8), "a later duplicate wins, as tar extraction does")
    let report = try SysrootSession(sysrootPath: layout, libraryPath: [], reader: ElfReader(parts: .all), width: 1)
      .check(paths: [Fixtures.path("x86_64", "useplain")], strict: false)
    #expect(report.findings.contains { $0.code == .neededNotFound && $0.message.contains("libplain.so.1") })
  }
}
