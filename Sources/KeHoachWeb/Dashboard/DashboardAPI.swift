import Foundation
import Hummingbird
import KeHoachCore

/// The dashboard's figures as JSON (/api/v1/dashboard…): the same evaluation as the pages, so that a figure
/// read by another system is the figure a leader sees.
struct DashboardAPI {
    let app: AppServices
    var pages: DashboardController { DashboardController(app: app) }

    func register(_ router: RouteTable) {
        router.get("/api/v1/dashboard", use: app.cachedRoute(overview))
        router.get("/api/v1/dashboard/indicators", use: app.cachedRoute(indicators))
        router.get("/api/v1/dashboard/indicators/:id", use: app.cachedRoute(indicator))
        router.get("/api/v1/dashboard/tasks", use: app.cachedRoute(tasks))
        router.get("/api/v1/dashboard/scorecard", use: app.cachedRoute(scorecard))
    }

    struct IndicatorItem: Encodable {
        /// `value` and `period`: what the status judges (after a target's year, that year's last value); `latest*`: the newest.
        var id: Int64, planID: Int64, code: String, name: String, unit: String?, status: String, value: Double?, period: String?
        var latestValue: Double?, latestPeriod: String?
        var target: Target?, method: String, explanation: String, projection: Double?, projectedAt: String?
    }
    struct Source: Encodable { var agencyID: Int64, reportID: Int64, value: Double?, numerator: Double?, denominator: Double? }
    struct Point: Encodable { var period: String, value: Double, numerator: Double?, denominator: Double?, sources: [Source] }
    struct IndicatorDetail: Encodable { var indicator: IndicatorItem; var series: [Point] }
    struct Named: Encodable { var id: Int64, name: String }
    struct TaskItem: Encodable {
        var id: Int64, planID: Int64, code: String, name: String, status: String, deadline: String?, due: String?, daysOverdue: Int?
        var daysLate: Int?, responsible: [Named], reason: String?, latestReportID: Int64?, decision: TaskDecision?
    }
    struct Overview: Encodable {
        var province: Named, asOf: String, indicators: [String: Int], tasks: [String: Int], overdue: [TaskItem], atRiskOrMissed: [IndicatorItem]
        var ranking: [Card]
    }
    struct Card: Encodable {
        var agencyID: Int64, agency: String, rank: Int?, score: Double?, tasksOnTime: Int, tasksLate: Int, tasksOverdue: Int
        var reportsOnTime: Int, reportsLate: Int, reportsMissing: Int, indicatorsGood: Int, indicatorsTotal: Int
        var taskRate: Double?, reportRate: Double?, indicatorRate: Double?
    }
    struct ScorecardAnswer: Encodable { var province: Named, period: String, asOf: String, weights: ScoreWeights, formula: String, cards: [Card] }

    func item(_ i: StoredIndicator, _ r: IndicatorEvaluation) -> IndicatorItem {
        IndicatorItem(id: i.id.rawValue, planID: i.planID.rawValue, code: i.indicator.code, name: i.indicator.name, unit: i.indicator.unit,
                      status: r.status.rawValue, value: r.judged?.value, period: r.judged?.period.description,
                      latestValue: r.latest?.value, latestPeriod: r.latest?.period.description, target: r.target, method: r.method.rawValue,
                      explanation: r.explanation, projection: r.projection?.value, projectedAt: r.projection?.at.description)
    }

    func item(_ t: StoredTask, _ r: TaskEvaluation, _ p: PlanEvaluation, _ e: ProvinceEvaluation) -> TaskItem {
        TaskItem(id: t.id.rawValue, planID: p.plan.id.rawValue, code: t.task.code, name: t.task.name, status: r.status.rawValue,
                 deadline: t.task.deadline?.text, due: r.due?.description, daysOverdue: r.daysOverdue, daysLate: r.daysLate,
                 responsible: (p.assignments.taskLeads[t.id] ?? []).sorted().map { Named(id: $0.rawValue, name: e.agencies[$0]?.name ?? "") },
                 reason: r.reason, latestReportID: r.latest?.reportID.rawValue, decision: r.decision)
    }

    func card(_ c: Scorecard, _ e: ProvinceEvaluation) -> Card {
        Card(agencyID: c.agencyID.rawValue, agency: e.agencies[c.agencyID]?.name ?? "", rank: c.rank, score: c.score, tasksOnTime: c.tasksOnTime,
             tasksLate: c.tasksLate, tasksOverdue: c.tasksOverdue, reportsOnTime: c.reportsOnTime, reportsLate: c.reportsLate,
             reportsMissing: c.reportsMissing, indicatorsGood: c.indicatorsGood, indicatorsTotal: c.indicatorsTotal, taskRate: c.taskRate,
             reportRate: c.reportRate, indicatorRate: c.indicatorRate)
    }

