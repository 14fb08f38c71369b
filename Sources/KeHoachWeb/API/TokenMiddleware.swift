import Foundation
import Hummingbird
import HTTPTypes
import KeHoachApp
import KeHoachCore

/// Machine clients: an API request with `Authorization: Bearer <key>` is the key's principal (an officer of its
/// agency, or a leader of its province; AccessPolicy judges it as every request), never a session's user. A key
/// unknown, expired or revoked is refused (401); a read key writes nothing (403). Every use is audited with its
/// answer. Pages ignore the header: keys open the API only.
struct TokenMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let store: KeHoachApp.AppStore
    let clock: @Sendable () -> Date

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.uri.path.hasPrefix("/api/"), let header = request.headers[.authorization] else { return try await next(request, context) }
        guard let secret = Self.bearer(header) else {
            throw Self.refusal("Tiêu đề Authorization phải có dạng «Bearer <khóa>».", error: "invalid_request")
        }
        guard secret.hasPrefix(APIToken.secretPrefix), secret.count <= 200, let token = try await store.token(secretHash: Security.hash(secret)) else {
            throw Self.refusal("Khóa API không đúng.", error: "invalid_token")
        }
        let line = "\(request.method.rawValue) \(request.uri.path)"
        switch token.state(today: CivilDate(vietnamDay: clock())) {
        case .revoked:
            try await store.recordTokenUse(token.id, client: token.client, request: line, status: 401)
            throw Self.refusal("Khóa API đã bị thu hồi.", error: "invalid_token")
        case .expired:
            try await store.recordTokenUse(token.id, client: token.client, request: line, status: 401)
            throw Self.refusal("Khóa API đã hết hạn ngày \(token.expiresOn.vietnamese).", error: "invalid_token")
        case .active:
            break
        }
        var context = context
        // The key replaces whatever session cookie came along.
        context.user = token.principal
        context.token = token
        context.csrfToken = nil
        context.sessionHash = nil
        do {
            guard token.permits(method: request.method.rawValue) else {
                throw Problem(.tokenReadOnly, status: .forbidden, detail: "Khóa API này chỉ được đọc; cần khóa «đọc và ghi báo cáo» của cơ quan.")
            }
            let response = try await next(request, context)
            try await store.recordTokenUse(token.id, client: token.client, request: line, status: response.status.code)
            return response
        } catch {
            let status = (error as? Problem)?.status ?? (error as? HTTPError)?.status.code ?? Problem(error, logger: context.logger).status
            try? await store.recordTokenUse(token.id, client: token.client, request: line, status: status)
            throw error
        }
    }

    /// The key of `Bearer <key>` (the scheme in any case, RFC 7235).
    static func bearer(_ header: String) -> String? {
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let key = parts[1].trimmingCharacters(in: .whitespaces)
        return key.isEmpty ? nil : key
    }

    /// 401 with the challenge of RFC 6750.
    static func refusal(_ detail: String, error: String) -> Problem {
        var p = Problem(.tokenInvalid, status: .unauthorized, detail: detail)
        p.challenge = "Bearer realm=\"kehoach\", error=\"\(error)\""
        return p
    }
}
