import Foundation
import Hummingbird
import KeHoachApp
import KeHoachCore

/// The leaders' dashboard: the province overview, indicators against their targets, overdue and waiting tasks,
/// the agencies' scorecard and ranking, and indicators compared across plans and provinces. Every figure links
/// down to the items and reports behind it. The coordinator's evaluation settings are forms on the same pages.
struct DashboardController {
    let app: AppServices

    func register(_ router: RouteTable) {
        router.get("/dashboard", use: app.cachedRoute(overview))
        router.get("/dashboard/indicators", use: app.cachedRoute(indicatorList))
        router.get("/dashboard/indicators/:id", use: app.cachedRoute(indicator))
        router.post("/dashboard/indicators/:id/setting", use: setSetting)
        router.post("/dashboard/indicators/:id/rating", use: rate)
        router.get("/dashboard/tasks", use: app.cachedRoute(taskList))
        router.get("/dashboard/tasks/:id", use: app.cachedRoute(task))
        router.post("/dashboard/tasks/:id/decision", use: decide)
        router.get("/dashboard/agencies", use: app.cachedRoute(scorecard))
        router.get("/dashboard/agencies.csv", use: app.cachedRoute(scorecardCSV))
        router.get("/dashboard/agencies/:id", use: app.cachedRoute(agency))
        router.post("/dashboard/weights", use: setWeights)
        router.get("/dashboard/measures", use: app.cachedRoute(measures))
    }

    // MARK: - Scope

    /// The province a dashboard URL is about: the user's own, or for an administrator `?province=` (else the first).
    func province(_ request: Request, _ context: AppContext) async throws -> (User, Province) {
        let user = try context.require(.viewDashboard, request, province: context.user?.provinceID)
        let visible = try await app.visibleProvinces(user)
        let wanted = try FormFields.query(request).parsed("province") { Province.ID($0) }
        guard let province = wanted.flatMap({ w in visible.first { $0.id == w } }) ?? (wanted == nil ? visible.first : nil) else {
            throw HTTPError(.notFound)
        }
        _ = try context.require(.viewDashboard, request, province: province.id)
        return (user, province)
    }

    /// The evaluated plan that holds an indicator or task the user may see; 404 for anything else (also for
    /// another province's, so that IDs cannot be probed).
    func locate<T>(_ request: Request, _ context: AppContext, _ find: (PlanEvaluation) -> T?) async throws -> (User, ProvinceEvaluation, PlanEvaluation, T) {
        let user = try context.require(.viewDashboard, request, province: context.user?.provinceID)
        for province in try await app.visibleProvinces(user) {
            let e = try await app.evaluation(of: province)
            for p in e.plans { if let found = find(p) { return (user, e, p, found) } }
        }
        throw HTTPError(.notFound)
    }

    /// A coordinator's form about an indicator or task: the permission first (a viewer is refused before any
    /// lookup), then the item in the user's province, then the form's token.
    func evaluating<T>(_ request: Request, _ context: AppContext, _ find: (PlanEvaluation) -> T?) async throws -> (User, PlanEvaluation, T, FormFields) {
        _ = try context.require(.evaluate, request, province: context.user?.provinceID)
        let (user, _, p, item) = try await locate(request, context, find)
        return (user, p, item, try await evaluationForm(request, context, province: p.plan.provinceID))
    }

    func evaluationForm(_ request: Request, _ context: AppContext, province: Province.ID) async throws -> FormFields {
        _ = try context.require(.evaluate, request, province: province)
        let form = try await FormFields.body(request)
        try context.checkCSRF(form)
        return form
    }

    static func provinceQuery(_ user: User, _ p: Province) -> String { user.role == .administrator ? "province=\(p.id)" : "" }

    // MARK: - View models

    static func counts<S: Hashable>(_ items: [S]) -> [S: Int] { items.reduce(into: [:]) { $0[$1, default: 0] += 1 } }

    func agencyNames(_ ids: Set<Agency.ID>, _ e: ProvinceEvaluation) -> String {
        ids.compactMap { e.agencies[$0]?.name }.sorted().joined(separator: "; ")
    }

    /// Who answers for an item: the agencies by name, or for a group (all communes) the plan's words and how many.
    func responsible(_ ids: Set<Agency.ID>, refs: [AgencyReference], _ e: ProvinceEvaluation) -> String {
        guard ids.count > 5 else { return ids.isEmpty ? refs.map(\.text).joined(separator: "; ") : agencyNames(ids, e) }
        return refs.map { r in r.memberCount.map { "\(r.text) (\($0) đơn vị)" } ?? r.agencyName ?? r.text }.joined(separator: "; ")
    }

