@testable import AbiScan
import Testing

/// `parallelMap` hands its elements to several threads and gives the results back in input order;
/// with weights, the heaviest go first, so a short run does not end waiting on its largest file.
@Suite("parallelMap")
struct ParallelMapTests {
  /// Weights from a fixed, unsorted pattern: heavy and light elements mixed through the input.
  static let weights: [UInt64] = (0..<200).map { UInt64(($0 * 7919) % 1009) }

  @Test(arguments: [1, 2, 3])
  func resultsAreInInputOrderAndEachElementRunsOnce(width: Int) {
    let calls = Locked([Int](repeating: 0, count: Self.weights.count))
    let results = parallelMap(Array(Self.weights.indices), width: width, weights: Self.weights) { index -> Int in
      calls.withLock { $0[index] += 1 }
      return index * 2
    }
    #expect(results == Self.weights.indices.map { $0 * 2 })
    #expect(calls.withLock { $0 } == [Int](repeating: 1, count: Self.weights.count))
  }

  @Test func theHeaviestStartFirst() {
    let started = Locked<[Int]>([])
    _ = parallelMap(Array(Self.weights.indices), width: 2, weights: Self.weights) { index in
      started.withLock { $0.append(index) }
    }
    let order = started.withLock { $0 }
    let byWeight = Self.weights.indices.sorted { Self.weights[$0] > Self.weights[$1] }
    // Two threads take the first two positions; which records first is theirs to race for.
    #expect(Set(byWeight.prefix(2)).contains(order[0]), "first started: weight \(Self.weights[order[0]])")
    // A thread may be held between taking an element and recording it, so the rest is compared by
    // halves: in input order the halves weigh about the same, heaviest first about 3 to 1.
    let firstHalf = order.prefix(order.count / 2).reduce(0) { $0 + Self.weights[$1] }
    let secondHalf = order.suffix(order.count / 2).reduce(0) { $0 + Self.weights[$1] }
    #expect(firstHalf > 2 * secondHalf, "first half \(firstHalf), second half \(secondHalf)")
  }

  /// Weights that do not match the elements (a caller's mistake) leave the input order: every
  /// element still runs once.
  @Test func weightsOfAnotherLengthAreIgnored() {
    let results = parallelMap(Array(0..<50), width: 2, weights: [3, 1, 2]) { $0 + 1 }
    #expect(results == Array(1...50))
  }
}
