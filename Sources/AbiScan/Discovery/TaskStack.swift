#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Work shared by a fixed set of threads that also make more of it: a folder's listing yields the
/// folders in it.
///
/// A thread with nothing to take waits while any other still holds a task (it may yet push more);
/// when none does and none is left, every thread is told the work is done. Last in, first out, so
/// the threads stay near the folders just listed.
final class TaskStack: @unchecked Sendable {
  typealias Task = TreeWalk.Task
  // A pthread mutex and condition need fixed addresses: allocated, never moved.
  private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
  private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
  private var tasks: [Task]
  /// Threads holding a task they have not finished.
  private var busy = 0
  private var waiting = 0

  init(_ tasks: [Task]) {
    self.tasks = tasks
    pthread_mutex_init(mutex, nil)
    pthread_cond_init(condition, nil)
  }

  deinit {
    pthread_cond_destroy(condition)
    pthread_mutex_destroy(mutex)
    mutex.deallocate()
    condition.deallocate()
  }

  /// The next task, waiting for one while others are busy; nil when all the work is done. A task
  /// taken must be `finish`ed.
  func take() -> Task? {
    pthread_mutex_lock(mutex)
    defer { pthread_mutex_unlock(mutex) }
    while tasks.isEmpty {
      if busy == 0 { return nil }
      waiting += 1
      pthread_cond_wait(condition, mutex)
      waiting -= 1
    }
    busy += 1
    return tasks.removeLast()
  }

  /// Adds `more`, the first of them to be taken first.
  func push(_ more: [Task]) {
    guard !more.isEmpty else { return }
    pthread_mutex_lock(mutex)
    tasks.append(contentsOf: more.reversed())
    let wake = waiting > 0
    pthread_mutex_unlock(mutex)
    if wake { pthread_cond_broadcast(condition) }
  }

  /// Ends a task `take` gave.
  func finish() {
    pthread_mutex_lock(mutex)
    busy -= 1
    let done = busy == 0 && tasks.isEmpty && waiting > 0
    pthread_mutex_unlock(mutex)
    if done { pthread_cond_broadcast(condition) }
  }
}
