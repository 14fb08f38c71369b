import Foundation
import KeHoachCore
import KeHoachImport
@_spi(Testing) import KeHoachStore
import Testing

@Suite("Moving a province from SQLite to PostgreSQL", .enabled(if: ThrowawayDatabase.postgresServer != nil, "needs KEHOACH_TEST_POSTGRES"))
struct MigrationTests {
    @Test("every row arrives (equal full exports), the data reads the same through the store, new rows get new ids, a non-empty target is refused")
    func sqliteToPostgres() async throws {
        let directory = try TemporaryStore.makeDirectory("kehoach-migrate")
        defer { try? FileManager.default.removeItem(at: directory) }
        let sqlite = try SQLStore(path: directory.appendingPathComponent("province.sqlite").path)
        try await sqlite.seedDirectory()
        let data = try Data(contentsOf: TemporaryStore.seeds.appendingPathComponent("004_f910a4e251fe8a8a.txt"))
        let laoCai = try #require(try await sqlite.provinces().first { $0.name == "Lào Cai" })
        let plan = try await sqlite.loadPlan(try PlanImporter.importPlan(data: data, fileName: "004.txt"), source: data, into: laoCai.id,
                                             replacing: nil, by: .system).planID
        let skhcn = try #require(try await sqlite.agencies(in: laoCai.id).first { $0.name == "Sở Khoa học và Công nghệ" })
        let task = try #require(try await sqlite.tasks(of: plan, filter: TaskFilter(agencyID: skhcn.id)).first)
        let day = CivilDate(year: 2026, month: 5, day: 18)!
        // Text with the characters an export must keep: marks, a tab, a newline, a quote, a backslash.
        let input = ReportInput(tasks: [TaskProgress(taskID: task.id, status: .inProgress, percent: 40, note: "Đã xây dựng dự thảo\tlần 2\n\"mới\" \\ xong")],
                                indicators: [], difficulties: "Thiếu nhân lực", proposals: "")
        let report = try await sqlite.saveReport(plan: plan, agency: skhcn.id, period: Period("2026-05")!, input: input, submit: true, today: day,
                                                 by: Actor(userID: nil, username: "canbo"))
        _ = try await sqlite.addAttachment(report: report.id, task: task.id, sha256: String(repeating: "a", count: 64), name: "biên bản.pdf",
                                           mediaType: "application/pdf", size: 12, by: Actor(userID: nil, username: "canbo"))
        try await sqlite.setScoreWeights(ScoreWeights(tasks: 40, reports: 40, indicators: 20, lateCredit: 0.25), of: laoCai.id, by: .system)

        let pg = try await SQLStore.open(try await ThrowawayDatabase.create(on: #require(ThrowawayDatabase.postgresServer)))
        let copied = try await sqlite.copy(into: pg)
        let exported = try await sqlite.export()
        #expect(copied > 1_000)
        #expect(try await pg.export() == exported)
        #expect(exported.contains("# report_task 1\n") && exported.contains("# attachment 1\n"))

        // What users see is the same on both.
        #expect(try await pg.plans(in: nil) == (try await sqlite.plans(in: nil)))
        #expect(try await pg.tasks(of: plan, filter: TaskFilter()) == (try await sqlite.tasks(of: plan, filter: TaskFilter())))
        #expect(try await pg.report(report.id) == (try await sqlite.report(report.id)))
        #expect(try await pg.audit(limit: 1_000, offset: 0, province: nil) == (try await sqlite.audit(limit: 1_000, offset: 0, province: nil)))
        #expect(try await pg.scoreWeights(of: laoCai.id) == (try await sqlite.scoreWeights(of: laoCai.id)))

        // New rows on PostgreSQL continue after the copied ids.
        let next = try await pg.saveReport(plan: plan, agency: skhcn.id, period: Period("2026-06")!, input: input, submit: false, today: day,
                                           by: Actor(userID: nil, username: "canbo"))
        #expect(next.id.rawValue > report.id.rawValue)

        // A target that already holds data is refused, and left as it was.
        let before = try await pg.export()
        await #expect(throws: StoreError.self) { _ = try await sqlite.copy(into: pg) }
        #expect(try await pg.export() == before)
    }
}

@Suite("Upgrading a province's SQLite file")
struct UpgradeTests {
    @Test("migration 009 fills the indicator numbers from the reports an older release stored; returned reports do not count")
    func factsBackfilled() async throws {
        let directory = try TemporaryStore.makeDirectory("kehoach-upgrade")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("old.sqlite").path
        var old: SQLStore? = try SQLStore.sqlite(path: path, migratedThrough: "008 data version shards")
        try await old!.seedDirectory()
        let data = try Data(contentsOf: TemporaryStore.seeds.appendingPathComponent("004_f910a4e251fe8a8a.txt"))
        let laoCai = try #require(try await old!.provinces().first { $0.name == "Lào Cai" })
        // Today's loader writes a column of migration 011 and reads a table and a column of migration 014: lent to the
        // old file for the load, then taken away again, so that the file is what the older release left.
        try await old!.executeForTesting("ALTER TABLE plan ADD COLUMN reporting_due_dates TEXT")
        try await old!.executeForTesting("CREATE TABLE outside_name (id INTEGER PRIMARY KEY, province_id INTEGER, name TEXT, match_key TEXT)")
        try await old!.executeForTesting("ALTER TABLE agency ADD COLUMN code TEXT")
        let plan = try await old!.loadPlan(try PlanImporter.importPlan(data: data, fileName: "004.txt"), source: data, into: laoCai.id,
                                           replacing: nil, by: .system).planID
        let indicator = try #require(try await old!.indicators(of: plan).first)
        let agencies = try await old!.agencies(in: laoCai.id).prefix(2).map(\.id.rawValue)
        try await old!.executeForTesting("ALTER TABLE plan DROP COLUMN reporting_due_dates")
        try await old!.executeForTesting("DROP TABLE outside_name")
        try await old!.executeForTesting("ALTER TABLE agency DROP COLUMN code")
        // What the older release wrote: two reports of May with a value each, one of them returned.
        for (n, (agency, status)) in zip(agencies, ["submitted", "returned"]).enumerated() {
            try await old!.executeForTesting("""
                INSERT INTO report (id, plan_id, agency_id, period, status, updated_at) VALUES (\(900 + n), \(plan), \(agency), '2026-05', '\(status)', 'x')
                """)
            try await old!.executeForTesting("""
                INSERT INTO report_indicator (report_id, indicator_id, body) VALUES (\(900 + n), \(indicator.id),
                '{"indicatorID":\(indicator.id),"value":\(40 + n),"numerator":3,"denominator":4,"note":""}')
                """)
        }
        await old!.close()
        old = nil
        let upgraded = try SQLStore(path: path)
        let rollup = try await upgraded.provinceRollup(laoCai.id, period: Period("2026-05")!)
        #expect(rollup == [indicator.id: RollupCell(reports: 1, values: 1, sum: 40, numerator: 3, denominator: 4)])
        #expect(try await upgraded.export().contains("# indicator_fact 2\n"))
    }
}
