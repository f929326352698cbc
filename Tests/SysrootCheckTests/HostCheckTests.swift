import AbiScan
import Foundation
import SysrootCheck
import TestSupport
import Testing

/// `check PLUGIN --host PROGRAM`: plugins against the process of the program that dlopens them.
@Suite("Host check")
struct HostCheckTests {
  /// `arch/name` or, for x86_64, just `name`.
  func fixture(_ spec: String) -> String {
    let parts = spec.split(separator: "/").map(String.init)
    return parts.count == 2 ? Fixtures.path(parts[0], parts[1]) : Fixtures.path("x86_64", spec)
  }

  func check(host: String, _ plugins: [String]) throws -> Report {
    let session = try HostSession(hostPath: fixture(host), sysrootPath: "/", libraryPath: [], width: 2)
    return session.check(paths: plugins.map(fixture), strict: false)
  }

  func codes(_ report: Report) -> [String] { report.findings.map(\.code.rawValue) }

  @Test func symbolTheHostDefinesButDoesNotExportPointsAtRdynamic() throws {
    let report = try check(host: "plugin-host", ["libplugin.so"])
    let finding = try #require(report.findings.first)
    #expect(codes(report) == ["symbol-unresolved"])
    #expect(finding.message.contains("host_api"))
    #expect(finding.evidence.contains { $0.key == "definedInHostButNotExported" && $0.value == .bool(true) })
    #expect(finding.fixes.first?.text.contains("-rdynamic") == true)
    #expect(try check(host: "plugin-host-rdynamic", ["libplugin.so"]).findings.isEmpty)
  }

  @Test func pluginForAnotherMachineIsAMachineMismatch() throws {
    let report = try check(host: "plugin-host-rdynamic", ["aarch64/libplugin.so"])
    #expect(codes(report) == ["machine-mismatch"])
    #expect(report.findings.first?.message.contains("is built for aarch64 but the host") == true)
  }

  @Test func executableStackPluginIsReportedWithNoexecstack() throws {
    let report = try check(host: "plugin-host-rdynamic", ["libplugin-execstack.so"])
    let finding = try #require(report.findings.first { $0.code == .executableStack })
    // This machine's glibc is 2.36: a warning here, an error where the host's glibc is 2.41 or later.
    #expect(finding.severity == .warning)
    #expect(finding.fixes.contains { $0.text.contains("-Wl,-z,noexecstack") })
  }

  @Test func pluginNeedingAHigherIsaLevelThanTheHostIsReported() throws {
    let report = try check(host: "plugin-host-rdynamic", ["libplugin-v3.so"])
    let finding = try #require(report.findings.first { $0.code == .isaLevelTooHigh })
    #expect(finding.evidence.first { $0.key == "needed" }?.value == .string("v3"))
    #expect(finding.evidence.first { $0.key == "provided" }?.value == .string("baseline"))
    #expect(finding.message.contains("the host is built for baseline"))
  }

  @Test func otherStdStringABIIsACxxAbiMismatchNamingBothSymbolsDemangled() throws {
    let report = try check(host: "cxx-host", ["libcxx-plugin-cxx98.so", "libcxx-plugin-cxx11.so"])
    #expect(codes(report) == ["cxx-abi-mismatch"])
    let finding = try #require(report.findings.first)
    #expect(finding.path.hasSuffix("libcxx-plugin-cxx98.so"))
    #expect(finding.evidence.first { $0.key == "symbol" }?.value == .string("_Z15register_pluginRKSs"))
    #expect(finding.evidence.first { $0.key == "demangled" }?.value == .string("register_plugin(std::string const&)"))
    #expect(finding.evidence.first { $0.key == "hostDemangled" }?.value
      == .string("register_plugin(std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> > const&)"))
    #expect(finding.fixes.first?.text.contains("-D_GLIBCXX_USE_CXX11_ABI=1") == true)
  }

  @Test func pluginDependenciesResolveFromTheHostsProcess() throws {
    // The C++ plugin needs libstdc++.so.6, which the C++ host has already loaded.
    let session = try HostSession(hostPath: Fixtures.path("x86_64", "cxx-host"), sysrootPath: "/", libraryPath: [], width: 1)
    let plugin = try ElfReader(parts: .all).read(path: Fixtures.path("x86_64", "libcxx-plugin-cxx11.so"))
    let tree = session.base.resolver.resolve(dlopen: plugin, at: .host(Fixtures.path("x86_64", "libcxx-plugin-cxx11.so")), into: session.hostTree)
    let root = session.hostTree.objects.count
    let stdcxx = try #require(tree.resolutions.first { $0.requester == root && $0.name == "libstdc++.so.6" })
    #expect(stdcxx.rule == .alreadyLoaded)
  }

  @Test func missingHostIsAnError() {
    #expect(throws: HostError.self) {
      try HostSession(hostPath: "/no/such/host", sysrootPath: "/", libraryPath: [], width: 1)
    }
  }
}

