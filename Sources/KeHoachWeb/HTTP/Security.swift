import CompressNIO
import Foundation
import Hummingbird
import HTTPTypes
import KeHoachStore
import Logging
import KeHoachCore
import KeHoachApp
import KeHoachImport

/// Session cookies, form tokens, password hashing and sign-in throttling.
public struct Security: Sendable {
    static let sessionCookie = "kh_session"
    /// Anti-forgery cookie for the sign-in form (before any session exists): double-submit.
    static let signinCookie = "kh_signin"
    static let sessionLifetime: TimeInterval = 8 * 3600
    static let throttleWindow: TimeInterval = 15 * 60
    static let throttleLimit = 5

    /// Cookies carry `Secure` when the site is served over HTTPS (configuration).
    var secureCookies: Bool
    /// bcrypt cost: 12 in production; lower only in tests.
    var bcryptCost: UInt8

    public static func randomToken() -> String { Passwords.randomToken() }

    /// Session tokens are stored hashed: a leaked database gives no usable session.
    public static func hash(_ token: String) -> String { Passwords.tokenHash(token) }

    /// A path of this site to go to after signing in: starts with one `/`, no scheme, host or backslash; else nil.
    static func localPath(_ text: String?) -> String? {
        guard let t = text, t.hasPrefix("/"), !t.hasPrefix("//"), !t.contains("\\"), t.count <= 2_000, !t.hasPrefix("/signin"),
              t.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else { return nil }
        return t
    }

    func hashPassword(_ password: String) -> String { Passwords.hash(password, cost: bcryptCost) }
    static func verify(_ password: String, hash: String) -> Bool { Passwords.verify(password, hash: hash) }

    func cookie(_ name: String, _ value: String, maxAge: Int) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: secureCookies, httpOnly: true, sameSite: .lax)
    }
}

/// Loads the signed-in user from the session cookie into the context.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let store: any Store & FollowUpStore
    /// The application's clock (the one sessions were created with).
    let clock: @Sendable () -> Date

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let token = request.cookies[Security.sessionCookie]?.value, token.count == 64 {
            let hash = Security.hash(token)
            if let (user, csrf) = try await store.session(tokenHash: hash, now: clock()) {
                context.user = user
                context.csrfToken = csrf
                context.sessionHash = hash
                // Pages only (the API and files do not show the header).
                if request.method == .get, !request.uri.path.hasPrefix("/api/"), !request.uri.path.hasPrefix("/static/") {
                    context.unread = try await store.unreadNotices(of: user.id)
                }
                if user.mustChangePassword, !Self.openWithOneTimePassword(request.uri.path) {
                    // Signed in with a one-time password: nothing but the password page and sign-out until it is
                    // changed (pages are sent to the password form, everything else is refused).
                    if request.method == .get, !request.uri.path.hasPrefix("/api/") { throw RedirectError(location: "/account") }
                    throw HTTPError(.forbidden, message: Texts.text("account.mustChange"))
                }
            }
        }
        return try await next(request, context)
    }

    /// Routes a session signed in with a one-time password may use: the password change, sign-out, and what
    /// anonymous visitors may open anyway (sign-in, style sheets, the API description).
    static func openWithOneTimePassword(_ path: String) -> Bool {
        ["/account", "/signout", "/signin", "/api/openapi.json", "/guide", "/metrics", "/healthz", "/readyz"].contains(path) || path.hasPrefix("/static/")
            || path == "/open" || path.hasPrefix("/open/")
    }
}

/// Security headers on every response: a strict content security policy (no inline script or style is
/// needed), no framing, no MIME sniffing, no referrer leaks.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        Self.apply(&response.headers)
        return response
    }

    static func apply(_ headers: inout HTTPFields) {
        headers[.contentSecurityPolicy] = "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        headers[HTTPField.Name("Permissions-Policy")!] = "camera=(), microphone=(), geolocation=()"
    }
}

