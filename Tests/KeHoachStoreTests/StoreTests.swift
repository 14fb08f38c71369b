import Foundation
import KeHoachCore
import KeHoachImport
@_spi(Testing) import KeHoachStore
import KeHoachTestSupport
import Testing

/// A store on a throwaway database (an SQLite file in a temporary directory, or a new PostgreSQL database when
/// KEHOACH_TEST_POSTGRES is set: the same tests are the conformance suite of both backends).
struct TemporaryStore {
    let directory: URL
    let store: SQLStore

    init() async throws {
        directory = try Self.makeDirectory()
        store = try await ThrowawayDatabase.open(in: directory)
    }

    /// A new empty temporary directory (the caller removes it).
    static func makeDirectory(_ prefix: String = "kehoach-test") throws -> URL {
        try TestPaths.temporaryDirectory(prefix)
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    static let seeds = TestPaths.seeds

    func load(_ seed: String, province: String, replacing: StoredPlan.ID? = nil, document: PlanDocument? = nil) async throws -> LoadResult {
        let data = try Data(contentsOf: Self.seeds.appendingPathComponent(seed + ".txt"))
        let doc = try document ?? PlanImporter.importPlan(data: data, fileName: seed + ".txt")
        let p = try #require(try await store.provinces().first { $0.name == province })
        return try await store.loadPlan(doc, source: data, into: p.id, replacing: replacing, by: Actor(userID: nil, username: "tester"))
    }
}

@Suite("SQLite store")
struct StoreTests {
    @Test("the shipped directories: Lai Châu's 20 bodies and 38 communes and wards, Lào Cai's bodies, 2025 successions")
    func directory() async throws {
        let t = try await TemporaryStore(); defer { t.remove() }
        #expect(try await t.store.seedDirectory())
        #expect(try await !t.store.seedDirectory()) // idempotent
        let provinces = try await t.store.provinces()
        #expect(provinces.map(\.name).sorted() == ["Lai Châu", "Lào Cai"])
        let laiChau = try #require(provinces.first { $0.name == "Lai Châu" })
        let agencies = try await t.store.agencies(in: laiChau.id)
        #expect(agencies.filter { $0.kind == .commune }.count == 38)
        #expect(agencies.filter { $0.kind == .commune && $0.isPlaceholder }.count == 36)
        for name in ["Sở Khoa học và Công nghệ", "Ban Quản lý Khu kinh tế tỉnh", "Thanh tra tỉnh", "Trường Chính trị tỉnh", "Công an tỉnh"] {
            #expect(agencies.contains { $0.name == name }, "\(name)")
        }
        let successions = try await t.store.successions(in: laiChau.id)
        let byID = Dictionary(uniqueKeysWithValues: agencies.map { ($0.id, $0.name) })
        let pairs = Set(successions.map { "\(byID[$0.predecessor]!) → \(byID[$0.successor]!)" })
        #expect(pairs.contains("Sở Thông tin và Truyền thông → Sở Khoa học và Công nghệ"))
        #expect(pairs.contains("Sở Kế hoạch và Đầu tư → Sở Tài chính"))
        #expect(pairs.contains("Sở Tài nguyên và Môi trường → Sở Nông nghiệp và Môi trường"))
    }