/// Go plugins against a Go host: the prediction is held to what the Go runtime itself answered
/// when Fixtures/build.sh ran the host on each plugin (Fixtures/go-runtime.txt).
@Suite("Go plugin check")
struct GoPluginCheckTests {
  static let runtimeAnswers: [String: String] = {
    let text = (try? String(contentsOf: Fixtures.root.appendingPathComponent("go-runtime.txt"), encoding: .utf8)) ?? ""
    return Dictionary(text.split(separator: "\n").map { line in
      let parts = line.split(separator: "\t", maxSplits: 1).map(String.init)
      return (parts[0], parts.count > 1 ? parts[1] : "")
    }, uniquingKeysWith: { a, _ in a })
  }()

  func check(_ plugin: String) throws -> Report {
    let session = try HostSession(hostPath: Fixtures.path("go", "gohost"), sysrootPath: "/", libraryPath: [], width: 1)
    return session.check(paths: [Fixtures.path("go", plugin)], strict: false)
  }

  /// The package the runtime named, from its recorded error text.
  func runtimePackage(_ plugin: String) -> String? {
    guard let answer = Self.runtimeAnswers[plugin], let range = answer.range(of: "different version of package ") else { return nil }
    return String(answer[range.upperBound...])
  }

  @Test func matchingPluginLoads() throws {
    #expect(Self.runtimeAnswers["goplugin.so"]?.hasPrefix("plugin says") == true, "the runtime loaded it")
    #expect(try check("goplugin.so").findings.isEmpty)
  }

  @Test func changedSharedPackageIsTheOneMismatchTheRuntimeNames() throws {
    let report = try check("goplugin-shared-v2.so")
    #expect(report.findings.map(\.code) == [.goPackageMismatch])
    let finding = try #require(report.findings.first)
    let expected = try #require(runtimePackage("goplugin-shared-v2.so"))
    #expect(finding.evidence.first { $0.key == "package" }?.value == .string(expected))
    #expect(finding.message.contains("plugin was built with a different version of package \(expected)"))
    #expect(finding.fixes.first?.text.contains("go1.19.8") == true)
  }

  @Test func trimpathPluginDiffersInEverySharedPackageAndTheFirstIsTheRuntimes() throws {
    let report = try check("goplugin-trimpath.so")
    // One cause, one finding: every differing package is in its evidence, the runtime's choice first.
    let mismatches = report.findings.filter { $0.code == .goPackageMismatch }
    #expect(mismatches.count == 1)
    let first = try #require(mismatches.first)
    guard case .array(let packages)? = first.evidence.first(where: { $0.key == "packages" })?.value else {
      Issue.record("no packages list")
      return
    }
    #expect(packages.count >= 10)
    #expect(first.evidence.first { $0.key == "package" }?.value == .string(try #require(runtimePackage("goplugin-trimpath.so"))))
    #expect(first.message.contains("the runtime package differs too"))
  }

