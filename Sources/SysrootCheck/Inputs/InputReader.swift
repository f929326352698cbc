import AbiScan
import Synchronization

/// Reads every ELF file named by the command line's paths, in parallel, into report entries and findings.
///
/// Files named explicitly always get an entry; inside folders, files that
/// are not ELF are passed over silently, as the contract says.
public struct InputReader: Sendable {
  /// How each file is read.
  public var reader: ElfReader
  /// How folders are walked.
  public var walker: InputWalker
  /// How many files are read at once (one libelf handle per file).
  public var width: Int

  public init(reader: ElfReader, walker: InputWalker = InputWalker(), width: Int = availableProcessorCount) {
    self.reader = reader
    self.walker = walker
    self.width = width
  }

  /// The entries and read-error findings for `paths`, in input order; `progress` hears how many files were read.
  public func read(paths: [String], progress: (@Sendable (Int) -> Void)? = nil) -> (files: [FileEntry], findings: [Finding]) {
    let inputs = walker.files(for: paths)
    let reader = self.reader
    let done = Atomic<Int>(0)
    let entries = parallelMap(inputs, width: width) { input -> FileEntry? in
      if let progress { progress(done.wrappingAdd(1, ordering: .relaxed).newValue) }
      if let problem = input.problem {
        return FileEntry(path: input.displayPath, root: input.root, image: nil, error: problem)
      }
      do throws(ElfReadError) {
        let image = try reader.read(path: input.openPath, displayPath: input.displayPath)
        return FileEntry(path: input.displayPath, root: input.root, image: image, error: nil)
      } catch {
        if error.code == .notElf && !input.isExplicit { return nil }
        return FileEntry(path: input.displayPath, root: input.root, image: nil, error: error)
      }
    }
    let files = entries.compactMap { $0 }
    let findings = files.flatMap { $0.allErrors.map(Finding.readError) }
    return (files, findings)
  }
}
