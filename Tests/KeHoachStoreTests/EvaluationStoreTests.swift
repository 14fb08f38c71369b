import Foundation
import KeHoachCore
import KeHoachStore
import Testing

@Suite("SQLite store: evaluation data")
struct EvaluationStoreTests {
    /// Lào Cai's 2026 plan (monthly reports) and its Sở KH&CN's first task, on a new store.
    struct LaoCai {
        let t: TemporaryStore; let plan: StoredPlan.ID; let agency: Agency; let task: StoredTask
        let actor = Actor(userID: nil, username: "tester")
        let day = CivilDate(iso: "2026-05-19")!
        func input(_ note: String) -> ReportInput {
            ReportInput(tasks: [TaskProgress(taskID: task.id, status: .inProgress, note: note)], indicators: [], difficulties: "", proposals: "")
        }
        static func make() async throws -> LaoCai {
            let t = try await TemporaryStore()
            try await t.store.seedDirectory()
            let plan = try await t.load("004_f910a4e251fe8a8a", province: "Lào Cai").planID
            let laoCai = try #require(try await t.store.provinces().first { $0.name == "Lào Cai" })
            let agency = try #require(try await t.store.agencies(in: laoCai.id).first { $0.name == "Sở Khoa học và Công nghệ" })
            let task = try #require(try await t.store.tasks(of: plan, filter: TaskFilter(agencyID: agency.id)).first)
            return LaoCai(t: t, plan: plan, agency: agency, task: task)
        }
    }

