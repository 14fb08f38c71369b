import Foundation
import Hummingbird
import KeHoachApp
import KeHoachCore
import KeHoachStore

/// The agency directory (with successions and the names still to map), an agency's page, and search.
struct DirectoryController {
    let app: AppServices

    func register(_ router: RouteTable) {
        router.get("/directory", use: directory)
        router.post("/directory/aliases", use: addAlias)
        router.post("/directory/successions", use: addSuccession)
        router.post("/directory/agencies", use: createAgency)
        router.post("/directory/outside", use: markOutside)
        router.post("/directory/list", use: loadList)
        router.post("/agencies/:id", use: updateAgency)
        router.post("/agencies/:id/retire", use: retireAgency)
        router.get("/agencies/:id", use: app.cachedRoute(agency))
        router.get("/search", use: app.cachedRoute(search))
    }

    @Sendable func directory(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.require(.viewDirectory, request, province: context.user?.provinceID)
        let query = try FormFields.query(request)
        return try await directoryPage(user, q: query.text("q"), context: context, flash: query.text("done").flatMap(Self.doneMessage))
    }

    /// What a press on the directory did (`?done=`), in words.
    static func doneMessage(_ code: String) -> String? {
        ["created": "directory.done.created", "mapped": "directory.done.mapped", "outside": "directory.done.outside",
         "succession": "directory.done.succession", "updated": "directory.done.updated", "retired": "directory.done.retired"][code].map(Texts.text)
    }

