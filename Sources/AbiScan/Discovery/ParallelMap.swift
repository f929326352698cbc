import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Applies `body` to every element on up to `width` threads and returns the results in input order.
///
/// Output is identical to a one-at-a-time run: each result lands in its own
/// slot, and workers take the next index from a shared counter so a few large
/// files do not hold up the rest.
///
/// The workers are threads of their own, started here and joined before it returns; the calling
/// thread is one of them. Dispatch's `concurrentPerform` was used before: on Linux its pool adds
/// a thread only after a delay, so a `scan` of 100 files ran on one CPU (perf: 0.99 CPUs utilised,
/// slower than `--jobs 1`), and `deps` of 26 programs on 1.1.
///
/// `alongside`, when given, runs first on one started thread, which then joins the workers (when
/// `width` allows more than one): a walk's next chunk is made this way while this chunk is read,
/// with no third thread competing for two CPUs and no core idle at the end waiting for the walk
/// (a separate walker thread left a scan of /usr at 1.5 CPUs utilised, perf).
///
/// `weights`, when given (one per element: a file's size), has the heaviest elements handed out
/// first; the results stay in input order. Why: the run ends when its last element does, and in
/// input order a large file (zink_dri.so, 25 MB, 0.44 ms alone) could come last, one thread still
/// reading it while the others had nothing left: 1,000 named files of /usr 19.5 -> 17.3 ms.
@inlinable
public func parallelMap<Element: Sendable, Result: Sendable>(
  _ elements: [Element], width: Int, alongside: (@Sendable () -> Void)? = nil, weights: [UInt64]? = nil,
  _ body: @Sendable (Element) -> Result
) -> [Result] {
  let count = elements.count
  guard (count > 1 && width > 1) || alongside != nil else { return elements.map(body) }
  // A permutation of the indices, made here by sorting (so every slot is still written exactly once).
  let order: [Int]? = weights.flatMap { weights in
    weights.count == count ? (0..<count).sorted { weights[$0] > weights[$1] || (weights[$0] == weights[$1] && $0 < $1) } : nil
  }
  // Inlined into the caller, so each result is written by code specialised for its type; only the
  // threads and the shared counter are shared code. Compiled once for every type (the generic
  // function it was), the slot writes and the final copy out went through value witnesses and a
  // metadata look-up per file: 1,100 instructions a walked file (callgrind, scan of /usr/share/doc).
  return [Result](unsafeUninitializedCapacity: count) { buffer, initialized in
    let slots = ParallelSlots(base: buffer.baseAddress)
    parallelIndices(count, width: width, alongside: alongside) { position in
      // Every index below count is taken by exactly one worker, which initialises its slot.
      let index = order?[position] ?? position
      slots.base.map { ($0 + index).initialize(to: body(elements[index])) }
    }
    initialized = count
  }
}

/// The result slots of one `parallelMap`, each initialised by exactly one worker.
@usableFromInline
struct ParallelSlots<T>: @unchecked Sendable {
  @usableFromInline let base: UnsafeMutablePointer<T>?
  @usableFromInline init(base: UnsafeMutablePointer<T>?) { self.base = base }
}

/// Runs `body` once for every index below `count` on up to `width` threads (the calling thread is
/// one), handing out indices from a shared counter; see `parallelMap` for `alongside`.
@usableFromInline
func parallelIndices(_ count: Int, width: Int, alongside: (@Sendable () -> Void)?, _ body: @Sendable (Int) -> Void) {
  let next = Atomic<Int>(0)
  withoutActuallyEscaping(body) { body in
    let work = {
      while true {
        let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
        if index >= count { break }
        body(index)
      }
    }
    var threads: [pthread_t] = []
    var pending = alongside
    var helpers = 0
    if let first = alongside {
      let helps = width > 1 && count > 1
      if let thread = BackgroundThread.start({
        first()
        if helps { work() }
      }) {
        threads.append(thread)
        pending = nil
        helpers = helps ? 1 : 0
      }
    }
    for _ in 0..<max(0, min(width, count) - 1 - helpers) {
      guard let thread = BackgroundThread.start(work) else { break }  // fewer threads: the rest still runs
      threads.append(thread)
    }
    work()
    pending?()  // no thread could be started: the side work runs here, after
    for thread in threads { pthread_join(thread, nil) }
  }
}

/// The number of CPUs this process may use, for the default width of parallel work.
public var availableProcessorCount: Int {
  max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
}
