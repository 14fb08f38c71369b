import Foundation
import Hummingbird
import KeHoachApp
import KeHoachCore
import KeHoachStore

/// People (administrators: everyone; coordinators: their province, no administrators) and the audit log.
struct UsersController {
    let app: AppServices

    func register(_ router: RouteTable) {
        router.get("/users", use: list)
        router.post("/users", use: create)
        router.get("/users/:id", use: show)
        router.post("/users/:id", use: change)
        router.post("/users/:id/password", use: resetPassword)
        router.post("/users/:id/access", use: access)
        router.post("/users/:id/unlock", use: unlock)
        router.get("/audit", use: audit)
    }

    func page(_ user: User, context: AppContext, error: String? = nil, form: [String: String] = [:], status: HTTPResponse.Status = .ok) async throws -> Response {
        let provinces = Dictionary(uniqueKeysWithValues: try await app.store.provinces().map { ($0.id, $0.name) })
        var agencies: [Agency] = []
        for p in try await app.visibleProvinces(user) { agencies += try await app.store.agencies(in: p.id).filter { $0.dissolvedOn == nil } }
        let agencyNames = Dictionary(uniqueKeysWithValues: agencies.map { ($0.id, $0.name) })
        let users = try await app.store.users().filter { user.role == .administrator || $0.provinceID == user.provinceID }
        let roles = Role.allCases.filter { user.role == .administrator || $0 != .administrator }
        let view = UsersView(
            users: users.map { u in
                UsersView.Account(id: u.id.description, username: u.username, displayName: u.displayName, role: u.role.label,
                                  province: u.provinceID.flatMap { provinces[$0] } ?? "—", agency: u.agencyID.flatMap { agencyNames[$0] } ?? "—",
                                  state: Self.state(u), lastSignIn: Self.lastSignIn(u), manage: KeHoachApp.manages(user, u))
            },
            roles: roles.map { Choice(value: $0.rawValue, label: $0.label, selected: false) },
            agencies: agencies.map { Choice(value: $0.id.description, label: "\($0.name) (\(provinces[$0.provinceID] ?? ""))", selected: false) },
            error: error, form: .init(username: form["username"] ?? "", displayName: form["displayName"] ?? ""))
        return app.pages.render(.users, title: Texts.text("users.title"), view: view, context: context, status: status)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.require(.manageUsers, request, province: context.user?.provinceID)
        return try await page(user, context: context)
    }

    @Sendable func create(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.require(.manageUsers, request, province: context.user?.provinceID)
        let form = try await FormFields.body(request)
        try context.checkCSRF(form)
        let echo = ["username": form.text("username") ?? "", "displayName": form.text("displayName") ?? ""]
        guard let role = form.text("role").flatMap(Role.init(rawValue:)) else {
            return try await page(user, context: context, error: Texts.text("error.badRequest"), form: echo, status: .badRequest)
        }
        let agency = try form.parsed("agency") { Agency.ID($0) }
        do {
            _ = try await app.core.createAccount(NewAccount(username: echo["username"]!, displayName: echo["displayName"]!, role: role, agency: agency,
                                                            province: nil, password: form["password"] ?? ""),
                                                 creator: user, actor: context.actor, bcryptCost: app.security.bcryptCost)
        } catch let refusal as AccountRefusal {
            if refusal.forbidden { throw HTTPError(.forbidden, message: Texts.text("error.forbidden")) }
            return try await page(user, context: context, error: refusal.message, form: echo, status: refusal.field == "username" ? .conflict : .badRequest)
        }
        return Pages.redirect("/users")
    }

    static func state(_ u: User) -> String {
        u.disabled ? Texts.text("users.disabled") : u.mustChangePassword ? Texts.text("users.mustChange") : Texts.text("users.active")
    }

    static func lastSignIn(_ u: User) -> String { u.lastSignIn.flatMap { VietnameseTime.text(stamp: $0) } ?? Texts.text("users.never") }

    /// One account, for those who manage it: its facts, the form to change it, a new one-time password, disabling
    /// and the sign-in unblock. `oneTime`: the password just issued (shown on this answer only, never stored in clear).
    func accountPage(_ target: User, manager: User, context: AppContext, oneTime: String? = nil, flash: String? = nil, error: String? = nil,
                     status: HTTPResponse.Status = .ok) async throws -> Response {
        let province = try await target.provinceID.asyncMap { try await app.store.province($0)?.name } ?? nil
        let agency = try await target.agencyID.asyncMap { try await app.store.agency($0)?.name } ?? nil
        var agencies: [Agency] = []
        for p in try await app.visibleProvinces(manager) { agencies += try await app.store.agencies(in: p.id).filter { $0.dissolvedOn == nil } }
        let roles = Role.allCases.filter { manager.role == .administrator || $0 != .administrator }
        let view = UserView(
            account: .init(id: target.id.description, username: target.username, displayName: target.displayName, role: target.role.label,
                           province: province ?? "—", agency: agency ?? "—", state: Self.state(target), disabled: target.disabled,
                           lastSignIn: Self.lastSignIn(target)),
            roles: roles.map { Choice(value: $0.rawValue, label: $0.label, selected: $0 == target.role) },
            agencies: agencies.map { Choice(value: $0.id.description, label: $0.name, selected: $0.id == target.agencyID) },
            oneTime: oneTime, error: error)
        return app.pages.render(.user, title: target.displayName, view: view, context: context, flash: flash, status: status)
    }

