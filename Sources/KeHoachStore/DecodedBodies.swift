import Foundation
import Synchronization

/// Decoded values of stored JSON bodies (a plan's tasks and indicators), kept by the body's text. Plan pages, agency
/// pages and report forms read the same plan's tasks again and again, and JSONDecoder was a fifth of the server's
/// CPU time on a report form under load. A body is the whole stored value, so the same text always decodes to the
/// same value: nothing here can be stale, and a changed task is simply a new text. Bounded: past `capacity` texts
/// the memory is emptied and filled again by the reads that follow (BoundedMemo).
final class DecodedBodies<Value: Decodable & Sendable>: Sendable {
    private let memo: BoundedMemo<String, Value>

    init(capacity: Int) { memo = BoundedMemo(capacity: capacity) }

    func decode(_ body: String, with decoder: JSONDecoder) throws -> Value {
        if let known = memo[body] { return known }
        let value = try decoder.decode(Value.self, from: Data(body.utf8))
        memo[body] = value
        return value
    }
}

/// Lists of a plan's tasks or indicators as read at one value of the plan data version (`data_version`, migration
/// 003, bumped in the same transaction as every write to plans, tasks, indicators, assignments and the directory;
/// report saves bump the separate shards instead). A read compares the version inside its own read transaction, so
/// it never returns what that snapshot would not show, whichever server process wrote last. Under the trust suite's
/// load these reads (the tasks, their agencies, their JSON) were a third of the server's CPU, for data that changes
/// a few times a year.
final class PlanDataCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let memo: BoundedMemo<Key, (version: Int64, value: Value)>

    init(capacity: Int) { memo = BoundedMemo(capacity: capacity) }

    func value(_ key: Key, version: Int64, read: () throws -> Value) rethrows -> Value {
        if let hit = memo[key], hit.version == version { return hit.value }
        let value = try read()
        memo[key] = (version, value)
        return value
    }
}

/// A dictionary shared between threads that is emptied when it reaches `capacity` entries (and filled again by the
/// reads that follow): the memory of the two caches above.
final class BoundedMemo<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let entries = Mutex<[Key: Value]>([:])
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    subscript(key: Key) -> Value? {
        get { entries.withLock { $0[key] } }
        set {
            entries.withLock { entries in
                if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
                entries[key] = newValue
            }
        }
    }
}
