#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// One closure run on a thread of its own, joined by its owner.
///
/// Why not Dispatch: linking libdispatch for a global queue put its 129 KB of pointer tables
/// (`_dispatch_queue_attrs`, `_dispatch_queue_attr_concurrent`) in the binary's relocated data, so
/// every run, a one-file `inspect` too, paid ld.so's relocations of them and the copy-on-write faults
/// of their 32 pages, and its constructor read `/sys/devices/system/cpu/possible` twice. Its pool
/// on Linux also starts a worker only after a delay (see `parallelMap`).
public final class BackgroundThread: @unchecked Sendable {
  private let thread: pthread_t
  private var joined = false

  /// Starts `work` on a new thread; nil when the system refuses one (the caller decides whether to
  /// run the work itself: a prefetch can, a loop that waits to be stopped cannot).
  public init?(_ work: @escaping @Sendable () -> Void) {
    guard let thread = Self.start(work) else { return nil }
    self.thread = thread
  }

  /// Waits until the work has finished; later calls return at once.
  public func join() {
    guard !joined else { return }
    pthread_join(thread, nil)
    joined = true
  }

  deinit { join() }

  /// The closure a started thread runs, passed to it as one retained object.
  private final class Job {
    let work: () -> Void
    init(_ work: @escaping () -> Void) { self.work = work }
  }

  /// Starts a thread running `work`; nil when pthread_create fails. The caller joins it.
  static func start(_ work: @escaping () -> Void) -> pthread_t? {
    let job = Unmanaged.passRetained(Job(work)).toOpaque()
    var thread = pthread_t()
    let status = pthread_create(
      &thread, nil,
      { raw in
        guard let raw else { return nil }
        Unmanaged<Job>.fromOpaque(raw).takeRetainedValue().work()
        return nil
      }, job)
    guard status == 0 else {
      Unmanaged<Job>.fromOpaque(job).release()
      return nil
    }
    return thread
  }
}
