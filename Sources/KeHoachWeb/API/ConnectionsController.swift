import Foundation
import Hummingbird
import KeHoachApp
import KeHoachCore

/// `/connections`: the API keys of machine clients, issued and revoked by an administrator or the province's
/// coordinator. The secret is shown once, on the answer to the form; only its hash is kept.
struct ConnectionsController {
    let app: AppServices

    func register(_ router: RouteTable) {
        router.get("/connections", use: page)
        router.post("/connections", use: create)
        router.post("/connections/:id/revoke", use: revoke)
    }

    struct Typed {
        var client = "", agency = "", write = false, expiresOn = "", province: Province.ID?
    }

    @Sendable func page(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.require(.manageConnections, request, province: context.user?.provinceID)
        return try await render(user: user, context: context)
    }

    func render(user: User, context: AppContext, typed: Typed = Typed(), problems: [FieldProblem] = [], created: (String, String)? = nil,
                status: HTTPResponse.Status = .ok) async throws -> Response {
        let province = user.role == .administrator ? nil : user.provinceID
        let provinces = try await app.visibleProvinces(user)
        let tokens = try await app.store.tokens(province: province)
        var names: [Agency.ID: String] = [:]
        for t in tokens where names[t.agencyID ?? Agency.ID(0)] == nil {
            if let a = t.agencyID { names[a] = try await app.store.agency(a)?.name }
        }
        let provinceNames = Dictionary(provinces.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let rows = tokens.map { t in
            let state = t.state(today: app.today)
            return ConnectionsView.Token(
                id: t.id.description, client: t.client,
                scope: t.agencyID.map { names[$0] ?? "Cơ quan \($0)" } ?? "Cả tỉnh \(provinceNames[t.provinceID] ?? "")",
                access: t.access.label, prefix: t.prefix, createdBy: t.createdBy, created: VietnameseTime.text(stamp: t.createdAt) ?? t.createdAt,
                expires: t.expiresOn.vietnamese, used: t.lastUsedAt.flatMap { VietnameseTime.text(stamp: $0) },
                state: state.label + (state == .revoked ? " " + (t.revokedAt.flatMap { VietnameseTime.text(stamp: $0) } ?? "") : ""),
                active: state == .active)
        }
        let own = user.provinceID ?? provinces.first?.id
        let listed = own == nil ? [] : try await app.store.agencies(in: own!).map(\.name).sorted()
        let view = ConnectionsView(
            tokens: rows, hasTokens: !rows.isEmpty, created: created.map { .init(client: $0.0, secret: $0.1) },
            problems: problems.map { .init(field: $0.field, message: $0.message) }, hasProblems: !problems.isEmpty,
            client: typed.client, agency: typed.agency, write: typed.write,
            expiresOn: typed.expiresOn.isEmpty ? app.today.adding(days: APIToken.defaultLifetimeDays).description : typed.expiresOn,
            provinces: user.role == .administrator ? provinces.map { .init(id: $0.id.description, name: $0.name, selected: $0.id == (typed.province ?? own)) } : [],
            chooseProvince: user.role == .administrator,
            agencies: listed.map { .init(name: $0) })
        return app.pages.render(.connections, title: "Kết nối", view: view, context: context, status: status)
    }

    @Sendable func create(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.require(.manageConnections, request, province: context.user?.provinceID)
        let form = try await FormFields.body(request)
        try context.checkCSRF(form)
        var typed = Typed(client: form.text("client") ?? "", agency: form.text("agency") ?? "", write: form["access"] == "write",
                          expiresOn: form.text("expiresOn") ?? "")
        guard let access = APIToken.Access(rawValue: form["access"] ?? "read") else {
            throw HTTPError(.badRequest, message: "Quyền không hợp lệ (trường «access»).")
        }
        // The province: the coordinator's own; an administrator chooses.
        let province: Province.ID
        if user.role == .administrator {
            guard let p = try form.parsed("province", { Province.ID($0) }), try await app.store.provinces().contains(where: { $0.id == p }) else {
                throw HTTPError(.badRequest, message: "Tỉnh không hợp lệ (trường «province»).")
            }
            province = p
        } else {
            guard let p = user.provinceID else { throw HTTPError(.forbidden, message: Texts.text("error.forbidden")) }
            province = p
        }
        typed.province = province
        _ = try context.require(.manageConnections, request, province: province)
        var problems: [FieldProblem] = []
        // The agency by its name as listed (or its id), of the key's province.
        var agency: Agency.ID?
        let named = typed.agency.trimmingCharacters(in: .whitespaces)
        if !named.isEmpty {
            let key = TextFolding.searchKey(named)
            agency = try await app.store.agencies(in: province).first { $0.id.description == named || TextFolding.searchKey($0.name) == key }?.id
            if agency == nil { problems.append(FieldProblem(field: "agency", message: "Không có cơ quan «\(named)» trong danh bạ của tỉnh.")) }
        }
        let expires = CivilDate(iso: typed.expiresOn) ?? CivilDate(vietnamese: typed.expiresOn)
        problems += APIToken.problems(client: typed.client, agencyID: named.isEmpty ? nil : (agency ?? Agency.ID(1)), access: access,
                                      expiresOn: expires, today: app.today)
        guard problems.isEmpty, let expires else {
            return try await render(user: user, context: context, typed: typed, problems: problems, status: .unprocessableContent)
        }
        let secret = APIToken.secretPrefix + Security.randomToken()
        _ = try await app.store.createToken(client: typed.client, province: province, agency: agency, access: access, expiresOn: expires,
                                            secretHash: Security.hash(secret), prefix: String(secret.prefix(APIToken.secretPrefix.count + 6)), by: context.actor)
        return try await render(user: user, context: context, created: (TextFolding.collapseSpaces(typed.client), secret), status: .created)
    }

    @Sendable func revoke(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.require(.manageConnections, request, province: context.user?.provinceID)
        try context.checkCSRF(try await FormFields.body(request))
        guard let id = APIToken.ID(context.parameters.get("id") ?? ""),
              let token = try await app.store.tokens(province: user.role == .administrator ? nil : user.provinceID).first(where: { $0.id == id }) else {
            throw HTTPError(.notFound)
        }
        _ = try context.require(.manageConnections, request, province: token.provinceID)
        try await app.store.revokeToken(id, by: context.actor)
        return Pages.redirect("/connections")
    }
}

/// `connections`: the keys and the form.
struct ConnectionsView: Encodable {
    struct Token: Encodable {
        var id, client, scope, access, prefix, createdBy, created, expires: String
        var used: String?
        var state: String
        var active: Bool
    }
    struct Created: Encodable { var client, secret: String }
    struct Problem: Encodable { var field, message: String }
    struct Choice: Encodable { var id, name: String; var selected: Bool }
    struct Name: Encodable { var name: String }
    var tokens: [Token]
    var hasTokens: Bool
    var created: Created?
    var problems: [Problem]
    var hasProblems: Bool
    var client, agency: String
    var write: Bool
    var expiresOn: String
    var provinces: [Choice]
    var chooseProvince: Bool
    var agencies: [Name]
}
