import Foundation
import Hummingbird
import KeHoachCore

/// The plans list and a plan's page (indicators with targets; tasks by group, with filters).
struct PlansController {
    let app: AppServices

    func register(_ router: RouteTable) {
        router.get("/", use: home)
        router.get("/plans", use: app.cachedRoute(list))
        router.get("/plans/:id", use: show)
    }

    @Sendable func home(_ request: Request, context: AppContext) async throws -> Response {
        Pages.redirect(context.user == nil ? "/signin" : "/todo")
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.require(.viewPlans, request, province: nil)
        var provinces: [Group<PlanView>] = []
        for province in try await app.visibleProvinces(user) where AccessPolicy.allows(user, .viewPlans, province: province.id) {
            let plans = try await app.store.plans(in: province.id)
            provinces.append(Group(name: province.name, items: plans.map(ViewModels.plan)))
        }
        return app.pages.render(.plans, title: Texts.text("plans.title"), view: PlansView(provinces: provinces), context: context)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        guard let id = StoredPlan.ID(context.parameters.get("id") ?? ""), let plan = try await app.store.plan(id) else {
            _ = try context.requireUser(request)
            throw HTTPError(.notFound)
        }
        let user = try context.require(.viewPlans, request, province: plan.provinceID)
        return try await app.cached(request, context) {
            Pages.html(try await page(plan, user: user, request: request, context: context))
        }
    }

    func page(_ plan: StoredPlan, user: User, request: Request, context: AppContext) async throws -> String {
        let id = plan.id
        let query = try FormFields.query(request)
        // "Overdue" is the evaluated status (reports of completion count), so it is filtered here, not in the store.
        let overdueOnly = query["overdue"] == "1"
        let filter = TaskFilter(
            agencyID: try query.parsed("agency") { Agency.ID($0) },
            group: query.text("group"),
            deadlineKind: try query.parsed("kind", DeadlineKind.init(rawValue:)),
            search: query.text("q"))
        let results = try await app.taskResults(in: plan.provinceID)
        let links = AccessPolicy.allows(user, .viewDirectory, province: plan.provinceID)
        let indicators = try await app.store.indicators(of: id)
        let allTasks = try await app.store.tasks(of: id, filter: TaskFilter())
        let tasks = (filter == TaskFilter() ? allTasks : try await app.store.tasks(of: id, filter: filter))
            .filter { !overdueOnly || results[$0.id]?.status == .overdue }
        let today = app.today

        // Filter choices come from the plan itself.
        var agencies: [Agency.ID: String] = [:]
        for t in allTasks { for r in t.lead + t.partners { if let a = r.agencyID, let n = r.agencyName { agencies[a] = n } } }
        let agencyOptions = agencies.sorted { $0.value < $1.value }.map {
            Choice(value: $0.key.description, label: $0.value, selected: $0.key == filter.agencyID)
        }
        var groups: [String] = []
        for t in allTasks { if let g = t.task.group, !groups.contains(g) { groups.append(g) } }
        let kinds = DeadlineKind.allCases.filter { k in allTasks.contains { $0.task.deadline?.kind == k } }

        let view = PlanPageView(
            plan: ViewModels.plan(plan), indicatorCount: indicators.count, taskCount: allTasks.count, shownTasks: tasks.count,
            indicatorGroups: ViewModels.grouped(indicators, group: { $0.indicator.group }, map: { ViewModels.indicator($0, links: links) }),
            taskGroups: ViewModels.grouped(tasks, group: { $0.task.group }, map: { ViewModels.task($0, today: today, links: links, result: results[$0.id]) }),
            agencyOptions: agencyOptions,
            groupOptions: groups.map { Choice(value: $0, label: $0, selected: $0 == filter.group) },
            kindOptions: kinds.map { Choice(value: $0.rawValue, label: $0.label, selected: $0 == filter.deadlineKind) },
            q: filter.search ?? "", overdue: overdueOnly,
            draftPeriod: ReportingCalendar(rule: plan.info.reporting).lastDue(on: today).description,
            open: try await openSection(plan, user: user))
        return app.pages.renderHTML(.plan, title: plan.info.title, view: view, context: context)
    }
}

extension PlansController {
    /// Open data and the national export of the plan: whether it is published (and the form to change it, for those
    /// who may), and the periods a packet can be made for.
    func openSection(_ plan: StoredPlan, user: User) async throws -> PlanPageView.OpenSection {
        let publication = try await app.store.publications().first { $0.planID == plan.id }
        let calendar = ReportingCalendar(rule: plan.info.reporting)
        var periods: [Period] = [calendar.lastDue(on: app.today)]
        while periods.count < 12, let last = periods.last, last.previous < last {
            periods.append(last.previous)
        }
        return .init(published: publication.map { .init(on: $0.publishedOn.vietnamese, licence: $0.licence.label) },
                     canPublish: AccessPolicy.allows(user, .manageConnections, province: plan.provinceID),
                     licences: OpenLicence.allCases.map { Choice(value: $0.rawValue, label: $0.label, selected: $0 == publication?.licence) },
                     canExport: AccessPolicy.allows(user, .viewDashboard, province: plan.provinceID),
                     periods: periods.map { Choice(value: $0.description, label: $0.label, selected: false) })
    }
}

/// `plans`: the plans of each province the user sees.
struct PlansView: Encodable {
    var provinces: [Group<PlanView>]
}

/// `plan`: a plan's indicators and tasks by group, with the filters' choices taken from the plan.
struct PlanPageView: Encodable {
    var plan: PlanView
    var indicatorCount, taskCount, shownTasks: Int
    var indicatorGroups: [Group<IndicatorRow>]
    var taskGroups: [Group<TaskRow>]
    var agencyOptions, groupOptions, kindOptions: [Choice]
    var q: String
    var overdue: Bool
    /// The period the drafting workspace opens on: the last one already due.
    var draftPeriod: String
    var open: OpenSection

    struct OpenSection: Encodable {
        struct Published: Encodable { var on, licence: String }
        var published: Published?
        var canPublish: Bool
        var licences: [Choice]
        var canExport: Bool
        var periods: [Choice]
    }
}
