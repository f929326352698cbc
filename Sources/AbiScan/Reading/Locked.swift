#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// A value shared between the reading threads, guarded by a pthread mutex.
///
/// Why not `Synchronization.Mutex`: on Linux it locks with futexes ThreadSanitizer cannot see, so
/// `scripts/sanitize.sh` reported races between two `withLock` calls on it (a false report, but one
/// that hides real ones). A pthread mutex is what TSan models, at no measurable cost here.
package final class Locked<Value>: @unchecked Sendable {
  /// Unchecked: every access holds the mutex, which excludes more than the dynamic check would.
  @usableFromInline @exclusivity(unchecked) var value: Value
  @usableFromInline let mutex: UnsafeMutablePointer<pthread_mutex_t>

  package init(_ value: Value) {
    self.value = value
    mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    pthread_mutex_init(mutex, nil)
  }

  deinit {
    pthread_mutex_destroy(mutex)
    mutex.deallocate()
  }

  /// Runs `body` with the value, holding the lock. Inlinable, so that each caller's closure is
  /// specialised into it: called through the generic entry point it was 900 instructions a dictionary
  /// look-up of the run caches, 700 look-ups in `deps` of 26 programs.
  @inlinable package func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
    pthread_mutex_lock(mutex)
    defer { pthread_mutex_unlock(mutex) }
    return try body(&value)
  }
}
