import Foundation
import Hummingbird
import KeHoachApp
import KeHoachCore
import KeHoachStore

/// Sign-in, sign-out and password change.
struct AuthController {
    let app: AppServices

    func register(_ router: RouteTable) {
        router.get("/signin", use: signinForm)
        router.post("/signin", use: signin)
        router.post("/signout", use: signout)
        router.get("/account", use: accountForm)
        router.post("/account", use: changePassword)
        router.post("/account/email", use: requestEmail)
        router.post("/account/email/remove", use: removeEmail)
        router.get("/account/email/confirm", use: confirmForm)
        router.post("/account/email/confirm", use: confirmEmail)
    }

    @Sendable func signinForm(_ request: Request, context: AppContext) async throws -> Response {
        let next = Security.localPath(try FormFields.query(request)["next"])
        if context.user != nil { return Pages.redirect(next ?? "/todo") }
        return signinPage(context: context, error: nil, username: "", next: next)
    }

    func signinPage(context: AppContext, error: String?, username: String, next: String? = nil, status: HTTPResponse.Status = .ok) -> Response {
        let token = Security.randomToken()
        var ctx = context
        ctx.csrfToken = token
        var response = app.pages.render(.signin, title: Texts.text("signin.title"), view: SigninView(error: error, username: username, next: next ?? ""),
                                        context: ctx, status: status)
        response.setCookie(app.security.cookie(Security.signinCookie, token, maxAge: 3600))
        return response
    }

    @Sendable func signin(_ request: Request, context: AppContext) async throws -> Response {
        let form = try await FormFields.body(request)
        // Double-submit: the form's token must equal the sign-in cookie set with the form.
        guard let cookie = request.cookies[Security.signinCookie]?.value, let given = form["_csrf"],
              AppContext.constantTimeEqual(cookie, given) else {
            throw HTTPError(.forbidden, message: Texts.text("error.csrf"))
        }
        let username = (form.text("username") ?? "").lowercased()
        let password = form["password"] ?? ""
        let key = KeHoachApp.signInKey(username)
        let now = app.clock()
        let since = now.addingTimeInterval(-Security.throttleWindow)
        if try await app.store.loginFailures(key: key, since: since) >= Security.throttleLimit {
            return signinPage(context: context, error: Texts.text("signin.throttled"), username: username, next: Security.localPath(form["next"]), status: .tooManyRequests)
        }
        guard username.count <= 64, password.count <= 256, let (user, hash) = try await app.store.user(named: username), !user.disabled,
              Security.verify(password, hash: hash) else {
            let failures = try await app.store.recordLoginFailure(key: key, at: now, since: since)
            // Before the last try, say so: the next wrong password blocks the account for a quarter of an hour.
            let error = Texts.text("signin.failed") + (failures == Security.throttleLimit - 1 ? " " + Texts.text("signin.lastTry") : "")
            return signinPage(context: context, error: error, username: username, next: Security.localPath(form["next"]), status: .unauthorized)
        }
        // A new session on every sign-in (no fixation); the old one, if any, ends.
        if let old = context.sessionHash { try await app.store.deleteSession(tokenHash: old) }
        let token = Security.randomToken()
        try await app.store.createSession(tokenHash: Security.hash(token), user: user.id, csrfToken: Security.randomToken(),
                                          expiresAt: now.addingTimeInterval(Security.sessionLifetime))
        var response = Pages.redirect(user.mustChangePassword ? "/account" : Security.localPath(form["next"]) ?? "/todo")
        response.setCookie(app.security.cookie(Security.sessionCookie, token, maxAge: Int(Security.sessionLifetime)))
        response.setCookie(app.security.cookie(Security.signinCookie, "", maxAge: 0))
        return response
    }

    @Sendable func signout(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser(request)
        try context.checkCSRF(try await FormFields.body(request))
        if let hash = context.sessionHash { try await app.store.deleteSession(tokenHash: hash) }
        var response = Pages.redirect("/signin")
        response.setCookie(app.security.cookie(Security.sessionCookie, "", maxAge: 0))
        return response
    }

    @Sendable func accountForm(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser(request)
        let query = try FormFields.query(request)
        return try await account(user, context: context, flash: query["confirmed"] == "1" ? "Đã xác nhận địa chỉ thư điện tử." : nil)
    }

    /// The account page: the password form and, once the password is the person's own, their mail address.
    func account(_ user: User, context: AppContext, error: String? = nil, emailError: String? = nil, typed: String? = nil, flash: String? = nil,
                 confirmToken: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let settings = user.mustChangePassword ? EmailSettings(email: nil, pending: nil) : try await app.store.emailSettings(of: user.id)
        let view = AccountView(error: error, mustChange: user.mustChangePassword, mailEnabled: app.mailEnabled && !user.mustChangePassword,
                               email: settings.email, pending: settings.pending, hasAddress: settings.email != nil || settings.pending != nil, emailError: emailError, typed: typed ?? settings.pending ?? settings.email ?? "",
                               confirmToken: confirmToken)
        return app.pages.render(.account, title: Texts.text("account.title"), view: view, context: context, flash: flash, status: status)
    }

