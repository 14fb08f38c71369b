import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KeHoachCore
import KeHoachStore
import KeHoachWeb
import NIOCore
import Testing

@Suite("Reporting over HTTP", .serialized)
struct ReportingWorkflowTests {
    /// Every task of the form, with a status (a submission needs one for each).
    static func taskIDs(_ html: String) -> [String] {
        let re = try! NSRegularExpression(pattern: #"name="task\.(\d+)\.status""#)
        let ns = html as NSString
        return re.matches(in: html, range: NSRange(location: 0, length: ns.length)).map { ns.substring(with: $0.range(at: 1)) }
    }

    /// The smallest submission: every task of the form in progress.
    static func allInProgress(_ form: String) -> [String: String] {
        var fields = ["action": "submit"]
        for id in taskIDs(form) { fields["task.\(id).status"] = "in-progress" }
        return fields
    }

    @Test("Lào Cai, monthly by the 20th: draft, a refused value, submit, return with a comment, fix, resubmit, accept; the matrix says on time")
    func monthly() async throws {
        let clock = TestClock(2026, 5, 18)
        let f = try await WebFixture.make(clock: clock)
        defer { f.remove() }
        try await f.test { client in
            var reporter = Browser(client)
            _ = try await reporter.signIn("reporterlaocai")
            let list = String(buffer: try await reporter.get("/reports").body)
            #expect(list.contains("tháng 5/2026") && list.contains("hạn 20/05/2026"), "\(list.suffix(800))")
            let uri = "/reports/\(f.laoCaiPlan)/2026-05"
            let form = String(buffer: try await reporter.get(uri).body)
            let tasks = Self.taskIDs(form)
            #expect(tasks.count > 20)
            #expect(form.contains("Chưa lập"))
            // A draft with one task.
            #expect(try await reporter.post(uri, form: ["action": "save", "task.\(tasks[0]).status": "in-progress", "task.\(tasks[0]).percent": "40",
                                                       "task.\(tasks[0]).note": "Đã có dự thảo", "difficulties": "Thiếu nhân lực"]).status == .seeOther)
            let draft = String(buffer: try await reporter.get(uri).body)
            #expect(draft.contains("Bản nháp") && draft.contains("value=\"40\"") && draft.contains("Thiếu nhân lực"))
            // A submission with a percentage above 100 is refused beside the field; nothing changes.
            var fields: [String: String] = ["action": "submit", "proposals": "Bổ sung kinh phí"]
            for id in tasks { fields["task.\(id).status"] = "in-progress"; fields["task.\(id).percent"] = "50" }
            fields["task.\(tasks[1]).percent"] = "140"
            fields["task.\(tasks[2]).status"] = "completed"
            fields["task.\(tasks[2]).completedOn"] = "2026-05-10"
            fields["task.\(tasks[2]).evidence"] = "Quyết định số 933/QĐ-UBND ngày 05/6/2025"
            fields["task.\(tasks[2]).percent"] = "100"
            let refused = try await reporter.post(uri, form: fields)
            #expect(refused.status == .unprocessableContent)
            #expect(String(buffer: refused.body).contains("Tỷ lệ hoàn thành phải từ 0 đến 100."))
            #expect(try await f.store.report(plan: f.laoCaiPlan, agency: try #require(try await f.store.user(named: "reporterlaocai")?.0.agencyID), period: Period("2026-05")!)?.status == .draft)
            fields["task.\(tasks[1]).percent"] = "60,5"
            let sent = try await reporter.post(uri, form: fields)
            #expect(sent.status == .seeOther)
            // The page it leads back to says what happened.
            #expect(String(buffer: try await reporter.get(try #require(sent.headers[.location])).body).contains("Đã gửi báo cáo. Cơ quan tổng hợp"))
            let submitted = String(buffer: try await reporter.get(uri).body)
            #expect(submitted.contains("Đã gửi") && submitted.contains("đúng hạn"))
            #expect(submitted.contains("Quyết định · số 933 · QĐ-UBND · ngày 05/06/2025"))
            // Submitted, it reads as a document: no field to change, the answers in full, the agency's role named.
            #expect(!submitted.contains("name=\"task.") && submitted.contains("I. Kết quả thực hiện nhiệm vụ") && submitted.contains("Chủ trì"))
            #expect(submitted.contains("Bổ sung kinh phí"))
            #expect(!submitted.contains(">nil") && !submitted.contains("nil<") && !submitted.contains(": nil") && !submitted.contains("Optional("),
                    "\(submitted.components(separatedBy: "\n").filter { $0.contains("nil") }.prefix(3))")

            // The coordinator returns it with a comment.
            var coordinator = Browser(client)
            _ = try await coordinator.signIn("coordinatorlaocai")
            let agency = try #require(try await f.store.user(named: "reporterlaocai")?.0.agencyID)
            let matrix = String(buffer: try await coordinator.get("/plans/\(f.laoCaiPlan)/matrix").body)
            #expect(matrix.contains("tháng 5/2026") && matrix.contains("đúng hạn"))
            #expect(matrix.contains("Chưa nộp kỳ tháng 5/2026"))
            // The table first, the forms folded below it; a cell without a report still opens that agency's form.
            let table = try #require(matrix.range(of: "<table class=\"matrix\">")), adhocForm = try #require(matrix.range(of: "action=\"/plans/\(f.laoCaiPlan)/adhoc\""))
            #expect(table.lowerBound < adhocForm.lowerBound)
            #expect(matrix.contains("<td class=\"pending\"><a href=\"/reports/\(f.laoCaiPlan)/2026-05?agency="))
            let view = String(buffer: try await coordinator.get(uri + "?agency=\(agency)").body)
            let reportID = try #require(view.range(of: #"/reviews/(\d+)/return"#, options: .regularExpression).map { String(view[$0].dropFirst(9).dropLast(7)) })
            #expect(try await coordinator.post("/reviews/\(reportID)/return", form: ["comment": "Bổ sung văn bản chứng minh cho nhiệm vụ đã xong"]).status == .seeOther)

            // The reporter sees the comment, fixes and resubmits a week later (still on time: first submission counts).
            clock.set(2026, 5, 25)
            // Sessions last 8 hours: a week later both sign in again.
            #expect((try await reporter.get(uri).headers[.location] ?? "").hasPrefix("/signin?next="))
            _ = try await reporter.signIn("reporterlaocai")
            _ = try await coordinator.signIn("coordinatorlaocai")
            let returned = String(buffer: try await reporter.get(uri).body)
            #expect(returned.contains("Bổ sung văn bản chứng minh") && returned.contains("Trả lại để sửa"))
            fields["task.\(tasks[0]).note"] = "Đã ban hành"
            #expect(try await reporter.post(uri, form: fields).status == .seeOther)
            let view2 = String(buffer: try await coordinator.get(uri + "?agency=\(agency)").body)
            #expect(view2.contains("/reviews/\(reportID)/accept"))
            #expect(try await coordinator.post("/reviews/\(reportID)/accept", form: [:]).status == .seeOther)
            #expect(String(buffer: try await coordinator.get("/plans/\(f.laoCaiPlan)/matrix").body).contains("đúng hạn ✓"))
            // An accepted report needs the coordinator to reopen it.
            let locked = try await reporter.post(uri, form: fields)
            #expect(locked.status == .conflict && String(buffer: locked.body).contains("mở lại"))
            let events = try await f.store.events(of: Report.ID(Int64(reportID)!)).map(\.action)
            #expect(events == ["save", "submit", "return", "submit", "accept"])
        }
    }

    @Test("Lai Châu, quarterly by the 5th of the quarter's last month: the calendar is set by the coordinator; a late report counts its days")
    func quarterly() async throws {
        let clock = TestClock(2026, 6, 8)
        let f = try await WebFixture.make(clock: clock)
        defer { f.remove() }
        try await f.test { client in
            var coordinator = Browser(client)
            _ = try await coordinator.signIn("coordinator")
            // A plan that names no rule is reported yearly, and the calendar form says so (saving it unchanged keeps it).
            let before = String(buffer: try await coordinator.get("/plans/\(f.laiChauPlan)/matrix").body)
            #expect(before.contains("hằng năm (kế hoạch không nêu") && before.contains(#"<option value="yearly" selected>"#))
            #expect(!before.contains(#"<option value="monthly" selected>"#))
            #expect(try await coordinator.post("/plans/\(f.laiChauPlan)/reporting", form: ["cadence": "quarterly", "dueDay": "5", "dueMonth": "3"]).status == .seeOther)
            let matrix = String(buffer: try await coordinator.get("/plans/\(f.laiChauPlan)/matrix").body)
            #expect(matrix.contains("quý II/2026") && matrix.contains("05/06/2026"))
            #expect(matrix.contains(#"<option value="quarterly" selected>"#))
            var reporter = Browser(client)
            _ = try await reporter.signIn("reporter")
            #expect(String(buffer: try await reporter.get("/reports").body).contains("quý III/2026")) // Q2 was due on 5 June
            let uri = "/reports/\(f.laiChauPlan)/2026Q2"
            let form = String(buffer: try await reporter.get(uri).body)
            let fields = Self.allInProgress(form)
            #expect(try await reporter.post(uri, form: fields).status == .seeOther)
            #expect(String(buffer: try await reporter.get(uri).body).contains("muộn 3 ngày"))
            let after = String(buffer: try await coordinator.get("/plans/\(f.laiChauPlan)/matrix").body)
            #expect(after.contains("muộn 3 ngày"))
            // The same in the API: every agency for the coordinator, only its own for the reporter.
            struct State: Decodable { var agencyID: Int64; var timeliness: String; var days: Int?; var status: String? }
            let all = try JSONDecoder().decode([State].self, from: Data(String(buffer: try await coordinator.get("/api/v1/plans/\(f.laiChauPlan)/reports?period=2026Q2").body).utf8))
            #expect(all.count > 10)
            #expect(all.first { $0.agencyID == f.ownAgency.rawValue }.map { [$0.timeliness, "\($0.days ?? -1)", $0.status ?? ""] } == ["late", "3", "submitted"])
            #expect(all.first { $0.agencyID == f.otherAgency.rawValue }.map { [$0.timeliness, "\($0.days ?? -1)"] } == ["missing", "3"])
            let own = try JSONDecoder().decode([State].self, from: Data(String(buffer: try await reporter.get("/api/v1/plans/\(f.laiChauPlan)/reports?period=2026Q2").body).utf8))
            #expect(own.map(\.agencyID) == [f.ownAgency.rawValue])
            #expect(try await coordinator.get("/api/v1/plans/\(f.laiChauPlan)/reports?period=2026-13").status == .badRequest)
            #expect(try await coordinator.get("/api/v1/plans/\(f.laiChauPlan)/reports?period=2026-05").status == .notFound) // monthly on a quarterly plan
            // Before the plan entered the system nobody owed a report: not "missing, 1061 days" but no row, and the
            // matrix shows "—" there, not "chưa nộp" (one rule, ReportObligation, as the scorecard counts).
            let early = try JSONDecoder().decode([State].self, from: Data(String(buffer: try await coordinator.get("/api/v1/plans/\(f.laiChauPlan)/reports?period=2023Q2").body).utf8))
            #expect(early.isEmpty)
            let lastYear = try JSONDecoder().decode([State].self, from: Data(String(buffer: try await coordinator.get("/api/v1/plans/\(f.laiChauPlan)/reports?period=2025Q4").body).utf8))
            #expect(lastYear.isEmpty)
            #expect(after.contains(#"class="not-owed""#) && !after.contains(#"<td class="missing">Chưa nộp (quá 1"#))
            let current = try JSONDecoder().decode([State].self, from: Data(String(buffer: try await coordinator.get("/api/v1/plans/\(f.laiChauPlan)/reports").body).utf8))
            #expect(!current.isEmpty && current.allSatisfy { $0.timeliness == "pending" }) // Q3, due in September
            // A month period on a quarterly plan does not exist.
            #expect(try await reporter.get("/reports/\(f.laiChauPlan)/2026-05").status == .notFound)
            // Another agency's report is refused to the reporter.
            #expect(try await reporter.get(uri + "?agency=\(f.otherAgency)").status == .ok) // the reporter's own agency is used, never the query's
            #expect(!String(buffer: try await reporter.get(uri + "?agency=\(f.otherAgency)").body).contains("Sở Tư pháp ·"))
        }
    }

    @Test("an ad-hoc request: the coordinator asks one agency by a date; it sees the request, files it; others are not asked")
    func adhoc() async throws {
        let clock = TestClock(2026, 6, 8)
        let f = try await WebFixture.make(clock: clock)
        defer { f.remove() }
        try await f.test { client in
            var coordinator = Browser(client)
            _ = try await coordinator.signIn("coordinator")
            try await coordinator.get("/plans/\(f.laiChauPlan)/matrix")
            let bad = try await coordinator.post("/plans/\(f.laiChauPlan)/adhoc", form: ["title": "Tình hình triển khai Đề án 06", "due": "15/6/2026"])
            #expect(bad.status == .badRequest && String(buffer: bad.body).contains("Hạn nộp không hợp lệ"))
            #expect(try await f.store.adhocRequests(of: f.laiChauPlan).isEmpty)
            #expect(try await coordinator.post("/plans/\(f.laiChauPlan)/adhoc",
                                               form: ["title": "Tình hình triển khai Đề án 06", "due": "2026-06-15", "agency": f.ownAgency.description]).status == .seeOther)
            let request = try #require(try await f.store.adhocRequests(of: f.laiChauPlan).first)
            let uri = "/reports/\(f.laiChauPlan)/\(request.period)"
            var reporter = Browser(client)
            _ = try await reporter.signIn("reporter")
            let list = String(buffer: try await reporter.get("/reports").body)
            #expect(list.contains("Tình hình triển khai Đề án 06") && list.contains(uri), "\(list.suffix(600))")
            let form = String(buffer: try await reporter.get(uri).body)
            let fields = Self.allInProgress(form)
            #expect(try await reporter.post(uri, form: fields).status == .seeOther)
            #expect(String(buffer: try await reporter.get(uri).body).contains("đúng hạn"))
            let matrix = String(buffer: try await coordinator.get("/plans/\(f.laiChauPlan)/matrix").body)
            #expect(matrix.contains("Tình hình triển khai Đề án 06 · hạn 15/06/2026 · 1/1"), "\(matrix.suffix(1500))")
            // An agency that was not asked has no such report to file.
            var head = Browser(client)
            _ = try await head.signIn("head")
            #expect(!String(buffer: try await head.get("/reports").body).contains("Đề án 06"))
            #expect(try await head.get(uri).status == .notFound)
            #expect(try await f.store.audit(limit: 50, offset: 0).contains { $0.action == "report.adhoc" })
        }
    }
}

