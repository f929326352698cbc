import AbiScan
import Foundation
import SysrootCheck
import TestSupport
import Testing

/// Wheels are read in place by libarchive; a damaged or hostile wheel is an error naming the member,
/// and the rest of the run goes on.
@Suite("Wheels read in place")
struct WheelReadingTests {
  /// Builds a wheel with Python's zipfile (a trusted, independent writer), then optionally damages it.
  func wheel(_ scratch: Scratch, _ name: String, _ script: String) throws -> String {
    let path = scratch.path(name)
    let program = """
      import struct, sys, zipfile
      path = sys.argv[1]
      elf = open(sys.argv[2], 'rb').read()
      \(script)
      """
    let (status, output) = try run("/usr/bin/env", ["python3", "-c", program, path, Fixtures.path("x86_64", "libplain.so.1")])
    try #require(status == 0, "\(output)")
    return path
  }

  func read(_ path: String) -> [FileEntry] {
    InputReader(reader: ElfReader(parts: .all), width: 1).read(paths: [path]).files
  }

  @Test func deflatedAndStoredMembersAreReadAsTheFilesTheyInflateTo() throws {
    let scratch = try Scratch()
    let path = try wheel(scratch, "ok.whl", """
      with zipfile.ZipFile(path, 'w') as z:
          z.writestr('pkg/', b'')
          z.writestr(zipfile.ZipInfo('pkg/a.so'), elf, compress_type=zipfile.ZIP_DEFLATED)
          z.writestr(zipfile.ZipInfo('pkg/b.so'), elf, compress_type=zipfile.ZIP_STORED)
          z.writestr('pkg/__init__.py', b'print(1)')
      """)
    let files = read(path)
    #expect(files.map(\.path) == ["pkg/a.so", "pkg/b.so"], "the ELF members, by their path in the wheel")
    #expect(files.allSatisfy { $0.root == path })
    let expected = try ElfReader(parts: .all).read(path: Fixtures.path("x86_64", "libplain.so.1"))
    for file in files {
      var image = try #require(file.image)
      image.path = expected.path
      #expect(image == expected, "\(file.path): the facts of the file it inflates to")
    }
  }

  @Test func sizesTheHeadersLieAboutAreErrorsNamingTheMember() throws {
    let scratch = try Scratch()
    // Both headers say 100 bytes; the data inflates to the whole library.
    let path = try wheel(scratch, "bomb.whl", """
      with zipfile.ZipFile(path, 'w') as z:
          z.writestr(zipfile.ZipInfo('a.so'), elf, compress_type=zipfile.ZIP_DEFLATED)
      data = bytearray(open(path, 'rb').read())
      for signature, field in ((b'PK\\x01\\x02', 24), (b'PK\\x03\\x04', 22)):
          i = data.rfind(signature)
          data[i+field:i+field+4] = (100).to_bytes(4, 'little')
      open(path, 'wb').write(bytes(data))
      """)
    let files = read(path)
    #expect(files.count == 1 && files[0].path == "a.so" && files[0].image == nil, "\(files.map(\.path))")
    #expect(files.first?.error?.what.contains("wrong size") == true, "\(files.first?.error?.what ?? "")")
  }

  @Test func offsetsPastTheEndAndTruncationAreErrorsNotCrashes() throws {
    let scratch = try Scratch()
    let past = try wheel(scratch, "past.whl", """
      with zipfile.ZipFile(path, 'w') as z:
          z.writestr('a.so', elf)
      data = bytearray(open(path, 'rb').read())
      eocd = data.rfind(b'PK\\x05\\x06')
      data[eocd+16:eocd+20] = (0x7fffffff).to_bytes(4, 'little')
      open(path, 'wb').write(bytes(data))
      """)
    let cut = try wheel(scratch, "cut.whl", """
      with zipfile.ZipFile(path, 'w') as z:
          z.writestr('a.so', elf)
      data = open(path, 'rb').read()
      open(path, 'wb').write(data[:len(data)//2])
      """)
    let local = try wheel(scratch, "local.whl", """
      with zipfile.ZipFile(path, 'w') as z:
          z.writestr('a.so', elf)
      data = bytearray(open(path, 'rb').read())
      cd = data.rfind(b'PK\\x01\\x02')
      data[cd+42:cd+46] = (len(data) - 10).to_bytes(4, 'little')
      open(path, 'wb').write(bytes(data))
      """)
    for path in [past, cut, local] {
      let files = read(path)
      #expect(!files.isEmpty && files.allSatisfy { $0.image == nil && $0.error?.code == .unreadable }, "\(path): \(files.map { $0.error?.what ?? "read" })")
    }
  }

  @Test func claimedSizesAreNotAllocationsAndABombEndsInMilliseconds() throws {
    // Four members whose headers claim 2 GiB each but inflate to 5,736 bytes: the old reader
    // allocated the claim (9.3 s and 2.1 GB for this file); the buffer now grows as data arrives.
    let scratch = try Scratch()
    let path = try wheel(scratch, "bomb-1.0-py3-none-any.whl", """
      with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
          for i in range(4): z.writestr(f"pkg/lib{i}.so", elf)
      b = bytearray(open(path, "rb").read())
      for signature, field in ((b"PK\\x01\\x02", 24), (b"PK\\x03\\x04", 22)):
          i = b.find(signature)
          while i >= 0:
              struct.pack_into("<I", b, i + field, 0x7fffffff); i = b.find(signature, i + 4)
      open(path, "wb").write(b)
      """)
    let clock = ContinuousClock()
    let start = clock.now
    let files = read(path)
    #expect(clock.now - start < .seconds(1))
    #expect(!files.isEmpty && files.allSatisfy { $0.image == nil })
    #expect(files.first?.error?.what.contains("read 5736, expected 2147483647") == true, "\(files.first?.error?.what ?? "")")
  }
}
