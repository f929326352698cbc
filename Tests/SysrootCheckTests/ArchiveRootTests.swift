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
    // The real loader in that root agrees (in a copy: the shared root is never written to).
    let copy = scratch.path("copy")
    try DebianRoot.copy(root, to: copy)
    try FileManager.default.copyItem(atPath: scratch.path("hello"), toPath: copy + "/abidoctor-hello")
    #expect(try runProgram("/usr/sbin/chroot", [copy, "/abidoctor-hello"]).output.contains("GLIBC_2.34' not found"))
    for (name, flags) in [("root.tar", ["-cf"]), ("root.tar.gz", ["-I", "gzip -1", "-cf"]), ("root.tar.xz", ["-I", "xz -0 -T0", "-cf"]), ("root.tar.zst", ["-I", "zstd -1 -T0", "-cf"])] {
      let archive = scratch.path(name)
      let made = try runProgram("/bin/tar", flags + [archive, "-C", root, "."])
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

  /// A real OCI image made by umoci from the Debian 11 root: the root as layer 1, then a layer 2
  /// that deletes libz.so.1 (umoci writes the OCI whiteout), and the same image converted by skopeo
  /// to an OCI tar and a docker-archive. Returns the three forms and layer 2's unpacked root.
  func images(_ scratch: Scratch) throws -> (forms: [String], top: String) {
    let root = try DebianRoot.bullseye.get()
    let layout = scratch.path("img")
    func run(_ program: String, _ arguments: [String]) throws {
      let result = try runProgram(program, arguments, in: scratch.url.path)
      #expect(result.status == 0, "\(program) \(arguments.joined(separator: " ")): \(result.output)")
    }
    try run("/usr/bin/umoci", ["init", "--layout", layout])
    try run("/usr/bin/umoci", ["new", "--image", layout + ":app"])
    try run("/usr/bin/umoci", ["unpack", "--image", layout + ":app", scratch.path("b1")])
    try run("/bin/cp", ["-a", root + "/.", scratch.path("b1/rootfs/")])
    try run("/usr/bin/umoci", ["repack", "--image", layout + ":app", scratch.path("b1")])
    try run("/usr/bin/umoci", ["unpack", "--image", layout + ":app", scratch.path("b2")])
    try run("/bin/sh", ["-c", "rm -f " + scratch.path("b2/rootfs/lib/x86_64-linux-gnu") + "/libz.so.1*"])
    try run("/usr/bin/umoci", ["repack", "--image", layout + ":app", scratch.path("b2")])
    try run("/usr/bin/skopeo", ["copy", "-q", "oci:\(layout):app", "oci-archive:\(scratch.path("oci.tar")):app"])
    try run("/usr/bin/skopeo", ["copy", "-q", "oci:\(layout):app", "docker-archive:\(scratch.path("docker.tar")):app"])
    return ([layout, scratch.path("oci.tar"), scratch.path("docker.tar")], scratch.path("b2/rootfs"))
  }

  @Test func aLibraryRemovedByAWhiteoutInTheTopLayerIsMissingInEveryImageForm() throws {
    let scratch = try Scratch()
    let (forms, top) = try images(scratch)
    // The real loader in the top layer's root: apt-get's libapt-pkg needs libz.so.1, which layer 2 removed.
    let real = try runProgram("/usr/sbin/chroot", [top, "/usr/bin/apt-get", "--version"])
    #expect(real.status == 127 && real.output.contains("libz.so.1: cannot open shared object file"), "\(real.output)")
    let program = scratch.path("apt-get")
    try FileManager.default.copyItem(atPath: scratch.path("b1/rootfs/usr/bin/apt-get"), toPath: program)
    for form in forms {
      let report = try check([program], sysroot: form)
      let missing = try #require(report.findings.first { $0.code == .neededNotFound }, "\(form): \(summary(report))")
      #expect(missing.message.contains("libz.so.1") && missing.message.contains("libapt-pkg"), "\(form)")
      #expect(report.findings.count == 1, "\(form): \(summary(report))")
    }
    // And a program built here needs GLIBC_2.34 there, in every form.
    for form in forms {
      #expect(try check([Fixtures.path("x86_64", "hello")], sysroot: form).findings.map(\.code) == [.versionTooNew], "\(form)")
    }
  }

  @Test func aMultiPlatformIndexIsResolvedByPlatformAndOtherwiseNamesItsPlatforms() throws {
    let scratch = try Scratch()
    let (forms, _) = try images(scratch)
    let layout = forms[0]
    // A second platform: an arm64 root from Debian's own arm64 libc (libc6-arm64-cross), as one more image.
    for (program, arguments) in [
      ("/usr/bin/umoci", ["new", "--image", layout + ":arm"]),
      ("/usr/bin/umoci", ["unpack", "--image", layout + ":arm", scratch.path("b3")]),
      ("/bin/cp", ["-a", "/usr/aarch64-linux-gnu/lib", scratch.path("b3/rootfs/lib")]),
      ("/usr/bin/umoci", ["repack", "--image", layout + ":arm", scratch.path("b3")]),
    ] {
      let result = try runProgram(program, arguments)
      #expect(result.status == 0, "\(program): \(result.output)")
    }
    // index.json -> one image index with both manifests and their platforms, as docker buildx writes it.
    let program = """
      import hashlib, json, os, sys
      layout = sys.argv[1]
      top = json.load(open(os.path.join(layout, "index.json")))
      refs = {m["annotations"]["org.opencontainers.image.ref.name"]: m for m in top["manifests"]}
      amd, arm = dict(refs["app"]), dict(refs["arm"])
      amd["platform"] = {"os": "linux", "architecture": "amd64"}
      arm["platform"] = {"os": "linux", "architecture": "arm64", "variant": "v8"}
      for m in (amd, arm): m.pop("annotations", None)
      index = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [amd, arm]}).encode()
      digest = hashlib.sha256(index).hexdigest()
      open(os.path.join(layout, "blobs", "sha256", digest), "wb").write(index)
      top["manifests"] = [{"mediaType": "application/vnd.oci.image.index.v1+json", "digest": "sha256:" + digest, "size": len(index)}]
      json.dump(top, open(os.path.join(layout, "index.json"), "w"))
      """
    #expect(try runProgram("/usr/bin/env", ["python3", "-c", program, layout]).status == 0)
    #expect(throws: SysrootError.self) { try Sysroot.opening(layout) }
    do { _ = try Sysroot.opening(layout) } catch {
      #expect(error.description.contains("linux/amd64, linux/arm64/v8") && error.description.contains("--platform"), "\(error)")
    }
    let session = try SysrootSession(sysrootPath: layout, libraryPath: [], platform: "linux/arm64", reader: ElfReader(parts: .all), width: 1)
    #expect(session.check(paths: [Fixtures.path("aarch64", "hello")], strict: false).findings.isEmpty)
    let amd = try SysrootSession(sysrootPath: layout, libraryPath: [], platform: "linux/amd64", reader: ElfReader(parts: .all), width: 1)
    #expect(amd.check(paths: [Fixtures.path("aarch64", "hello")], strict: false).findings.map(\.code) == [.machineMismatch])
    #expect(throws: SysrootError.self) { try Sysroot.opening(layout, platform: "linux/s390x") }
    // Without --platform, the files' own architecture chooses, when they agree on one the index has.
    let byFiles = try SysrootSession(sysrootPath: layout, libraryPath: [], platformOf: [Fixtures.path("aarch64", "hello")], reader: ElfReader(parts: .all), width: 1)
    #expect(byFiles.check(paths: [Fixtures.path("aarch64", "hello")], strict: false).findings.isEmpty)
    #expect(throws: SysrootError.self) {
      try SysrootSession(sysrootPath: layout, libraryPath: [], platformOf: [Fixtures.path("aarch64", "hello"), Fixtures.path("x86_64", "hello")], reader: ElfReader(parts: .all), width: 1)
    }
  }

  @Test func anImageNamedAloneIsCheckedAgainstItselfAndScannedInPlace() throws {
    let scratch = try Scratch()
    let (forms, _) = try images(scratch)
    let input = InputReader(reader: ElfReader(parts: .all), width: 2)
    for form in forms {
      let (files, _) = input.read(paths: [form])
      #expect(files.count > 300 && files.allSatisfy { $0.inArchive && $0.root == form }, "\(form): \(files.count)")
      let apt = try #require(files.first { $0.locationPath == form + ":/usr/bin/apt-get" })
      // The layer it came from: layer 1's digest in the OCI forms, its layer tar in the docker archive.
      #expect(apt.layer.map { form.hasSuffix("docker.tar") ? $0.hasSuffix(".tar") : $0.hasPrefix("sha256:") } == true, "\(form): \(apt.layer ?? "-")")
      // Against itself: only what the top layer's whiteout broke (libz.so.1), nothing from the distribution's own builds.
      let session = try SysrootSession(sysrootPath: form, libraryPath: [], reader: ElfReader(parts: .all), width: 2)
      let report = session.check(paths: [form], strict: false)
      #expect(!report.findings.isEmpty && report.findings.allSatisfy { $0.code == .neededNotFound && $0.message.contains("libz.so.1") }, "\(form): \(Set(report.findings.map(\.code)))")
    }
  }

  @Test func packagesAreInputsAndADebWhoseDeclaredFloorIsTooLowIsFlagged() throws {
    let scratch = try Scratch()
    try scratch.write("hello.c", Array("int main(void) { return 0; }\n".utf8))
    try FileManager.default.createDirectory(atPath: scratch.path("pkg/usr/bin"), withIntermediateDirectories: true)
    try cc(["-o", scratch.path("pkg/usr/bin/hello"), scratch.path("hello.c")])
    func deb(_ floor: String) throws -> String {
      try scratch.write("pkg/DEBIAN/control", Array("Package: hello-abidoctor\nVersion: 1.0\nArchitecture: amd64\nMaintainer: t <t@example.org>\nDepends: libc6 (>= \(floor))\nDescription: test\n".utf8))
      let out = scratch.path("hello-\(floor).deb")
      let made = try runProgram("/usr/bin/dpkg-deb", ["--build", "-Zxz", scratch.path("pkg"), out])
      #expect(made.status == 0, "\(made.output)")
      return out
    }
    let input = InputReader(reader: ElfReader(parts: .all), width: 1)
    let low = try deb("2.31")
    let (files, findings) = input.read(paths: [low])
    #expect(files.map(\.locationPath) == [low + ":/usr/bin/hello"])
    let floor = try #require(findings.first { $0.code == .packageFloorTooLow })
    #expect(floor.message.contains("libc6 (>= 2.31)") && floor.message.contains("needs glibc 2.34"))
    // Following the fix: the floor the binaries need.
    #expect(floor.fixes.first?.text.hasPrefix("declare Depends: libc6 (>= 2.34)") == true)
    #expect(!input.read(paths: [try deb("2.34")]).findings.contains { $0.code == .packageFloorTooLow })
    // And against the release it would install on, the binary fails the way apt would let it.
    let session = ProfileSession(input: input)
    let (report, _) = session.check(paths: [low], profiles: try session.resolve(["debian-11-x86_64"]), strict: false)
    #expect(report.findings.contains { $0.code == .versionTooNew && $0.path == "/usr/bin/hello" })

    // An .rpm made by rpmbuild: its payload is read the same way.
    let spec = scratch.path("hello.spec")
    try scratch.write("hello.spec", Array("""
      Name: hello-abidoctor
      Version: 1.0
      Release: 1
      Summary: test
      License: MIT
      BuildArch: x86_64
      %description
      test
      %install
      mkdir -p %{buildroot}/usr/bin
      cp \(scratch.path("pkg/usr/bin/hello")) %{buildroot}/usr/bin/hello
      %files
      /usr/bin/hello

      """.utf8))
    let built = try runProgram("/usr/bin/rpmbuild", ["-bb", "--define", "_topdir \(scratch.path("rpm"))", "--define", "__strip /bin/true", "--define", "_build_id_links none", spec])
    #expect(built.status == 0, "\(built.output)")
    let rpm = scratch.path("rpm/RPMS/x86_64/hello-abidoctor-1.0-1.x86_64.rpm")
    let (rpmFiles, _) = input.read(paths: [rpm])
    #expect(rpmFiles.map(\.locationPath) == [rpm + ":/usr/bin/hello"] && rpmFiles.first?.image?.libc.minVersion == "2.34")
  }
}