    @Test("loading a plan resolves names: exact, alias, folded key, succession, groups; the rest is listed")
    func resolution() async throws {
        let t = try await TemporaryStore(); defer { t.remove() }
        try await t.store.seedDirectory()
        let result = try await t.load("001_5cdbf573dddbf3a5", province: "Lai Châu")
        #expect(result.created)
        let tasks = try await t.store.tasks(of: result.planID, filter: TaskFilter())
        #expect(tasks.count == 75)
        // I.1: led by Sở Thông tin và Truyền thông, which became Sở Khoa học và Công nghệ; the text is kept.
        let first = try #require(tasks.first { $0.task.code == "I.1" })
        #expect(first.lead.map(\.text) == ["Sở Thông tin và Truyền thông"])
        #expect(first.lead.map(\.agencyName) == ["Sở Khoa học và Công nghệ"])
        #expect(first.lead.first?.predecessorName == "Sở Thông tin và Truyền thông")
        // UBND các huyện, thành phố: district level abolished; the tasks go to the 38 communes.
        let second = try #require(tasks.first { $0.task.code == "I.2" })
        let communes = try #require(second.lead.first { $0.text == "UBND các huyện, thành phố" })
        #expect(communes.resolution == .group && communes.memberCount == 38)
        let laiChauID = try #require(try await t.store.provinces().first { $0.name == "Lai Châu" }).id
        let aCommune = try #require(try await t.store.agencies(in: laiChauID).first { $0.kind == .commune })
        #expect(try await t.store.tasks(ofAgency: aCommune.id).contains { $0.task.code == "I.2" })
        // Sở, ban, ngành group expands to the departments.
        #expect((second.lead.first { $0.text == "Các sở, ban, ngành" }?.memberCount ?? 0) >= 20)
        // Sở Y Tế spelled otherwise still resolves; Cục thuế with another case too.
        let unresolved = try await t.store.unresolvedNames(in: try #require(try await t.store.provinces().first { $0.name == "Lai Châu" }).id)
        #expect(!unresolved.contains("Sở Thông tin và Truyền thông"))
        #expect(!unresolved.contains("Cục thuế tỉnh Lai Châu"))
        #expect(result.unresolved == unresolved)
        // The agency page: tasks of Sở Khoa học và Công nghệ include its predecessor's.
        let skhcn = try #require(try await t.store.searchAgencies("so khoa hoc", in: nil).first { $0.name == "Sở Khoa học và Công nghệ" })
        let own = try await t.store.tasks(ofAgency: skhcn.id)
        #expect(own.contains { $0.task.code == "I.1" })
    }

    @Test("mapping an unresolved name once makes it an alias and resolves every reference")
    func mapping() async throws {
        let t = try await TemporaryStore(); defer { t.remove() }
        try await t.store.seedDirectory()
        let laiChau = try #require(try await t.store.provinces().first { $0.name == "Lai Châu" })
        let data = try Data(contentsOf: TemporaryStore.seeds.appendingPathComponent("000_45a635856f7047b1.txt"))
        var doc = try PlanImporter.importPlan(data: data, fileName: "000.txt")
        let name = "Trung tâm Phục vụ hành chính công tỉnh"
        doc.tasks[0].partnerAgencies.append(name)
        doc.tasks[1].leadAgencies.append(name)
        _ = try await t.load("000_45a635856f7047b1", province: "Lai Châu", document: doc)
        let before = try await t.store.unresolvedNames(in: laiChau.id)
        #expect(before.contains(name))
        let target = try #require(try await t.store.agencies(in: laiChau.id).first { $0.name == "Văn phòng UBND tỉnh" })
        try await t.store.addAlias(name, to: target.id, by: .system)
        let after = try await t.store.unresolvedNames(in: laiChau.id)
        #expect(!after.contains(name))
        #expect(after.count == before.count - 1)
        #expect(try await t.store.agency(target.id)?.aliases.contains(name) == true)
        let audit = try await t.store.audit(limit: 5, offset: 0)
        #expect(audit.first?.action == "agency.alias.add")
        let tasks = try await t.store.tasks(ofAgency: target.id)
        #expect(tasks.contains { $0.task.code == "III.2" && $0.lead.contains { $0.text == name && $0.resolution == .manual } })
    }

    @Test("re-importing a corrected plan updates it in place, matched by code, and records what changed")
    func reimport() async throws {
        let t = try await TemporaryStore(); defer { t.remove() }
        try await t.store.seedDirectory()
        let first = try await t.load("004_f910a4e251fe8a8a", province: "Lào Cai")
        let data = try Data(contentsOf: TemporaryStore.seeds.appendingPathComponent("004_f910a4e251fe8a8a.txt"))
        var doc = try PlanImporter.importPlan(data: data, fileName: "004_f910a4e251fe8a8a.txt")
        doc.tasks[0].name += " (sửa)"
        doc.tasks.removeLast()
        doc.tasks.append(PlanTask(code: "94", group: "Xã hội số", name: "Nhiệm vụ bổ sung", leadAgencies: ["Sở Y tế"], partnerAgencies: [],
                                  product: nil, deadline: DeadlineParser.parse("Quý IV/2026")))
        let second = try await t.load("004_f910a4e251fe8a8a", province: "Lào Cai", replacing: first.planID, document: doc)
        #expect(!second.created)
        #expect(second.planID == first.planID)
        #expect(second.changed == ["nhiệm vụ 1"])
        #expect(second.added == ["nhiệm vụ 94"])
        #expect(second.removed == ["nhiệm vụ 93"])
        #expect(try await t.store.plans(in: nil).count == 1)
        let tasks = try await t.store.tasks(of: first.planID, filter: TaskFilter())
        #expect(tasks.count == 92)
        #expect(tasks.first?.task.name.hasSuffix("(sửa)") == true)
        let audit = try await t.store.audit(limit: 10, offset: 0)
        #expect(audit.contains { $0.action == "plan.reimport" && $0.after?.includes("nhiệm vụ 94") == true })
    }

    @Test("filters of a plan's tasks: agency, group, deadline kind, accent-insensitive search (overdue is the evaluated status: filtered by the web layer)")
    func filters() async throws {
        let t = try await TemporaryStore(); defer { t.remove() }
        try await t.store.seedDirectory()
        let r = try await t.load("004_f910a4e251fe8a8a", province: "Lào Cai")
        let ongoing = try await t.store.tasks(of: r.planID, filter: TaskFilter(deadlineKind: .ongoing))
        #expect(ongoing.count == 15)
        let search = try await t.store.tasks(of: r.planID, filter: TaskFilter(search: "cong du lieu mo"))
        #expect(search.contains { $0.task.code == "32" })
        let group = try await t.store.tasks(of: r.planID, filter: TaskFilter(group: "Nhận thức số"))
        #expect(group.map(\.task.code) == ["1", "2", "3"])
        let laoCai = try #require(try await t.store.provinces().first { $0.name == "Lào Cai" })
        let police = try #require(try await t.store.searchAgencies("cong an", in: laoCai.id).first)
        let policeTasks = try await t.store.tasks(of: r.planID, filter: TaskFilter(agencyID: police.id))
        #expect(police.name == "Công an tỉnh")
        #expect(policeTasks.contains { $0.task.code == "3" }, "\(policeTasks.map(\.task.code)) \(police)")
        // Every hit has both words at the start of a word of what is searched (code, name, product, agencies).
        let hits = try await t.store.searchTasks("dien tu", in: nil)
        #expect(!hits.isEmpty)
        #expect(hits.allSatisfy { hit in
            let words = TextFolding.searchKey([hit.task.code, hit.task.name, hit.task.product ?? "", hit.task.leadAgencies.joined(separator: " "),
                                               hit.task.partnerAgencies.joined(separator: " ")].joined(separator: " ")).split(separator: " ")
            return words.contains { $0.hasPrefix("dien") } && words.contains { $0.hasPrefix("tu") }
        })
    }

