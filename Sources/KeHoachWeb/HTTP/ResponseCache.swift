import Foundation
import Hummingbird
import KeHoachCore

/// Rendered pages and API answers, kept per session and per data version. A page is served from here only
/// while the database's data version is the one it was rendered at, so a write by any server process makes
/// every copy stale; nothing here matters beyond speed (a restart or another instance simply renders again).
final class ResponseCache: @unchecked Sendable {
    // @unchecked: the dictionary and order list are only touched while holding `lock`.
    struct Entry { var version: Int64; var contentType: String; var body: ByteBuffer }
    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    private var order: [String] = []
    let capacity: Int
    let maxBodyBytes: Int

    init(capacity: Int = 512, maxBodyBytes: Int = 4 * 1_048_576) {
        self.capacity = capacity
        self.maxBodyBytes = maxBodyBytes
    }

    func get(_ key: String, version: Int64) -> Entry? {
        lock.lock(); defer { lock.unlock() }
        guard let e = entries[key], e.version == version else { return nil }
        return e
    }

    func put(_ key: String, _ entry: Entry) {
        guard entry.body.readableBytes <= maxBodyBytes else { return }
        lock.lock(); defer { lock.unlock() }
        if entries.updateValue(entry, forKey: key) == nil {
            order.append(key)
            if order.count > capacity {
                let evicted = order.removeFirst()
                entries.removeValue(forKey: evicted)
            }
        }
    }
}

extension AppServices {
    /// Serves a GET answer from the cache when the session asked for the same URL at the same data version on the
    /// same day (evaluated statuses change with the day), else builds it (after the caller has checked
    /// permissions) and keeps it.
    func cached(_ request: Request, _ context: AppContext, contentType: String, build: () async throws -> ByteBuffer) async throws -> Response {
        let key = (context.sessionHash ?? "anonymous") + " " + today.description + " " + request.uri.description
        let version = try await store.dataVersion()
        let body: ByteBuffer
        if let hit = cache.get(key, version: version) {
            body = hit.body
        } else {
            body = try await build()
            cache.put(key, .init(version: version, contentType: contentType, body: body))
        }
        return Response(status: .ok, headers: [.contentType: contentType, .cacheControl: "no-store"], body: .init(byteBuffer: body))
    }
}
