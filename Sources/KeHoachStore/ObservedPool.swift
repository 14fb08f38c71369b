import CoreMetrics
import Foundation
import NIOConcurrencyHelpers

/// A pool that tells the metrics system (swift-metrics; Prometheus at /metrics) how the database is used: the time
/// of each read and write transaction, waiting for a connection or the writer's turn included
/// (`kehoach_db_transaction_duration_seconds{kind}`), those under way (`kehoach_db_transactions_in_flight{kind}`), and
/// the ones that failed (`kehoach_db_transaction_errors_total{kind}`). Without a metrics backend these cost nothing.
final class ObservedPool: SQLPool {
    let base: any SQLPool
    private let inFlight = NIOLockedValueBox<[String: Int]>([:])

    init(_ base: any SQLPool) { self.base = base }

    var dialect: SQLDialect { base.dialect }

    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLDB) throws -> T) async throws -> T {
        try await observe("read") { try await base.read(body) }
    }

    func write<T: Sendable>(exclusive: Bool, _ body: @escaping @Sendable (any SQLDB) throws -> T) async throws -> T {
        try await observe("write") { try await base.write(exclusive: exclusive, body) }
    }

    func close() async { await base.close() }

    private func observe<T>(_ kind: String, _ run: () async throws -> T) async throws -> T {
        let gauge = Gauge(label: "kehoach_db_transactions_in_flight", dimensions: [("kind", kind)])
        gauge.record(inFlight.withLockedValue { $0[kind, default: 0] += 1; return $0[kind]! })
        let start = ContinuousClock.now
        defer {
            gauge.record(inFlight.withLockedValue { $0[kind, default: 1] -= 1; return $0[kind]! })
            CoreMetrics.Timer(label: "kehoach_db_transaction_duration_seconds", dimensions: [("kind", kind)]).recordInterval(since: start)
        }
        do { return try await run() } catch {
            Counter(label: "kehoach_db_transaction_errors_total", dimensions: [("kind", kind)]).increment()
            throw error
        }
    }
}

extension CoreMetrics.Timer {
    /// Records the time since `start` on the continuous clock.
    public func recordInterval(since start: ContinuousClock.Instant) {
        let d = ContinuousClock.now - start
        recordNanoseconds(d.components.seconds * 1_000_000_000 + d.components.attoseconds / 1_000_000_000)
    }
}
