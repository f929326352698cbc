/// Decides which C library an object was built for, without executing anything.
///
/// The signals, strongest first: the interpreter path (each libc installs
/// its own loader), the libc the object needs by name, the version nodes it
/// needs, and for a C library itself its soname or the version text in its
/// read-only data.
public enum LibcClassifier {
  /// Classifies from facts already read; `muslVersion` is asked only for a file that may be musl's libc itself.
  public static func classify(
    type: ObjectType, interpreter: String?, dynamic: DynamicInfo?, versionNeeds: [VersionNeed],
    versionDefinitions: [VersionDefinition], notes: GNUNotes, muslVersion: () -> String?
  ) -> LibcInfo {
    let needed = dynamic?.needed ?? []
    // Over the names where they are, in plain loops: gathered into new arrays (and then through lazy
    // views) they cost more than the comparisons.
    var highest = HighestNumbered.glibc
    for need in versionNeeds {
      for version in need.versions { highest.consider(version.name) }
    }
    let glibcMin = highest.bestText

    // A C library itself.
    if dynamic?.soname == "libc.so.6" {
      var provided = HighestNumbered.glibc
      for definition in versionDefinitions where !definition.isBase { provided.consider(definition.name) }
      return LibcInfo(family: .glibc, minVersion: glibcMin, providedVersion: provided.bestText, reason: "soname libc.so.6")
    }

    if let interpreter {
      let base = interpreter.lastPathComponent
      if base.hasPrefix("ld-musl-") {
        return LibcInfo(family: .musl, minVersion: nil, providedVersion: nil, reason: "interpreter \(interpreter)")
      }
      if interpreter.hasPrefix("/system/bin/linker") {
        return bionic(notes, reason: "interpreter \(interpreter)")
      }
      if base.hasPrefix("ld-uClibc") {
        return LibcInfo(family: .uclibc, minVersion: nil, providedVersion: nil, reason: "interpreter \(interpreter)")
      }
    }
    if needed.contains("libc.so.6") {
      return LibcInfo(family: .glibc, minVersion: glibcMin, providedVersion: nil, reason: "needs libc.so.6")
    }
    if let musl = needed.first(where: { $0.hasPrefix("libc.musl-") }) {
      return LibcInfo(family: .musl, minVersion: nil, providedVersion: nil, reason: "needs \(musl)")
    }
    if needed.contains("libc.so") {
      if notes.androidAPILevel != nil { return bionic(notes, reason: "needs libc.so, Android ident note") }
      return LibcInfo(family: .musl, minVersion: nil, providedVersion: nil, reason: "needs libc.so")
    }
    if let uclibc = needed.first(where: { $0 == "libc.so.0" || $0 == "libc.so.1" }) {
      return LibcInfo(family: .uclibc, minVersion: nil, providedVersion: nil, reason: "needs \(uclibc)")
    }
    if glibcMin != nil || versionNeeds.contains(where: { $0.versions.contains { $0.name.hasPrefix("GLIBC_") } }) {
      return LibcInfo(family: .glibc, minVersion: glibcMin, providedVersion: nil, reason: "needs GLIBC_ versions")
    }
    if let interpreter, isGlibcInterpreter(interpreter) {
      return LibcInfo(family: .glibc, minVersion: glibcMin, providedVersion: nil, reason: "interpreter \(interpreter)")
    }
    if notes.androidAPILevel != nil {
      return bionic(notes, reason: "Android ident note")
    }
    let isLoadable = type == .executable || type == .sharedObject
    if isLoadable && interpreter == nil && needed.isEmpty {
      // musl's libc.so has no SONAME (Debian) or names itself libc.musl-ARCH.so.1 / ld-musl (Alpine); only
      // then are its read-only bytes searched, so ordinary self-contained libraries cost nothing more.
      let soname = dynamic?.soname
      let mayBeMusl = soname == nil || soname?.hasPrefix("libc.") == true || soname?.hasPrefix("ld-musl") == true
      if type == .sharedObject && versionDefinitions.isEmpty && mayBeMusl, let version = muslVersion() {
        return LibcInfo(family: .musl, minVersion: nil, providedVersion: version, reason: "musl libc itself")
      }
      let reason = dynamic == nil ? "statically linked (no dynamic section)" : "needs no shared library"
      return LibcInfo(family: .none, minVersion: nil, providedVersion: nil, reason: reason)
    }
    if !isLoadable {
      return LibcInfo(family: .none, minVersion: nil, providedVersion: nil, reason: "\(type.shortName) object, not loadable")
    }
    return LibcInfo(family: .unknown, minVersion: nil, providedVersion: nil, reason: "no libc signal")
  }

