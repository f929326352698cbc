import AbiScan

/// One candidate the loader's search tried for a needed name: the folder as `tried` lists it, what
/// is at the candidate path (the name as given and with its links resolved; nil when nothing is), and
/// that file's image once read.
struct SearchStep: Sendable {
  var rule: SearchRule
  /// `rule: folder` for a candidate in a folder; nil for a file the cache or a path names.
  var tried: String? = nil
  var named: Location? = nil
  var resolved: Location? = nil
  /// nil until read, and for a file the tree had already loaded (the loader stops there unread).
  var image: Result<ElfImage, ElfReadError>? = nil

  init(rule: SearchRule) { self.rule = rule }
}

/// What a search that no tree shaped depends on, the key its steps are remembered by for the run
/// (`DependencyResolver`'s `searches`), so that a name every program needs (libc.so.6) is searched
/// once per run, not once per program.
///
/// A search depends on the tree only through RPATH and RUNPATH (the requester's and its loaders',
/// with `$ORIGIN` their folders) and through the objects already loaded (a candidate that is one of
/// them ends the search). The first kind is never stored (the resolver asks only for requesters
/// without them); a search that met the second is not stored either. What is left follows from the
/// sysroot, which does not change during a run, and from the key: the name, the default folders (the
/// layout: platform and loader flavor), the program's class, byte order, machine and flags (what a
/// candidate must match) and DF_1_NODEFLIB. Replaying the steps against another tree redoes the tree's
/// own part: whether a found file is already loaded there, and whether the tree still has room.
///
/// Why: at 200 programs, 85% of the searches were for names already searched, each a folder list
/// built, a cache look-up and path walks (callgrind, `deps` of 200 programs of /usr/bin).
struct SearchKey: Hashable, Sendable {
  let name: String
  /// The index of the resolver's folder layout (append-only, so an index names one layout for the run).
  let layout: Int
  let elfClass: ElfClass
  let endianness: Endianness
  let machine: Machine
  let flags: UInt32
  let nodeflib: Bool
}
