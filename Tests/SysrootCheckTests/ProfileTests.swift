import AbiScan
import Foundation
import SysrootCheck
import TestSupport
import Testing

/// The built-in profiles against their sources, and `check --target` findings on real files.
@Suite("platform profiles")
struct ProfileTests {
  let catalog = BuiltinProfiles.catalog

  func fixture(_ arch: String, _ name: String) -> String { Fixtures.path(arch, name) }

  func check(_ paths: [String], _ names: [String]) throws -> Report {
    let session = ProfileSession(input: InputReader(reader: ElfReader(parts: .all), width: 2))
    return session.check(paths: paths, profiles: try session.resolve(names), strict: false).report
  }

  func codes(_ report: Report) -> Set<String> { Set(report.findings.map(\.code.rawValue)) }

  func profile(_ name: String) throws -> PlatformProfile { try #require(catalog.profile(named: name)) }

  // MARK: the data against its sources

  @Test func everyManylinuxAndMusllinuxProfileHoldsExactlyWhatAuditwheelsPolicyLists() throws {
    let script = Fixtures.root.deletingLastPathComponent().appendingPathComponent("Tests/Scripts/auditwheel_policies.py").path
    let (status, output) = try run("/usr/bin/env", ["python3", script])
    try #require(status == 0, "auditwheel must be installed (pip install auditwheel==6.8.2)")
    let document = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
    let policies = try #require(document["policies"] as? [String: [String: Any]])
    #expect(policies.count == 119)
    for (name, policy) in policies {
      let profile = try #require(catalog.profile(named: name), "\(name)")
      #expect(profile.name == name)
      let nodes = try #require(policy["nodes"] as? [String: [String]])
      #expect(Set(profile.versionNodes.map(\.prefix)) == Set(nodes.keys), "\(name)")
      for (prefix, expected) in nodes {
        #expect(profile.nodes(prefix: prefix).map { Set($0) } == Set(expected), "\(name) \(prefix)")
      }
      let libraries = try #require(policy["libraries"] as? [String])
      if profile.family == .manylinux {
        #expect(profile.libraries == libraries, "\(name)")
      } else {
        // auditwheel renames musl's libc.so per architecture; both names are kept.
        #expect(Set(libraries).isSubset(of: Set(profile.libraries)) && profile.libraries.contains { $0.hasPrefix("libc.musl-") })
      }
      #expect(profile.priority == policy["priority"] as? Int)
      for alias in policy["aliases"] as? [String] ?? [] { #expect(catalog.profile(named: alias)?.name == name) }
    }
  }

  @Test func manylinux2014IsManylinux_2_17AndAllowsExactlyItsGlibcNodes() throws {
    let tag = try profile("manylinux2014_x86_64")
    #expect(tag.name == "manylinux_2_17_x86_64")
    let glibc = try #require(tag.nodes(prefix: "GLIBC"))
    #expect(glibc.last == "2.17" && glibc.first == "2.2.5" && !glibc.contains("2.18"))
    #expect(try profile("manylinux1_i686").name == "manylinux_2_5_i686")
    #expect(try profile("manylinux2010_x86_64").name == "manylinux_2_12_x86_64")
  }

  @Test func catalogCoversEveryRequiredFamilyAndArchitecture() throws {
    let names = Set(catalog.profiles.map(\.name))
    for minor in [5, 12, 17, 24, 26, 27, 28, 31, 34, 35, 36, 37, 38, 39, 40, 41] {
      #expect(names.contains("manylinux_2_\(minor)_x86_64"))
    }
    for musl in ["musllinux_1_1_x86_64", "musllinux_1_2_aarch64", "musllinux_1_2_armv7l", "musllinux_1_2_loongarch64"] {
      #expect(names.contains(musl))
    }
    for distro in ["debian-10", "debian-11", "debian-12", "debian-13", "ubuntu-18.04", "ubuntu-20.04", "ubuntu-22.04", "ubuntu-24.04",
                   "rhel-7", "rhel-8", "rhel-9", "rhel-10", "amazonlinux-2", "amazonlinux-2023", "alpine-3.12", "alpine-3.22"] {
      #expect(names.contains("\(distro)-x86_64") && names.contains("\(distro)-aarch64"), "\(distro)")
    }
    #expect(try profile("rockylinux-9-x86_64").name == "rhel-9-x86_64")
    #expect(try profile("debian-12-amd64").name == "debian-12-x86_64")
    #expect(try profile("Ubuntu-22.04-ARM64").name == "ubuntu-22.04-aarch64")
    #expect(try profile("debian-12-armhf").architecture.identity.flags.floatABI == .hard)
    #expect(catalog.profiles.filter { $0.family == .distribution }.count == 147)
  }

  @Test func distributionProfilesMatchTheirRecordedSources() throws {
    let url = Fixtures.root.deletingLastPathComponent().appendingPathComponent("Profiles/sources/distributions.json")
    let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    let releases = try #require(document["releases"] as? [[String: Any]])
    #expect(releases.count == 14)
    for release in releases {
      let name = "\(release["distro"] as? String ?? "")-\(release["release"] as? String ?? "")-x86_64"
      let p = try profile(name)
      #expect(p.libcVersion == release["glibc"] as? String, "\(name)")
      #expect(p.nodes(prefix: "GLIBC")?.contains(release["glibc"] as? String ?? "-") == true, "\(name)")
      #expect(p.nodes(prefix: "GLIBCXX")?.last == release["glibcxx"] as? String, "\(name)")
      #expect(p.nodes(prefix: "GCC") == release["gcc"] as? [String], "\(name)")
      #expect(p.sources.first?.contains(release["source"] as? String ?? "-") == true, "\(name)")
    }
    // A whole record of a derived architecture, as pep600_compliance read it from Debian 12 on arm64.
    let check = try #require((document["checks"] as? [[String: Any]])?.first)
    let derived = try profile(check["profile"] as? String ?? "")
    for (prefix, nodes) in try #require(check["symbols"] as? [String: [String]]) {
      #expect(derived.nodes(prefix: prefix).map(Set.init) == Set(nodes), "\(prefix)")
    }
    #expect(try profile("rhel-9-x86_64").isaLevel == 2)
    #expect(try profile("rhel-10-x86_64").isaLevel == 3)
    #expect(try profile("alpine-3.20-x86_64").libcVersion == "1.2.5")
  }

  @Test func debianPortsProfilesDefineWhatDebiansOwnLibcDefines() throws {
    // The same packages (libc6-ARCH-cross, bookworm) are installed on the test machine: read them with
    // abidoctor's reader and compare with the profile generated from their downloaded copies.
    for (arch, sysroot) in [("armel", "/usr/arm-linux-gnueabi"), ("mipsel", "/usr/mipsel-linux-gnu")] {
      let libc = try ElfReader(parts: .all).read(path: sysroot + "/lib/libc.so.6")
      // On ARM and MIPS, libgcc_s also defines a GLIBC_2.0 node; auditwheel's rule pools nodes by prefix.
      let libgcc = try ElfReader(parts: .all).read(path: sysroot + "/lib/libgcc_s.so.1")
      let defined = (libc.definedVersionNames + libgcc.definedVersionNames)
        .filter { $0.hasPrefix("GLIBC_") && $0 != "GLIBC_PRIVATE" }.map { String($0.dropFirst(6)) }
      let p = try profile("debian-12-\(arch)")
      #expect(Set(p.nodes(prefix: "GLIBC") ?? []) == Set(defined), "\(arch)")
      #expect(p.architecture.identity.flags == libc.identity.flags && p.architecture.identity.machine == libc.identity.machine)
    }
    // The fixtures, built on bookworm, load on Debian 12 armel and not on Debian 11.
    let report = try check([fixture("armel", "hello")], ["debian-12-armel", "debian-11-armel", "debian-12-armhf"])
    let byTarget = Dictionary(grouping: report.findings) { $0.target ?? "" }
    #expect(byTarget["debian-12-armel"] == nil)
    #expect(byTarget["debian-11-armel"]?.map(\.code) == [.versionTooNew])
    #expect(byTarget["debian-12-armhf"]?.contains { $0.code == .floatABIMismatch } == true)
    #expect(try check([fixture("mipsel", "hello")], ["debian-12-mipsel"]).findings.isEmpty)
  }

  // MARK: findings

  @Test func glibc234BinaryFailsUbuntu2004NamingTheSymbolAndPassesUbuntu2204() throws {
    let hello = fixture("x86_64", "hello")
    let old = try check([hello], ["ubuntu-20.04-x86_64"])
    let finding = try #require(old.findings.first { $0.code == .versionTooNew })
    #expect(finding.message.contains("GLIBC_2.34") && finding.message.contains("__libc_start_main") && finding.message.contains("GLIBC_2.31"))
    #expect(finding.fixes.contains { $0.text.contains("zig cc -target x86_64-linux-gnu.2.31") })
    #expect(finding.fixes.contains { $0.text.contains("ubuntu:20.04") })
    #expect(old.exitStatus == 1)
    #expect(try check([hello], ["ubuntu-22.04-x86_64"]).findings.isEmpty)
  }

  @Test func glibcFloorFixturesPassAndFailTheRightDistributions() throws {
    // hello needs GLIBC_2.34; libnewsym.so needs GLIBC_2.36 (arc4random).
    let expectations: [(String, String, Bool)] = [
      ("hello", "debian-11-x86_64", false), ("hello", "debian-12-x86_64", true), ("hello", "rhel-8-x86_64", false),
      ("hello", "rhel-9-x86_64", true), ("hello", "amazonlinux-2-x86_64", false), ("hello", "amazonlinux-2023-x86_64", true),
      ("libnewsym.so", "ubuntu-22.04-x86_64", false), ("libnewsym.so", "debian-12-x86_64", true),
      ("libnewsym.so", "ubuntu-24.04-x86_64", true), ("libnewsym.so", "manylinux_2_35_x86_64", false),
      ("libnewsym.so", "manylinux_2_36_x86_64", true),
    ]
    for (file, target, passes) in expectations {
      let report = try check([fixture("x86_64", file)], [target])
      #expect((report.exitStatus == 0) == passes, "\(file) on \(target): \(report.findings.map(\.message))")
    }
    let armhf = try check([fixture("armhf", "libnewsym.so")], ["debian-11-armhf", "debian-12-armhf"])
    let failures = armhf.findings.filter { $0.code == .versionTooNew }
    #expect(failures.count == 1 && failures[0].message.contains("debian-11-armhf") && failures[0].message.contains("arc4random"))
  }

  @Test func wrongArchitectureFloatABIAndLibcAreReportedOnceEachWithFixes() throws {
    let machine = try check([fixture("aarch64", "hello")], ["ubuntu-22.04-x86_64"])
    #expect(codes(machine) == ["machine-mismatch"])
    let soft = try check([fixture("armel", "hello")], ["debian-12-armhf"])
    #expect(codes(soft).contains("float-abi-mismatch"))
    #expect(soft.findings.contains { $0.fixes.contains { $0.text.contains("-mfloat-abi=hard") } })
    let musl = try check([fixture("musl", "hello")], ["debian-12-x86_64"])
    #expect(codes(musl) == ["libc-mismatch"])
    let glibcOnAlpine = try check([fixture("x86_64", "hello")], ["alpine-3.20-x86_64"])
    let finding = try #require(glibcOnAlpine.findings.first { $0.code == .libcMismatch })
    #expect(finding.fixes.contains { $0.text.contains("gcompat") })
    #expect(try check([fixture("musl", "hello")], ["alpine-3.20-x86_64", "musllinux_1_2_x86_64"]).findings.isEmpty)
  }

  @Test func debiansOwnCrossLibrariesSatisfyTheirDebian12Profiles() throws {
    // Real Debian 12 libraries and start files (libc6-*-cross on the test machine): each must pass its
    // own release's profile, start files without a float convention included; GLIBC_PRIVATE stays a warning.
    for (folder, profile) in [("aarch64-linux-gnu", "debian-12-aarch64"), ("arm-linux-gnueabihf", "debian-12-armhf"),
                              ("arm-linux-gnueabi", "debian-12-armel"), ("i686-linux-gnu", "debian-12-i386"),
                              ("mipsel-linux-gnu", "debian-12-mipsel")] {
      let report = try check(["/usr/\(folder)/lib"], [profile])
      #expect(report.files.count > 20, "\(folder)")
      #expect(report.findings.filter { $0.severity == .error }.isEmpty, "\(folder): \(report.findings.filter { $0.severity == .error }.map(\.message))")
      #expect(Set(report.findings.map(\.code)).isSubset(of: [.privateVersion]), "\(folder)")
    }
  }

  @Test func isaLevelAboveTheProfileIsAnErrorAndRhel10AcceptsV3() throws {
    let v3 = fixture("x86_64", "libisa-v3.so")
    let report = try check([v3], ["ubuntu-22.04-x86_64", "rhel-9-x86_64", "rhel-10-x86_64"])
    // One cause on two targets is one finding naming both.
    let targets = report.findings.filter { $0.code == .isaLevelTooHigh }.map(\.targets)
    #expect(targets == [["ubuntu-22.04-x86_64", "rhel-9-x86_64"]])
  }

  @Test func libraryThePlatformDoesNotPromiseIsAWarningUnlessTheBundleShipsIt() throws {
    let alone = try check([fixture("x86_64", "useplain")], ["debian-12-x86_64"])
    let finding = try #require(alone.findings.first { $0.code == .neededNotGuaranteed })
    #expect(finding.severity == .warning && finding.message.contains("libplain.so.1"))
    // No package name is guessed from a soname: Debian's index has none for it, and the fix says so.
    #expect(finding.fixes.contains { $0.text.contains("no Debian 12 amd64 package ships libplain.so.1") })
    #expect(!finding.fixes.contains { $0.text.contains("apt-get install") })
    #expect(alone.exitStatus == 0)
    let bundled = try check([fixture("x86_64", "useplain"), fixture("x86_64", "libplain.so.1")], ["debian-12-x86_64"])
    #expect(!codes(bundled).contains("needed-not-guaranteed"))
    // libstdc++ is not part of Alpine's base system.
    let cxx = try check([fixture("x86_64", "libgreet-cxx11.so")], ["manylinux_2_17_x86_64", "rhel-7-x86_64"])
    #expect(cxx.findings.filter { $0.code == .versionTooNew }.map(\.targets) == [["manylinux_2_17_x86_64", "rhel-7-x86_64"]])
    #expect(cxx.findings.first { $0.code == .versionTooNew }?.fixes.contains { $0.text.contains("GLIBCXX_3.4.21 comes with GCC 5.1.0") } == true)
  }

  @Test func executableStackLibraryFailsOnlyFromGlibc241() throws {
    let library = fixture("x86_64", "libexecstack.so")
    let report = try check([library], ["debian-12-x86_64", "debian-13-x86_64"])
    let stacks = report.findings.filter { $0.code == .executableStack }
    #expect(stacks.count == 1 && stacks[0].message.contains("debian-13-x86_64"))
  }

  @Test func unknownProfileNamesSuggestions() throws {
    let session = ProfileSession(input: InputReader(reader: ElfReader(parts: .all)))
    #expect(throws: ProfileSession.UnknownProfile.self) { try session.resolve(["ubuntu-20.10-x86_64"]) }
    #expect(catalog.suggestions(for: "ubuntu-20.10-x86_64").contains("ubuntu-20.04-x86_64"))
  }

  // MARK: auto

  @Test func autoGivesAuditwheelsTagForEveryRealWheel() throws {
    let wheels = Fixtures.root.appendingPathComponent("wheels")
    let manifest = try String(contentsOf: wheels.appendingPathComponent("MANIFEST.tsv"), encoding: .utf8)
    let rows = manifest.split(separator: "\n").dropFirst().map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    #expect(rows.count == 7)
    var architectures: Set<String> = []
    let session = ProfileSession(input: InputReader(reader: ElfReader(parts: .all), width: 2))
    for row in rows {
      let folder = wheels.appendingPathComponent(String(row[0].dropLast(4))).path
      let (report, auto) = session.auto(paths: [folder], strict: false)
      let tag = auto.manylinux?.name ?? auto.musllinux?.name
      #expect(tag == row[2], "\(row[0])")
      #expect(report.exitStatus == 0)
      if let arch = auto.candidates.first?.architecture.name { architectures.insert(arch) }
    }
    #expect(architectures == ["x86_64", "aarch64", "i386", "ppc64le"])
  }

  @Test func wheelNeedingALibraryOutsideThePolicyIsNoManylinuxWheelAsAuditwheelSays() throws {
    // A wheel built here whose extension needs libplain.so.1, neither whitelisted nor bundled.
    let scratch = try Scratch()
    let wheel = scratch.path("demo-1.0-cp311-cp311-linux_x86_64.whl")
    let build = """
      import base64, hashlib, sys, zipfile
      files = {"demo/_ext.cpython-311-x86_64-linux-gnu.so": open(sys.argv[2], "rb").read(), "demo/__init__.py": b"",
               "demo-1.0.dist-info/METADATA": b"Metadata-Version: 2.1\\nName: demo\\nVersion: 1.0\\n",
               "demo-1.0.dist-info/WHEEL": b"Wheel-Version: 1.0\\nGenerator: abidoctor-test\\nRoot-Is-Purelib: false\\nTag: cp311-cp311-linux_x86_64\\n"}
      record = []
      with zipfile.ZipFile(sys.argv[1], "w") as z:
          for name, data in files.items():
              z.writestr(name, data)
              digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
              record.append(f"{name},sha256={digest},{len(data)}")
          z.writestr("demo-1.0.dist-info/RECORD", "\\n".join(record + ["demo-1.0.dist-info/RECORD,,"]) + "\\n")
      """
    let made = try runProgram("/usr/bin/env", ["python3", "-c", build, wheel, fixture("x86_64", "libchain.so")])
    #expect(made.status == 0, "\(made.output)")
    let shown = try runProgram("/usr/bin/env", ["python3", "-m", "auditwheel", "show", wheel])
    #expect(shown.output.contains("platform tag: \"linux_x86_64\""), "\(shown.output)")
    let session = ProfileSession(input: InputReader(reader: ElfReader(parts: .all), width: 2))
    let (_, auto) = session.auto(paths: [wheel], strict: false)
    #expect(auto.manylinux == nil && auto.musllinux == nil)
    let (report, _) = session.check(paths: [wheel], profiles: try session.resolve(["manylinux_2_17_x86_64"]), strict: false)
    let finding = try #require(report.findings.first { $0.code == .neededNotGuaranteed })
    #expect(finding.severity == .error && finding.message.contains("auditwheel show: linux_x86_64"))
    #expect(finding.fixes.contains { $0.text.contains("auditwheel repair --plat manylinux_2_17_x86_64") })
  }

  @Test func autoNamesTheOldestReleaseOfEachDistributionAndExplainsATotalFailure() throws {
    let session = ProfileSession(input: InputReader(reader: ElfReader(parts: .all), width: 2))
    let (_, hello) = session.auto(paths: [fixture("x86_64", "hello")], strict: false)
    #expect(hello.manylinux?.name == "manylinux_2_34_x86_64")
    #expect(Set(hello.distributions.map(\.name)) == ["debian-12-x86_64", "ubuntu-22.04-x86_64", "rhel-9-x86_64", "amazonlinux-2023-x86_64"])
    let (report, mixed) = session.auto(paths: [fixture("x86_64", "hello"), fixture("aarch64", "hello")], strict: false)
    #expect(mixed.satisfied.isEmpty && report.exitStatus == 1)
  }
}