  /// The glibc loaders' file names on every architecture Debian ships.
  static func isGlibcInterpreter(_ path: String) -> Bool {
    let base = path.lastPathComponent
    return base.hasPrefix("ld-linux") || base.hasPrefix("ld64.so.") || base == "ld.so.1"
  }

  private static func bionic(_ notes: GNUNotes, reason: String) -> LibcInfo {
    LibcInfo(
      family: .bionic, minVersion: notes.androidAPILevel.map { String($0) }, providedVersion: nil,
      reason: reason)
  }

  /// The highest numbered node of `series` among `names` (`GLIBC_PRIVATE`, `GLIBC_ABI_DT_RELR` are not numbers).
  public static func highestNumbered(series: String, in names: [String]) -> String? {
    var highest = HighestNumbered(series: series)
    for name in names { highest.consider(name) }
    return highest.bestText
  }

  /// The highest numbered node of one series among the names it is shown, one at a time.
  struct HighestNumbered {
    let prefix: [UInt8]
    /// The best number so far, its components in the lanes (missing ones 0, as `VersionNumber`
    /// compares them), and how many it has (0: none yet). Kept inline, not as a VersionNumber (an
    /// array): names mostly come in rising order, so each was a new best, and making each one a
    /// VersionNumber was 0.13 M of the 8.4 M instructions of `deps` of 22 programs.
    private var bestParts = SIMD8<Int>()
    private var bestCount = 0

    init(series: String) { prefix = Array(series.utf8) + [UInt8(ascii: "_")] }

    /// The GLIBC series, which every classified file is asked for: made once (its prefix array), not per file.
    static let glibc = HighestNumbered(series: "GLIBC")

    /// The highest number seen, as its name wrote it (`2.2` stays `2.2`), written from the lanes.
    var bestText: String? {
      bestCount == 0 ? nil : VersionNumber.text(count: bestCount) { bestParts[$0] }
    }

    mutating func consider(_ name: String) {
      // In the name's own UTF-8 buffer: no substring, no copy (9 M of a 166 M-instruction scan of
      // /usr/lib/x86_64-linux-gnu went here when it sliced the String).
      let read: Void? = name.utf8.withContiguousStorageIfAvailable { consider(utf8: $0) }
      if read == nil { Array(name.utf8).withUnsafeBufferPointer { consider(utf8: $0) } }
    }

    private mutating func consider(utf8 bytes: UnsafeBufferPointer<UInt8>) {
      guard bytes.count > prefix.count, prefix.indices.allSatisfy({ bytes[$0] == prefix[$0] }) else { return }
      var parts = SIMD8<Int>()
      var count = 0
      // At most 8 components: forEachComponent refuses a ninth.
      let valid = VersionNumber.forEachComponent(in: UnsafeBufferPointer(rebasing: bytes[prefix.count...])) { index, value in
        parts[index] = value
        count = index + 1
      }
      guard valid else { return }
      if bestCount == 0 || Self.isAbove(parts, bestParts) {
        bestParts = parts
        bestCount = count
      }
    }

    /// Whether `a` is above `b`, the first differing component deciding.
    private static func isAbove(_ a: SIMD8<Int>, _ b: SIMD8<Int>) -> Bool {
      for lane in 0..<8 where a[lane] != b[lane] { return a[lane] > b[lane] }
      return false
    }
  }
}
