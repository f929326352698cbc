/// Which C library an object was built for.
public enum LibcFamily: String, Sendable, Hashable, CaseIterable {
  /// GNU C library: `libc.so.6`, `GLIBC_*` version nodes, `ld-linux*` interpreters.
  case glibc
  /// musl: `libc.so` or `libc.musl-ARCH.so.1`, no symbol versions, `/lib/ld-musl-ARCH.so.1`.
  case musl
  /// Android's bionic: `/system/bin/linker{,64}`, `.note.android.ident`.
  case bionic
  /// uClibc(-ng): `ld-uClibc.so.*`, `libc.so.0`/`libc.so.1`.
  case uclibc
  /// No C library at all: a static binary, or an object that needs nothing.
  case none
  /// Dynamically linked, but no signal names a C library.
  case unknown
}

/// The libc facts of one object: its family, the lowest libc version that satisfies it, and what it provides.
public struct LibcInfo: Sendable, Hashable {
  /// The family.
  public var family: LibcFamily
  /// The lowest libc version that can satisfy the object (for glibc the highest `GLIBC_x.y` it needs).
  public var minVersion: String?
  /// For a C library itself: the version it provides (glibc: the highest `GLIBC_x.y` it defines;
  /// musl: the version string in its read-only data).
  public var providedVersion: String?
  /// The signal the family was decided from, for people: e.g. `interpreter /lib/ld-musl-x86_64.so.1`.
  public var reason: String

  public init(family: LibcFamily, minVersion: String?, providedVersion: String?, reason: String) {
    self.family = family
    self.minVersion = minVersion
    self.providedVersion = providedVersion
    self.reason = reason
  }
}
