import AbiScan
import Foundation
import TestSupport
import Testing

/// Wheels are read in place; a damaged or hostile archive is an error naming the member and offset.
@Suite("ZIP archives (wheels)")
struct ZipArchiveTests {
  /// Builds an archive with Python's zipfile (a trusted, independent writer), then optionally damages it.
  func archive(_ scratch: Scratch, _ name: String, _ script: String) throws -> String {
    let path = scratch.path(name)
    let program = """
      import sys, zipfile
      path = sys.argv[1]
      elf = open(sys.argv[2], 'rb').read()
      \(script)
      """
    let (status, output) = try run("/usr/bin/env", ["python3", "-c", program, path, Fixtures.path("x86_64", "libplain.so.1")])
    try #require(status == 0, "\(output)")
    return path
  }

  @Test func deflatedAndStoredMembersInflateToTheirBytes() throws {
    let scratch = try Scratch()
    let path = try archive(scratch, "ok.whl", """
      with zipfile.ZipFile(path, 'w') as z:
          z.writestr('pkg/', b'')
          z.writestr(zipfile.ZipInfo('pkg/a.so'), elf, compress_type=zipfile.ZIP_DEFLATED)
          z.writestr(zipfile.ZipInfo('pkg/b.so'), elf, compress_type=zipfile.ZIP_STORED)
          z.writestr('pkg/__init__.py', b'print(1)')
      """)
    let zip = try ZipArchive(path: path)
    #expect(zip.members.map(\.name) == ["pkg/", "pkg/a.so", "pkg/b.so", "pkg/__init__.py"])
    let expected = try Fixtures.bytes("x86_64", "libplain.so.1")
    #expect(try zip.contents(of: zip.members[1]) == expected)
    #expect(try zip.contents(of: zip.members[2]) == expected)
    #expect(try zip.prefix(of: zip.members[1], count: 4) == [0x7f, 0x45, 0x4c, 0x46])
    let image = try ElfReader(parts: .all).read(bytes: try zip.contents(of: zip.members[1]), displayPath: "pkg/a.so")
    #expect(image.dynamic?.soname == "libplain.so.1")
  }

  @Test func directoryThatLiesAboutSizeIsCaught() throws {
    let scratch = try Scratch()
    // The central directory says 100 bytes; the data inflates to the whole library (a small zip bomb).
    let path = try archive(scratch, "bomb.whl", """
      with zipfile.ZipFile(path, 'w') as z:
          z.writestr(zipfile.ZipInfo('a.so'), elf, compress_type=zipfile.ZIP_DEFLATED)
      data = bytearray(open(path, 'rb').read())
      cd = data.rfind(b'PK\\x01\\x02')
      data[cd+24:cd+28] = (100).to_bytes(4, 'little')
      open(path, 'wb').write(bytes(data))
      """)
    let zip = try ZipArchive(path: path)
    #expect(zip.members[0].uncompressedSize == 100)
    #expect(throws: ElfReadError.self) { try zip.contents(of: zip.members[0]) }
    do {
      _ = try zip.contents(of: zip.members[0])
    } catch {
      #expect(error.path.hasSuffix("bomb.whl!/a.so") && error.what.contains("the directory says 100"))
    }
  }

  @Test func offsetsPastTheEndAndTruncationAreErrorsNotCrashes() throws {
    let scratch = try Scratch()
    let past = try archive(scratch, "past.whl", """
      with zipfile.ZipFile(path, 'w') as z:
          z.writestr('a.so', elf)
      data = bytearray(open(path, 'rb').read())
      eocd = data.rfind(b'PK\\x05\\x06')
      data[eocd+16:eocd+20] = (0x7fffffff).to_bytes(4, 'little')
      open(path, 'wb').write(bytes(data))
      """)
    #expect(throws: ElfReadError.self) { try ZipArchive(path: past) }
    let cut = try archive(scratch, "cut.whl", """
      with zipfile.ZipFile(path, 'w') as z:
          z.writestr('a.so', elf)
      data = open(path, 'rb').read()
      open(path, 'wb').write(data[:len(data)//2])
      """)
    #expect(throws: ElfReadError.self) { try ZipArchive(path: cut) }
    let local = try archive(scratch, "local.whl", """
      with zipfile.ZipFile(path, 'w') as z:
          z.writestr('a.so', elf)
      data = bytearray(open(path, 'rb').read())
      cd = data.rfind(b'PK\\x01\\x02')
      data[cd+42:cd+46] = (len(data) - 10).to_bytes(4, 'little')
      open(path, 'wb').write(bytes(data))
      """)
    let zip = try ZipArchive(path: local)
    #expect(throws: ElfReadError.self) { try zip.contents(of: zip.members[0]) }
    #expect(throws: ElfReadError.self) { try ZipArchive(path: "/nonexistent.whl") }
  }

  @Test func directorySizesAreClaimsNotAllocations() throws {
    // Four members whose headers claim 2 GiB each but inflate to 5,736 bytes: the reader grows its
    // buffer as data arrives (it used to allocate the claim: 7.5 s and 2.1 GB for this file).
    let scratch = try Scratch()
    let path = scratch.path("bomb-1.0-py3-none-any.whl")
    let program = """
      import struct, sys, zipfile
      data = open(sys.argv[2], "rb").read()
      with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
          for i in range(4): z.writestr(f"pkg/lib{i}.so", data)
      b = bytearray(open(sys.argv[1], "rb").read())
      for signature, field in ((b"PK\\x01\\x02", 24), (b"PK\\x03\\x04", 22)):
          i = b.find(signature)
          while i >= 0:
              struct.pack_into("<I", b, i + field, 0x7fffffff); i = b.find(signature, i + 4)
      open(sys.argv[1], "wb").write(b)
      """
    let (status, output) = try run("/usr/bin/env", ["python3", "-c", program, path, Fixtures.path("x86_64", "libplain.so.1")])
    #expect(status == 0, "\(output)")
    let archive = try ZipArchive(path: path, limits: .default)
    for member in archive.members {
      #expect(throws: ElfReadError.self) { try archive.contents(of: member) }
      do { _ = try archive.contents(of: member) } catch {
        #expect(error.what.contains("inflates to 5736 bytes, but the directory says 2147483647"))
      }
    }
  }
}