    @Test("the audit log is append-only")
    func auditAppendOnly() async throws {
        let t = try await TemporaryStore(); defer { t.remove() }
        try await t.store.seedDirectory()
        await #expect(throws: (any Error).self) { try await t.store.executeForTesting("UPDATE audit SET action = 'x'") }
        await #expect(throws: (any Error).self) { try await t.store.executeForTesting("DELETE FROM audit") }
        #expect(try await t.store.audit(limit: 10, offset: 0).count == 2)
    }

    @Test("a backup restores to the same data", .enabled(if: ThrowawayDatabase.postgresServer == nil, "SQLite files only (PostgreSQL: pg_dump)"))
    func backupRestore() async throws {
        let t = try await TemporaryStore(); defer { t.remove() }
        try await t.store.seedDirectory()
        let r = try await t.load("000_45a635856f7047b1", province: "Lai Châu")
        let backup = t.directory.appendingPathComponent("backup.sqlite").path
        try t.store.backup(to: backup)
        #expect(throws: StoreError.self) { try t.store.backup(to: backup) } // never overwrites
        let restoredPath = t.directory.appendingPathComponent("restored.sqlite").path
        try SQLStore.restore(backup: backup, to: restoredPath)
        let restored = try SQLStore(path: restoredPath)
        #expect(try await restored.plans(in: nil) == (try await t.store.plans(in: nil)))
        #expect(try await restored.tasks(of: r.planID, filter: TaskFilter()) == (try await t.store.tasks(of: r.planID, filter: TaskFilter())))
        #expect(try await restored.audit(limit: 100, offset: 0) == (try await t.store.audit(limit: 100, offset: 0)))
    }
}

