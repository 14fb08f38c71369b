import Foundation
import KeHoachCore
import KeHoachStore

/// Reporting: which agencies a period asks and by when, and one path for a report entered on the form or read from
/// the Excel workbook (scope → validate against last period's values → save).
extension KeHoachApp {
    /// The due date of a period of the plan (calendar or ad-hoc request) and which agencies it asks; nil when the
    /// period is neither (an unknown ad-hoc period).
    public func obligation(_ plan: StoredPlan, _ period: Period) async throws -> (due: CivilDate, asks: @Sendable (Agency.ID) -> Bool)? {
        ReportObligation.due(of: period, plan: plan, adhoc: period.kind == .adhoc ? try await store.adhocRequests(of: plan.id) : [])
    }

    /// The due date of the agency's report for the period, nil when the period does not ask it.
    public func due(_ plan: StoredPlan, _ period: Period, agency: Agency.ID?) async throws -> CivilDate? {
        guard let (due, asks) = try await obligation(plan, period) else { return nil }
        if let agency, !asks(agency) { return nil }
        return due
    }

    /// The agency's report of the period before (none for an ad-hoc request): the values a new one is checked against.
    public func previousReport(_ plan: StoredPlan, _ period: Period, agency: Agency.ID) async throws -> Report? {
        period.kind == .adhoc ? nil : try await store.report(plan: plan.id, agency: agency, period: period.previous)
    }

    public enum SubmissionResult: Sendable {
        case saved(Report)
        /// Nothing was written; the problems name each field.
        case refused([FieldProblem])
    }

    /// A report entered on the form or read from the workbook: checked as Core's ReportValidation checks it (units,
    /// ranges, dates, the configured outlier factor against last period's values) and saved only when nothing is
    /// wrong. `confirmed`: the user confirmed the values that only asked for a confirmation. `problems`: what the
    /// reading of the input already found (a number that does not parse).
    /// `scope`: the agency's scope in the plan when the caller read it already (to read the form).
    public func submitReport(plan: StoredPlan, agency: Agency.ID, period: Period, input: ReportInput, submit: Bool, confirmed: Bool,
                             problems found: [FieldProblem] = [], scope known: ReportScope? = nil, by actor: Actor) async throws -> SubmissionResult {
        let scope = if let known { known } else { try await store.reportScope(plan: plan.id, agency: agency) }
        let previous = try await previousReport(plan, period, agency: agency)?.input
        let percent = Set(scope.indicators.filter { UnitKind.isPercentage($0.1) }.map(\.0))
        let counts = Set(scope.indicators.filter { UnitKind.of($0.1) == .count }.map(\.0))
        var problems = found + ReportValidation.problems(input, previous: previous, today: today, submitting: submit,
                                                         percentIndicators: percent, countIndicators: counts, supportedTasks: scope.supporting,
                                                         outlierFactor: outlierFactor)
        if confirmed { problems.removeAll { $0.needsConfirmation } }
        guard problems.isEmpty else { return .refused(problems) }
        var kept = input
        kept.tasks = kept.tasks.filter { !$0.isEmpty }
        return .saved(try await store.saveReport(plan: plan.id, agency: agency, period: period, input: kept, submit: submit, today: today, by: actor))
    }
}

/// One agency's report for one period, as the submission matrix and the reports API show it.
public struct ReportCell: Sendable {
    public var agency: Agency
    public var period: Period
    public var due: CivilDate
    /// The report filed, whatever its state (a draft included).
    public var report: ReportSummary?
    /// Whether the period is owed at all: not before the plan's span or its arrival in the system (unless reports
    /// were submitted from then); ad-hoc requests are owed by those they ask.
    public var owed: Bool
    public var timeliness: Timeliness
    /// Listed at all: owed, or something was filed.
    public var isListed: Bool { owed || report != nil }
}

extension KeHoachApp {
    /// For each period, the state of every agency it asks (in the plan's order of reporting agencies): one rule for
    /// the submission matrix and the reports API. A period that is neither the plan's nor an ad-hoc request's is
    /// left out.
    public func reportCells(_ plan: StoredPlan, periods: [Period]) async throws -> [Period: [ReportCell]] {
        let reports = try await store.reports(of: plan.id)
        let filed = Dictionary(reports.map { ("\($0.agencyID) \($0.period)", $0) }, uniquingKeysWith: { a, _ in a })
        let calendar = ReportingCalendar(rule: plan.info.reporting)
        let agencies = try await reportingAgencies(of: plan)
        let adhoc = periods.contains { $0.kind == .adhoc } ? try await store.adhocRequests(of: plan.id) : []
        var out: [Period: [ReportCell]] = [:]
        for period in periods {
            guard let (due, asks) = ReportObligation.due(of: period, plan: plan, adhoc: adhoc) else { continue }
            let owed = ReportObligation.isOwed(period, plan: plan, calendar: calendar, reports: reports, today: today)
            out[period] = agencies.filter { asks($0.id) }.map { agency in
                let r = filed["\(agency.id) \(period)"]
                return ReportCell(agency: agency, period: period, due: due, report: r, owed: owed,
                                  timeliness: Timeliness.of(due: due, submittedOn: r?.firstSubmittedOn, today: today))
            }
        }
        return out
    }
}

extension KeHoachApp {
    /// The agency's open reports of a plan: every period it owes since it became responsible (the plan's first owed
    /// period) up to the current one, and every ad-hoc request asking it, that has no report submitted yet (none, a
    /// draft, or one returned to fix). Past due first, oldest first; then those not due yet. At most `limit` periods
    /// back (a monthly plan imported years ago does not list every month).
    public func openReports(_ plan: StoredPlan, agency: Agency.ID, limit: Int = 24) async throws -> [ReportCell] {
        let calendar = ReportingCalendar(rule: plan.info.reporting)
        let current = calendar.current(on: today)
        var periods: [Period] = [current]
        while periods.count < limit, let first = periods.first, first.previous < first { periods.insert(first.previous, at: 0) }
        let requests = try await store.adhocRequests(of: plan.id).filter { $0.asks(agency) }
        let cells = try await reportCells(plan, periods: periods + requests.map(\.period))
        let open = cells.values.joined().filter { cell in
            cell.agency.id == agency && cell.owed && cell.awaitsSubmission
        }
        return open.sorted { a, b in
            let late = (a.due < today, b.due < today)
            return late.0 != late.1 ? late.0 : a.due < b.due
        }
    }
}
