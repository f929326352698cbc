@testable import AbiScan
import CThread
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// A started thread begins on a CPU its creator is not on (so it need not wait for the creator's),
/// and then gives itself back every CPU its creator may use: it is never left pinned.
@Suite("BackgroundThread")
struct BackgroundThreadTests {
  /// The CPUs the calling thread may use, as CPU numbers.
  static func allowedCPUs() -> [Int] {
    var set = cpu_set_t()
    guard sched_getaffinity(0, MemoryLayout<cpu_set_t>.size, &set) == 0 else { return [] }
    return (0..<(8 * MemoryLayout<cpu_set_t>.size)).filter { abidoctor_cpu_in(&set, Int32($0)) != 0 }
  }

  @Test func aStartedThreadMayUseEveryCPUItsCreatorMay() throws {
    let creator = Self.allowedCPUs()
    #expect(!creator.isEmpty)
    let seen = Locked<[Int]>([])
    let thread = try #require(BackgroundThread { seen.withLock { $0 = Self.allowedCPUs() } })
    thread.join()
    #expect(seen.withLock { $0 } == creator)
  }

  /// Placed away from the creator: with two or more CPUs, the attributes name every allowed CPU but
  /// the creator's; with one, they are left as they were (the thread runs where it can).
  @Test func thePlacementLeavesOutOnlyTheCreatorsCPU() {
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    defer { pthread_attr_destroy(&attributes) }
    var placement = abidoctor_thread_placement()
    abidoctor_place_away(&attributes, &placement)
    let allowed = Self.allowedCPUs()
    if allowed.count < 2 {
      #expect(placement.placed == 0)
      return
    }
    #expect(placement.placed == 1)
    let cpus = 0..<(8 * MemoryLayout<cpu_set_t>.size)
    // The set kept for the thread to restore is the creator's whole set.
    #expect(cpus.filter { abidoctor_cpu_in(&placement.allowed, Int32($0)) != 0 } == allowed)
    // The thread starts on all of them but one (the CPU the creator was on; it may have moved since).
    var first = cpu_set_t()
    #expect(pthread_attr_getaffinity_np(&attributes, MemoryLayout<cpu_set_t>.size, &first) == 0)
    let starting = cpus.filter { abidoctor_cpu_in(&first, Int32($0)) != 0 }
    #expect(starting.count == allowed.count - 1 && Set(starting).isSubset(of: allowed), "\(starting) of \(allowed)")
  }
}
