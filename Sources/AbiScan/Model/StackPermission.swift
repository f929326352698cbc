/// What PT_GNU_STACK asks of the process stack.
///
/// A missing PT_GNU_STACK means an executable stack to the loader. glibc 2.41
/// and later refuse to dlopen such an object: `cannot enable executable stack
/// as shared object requires`.
public enum StackPermission: String, Sendable, Hashable {
  /// PT_GNU_STACK present without PF_X.
  case nonExecutable = "non-executable"
  /// PT_GNU_STACK present with PF_X.
  case executable
  /// No PT_GNU_STACK: the loader assumes an executable stack.
  case missing

  /// Whether the loader will make the stack executable for this object.
  public var requiresExecutableStack: Bool { self != .nonExecutable }
}
