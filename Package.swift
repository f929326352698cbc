// swift-tools-version:6.0
import PackageDescription

// Dependencies point one way: CLibElf <- AbiScan <- SysrootCheck <- abidoctor.
// Only AbiScan imports CLibElf; no C type appears in any public API.
let package = Package(
  name: "abidoctor",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "abidoctor", targets: ["abidoctor"]),
    .library(name: "AbiScan", targets: ["AbiScan"]),
    .library(name: "SysrootCheck", targets: ["SysrootCheck"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    // Policy files (abidoctor.yml): Yams keeps each node's line, so errors can name it.
    .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
  ],
  targets: [
    .systemLibrary(
      name: "CLibElf",
      pkgConfig: "libelf",
      providers: [.apt(["libelf-dev"])]),
    // zlib inflates wheel members in memory (libelf-dev already depends on zlib1g-dev).
    .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
    .target(name: "AbiScan", dependencies: ["CLibElf", "CZlib"]),
    // libstdc++'s __cxa_demangle, to show C++ symbols as people write them.
    .systemLibrary(name: "CDemangle"),
    .target(name: "SysrootCheck", dependencies: ["AbiScan", "CDemangle", .product(name: "Yams", package: "Yams")]),
    .executableTarget(
      name: "abidoctor",
      dependencies: [
        "AbiScan", "SysrootCheck",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    // Fixture paths, scratch folders and a process runner shared by the test targets.
    .target(name: "TestSupport", path: "Tests/TestSupport"),
    .testTarget(name: "AbiScanTests", dependencies: ["AbiScan", "TestSupport"]),
    .testTarget(name: "SysrootCheckTests", dependencies: ["SysrootCheck", "AbiScan", "TestSupport"]),
    .testTarget(
      name: "AbidoctorTests",
      dependencies: ["abidoctor", "SysrootCheck", "AbiScan", "TestSupport", .product(name: "Yams", package: "Yams")]),
  ]
)