    func directoryPage(_ user: User, q: String?, context: AppContext, flash: String? = nil, error: String? = nil, loaded: String? = nil,
                       status: HTTPResponse.Status = .ok) async throws -> Response {
        var provinces: [DirectoryView.Province] = []
        for province in try await app.visibleProvinces(user) where AccessPolicy.allows(user, .viewDirectory, province: province.id) {
            let all = try await app.store.agencies(in: province.id)
            var agencies = all
            let names = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0.name) })
            let successions = try await app.store.successions(in: province.id)
            let successorOf = Dictionary(uniqueKeysWithValues: successions.map { ($0.predecessor, $0.successor) })
            if let q { let hits = Set(try await app.store.searchAgencies(q, in: province.id).map(\.id)); agencies = agencies.filter { hits.contains($0.id) } }
            let unresolved = try await app.store.unresolvedNames(in: province.id)
            // Current agencies by name, for the choices (the list opens on "choose", never on an arbitrary agency).
            let options = all.filter { $0.dissolvedOn == nil && !$0.isPlaceholder }.sorted { $0.name < $1.name }
                .map { Choice(value: $0.id.description, label: $0.name, selected: false) }
            let canEdit = AccessPolicy.allows(user, .editDirectory, province: province.id)
            // Placeholders (communes whose names the province has not given yet) are counted once, not listed.
            let placeholders = agencies.filter(\.isPlaceholder)
            provinces.append(DirectoryView.Province(
                id: province.id.description, name: province.name,
                agencies: agencies.filter { !$0.isPlaceholder }.map { a in
                    DirectoryView.Agency(id: a.id.description, name: a.name, kind: a.kind.label, code: a.code, aliases: a.aliases.joined(separator: "; "),
                                         dissolvedOn: a.dissolvedOn?.vietnamese, successor: successorOf[a.id].flatMap { names[$0] })
                },
                activeCount: all.filter { $0.dissolvedOn == nil && !$0.isPlaceholder }.count,
                placeholderCount: placeholders.isEmpty ? nil : placeholders.count,
                successions: successions.map { DirectoryView.Succession(predecessor: names[$0.predecessor] ?? "?", successor: names[$0.successor] ?? "?",
                                                                        effectiveOn: $0.effectiveOn.vietnamese, decision: $0.decision) },
                canEdit: canEdit, current: options, hasUnresolved: !unresolved.isEmpty,
                unresolved: unresolved.enumerated().map { DirectoryView.Unresolved(name: $0.element, index: "\(province.id)-\($0.offset)", options: options) },
                outside: try await app.store.outsideNames(in: province.id).joined(separator: "; ").nilIfEmpty,
                kinds: AgencyKind.allCases.map { Choice(value: $0.rawValue, label: $0.label, selected: $0 == .department) }))
        }
        let view = DirectoryView(provinces: provinces, q: q ?? "", error: error, loaded: loaded)
        return app.pages.render(.directory, title: Texts.text("directory.title"), view: view, context: context, flash: flash, status: status)
    }

    /// The province a directory form is about, after the checks: the permission, the province's own, the form token.
    func directoryForm(_ request: Request, _ context: AppContext) async throws -> (User, Province, FormFields) {
        let user = try context.require(.editDirectory, request, province: context.user?.provinceID)
        let form = try await FormFields.body(request)
        try context.checkCSRF(form)
        guard let id = form.text("province").flatMap({ Province.ID($0) }), let province = try await app.store.province(id) else {
            throw HTTPError(.badRequest, message: Texts.text("error.badRequest"))
        }
        _ = try context.require(.editDirectory, request, province: province.id)
        return (user, province, form)
    }

    static func kind(_ form: FormFields) throws -> AgencyKind {
        guard let kind = form.text("kind").flatMap(AgencyKind.init(rawValue:)) else { throw HTTPError(.badRequest, message: Texts.text("error.badRequest")) }
        return kind
    }

    /// A new agency: from the add form, or from a name the plans use that no agency matches (it then resolves).
    @Sendable func createAgency(_ request: Request, context: AppContext) async throws -> Response {
        let (_, province, form) = try await directoryForm(request, context)
        _ = try await app.store.createAgency(name: form["name"] ?? "", kind: try Self.kind(form), code: form.text("code"), in: province.id, by: context.actor)
        return Pages.redirect("/directory?done=created")
    }

    /// A name the plans use for a body outside the province (a ministry …): not asked to report, no longer to map.
    @Sendable func markOutside(_ request: Request, context: AppContext) async throws -> Response {
        let (_, province, form) = try await directoryForm(request, context)
        try await app.store.markOutside(form["name"] ?? "", in: province.id, by: context.actor)
        return Pages.redirect("/directory?done=outside")
    }

    /// The province's list of agencies and communes (CSV or Excel: name, kind, code), loaded in one transaction; a
    /// list with a wrong row is refused whole, every problem named by its row.
    @Sendable func loadList(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.require(.editDirectory, request, province: context.user?.provinceID)
        let parts = try await Multipart.read(request, context, limit: Self.maxList + 64 * 1024)
        guard let id = parts.fields["province"].flatMap({ Province.ID($0) }), let province = try await app.store.province(id) else {
            throw HTTPError(.badRequest, message: Texts.text("error.badRequest"))
        }
        _ = try context.require(.editDirectory, request, province: province.id)
        guard let data = parts.fileData, !data.isEmpty, let name = parts.fileName else { throw HTTPError(.badRequest, message: Texts.text("files.none")) }
        guard data.count <= Self.maxList else { throw HTTPError(.contentTooLarge, message: Texts.text("directory.list.tooLarge")) }
        let lower = name.lowercased()
        guard lower.hasSuffix(".csv") || lower.hasSuffix(".xlsx") || lower.hasSuffix(".txt") else {
            throw HTTPError(.unsupportedMediaType, message: Texts.text("directory.list.kind"))
        }
        switch AgencyList.read(data, fileName: name) {
        case let .failure(refusal):
            return try await directoryPage(user, q: nil, context: context, error: Texts.text("directory.list.refused") + " " + refusal.message,
                                           status: .unprocessableContent)
        case let .success(rows):
            do {
                let r = try await app.store.loadAgencyList(rows, into: province.id, by: context.actor)
                let text = "\(province.name): \(rows.count) dòng — \(r.created.count) cơ quan thêm mới, \(r.named.count) xã, phường chưa có tên được điền tên, \(r.updated.count) cập nhật loại hoặc mã, \(r.unchanged) không đổi; \(r.resolved) tham chiếu của kế hoạch nay đã xác định."
                return try await directoryPage(user, q: nil, context: context, loaded: text)
            } catch let error as StoreError {
                return try await directoryPage(user, q: nil, context: context, error: Texts.text("directory.list.refused") + " " + error.message,
                                               status: .unprocessableContent)
            }
        }
    }

    static let maxList = 5 * 1_048_576

    /// The agency an agency form is about, after the checks.
    func agencyForm(_ request: Request, _ context: AppContext) async throws -> (Agency, FormFields) {
        _ = try context.require(.editDirectory, request, province: context.user?.provinceID)
        let form = try await FormFields.body(request)
        try context.checkCSRF(form)
        guard let id = Agency.ID(context.parameters.get("id") ?? ""), let agency = try await app.store.agency(id) else { throw HTTPError(.notFound) }
        _ = try context.require(.editDirectory, request, province: agency.provinceID)
        return (agency, form)
    }

    /// Renames an agency (the former name stays a name the plans may use), or changes its kind or code.
    @Sendable func updateAgency(_ request: Request, context: AppContext) async throws -> Response {
        let (agency, form) = try await agencyForm(request, context)
        if let problem = form.text("email").flatMap({ MailMessage.problem(address: $0) }) {
            throw HTTPError(.unprocessableContent, message: "Thư điện tử của cơ quan: \(problem)")
        }
        try await app.store.updateAgency(agency.id, name: form["name"] ?? "", kind: try Self.kind(form), code: form.text("code"), by: context.actor)
        try await app.store.setAgencyEmail(agency.id, form.text("email"), by: context.actor)
        return Pages.redirect("/agencies/\(agency.id)?done=updated")
    }

    /// Closes an agency without a successor from a date (a merge is recorded as a succession instead).
    @Sendable func retireAgency(_ request: Request, context: AppContext) async throws -> Response {
        let (agency, form) = try await agencyForm(request, context)
        guard let on = form.text("on").flatMap(CivilDate.init(iso:)) else { throw HTTPError(.badRequest, message: Texts.text("directory.succession.date")) }
        try await app.store.retireAgency(agency.id, on: on, by: context.actor)
        return Pages.redirect("/agencies/\(agency.id)?done=retired")
    }

    @Sendable func addAlias(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.require(.editDirectory, request, province: context.user?.provinceID)
        let form = try await FormFields.body(request)
        try context.checkCSRF(form)
        guard let id = form.text("agency").flatMap({ Agency.ID($0) }), let agency = try await app.store.agency(id) else {
            throw HTTPError(.badRequest, message: Texts.text("error.badRequest"))
        }
        _ = try context.require(.editDirectory, request, province: agency.provinceID)
        guard let name = form.text("name"), name.count <= 300 else { throw HTTPError(.badRequest, message: Texts.text("field.required")) }
        try await app.store.addAlias(name, to: id, by: context.actor)
        return Pages.redirect("/directory?done=mapped")
    }

    @Sendable func addSuccession(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.require(.editDirectory, request, province: context.user?.provinceID)
        let form = try await FormFields.body(request)
        try context.checkCSRF(form)
        guard let from = form.text("predecessor").flatMap({ Agency.ID($0) }), let predecessor = try await app.store.agency(from),
              let to = form.text("successor").flatMap({ Agency.ID($0) }) else {
            throw HTTPError(.badRequest, message: Texts.text("error.badRequest"))
        }
        _ = try context.require(.editDirectory, request, province: predecessor.provinceID)
        guard let date = form.text("effectiveOn").flatMap(CivilDate.init(iso:)) else {
            throw HTTPError(.badRequest, message: Texts.text("directory.succession.date"))
        }
        try await app.store.addSuccession(Succession(predecessor: from, successor: to, effectiveOn: date, decision: form["decision"] ?? ""), by: context.actor)
        return Pages.redirect(form["back"] == "agency" ? "/agencies/\(from)?done=succession" : "/directory?done=succession")
    }

    @Sendable func agency(_ request: Request, context: AppContext) async throws -> Response {
        guard let id = Agency.ID(context.parameters.get("id") ?? ""), let agency = try await app.store.agency(id) else {
            _ = try context.requireUser(request)
            throw HTTPError(.notFound)
        }
        let user = try context.require(.viewAgency, request, province: agency.provinceID, agency: agency.id)
        let links = AccessPolicy.allows(user, .viewDirectory, province: agency.provinceID)
        let tasks = try await app.store.tasks(ofAgency: id)
        let indicators = try await app.store.indicators(ofAgency: id)
        let today = app.today
        let results = try await app.taskResults(in: agency.provinceID)
        let canEdit = AccessPolicy.allows(user, .editDirectory, province: agency.provinceID)
        let others = canEdit ? try await app.store.agencies(in: agency.provinceID).filter { $0.id != agency.id && $0.dissolvedOn == nil && !$0.isPlaceholder }
            .sorted { $0.name < $1.name }.map { Choice(value: $0.id.description, label: $0.name, selected: false) } : []
        let successor = try await app.store.successions(in: agency.provinceID).first { $0.predecessor == agency.id }
        let view = AgencyPageView(
            agency: .init(id: agency.id.description, name: agency.name, kind: agency.kind.label, code: agency.code, isPlaceholder: agency.isPlaceholder,
                          dissolvedOn: agency.dissolvedOn?.vietnamese),
            email: links ? try await app.store.agencyEmail(agency.id) : nil,
            canEdit: canEdit && agency.dissolvedOn == nil, provinceID: agency.provinceID.description,
            kinds: AgencyKind.allCases.map { Choice(value: $0.rawValue, label: $0.label, selected: $0 == agency.kind) },
            others: others, successor: try await successor.asyncMap { try await app.store.agency($0.successor)?.name } ?? nil,
            hasAliases: !agency.aliases.isEmpty, aliases: agency.aliases.joined(separator: "; "),
            tasks: tasks.map { ViewModels.task($0, today: today, links: links, showPlan: true, result: results[$0.id]) }, taskCount: tasks.count,
            indicators: indicators.map { .init(code: $0.indicator.code, name: $0.indicator.name, planID: $0.planID.description,
                                               targets: ViewModels.targetText($0.indicator.targets)) },
            indicatorCount: indicators.count)
        let done = try FormFields.query(request).text("done").flatMap(Self.doneMessage)
        return app.pages.render(.agency, title: agency.name, view: view, context: context, flash: done)
    }

    @Sendable func search(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.require(.viewPlans, request, province: context.user?.provinceID)
        let q = try FormFields.query(request).text("q").map { String($0.prefix(200)) }
        var view = SearchView(q: q ?? "", searched: q != nil)
        if let q {
            let province: Province.ID? = user.role == .administrator ? nil : user.provinceID
            let provinces = Dictionary(uniqueKeysWithValues: try await app.store.provinces().map { ($0.id, $0.name) })
            let agencies = try await app.store.searchAgencies(q, in: province)
            let tasks = try await app.store.searchTasks(q, in: province)
            let links = user.role != .reporter && user.role != .head
            view.agencies = agencies.map { a in
                .init(id: a.id.description, name: a.name, province: provinces[a.provinceID] ?? "",
                      link: AccessPolicy.allows(user, .viewAgency, province: a.provinceID, agency: a.id))
            }
            let results = try await app.taskResults(for: tasks)
            view.tasks = tasks.map { ViewModels.task($0, today: app.today, links: links, showPlan: true, result: results[$0.id]) }
            view.agencyCount = agencies.count
            view.taskCount = tasks.count
        }
        return app.pages.render(.search, title: Texts.text("search.title"), view: view, context: context)
    }
}