@Suite("The central directory")
struct GovernmentDirectoryTests {
    @Test("a Government plan (its reporting dates kept): its agencies resolve against the ministries after the 2025 reorganisation: older ministries to their successors, VTV by its short name")
    func government() async throws {
        let t = try await TemporaryStore(); defer { t.remove() }
        try await t.store.seedDirectory()
        try await t.store.addDirectory(.government)
        let centre = try #require(try await t.store.provinces().first { $0.name == "Trung ương" })
        #expect(try await t.store.agencies(in: centre.id).filter { $0.name.hasPrefix("Bộ ") }.count == 14 + 6) // and Ủy ban Dân tộc
        // Corpus 01 (Decision 2597/QĐ-TTg): its leads name ministries and groups of ministries.
        let url = TemporaryStore.seeds.deletingLastPathComponent().appendingPathComponent("corpus/real/01-ttg-2597-de-an-cds-ket-cau-ha-tang.md")
        let data = try Data(contentsOf: url)
        var doc = try PlanImporter.importPlan(data: data, fileName: url.lastPathComponent)
        // An older plan's wording of two of its tasks: the ministries before 2025, an abbreviation, a group of short names.
        doc.tasks[0].leadAgencies = ["Bộ Thông tin và Truyền thông"]
        doc.tasks[1].leadAgencies = AgencyNames.split("Bộ KH&ĐT Bộ Giao thông vận tải")
        doc.tasks[1].partnerAgencies = AgencyNames.split("VTV, VOV, TTXVN")
        // A reporting rule with its dates written out is kept as written.
        doc.plan.reporting = ReportingRule(cadence: .halfYearly, dueDay: nil, dueDates: [MonthDay(month: 6, day: 1)!, MonthDay(month: 11, day: 15)!],
                                           text: "trước ngày 01/6 và 15/11 hằng năm")
        let r = try await t.store.loadPlan(doc, source: data, into: centre.id, replacing: nil, by: Actor(userID: nil, username: "tester"))
        #expect(try await t.store.plan(r.planID)?.info.reporting == doc.plan.reporting)
        let tasks = try await t.store.tasks(of: r.planID, filter: TaskFilter())
        let leads = tasks.flatMap(\.lead)
        let mic = try #require(leads.first { $0.text == "Bộ Thông tin và Truyền thông" })
        #expect(mic.agencyName == "Bộ Khoa học và Công nghệ" && mic.predecessorName == "Bộ Thông tin và Truyền thông")
        #expect(leads.contains { $0.text == "Bộ KH&ĐT" && $0.agencyName == "Bộ Tài chính" })
        #expect(leads.contains { $0.text == "Bộ Giao thông vận tải" && $0.agencyName == "Bộ Xây dựng" })
        #expect(tasks.flatMap(\.partners).filter { ["Đài Truyền hình Việt Nam", "Đài Tiếng nói Việt Nam", "Thông tấn xã Việt Nam"].contains($0.agencyName ?? "") }.count == 3)
        let unresolvedMinistries = try await t.store.unresolvedNames(Array(Set(leads.map(\.text))), in: centre.id).filter { $0.hasPrefix("Bộ ") }
        #expect(unresolvedMinistries.isEmpty, "\(unresolvedMinistries)")
        #expect(try await t.store.unresolvedNames(["VTV", "Đài Tiếng nói Việt Nam", "Bộ Không Có"], in: centre.id) == ["Bộ Không Có"])
    }
}

