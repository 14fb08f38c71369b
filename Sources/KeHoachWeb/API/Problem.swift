import Foundation
import Hummingbird
import HTTPTypes
import KeHoachCore
import KeHoachStore
import Logging

/// An error as the API answers it: RFC 9457 problem details (`application/problem+json`), the same words the pages
/// show. `type` names the kind of problem a client may act on (relative to the site; `about:blank` for the plain
/// HTTP meaning); `errors` lists each wrong field of a report (`task.12.percent`, as the form names them).
struct Problem: Encodable, Error {
    struct FieldError: Encodable {
        var field, message: String
        /// Accepted once the client confirms it (`"confirm": true`): an unusual value, not a wrong one.
        var needsConfirmation: Bool
    }

    var type = "about:blank"
    var title: String
    var status: Int
    var detail: String
    var instance: String?
    var errors: [FieldError]?
    /// Headers that go with it (not in the body).
    var retryAfter: String?
    var challenge: String?

    enum CodingKeys: String, CodingKey { case type, title, status, detail, instance, errors }

    static let contentType = "application/problem+json; charset=utf-8"

    /// The kinds of problem a client acts on, named under /api/problems/.
    enum Kind: String {
        case invalidReport = "invalid-report"
        case reportLocked = "report-locked"
        case tokenRequired = "token-required"
        case tokenInvalid = "token-invalid"
        case tokenReadOnly = "token-read-only"
        case idempotencyKeyReused = "idempotency-key-reused"
        case idempotencyKeyInProgress = "idempotency-key-in-progress"
        case malformedBody = "malformed-body"
    }

    init(_ kind: Kind?, status: HTTPResponse.Status, detail: String, errors: [FieldError]? = nil) {
        self.type = kind.map { "/api/problems/\($0.rawValue)" } ?? "about:blank"
        self.status = status.code
        self.title = Self.title(status.code)
        self.detail = detail
        self.errors = errors
    }

    var httpStatus: HTTPResponse.Status { HTTPResponse.Status(code: status, reasonPhrase: Self.reason(status)) }

    /// Any error of a handler, as the user is told about it (the developer detail goes to the log).
    init(_ error: any Error, logger: Logger) {
        switch error {
        case let problem as Problem:
            self = problem
        case let error as HTTPError:
            self.init(nil, status: error.status, detail: error.body ?? Self.message(for: error.status.code))
        case let error as StoreError:
            switch error {
            case .unavailable:
                // PostgreSQL restarting or unreachable: say so and ask the client to come back; the pool
                // reconnects by itself on a later request.
                logger.warning("database unavailable: \(error)")
                self.init(nil, status: .serviceUnavailable, detail: Texts.text("error.unavailable"))
                retryAfter = "5"
            case .full:
                // The disk holding the data is full: the write was rolled back; say so plainly (507).
                logger.critical("storage full: \(error)")
                self.init(nil, status: HTTPResponse.Status(code: 507, reasonPhrase: "Insufficient Storage"), detail: Texts.text("error.full"))
            case .database:
                logger.error("database error: \(error)")
                self.init(nil, status: .internalServerError, detail: Texts.text("error.server"))
            case .notFound, .conflict, .invalid:
                logger.info("store error: \(error)")
                let status: HTTPResponse.Status = switch error { case .notFound: .notFound; case .conflict: .conflict; default: .badRequest }
                self.init(nil, status: status, detail: error.message)
            }
        default:
            logger.error("unhandled error: \(String(reflecting: error))")
            self.init(nil, status: .internalServerError, detail: Texts.text("error.server"))
        }
    }

    static func message(for status: Int) -> String {
        switch status {
        case 401, 403: Texts.text("error.forbidden")
        case 404: Texts.text("error.notFound")
        case 413: Texts.text("error.tooLarge")
        case 400...499: Texts.text("error.badRequest")
        default: Texts.text("error.server")
        }
    }

    /// A short Vietnamese summary of the status (the same for every problem of that status).
    static func title(_ status: Int) -> String {
        switch status {
        case 400: "Yêu cầu không hợp lệ"
        case 401: "Chưa xác thực"
        case 403: "Không có quyền"
        case 404: "Không tìm thấy"
        case 409: "Xung đột trạng thái"
        case 413: "Nội dung quá lớn"
        case 414: "Địa chỉ quá dài"
        case 415: "Kiểu nội dung không hỗ trợ"
        case 422: "Dữ liệu không hợp lệ"
        case 429: "Quá nhiều yêu cầu"
        case 503: "Tạm thời không phục vụ được"
        case 507: "Hết chỗ lưu trữ"
        default: status >= 500 ? "Lỗi máy chủ" : "Yêu cầu không thực hiện được"
        }
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 422: "Unprocessable Content"
        case 507: "Insufficient Storage"
        default: HTTPResponse.Status(code: status).reasonPhrase
        }
    }

    func body(instance: String?) -> Data {
        var copy = self
        copy.instance = instance
        return (try? APIController.encoder.encode(copy)) ?? Data()
    }

    func response(instance: String?) -> Response {
        var headers: HTTPFields = [.contentType: Self.contentType, .cacheControl: "no-store"]
        if let retryAfter { headers[.retryAfter] = retryAfter }
        if let challenge { headers[.wwwAuthenticate] = challenge }
        return Response(status: httpStatus, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body(instance: instance))))
    }
}
