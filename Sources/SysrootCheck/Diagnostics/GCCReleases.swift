/// Which GCC release first shipped a libstdc++ version node (libstdc++'s doc/xml/manual/abi.xml).
public enum GCCReleases {
  static let glibcxx: [Int: String] = [
    0: "3.4.0", 1: "3.4.1", 2: "3.4.2", 3: "3.4.3", 4: "4.0.0", 5: "4.0.1", 6: "4.0.2", 7: "4.0.3", 8: "4.1.1",
    9: "4.2.0", 10: "4.3.0", 11: "4.4.0", 12: "4.4.1", 13: "4.4.2", 14: "4.5.0", 15: "4.6.0", 16: "4.6.1",
    17: "4.7.0", 18: "4.8.0", 19: "4.8.3", 20: "4.9.0", 21: "5.1.0", 22: "6.1.0", 23: "7.1.0", 24: "7.2.0",
    25: "8.1.0", 26: "9.1.0", 27: "9.2.0", 28: "9.3.0", 29: "11.1.0", 30: "12.1.0", 31: "13.1.0", 32: "13.2.0",
    33: "14.1.0",
  ]
  static let cxxabi: [Int: String] = [
    0: "3.4.0", 1: "4.0.0", 2: "4.3.0", 3: "4.4.0", 4: "4.5.0", 5: "4.6.0", 6: "4.7.0", 7: "4.8.0", 8: "4.9.0",
    9: "5.1.0", 10: "6.1.0", 11: "7.1.0", 12: "9.1.0", 13: "11.1.0", 14: "13.1.0", 15: "14.1.0",
  ]

  /// `GCC 12.1.0` for `3.4.30` (GLIBCXX_3.4.N), or nil outside the table.
  public static func forGlibcxx(_ version: String) -> String? {
    guard let number = VersionNumberParts(version), number.count >= 2, number[0] == 3, number[1] == 4 else { return nil }
    return glibcxx[number.count > 2 ? number[2] : 0].map { "GCC \($0)" }
  }

  /// `GCC 11.1.0` for `1.3.13` (CXXABI_1.3.N), or nil outside the table.
  public static func forCxxabi(_ version: String) -> String? {
    guard let number = VersionNumberParts(version), number.count >= 2, number[0] == 1, number[1] == 3 else { return nil }
    return cxxabi[number.count > 2 ? number[2] : 0].map { "GCC \($0)" }
  }

  private static func VersionNumberParts(_ text: String) -> [Int]? {
    let parts = text.split(separator: ".").compactMap { Int($0) }
    return parts.isEmpty ? nil : parts
  }
}
