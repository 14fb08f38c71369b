import Foundation

/// Everything evaluated for one plan on one day: each indicator, each task, and the reports each agency owed.
public struct PlanEvaluation: Sendable {
    public var plan: StoredPlan
    public var indicators: [StoredIndicator]
    public var tasks: [StoredTask]
    public var indicatorResults: [StoredIndicator.ID: IndicatorEvaluation]
    public var taskResults: [StoredTask.ID: TaskEvaluation]
    public var assignments: PlanAssignments
    /// Per agency: every report due on or before the day, with its first submission (if any).
    public var reportsDue: [Agency.ID: [ReportDue]]
    public var reports: [Report.ID: SubmittedReport]
    public var settings: [StoredIndicator.ID: IndicatorSetting]
    /// The agencies that report on the plan (every lead, partner and monitoring agency not dissolved): the one list
    /// of who owes a report, used by every view.
    public var reportingAgencies: Set<Agency.ID> = []
    /// The first calendar period reports are owed for (`ReportObligation.firstOwed`).
    public var firstOwed: Period? = nil

    /// How many agencies owe a report for some calendar period inside `span` (a report of a quarter for a monthly
    /// plan: its three months), due yet or not: all the plan's reporting agencies once a period is owed, none before.
    public func agenciesOwing(in span: Period) -> Int {
        let calendar = ReportingCalendar(rule: plan.info.reporting)
        guard let first = firstOwed else { return 0 }
        var p = Period.containing(span.start, kind: calendar.kind)
        var n = 0
        while p.start <= span.end && n < 1_000 {
            if p >= first && p.start >= span.start && p.end <= span.end { return reportingAgencies.count }
            p = p.next; n += 1
        }
        return 0
    }

    /// The responsible agencies of an indicator: its lead agencies, else its monitoring agencies.
    public func responsible(_ indicator: StoredIndicator.ID) -> Set<Agency.ID> {
        let lead = assignments.indicatorLeads[indicator] ?? []
        return lead.isEmpty ? assignments.indicatorMonitors[indicator] ?? [] : lead
    }

