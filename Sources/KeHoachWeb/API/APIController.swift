import Foundation
import Hummingbird
import KeHoachApp
import KeHoachCore
import KeHoachReports

/// The same data as the pages, as JSON under /api/v1 (session cookie; same permissions), and its
/// OpenAPI document at /api/openapi.json.
struct APIController {
    let app: AppServices

    func register(_ router: RouteTable) {
        router.get("/api/openapi.json", use: openAPI)
        router.get("/api/v1/plans", use: app.cachedRoute(plans))
        router.get("/api/v1/plans/:id", use: plan)
        router.get("/api/v1/plans/:id/tasks", use: planTasks)
        router.get("/api/v1/plans/:id/indicators", use: planIndicators)
        router.get("/api/v1/plans/:id/reports", use: app.cachedRoute(.everything, planReports))
        router.get("/api/v1/agencies", use: app.cachedRoute(agencies))
        router.get("/api/v1/agencies/:id", use: app.cachedRoute(agency))
        router.get("/api/v1/agencies/:id/tasks", use: agencyTasks)
        router.get("/api/v1/agencies/:id/indicators", use: agencyIndicators)
        router.get("/api/v1/search", use: app.cachedRoute(search))
        router.get("/api/v1/plans/:id/exchange", use: exchange)
    }

    /// GET /api/v1/plans/{id}/exchange?period=2026-05&format=xml|json: the indicator values of a period for the
    /// national reporting system (ExchangePacket: organised like QCVN 125:2021/BTTTT's packets). Leaders, the
    /// coordinator and the province's keys (what the dashboard shows, as a packet); default: the last period due.
    @Sendable func exchange(_ request: Request, context: AppContext) async throws -> Response {
        let plan = try await planOf(request, context)
        _ = try context.require(.viewDashboard, request, province: plan.provinceID)
        let q = try FormFields.query(request)
        let period: Period
        if let text = q.text("period") {
            guard let p = Period(text), try await app.core.due(plan, p, agency: nil) != nil else {
                throw HTTPError(.badRequest, message: Texts.text("reports.badPeriod") + " (period)")
            }
            period = p
        } else {
            period = ReportingCalendar(rule: plan.info.reporting).lastDue(on: app.today)
        }
        guard let packet = try await app.core.exchangePacket(plan, period: period) else { throw HTTPError(.notFound) }
        let name = "goi-tin-\(plan.id)-\(period)"
        switch q.text("format") ?? "json" {
        case "xml":
            return Response(status: .ok, headers: [.contentType: "application/xml; charset=utf-8", .cacheControl: "no-store",
                                                   .contentDisposition: "attachment; filename=\"\(name).xml\""],
                            body: .init(byteBuffer: ByteBuffer(string: packet.xml())))
        case "json":
            let data = try JSONSerialization.data(withJSONObject: packet.jsonObject(), options: [.sortedKeys, .withoutEscapingSlashes])
            return Response(status: .ok, headers: [.contentType: Self.jsonType, .cacheControl: "no-store",
                                                   .contentDisposition: "inline; filename=\"\(name).json\""],
                            body: .init(byteBuffer: ByteBuffer(bytes: data)))
        default:
            throw HTTPError(.badRequest, message: "Định dạng phải là xml hoặc json (format).")
        }
    }

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    static let jsonType = "application/json; charset=utf-8"

    /// A JSON answer from the cache (same session, same URL, same data version) or built now.
    func cachedJSON<T: Encodable>(_ request: Request, _ context: AppContext, _ build: () async throws -> T) async throws -> Response {
        try await app.cached(request, context) { try Self.json(try await build()) }
    }