  @Test func hostBuildInfoIsRead() throws {
    let host = try ElfReader().read(path: Fixtures.path("go", "gohost"))
    let go = try #require(host.go)
    #expect(go.version == "go1.19.8")
    #expect(go.mainPath == "example.com/gp/host")
    #expect(go.setting("CGO_ENABLED") == "1")
    #expect(go.setting("GOAMD64") == "v1")
    #expect(go.packageHashes.contains { $0.package == "example.com/gp/shared" })
    let plugin = try ElfReader().read(path: Fixtures.path("go", "goplugin.so"))
    #expect(plugin.go?.hasBuildInfo == false)
    #expect(plugin.go?.checkOrder.first == "example.com/gp/shared")
    #expect(try ElfReader().read(path: Fixtures.path("x86_64", "hello")).go == nil)
  }
}

@Suite("GCC releases")
struct GCCReleaseTests {
  @Test func tooNewLibstdcxxNodeNamesTheGCCReleases() {
    let fix = FixAdvisor.gccRuntimeFix(needed: "GLIBCXX_3.4.30", provided: "3.4.28", provider: "the target's libstdc++.so.6")
    #expect(fix.map { $0.text.contains("GLIBCXX_3.4.30 comes with GCC 12.1.0") && $0.text.contains("(GCC 9.3.0)") } == true)
    #expect(GCCReleases.forCxxabi("1.3.13") == "GCC 11.1.0")
    #expect(GCCReleases.forGlibcxx("3.4") == "GCC 3.4.0")
    #expect(GCCReleases.forGlibcxx("3.4.99") == nil)
  }
}

@Suite("Plugin floors and toolchains")
struct PluginFloorTests {
  @Test func pluginNeedingANewerLibstdcxxThanTheHostLoadsNamesTheGCCRelease() throws {
    let session = try HostSession(
      hostPath: Fixtures.path("x86_64", "cxx-host"), sysrootPath: Fixtures.sysroot("gcc-4.9-x86_64"), libraryPath: [],
      width: 1)
    let report = session.check(paths: [Fixtures.path("x86_64", "libcxx-plugin-cxx11.so")], strict: false)
    let glibcxx = try #require(report.findings.first {
      $0.code == .versionTooNew && $0.evidence.contains { $0.key == "needed" && $0.value == .string("GLIBCXX_3.4.21") }
    })
    #expect(glibcxx.message.contains("provides up to GLIBCXX_3.4.20"))
    #expect(glibcxx.message.contains("std::__cxx11::basic_string"), "symbols are shown demangled")
    #expect(glibcxx.fixes.contains { $0.text.contains("GLIBCXX_3.4.21 comes with GCC 5.1.0") && $0.text.contains("(GCC 4.9.0)") })
    #expect(report.findings.contains { $0.evidence.contains { $0.key == "needed" && $0.value == .string("CXXABI_1.3.9") } })
  }

  @Test func goToolchainMismatchIsReportedWhenBothSidesRecordIt() throws {
    // Go 1.19 plugins bind to the host's runtime.buildVersion and carry none of their own; a plugin
    // that records its toolchain (as later Go releases' buildinfo-bearing objects do) is compared directly.
    let session = try HostSession(hostPath: Fixtures.path("go", "gohost"), sysrootPath: "/", libraryPath: [], width: 1)
    var plugin = try ElfReader().read(path: Fixtures.path("go", "goplugin.so"))
    #expect(plugin.go?.version == nil)
    plugin.go?.version = "go1.21.0"
    let findings = session.findings(plugin: plugin, path: "goplugin.so", at: Fixtures.path("go", "goplugin.so"))
    let mismatch = try #require(findings.first { $0.code == .goVersionMismatch })
    #expect(mismatch.message.contains("built by go1.21.0 but the host by go1.19.8"))
    #expect(mismatch.message.contains("fatal error: runtime: no plugin module data"), "another toolchain crashes the host")
    #expect(mismatch.fixes.first?.text.contains("go1.19.8") == true)
    #expect(!findings.contains { $0.code == .goPackageMismatch }, "fingerprints are still equal")
  }
}