    func indicatorRow(_ i: StoredIndicator, _ r: IndicatorEvaluation, _ p: PlanEvaluation, chart: Bool = false) -> IndicatorLine {
        IndicatorLine(
            id: i.id.description, code: i.indicator.code, name: i.indicator.name, unit: i.indicator.unit,
            plan: p.plan.info.title, planID: p.plan.id.description,
            // The value the status is about, with its period; the latest beside it when it is later.
            value: r.judged.map { IndicatorEvaluator.format($0.value) }, period: r.judged?.period.label,
            latest: r.latest.flatMap { l in l.period == r.judged?.period ? nil : "\(IndicatorEvaluator.format(l.value)) (\(l.period.label))" },
            target: r.target.map { "\($0.text)\($0.year.map { " (\($0))" } ?? "")" },
            status: r.status.label, statusCode: r.status.rawValue,
            chart: chart ? Charts.bullet(id: "b\(i.id)", value: r.judged?.value, target: r.target, status: r.status, unit: i.indicator.unit) : nil)
    }

    func taskRow(_ t: StoredTask, _ r: TaskEvaluation, _ p: PlanEvaluation, _ e: ProvinceEvaluation) -> TaskLine {
        let leads = p.assignments.taskLeads[t.id] ?? []
        return TaskLine(
            id: t.id.description, code: t.task.code, name: t.task.name, plan: p.plan.info.title, planID: p.plan.id.description,
            deadline: t.task.deadline?.text, due: r.due?.vietnamese, status: r.status.label, statusCode: r.status.rawValue,
            daysOverdue: r.daysOverdue, daysLate: r.daysLate, dueSoon: r.dueSoon,
            responsible: responsible(leads, refs: t.lead, e),
            written: t.lead.filter { $0.predecessorName != nil }.map { "\($0.text) → \($0.agencyName ?? "")" }.joined(separator: "; ").nilIfEmpty,
            reason: r.reason, condition: t.task.deadline?.condition ?? t.task.deadline?.text,
            latest: r.latest.map { l in
                TaskLine.Latest(link: "/reports/\(p.plan.id)/\(l.period)?agency=\(l.agencyID)", period: l.period.label,
                                agency: e.agencies[l.agencyID]?.name ?? "", status: l.progress.status?.label ?? "—")
            },
            decision: r.decision.map { "\(Texts.text("dashboard.decision.\($0.kind.rawValue)")): \($0.document), \($0.on)" })
    }

    // MARK: - Overview

