import CoreMetrics
import Foundation
import Hummingbird
import KeHoachCore
import KeHoachStore
import Logging
import Prometheus

/// What operators watch (Prometheus, Grafana): the process's metrics through swift-metrics, kept by swift-prometheus
/// and written at /metrics in Prometheus' text format; /healthz (the process answers) and /readyz (the database
/// answers and its schema is migrated).
///
/// - `kehoach_http_requests_total{method,route,status}` and `kehoach_http_request_duration_seconds{method,route}`
///   (a histogram): every route by its pattern (`/reports/:plan/:period`), never by the ids in a URL.
/// - `kehoach_db_transaction_duration_seconds{kind}`, `kehoach_db_transactions_in_flight{kind}`,
///   `kehoach_db_transaction_errors_total{kind}`: the database pool (ObservedPool).
/// - `kehoach_evaluation_cache_requests_total{result}`: hit, shared (joined one under way) or miss.
/// - `kehoach_mail_deliveries_total{result}`, `kehoach_reminders_total`: notifications sent.
public enum Telemetry {
    /// The process's metrics.
    public static let registry = PrometheusCollectorRegistry()

    private static let once: Void = {
        var factory = PrometheusMetricsFactory(registry: registry)
        // Pages answer in milliseconds; an evaluation of a province or a document takes up to seconds.
        factory.defaultDurationHistogramBuckets = [.milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
                                                   .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10)]
        MetricsSystem.bootstrap(factory)
        Gauge(label: "kehoach_start_time_seconds").record(Date().timeIntervalSince1970)
    }()

    /// Starts recording (once per process; later calls do nothing). Called before the store opens, so that its
    /// first transactions are counted too.
    public static func bootstrap() { _ = once }

    /// Records one answered request.
    static func record(method: String, route: String, status: Int, since start: ContinuousClock.Instant) {
        Counter(label: "kehoach_http_requests_total", dimensions: [("method", method), ("route", route), ("status", String(status))]).increment()
        CoreMetrics.Timer(label: "kehoach_http_request_duration_seconds", dimensions: [("method", method), ("route", route)]).recordInterval(since: start)
    }

    /// The status an error becomes (as ErrorPageMiddleware answers it), without logging it twice.
    static func status(of error: any Error) -> Int {
        switch error {
        case let p as Problem: p.status
        case let e as any HTTPResponseError: e.status.code
        default: Problem(error, logger: Logger(label: "kehoach.metrics", factory: { _ in SwiftLogNoOpLogHandler() })).status
        }
    }
}

/// /metrics, /healthz, /readyz.
struct OperationsController {
    let app: AppServices
    /// When set, /metrics asks for `Authorization: Bearer <this>` (KEHOACH_METRICS_TOKEN); otherwise it is open,
    /// for a scraper on the machine or the private network (it shows counts and times, no data).
    let metricsToken: String?

    func register(_ router: RouteTable) {
        router.get("/metrics", use: metrics)
        router.get("/healthz", use: health)
        router.get("/readyz", use: ready)
    }

    @Sendable func metrics(_ request: Request, context: AppContext) async throws -> Response {
        if let metricsToken {
            let given = request.headers[.authorization].flatMap(TokenMiddleware.bearer) ?? ""
            guard AppContext.constantTimeEqual(given, metricsToken) else {
                return Response(status: .unauthorized, headers: [.wwwAuthenticate: "Bearer realm=\"metrics\"", .contentType: "text/plain; charset=utf-8"],
                                body: .init(byteBuffer: ByteBuffer(string: "Cần khóa của /metrics (KEHOACH_METRICS_TOKEN).\n")))
            }
        }
        return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(bytes: Telemetry.registry.emitToBuffer())))
    }

    @Sendable func health(_ request: Request, context: AppContext) async throws -> Response {
        Self.plain(.ok, "ok\n")
    }

    /// Ready when the database answers and every migration of this build has run (an instance started against a
    /// database another version migrated further, or not at all, is not ready).
    @Sendable func ready(_ request: Request, context: AppContext) async throws -> Response {
        do {
            let (applied, known) = try await app.store.migrationState()
            guard applied == known else {
                return Self.plain(.serviceUnavailable, "not ready: database schema at migration \(applied), this build expects \(known)\n")
            }
            return Self.plain(.ok, "ready: database reachable, \(applied) migrations\n")
        } catch {
            context.logger.warning("readiness check failed: \(error)")
            return Self.plain(.serviceUnavailable, "not ready: database unreachable\n")
        }
    }

    static func plain(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
