import Dispatch
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
public func parallelMap<Element: Sendable, Result: Sendable>(
  _ elements: [Element], width: Int, _ body: @Sendable (Element) -> Result
) -> [Result] {
  let count = elements.count
  guard count > 1, width > 1 else { return elements.map(body) }
  let results = UnsafeMutableBufferPointer<Result?>.allocate(capacity: count)
  results.initialize(repeating: nil)
  defer { results.deallocate() }
  let next = Atomic<Int>(0)
  let workers = min(width, count)
  let slots = SendableBuffer(buffer: results)
  DispatchQueue.concurrentPerform(iterations: workers) { _ in
    while true {
      let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
      if index >= count { break }
      slots.buffer[index] = body(elements[index])
    }
  }
  // Every index below count was taken by exactly one worker, which filled its slot.
  return results.map { $0! }
}

/// A buffer whose slots are each written by exactly one worker.
private struct SendableBuffer<T>: @unchecked Sendable {
  let buffer: UnsafeMutableBufferPointer<T?>
}

/// The number of CPUs this process may use, for the default width of parallel work.
public var availableProcessorCount: Int {
  max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
}
