import AbiScan

/// Answers found once in a run and shared by its reading threads, by what they were found from: the
/// tree abidoctor reads does not change while it runs. Bounded, so a hostile tree of millions of
/// folders or names cannot grow one without end: a full cache starts over.
final class RunCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
  /// Room for a run's usual answers from the start (a few hundred paths and searches): grown from
  /// empty, each table was rehashed seven times on the way.
  private let entries = Locked<[Key: Value]>(Dictionary(minimumCapacity: 256))
  /// Entries kept before the cache starts over.
  static var capacity: Int { 65536 }

  /// The answer stored for `key`, if any (a stored nil is an answer: `Value` may be optional).
  func lookUp(_ key: Key) -> Value? { entries.withLock { $0[key] } }

  func store(_ value: Value, for key: Key) {
    entries.withLock { table in
      if table.count >= Self.capacity { table.removeAll(keepingCapacity: true) }
      table[key] = value
    }
  }
}
