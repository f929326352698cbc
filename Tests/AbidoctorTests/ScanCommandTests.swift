import Foundation
import TestSupport
import Testing

/// `abidoctor scan` end to end on the fixtures.
@Suite("abidoctor scan")
struct ScanCommandTests {
  @Test func inventoryCoversEveryFixtureWithArchitectureLibcAndHighestVersions() throws {
    let result = try CLI.run(["scan", "--format", "json", CLI.fixtures.path])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.isEmpty, "no progress line when standard error is not a terminal")
    let report = try CLI.json(result.stdout)
    #expect(report["command"] as? String == "scan")
    let inventory = try #require(report["inventory"] as? [[String: Any]])
    #expect(inventory.count == Fixtures.all.count)
    let newsym = try #require(inventory.first { $0["path"] as? String == "x86_64/libnewsym.so" })
    #expect(newsym["architecture"] as? String == "x86_64")
    #expect(newsym["libc"] as? String == "glibc")
    #expect(newsym["libcVersion"] as? String == "2.36")
    #expect((newsym["highest"] as? [String: String])?["GLIBC"] == "2.36")
    let armel = try #require(inventory.first { $0["path"] as? String == "armel/hello" })
    #expect(armel["architecture"] as? String == "arm-soft-float")
    #expect(armel["interpreter"] as? String == "/lib/ld-linux.so.3")
    let cxx = try #require(inventory.first { $0["path"] as? String == "x86_64/libgreet-cxx11.so" })
    #expect((cxx["highest"] as? [String: String])?["GLIBCXX"] != nil)
    let summary = try #require(report["scanSummary"] as? [String: Any])
    #expect(summary["elfFiles"] as? Int == Fixtures.all.count)
    let byArch = try #require(summary["byArchitecture"] as? [String: Int])
    #expect(byArch["mips-be"] == 4 && byArch["mips"] == 4)
    #expect(byArch.values.reduce(0, +) == Fixtures.all.count)
    let highest = try #require((summary["highest"] as? [String: [String: String]])?["GLIBC"])
    #expect(highest["version"] == "2.36")
    #expect(highest["path"]?.hasSuffix("libnewsym.so") == true)
    let files = try #require(report["files"] as? [[String: Any]])
    #expect(files.allSatisfy { $0["symbols"] is NSNull }, "scan never reads symbol tables")
  }

  @Test func textEndsWithTheSummaryAndHighestNeeds() throws {
    let result = try CLI.run(["scan", CLI.fixtures.appendingPathComponent("x86_64").path])
    #expect(result.status == 0)
    #expect(result.stdout.contains("highest GLIBC_2.36 needed by libnewsym.so"))
    #expect(result.stdout.contains("architectures: x86_64 "))
    #expect(result.stdout.hasSuffix(": compatible\n"))
  }

  @Test func scanOfAFolderWithMalformedFilesReportsThemAndGoesOn() throws {
    let result = try CLI.run(["scan", "--format", "json", Fixtures.root.appendingPathComponent("malformed").path])
    #expect(result.status == 1)
    let report = try CLI.json(result.stdout)
    let findings = try #require(report["findings"] as? [[String: Any]])
    #expect(findings.count >= 200)
    #expect(findings.allSatisfy { ($0["code"] as? String) == "malformed-elf" })
  }
}
