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
        router.get("/audit", use: audit)
    }

    func page(_ user: User, context: AppContext, error: String? = nil, form: [String: String] = [:], status: HTTPResponse.Status = .ok) async throws -> Response {
        let provinces = Dictionary(uniqueKeysWithValues: try await app.store.provinces().map { ($0.id, $0.name) })
        var agencies: [Agency] = []
        for p in try await app.visibleProvinces(user) { agencies += try await app.store.agencies(in: p.id).filter { $0.dissolvedOn == nil } }
        let agencyNames = Dictionary(uniqueKeysWithValues: agencies.map { ($0.id, $0.name) })
        let users = try await app.store.users().filter { user.role == .administrator || $0.provinceID == user.provinceID }
        let roles = Role.allCases.filter { user.role == .administrator || $0 != .administrator }
        return app.pages.render(.users, title: Texts.text("users.title"), data: [
            "users": users.map { ["username": $0.username, "displayName": $0.displayName, "role": $0.role.label,
                                  "province": $0.provinceID.flatMap { provinces[$0] } ?? "—", "agency": $0.agencyID.flatMap { agencyNames[$0] } ?? "—"] },
            "roles": roles.map { ["value": $0.rawValue, "label": $0.label] },
            "agencies": agencies.map { ["id": $0.id.description, "name": "\($0.name) (\(provinces[$0.provinceID] ?? ""))"] },
            "error": error as Any, "form": form,
        ], context: context, status: status)
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

    @Sendable func audit(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.require(.viewAudit, request, province: context.user?.provinceID)
        let offset = max(0, min(try FormFields.query(request).text("offset").flatMap { Int($0) } ?? 0, 10_000_000))
        // Coordinators read what the people of their province did; administrators read everything.
        let entries = try await app.store.audit(limit: 100, offset: offset, province: user.role == .administrator ? nil : user.provinceID)
        return app.pages.render(.audit, title: Texts.text("audit.title"), data: [
            "entries": entries.map { ["at": $0.at, "username": $0.username ?? "", "action": $0.action, "entity": $0.entity,
                                      "entityID": $0.entityID ?? "", "before": $0.before ?? "", "after": $0.after ?? ""] },
            "next": entries.count == 100 ? String(offset + 100) : nil as String? as Any,
        ], context: context)
    }
}