@Suite("Excel round trip over HTTP", .serialized)
struct ExcelRoundTripTests {
    static var openpyxl: Bool {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import openpyxl"]
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0 || ProcessInfo.processInfo.environment["KEHOACH_REQUIRE_OPENPYXL"] == "1"
    }

    /// Fills the downloaded form with openpyxl (an independent writer) and returns the new bytes.
    static func fill(_ data: Data, percent: String) throws -> Data {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kehoach-\(UUID().uuidString).xlsx")
        try data.write(to: path)
        defer { try? FileManager.default.removeItem(at: path) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", """
            import sys, datetime, openpyxl
            wb = openpyxl.load_workbook(sys.argv[1]); ws = wb["Nhiệm vụ"]
            assert ws["A1"].value == "Số hiệu (không sửa)", ws["A1"].value
            for row in range(2, ws.max_row + 1):
                ws.cell(row=row, column=5, value="Đang thực hiện")
            ws["F2"] = float(sys.argv[2]) if sys.argv[2].replace(".", "").isdigit() else sys.argv[2]
            ws["E3"] = "Đã hoàn thành"; ws["G3"] = datetime.date(2026, 5, 10); ws["I3"] = "Quyết định số 933/QĐ-UBND ngày 05/6/2025"
            wb["Khó khăn, kiến nghị"]["B2"] = "Thiếu kinh phí (điền ngoài mạng)"
            wb.save(sys.argv[1])
            """, path.path, percent]
        let err = Pipe()
        p.standardError = err
        try p.run()
        p.waitUntilExit()
        if p.terminationStatus != 0 { Issue.record("openpyxl: \(String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))") }
        return try Data(contentsOf: path)
    }

    @Test("download the form, fill it offline, upload it: a wrong row saves nothing and is named by sheet, row and column", .enabled(if: openpyxl))
    func roundTrip() async throws {
        let f = try await WebFixture.make(clock: TestClock(2026, 5, 18))
        defer { f.remove() }
        try await f.test { client in
            var reporter = Browser(client)
            _ = try await reporter.signIn("reporterlaocai")
            let uri = "/reports/\(f.laoCaiPlan)/2026-05"
            try await reporter.get(uri)
            let download = try await reporter.get(uri + "/xlsx")
            #expect(download.status == .ok)
            #expect(download.headers[.contentType] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            let blank = Data(download.body.readableBytesView)
            // A percentage of 140 in row 2: refused, listed, nothing saved.
            let wrong = try Self.fill(blank, percent: "140")
            let refused = try await reporter.upload(uri + "/xlsx", fields: [:], file: "bao-cao.xlsx", data: wrong)
            #expect(refused.status == .unprocessableContent)
            let message = String(buffer: refused.body)
            #expect(message.contains("Trang &quot;Nhiệm vụ&quot;, dòng 2, cột F: Tỷ lệ hoàn thành phải từ 0 đến 100."))
            let agency = try #require(try await f.store.user(named: "reporterlaocai")?.0.agencyID)
            #expect(try await f.store.report(plan: f.laoCaiPlan, agency: agency, period: Period("2026-05")!) == nil)
            // Corrected: saved as a draft with every row.
            let right = try Self.fill(blank, percent: "75")
            #expect(try await reporter.upload(uri + "/xlsx", fields: [:], file: "bao-cao.xlsx", data: right).status == .seeOther)
            let saved = try #require(try await f.store.report(plan: f.laoCaiPlan, agency: agency, period: Period("2026-05")!))
            #expect(saved.status == .draft)
            #expect(saved.tasks.allSatisfy { $0.status == .inProgress || $0.status == .completed })
            #expect(saved.tasks.contains { $0.percent == 75 })
            let done = try #require(saved.tasks.first { $0.status == .completed })
            #expect(done.completedOn == CivilDate(year: 2026, month: 5, day: 10) && done.evidence?.number == "933")
            #expect(saved.difficulties == "Thiếu kinh phí (điền ngoài mạng)")
            // The next download carries what was saved.
            let again = Data(try await reporter.get(uri + "/xlsx").body.readableBytesView)
            #expect(String(decoding: again, as: UTF8.self).isEmpty == false)
            // A file that is not a workbook is refused with a message.
            let junk = try await reporter.upload(uri + "/xlsx", fields: [:], file: "x.xlsx", data: Data("not a zip".utf8))
            #expect(junk.status == .unprocessableContent && String(buffer: junk.body).contains("không phải là tệp Excel"))
        }
    }
}

@Suite("Evidence files", .serialized)
struct EvidenceFileTests {
    static let pdf = Data("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".utf8)
    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D])

    @Test("attach evidence checked by content; served only to who may see the report; lying names, other kinds and size refused")
    func files() async throws {
        let f = try await WebFixture.make(clock: TestClock(2026, 5, 18))
        defer { f.remove() }
        try await f.test { client in
            var reporter = Browser(client)
            _ = try await reporter.signIn("reporterlaocai")
            let uri = "/reports/\(f.laoCaiPlan)/2026-05"
            try await reporter.get(uri)
            // A name with a path is refused (browsers send a file's own name only), and nothing is kept.
            for name in ["../../Quyết định 933.pdf", "..\\..\\Quyết định 933.pdf", "/etc/Quyết định 933.pdf", "Quyết định\u{0}933.pdf"] {
                let traversal = try await reporter.upload(uri + "/files", fields: [:], file: name, data: Self.pdf)
                #expect(traversal.status == .badRequest && String(buffer: traversal.body).contains("Tên tệp không hợp lệ"), "\(name)")
                try await reporter.get(uri)
            }
            #expect(!String(buffer: try await reporter.get(uri).body).contains("/files/"))
            let ok = try await reporter.upload(uri + "/files", fields: [:], file: "Quyết định 933.pdf", data: Self.pdf)
            #expect(ok.status == .seeOther)
            let page = String(buffer: try await reporter.get(uri).body)
            let link = try #require(page.range(of: #"/files/\d+"#, options: .regularExpression).map { String(page[$0]) })
            #expect(page.contains("Quyết định 933.pdf"))
            let served = try await reporter.get(link)
            #expect(served.status == .ok && served.headers[.contentType] == "application/pdf")
            #expect(Data(served.body.readableBytesView) == Self.pdf)
            #expect(served.headers[.contentDisposition]?.contains("attachment") == true)
            // Another province's coordinator and another agency's reporter cannot read it.
            var stranger = Browser(client)
            _ = try await stranger.signIn("reporter")
            #expect(try await stranger.get(link).status == .forbidden)
            var laiChau = Browser(client)
            _ = try await laiChau.signIn("coordinator")
            #expect(try await laiChau.get(link).status == .forbidden)
            var coordinator = Browser(client)
            _ = try await coordinator.signIn("coordinatorlaocai")
            #expect(try await coordinator.get(link).status == .ok)
            // Refused: PNG bytes named .pdf, an executable, an empty file.
            try await reporter.get(uri)
            let lying = try await reporter.upload(uri + "/files", fields: [:], file: "bao-cao.pdf", data: Self.png)
            #expect(lying.status == .unsupportedMediaType && String(buffer: lying.body).contains("không khớp"))
            let exe = try await reporter.upload(uri + "/files", fields: [:], file: "setup.exe", data: Data([0x4D, 0x5A, 0x90, 0x00]))
            #expect(exe.status == .unsupportedMediaType)
            let empty = try await reporter.upload(uri + "/files", fields: [:], file: "a.pdf", data: Data())
            #expect(empty.status == .badRequest)
            let agency = try #require(try await f.store.user(named: "reporterlaocai")?.0.agencyID)
            let report = try #require(try await f.store.report(plan: f.laoCaiPlan, agency: agency, period: Period("2026-05")!))
            #expect(try await f.store.attachments(of: report.id).count == 1)
            #expect(try await f.store.audit(limit: 30, offset: 0).contains { $0.action == "report.attach" })
        }
    }

    @Test("a file over the size limit is refused before it is kept")
    func tooLarge() async throws {
        let f = try await WebFixture.make(clock: TestClock(2026, 5, 18), maxAttachmentBytes: 1_024)
        defer { f.remove() }
        try await f.test { client in
            var reporter = Browser(client)
            _ = try await reporter.signIn("reporterlaocai")
            let uri = "/reports/\(f.laoCaiPlan)/2026-05"
            try await reporter.get(uri)
            let big = Self.pdf + Data(repeating: 0x20, count: 4_096)
            let r = try await reporter.upload(uri + "/files", fields: [:], file: "lon.pdf", data: big)
            #expect(r.status == .contentTooLarge)
        }
    }
}