    /// Hours a confirmation link stays valid.
    static let confirmationHours = 48

    /// A new address: checked, kept as waiting, and a link sent to it; mail goes there only once the link is followed.
    @Sendable func requestEmail(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser(request)
        let form = try await FormFields.body(request)
        try context.checkCSRF(form)
        guard app.mailEnabled else { throw HTTPError(.conflict, message: "Hệ thống chưa cấu hình máy chủ thư điện tử.") }
        let address = (form["email"] ?? "").trimmingCharacters(in: .whitespaces)
        if let problem = MailMessage.problem(address: address) {
            return try await account(user, context: context, emailError: problem, typed: address, status: .unprocessableContent)
        }
        let token = Security.randomToken()
        let now = app.clock()
        try await app.store.requestEmail(user: user.id, address: address, tokenHash: Security.hash(token),
                                         expiresAt: now.addingTimeInterval(TimeInterval(Self.confirmationHours * 3600)), by: context.actor)
        let link = app.baseURL(request) + "/account/email/confirm?token=" + token
        try await app.store.enqueueMail([OutgoingMail(key: "confirm:\(user.id):\(Security.hash(token).prefix(16))", userID: user.id, kind: "confirm",
                                                      message: MailComposer.confirmation(to: address, name: user.displayName, link: link, hours: Self.confirmationHours),
                                                      notices: [])], now: now)
        return try await account(user, context: context, flash: "Đã gửi thư xác nhận đến \(address): mở liên kết trong thư để bắt đầu nhận thông báo.")
    }

    @Sendable func removeEmail(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser(request)
        try context.checkCSRF(try await FormFields.body(request))
        try await app.store.removeEmail(user: user.id, by: context.actor)
        return try await account(user, context: context, flash: "Đã bỏ địa chỉ thư điện tử: thông báo chỉ còn hiện trên trang.")
    }

    /// The link of the mail opens a page with a button (a link checker that opens the link confirms nothing).
    @Sendable func confirmForm(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser(request)
        guard let token = try FormFields.query(request)["token"], token.count == 64, token.allSatisfy(\.isHexDigit) else {
            throw HTTPError(.badRequest, message: "Liên kết xác nhận không đúng (thiếu «token»).")
        }
        return try await account(user, context: context, confirmToken: token)
    }

    @Sendable func confirmEmail(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser(request)
        let form = try await FormFields.body(request)
        try context.checkCSRF(form)
        guard let token = form["token"], token.count == 64 else { throw HTTPError(.badRequest, message: "Liên kết xác nhận không đúng.") }
        do {
            _ = try await app.store.confirmEmail(user: user.id, tokenHash: Security.hash(token), now: app.clock(), by: context.actor)
        } catch let error as StoreError {
            return try await account(user, context: context, emailError: error.message, status: .unprocessableContent)
        }
        return Pages.redirect("/account?confirmed=1")
    }

    @Sendable func changePassword(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser(request)
        let form = try await FormFields.body(request)
        try context.checkCSRF(form)
        func fail(_ message: String) -> Response {
            app.pages.render(.account, title: Texts.text("account.title"), view: AccountView(error: message, mustChange: user.mustChangePassword),
                             context: context, status: .badRequest)
        }
        guard let (_, hash) = try await app.store.user(named: user.username), Security.verify(form["current"] ?? "", hash: hash) else {
            return fail(Texts.text("password.wrong"))
        }
        let new = form["new"] ?? ""
        guard new == form["repeat"] else { return fail(Texts.text("password.mismatch")) }
        if let problem = Passwords.problem(new, username: user.username) { return fail(problem.message) }
        try await app.store.setPassword(user.id, hash: app.security.hashPassword(new), mustChange: false, by: context.actor)
        // The password change ended every session: sign in again.
        var response = Pages.redirect("/signin")
        response.setCookie(app.security.cookie(Security.sessionCookie, "", maxAge: 0))
        return response
    }
}

/// `signin`: the sign-in form, with the last refusal and the name typed.
struct SigninView: Encodable {
    var error: String?
    var username: String
    /// The page to open after signing in (a link followed before signing in).
    var next: String
}

/// `account`: the password change (required after a one-time password).
struct AccountView: Encodable {
    var error: String?
    var mustChange: Bool
    var mailEnabled = false
    var email, pending: String?
    var hasAddress = false
    var emailError: String?
    var typed = ""
    /// Set on the page a confirmation link opens.
    var confirmToken: String?
}