    /// Builds the evaluation. Reports count from the later of the plan's first year and the period the plan
    /// entered the system (or its first report, if earlier): nobody owed a report before the plan was known.
    public static func build(plan: StoredPlan, indicators: [StoredIndicator], tasks: [StoredTask], assignments: PlanAssignments,
                             reports: [SubmittedReport], allReports: [ReportSummary], adhoc: [AdhocRequest],
                             settings: [StoredIndicator.ID: IndicatorSetting], ratings: [StoredIndicator.ID: IndicatorRating],
                             decisions: [StoredTask.ID: TaskDecision], today: CivilDate, dissolved: Set<Agency.ID> = []) -> PlanEvaluation {
        let calendar = ReportingCalendar(rule: plan.info.reporting)
        let byID = Dictionary(reports.map { ($0.summary.id, $0) }, uniquingKeysWith: { a, _ in a })

        // Tasks: each agency's latest answer.
        var latest: [StoredTask.ID: [Agency.ID: LatestProgress]] = [:]
        for r in reports {
            for t in r.tasks {
                let isLead = assignments.taskLeads[t.taskID]?.contains(r.summary.agencyID) ?? false
                if let old = latest[t.taskID]?[r.summary.agencyID], old.period > r.summary.period { continue }
                latest[t.taskID, default: [:]][r.summary.agencyID] = LatestProgress(agencyID: r.summary.agencyID, isLead: isLead,
                                                                                    period: r.summary.period, reportID: r.summary.id, progress: t)
            }
        }
        var taskResults: [StoredTask.ID: TaskEvaluation] = [:]
        for t in tasks {
            taskResults[t.id] = TaskEvaluator.evaluate(t, decision: decisions[t.id], progress: Array((latest[t.id] ?? [:]).values), today: today)
        }

        // Indicators: the agencies' values per period (ad-hoc requests are not part of a series).
        var values: [StoredIndicator.ID: [Period: [AgencyValue]]] = [:]
        for r in reports where r.summary.period.kind != .adhoc {
            for v in r.indicators {
                values[v.indicatorID, default: [:]][r.summary.period, default: []]
                    .append(AgencyValue(agencyID: r.summary.agencyID, reportID: r.summary.id, value: v, submittedOn: r.summary.firstSubmittedOn))
            }
        }
        var indicatorResults: [StoredIndicator.ID: IndicatorEvaluation] = [:]
        for i in indicators {
            let monitors = assignments.indicatorMonitors[i.id] ?? []
            let method = settings[i.id]?.method ?? AggregationMethod.byDefault(unit: i.indicator.unit, hasMonitoringAgency: !monitors.isEmpty)
            let percent = UnitKind.isPercentage(i.indicator.unit)
            let responsible = Array(monitors.isEmpty ? assignments.indicatorLeads[i.id] ?? [] : monitors)
            let series = (values[i.id] ?? [:]).compactMap { period, vs in
                IndicatorEvaluator.aggregate(vs, period: period, method: method, percent: percent, monitoring: responsible)
            }
            indicatorResults[i.id] = IndicatorEvaluator.evaluate(i, series: series, method: method, rating: ratings[i.id], today: today)
        }

        // Reports owed.
        let start = ReportObligation.firstOwed(plan, calendar: calendar, reports: allReports, today: today)
        var agencies = Set<Agency.ID>()
        for set in [assignments.taskLeads, assignments.taskPartners] { for s in set.values { agencies.formUnion(s) } }
        for set in [assignments.indicatorLeads, assignments.indicatorMonitors] { for s in set.values { agencies.formUnion(s) } }
        // A dissolved agency owes nothing any more (its successor reports): the matrix, the reports API, the
        // scorecard and the consolidated report all take the owing agencies from here.
        agencies.subtract(dissolved)
        let submitted = Dictionary(allReports.map { ("\($0.agencyID)|\($0.period)", $0.firstSubmittedOn) }, uniquingKeysWith: { a, _ in a })
        var periods: [(Period, CivilDate)] = []
        var p = start
        while calendar.due(p) <= today, periods.count < 600 { periods.append((p, calendar.due(p))); p = p.next }
        var due: [Agency.ID: [ReportDue]] = [:]
        for a in agencies {
            var list = periods.map { ReportDue(planID: plan.id, period: $0.0, due: $0.1, submittedOn: submitted["\(a)|\($0.0)"] ?? nil) }
            for r in adhoc where r.due <= today && r.asks(a) {
                list.append(ReportDue(planID: plan.id, period: r.period, due: r.due, submittedOn: submitted["\(a)|\(r.period)"] ?? nil))
            }
            due[a] = list
        }
        var evaluation = PlanEvaluation(plan: plan, indicators: indicators, tasks: tasks, indicatorResults: indicatorResults, taskResults: taskResults,
                                        assignments: assignments, reportsDue: due, reports: byID, settings: settings)
        evaluation.reportingAgencies = agencies
        evaluation.firstOwed = start
        return evaluation
    }
}

/// A province's plans evaluated on one day, with the agencies' scorecards.
public struct ProvinceEvaluation: Sendable {
    public var province: Province
    public var today: CivilDate
    public var plans: [PlanEvaluation]
    public var agencies: [Agency.ID: Agency]
    public var weights: ScoreWeights

    public init(province: Province, today: CivilDate, plans: [PlanEvaluation], agencies: [Agency.ID: Agency], weights: ScoreWeights) {
        self.province = province; self.today = today; self.plans = plans; self.agencies = agencies; self.weights = weights
    }

