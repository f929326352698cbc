import Foundation
import TestSupport
import Testing

/// `abidoctor profiles`, `check --target`, `--target auto`, wheels read in place, and policies, end to end.
@Suite("abidoctor profiles and check --target")
struct ProfileCommandTests {
  static let wheels = Fixtures.root.appendingPathComponent("wheels")

  @Test func profilesListsEveryFamilyAndShowsOneWhole() throws {
    let list = try CLI.run(["profiles"])
    #expect(list.status == 0)
    #expect(list.stdout.contains("\n266 profiles: 104 manylinux, 15 musllinux, 147 distribution\n"))
    let musl = try CLI.run(["profiles", "--filter", "musllinux", "--format", "json"])
    let rows = try #require(try JSONSerialization.jsonObject(with: Data(musl.stdout.utf8)) as? [[String: Any]])
    #expect(rows.count == 15)
    let one = try CLI.json(try CLI.run(["profiles", "ubuntu-20.04-arm64", "--format", "json"]).stdout)
    #expect(one["name"] as? String == "ubuntu-20.04-aarch64")
    #expect(one["interpreter"] as? String == "/lib/ld-linux-aarch64.so.1")
    #expect((one["libc"] as? [String: Any])?["version"] as? String == "2.31")
    #expect((one["highestVersions"] as? [String: String])?["GLIBCXX"] == "GLIBCXX_3.4.28")
    #expect((one["architecture"] as? [String: Any])?["class"] as? Int == 64)
    #expect((one["libraries"] as? [String])?.contains("libstdc++.so.6") == true)
    #expect((one["sources"] as? [String])?.first?.contains("pep600_compliance") == true)
    let text = try CLI.run(["profiles", "manylinux2014_armv7l"])
    #expect(text.stdout.contains("flags        0x5000400 [eabi5, hard-float]"))
    let unknown = try CLI.run(["profiles", "ubuntu-21.04-x86_64"])
    #expect(unknown.status == 2 && unknown.stderr.contains("did you mean ubuntu-20.04-x86_64"))
  }

  @Test func targetFailsOldUbuntuAndPassesNewInJson() throws {
    let hello = CLI.fixture("x86_64", "hello")
    let old = try CLI.run(["check", "--target", "ubuntu-20.04-x86_64", "--format", "json", hello])
    #expect(old.status == 1)
    let report = try CLI.json(old.stdout)
    let target = try #require(report["target"] as? [String: Any])
    #expect(target["kind"] as? String == "profile" && target["name"] as? String == "ubuntu-20.04-x86_64")
    let finding = try #require((report["findings"] as? [[String: Any]])?.first)
    #expect(finding["code"] as? String == "version-too-new")
    #expect((finding["evidence"] as? [String: Any])?["symbols"] as? [String] == ["__libc_start_main"])
    #expect(try CLI.run(["check", "--target", "ubuntu-22.04-x86_64", hello]).status == 0)
    let both = try CLI.json(try CLI.run(["check", "--target", "ubuntu-20.04-x86_64", "--target", "ubuntu-22.04-x86_64", "--format", "json", hello]).stdout)
    let verdicts = try #require(both["targets"] as? [[String: Any]])
    #expect(verdicts.map { $0["verdict"] as? String } == ["incompatible", "compatible"])
    let unknown = try CLI.run(["check", "--target", "ubuntu-99.04-x86_64", hello])
    #expect(unknown.status == 2 && unknown.stderr.contains("abidoctor profiles lists them all"))
    #expect(try CLI.run(["check", "--target", "auto", "--target", "debian-12-x86_64", hello]).status == 2)
  }

  @Test func wheelFilesAreReadInPlaceAndAutoGivesAuditwheelsTag() throws {
    let manifest = try String(contentsOf: Self.wheels.appendingPathComponent("MANIFEST.tsv"), encoding: .utf8)
    var expected: [String: String] = [:]
    for row in manifest.split(separator: "\n").dropFirst() {
      let fields = row.split(separator: "\t").map(String.init)
      expected[fields[0]] = fields[2]
    }
    let whl = Self.wheels.appendingPathComponent("whl")
    let names = try FileManager.default.contentsOfDirectory(atPath: whl.path).sorted()
    #expect(names.count == 2)
    for name in names {
      let result = try CLI.run(["check", "--target", "auto", "--format", "json", whl.appendingPathComponent(name).path])
      #expect(result.status == 0, "\(result.stdout)")
      let report = try CLI.json(result.stdout)
      let auto = try #require(report["auto"] as? [String: Any])
      let tag = ((auto["manylinux"] as? [String: Any]) ?? (auto["musllinux"] as? [String: Any]))?["name"] as? String
      #expect(tag == expected[name], "\(name)")
      let file = try #require((report["files"] as? [[String: Any]])?.first)
      #expect((file["path"] as? String)?.hasPrefix("markupsafe/_speedups.cpython-311-") == true)
    }
    // Nothing was unpacked beside the wheels.
    #expect(try FileManager.default.contentsOfDirectory(atPath: whl.path).sorted() == names)
  }

  @Test func damagedWheelIsAFindingAndTheOtherFilesAreStillChecked() throws {
    let scratch = try Scratch()
    let bad = try scratch.write("broken.whl", Array("PK\u{3}\u{4}".utf8) + [UInt8](repeating: 0x41, count: 200))
    let good = Self.wheels.appendingPathComponent("whl").path
    let result = try CLI.run(["check", "--target", "manylinux_2_17_x86_64", "--format", "json", bad, good])
    let report = try CLI.json(result.stdout)
    let findings = try #require(report["findings"] as? [[String: Any]])
    #expect(findings.contains { $0["code"] as? String == "unreadable" && ($0["message"] as? String)?.contains("central directory") == true })
    #expect((report["files"] as? [[String: Any]])?.count == 3)
  }

  @Test func policyInTheCurrentFolderIsFoundAndItsMistakesExitTwo() throws {
    let scratch = try Scratch()
    let policy = try String(contentsOf: Fixtures.root.appendingPathComponent("policies/suppress-hello.yml"), encoding: .utf8)
    try scratch.write("abidoctor.yml", Array(policy.utf8))
    let hello = CLI.fixture("x86_64", "hello")
    let useplain = CLI.fixture("x86_64", "useplain")
    let result = try CLI.run(["check", "--format", "json", hello], in: scratch.url.path)
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    let report = try CLI.json(result.stdout)
    #expect((report["target"] as? [String: Any])?["name"] as? String == "ubuntu-20.04-x86_64")
    #expect((report["suppressed"] as? [[String: Any]])?.first?["reason"] as? String == "hello is deployed only to Ubuntu 22.04 hosts")
    // useplain needs GLIBC_2.34 too, but the suppression names hello only; its libplain is an error by policy.
    let other = try CLI.run(["check", "--format", "json", useplain], in: scratch.url.path)
    #expect(other.status == 1)
    let codes = (try CLI.json(other.stdout)["findings"] as? [[String: Any]])?.map { "\($0["code"] ?? "")/\($0["severity"] ?? "")" }
    #expect(codes == ["needed-not-guaranteed/error", "version-too-new/error"])
    try scratch.write("abidoctor.yml", Array("targets: [ubuntu-20.04-x86_64]\nfail_on: warning\n".utf8))
    let bad = try CLI.run(["check", hello], in: scratch.url.path)
    #expect(bad.status == 2 && bad.stderr.contains("abidoctor.yml:2: unknown key 'fail_on'"))
    let missing = try CLI.run(["check", "--policy", scratch.path("nope.yml"), hello])
    #expect(missing.status == 2 && missing.stderr.contains("no such policy file"))
  }
}
