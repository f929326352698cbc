import CThread

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

  /// The closure a started thread runs, passed to it as one retained object, with the CPUs it
  /// gives itself back when it starts (see `abidoctor_place_away`).
  private final class Job {
    let work: () -> Void
    var placement = abidoctor_thread_placement()
    init(_ work: @escaping () -> Void) { self.work = work }
  }

  /// Starts a thread running `work`; nil when pthread_create fails. The caller joins it.
  ///
  /// The thread's first CPU is one its creator is not on (`abidoctor_place_away`): left to the
  /// scheduler, it waited on its creator's CPU for 1.7 ms on average while the other was idle, so
  /// `deps` of 26 programs and a scan of 100 files ran no faster on two threads than on one.
  static func start(_ work: @escaping () -> Void) -> pthread_t? {
    let owned = Job(work)
    var attributes = pthread_attr_t()
    let hasAttributes = pthread_attr_init(&attributes) == 0
    if hasAttributes { abidoctor_place_away(&attributes, &owned.placement) }
    defer { if hasAttributes { pthread_attr_destroy(&attributes) } }
    let job = Unmanaged.passRetained(owned).toOpaque()
    var thread = pthread_t()
    let status = withUnsafePointer(to: &attributes) { attributes in
      pthread_create(
        &thread, hasAttributes ? attributes : nil,
        { raw in
          guard let raw else { return nil }
          let job = Unmanaged<Job>.fromOpaque(raw).takeRetainedValue()
          abidoctor_restore_placement(&job.placement)
          job.work()
          return nil
        }, job)
    }
    guard status == 0 else {
      Unmanaged<Job>.fromOpaque(job).release()
      return nil
    }
    return thread
  }
}