    @Test("a batch of reports is written whole or not at all; only submitted reports and each agency's latest answer are read")
    func batches() async throws {
        let l = try await LaoCai.make(); defer { l.t.remove() }
        let (t, plan, agency, task, actor, day) = (l.t, l.plan, l.agency, l.task, l.actor, l.day)
        func input(_ note: String) -> ReportInput { l.input(note) }
        try await t.store.saveReports([(plan, agency.id, Period("2026-04")!, input("tháng 4"), day),
                                       (plan, agency.id, Period("2026-05")!, input("tháng 5"), day)], by: actor)
        // A batch that repeats a submitted month fails on it, and its first report is not kept either.
        await #expect(throws: (any Error).self) {
            try await t.store.saveReports([(plan, agency.id, Period("2026-06")!, input("tháng 6"), day),
                                           (plan, agency.id, Period("2026-05")!, input("lại tháng 5"), day)], by: actor)
        }
        #expect(try await t.store.report(plan: plan, agency: agency.id, period: Period("2026-06")!) == nil)
        // A draft does not count.
        _ = try await t.store.saveReport(plan: plan, agency: agency.id, period: Period("2026-07")!, input: input("nháp"), submit: false, today: day, by: actor)
        let submitted = try await t.store.submittedReports(of: plan)
        #expect(submitted.map(\.summary.period.description).sorted() == ["2026-04", "2026-05"])
        #expect(submitted.flatMap(\.tasks).map(\.note) == ["tháng 5"]) // the latest answer only
        let history = try await t.store.taskAnswers(task.id)
        #expect(history.map(\.1.note) == ["tháng 5", "tháng 4"])
        // Through April: what was known then.
        #expect(try await t.store.submittedReports(of: plan, through: CivilDate(iso: "2026-04-30")!).flatMap(\.tasks).map(\.note) == ["tháng 4"])
    }

    @Test("a saved draft changes the version of everything but not the evaluated one; a submission changes both")
    func draftVersions() async throws {
        let l = try await LaoCai.make(); defer { l.t.remove() }
        let (t, plan, agency, actor, day, input) = (l.t, l.plan, l.agency, l.actor, l.day, l.input("x"))
        let evaluated = try await t.store.dataVersion(.evaluated), everything = try await t.store.dataVersion(.everything)
        for _ in 0..<3 { _ = try await t.store.saveReport(plan: plan, agency: agency.id, period: Period("2026-04")!, input: input, submit: false, today: day, by: actor) }
        #expect(try await t.store.dataVersion(.evaluated) == evaluated)
        let afterDrafts = try await t.store.dataVersion(.everything)
        #expect(afterDrafts == everything + 3)
        _ = try await t.store.saveReport(plan: plan, agency: agency.id, period: Period("2026-04")!, input: input, submit: true, today: day, by: actor)
        #expect(try await t.store.dataVersion(.evaluated) == evaluated + 1)
        #expect(try await t.store.dataVersion(.everything) == afterDrafts + 1)
    }

    @Test("settings, ratings, decisions and weights are kept, audited and change the data version")
    func settings() async throws {
        let t = try await TemporaryStore(); defer { t.remove() }
        try await t.store.seedDirectory()
        let plan = try await t.load("001_5cdbf573dddbf3a5", province: "Lai Châu").planID
        let indicator = try #require(try await t.store.indicators(of: plan).first)
        let task = try #require(try await t.store.tasks(of: plan, filter: TaskFilter()).first)
        let actor = Actor(userID: nil, username: "dieuphoi")
        var version = try await t.store.dataVersion(.evaluated)
        func bumped() async throws -> Bool { let v = try await t.store.dataVersion(.evaluated); defer { version = v }; return v > version }
        try await t.store.setIndicatorSetting(indicator.id, IndicatorSetting(method: .sum, measure: "  Tỷ lệ  số hóa "), by: actor)
        #expect(try await bumped())
        #expect(try await t.store.indicatorSettings(of: plan)[indicator.id] == IndicatorSetting(method: .sum, measure: "Tỷ lệ số hóa"))
        #expect(try await t.store.measures().map(\.measure) == ["Tỷ lệ số hóa"])
        let day = CivilDate(iso: "2026-05-01")!
        try await t.store.rateIndicator(indicator.id, IndicatorRating(status: .atRisk, comment: "lần 1", ratedBy: "dieuphoi", ratedOn: day), by: actor)
        try await t.store.rateIndicator(indicator.id, IndicatorRating(status: .onTrack, comment: "lần 2", ratedBy: "dieuphoi", ratedOn: day), by: actor)
        #expect(try await bumped())
        #expect(try await t.store.ratings(of: plan)[indicator.id]?.comment == "lần 2")
        try await t.store.recordTaskDecision(task.id, TaskDecision(kind: .event, document: "CV 1", on: day, leadDays: 10, recordedBy: "dieuphoi"), by: actor)
        #expect(try await t.store.taskDecisions(of: plan)[task.id]?.due == CivilDate(iso: "2026-05-11"))
        await #expect(throws: StoreError.self) { try await t.store.setScoreWeights(ScoreWeights(tasks: 0, reports: 0, indicators: 0, lateCredit: 0), of: .init(1), by: actor) }
        try await t.store.setScoreWeights(ScoreWeights(tasks: 1, reports: 2, indicators: 3, lateCredit: 0.25), of: .init(1), by: actor)
        #expect(try await t.store.scoreWeights(of: .init(1)) == ScoreWeights(tasks: 1, reports: 2, indicators: 3, lateCredit: 0.25))
        #expect(try await t.store.scoreWeights(of: .init(2)) == .defaults)
        let actions = Set(try await t.store.audit(limit: 20, offset: 0).map(\.action))
        #expect(actions.isSuperset(of: ["indicator.setting", "indicator.rate", "task.decision", "score.weights"]))
        await #expect(throws: StoreError.self) { try await t.store.rateIndicator(.init(999_999), IndicatorRating(status: .missed, comment: "x", ratedBy: "x", ratedOn: day), by: actor) }
    }
}

