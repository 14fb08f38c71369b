import Foundation
import KeHoachApp
import KeHoachCore
import KeHoachReports
import KeHoachStore
import Testing

/// The consolidated report as a clerk would send it: synthesised (no paragraph twice), short, its documents counted
/// and listed once; and its outline for seed 004's plan with hand-written reports, checked by hand.
@Suite("Synthesis of the consolidated report", .serialized)
struct SynthesisTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/consolidated-laocai-2026Q1.txt")

    /// The body's paragraphs (before the appendices) and the footnotes of an outline.
    static func parts(_ outline: String) -> (body: [String], notes: [String]) {
        let lines = outline.split(separator: "\n").map(String.init)
        let end = lines.firstIndex { $0.hasPrefix("P center bold | PHỤ LỤC") } ?? lines.count
        let text = { (l: String) in l.components(separatedBy: " | ").dropFirst().joined(separator: " | ") }
        let body = lines[..<end].filter { $0.hasPrefix("P ") }.map(text)
        let notes = (lines.firstIndex(of: "FOOTNOTES").map { lines[($0 + 1)...].filter { $0.hasPrefix("P ") }.map(text) } ?? [])
            .map { $0.trimmingCharacters(in: .whitespaces) }
        return (body, notes)
    }

    @Test("the demo province's first plan, quarter III/2026: under 40,000 characters, no paragraph twice, every document counted and listed once")
    func demoProvince() async throws {
        let d = try await ConsistencyTests.demo()
        defer { d.fixture.remove() }
        let plan = try #require(d.plans.sorted { $0.id < $1.id }.first)
        let period = Period("2026Q3")!
        let doc = try await ReportDocuments.consolidated(store: d.fixture.store, plan: plan, period: period, date: CivilDate(iso: "2026-10-10")!)
        let (body, notes) = Self.parts(try DOCX.outline(try DOCX.write(doc, modified: Date(timeIntervalSince1970: 0))))
        let length = body.joined(separator: "\n").count
        #expect(length < 40_000, "body of \(length) characters")
        #expect(length > 5_000)

        // No two paragraphs alike once the agencies' names are taken out (the longest names first).
        let names = d.agencies.map(\.name).sorted { $0.count > $1.count }
        var seen: [String: String] = [:]
        for p in body {
            var key = p
            for n in names { key = key.replacingOccurrences(of: n, with: "…") }
            if let first = seen[key] { Issue.record("twice: «\(first)» and «\(p)»") }
            seen[key] = p
        }

        // Evidence: per group of tasks, the distinct documents the quarter's reports cite, read from the store.
        let tasks = try await d.fixture.store.tasks(of: plan.id, filter: TaskFilter())
        let groupOf = Dictionary(uniqueKeysWithValues: tasks.map { ($0.id, $0.task.group ?? "") })
        let reports = try await d.fixture.store.submittedReports(of: plan.id, through: period.end)
            .filter { $0.summary.period.kind == .month && $0.summary.period.start >= period.start }
        var byGroup: [String: Set<String>] = [:]
        for r in reports {
            for t in r.tasks {
                guard let e = t.evidence, let n = e.number else { continue }
                byGroup[groupOf[t.taskID] ?? "", default: []].insert("\(e.type ?? "")|\(n)|\(e.symbol ?? "")")
            }
        }
        let expected = byGroup.values.map(\.count).filter { $0 > 0 }.sorted()
        #expect(!expected.isEmpty, "the demo's reports cite documents")
        // One footnote per group that cites any, each document once in it; the counts by kind add up to the footnote.
        #expect(notes.map { $0.split(separator: ";").count }.sorted() == expected)
        for note in notes {
            let entries = note.trimmingCharacters(in: CharacterSet(charactersIn: ".")).components(separatedBy: "; ")
            #expect(Set(entries).count == entries.count, "a document twice in «\(note.prefix(200))»")
        }
        let counted = body.filter { $0.hasPrefix("- Văn bản đã ban hành") }.map { line -> Int in
            let words = line.split(separator: ":").last ?? ""
            return words.split(separator: " ").compactMap { Int($0) }.reduce(0, +)
        }
        #expect(counted.sorted() == expected, "\(counted) vs \(expected)")
        // The body carries one mark per footnote.
        #expect(body.joined().components(separatedBy: "[^").count - 1 == notes.count)

        // A year's report (nine months due): its grid of agencies by month fits the landscape page without a word
        // broken letter by letter.
        let year = try await ReportDocuments.consolidated(store: d.fixture.store, plan: plan, period: Period("2026")!, date: CivilDate(iso: "2026-10-10")!)
        for a in doc.appendices + year.appendices {
            for problem in Self.brokenWords(a.table) { Issue.record("\(a.label): \(problem)") }
        }
        #expect(year.appendices.last?.table.header.count == 2 + 9)

        // The appendices keep every indicator and task of the plan.
        let indicators = try await d.fixture.store.indicators(of: plan.id)
        let appendixI = try #require(doc.appendices.first { $0.label == "Phụ lục I" })
        #expect(appendixI.table.rows.filter { !$0[0].isEmpty }.count == indicators.count)
        let appendixII = try #require(doc.appendices.first { $0.label == "Phụ lục II" })
        #expect(appendixII.table.rows.filter { !$0[0].isEmpty }.count == tasks.count)
    }

    /// Words that cannot fit their column of a landscape appendix (728 pt of text, 8 pt of cell margins; Times New
    /// Roman 12 pt: about 6.5 pt a small letter or digit, 8.5 pt a capital, 4 pt a narrow one, bold a tenth more).
    static func brokenWords(_ t: AdministrativeDocument.Table) -> [String] {
        let total = Double(t.widths.reduce(0, +))
        var out: [String] = []
        for (i, w) in t.widths.enumerated() {
            let room = Double(w) / total * 728 - 8
            let cells = [(t.header[i], true)] + t.rows.compactMap { $0.count > i && !($0[0].isEmpty && i > 0) ? ($0[i], false) : nil }
            for (cell, bold) in cells {
                for word in cell.split(separator: " ") {
                    let width = word.reduce(0.0) { $0 + ("Iiljtfr./,:;()".contains($1) ? 4 : $1.isUppercase ? 8.5 : 6.5) } * (bold ? 1.1 : 1)
                    if width > room { out.append("«\(word)» (\(Int(width)) pt) in a column of \(Int(room)) pt: \(t.header[i])") }
                }
            }
        }
        return Array(Set(out)).sorted()
    }

    @Test("seed 004's plan with a handful of hand-written reports: the golden outline, checked by hand")
    func goldenLaoCai() async throws {
        let f = try await WebFixture.make()
        defer { f.remove() }
        let plan = f.laoCaiPlan
        let agencies = try await f.store.agencies(in: f.laoCai)
        func agency(_ name: String) throws -> Agency.ID { try #require(agencies.first { $0.name == name }?.id, "\(name)") }
        let tasks = Dictionary(uniqueKeysWithValues: try await f.store.tasks(of: plan, filter: TaskFilter()).map { ($0.task.code, $0.id) })
        let indicators = Dictionary(uniqueKeysWithValues: try await f.store.indicators(of: plan).map { ($0.indicator.code, $0.id) })
        let d = { (s: String) in CivilDate(iso: s)! }
        let khcn = try agency("Sở Khoa học và Công nghệ"), vhttdl = try agency("Sở Văn hóa, Thể thao và Du lịch")
        let noiVu = try agency("Sở Nội vụ"), gddt = try agency("Sở Giáo dục và Đào tạo"), congAn = try agency("Công an tỉnh")
        try await f.store.saveReports([
            (plan, khcn, Period("2026-03")!, ReportInput(tasks: [
                TaskProgress(taskID: tasks["4"]!, status: .completed, percent: 100, completedOn: d("2026-03-15"),
                             note: "Đã tham mưu UBND tỉnh ban hành Kế hoạch thực hiện Chương trình chuyển đổi số quốc gia",
                             evidence: DocumentReference.parse("Kế hoạch số 85/KH-UBND ngày 15/3/2026")),
                TaskProgress(taskID: tasks["5"]!, status: .inProgress, percent: 50, note: "Đang lấy ý kiến các sở, ngành về dự thảo quy chế",
                             evidence: DocumentReference.parse("Công văn số 412/SKHCN-CĐS ngày 20/3/2026")),
            ], indicators: [IndicatorValue(indicatorID: indicators["I.5"]!, value: 85)], difficulties: "", proposals: ""), d("2026-04-15")),
            (plan, vhttdl, Period("2026-03")!, ReportInput(tasks: [
                TaskProgress(taskID: tasks["1"]!, status: .inProgress, note: "Đã xây dựng 12 tin, bài, phóng sự về chuyển đổi số",
                             evidence: DocumentReference.parse("Công văn số 120/SVHTTDL-TT ngày 10/02/2026")),
            ], indicators: [], difficulties: "Thiếu kinh phí cho hoạt động truyền thông.", proposals: ""), d("2026-04-18")),
            (plan, noiVu, Period("2026-03")!, ReportInput(tasks: [
                TaskProgress(taskID: tasks["7"]!, status: .inProgress, percent: 40, note: "Đang dự thảo Nghị quyết"),
                TaskProgress(taskID: tasks["1"]!, status: .inProgress, note: "Phối hợp cung cấp thông tin, số liệu."),
            ], indicators: [], difficulties: "", proposals: "Đề nghị UBND tỉnh sớm cho ý kiến dự thảo Nghị quyết."), d("2026-04-25")),
            (plan, gddt, Period("2026-03")!, ReportInput(tasks: [
                TaskProgress(taskID: tasks["1"]!, status: .inProgress, note: "Phối hợp cung cấp thông tin, số liệu"),
            ], indicators: [], difficulties: "Thiếu kinh phí cho hoạt động truyền thông", proposals: ""), d("2026-04-20")),
            (plan, congAn, Period("2026-02")!, ReportInput(tasks: [
                TaskProgress(taskID: tasks["3"]!, status: .inProgress, note: "Tổ chức 25 buổi tuyên truyền tại các xã, phường"),
            ], indicators: [IndicatorValue(indicatorID: indicators["I.4"]!, value: 1)], difficulties: "", proposals: ""), d("2026-03-10")),
        ], by: .system)
        let stored = try #require(try await f.store.plan(plan))
        let doc = try await ReportDocuments.consolidated(store: f.store, plan: stored, period: Period("2026Q1")!, date: d("2026-04-28"))
        let outline = try DOCX.outline(try DOCX.write(doc, modified: Date(timeIntervalSince1970: 0)))
        if ProcessInfo.processInfo.environment["KEHOACH_UPDATE_GOLDEN"] == "1" {
            try outline.write(to: Self.golden, atomically: true, encoding: .utf8)
        }
        #expect(outline == (try String(contentsOf: Self.golden, encoding: .utf8)), "regenerate with KEHOACH_UPDATE_GOLDEN=1 and review the diff by hand")
        // What a reader checks first.
        #expect(outline.contains("Thực hiện Kế hoạch ngày 31/12/2025 của UBND tỉnh Lào Cai về chuyển đổi số tỉnh Lào Cai năm 2026"))
        #expect(outline.contains("- Thiếu kinh phí cho hoạt động truyền thông (2 cơ quan, đơn vị: Sở Giáo dục và Đào tạo và Sở Văn hóa, Thể thao và Du lịch)."))
        #expect(outline.contains("Kế hoạch số 85/KH-UBND ngày 15/03/2026 (Sở Khoa học và Công nghệ)"))
    }
}
