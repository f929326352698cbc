import CDemangle

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// C++ symbol names as people write them (`greet(std::string const&)`), through libstdc++'s demangler.
public enum Demangler {
  /// The demangled form of an Itanium-mangled name, or nil when it is not one.
  public static func demangle(_ name: String) -> String? {
    guard name.hasPrefix("_Z") else { return nil }
    var status: Int32 = 0
    guard let result = __cxa_demangle(name, nil, nil, &status), status == 0 else { return nil }
    defer { free(result) }
    return String(cString: result)
  }
}