/// Compresses pages, style sheets, JSON and CSV for clients that accept gzip: commune officers report from phones on
/// weak connections, and a long report form goes from 77 KB to a tenth of it. Small answers and files (documents,
/// images, workbooks: already compressed, or downloads) are sent as they are.
struct CompressionMiddleware<Context: RequestContext>: RouterMiddleware {
    static var minimumBytes: Int { 1_024 }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        guard Self.acceptsGzip(request.headers[.acceptEncoding]), response.headers[.contentEncoding] == nil,
              let type = response.headers[.contentType], Self.compressible(type) else { return response }
        let collector = Collector()
        try await response.body.write(collector.writer)
        var plain = collector.buffer
        guard plain.readableBytes >= Self.minimumBytes, let compressed = try? plain.compress(with: .gzip()) else {
            response.body = .init(byteBuffer: collector.buffer)
            return response
        }
        response.headers[.contentEncoding] = "gzip"
        response.headers[.vary] = "Accept-Encoding"
        response.headers[.contentLength] = nil
        response.body = .init(byteBuffer: compressed)
        return response
    }

    /// `gzip` listed and not refused with `q=0`.
    static func acceptsGzip(_ header: String?) -> Bool {
        guard let header else { return false }
        return header.split(separator: ",").contains { part in
            let pieces = part.split(separator: ";").map { $0.trimmedSpaces.lowercased() }
            guard pieces.first == "gzip" || pieces.first == "*" else { return false }
            let q = pieces.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return q > 0
        }
    }

    static func compressible(_ type: String) -> Bool {
        ["text/html", "text/css", "application/json", "text/csv", "text/plain"].contains { type.hasPrefix($0) }
    }

    final class Collector: @unchecked Sendable {
        var buffer = ByteBuffer()
        var writer: Writer { Writer(collector: self) }
        struct Writer: ResponseBodyWriter {
            let collector: Collector
            mutating func write(_ buffer: ByteBuffer) async throws { var b = buffer; collector.buffer.writeBuffer(&b) }
            consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
        }
    }
}

/// Refuses request lines no page of ours needs (a query over 4 KB, a path over 2 KB) before any handler reads them.
struct RequestLimitsMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if (request.uri.query?.utf8.count ?? 0) > 4_096 || request.uri.path.utf8.count > 2_048 {
            throw HTTPError(.uriTooLong, message: Texts.text("error.uriTooLong"))
        }
        return try await next(request, context)
    }
}

/// Turns errors into Vietnamese pages (HTML) or problem details (API, RFC 9457), never a stack trace; logs the
/// developer detail.
struct ErrorPageMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let pages: Pages

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let redirect as RedirectError {
            return Pages.redirect(redirect.location)
        } catch {
            let problem = Problem(error, logger: context.logger)
            var response: Response
            if request.uri.path.hasPrefix("/api/") {
                response = problem.response(instance: request.uri.path)
            } else {
                response = pages.error(problem.detail, status: problem.httpStatus, context: context)
            }
            if let after = problem.retryAfter { response.headers[.retryAfter] = after }
            if let challenge = problem.challenge { response.headers[.wwwAuthenticate] = challenge }
            return response
        }
    }
}

extension AppContext {
    /// The signed-in user, or a redirect to the sign-in page (HTML) / 401 (API).
    func requireUser(_ request: Request) throws -> User {
        guard let user else {
            if request.uri.path.hasPrefix("/api/") { throw HTTPError(.unauthorized, message: Texts.text("error.forbidden")) }
            // A page asked for (a link in a mail) is opened after signing in.
            let wanted = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
            guard request.method == .get, request.uri.path != "/", let next = Security.localPath(wanted),
                  let encoded = next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) else { throw RedirectError(location: "/signin") }
            throw RedirectError(location: "/signin?next=" + encoded)
        }
        return user
    }

    /// The user, if the policy allows them `permission` on `province` / `agency`; 403 otherwise.
    func require(_ permission: Permission, _ request: Request, province: Province.ID? = nil, agency: Agency.ID? = nil) throws -> User {
        let user = try requireUser(request)
        guard AccessPolicy.allows(user, permission, province: province, agency: agency) else {
            throw HTTPError(.forbidden, message: Texts.text("error.forbidden"))
        }
        return user
    }

    /// Checks the form's anti-forgery token against the session's.
    func checkCSRF(_ form: FormFields) throws {
        guard let expected = csrfToken, let given = form["_csrf"], Self.constantTimeEqual(expected, given) else {
            throw HTTPError(.forbidden, message: Texts.text("error.csrf"))
        }
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<x.count { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}

/// Sends the browser elsewhere (sign-in page for anonymous visitors).
struct RedirectError: Error, HTTPResponseError {
    var location: String
    var status: HTTPResponse.Status { .seeOther }
    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }
}

extension Security {
    /// A bcrypt hash at the lowest cost, for test fixtures only.
    public static func testHash(_ password: String) -> String { Passwords.hash(password, cost: 4) }
}