    /// The scorecards of every agency that answers for something, ranked, over `window` (up to today).
    public func scorecards(window: Period) -> [Scorecard] {
        let from = window.start, asOf = min(window.end, today)
        var tasks: [Agency.ID: [TaskEvaluation]] = [:]
        var reports: [Agency.ID: [ReportDue]] = [:]
        var indicators: [Agency.ID: [IndicatorEvaluation]] = [:]
        for p in plans {
            for (task, leads) in p.assignments.taskLeads {
                guard let e = p.taskResults[task] else { continue }
                for a in leads { tasks[a, default: []].append(e) }
            }
            for (a, list) in p.reportsDue { reports[a, default: []] += list }
            for i in p.indicators {
                guard let e = p.indicatorResults[i.id] else { continue }
                for a in p.responsible(i.id) { indicators[a, default: []].append(e) }
            }
        }
        let ids = Set(tasks.keys).union(reports.keys).union(indicators.keys)
        let cards = ids.map { a in
            ScoreCalculator.card(agency: a, tasks: tasks[a] ?? [], reports: reports[a] ?? [], indicators: indicators[a] ?? [],
                                 from: from, asOf: asOf, weights: weights)
        }
        return ScoreCalculator.rank(cards, names: agencies.mapValues(\.name))
    }
}

extension ProvinceEvaluation {
    /// Every indicator of the province with its plan and evaluation, plan by plan in the plans' order.
    public var indicatorItems: [(plan: PlanEvaluation, indicator: StoredIndicator, result: IndicatorEvaluation)] {
        plans.flatMap { p in p.indicators.compactMap { i in p.indicatorResults[i.id].map { (p, i, $0) } } }
    }

    /// Every task of the province with its plan and evaluation, plan by plan in the plans' order.
    public var taskItems: [(plan: PlanEvaluation, task: StoredTask, result: TaskEvaluation)] {
        plans.flatMap { p in p.tasks.compactMap { t in p.taskResults[t.id].map { (p, t, $0) } } }
    }
}

/// Which periods a plan's agencies owe a report for: one rule for the evaluation, the reporting matrix, the
/// reports API and the consolidated report.
public enum ReportObligation {
    /// The first period owed: the one the plan entered the system in, or an earlier one that reports were
    /// submitted for (a draft someone started does not make every agency owe that period), never one before the
    /// plan's span (a plan for 2026–2030 imported in June 2026 owes nothing for 2023).
    public static func firstOwed(_ plan: StoredPlan, calendar: ReportingCalendar, reports: [ReportSummary], today: CivilDate) -> Period {
        let imported = CivilDate(iso: String(plan.importedAt.prefix(10))) ?? today
        var start = Period.containing(imported, kind: calendar.kind)
        let submitted = reports.lazy.filter { $0.firstSubmittedOn != nil && $0.period.kind == calendar.kind }.map(\.period)
        if let earliest = submitted.min(), earliest < start { start = earliest }
        if let from = plan.info.span?.from, let first = CivilDate.startOfYear(from), Period.containing(first, kind: calendar.kind) > start {
            start = Period.containing(first, kind: calendar.kind)
        }
        return start
    }

    /// A period's due date and who is asked: a calendar period of the plan's cadence is due by the plan's rule and
    /// asks every reporting agency; an ad-hoc period (`2026R7`) is due when its request says and asks whom it
    /// names. Nil for a period the plan does not have (a month on a quarterly plan, an unknown request).
    public static func due(of period: Period, plan: StoredPlan, adhoc: [AdhocRequest]) -> (due: CivilDate, asks: @Sendable (Agency.ID) -> Bool)? {
        if period.kind == .adhoc {
            guard let r = adhoc.first(where: { $0.period == period }) else { return nil }
            return (r.due, { r.asks($0) })
        }
        let calendar = ReportingCalendar(rule: plan.info.reporting)
        return period.kind == calendar.kind ? (calendar.due(period), { _ in true }) : nil
    }

    /// Whether a calendar period is owed at all (ad-hoc requests are owed by those they ask).
    public static func isOwed(_ period: Period, plan: StoredPlan, calendar: ReportingCalendar, reports: [ReportSummary], today: CivilDate) -> Bool {
        period.kind == .adhoc || period >= firstOwed(plan, calendar: calendar, reports: reports, today: today)
    }
}