@Suite("Rollups of a period")
struct RollupTests {
    @Test("a province's rollup adds each indicator's submitted values; drafts and returned reports do not count; the national table groups linked measures by province")
    func rollups() async throws {
        let t = try await TemporaryStore(); defer { t.remove() }
        try await t.store.seedDirectory()
        let lk = try await t.load("004_f910a4e251fe8a8a", province: "Lào Cai").planID
        let lc = try await t.load("001_5cdbf573dddbf3a5", province: "Lai Châu").planID
        let provinces = try await t.store.provinces()
        let laoCai = try #require(provinces.first { $0.name == "Lào Cai" }), laiChau = try #require(provinces.first { $0.name == "Lai Châu" })
        let actor = Actor(userID: nil, username: "tester")
        let day = CivilDate(iso: "2026-05-19")!
        let may = Period("2026-05")!
        // Every reporting agency of a plan with each indicator it answers for.
        func answerers(_ plan: StoredPlan.ID) async throws -> [(Agency.ID, [StoredIndicator.ID])] {
            var out: [(Agency.ID, [StoredIndicator.ID])] = []
            for a in try await t.store.reportingAgencies(of: plan) {
                let ids = try await t.store.reportScope(plan: plan, agency: a.id).indicators.map(\.0)
                if !ids.isEmpty { out.append((a.id, ids)) }
            }
            return out
        }
        let lkAgencies = try await answerers(lk)
        try #require(lkAgencies.count >= 3)
        // Agency k gives value 10·(k+1) and 3 of 4 (numerator/denominator) to every indicator it answers for.
        var expected: [StoredIndicator.ID: RollupCell] = [:]
        for (k, (agency, indicators)) in lkAgencies.prefix(3).enumerated() {
            let values = indicators.map { IndicatorValue(indicatorID: $0, value: Double(10 * (k + 1)), numerator: 3, denominator: 4) }
            let input = ReportInput(tasks: [], indicators: values, difficulties: "", proposals: "")
            let report = try await t.store.saveReport(plan: lk, agency: agency, period: may, input: input, submit: true, today: day, by: actor)
            if k == 2 {
                try await t.store.returnReport(report.id, comment: "Sai số liệu", by: actor)   // no longer counts
                continue
            }
            for id in indicators {
                expected[id, default: .zero] = expected[id, default: .zero] + RollupCell(reports: 1, values: 1, sum: Double(10 * (k + 1)), numerator: 3, denominator: 4)
            }
        }
        // A draft of another agency does not count either.
        let (draftAgency, draftIndicators) = lkAgencies[3 % lkAgencies.count]
        if lkAgencies.count > 3 {
            _ = try await t.store.saveReport(plan: lk, agency: draftAgency, period: may,
                                             input: ReportInput(tasks: [], indicators: draftIndicators.map { IndicatorValue(indicatorID: $0, value: 999) },
                                                                difficulties: "", proposals: ""), submit: false, today: day, by: actor)
        }
        let rollup = try await t.store.provinceRollup(laoCai.id, period: may)
        #expect(rollup == expected)
        #expect(rollup.values.allSatisfy { $0.ratioPercent == 75 })
        #expect(try await t.store.provinceRollup(laoCai.id, period: Period("2026-04")!).isEmpty)
        #expect(try await t.store.provinceRollup(laiChau.id, period: may).isEmpty)

        // Link one indicator of each province to a shared measure; Lai Châu reports it too.
        let lkIndicator = try #require(expected.keys.sorted().first)
        let (lcAgency, lcIndicators) = try #require(try await answerers(lc).first)
        let lcIndicator = lcIndicators[0]
        try await t.store.setIndicatorSetting(lkIndicator, IndicatorSetting(measure: "Tỷ lệ hồ sơ trực tuyến"), by: actor)
        try await t.store.setIndicatorSetting(lcIndicator, IndicatorSetting(measure: "tỷ lệ hồ sơ  trực tuyến"), by: actor)
        _ = try await t.store.saveReport(plan: lc, agency: lcAgency, period: may,
                                         input: ReportInput(tasks: [], indicators: [IndicatorValue(indicatorID: lcIndicator, numerator: 1, denominator: 2)],
                                                            difficulties: "", proposals: ""), submit: true, today: day, by: actor)
        let national = try await t.store.nationalRollup(period: may)
        #expect(national.count == 1)
        let byProvince = try #require(national.values.first)
        #expect(byProvince[laoCai.id] == expected[lkIndicator])
        #expect(byProvince[laiChau.id] == RollupCell(reports: 1, values: 0, sum: 0, numerator: 1, denominator: 2))
        #expect(byProvince.values.reduce(.zero, +).reports == 3)
    }
}
