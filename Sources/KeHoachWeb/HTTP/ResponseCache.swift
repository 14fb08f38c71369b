import CompressNIO
import Foundation
import Hummingbird
import KeHoachCore

/// Rendered pages and API answers, kept per user and session, per day and per data version. An answer is served
/// from here only while the database's data version (of the scope the page depends on, see `DataScope`) is the one
/// it was built at and, for pages that show one report, while that report is the same: a write by any server
/// process makes every copy stale. Nothing here matters beyond speed (a restart or another instance simply renders
/// again). Bounded by total size; the oldest entries go first.
final class ResponseCache: @unchecked Sendable {
    // @unchecked: the dictionary, order list and byte count are only touched while holding `lock`.
    struct Entry {
        var version: Int64
        /// What else the answer was built from (the report a form shows), compared whole: never a hash that could collide.
        var revision: AnyHashable?
        var headers: HTTPFields
        var body: ByteBuffer
        /// The body gzipped once, for the clients that accept it (nearly all), so a hit costs no compression.
        var gzipped: ByteBuffer?
        var bytes: Int { body.readableBytes + (gzipped?.readableBytes ?? 0) }
    }
    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    private var order: [String] = []
    private var totalBytes = 0
    let maxTotalBytes: Int
    let maxBodyBytes: Int

    init(maxTotalBytes: Int = 64 * 1_048_576, maxBodyBytes: Int = 4 * 1_048_576) {
        self.maxTotalBytes = maxTotalBytes
        self.maxBodyBytes = maxBodyBytes
    }

    func get(_ key: String, version: Int64, revision: AnyHashable?) -> Entry? {
        lock.lock(); defer { lock.unlock() }
        guard let e = entries[key], e.version == version, e.revision == revision else { return nil }
        return e
    }

    func put(_ key: String, _ entry: Entry) {
        guard entry.body.readableBytes <= maxBodyBytes else { return }
        lock.lock(); defer { lock.unlock() }
        if let old = entries.updateValue(entry, forKey: key) {
            totalBytes -= old.bytes
        } else {
            order.append(key)
        }
        totalBytes += entry.bytes
        while totalBytes > maxTotalBytes, !order.isEmpty {
            let evicted = order.removeFirst()
            if let e = entries.removeValue(forKey: evicted) { totalBytes -= e.bytes }
        }
    }

    var count: Int { lock.withLock { entries.count } }
}

extension AppServices {
    /// Serves a GET answer from the cache when the same user, in the same session and with the same role, agency
    /// and name, asked for the same URL on the same day (evaluated statuses change with the day) at the same data
    /// version of `scope` (and the same `revision`), else builds it and keeps it if it is a plain 200 answer.
    ///
    /// Callers check permissions before calling, or wrap a whole handler: a hit skips the handler's checks, which is
    /// sound because they depend only on what the key holds (the user's record) and on data the version covers.
    func cached(_ request: Request, _ context: AppContext, scope: DataScope = .evaluated, revision: AnyHashable? = nil,
                build: () async throws -> Response) async throws -> Response {
        guard request.method == .get, let user = context.user else { return try await build() }
        let key = [context.sessionHash ?? "", user.id.description, user.role.rawValue, user.provinceID?.description ?? "",
                   user.agencyID?.description ?? "", user.displayName, user.mustChangePassword ? "1" : "0", today.description, String(context.unread),
                   request.uri.description].joined(separator: "\u{1F}")
        let version = try await store.dataVersion(scope)
        let gzip = CompressionMiddleware<AppContext>.acceptsGzip(request.headers[.acceptEncoding])
        if let hit = cache.get(key, version: version, revision: revision) { return Self.answer(hit, gzip: gzip) }
        var response = try await build()
        guard response.status == .ok, response.headers[.setCookie] == nil, response.headers[.contentEncoding] == nil,
              let type = response.headers[.contentType] else { return response }
        let collector = CompressionMiddleware<AppContext>.Collector()
        try await response.body.write(collector.writer)
        response.body = .init(byteBuffer: collector.buffer)
        var entry = Entry(version: version, revision: revision, headers: response.headers, body: collector.buffer)
        if CompressionMiddleware<AppContext>.compressible(type), collector.buffer.readableBytes >= CompressionMiddleware<AppContext>.minimumBytes {
            var plain = collector.buffer
            entry.gzipped = try? plain.compress(with: .gzip())
        }
        cache.put(key, entry)
        return Self.answer(entry, gzip: gzip)
    }

    /// A handler whose whole answer is kept by `cached` (see there why its permission checks may be skipped on a hit).
    func cachedRoute(_ scope: DataScope, _ handler: @escaping @Sendable (Request, AppContext) async throws -> Response)
        -> @Sendable (Request, AppContext) async throws -> Response {
        { request, context in try await self.cached(request, context, scope: scope) { try await handler(request, context) } }
    }

    /// The same for a page of evaluated data (most pages).
    func cachedRoute(_ handler: @escaping @Sendable (Request, AppContext) async throws -> Response) -> @Sendable (Request, AppContext) async throws -> Response {
        cachedRoute(.evaluated, handler)
    }

    typealias Entry = ResponseCache.Entry

    private static func answer(_ entry: Entry, gzip: Bool) -> Response {
        var headers = entry.headers
        if let gzipped = entry.gzipped {
            headers[.vary] = "Accept-Encoding"
            if gzip {
                headers[.contentEncoding] = "gzip"
                headers[.contentLength] = nil
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: gzipped))
            }
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: entry.body))
    }
}
