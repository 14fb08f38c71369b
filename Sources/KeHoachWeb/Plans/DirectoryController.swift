import Foundation
import Hummingbird
import KeHoachCore

/// The agency directory (with successions and the names still to map), an agency's page, and search.
struct DirectoryController {
    let app: AppServices

    func register(_ router: RouteTable) {
        router.get("/directory", use: directory)
        router.post("/directory/aliases", use: addAlias)
        router.post("/directory/successions", use: addSuccession)
        router.get("/agencies/:id", use: app.cachedRoute(agency))
        router.get("/search", use: app.cachedRoute(search))
    }

    @Sendable func directory(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.require(.viewDirectory, request, province: context.user?.provinceID)
        let q = try FormFields.query(request).text("q")
        var provinces: [DirectoryView.Province] = []
        for province in try await app.visibleProvinces(user) where AccessPolicy.allows(user, .viewDirectory, province: province.id) {
            var agencies = try await app.store.agencies(in: province.id)
            let names = Dictionary(uniqueKeysWithValues: agencies.map { ($0.id, $0.name) })
            let successions = try await app.store.successions(in: province.id)
            let successorOf = Dictionary(uniqueKeysWithValues: successions.map { ($0.predecessor, $0.successor) })
            if let q { let hits = Set(try await app.store.searchAgencies(q, in: province.id).map(\.id)); agencies = agencies.filter { hits.contains($0.id) } }
            let unresolved = try await app.store.unresolvedNames(in: province.id)
            let options = agencies.isEmpty ? [] : try await app.store.agencies(in: province.id).filter { $0.dissolvedOn == nil }
                .sorted { $0.name < $1.name }.map { Choice(value: $0.id.description, label: $0.name, selected: false) }
            let canEdit = AccessPolicy.allows(user, .editDirectory, province: province.id)
            provinces.append(DirectoryView.Province(
                name: province.name,
                agencies: agencies.map { a in
                    DirectoryView.Agency(id: a.id.description, name: a.name, kind: a.kind.label, aliases: a.aliases.joined(separator: "; "),
                                         isPlaceholder: a.isPlaceholder, dissolvedOn: a.dissolvedOn?.vietnamese,
                                         successor: successorOf[a.id].flatMap { names[$0] })
                },
                successions: successions.map { DirectoryView.Succession(predecessor: names[$0.predecessor] ?? "?", successor: names[$0.successor] ?? "?",
                                                                        effectiveOn: $0.effectiveOn.vietnamese, decision: $0.decision) },
                canEdit: canEdit, current: options, hasUnresolved: !unresolved.isEmpty,
                unresolved: unresolved.enumerated().map { DirectoryView.Unresolved(name: $0.element, index: "\(province.id)-\($0.offset)", options: options) }))
        }
        return app.pages.render(.directory, title: Texts.text("directory.title"), view: DirectoryView(provinces: provinces, q: q ?? ""), context: context)
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
        return Pages.redirect("/directory")
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
        return Pages.redirect("/directory")
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
        let view = AgencyPageView(
            agency: .init(id: agency.id.description, name: agency.name, kind: agency.kind.label, isPlaceholder: agency.isPlaceholder,
                          dissolvedOn: agency.dissolvedOn?.vietnamese),
            hasAliases: !agency.aliases.isEmpty, aliases: agency.aliases.joined(separator: "; "),
            tasks: tasks.map { ViewModels.task($0, today: today, links: links, showPlan: true, result: results[$0.id]) }, taskCount: tasks.count,
            indicators: indicators.map { .init(code: $0.indicator.code, name: $0.indicator.name, planID: $0.planID.description,
                                               targets: ViewModels.targetText($0.indicator.targets)) },
            indicatorCount: indicators.count)
        return app.pages.render(.agency, title: agency.name, view: view, context: context)
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
        var id, name, kind, aliases: String
        var isPlaceholder: Bool
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
        var name: String
        var agencies: [Agency]
        var successions: [Succession]
        var canEdit: Bool
        var current: [Choice]
        var hasUnresolved: Bool
        var unresolved: [Unresolved]
    }
    var provinces: [Province]
    var q: String
}

/// `agency`: an agency's tasks and indicators across plans.
struct AgencyPageView: Encodable {
    struct Agency: Encodable {
        var id, name, kind: String
        var isPlaceholder: Bool
        var dissolvedOn: String?
    }
    struct Indicator: Encodable {
        var code, name, planID, targets: String
    }
    var agency: Agency
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
