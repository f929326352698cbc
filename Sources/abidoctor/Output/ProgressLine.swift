import AbiScan
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// A progress line on standard error, shown only on a terminal and only once work has run for a second.
///
/// A thread of its own redraws it every 200 ms; `finish` wakes and joins that thread, so no redraw can
/// land after the line is cleared (a Dispatch timer's cancel does not wait for a handler already running,
/// and linking Dispatch cost every run its relocations: see `BackgroundThread`).
final class ProgressLine: Sendable {
  /// What the drawing thread reads and the workers write.
  private final class State: @unchecked Sendable {
    let count = Atomic<Int>(0)
    let shown = Atomic<Bool>(false)
    /// Guards `stopped`; the drawing thread waits on `wake` between redraws.
    let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    let wake = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    var stopped = false

    init() {
      pthread_mutex_init(mutex, nil)
      var attributes = pthread_condattr_t()
      pthread_condattr_init(&attributes)
      pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)  // a clock the user's date changes cannot move
      pthread_cond_init(wake, &attributes)
      pthread_condattr_destroy(&attributes)
    }

    deinit {
      pthread_cond_destroy(wake)
      pthread_mutex_destroy(mutex)
      wake.deallocate()
      mutex.deallocate()
    }

    /// Waits `milliseconds` or until stopped; true when stopped.
    func wait(milliseconds: Int) -> Bool {
      var deadline = timespec()
      clock_gettime(CLOCK_MONOTONIC, &deadline)
      let nanoseconds = Int(deadline.tv_nsec) + milliseconds * 1_000_000
      deadline.tv_sec += nanoseconds / 1_000_000_000
      deadline.tv_nsec = nanoseconds % 1_000_000_000
      pthread_mutex_lock(mutex)
      defer { pthread_mutex_unlock(mutex) }
      while !stopped {
        if pthread_cond_timedwait(wake, mutex, &deadline) == ETIMEDOUT { break }
      }
      return stopped
    }

    func stop() {
      pthread_mutex_lock(mutex)
      stopped = true
      pthread_cond_signal(wake)
      pthread_mutex_unlock(mutex)
    }
  }

  /// Nil when standard error is no terminal: then not even the atomics are made (their first use
  /// costs the Swift runtime a scan of every conformance record).
  private let state: State?
  private let drawing: BackgroundThread?

  init(label: String) {
    guard isatty(2) == 1 else {
      state = nil
      drawing = nil
      return
    }
    let state = State()
    self.state = state
    // No thread to draw with: no line, the scan itself is not affected.
    drawing = BackgroundThread { [state, label] in
      var delay = 1000
      while !state.wait(milliseconds: delay) {
        state.shown.store(true, ordering: .relaxed)
        StandardError.write("\r\(label): \(state.count.load(ordering: .relaxed)) files read")
        delay = 200
      }
    }
  }

  /// Records that one more file has been read.
  func fileRead() { state?.count.wrappingAdd(1, ordering: .relaxed) }

  /// Stops the line and clears it, so the report starts on a clean line.
  func finish() {
    state?.stop()
    drawing?.join()
    if state?.shown.load(ordering: .relaxed) == true { StandardError.write("\r\u{1B}[K") }
  }
}