/// An ELF member is read as it streams past, into memory that holds only what a question reads (its
/// code is counted, not kept), and handed to libelf without a copy: the facts must be the file's facts.
@Suite("ELF files read from archive streams")
struct ArchiveMemberFactsTests {
  @Test func everyLibraryReadFromATarStreamHasTheFactsOfTheFileOnDisk() throws {
    let folder = "/usr/lib/x86_64-linux-gnu"
    let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.contains(".so") }.sorted()
    let reader = ElfReader(parts: [.all, .staticSymbols])
    var onDisk: [String: ElfImage] = [:]
    for name in names {
      var info = stat()
      guard lstat(folder + "/" + name, &info) == 0, info.st_mode & S_IFMT == S_IFREG,
        let image = try? reader.read(path: folder + "/" + name)
      else { continue }
      onDisk[name] = image
    }
    #expect(onDisk.count > 100, "a real library folder")
    let scratch = try Scratch()
    let archive = scratch.path("libs.tar.gz")
    let made = try runProgram("/bin/tar", ["-I", "gzip -1", "-cf", archive, "-C", folder] + onDisk.keys.sorted())
    #expect(made.status == 0, "\(made.output)")
    let tree = try ArchiveTree(path: archive, parts: [.all, .staticSymbols])
    var withCodeLeftOut = 0
    for (name, expected) in onDisk {
      guard case .success(var image)? = tree.image(at: "/" + name) else {
        Issue.record("\(name): not read from the archive")
        continue
      }
      image.path = expected.path
      #expect(image == expected, "\(name): facts differ when read from the stream")
      let head = try #require(FileHandle(forReadingAtPath: folder + "/" + name)?.readData(ofLength: 1 << 16))
      if !ElfCodeRanges.unread(head: Array(head)).isEmpty { withCodeLeftOut += 1 }
    }
    // Most of Debian 12's libraries are linked with separate code, so the ranges left out are real.
    #expect(withCodeLeftOut > onDisk.count / 4, "\(withCodeLeftOut) of \(onDisk.count) libraries had code left out")
  }
}

