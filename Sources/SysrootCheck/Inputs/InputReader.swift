import AbiScan

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
  /// How WebAssembly files are read: function bodies are walked only when a check needs the
  /// proposals their instructions use (a runtime or policy that decides on them).
  public var wasm = WasmReader(code: false)

  public init(reader: ElfReader, walker: InputWalker = InputWalker(), width: Int = availableProcessorCount) {
    self.reader = reader
    self.walker = walker
    self.width = width
  }

  /// The entries and read-error findings for `paths`, in input order; `progress` hears how many files were read.
  /// `progress` is called once for each file read (from the worker threads).
  public func read(paths: [String], progress: (@Sendable () -> Void)? = nil) -> (files: [FileEntry], findings: [Finding]) {
    let reader = self.reader
    let wasm = self.wasm
    // An OCI image layout folder named as a PATH is an image, not a folder of blobs to walk.
    let layouts = paths.filter(ArchiveInput.isLayoutFolder)
    var entries: [FileEntry] = []
    for layout in layouts {
      entries += ArchiveInput.read(InputFile(displayPath: layout, openPath: layout, root: nil), reader: reader) ?? []
    }
    let paths = paths.filter { !layouts.contains($0) }
    // No counter here: an Atomic's first use costs a scan of every conformance record in the binary
    // (130,000 instructions, a twentieth of a one-file run); the progress line counts for itself.
    let read = { @Sendable (input: InputFile) -> [FileEntry] in
      progress?()
      if let problem = input.problem {
        return [FileEntry(path: input.displayPath, root: input.root, image: nil, error: problem)]
      }
      /// A file that is not ELF: another format this reads, or (met in a walk) passed over; nil when
      /// it is a finding. `leadingBytes`: its first bytes, when they have been read.
      func otherFormat(_ leadingBytes: FileHead?) -> [FileEntry]? {
        // A WebAssembly module or component, by its magic, named or met in a walk. The bytes already
        // read are tested here: handing most walked files to the reader only to be refused cost copies.
        if leadingBytes.map(WasmReader.isWasm) ?? true, let entry = WasmInput.read(input, leadingBytes: leadingBytes, reader: wasm) {
          return [entry]
        }
        // A wheel is checked as the folder it unpacks to, whether named or met in a walk.
        if WheelInput.isWheel(input.name) { return WheelInput.read(input, reader: reader) }
        // An image, a root-file-system tarball or a package named explicitly: every ELF file in it.
        if input.isExplicit, let entries = ArchiveInput.read(input, reader: reader) { return entries }
        return input.isExplicit ? nil : []
      }
      do throws(ElfReadError) {
        switch try reader.readIfElf(input) {
        case .image(let image):
          return [FileEntry(path: input.displayPath, root: input.root, image: image, error: nil)]
        case .notElf(let head):
          if let entries = otherFormat(head) { return entries }
          let error = ElfReadError.notElf(path: input.displayPath, leadingBytes: head)
          return [FileEntry(path: input.displayPath, root: input.root, image: nil, error: error)]
        }
      } catch {
        if error.code == .notElf, let entries = otherFormat(error.leadingBytes) { return entries }
        return [FileEntry(path: input.displayPath, root: input.root, image: nil, error: error)]
      }
    }
    // Folders are walked and read by all the threads at once; only the entries kept (ELF files and
    // problems) are held, never the walk's paths.
    entries.append(contentsOf: walker.read(paths: paths, width: width, read))
    let files = entries
    let findings = files.flatMap { $0.allErrors.map(Finding.readError) } + files.compactMap { $0.wasmError.map(Finding.wasmReadError) }
      + ArchiveInput.packageFindings(paths: paths, files: files)
    return (files, findings)
  }
}