    @Sendable func overview(_ request: Request, context: AppContext) async throws -> Response {
        let (user, province) = try await province(request, context)
        let e = try await app.evaluation(of: province)
        let pq = Self.provinceQuery(user, province)
        // Who has not sent the report of the period last due, plan by plan (the matrix has the detail).
        var unreported: [OverviewView.Unreported] = []
        for p in e.plans {
            let period = ReportingCalendar(rule: p.plan.info.reporting).lastDue(on: e.today)
            let missing = (try await app.core.reportCells(p.plan, periods: [period])[period] ?? []).filter { if case .missing = $0.timeliness { $0.owed } else { false } }
            guard !missing.isEmpty else { continue }
            unreported.append(.init(plan: p.plan.info.title, matrix: "/plans/\(p.plan.id)/matrix", period: period.label,
                                    due: ReportingCalendar(rule: p.plan.info.reporting).due(period).vietnamese, count: missing.count,
                                    agencies: missing.prefix(12).map(\.agency.name).joined(separator: "; ") + (missing.count > 12 ? "; …" : "")))
        }
        var indicatorStatuses: [IndicatorStatus] = []
        var taskStatuses: [TaskStatus] = []
        var groups: [OverviewView.GroupLine] = []
        var missed: [IndicatorLine] = [], atRisk: [IndicatorLine] = []
        var overdue: [(Int, TaskLine)] = []
        for p in e.plans {
            var names: [String] = []
            for i in p.indicators { let g = i.indicator.group ?? ""; if !names.contains(g) { names.append(g) } }
            for t in p.tasks { let g = t.task.group ?? ""; if !names.contains(g) { names.append(g) } }
            for g in names {
                let ind = p.indicators.filter { ($0.indicator.group ?? "") == g }.compactMap { p.indicatorResults[$0.id]?.status }
                let tasks = p.tasks.filter { ($0.task.group ?? "") == g }.compactMap { p.taskResults[$0.id]?.status }
                let ic = Self.counts(ind), tc = Self.counts(tasks)
                let enc = g.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                groups.append(.init(
                    plan: p.plan.info.title, planID: p.plan.id.description, group: g.isEmpty ? Texts.text("dashboard.noGroup") : g,
                    query: "plan=\(p.plan.id)&group=\(enc)",
                    achieved: ic[.achieved] ?? 0, onTrack: ic[.onTrack] ?? 0, atRisk: ic[.atRisk] ?? 0, missed: ic[.missed] ?? 0,
                    noData: ic[.noData] ?? 0, indicators: ind.count, tasks: tasks.count, overdue: tc[.overdue] ?? 0,
                    done: (tc[.completedOnTime] ?? 0) + (tc[.completedLate] ?? 0)))
            }
        }
        for (p, i, r) in e.indicatorItems {
            indicatorStatuses.append(r.status)
            if r.status == .missed { missed.append(indicatorRow(i, r, p, chart: true)) }
            if r.status == .atRisk { atRisk.append(indicatorRow(i, r, p, chart: true)) }
        }
        for (p, t, r) in e.taskItems {
            taskStatuses.append(r.status)
            if r.status == .overdue { overdue.append((r.daysOverdue ?? 0, taskRow(t, r, p, e))) }
        }
        let ic = Self.counts(indicatorStatuses), tc = Self.counts(taskStatuses)
        let window = Period(kind: .year, year: e.today.year, index: 1)!
        let cards = e.scorecards(window: window)
        let view = OverviewView(
            province: province.name, today: e.today.vietnamese, pq: pq,
            provinces: user.role == .administrator ? try await app.visibleProvinces(user).map { .init(id: $0.id.description, name: $0.name, current: $0.id == province.id) } : [],
            indicatorTotal: indicatorStatuses.count,
            indicatorCounts: IndicatorStatus.allCases.map { .init(code: $0.rawValue, label: $0.label, count: ic[$0] ?? 0) },
            taskTotal: taskStatuses.count, overdueCount: tc[.overdue] ?? 0,
            taskCounts: TaskStatus.allCases.filter { (tc[$0] ?? 0) > 0 }.map { .init(code: $0.rawValue, label: $0.label, count: tc[$0] ?? 0) },
            groups: groups,
            missed: Array(missed.prefix(8)), missedCount: missed.count, atRisk: Array(atRisk.prefix(8)), atRiskCount: atRisk.count,
            overdue: overdue.sorted { $0.0 > $1.0 }.prefix(10).map(\.1),
            ranking: cards.prefix(5).map { scoreRow($0, e) },
            rankedCount: cards.filter { $0.rank != nil }.count,
            year: e.today.year,
            unreported: unreported, hasUnreported: !unreported.isEmpty,
            documents: e.plans.map { p in
                .init(id: p.plan.id.description, title: p.plan.info.title,
                      period: ReportingCalendar(rule: p.plan.info.reporting).lastDue(on: e.today).description)
            },
            // The province's report across plans: the last full quarter.
            provincePeriod: e.plans.isEmpty ? "" : Period.containing(e.today, kind: .quarter).previous.description)
        return app.pages.render(.dashboard, title: Texts.text("dashboard.title"), view: view, context: context)
    }

    // MARK: - Indicators

    @Sendable func indicatorList(_ request: Request, context: AppContext) async throws -> Response {
        let (user, province) = try await province(request, context)
        let e = try await app.evaluation(of: province)
        let q = try FormFields.query(request)
        let status = try q.parsed("status", IndicatorStatus.init(rawValue:))
        let plan = try q.parsed("plan") { StoredPlan.ID($0) }
        let group = q.text("group")
        var rows: [(Int, IndicatorLine)] = []
        for (p, i, r) in e.indicatorItems where (plan == nil || p.plan.id == plan) && (status == nil || r.status == status)
            && (group == nil || (i.indicator.group ?? "") == group || (group == Texts.text("dashboard.noGroup") && i.indicator.group == nil)) {
            rows.append((r.status.severity, indicatorRow(i, r, p)))
        }
        let view = IndicatorListView(
            province: province.name, pq: Self.provinceQuery(user, province),
            filter: [status?.label, group].compactMap { $0 }.joined(separator: " · "),
            rows: rows.sorted { $0.0 < $1.0 }.map(\.1), count: rows.count,
            statuses: IndicatorStatus.allCases.map { .init(code: $0.rawValue, label: $0.label, selected: $0 == status) })
        return app.pages.render(.dashboardIndicators, title: Texts.text("dashboard.indicators"), view: view, context: context)
    }