/// `directory`: each province's agencies, successions and the plan names still to map.
struct DirectoryView: Encodable {
    struct Agency: Encodable {
        var id, name, kind: String
        var code: String?
        var aliases: String
        var dissolvedOn, successor: String?
    }
    struct Succession: Encodable {
        var predecessor, successor, effectiveOn, decision: String
    }
    struct Unresolved: Encodable {
        var name, index: String
        var options: [Choice]
    }
    struct Province: Encodable {
        var id, name: String
        var agencies: [Agency]
        var activeCount: Int
        var placeholderCount: Int?
        var successions: [Succession]
        var canEdit: Bool
        var current: [Choice]
        var hasUnresolved: Bool
        var unresolved: [Unresolved]
        var outside: String?
        var kinds: [Choice]
    }
    var provinces: [Province]
    var q: String
    var error, loaded: String?
}

/// `agency`: an agency's tasks and indicators across plans.
struct AgencyPageView: Encodable {
    struct Agency: Encodable {
        var id, name, kind: String
        var code: String?
        var isPlaceholder: Bool
        var dissolvedOn: String?
    }
    struct Indicator: Encodable {
        var code, name, planID, targets: String
    }
    var agency: Agency
    /// The agency's own address for urgent mail (shown to those who see the directory).
    var email: String?
    /// The coordinator's forms: rename, merge into another agency, close.
    var canEdit: Bool
    var provinceID: String
    var kinds, others: [Choice]
    var successor: String?
    var hasAliases: Bool
    var aliases: String
    var tasks: [TaskRow]
    var taskCount: Int
    var indicators: [Indicator]
    var indicatorCount: Int
}

/// `search`: agencies and tasks matching the words.
struct SearchView: Encodable {
    struct Agency: Encodable {
        var id, name, province: String
        var link: Bool
    }
    var q: String
    var searched: Bool
    var agencies: [Agency]?
    var tasks: [TaskRow]?
    var agencyCount, taskCount: Int?
}