@Suite("Successions recorded by the coordinator")
struct SuccessionTests {
    @Test("a new succession passes the predecessor's tasks to the successor, keeps the words, and is refused when wrong")
    func succession() async throws {
        let t = try await TemporaryStore(); defer { t.remove() }
        try await t.store.seedDirectory()
        let r = try await t.load("001_5cdbf573dddbf3a5", province: "Lai Châu")
        let laiChau = try #require(try await t.store.provinces().first { $0.name == "Lai Châu" })
        let agencies = try await t.store.agencies(in: laiChau.id)
        let foreign = try #require(agencies.first { $0.name == "Sở Ngoại vụ" })
        let interior = try #require(agencies.first { $0.name == "Sở Nội vụ" })
        #expect(try await t.store.tasks(ofAgency: foreign.id).contains { $0.task.code == "VII.1" })
        let date = CivilDate(year: 2026, month: 3, day: 1)!
        try await t.store.addSuccession(Succession(predecessor: foreign.id, successor: interior.id, effectiveOn: date, decision: "Quyết định số 1/QĐ-UBND"), by: .system)
        let moved = try await t.store.tasks(ofAgency: interior.id)
        let task = try #require(moved.first { $0.task.code == "VII.1" })
        #expect(task.lead.first?.text == "Sở Ngoại vụ" && task.lead.first?.agencyName == "Sở Nội vụ" && task.lead.first?.predecessorName == "Sở Ngoại vụ")
        #expect(try await t.store.tasks(ofAgency: foreign.id).isEmpty)
        #expect(try await t.store.agency(foreign.id)?.dissolvedOn == date)
        // A second successor, a successor that is dissolved itself, or itself: refused.
        await #expect(throws: StoreError.self) { try await t.store.addSuccession(Succession(predecessor: foreign.id, successor: interior.id, effectiveOn: date, decision: "x"), by: .system) }
        await #expect(throws: StoreError.self) { try await t.store.addSuccession(Succession(predecessor: interior.id, successor: foreign.id, effectiveOn: date, decision: "x"), by: .system) }
        await #expect(throws: StoreError.self) { try await t.store.addSuccession(Succession(predecessor: interior.id, successor: interior.id, effectiveOn: date, decision: "x"), by: .system) }
        _ = r
    }
}

@Suite("Reports in the store")
struct ReportStoreTests {
    @Test("draft → submitted → returned → resubmitted → accepted → reopened; each step in the events and the audit log")
    func workflow() async throws {
        let t = try await TemporaryStore(); defer { t.remove() }
        try await t.store.seedDirectory()
        let r = try await t.load("004_f910a4e251fe8a8a", province: "Lào Cai")
        let laoCai = try #require(try await t.store.provinces().first { $0.name == "Lào Cai" })
        let skhcn = try #require(try await t.store.agencies(in: laoCai.id).first { $0.name == "Sở Khoa học và Công nghệ" })
        let own = try await t.store.tasks(of: r.planID, filter: TaskFilter(agencyID: skhcn.id))
        let other = try #require(try await t.store.tasks(of: r.planID, filter: TaskFilter()).first { task in !own.contains { $0.id == task.id } })
        let period = try #require(Period("2026-05"))
        let day = CivilDate(year: 2026, month: 5, day: 18)!
        let actor = Actor(userID: nil, username: "canbo")
        let input = ReportInput(tasks: [TaskProgress(taskID: own[0].id, status: .inProgress, percent: 40, note: "Đã xây dựng dự thảo"),
                                        TaskProgress(taskID: other.id, status: .completed, completedOn: day)],
                                indicators: [], difficulties: "Thiếu nhân lực", proposals: "Bổ sung biên chế")
        let draft = try await t.store.saveReport(plan: r.planID, agency: skhcn.id, period: period, input: input, submit: false, today: day, by: actor)
        #expect(draft.status == .draft && draft.firstSubmittedOn == nil)
        #expect(draft.tasks.map(\.taskID) == [own[0].id]) // another agency's task is not kept
        let submitted = try await t.store.saveReport(plan: r.planID, agency: skhcn.id, period: period, input: input, submit: true, today: day, by: actor)
        #expect(submitted.status == .submitted && submitted.firstSubmittedOn == day && submitted.id == draft.id)
        await #expect(throws: StoreError.self) {
            _ = try await t.store.saveReport(plan: r.planID, agency: skhcn.id, period: period, input: input, submit: false, today: day, by: actor)
        }
        await #expect(throws: StoreError.self) { try await t.store.returnReport(submitted.id, comment: "  ", by: .system) }
        try await t.store.returnReport(submitted.id, comment: "Bổ sung căn cứ", by: Actor(userID: nil, username: "dieuphoi"))
        #expect(try await t.store.report(submitted.id)?.returnComment == "Bổ sung căn cứ")
        let later = CivilDate(year: 2026, month: 5, day: 25)!
        let again = try await t.store.saveReport(plan: r.planID, agency: skhcn.id, period: period, input: input, submit: true, today: later, by: actor)
        #expect(again.firstSubmittedOn == day) // timeliness counts from the first submission
        try await t.store.acceptReport(again.id, by: .system)
        await #expect(throws: StoreError.self) { try await t.store.acceptReport(again.id, by: .system) }
        try await t.store.reopenReport(again.id, by: .system)
        #expect(try await t.store.report(again.id)?.status == .returned)
        let actions = try await t.store.events(of: again.id).map(\.action)
        #expect(actions == ["save", "submit", "return", "submit", "accept", "reopen"])
        let audit = try await t.store.audit(limit: 20, offset: 0).map(\.action)
        #expect(audit.contains("report.submit") && audit.contains("report.return") && audit.contains("report.accept") && audit.contains("report.reopen"))
        let summaries = try await t.store.reports(of: r.planID)
        #expect(summaries.count == 1 && summaries[0].period == period)
    }
}

