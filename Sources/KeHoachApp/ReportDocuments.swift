import Foundation
import KeHoachCore
import KeHoachReports
import KeHoachStore

/// The documents KeHoach writes: the coordinator's consolidated report of a plan for a period, and an agency's own
/// report; the same for the command line (`kehoach report`) and the web.
public enum ReportDocuments {
    public enum Format: String, CaseIterable, Sendable {
        case docx, xlsx, html
        public var mediaType: String {
            switch self {
            case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            case .html: "text/html; charset=utf-8"
            }
        }
    }

    public enum Problem: Error, CustomStringConvertible {
        case noPlan(String), badPeriod(String), noProvince
        public var description: String {
            switch self {
            case let .noPlan(p): "Không có kế hoạch \(p)."
            case let .badPeriod(p): "Kỳ báo cáo không hợp lệ: \(p) (ví dụ 2026Q2, 2026-05, 2026S1, 2026)."
            case .noProvince: "Không tìm thấy tỉnh của kế hoạch."
            }
        }
    }

    /// The consolidated report of `plan` for `period`, written on `date`: the plan judged as of the period's end
    /// (or `date`, if earlier) with the reports of periods up to that end; who owed which report as of `date`.
    public static func consolidated(store: some Store & ReportStore & EvaluationStore & FollowUpStore, plan: StoredPlan, period: Period,
                                    date: CivilDate) async throws -> AdministrativeDocument {
        guard period.kind != .adhoc else { throw Problem.badPeriod(period.description) }
        guard let province = try await store.province(plan.provinceID) else { throw Problem.noProvince }
        let (evaluation, dues) = try await evaluate(store: store, plan: plan, period: period, date: date)
        let agencies = Dictionary(try await store.agencies(in: province.id).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return ReportBuilder.consolidated(.init(province: province, plan: evaluation, dues: dues, agencies: agencies, period: period, date: date,
                                                followUps: try await store.followUps(province: province.id, plan: plan.id, agency: nil)))
    }

    /// The province's report for `period` across its plans (each evaluated as the consolidated report does).
    public static func province(store: some Store & ReportStore & EvaluationStore & FollowUpStore, province: Province, period: Period,
                                date: CivilDate) async throws -> AdministrativeDocument {
        guard period.kind != .adhoc else { throw Problem.badPeriod(period.description) }
        var plans: [(plan: PlanEvaluation, dues: [Agency.ID: [ReportDue]])] = []
        for plan in try await store.plans(in: province.id) { plans.append(try await evaluate(store: store, plan: plan, period: period, date: date)) }
        let agencies = Dictionary(try await store.agencies(in: province.id).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return ReportBuilder.province(.init(province: province, plans: plans, agencies: agencies, period: period, date: date,
                                            followUps: try await store.followUps(province: province.id, plan: nil, agency: nil)))
    }

    /// The document the system proposes for a draft's scope: one plan's consolidated report, or the province's.
    public static func generate(store: some Store & ReportStore & EvaluationStore & FollowUpStore, province: Province, scope: ReportDraft.Scope, period: Period,
                                date: CivilDate) async throws -> AdministrativeDocument {
        switch scope {
        case let .plan(id):
            guard let plan = try await store.plan(id), plan.provinceID == province.id else { throw Problem.noPlan(id.description) }
            return try await consolidated(store: store, plan: plan, period: period, date: date)
        case .province:
            return try await self.province(store: store, province: province, period: period, date: date)
        }
    }

    /// The consolidated report as it goes out: the coordinator's latest saved draft of it when there is one (the
    /// text a person approved), else the system's. One rule for the command line, the report download and the
    /// drafting workspace's download.
    public static func current(store: some Store & ReportStore & EvaluationStore & FollowUpStore, province: Province, scope: ReportDraft.Scope, period: Period,
                               date: CivilDate) async throws -> (document: AdministrativeDocument, draft: ReportDraft?) {
        if let saved = try await store.drafts(province: province.id, scope: scope, period: period).first {
            return (ReportDrafting.publishable(saved.document), saved)
        }
        return (try await generate(store: store, province: province, scope: scope, period: period, date: date), nil)
    }

    /// A plan judged as of `ReportBuilder.asOf(period:date:)`, and the reports owed as of `date`.
    static func evaluate(store: some Store & ReportStore & EvaluationStore & FollowUpStore, plan: StoredPlan, period: Period,
                         date: CivilDate) async throws -> (plan: PlanEvaluation, dues: [Agency.ID: [ReportDue]]) {
        let asOf = ReportBuilder.asOf(period: period, date: date)
        let indicators = try await store.indicators(of: plan.id), tasks = try await store.tasks(of: plan.id, filter: TaskFilter())
        let assignments = try await store.assignments(of: plan.id), reports = try await store.submittedReports(of: plan.id, through: period.end)
        let all = try await store.reports(of: plan.id).filter { $0.period.start <= period.end }
        let settings = try await store.indicatorSettings(of: plan.id), ratings = try await store.ratings(of: plan.id)
        let decisions = try await store.taskDecisions(of: plan.id)
        func build(_ day: CivilDate) -> PlanEvaluation {
            PlanEvaluation.build(plan: plan, indicators: indicators, tasks: tasks, assignments: assignments, reports: reports, allReports: all, adhoc: [],
                                 settings: settings, ratings: ratings, decisions: decisions, today: day)
        }
        let evaluation = build(asOf)
        return (evaluation, asOf == date ? evaluation.reportsDue : build(date).reportsDue)
    }

    /// An agency's own report for a period as it stands (draft or submitted); nil when it has none.
    public static func agency(store: some Store & ReportStore, plan: StoredPlan, agency: Agency, period: Period, date: CivilDate) async throws -> AdministrativeDocument? {
        guard let report = try await store.report(plan: plan.id, agency: agency.id, period: period),
              let province = try await store.province(plan.provinceID) else { return nil }
        let tasks = try await store.tasks(of: plan.id, filter: TaskFilter(agencyID: agency.id))
        let indicators = try await store.indicators(ofAgency: agency.id).filter { $0.planID == plan.id }
        return ReportBuilder.agency(report, agency: agency, province: province, plan: plan, tasks: tasks, indicators: indicators, date: date)
    }

    public static func render(_ doc: AdministrativeDocument, as format: Format, stylesheet: String? = nil) throws -> Data {
        switch format {
        case .docx: try DOCX.write(doc)
        case .xlsx: try DocumentWorkbook.write(doc)
        case .html: Data(DocumentHTML.render(doc, style: stylesheet.map { .link($0) } ?? .inline).utf8)
        }
    }

    /// A file name without marks: `bao-cao-4732-KH-UBND-2026Q2.docx`.
    public static func fileName(_ plan: StoredPlan, _ period: Period, agency: Agency? = nil, format: Format) -> String {
        let base = [agency.map { ReportBuilder.abbreviation($0.name) } ?? "bao-cao", plan.info.number ?? "kh\(plan.id)", period.description]
            .joined(separator: "-")
        let safe = String(TextFolding.searchKey(base).map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "-" })
        return safe + "." + format.rawValue
    }
}
