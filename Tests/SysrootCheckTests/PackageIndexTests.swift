import AbiScan
import Foundation
import SysrootCheck
import TestSupport
import Testing

/// Package fixes name packages from Debian's own Contents indices, never names made up from sonames.
@Suite("Debian package index")
struct PackageIndexTests {
  let index = DebianPackages.builtin

  @Test func theIndexKnowsWhichPackageShipsALibraryPerReleaseAndArchitecture() {
    // The cases a soname-derived guess gets wrong: libz1, libm6, libboost_system1.74.0, libpython3.11-1.0.
    #expect(index.packages(shipping: "libz.so.1", release: "12", architecture: "amd64") == ["zlib1g"])
    #expect(index.packages(shipping: "libm.so.6", release: "12", architecture: "arm64") == ["libc6"])
    #expect(index.packages(shipping: "libboost_system.so.1.74.0", release: "11", architecture: "amd64") == ["libboost-system1.74.0"])
    #expect(index.packages(shipping: "libpython3.11.so.1.0", release: "12", architecture: "amd64") == ["libpython3.11"])
    #expect(index.packages(shipping: "libstdc++.so.6", release: "13", architecture: "riscv64") == ["libstdc++6"])
    #expect(index.packages(shipping: "libswiftCore.so", release: "12", architecture: "amd64").isEmpty)
    #expect(index.releases == ["11", "12", "13"])
    #expect(!index.covers(release: "10", architecture: "amd64"), "buster is no longer on the mirror")
  }

  @Test func theIndexAgreesWithThisMachinesOwnPackageDatabase() throws {
    // Every library dpkg says a package installed in /lib/x86_64-linux-gnu here is in the index under that package.
    let lists = try FileManager.default.contentsOfDirectory(atPath: "/var/lib/dpkg/info").filter { $0.hasSuffix(".list") }
    var compared = 0
    for list in lists {
      let package = String(list.dropLast(5).split(separator: ":")[0])
      let text = (try? String(contentsOfFile: "/var/lib/dpkg/info/\(list)", encoding: .utf8)) ?? ""
      for line in text.split(separator: "\n") where line.hasPrefix("/lib/x86_64-linux-gnu/lib") && line.contains(".so.") && !line.dropFirst(22).contains("/") {
        let name = String(line.split(separator: "/").last ?? "")
        #expect(index.packages(shipping: name, release: "12", architecture: "amd64").contains(package), "\(name) of \(package)")
        compared += 1
      }
    }
    #expect(compared > 50)
    print("package index vs dpkg: \(compared) libraries compared")
  }

  @Test func aMissingLibraryOnADebianRootNamesItsPackageWithTheForeignArchitecture() throws {
    let scratch = try Scratch()
    try scratch.write("root/etc/os-release", Array("PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\n".utf8))
    let libc = try [UInt8](Data(contentsOf: URL(fileURLWithPath: "/usr/aarch64-linux-gnu/lib/libc.so.6")))
    try scratch.write("root/lib/aarch64-linux-gnu/libc.so.6", libc)
    let session = try SysrootSession(sysrootPath: scratch.path("root"), libraryPath: [], reader: ElfReader(parts: .all), width: 1)
    let report = session.check(paths: [Fixtures.path("aarch64", "libgreet-cxx11.so")], strict: false)
    let missing = try #require(report.findings.first { $0.code == .neededNotFound && $0.message.contains("libstdc++.so.6") })
    #expect(missing.fixes.contains { $0.text.contains("apt-get install libstdc++6:arm64 (Debian 12 arm64)") }, "\(missing.fixes.map(\.text))")
  }

  @Test func everyPackageAFixNamesExistsInTheIndexForItsReleaseAndArchitecture() throws {
    // Reports over the fixtures against Debian targets: each `apt-get install NAME[:ARCH]` of a
    // library fix is a package the index has for that release and architecture.
    let session = ProfileSession(input: InputReader(reader: ElfReader(parts: .all), width: 2))
    let profiles = try session.resolve(["debian-11-x86_64", "debian-12-x86_64", "debian-13-x86_64", "debian-12-aarch64", "debian-12-armhf"])
    // This machine's own programs need libraries no Debian profile promises (libselinux, libz, libcrypto...).
    let paths = ["x86_64", "aarch64", "armhf"].map { Fixtures.bin.appendingPathComponent($0).path }
      + ["/usr/bin/ls", "/usr/bin/ssh", "/usr/bin/git", "/usr/bin/readelf"]
    let (report, _) = session.check(paths: paths, profiles: profiles, strict: false)
    var named = 0
    for finding in report.findings {
      guard let profile = profiles.first(where: { finding.targets.contains($0.name) }) else { continue }
      for fix in finding.fixes where fix.kind == .package {
        guard let range = fix.text.range(of: "apt-get install ") else { continue }
        let names = fix.text[range.upperBound...].prefix { $0 != "(" }.split(separator: " ").filter { $0 != "or" }
        for name in names {
          let release = String(profile.release.split(separator: "-").last ?? "")
          let arch = TargetPlatform(identity: profile.architecture.identity).debianArchitecture ?? "?"
          #expect(DebianPackages.builtin.exists(String(name.split(separator: ":")[0]), release: release, architecture: arch), "\(name) on \(profile.name)")
          named += 1
        }
      }
    }
    #expect(named > 0)
    print("package names in fixes checked against the index: \(named)")
  }
}
