/// Which of the loader's rules found a library (libtree's tags, and ld.so's own order).
public enum SearchRule: String, Sendable, Hashable, CaseIterable {
  /// The needed name contains a slash: it is a path.
  case path
  /// DT_RPATH of the requesting object or of an object that loaded it (searched only without DT_RUNPATH).
  case rpath
  /// `--library-path`, playing LD_LIBRARY_PATH.
  case libraryPath = "library-path"
  /// DT_RUNPATH of the requesting object (not inherited).
  case runpath
  /// The target's /etc/ld.so.cache.
  case ldSoCache = "ld.so.cache"
  /// A folder of the target's /etc/ld.so.conf, where the cache is missing or lacks the library.
  case ldSoConf = "ld.so.conf"
  /// The loader's default folders for the architecture.
  case defaultPath = "default"
  /// musl's /etc/ld-musl-ARCH.path.
  case muslPathFile = "ld-musl.path"
  /// An object already loaded under that soname is reused.
  case alreadyLoaded = "already loaded"
  /// A name musl's loader provides itself (libc.so, libpthread.so.0, ...).
  case muslBuiltin = "musl builtin"
}