    static func json<T: Encodable>(_ value: T) throws -> Response {
        Response(status: .ok, headers: [.contentType: jsonType, .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }

    func planOf(_ request: Request, _ context: AppContext) async throws -> StoredPlan {
        _ = try context.requireUser(request)
        guard let id = StoredPlan.ID(context.parameters.get("id") ?? ""), let plan = try await app.store.plan(id) else { throw HTTPError(.notFound) }
        _ = try context.require(.viewPlans, request, province: plan.provinceID)
        return plan
    }

    func agencyOf(_ request: Request, _ context: AppContext) async throws -> Agency {
        _ = try context.requireUser(request)
        guard let id = Agency.ID(context.parameters.get("id") ?? ""), let agency = try await app.store.agency(id) else { throw HTTPError(.notFound) }
        _ = try context.require(.viewAgency, request, province: agency.provinceID, agency: agency.id)
        return agency
    }

    @Sendable func openAPI(_ request: Request, context: AppContext) async throws -> Response {
        Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: app.resources.openAPI)))
    }

    @Sendable func plans(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser(request)
        var out: [StoredPlan] = []
        for p in try await app.visibleProvinces(user) where AccessPolicy.allows(user, .viewPlans, province: p.id) {
            out += try await app.store.plans(in: p.id)
        }
        return try Self.json(out)
    }

    /// Where one agency's report for a period stands, as DHIS2's complete data set registrations.
    struct ReportState: Encodable {
        var agencyID: Agency.ID; var agency: String; var period: String; var due: String
        var reportID: Report.ID?; var status: String?; var firstSubmittedOn: String?
        /// on-time, late, missing (past due, nothing submitted) or pending (not due yet).
        var timeliness: String; var days: Int?
    }

    /// GET /api/v1/plans/{id}/reports?period=2026Q2 (default: the current period): every agency asked for that
    /// period, or only the caller's own agency for reporters and heads.
    @Sendable func planReports(_ request: Request, context: AppContext) async throws -> Response {
        let plan = try await planOf(request, context)
        let user = try context.require(.viewReports, request, province: plan.provinceID)
        let period: Period
        if let text = try FormFields.query(request).text("period") {
            guard let p = Period(text) else { throw HTTPError(.badRequest, message: Texts.text("reports.badPeriod")) }
            period = p
        } else {
            period = ReportingCalendar(rule: plan.info.reporting).current(on: app.today)
        }
        guard let cells = try await app.core.reportCells(plan, periods: [period])[period] else { throw HTTPError(.notFound) }
        let out = cells.filter { $0.isListed && AccessPolicy.allows(user, .viewReports, province: plan.provinceID, agency: $0.agency.id) }.map { c in
            ReportState(agencyID: c.agency.id, agency: c.agency.name, period: period.description, due: c.due.description, reportID: c.report?.id,
                        status: c.report?.status.rawValue, firstSubmittedOn: c.report?.firstSubmittedOn?.description, timeliness: c.timeliness.code,
                        days: c.timeliness.days)
        }
        return try Self.json(out)
    }

    struct PlanDetail: Encodable { var plan: StoredPlan; var indicators: [StoredIndicator]; var tasks: [StoredTask] }

    @Sendable func plan(_ request: Request, context: AppContext) async throws -> Response {
        let plan = try await planOf(request, context)
        return try await cachedJSON(request, context) {
            PlanDetail(plan: plan, indicators: try await app.store.indicators(of: plan.id), tasks: try await app.store.tasks(of: plan.id, filter: TaskFilter()))
        }
    }

    /// A task with its evaluated status (`overdue`, `completed-on-time` …: reports and recorded decisions taken into
    /// account, as on every page) and, when overdue, by how many days.
    struct EvaluatedTask: Encodable {
        var task: StoredTask
        var result: TaskEvaluation?
        enum Keys: String, CodingKey { case status, daysOverdue }
        func encode(to encoder: any Encoder) throws {
            try task.encode(to: encoder)
            var c = encoder.container(keyedBy: Keys.self)
            try c.encodeIfPresent(result?.status.rawValue, forKey: .status)
            try c.encodeIfPresent(result?.daysOverdue, forKey: .daysOverdue)
        }
    }

    /// The evaluated-status filters shared by the task lists: `status` (one of `TaskStatus`) and `overdue=1`
    /// (the same as `status=overdue`; `overdue=0`: all but overdue).
    struct StatusFilter {
        var status: TaskStatus?
        var overdue: Bool?
        init(_ q: FormFields) throws {
            status = try q.parsed("status", TaskStatus.init(rawValue:))
            overdue = try q.parsed("overdue") { ["1": true, "0": false][$0] }
        }
        func keeps(_ result: TaskEvaluation?) -> Bool {
            if let status, result?.status != status { return false }
            if let overdue, (result?.status == .overdue) != overdue { return false }
            return true
        }
    }

    func evaluated(_ tasks: [StoredTask], province: Province.ID, _ filter: StatusFilter) async throws -> [EvaluatedTask] {
        let results = try await app.taskResults(in: province)
        return tasks.map { EvaluatedTask(task: $0, result: results[$0.id]) }.filter { filter.keeps($0.result) }
    }

    @Sendable func planTasks(_ request: Request, context: AppContext) async throws -> Response {
        let plan = try await planOf(request, context)
        let q = try FormFields.query(request)
        let filter = TaskFilter(agencyID: try q.parsed("agency") { Agency.ID($0) }, group: q.text("group"),
                                deadlineKind: try q.parsed("kind", DeadlineKind.init(rawValue:)), search: q.text("q"))
        let status = try StatusFilter(q)
        return try await cachedJSON(request, context) {
            try await evaluated(try await app.store.tasks(of: plan.id, filter: filter), province: plan.provinceID, status)
        }
    }

    @Sendable func planIndicators(_ request: Request, context: AppContext) async throws -> Response {
        let plan = try await planOf(request, context)
        return try await cachedJSON(request, context) { try await app.store.indicators(of: plan.id) }
    }

    @Sendable func agencies(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.require(.viewDirectory, request, province: context.user?.provinceID)
        let province: Province.ID? = user.role == .administrator ? nil : user.provinceID
        if let q = try FormFields.query(request).text("q") { return try Self.json(try await app.store.searchAgencies(String(q.prefix(200)), in: province)) }
        var out: [Agency] = []
        for p in try await app.visibleProvinces(user) { out += try await app.store.agencies(in: p.id) }
        return try Self.json(out)
    }

    @Sendable func agency(_ request: Request, context: AppContext) async throws -> Response {
        try Self.json(try await agencyOf(request, context))
    }

    @Sendable func agencyTasks(_ request: Request, context: AppContext) async throws -> Response {
        let agency = try await agencyOf(request, context)
        let q = try FormFields.query(request)
        let status = try StatusFilter(q)
        let planID = try q.parsed("plan") { StoredPlan.ID($0) }
        let group = q.text("group")
        let words = TextFolding.searchKey(q.text("q") ?? "").split(separator: " ").map(String.init)
        return try await cachedJSON(request, context) {
            let tasks = try await app.store.tasks(ofAgency: agency.id).filter { t in
                (planID == nil || t.planID == planID) && (group == nil || t.task.group == group)
                    && words.allSatisfy { w in (" " + TextFolding.searchKey(t.task.name)).includes(" " + w) }
            }
            return try await evaluated(tasks, province: agency.provinceID, status)
        }
    }

    @Sendable func agencyIndicators(_ request: Request, context: AppContext) async throws -> Response {
        let agency = try await agencyOf(request, context)
        return try await cachedJSON(request, context) { try await app.store.indicators(ofAgency: agency.id) }
    }

    struct SearchResult: Encodable { var agencies: [Agency]; var tasks: [StoredTask] }

    @Sendable func search(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.require(.viewPlans, request, province: context.user?.provinceID)
        let q = String((try FormFields.query(request).text("q") ?? "").prefix(200))
        let province: Province.ID? = user.role == .administrator ? nil : user.provinceID
        let agencies = try await app.store.searchAgencies(q, in: province).filter {
            AccessPolicy.allows(user, .viewAgency, province: $0.provinceID, agency: $0.id)
        }
        return try Self.json(SearchResult(agencies: agencies, tasks: try await app.store.searchTasks(q, in: province)))
    }
}