    /// The manager and the account the URL names, after the checks (another province's account is "not found").
    func target(_ request: Request, _ context: AppContext, form: FormFields? = nil) async throws -> (User, User) {
        let manager = try context.require(.manageUsers, request, province: context.user?.provinceID)
        if let form { try context.checkCSRF(form) }
        guard let id = User.ID(context.parameters.get("id") ?? "") else { throw HTTPError(.notFound) }
        do { return (manager, try await app.core.managed(id, by: manager)) } catch is AccountRefusal { throw HTTPError(.notFound) }
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let (manager, target) = try await target(request, context)
        let done = try FormFields.query(request).text("done")
        let flash = done.flatMap { ["saved": "users.saved", "disabled": "users.disabledNow", "enabled": "users.enabledNow", "unlocked": "users.unlockedNow"][$0] }
        return try await accountPage(target, manager: manager, context: context, flash: flash.map(Texts.text))
    }

    @Sendable func change(_ request: Request, context: AppContext) async throws -> Response {
        let form = try await FormFields.body(request)
        let (manager, target) = try await target(request, context, form: form)
        guard let role = form.text("role").flatMap(Role.init(rawValue:)) else { throw HTTPError(.badRequest, message: Texts.text("error.badRequest")) }
        let agency = try form.parsed("agency") { Agency.ID($0) }
        do {
            _ = try await app.core.changeAccount(target.id, displayName: form.text("displayName") ?? "", role: role, agency: agency, by: manager, actor: context.actor)
        } catch let refusal as AccountRefusal {
            if refusal.forbidden { throw HTTPError(.forbidden, message: Texts.text("error.forbidden")) }
            return try await accountPage(target, manager: manager, context: context, error: refusal.message, status: .badRequest)
        }
        return Pages.redirect("/users/\(target.id)?done=saved")
    }

    @Sendable func resetPassword(_ request: Request, context: AppContext) async throws -> Response {
        let (manager, target) = try await target(request, context, form: try await FormFields.body(request))
        let secret = try await app.core.resetPassword(target.id, by: manager, actor: context.actor, bcryptCost: app.security.bcryptCost)
        guard let fresh = try await app.store.user(target.id) else { throw HTTPError(.notFound) }
        return try await accountPage(fresh, manager: manager, context: context, oneTime: secret)
    }

    /// Disables (`state=disable`) or enables (`state=enable`) the account: one form, its button saying which.
    @Sendable func access(_ request: Request, context: AppContext) async throws -> Response {
        let form = try await FormFields.body(request)
        let (manager, target) = try await target(request, context, form: form)
        guard let disabled = form.text("state").flatMap({ ["disable": true, "enable": false][$0] }) else {
            throw HTTPError(.badRequest, message: Texts.text("error.badRequest"))
        }
        do { try await app.core.setDisabled(target.id, disabled, by: manager, actor: context.actor) } catch let refusal as AccountRefusal {
            return try await accountPage(target, manager: manager, context: context, error: refusal.message, status: .conflict)
        }
        return Pages.redirect("/users/\(target.id)?done=\(disabled ? "disabled" : "enabled")")
    }


    @Sendable func unlock(_ request: Request, context: AppContext) async throws -> Response {
        let (manager, target) = try await target(request, context, form: try await FormFields.body(request))
        try await app.core.unlock(target.id, by: manager, actor: context.actor)
        return Pages.redirect("/users/\(target.id)?done=unlocked")
    }

    @Sendable func audit(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.require(.viewAudit, request, province: context.user?.provinceID)
        let offset = max(0, min(try FormFields.query(request).text("offset").flatMap { Int($0) } ?? 0, 10_000_000))
        // Coordinators read what the people of their province did; administrators read everything.
        let entries = try await app.store.audit(limit: 100, offset: offset, province: user.role == .administrator ? nil : user.provinceID)
        let view = AuditView(
            entries: entries.map { .init(at: $0.when, stamp: $0.at, username: $0.username ?? "", action: $0.actionLabel, code: $0.action,
                                         subject: $0.subject, before: $0.before ?? "", after: $0.after ?? "") },
            next: entries.count == 100 ? String(offset + 100) : nil)
        return app.pages.render(.audit, title: Texts.text("audit.title"), view: view, context: context)
    }
}

/// `users`: the accounts a manager sees, and the form to add one (what was typed kept after a refusal).
struct UsersView: Encodable {
    struct Account: Encodable {
        var id, username, displayName, role, province, agency, state, lastSignIn: String
        var manage: Bool
    }
    struct Typed: Encodable {
        var username, displayName: String
    }
    var users: [Account]
    var roles, agencies: [Choice]
    var error: String?
    var form: Typed
}

/// `user`: one account with the forms that change it.
struct UserView: Encodable {
    struct Account: Encodable {
        var id, username, displayName, role, province, agency, state: String
        var disabled: Bool
        var lastSignIn: String
    }
    var account: Account
    var roles, agencies: [Choice]
    var oneTime, error: String?
}

/// `audit`: a page of the audit log, newest first.
struct AuditView: Encodable {
    struct Entry: Encodable {
        var at, stamp, username, action, code, subject, before, after: String
    }
    var entries: [Entry]
    var next: String?
}