/// Alpine packages: an `.apk` is gzip streams of tar segments one after another (signature, control,
/// data); abuild cuts the end-of-archive markers between them, other writers do not.
@Suite("Alpine packages as inputs")
struct AlpinePackageTests {
  @Test func everyElfFileOfAnApkIsReadWhetherItsSegmentsAreCutOrNot() throws {
    let scratch = try Scratch()
    try scratch.write("hello.c", Array("#include <stdio.h>\nint main(void) { puts(\"hello\"); return 0; }\n".utf8))
    let built = try runProgram("/usr/bin/musl-gcc", ["-o", scratch.path("hello"), scratch.path("hello.c")])
    #expect(built.status == 0, "\(built.output)")
    // The real loader runs it (musl's, from Debian's musl package).
    #expect(try runProgram(scratch.path("hello"), []).output == "hello\n")
    let program = """
      import gzip, io, sys, tarfile
      def segment(files, cut):
          buf = io.BytesIO()
          with tarfile.open(fileobj=buf, mode='w', format=tarfile.PAX_FORMAT) as t:
              for name, data, mode in files:
                  info = tarfile.TarInfo(name); info.size = len(data); info.mode = mode
                  t.addfile(info, io.BytesIO(data))
          raw = buf.getvalue()
          while cut and raw.endswith(b'\\0' * 512): raw = raw[:-512]
          return gzip.compress(raw)
      elf = open(sys.argv[2], 'rb').read()
      for name, cut in (('cut.apk', True), ('uncut.apk', False)):
          parts = [segment([('.SIGN.RSA.builder.rsa.pub', b'x' * 256, 0o644)], cut),
                   segment([('.PKGINFO', b'pkgname = hello\\ndepend = so:libc.musl-x86_64.so.1\\n', 0o644)], cut),
                   segment([('usr/bin/hello', elf, 0o755)], False)]
          open(sys.argv[1] + '/' + name, 'wb').write(b''.join(parts))
      """
    let made = try runProgram("/usr/bin/env", ["python3", "-c", program, scratch.url.path, scratch.path("hello")])
    #expect(made.status == 0, "\(made.output)")
    for name in ["cut.apk", "uncut.apk"] {
      let apk = scratch.path(name)
      let files = InputReader(reader: ElfReader(parts: .all), width: 2).read(paths: [apk]).files
      #expect(files.map(\.locationPath) == ["\(apk):/usr/bin/hello"], "\(name)")
      #expect(files.first?.image?.libc.family == .musl, "\(name)")
      let session = ProfileSession(input: InputReader(reader: ElfReader(parts: .all), width: 2))
      let report = try session.check(paths: [apk], named: ["musllinux_1_2_x86_64"], strict: false).report
      #expect(report.findings.filter { $0.severity == .error }.isEmpty, "\(name): \(report.findings.map(\.message))")
    }
  }
}
