import Foundation
import KeHoachApp
import KeHoachCore
import KeHoachImport
import KeHoachStore
import KeHoachTestSupport
import Testing

/// The report submission use case, the one path of the form and the Excel workbook: scope, checks against last
/// period's values with the configured outlier factor, then a save, or nothing written and every problem named.
@Suite("Use cases: report submission")
struct SubmissionTests {
    static let seeds = TestPaths.seeds

    struct Setup { let app: KeHoachApp; let plan: StoredPlan; let agency: Agency.ID; let indicator: StoredIndicator.ID; let task: StoredTask.ID; let directory: URL }

    /// Lào Cai's 2026 plan (monthly reports), its Sở KH&CN, one of its numeric indicators, read on 18/5/2026.
    static func setUp(outlierFactor: Double) async throws -> Setup {
        let directory = try TestPaths.temporaryDirectory("kehoach-app")
        let store = try await ThrowawayDatabase.open(in: directory)
        try await store.seedDirectory()
        let laoCai = try #require(try await store.provinces().first { $0.name == "Lào Cai" })
        let data = try Data(contentsOf: seeds.appendingPathComponent("004_f910a4e251fe8a8a.txt"))
        let id = try await store.loadPlan(try PlanImporter.importPlan(data: data, fileName: "004.txt"), source: data, into: laoCai.id, replacing: nil, by: .system).planID
        let plan = try #require(try await store.plan(id))
        let agency = try #require(try await store.agencies(in: laoCai.id).first { $0.name == "Sở Khoa học và Công nghệ" }).id
        let scope = try await store.reportScope(plan: id, agency: agency)
        let indicator = try #require(scope.indicators.first { UnitKind.of($0.1) != .percentage && UnitKind.of($0.1) != .count }?.0 ?? scope.indicators.first?.0)
        var c = DateComponents(); c.year = 2026; c.month = 5; c.day = 18; c.hour = 5
        let noon = Calendar(identifier: .gregorian).date(from: c)!
        return Setup(app: KeHoachApp(store: store, clock: { noon }, outlierFactor: outlierFactor), plan: plan, agency: agency,
                     indicator: indicator, task: try #require(scope.tasks.first), directory: directory)
    }

    static func input(_ s: Setup, value: Double, completedOn: CivilDate? = nil) -> ReportInput {
        ReportInput(tasks: [TaskProgress(taskID: s.task, status: completedOn == nil ? .inProgress : .completed, percent: 50, completedOn: completedOn,
                                         note: "", evidence: nil, reason: "")],
                    indicators: [IndicatorValue(indicatorID: s.indicator, value: value, numerator: nil, denominator: nil, note: "")],
                    difficulties: "", proposals: "")
    }

    @Test("a value far from last period's asks for confirmation, by the configured factor; confirmed, it is saved")
    func outlier() async throws {
        let s = try await Self.setUp(outlierFactor: 3)
        defer { try? FileManager.default.removeItem(at: s.directory) }
        let april = Period("2026-04")!, may = Period("2026-05")!
        guard case .saved = try await s.app.submitReport(plan: s.plan, agency: s.agency, period: april, input: Self.input(s, value: 10), submit: true,
                                                          confirmed: false, by: .system) else { Issue.record("April refused"); return }
        // 50 is five times April's 10: refused under a factor of 3, nothing written.
        guard case let .refused(problems) = try await s.app.submitReport(plan: s.plan, agency: s.agency, period: may, input: Self.input(s, value: 50),
                                                                         submit: false, confirmed: false, by: .system) else {
            Issue.record("an outlier was saved without confirmation"); return
        }
        #expect(problems.map(\.field) == ["indicator.\(s.indicator).value"] && problems.allSatisfy(\.needsConfirmation))
        #expect(try await s.app.store.report(plan: s.plan.id, agency: s.agency, period: may) == nil)
        // Confirmed: saved.
        guard case let .saved(report) = try await s.app.submitReport(plan: s.plan, agency: s.agency, period: may, input: Self.input(s, value: 50),
                                                                     submit: false, confirmed: true, by: .system) else { Issue.record("refused"); return }
        #expect(report.indicators.first?.value == 50 && report.status == .draft)

        // The same values under a factor of 10 need no confirmation: the factor is the configured one.
        let lenient = try await Self.setUp(outlierFactor: 10)
        defer { try? FileManager.default.removeItem(at: lenient.directory) }
        _ = try await lenient.app.submitReport(plan: lenient.plan, agency: lenient.agency, period: april, input: Self.input(lenient, value: 10), submit: true,
                                               confirmed: false, by: .system)
        guard case .saved = try await lenient.app.submitReport(plan: lenient.plan, agency: lenient.agency, period: may, input: Self.input(lenient, value: 50),
                                                              submit: false, confirmed: false, by: .system) else { Issue.record("refused under 10"); return }
    }

    @Test("report cells: before the plan entered the system nothing is owed until a report is submitted from then; a draft does not make a period owed")
    func cells() async throws {
        let s = try await Self.setUp(outlierFactor: 3)
        defer { try? FileManager.default.removeItem(at: s.directory) }
        let march = Period("2026-03")!, april = Period("2026-04")!
        // The plan entered the system after April (it was imported today, not in May 2026): nobody owes April yet.
        var cells = try await s.app.reportCells(s.plan, periods: [march, april, Period("2026R9")!])
        #expect(cells[Period("2026R9")!] == nil) // no such request
        #expect(cells[april]?.isEmpty == false && cells[april]?.allSatisfy { !$0.owed && !$0.isListed } == true)
        // A draft for March: listed for its agency, still owed by nobody.
        _ = try await s.app.submitReport(plan: s.plan, agency: s.agency, period: march, input: Self.input(s, value: 10), submit: false, confirmed: false, by: .system)
        cells = try await s.app.reportCells(s.plan, periods: [march, april])
        #expect(cells[march]?.filter(\.isListed).map(\.agency.id) == [s.agency] && cells[march]?.allSatisfy { !$0.owed } == true)
        // April submitted on 18/5 (due 20/4: 28 days late): April is owed by every agency from then on, and missing for the others.
        _ = try await s.app.submitReport(plan: s.plan, agency: s.agency, period: april, input: Self.input(s, value: 10), submit: true, confirmed: false, by: .system)
        cells = try await s.app.reportCells(s.plan, periods: [march, april])
        #expect(cells[march]?.allSatisfy { !$0.owed } == true)
        let aprilCells = try #require(cells[april])
        #expect(aprilCells.allSatisfy(\.owed) && aprilCells.count > 10)
        #expect(aprilCells.first { $0.agency.id == s.agency }?.timeliness == .late(days: 28))
        #expect(aprilCells.filter { $0.agency.id != s.agency }.allSatisfy { $0.timeliness == .missing(daysOverdue: 28) && $0.report == nil })
    }

    @Test("open reports: every owed period without a submitted report, past due first; a draft stays open, a submission closes it")
    func open() async throws {
        let s = try await Self.setUp(outlierFactor: 3)
        defer { try? FileManager.default.removeItem(at: s.directory) }
        // Nothing owed yet on 18/5/2026: the plan entered the system later (it was imported today).
        #expect(try await s.app.openReports(s.plan, agency: s.agency).isEmpty)
        // March submitted late: the agency owes from March on; April is missing (due 20/4), May not due yet (20/5).
        _ = try await s.app.submitReport(plan: s.plan, agency: s.agency, period: Period("2026-03")!, input: Self.input(s, value: 10), submit: true,
                                         confirmed: false, by: .system)
        var open = try await s.app.openReports(s.plan, agency: s.agency)
        #expect(open.map(\.period.description) == ["2026-04", "2026-05"])
        #expect(open.map(\.timeliness) == [.missing(daysOverdue: 28), .pending])
        // A draft for April keeps it open, as a draft; submitting it closes it.
        _ = try await s.app.submitReport(plan: s.plan, agency: s.agency, period: Period("2026-04")!, input: Self.input(s, value: 10), submit: false,
                                         confirmed: false, by: .system)
        open = try await s.app.openReports(s.plan, agency: s.agency)
        #expect(open.first?.report?.status == .draft)
        _ = try await s.app.submitReport(plan: s.plan, agency: s.agency, period: Period("2026-04")!, input: Self.input(s, value: 10), submit: true,
                                         confirmed: false, by: .system)
        #expect(try await s.app.openReports(s.plan, agency: s.agency).map(\.period.description) == ["2026-05"])
    }

    @Test("a completion date in the future is refused whether the input came from the form or the workbook, and what was read wrong is kept")
    func refused() async throws {
        let s = try await Self.setUp(outlierFactor: 3)
        defer { try? FileManager.default.removeItem(at: s.directory) }
        let may = Period("2026-05")!
        let unreadable = FieldProblem(field: "indicator.\(s.indicator).note", message: "Không phải là số.")
        guard case let .refused(problems) = try await s.app.submitReport(
            plan: s.plan, agency: s.agency, period: may, input: Self.input(s, value: 10, completedOn: CivilDate(year: 2026, month: 12, day: 1)),
            submit: false, confirmed: true, problems: [unreadable], by: .system) else { Issue.record("saved"); return }
        #expect(problems.contains(unreadable))
        #expect(problems.contains { $0.field == "task.\(s.task).completedOn" && $0.message == "Ngày hoàn thành không được ở tương lai." })
        #expect(try await s.app.store.report(plan: s.plan.id, agency: s.agency, period: may) == nil)
        // The period's due date and who it asks come from the plan's calendar.
        let due = try await s.app.due(s.plan, may, agency: s.agency)
        #expect(due == ReportingCalendar(rule: s.plan.info.reporting).due(may))
    }
}