    @Sendable func indicator(_ request: Request, context: AppContext) async throws -> Response {
        let id = StoredIndicator.ID(context.parameters.get("id") ?? "")
        let (user, e, p, i) = try await locate(request, context) { p in p.indicators.first { $0.id == id } }
        guard let r = p.indicatorResults[i.id] else { throw HTTPError(.notFound) }
        let unit = i.indicator.unit
        var points: [(label: String, value: Double)] = []
        if let b = i.indicator.baseline, let v = b.value { points.append(("Gốc \(b.year.map(String.init) ?? "")", v)) }
        points += r.series.map { ($0.period.label, $0.value) }
        let percent = UnitKind.isPercentage(unit)
        func fraction(_ n: Double?, _ d: Double?) -> String? { n.map { "\(IndicatorEvaluator.format($0))/\(IndicatorEvaluator.format(d ?? 0))" } }
        // The breakdown by agency of one period (the latest unless `?period=` names another).
        let wanted = try FormFields.query(request).parsed("period") { Period($0) }
        let shown = r.series.first { $0.period == wanted } ?? r.latest
        let series = r.series.reversed().map { s in
            IndicatorPageView.Point(period: s.period.label, code: s.period.description, value: IndicatorEvaluator.format(s.value),
                                    fraction: fraction(s.numerator, s.denominator), sourceCount: s.sources.count, shown: s.period == shown?.period)
        }
        let breakdown = (shown?.sources ?? []).sorted { (e.agencies[$0.agencyID]?.name ?? "") < (e.agencies[$1.agencyID]?.name ?? "") }.map { v in
            IndicatorPageView.Source(
                agency: e.agencies[v.agencyID]?.name ?? "#\(v.agencyID)",
                value: v.value.effectiveValue(percent: percent).map { IndicatorEvaluator.format($0) } ?? "—",
                fraction: fraction(v.value.numerator, v.value.denominator),
                note: v.value.note, submitted: v.submittedOn?.vietnamese,
                link: "/reports/\(p.plan.id)/\(shown!.period)?agency=\(v.agencyID)")
        }
        let setting = p.settings[i.id]
        let canEvaluate = AccessPolicy.allows(user, .evaluate, province: p.plan.provinceID)
        var linked: [IndicatorLine] = []
        if let measure = setting?.measure {
            linked = try await measureRows(measure, user: user, links: try await app.store.measures(), provinces: try await app.store.provinces())
        }
        let view = IndicatorPageView(
            id: i.id.description, code: i.indicator.code, name: i.indicator.name, unit: unit,
            plan: p.plan.info.title, planID: p.plan.id.description, group: i.indicator.group,
            targets: i.indicator.targets.map { .init(text: $0.text, year: $0.year.map(String.init) ?? "—", current: $0 == r.target) },
            baseline: i.indicator.baseline.map { "\($0.text)\($0.year.map { " (\($0))" } ?? "")" },
            status: r.status.label, statusCode: r.status.rawValue, explanation: r.explanation,
            method: r.method.label, methodDefault: setting?.method == nil,
            methods: AggregationMethod.allCases.map { .init(code: $0.rawValue, label: $0.label, selected: $0 == setting?.method) },
            measure: setting?.measure, nationalCode: setting?.nationalCode, unitCode: setting?.unitCode,
            responsible: responsible(p.responsible(i.id), refs: i.lead.isEmpty ? i.monitoring : i.lead, e),
            bullet: Charts.bullet(id: "bullet", value: r.latest?.value, target: r.target, status: r.status, unit: unit),
            line: Charts.line(id: "line", points: points, target: r.target?.comparator == .range ? r.target?.max : r.target?.value,
                              targetText: r.target?.text, unit: unit),
            projection: r.projection.map { "\(IndicatorEvaluator.format($0.value)) vào \($0.at) (xu hướng \(IndicatorEvaluator.format($0.slopePerYear)) mỗi năm, \($0.points) điểm)" },
            series: series, hasSeries: !series.isEmpty, breakdown: breakdown, shownPeriod: shown?.period.label,
            rating: r.rating.map { "\($0.status.label) — \($0.comment) (\($0.ratedBy), \($0.ratedOn))" },
            ratingStatuses: IndicatorStatus.allCases.map { .init(code: $0.rawValue, label: $0.label, selected: false) },
            canEvaluate: canEvaluate, linked: linked, hasLinked: linked.count > 1,
            explanations: try await ExplanationsBlock.make(
                app, user: user, plan: p,
                agencies: agencyNames(p.assignments.indicatorLeads[i.id].flatMap { $0.isEmpty ? nil : $0 } ?? p.assignments.indicatorMonitors[i.id] ?? [], e),
                subject: "indicator:\(i.id)", askable: ExplanationsBlock.askable(indicator: r)) { $0.indicatorID == i.id })
        return app.pages.render(.dashboardIndicator, title: i.indicator.name, view: view, context: context)
    }

    @Sendable func setSetting(_ request: Request, context: AppContext) async throws -> Response {
        let id = StoredIndicator.ID(context.parameters.get("id") ?? "")
        let (_, _, i, form) = try await evaluating(request, context) { p in p.indicators.first { $0.id == id } }
        let methodText = form.text("method")
        let method = methodText.flatMap(AggregationMethod.init(rawValue:))
        if methodText != nil && methodText != "default" && method == nil { throw HTTPError(.badRequest, message: Texts.text("dashboard.error.method")) }
        let measure = form.text("measure")
        if let measure, measure.count > 200 { throw HTTPError(.badRequest, message: Texts.text("dashboard.error.measure")) }
        let codes = [form.text("nationalCode"), form.text("unitCode")]
        if codes.contains(where: { $0.map { !IndicatorSetting.isCode($0) } ?? false }) { throw HTTPError(.badRequest, message: Texts.text("dashboard.error.code")) }
        try await app.store.setIndicatorSetting(i.id, IndicatorSetting(method: method, measure: measure, nationalCode: codes[0], unitCode: codes[1]),
                                                by: context.actor)
        return Pages.redirect("/dashboard/indicators/\(i.id)")
    }

