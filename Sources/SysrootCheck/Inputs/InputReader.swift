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

  /// Files read per parallel batch: large enough to keep both cores busy, small enough to bound memory.
  static let chunkSize = 4096

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
    let read = { @Sendable (input: InputFile) -> FileEntry? in
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
    // In chunks, so a tree of 100,000 non-ELF files never holds 100,000 result slots at once:
    // only the entries kept (ELF files and problems) outlive their chunk.
    var entries: [FileEntry] = []
    var start = 0
    while start < inputs.count {
      let chunk = Array(inputs[start..<min(start + Self.chunkSize, inputs.count)])
      entries += parallelMap(chunk, width: width, read).compactMap { $0 }
      start += Self.chunkSize
    }
    let files = entries
    let findings = files.flatMap { $0.allErrors.map(Finding.readError) }
    return (files, findings)
  }
}
