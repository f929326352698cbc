import AbiScan

/// Every ELF file read in one run, by host path: a sysroot's libraries are read once and shared by every check.
public final class ImageCache: Sendable {
  private let reader: ElfReader
  /// Room for the libraries of a typical run from the start (see `RunCache`).
  private let images = Locked<[String: Result<ElfImage, ElfReadError>]>(Dictionary(minimumCapacity: 256))

  public init(reader: ElfReader) { self.reader = reader }

  /// The image at `hostPath`, read on first use; `displayPath` names it in problems.
  public func image(hostPath: String, displayPath: String) -> Result<ElfImage, ElfReadError> {
    if let cached = images.withLock({ $0[hostPath] }) { return cached }
    let result: Result<ElfImage, ElfReadError>
    do throws(ElfReadError) {
      result = .success(try reader.read(path: hostPath, displayPath: displayPath))
    } catch {
      result = .failure(error)
    }
    images.withLock { $0[hostPath] = result }
    return result
  }

  /// The image at `location`: a sysroot path is read through the sysroot (a folder or an archive), a
  /// host path from this machine.
  public func image(at location: Location, in sysroot: Sysroot, displayPath: String) -> Result<ElfImage, ElfReadError> {
    guard case .sysroot(let path) = location, sysroot.isArchive else {
      return image(hostPath: location.hostPathForReading(sysroot), displayPath: displayPath)
    }
    let key = sysroot.hostRoot + path
    if let cached = images.withLock({ $0[key] }) { return cached }
    let resolved = Sysroot.Resolved(path: path, hostPath: key, hops: [])
    let result: Result<ElfImage, ElfReadError>
    do throws(ElfReadError) {
      result = .success(try sysroot.readImage(resolved, reader: reader))
    } catch {
      result = .failure(error)
    }
    images.withLock { $0[key] = result }
    return result
  }

  /// How many files have been read.
  public var count: Int { images.withLock { $0.count } }
}