    @Sendable func rate(_ request: Request, context: AppContext) async throws -> Response {
        let id = StoredIndicator.ID(context.parameters.get("id") ?? "")
        let (user, _, i, form) = try await evaluating(request, context) { p in p.indicators.first { $0.id == id } }
        guard let status = form.text("status").flatMap(IndicatorStatus.init(rawValue:)) else {
            throw HTTPError(.badRequest, message: Texts.text("dashboard.error.status"))
        }
        guard let comment = form.text("comment"), comment.count <= 2_000 else { throw HTTPError(.badRequest, message: Texts.text("dashboard.error.comment")) }
        try await app.store.rateIndicator(i.id, IndicatorRating(status: status, comment: comment, ratedBy: user.username, ratedOn: app.today), by: context.actor)
        return Pages.redirect("/dashboard/indicators/\(i.id)")
    }

    // MARK: - Tasks

    @Sendable func taskList(_ request: Request, context: AppContext) async throws -> Response {
        let (user, province) = try await province(request, context)
        let e = try await app.evaluation(of: province)
        let q = try FormFields.query(request)
        let status = try q.parsed("status", TaskStatus.init(rawValue:)) ?? .overdue
        let plan = try q.parsed("plan") { StoredPlan.ID($0) }
        let agency = try q.parsed("agency") { Agency.ID($0) }
        var rows: [(Int, String, TaskLine)] = []
        var waiting: [TaskLine] = []
        for (p, t, r) in e.taskItems where (plan == nil || p.plan.id == plan)
            && (agency.map { p.assignments.taskLeads[t.id]?.contains($0) ?? false } ?? true) {
            if r.status == status { rows.append((-(r.daysOverdue ?? 0), t.task.code, taskRow(t, r, p, e))) }
            if status == .overdue, r.status == .waiting { waiting.append(taskRow(t, r, p, e)) }
        }
        let view = TaskListView(
            province: province.name, pq: Self.provinceQuery(user, province), statusLabel: status.label, isOverdue: status == .overdue,
            agency: agency.flatMap { e.agencies[$0]?.name },
            rows: rows.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2), count: rows.count,
            waiting: waiting, waitingCount: waiting.count,
            statuses: TaskStatus.allCases.map { .init(code: $0.rawValue, label: $0.label, selected: $0 == status) })
        return app.pages.render(.dashboardTasks, title: status.label, view: view, context: context)
    }

    @Sendable func task(_ request: Request, context: AppContext) async throws -> Response {
        let id = StoredTask.ID(context.parameters.get("id") ?? "")
        let (user, e, p, t) = try await locate(request, context) { p in p.tasks.first { $0.id == id } }
        guard let r = p.taskResults[t.id] else { throw HTTPError(.notFound) }
        // Every agency's answers for this task, newest first.
        let answers = try await app.store.taskAnswers(t.id).prefix(60).map { summary, progress in
            TaskPageView.Answer(
                period: summary.period.label, agency: e.agencies[summary.agencyID]?.name ?? "",
                lead: p.assignments.taskLeads[t.id]?.contains(summary.agencyID) ?? false,
                status: progress.status?.label ?? "—", percent: progress.percent.map { IndicatorEvaluator.format($0) },
                note: progress.note, reason: progress.reason, completedOn: progress.completedOn?.vietnamese,
                link: "/reports/\(p.plan.id)/\(summary.period)?agency=\(summary.agencyID)")
        }
        let view = TaskPageView(
            task: taskRow(t, r, p, e), answers: answers, hasAnswers: !answers.isEmpty,
            partners: responsible(p.assignments.taskPartners[t.id] ?? [], refs: t.partners, e), product: t.task.product,
            kind: (t.task.deadline?.kind ?? .unknown).label, canEvaluate: AccessPolicy.allows(user, .evaluate, province: p.plan.provinceID),
            isConditional: t.task.deadline?.kind == .conditional, today: app.today.description,
            explanations: try await ExplanationsBlock.make(app, user: user, plan: p, agencies: agencyNames(p.assignments.taskLeads[t.id] ?? [], e),
                                                           subject: "task:\(t.id)", askable: ExplanationsBlock.askable(task: r)) { $0.taskID == t.id })
        return app.pages.render(.dashboardTask, title: t.task.name, view: view, context: context)
    }

    /// Agencies by name, for a form's choices.
    func agencyNames(_ ids: Set<Agency.ID>, _ e: ProvinceEvaluation) -> [ProvinceAgencyName] {
        ids.compactMap { id in e.agencies[id].map { ProvinceAgencyName(id: id, name: $0.name) } }.sorted { $0.name < $1.name }
    }

    @Sendable func decide(_ request: Request, context: AppContext) async throws -> Response {
        let id = StoredTask.ID(context.parameters.get("id") ?? "")
        let (user, _, t, form) = try await evaluating(request, context) { p in p.tasks.first { $0.id == id } }
        guard let kind = form.text("kind").flatMap(TaskDecision.Kind.init(rawValue:)) else { throw HTTPError(.badRequest, message: Texts.text("dashboard.error.kind")) }
        guard let document = form.text("document"), document.count <= 300 else { throw HTTPError(.badRequest, message: Texts.text("dashboard.error.document")) }
        guard let on = form.text("on").flatMap(CivilDate.init(iso:)), on <= app.today else { throw HTTPError(.badRequest, message: Texts.text("dashboard.error.on")) }
        var lead: Int?
        if let text = form.text("leadDays") {
            guard let d = Int(text), (0...3650).contains(d) else { throw HTTPError(.badRequest, message: Texts.text("dashboard.error.leadDays")) }
            lead = d
        }
        var newDue: CivilDate?
        if kind == .adjusted {
            guard let d = form.text("newDue").flatMap(CivilDate.init(iso:)) else { throw HTTPError(.badRequest, message: Texts.text("dashboard.error.newDue")) }
            newDue = d
        }
        try await app.store.recordTaskDecision(t.id, TaskDecision(kind: kind, document: document, on: on, leadDays: kind == .event ? lead : nil,
                                                                  newDue: newDue, recordedBy: user.username), by: context.actor)
        return Pages.redirect("/dashboard/tasks/\(t.id)")
    }

    // MARK: - Agencies

    func window(_ request: Request, _ e: ProvinceEvaluation) throws -> Period {
        guard let text = try FormFields.query(request).text("period") else { return Period(kind: .year, year: e.today.year, index: 1)! }
        guard let p = Period(text), p.kind != .adhoc else { throw HTTPError(.badRequest, message: Texts.text("dashboard.error.period")) }
        return p
    }

    func scoreRow(_ c: Scorecard, _ e: ProvinceEvaluation) -> ScoreLine {
        func pct(_ x: Double?) -> String? { x.map { IndicatorEvaluator.format($0 * 100, decimals: 1) + "%" } }
        return ScoreLine(
            id: c.agencyID.description, name: e.agencies[c.agencyID]?.name ?? "#\(c.agencyID)", rank: c.rank.map(String.init) ?? "—",
            tasksOnTime: c.tasksOnTime, tasksLate: c.tasksLate, tasksOverdue: c.tasksOverdue,
            reportsOnTime: c.reportsOnTime, reportsLate: c.reportsLate, reportsMissing: c.reportsMissing,
            indicatorsGood: c.indicatorsGood, indicatorsTotal: c.indicatorsTotal,
            taskRate: pct(c.taskRate), reportRate: pct(c.reportRate), indicatorRate: pct(c.indicatorRate),
            score: c.score.map { IndicatorEvaluator.format($0, decimals: 2) } ?? "—")
    }

    @Sendable func scorecard(_ request: Request, context: AppContext) async throws -> Response {
        let (user, province) = try await province(request, context)
        let e = try await app.evaluation(of: province)
        let window = try window(request, e)
        let cards = e.scorecards(window: window)
        // Stacked bars of task status for the agencies that lead the most tasks.
        var perAgency: [Agency.ID: [TaskStatus: Int]] = [:]
        for p in e.plans {
            for (task, leads) in p.assignments.taskLeads {
                guard let s = p.taskResults[task]?.status else { continue }
                for a in leads { perAgency[a, default: [:]][s, default: 0] += 1 }
            }
        }
        let shown: [TaskStatus] = [.completedOnTime, .completedLate, .inProgressOnTime, .notYetDue, .overdue, .waiting, .ongoing, .noDeadline, .cancelled]
        let top = perAgency.sorted { ($0.value.values.reduce(0, +), e.agencies[$1.key]?.name ?? "") > ($1.value.values.reduce(0, +), e.agencies[$0.key]?.name ?? "") }.prefix(20)
        let rows = top.map { entry in (label: e.agencies[entry.key]?.name ?? "", counts: shown.map { s in (s, entry.value[s] ?? 0) }) }
        let w = e.weights
        let pq = Self.provinceQuery(user, province)
        let view = ScorecardView(
            province: province.name, pq: pq, window: window.label, period: window.description,
            windows: ([Period(kind: .year, year: e.today.year - 1, index: 1)!, Period(kind: .year, year: e.today.year, index: 1)!]
                + (1...4).compactMap { Period(kind: .quarter, year: e.today.year, index: $0) }.filter { $0.start <= e.today })
                .map { Choice(value: $0.description, label: $0.label, selected: $0 == window) },
            cards: cards.map { scoreRow($0, e) },
            formula: ScoreCalculator.formula,
            weights: .init(tasks: Self.plain(w.tasks), reports: Self.plain(w.reports), indicators: Self.plain(w.indicators), lateCredit: Self.plain(w.lateCredit)),
            defaults: "nhiệm vụ \(Self.plain(ScoreWeights.defaults.tasks)), báo cáo \(Self.plain(ScoreWeights.defaults.reports)), chỉ tiêu \(Self.plain(ScoreWeights.defaults.indicators)), hệ số trễ \(Self.plain(ScoreWeights.defaults.lateCredit))",
            chart: Charts.stacked(id: "status", title: "Tình trạng nhiệm vụ theo cơ quan chủ trì", rows: Array(rows)),
            legend: shown.map { .init(code: $0.rawValue, label: $0.label, selected: false) },
            provinceID: province.id.description,
            barRows: rows.map { r in .init(label: r.label, cells: r.counts.map { .init(count: $0.1) }) },
            barHeads: shown.map(\.label),
            canEvaluate: AccessPolicy.allows(user, .evaluate, province: province.id),
            csv: "/dashboard/agencies.csv?period=\(window)" + (pq.isEmpty ? "" : "&" + pq))
        return app.pages.render(.dashboardAgencies, title: Texts.text("dashboard.agencies"), view: view, context: context)
    }

    static func plain(_ x: Double) -> String { x.rounded() == x ? String(Int(x)) : String(x) }

    @Sendable func scorecardCSV(_ request: Request, context: AppContext) async throws -> Response {
        let (_, province) = try await province(request, context)
        let e = try await app.evaluation(of: province)
        let window = try window(request, e)
        let w = e.weights
        var table = DataTable(columns: ["hang", "co_quan", "nv_dung_han", "nv_qua_han", "nv_chua_hoan_thanh_qua_han", "bc_dung_han", "bc_muon", "bc_thieu",
                                        "ct_dat_hoac_dung_tien_do", "ct_duoc_giao", "ti_le_nv", "ti_le_bc", "ti_le_ct", "diem"])
        func r(_ x: Double?, _ digits: Int = 4) -> DataTable.Cell { x.map { .number(($0 * pow(10, Double(digits))).rounded() / pow(10, Double(digits))) } ?? .empty }
        for c in e.scorecards(window: window) {
            table.rows.append([.of(c.rank), .text(e.agencies[c.agencyID]?.name ?? ""), .integer(c.tasksOnTime), .integer(c.tasksLate), .integer(c.tasksOverdue),
                               .integer(c.reportsOnTime), .integer(c.reportsLate), .integer(c.reportsMissing), .integer(c.indicatorsGood), .integer(c.indicatorsTotal),
                               r(c.taskRate), r(c.reportRate), r(c.indicatorRate), r(c.score, 2)])
        }
        let body = table.csv(comments: [
            "KeHoach: bảng điểm cơ quan, \(province.name), \(window.label) (đến ngày \(min(window.end, e.today)))",
            "Trọng số: nhiệm vụ \(Self.plain(w.tasks)); báo cáo \(Self.plain(w.reports)); chỉ tiêu \(Self.plain(w.indicators)); hệ số trễ \(Self.plain(w.lateCredit))",
            ScoreCalculator.formula,
        ])
        return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8",
                                               .contentDisposition: "attachment; filename=\"bang-diem-\(province.code)-\(window).csv\""],
                        body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    @Sendable func agency(_ request: Request, context: AppContext) async throws -> Response {
        guard let id = Agency.ID(context.parameters.get("id") ?? "") else { _ = try context.requireUser(request); throw HTTPError(.notFound) }
        _ = try context.require(.viewDashboard, request, province: context.user?.provinceID)
        guard let agency = try await app.store.agency(id), let province = try await app.store.province(agency.provinceID) else { throw HTTPError(.notFound) }
        _ = try context.require(.viewDashboard, request, province: province.id)
        let e = try await app.evaluation(of: province)
        let window = try window(request, e)
        let card = e.scorecards(window: window).first { $0.agencyID == id } ?? Scorecard(agencyID: id)
        var tasks: [(Int, TaskLine)] = []
        var indicators: [(Int, IndicatorLine)] = []
        var reports: [AgencyScoreView.Report] = []
        for (p, t, r) in e.taskItems where p.assignments.taskLeads[t.id]?.contains(id) == true {
            tasks.append((r.status.severity, taskRow(t, r, p, e)))
        }
        for (p, i, r) in e.indicatorItems where p.responsible(i.id).contains(id) {
            indicators.append((r.status.severity, indicatorRow(i, r, p)))
        }
        for p in e.plans {
            for d in (p.reportsDue[id] ?? []).sorted(by: { $0.due > $1.due }) where d.due >= window.start && d.due <= min(window.end, e.today) {
                let t = Timeliness.of(due: d.due, submittedOn: d.submittedOn, today: e.today)
                reports.append(.init(plan: p.plan.info.title, period: d.period.label, due: d.due.vietnamese,
                                     timeliness: t.label(overdue: true), code: t.code, link: "/reports/\(p.plan.id)/\(d.period)?agency=\(id)"))
            }
        }
        // What the agency was asked to explain or answer, due in the window: answered on time or not.
        let asked = try await app.store.followUps(province: province.id, plan: nil, agency: id)
            .filter { $0.agencyID == id && $0.due >= window.start && $0.due <= window.end }
        let followUps = asked.reversed().map { f in
            AgencyScoreView.FollowUp(id: f.id.description, kind: f.kind.label, question: Notice.short(f.question, 160), due: f.due.vietnamese,
                                     state: f.stateLabel(today: e.today), late: f.isOverdue(today: e.today))
        }
        let view = AgencyScoreView(card: scoreRow(card, e), window: window.label, tasks: tasks.sorted { $0.0 < $1.0 }.map(\.1),
                                   indicators: indicators.sorted { $0.0 < $1.0 }.map(\.1), reports: reports, formula: ScoreCalculator.formula,
                                   followUps: followUps, followUpTally: FollowUpTally(asked, today: e.today).text)
        return app.pages.render(.dashboardAgency, title: agency.name, view: view, context: context)
    }

    @Sendable func setWeights(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.require(.evaluate, request, province: context.user?.provinceID)
        let form = try await FormFields.body(request)
        try context.checkCSRF(form)
        let provinces = try await app.visibleProvinces(user)
        guard let province = form.text("province").flatMap({ Province.ID($0) }).flatMap({ p in provinces.first { $0.id == p } })
                ?? (user.role == .administrator ? nil : provinces.first) else { throw HTTPError(.badRequest, message: Texts.text("error.badRequest")) }
        _ = try context.require(.evaluate, request, province: province.id)
        func number(_ f: String) throws -> Double {
            guard let t = form.text(f)?.replacingOccurrences(of: ",", with: "."), let x = Double(t), x.isFinite else {
                throw HTTPError(.badRequest, message: Texts.text("dashboard.error.weights"))
            }
            return x
        }
        let w = ScoreWeights(tasks: try number("tasks"), reports: try number("reports"), indicators: try number("indicators"), lateCredit: try number("lateCredit"))
        guard w.isValid else { throw HTTPError(.badRequest, message: Texts.text("dashboard.error.weights")) }
        try await app.store.setScoreWeights(w, of: province.id, by: context.actor)
        return Pages.redirect("/dashboard/agencies" + (user.role == .administrator ? "?province=\(province.id)" : ""))
    }

    // MARK: - Measures compared

    /// The indicators linked to one measure, in the plans and provinces the user may compare. Plans are public
    /// documents, so the province-level figures of a linked indicator are shown to every dashboard reader.
    func measureRows(_ measure: String, user: User, links: [(indicator: StoredIndicator.ID, plan: StoredPlan.ID, measure: String)],
                     provinces: [Province]) async throws -> [IndicatorLine] {
        let key = TextFolding.searchKey(measure)
        let linked = links.filter { TextFolding.searchKey($0.measure) == key }
        var rows: [IndicatorLine] = []
        for province in provinces {
            let e = try await app.evaluation(of: province)
            for p in e.plans {
                for l in linked where l.plan == p.plan.id {
                    guard let i = p.indicators.first(where: { $0.id == l.indicator }), let r = p.indicatorResults[i.id] else { continue }
                    var row = indicatorRow(i, r, p, chart: true)
                    row.province = province.name
                    row.link = AccessPolicy.allows(user, .viewDashboard, province: province.id)
                    rows.append(row)
                }
            }
        }
        return rows
    }

    @Sendable func measures(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.require(.viewDashboard, request, province: context.user?.provinceID)
        // The links and provinces are read once for every group.
        let links = try await app.store.measures()
        let provinces = try await app.store.provinces()
        var names: [String: String] = [:]
        for m in links { names[TextFolding.searchKey(m.measure)] = names[TextFolding.searchKey(m.measure)] ?? m.measure }
        var groups: [MeasuresView.Measure] = []
        for name in names.values.sorted() {
            groups.append(.init(name: name, rows: try await measureRows(name, user: user, links: links, provinces: provinces)))
        }
        return app.pages.render(.dashboardMeasures, title: Texts.text("dashboard.measures"), view: MeasuresView(groups: groups), context: context)
    }
}
