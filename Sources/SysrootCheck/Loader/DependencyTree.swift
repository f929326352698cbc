import AbiScan

/// One object in the simulated process: the program, the interpreter, or a library it loaded.
public struct LoadedObject: Sendable {
  /// Where it was found, as the loader names it (the search folder joined with the name, links not resolved).
  public var location: Location
  /// The same file with every link resolved: how the loader tells that two names are one file.
  public var realLocation: Location
  /// What was read from it.
  public var image: ElfImage
  /// The object whose DT_NEEDED brought it in (its index in `DependencyTree.objects`); nil for the root and the interpreter.
  public var loadedBy: Int?
  /// The rule that found it; nil for the root and the interpreter.
  public var rule: SearchRule?
  /// Whether this is the program interpreter.
  public var isInterpreter: Bool
}

/// A library skipped during the search, and why (what ld.so does silently).
public struct SkippedCandidate: Sendable, Hashable {
  /// The candidate's path.
  public var path: String
  /// Why: `aarch64, need x86_64`, `not an ELF file`, ...
  public var reason: String
  /// The rule whose folder held it.
  public var rule: SearchRule
}

/// How one DT_NEEDED entry of one object was resolved.
public struct NeededResolution: Sendable {
  /// The DT_NEEDED text.
  public var name: String
  /// The index of the object that needs it.
  public var requester: Int
  /// The index of the object that satisfies it; nil when not found.
  public var object: Int?
  /// The rule that found it.
  public var rule: SearchRule?
  /// Candidates of the wrong class, machine or float ABI, or unreadable, in search order.
  public var skipped: [SkippedCandidate]
  /// The folders searched, as `rule: folder`, in order.
  public var tried: [String]
  /// A candidate the loader stopped at because it could not read it (glibc: "file too short",
  /// "invalid ELF header", "cannot read file data" end the search, unlike another architecture's file).
  public var fatal: SkippedCandidate? = nil

  /// Whether only incompatible candidates exist ("skipping incompatible").
  public var isIncompatible: Bool { object == nil && !skipped.isEmpty }
}

/// The dependency tree as the target's loader would build it.
public struct DependencyTree: Sendable {
  /// Objects in load order (the program first, then breadth-first, as ld.so maps them); the symbol search order.
  public var objects: [LoadedObject]
  /// Every DT_NEEDED resolution, in the order the loader made them.
  public var resolutions: [NeededResolution]
  /// The PT_INTERP path of the program, and what became of it.
  public var interpreter: InterpreterResolution?
  /// Which loader's rules were used.
  public var flavor: LoaderFlavor


  /// The lookup scope of the object at `root`: the global scope when it is the program (0); for a
  /// plugin dlopened at `root`, the program's global scope, then the plugin and what it loaded.
  public func scope(dlopened root: Int) -> [Int] {
    root == 0 ? scope : scope.filter { $0 < root } + Array(root..<objects.count)
  }

  /// The objects in the global lookup scope, in order: load order, with an interpreter that no object
  /// needed by name last (ld.so's own map always joins the main namespace).
  public var scope: [Int] {
    let needed = objects.indices.filter { !objects[$0].isInterpreter || objects[$0].loadedBy != nil }
    return needed + objects.indices.filter { objects[$0].isInterpreter && objects[$0].loadedBy == nil }
  }
}

/// The program interpreter as found in the sysroot.
public struct InterpreterResolution: Sendable {
  /// The PT_INTERP path.
  public var path: String
  /// Its index in `DependencyTree.objects` when it exists and could be read.
  public var object: Int?
  /// Why it could not be used: missing, unreadable, or built for another architecture.
  public var problem: String?
  /// The links followed to reach it.
  public var hops: [String]
}

/// Which dynamic loader's search rules apply.
public enum LoaderFlavor: String, Sendable, Hashable {
  /// glibc's ld.so: RPATH, LD_LIBRARY_PATH, RUNPATH, ld.so.cache, default folders.
  case glibc
  /// musl's ld-musl: LD_LIBRARY_PATH, RPATH/RUNPATH of the loading chain, /etc/ld-musl-ARCH.path or defaults.
  case musl
}