@Suite("Reports under load")
struct ReportConcurrencyTests {
    @Test("200 reports submitted at once: every one is stored whole, with its audit entry")
    func concurrent() async throws {
        let t = try await TemporaryStore(); defer { t.remove() }
        try await t.store.seedDirectory()
        let r = try await t.load("001_5cdbf573dddbf3a5", province: "Lai Châu")
        let laiChau = try #require(try await t.store.provinces().first { $0.name == "Lai Châu" })
        let agencies = try await t.store.reportingAgencies(of: r.planID).filter { $0.provinceID == laiChau.id && $0.dissolvedOn == nil }
        #expect(agencies.count >= 40)
        var jobs: [(Agency.ID, Period, [StoredTask])] = []
        for agency in agencies.prefix(40) {
            let tasks = try await t.store.tasks(of: r.planID, filter: TaskFilter(agencyID: agency.id))
            for year in 2026...2030 { jobs.append((agency.id, Period(kind: .year, year: year, index: 1)!, tasks)) }
        }
        #expect(jobs.count == 200)
        let day = CivilDate(year: 2026, month: 6, day: 1)!
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (agency, period, tasks) in jobs {
                group.addTask {
                    let input = ReportInput(tasks: tasks.prefix(20).map { TaskProgress(taskID: $0.id, status: .inProgress, percent: 50, note: "Kỳ \(period)") },
                                            indicators: [], difficulties: "Khó khăn \(agency) \(period)", proposals: "")
                    _ = try await t.store.saveReport(plan: r.planID, agency: agency, period: period, input: input, submit: true, today: day,
                                                     by: Actor(userID: nil, username: "agency-\(agency)"))
                }
            }
            try await group.waitForAll()
        }
        let summaries = try await t.store.reports(of: r.planID)
        #expect(summaries.count == 200 && summaries.allSatisfy { $0.status == .submitted })
        for (agency, period, tasks) in jobs.shuffled().prefix(25) {
            let report = try #require(try await t.store.report(plan: r.planID, agency: agency, period: period))
            #expect(report.difficulties == "Khó khăn \(agency) \(period)")
            #expect(report.tasks.count == min(20, tasks.count) && report.tasks.allSatisfy { $0.note == "Kỳ \(period)" })
        }
        let submits = try await t.store.audit(limit: 1_000, offset: 0).filter { $0.action == "report.submit" }
        #expect(submits.count == 200)
    }
}
