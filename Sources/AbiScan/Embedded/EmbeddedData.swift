import CPackageIndex

/// Data compiled into abidoctor by generator scripts, handed up as Swift values: the reading layer is
/// the only one that touches C, here as for ELF files.
public enum EmbeddedData {
  /// Which Debian package ships each shared library, per release and architecture, in the text form
  /// `Profiles/generate_debian_packages.py` writes (a line of `RELEASE/ARCH` keys, then `SONAME
  /// PACKAGE K1,K2,...` lines). Copied out of the binary on first use; most runs never ask.
  public static let debianPackageIndex: String = String(cString: abidoctor_debian_package_index())
}