/// Hosts and plugins from two real Go toolchains (Debian's go1.19.8 and PyPI's go1.27.3), every host
/// run on every plugin: abidoctor's verdict, and whether the runtime errs or dies, equal the runtime's.
@Suite("Go across toolchains")
struct GoAcrossToolchainsTests {
  @Test(arguments: [
    ("gohost", "goplugin.so"), ("gohost", "goplugin-go1.27.3.so"),
    ("gohost-go1.27.3", "goplugin.so"), ("gohost-go1.27.3", "goplugin-go1.27.3.so"),
  ])
  func predictionEqualsWhatTheHostDoes(host: String, plugin: String) throws {
    // The fixtures are this project's own builds (Fixtures/build.sh); running them is the test's business.
    let real = try runProgram(Fixtures.path("go", host), [Fixtures.path("go", plugin)])
    let session = try HostSession(hostPath: Fixtures.path("go", host), sysrootPath: "/", libraryPath: [], width: 1)
    let report = session.check(paths: [Fixtures.path("go", plugin)], strict: false)
    if real.status == 0 {
      #expect(report.findings.isEmpty, "\(report.findings.map(\.message))")
    } else {
      #expect(real.output.contains("fatal error: runtime: no plugin module data"), "\(real.output)")
      let finding = try #require(report.findings.first { $0.code == .goVersionMismatch })
      #expect(finding.evidence.first { $0.key == "outcome" }?.value == .string("crash"))
      #expect(finding.message.contains("no plugin module data"))
      #expect(report.findings.count == 1, "one cause: no package finding besides")
    }
  }
}

@Suite("Go advice followed")
struct GoAdviceFollowedTests {
  @Test func pluginFromAnotherGoReleaseIsFixedByBuildingItWithTheHostsRelease() throws {
    // The go1.27.3 plugin kills the go1.19.8 host; the fix names the host's release, which is
    // Debian's golang-go here: build the same plugin source with it, as the host was built.
    let host = Fixtures.path("go", "gohost")
    let crashed = try runProgram(host, [Fixtures.path("go", "goplugin-go1.27.3.so")])
    #expect(crashed.output.contains("no plugin module data"))
    let session = try HostSession(hostPath: host, sysrootPath: "/", libraryPath: [], width: 1)
    let finding = try #require(session.check(paths: [Fixtures.path("go", "goplugin-go1.27.3.so")], strict: false).findings.first)
    let release = try #require(finding.fixes.first?.text.split(separator: "(").last?.split(separator: ")").first.map(String.init))
    let go = try runProgram("/usr/bin/go", ["version"])
    #expect(go.output.contains(release + " "), "Debian's go is the release the fix names: \(go.output)")
    // Fixtures/build.sh builds in this fixed folder (it is recorded in the binaries).
    let folder = "/tmp/abidoctor-go-build"
    _ = try runProgram("/bin/rm", ["-rf", folder])
    _ = try runProgram("/bin/cp", ["-r", Fixtures.root.appendingPathComponent("src/go").path, folder])
    defer { _ = try? runProgram("/bin/rm", ["-rf", folder]) }
    let built = try runProgram(
      "/usr/bin/go", ["build", "-buildmode=plugin", "-ldflags=-s -w", "-o", folder + "/plugin.so", "./plug"],
      environment: ["GOPROXY": "off", "GOFLAGS": "-mod=mod", "GOCACHE": folder + "/.cache", "CGO_ENABLED": "1", "HOME": folder, "PATH": "/usr/bin:/bin"],
      in: folder)
    #expect(built.status == 0, "\(built.output)")
    let fixed = try runProgram(host, [folder + "/plugin.so"])
    #expect(fixed.status == 0 && fixed.output.contains("plugin says hello"), "\(fixed.output)")
    #expect(session.check(paths: [folder + "/plugin.so"], strict: false).findings.isEmpty)
  }
}
