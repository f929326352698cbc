@preconcurrency import Dispatch
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// A progress line on standard error, shown only on a terminal and only once work has run for a second.
final class ProgressLine: Sendable {
  /// What the timer reads and the workers write.
  private final class State: Sendable {
    let count = Atomic<Int>(0)
    let shown = Atomic<Bool>(false)
  }

  /// Nil when standard error is no terminal: then not even the atomics are made (their first use
  /// costs the Swift runtime a scan of every conformance record).
  private let state: State?
  private let timer: DispatchSourceTimer?
  private let label: String

  init(label: String) {
    self.label = label
    guard isatty(2) == 1 else {
      state = nil
      timer = nil
      return
    }
    let state = State()
    self.state = state
    let source = DispatchSource.makeTimerSource(queue: DispatchQueue.global(qos: .utility))
    timer = source
    source.schedule(deadline: .now() + 1, repeating: .milliseconds(200))
    source.setEventHandler { [state, label] in
      state.shown.store(true, ordering: .relaxed)
      StandardError.write("\r\(label): \(state.count.load(ordering: .relaxed)) files read")
    }
    source.resume()
  }

  /// Records that one more file has been read.
  func fileRead() { state?.count.wrappingAdd(1, ordering: .relaxed) }

  /// Stops the line and clears it, so the report starts on a clean line.
  func finish() {
    timer?.cancel()
    if state?.shown.load(ordering: .relaxed) == true { StandardError.write("\r\u{1B}[K") }
  }
}