    @Sendable func overview(_ request: Request, context: AppContext) async throws -> Response {
        let (_, province) = try await pages.province(request, context)
        let e = try await app.evaluation(of: province)
        var ic: [String: Int] = [:], tc: [String: Int] = [:]
        var overdue: [TaskItem] = [], worst: [IndicatorItem] = []
        for (_, i, r) in e.indicatorItems {
            ic[r.status.rawValue, default: 0] += 1
            if r.status == .missed || r.status == .atRisk { worst.append(item(i, r)) }
        }
        for (p, t, r) in e.taskItems {
            tc[r.status.rawValue, default: 0] += 1
            if r.status == .overdue { overdue.append(item(t, r, p, e)) }
        }
        let cards = e.scorecards(window: Period(kind: .year, year: e.today.year, index: 1)!)
        return try APIController.json(Overview(province: Named(id: province.id.rawValue, name: province.name), asOf: e.today.description,
                                               indicators: ic, tasks: tc, overdue: overdue.sorted { ($0.daysOverdue ?? 0) > ($1.daysOverdue ?? 0) },
                                               atRiskOrMissed: worst, ranking: cards.map { card($0, e) }))
    }

    @Sendable func indicators(_ request: Request, context: AppContext) async throws -> Response {
        let (_, province) = try await pages.province(request, context)
        let e = try await app.evaluation(of: province)
        let q = try FormFields.query(request)
        let status = q.text("status").map(IndicatorStatus.init(rawValue:))
        if let status, status == nil { throw HTTPError(.badRequest, message: "status phải là một trong: achieved, on-track, at-risk, missed, no-data") }
        let plan = try q.parsed("plan") { StoredPlan.ID($0) }
        let out = e.indicatorItems.filter { (plan == nil || $0.plan.plan.id == plan) && (status == nil || $0.result.status == status!) }
        return try APIController.json(out.map { item($0.indicator, $0.result) })
    }

    @Sendable func indicator(_ request: Request, context: AppContext) async throws -> Response {
        let id = StoredIndicator.ID(context.parameters.get("id") ?? "")
        let (_, _, p, i) = try await pages.locate(request, context) { p in p.indicators.first { $0.id == id } }
        guard let r = p.indicatorResults[i.id] else { throw HTTPError(.notFound) }
        let percent = UnitKind.isPercentage(i.indicator.unit)
        let series = r.series.map { s in
            Point(period: s.period.description, value: s.value, numerator: s.numerator, denominator: s.denominator, sources: s.sources.map {
                Source(agencyID: $0.agencyID.rawValue, reportID: $0.reportID.rawValue, value: $0.value.effectiveValue(percent: percent),
                       numerator: $0.value.numerator, denominator: $0.value.denominator)
            })
        }
        return try APIController.json(IndicatorDetail(indicator: item(i, r), series: series))
    }

    @Sendable func tasks(_ request: Request, context: AppContext) async throws -> Response {
        let (_, province) = try await pages.province(request, context)
        let e = try await app.evaluation(of: province)
        let q = try FormFields.query(request)
        let status = q.text("status").map(TaskStatus.init(rawValue:))
        if let status, status == nil {
            throw HTTPError(.badRequest, message: "status phải là một trong: " + TaskStatus.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let agency = try q.parsed("agency") { Agency.ID($0) }
        let plan = try q.parsed("plan") { StoredPlan.ID($0) }
        let out = e.taskItems.filter { p, t, r in
            (plan == nil || p.plan.id == plan) && (status == nil || r.status == status!)
                && (agency.map { p.assignments.taskLeads[t.id]?.contains($0) ?? false } ?? true)
        }
        return try APIController.json(out.map { item($0.task, $0.result, $0.plan, e) })
    }

    @Sendable func scorecard(_ request: Request, context: AppContext) async throws -> Response {
        let (_, province) = try await pages.province(request, context)
        let e = try await app.evaluation(of: province)
        let window = try pages.window(request, e)
        return try APIController.json(ScorecardAnswer(province: Named(id: province.id.rawValue, name: province.name), period: window.description,
                                                      asOf: min(window.end, e.today).description, weights: e.weights, formula: ScoreCalculator.formula,
                                                      cards: e.scorecards(window: window).map { card($0, e) }))
    }
}
