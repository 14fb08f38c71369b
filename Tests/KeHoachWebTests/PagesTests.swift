import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KeHoachCore
import KeHoachStore
import KeHoachWeb
import NIOCore
import Testing

@Suite("Pages and API", .serialized)
struct PagesTests {
    @Test("a plan's page: indicators with targets, tasks by group with lead (successor shown), filters")
    func planPage() async throws {
        let f = try await WebFixture.make()
        defer { f.remove() }
        try await f.test { client in
            var b = Browser(client)
            _ = try await b.signIn("viewer")
            let page = String(buffer: try await b.get("/plans/\(f.laiChauPlan)").body)
            #expect(page.contains("Tỷ lệ đóng góp của năng suất nhân tố tổng hợp"))
            #expect(page.contains("≥ 37,6"))
            #expect(page.contains("<a href=\"/agencies/\(f.ownAgency)\">Sở Khoa học và Công nghệ</a> <span class=\"muted\">(trước đây: Sở Thông tin và Truyền thông)</span>"))
            #expect(page.contains("75 nhiệm vụ"))
            let conditional = String(buffer: try await b.get("/plans/\(f.laiChauPlan)?kind=conditional").body)
            #expect(conditional.contains("12 nhiệm vụ"))
            let byAgency = String(buffer: try await b.get("/plans/\(f.laiChauPlan)?agency=\(f.ownAgency)&q=nen+tang").body)
            #expect(byAgency.contains("nền tảng") && !byAgency.contains("75 nhiệm vụ</p>"))
            // A filter with a wrong value is a wrong request (400 naming it); words searched are words, shown escaped.
            let junk = try await b.get("/plans/\(f.laiChauPlan)?kind=%3Cscript%3E&agency=abc")
            #expect(junk.status == .badRequest && String(buffer: junk.body).contains("Tham số không hợp lệ"))
            #expect(!String(buffer: junk.body).contains("<script>"))
            let words = try await b.get("/plans/\(f.laiChauPlan)?q=%3Cscript%3Ealert(1)%3C/script%3E")
            #expect(words.status == .ok && !String(buffer: words.body).contains("<script>"))
        }
    }

    @Test("pages, style sheets and JSON are gzip-compressed for clients that accept gzip, read back by gzip itself")
    func compression() async throws {
        let f = try await WebFixture.make()
        defer { f.remove() }
        try await f.test { client in
            var b = Browser(client)
            _ = try await b.signIn("coordinator")
            for uri in ["/plans/\(f.laiChauPlan)", "/static/app.css", "/api/v1/plans/\(f.laiChauPlan)/tasks"] {
                let plain = try await b.get(uri)
                #expect(plain.headers[.contentEncoding] == nil)
                let zipped = try await b.get(uri, headers: [.acceptEncoding: "gzip, deflate, br"])
                #expect(zipped.headers[.contentEncoding] == "gzip" && zipped.headers[.vary] == "Accept-Encoding", "\(uri)")
                #expect(zipped.body.readableBytes * 2 < plain.body.readableBytes, "\(uri): \(zipped.body.readableBytes) of \(plain.body.readableBytes)")
                // gzip (the program) reads it back to the same bytes.
                let file = FileManager.default.temporaryDirectory.appendingPathComponent("kehoach-\(UUID().uuidString).gz")
                try Data(zipped.body.readableBytesView).write(to: file)
                defer { try? FileManager.default.removeItem(at: file) }
                let gunzip = Process()
                gunzip.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                gunzip.arguments = ["gzip", "-dc", file.path]
                let pipe = Pipe()
                gunzip.standardOutput = pipe
                try gunzip.run()
                let unzipped = pipe.fileHandleForReading.readDataToEndOfFile()
                gunzip.waitUntilExit()
                #expect(gunzip.terminationStatus == 0 && unzipped == Data(plain.body.readableBytesView), "\(uri)")
            }
            // Refused by the client (q=0), or not asked: as it is.
            #expect(try await b.get("/plans/\(f.laiChauPlan)", headers: [.acceptEncoding: "gzip;q=0, identity"]).headers[.contentEncoding] == nil)
        }
    }

    @Test("search is accent-insensitive: 'so khoa hoc' finds Sở Khoa học, 'dien tu' finds điện tử")
    func search() async throws {
        let f = try await WebFixture.make()
        defer { f.remove() }
        try await f.test { client in
            var b = Browser(client)
            _ = try await b.signIn("coordinator")
            // Words searched come back in the box, escaped: the five characters HTML needs, Vietnamese untouched.
            let echoed = String(buffer: try await b.get("/search?q=%3Cb%3E%26%22%27%3E%20S%E1%BB%9F%20%C4%91%C3%A2u").body)
            #expect(echoed.contains(#"value="&lt;b&gt;&amp;&quot;&#39;&gt; Sở đâu""#))
            #expect(!echoed.contains("<b>&"))
            let page = String(buffer: try await b.get("/search?q=so+khoa+hoc").body)
            #expect(page.contains("Sở Khoa học và Công nghệ"))
            let tasks = String(buffer: try await b.get("/search?q=dien+tu").body)
            #expect(tasks.contains("điện tử"))
            let api = String(buffer: try await b.get("/api/v1/agencies?q=so%20khoa%20hoc").body)
            #expect(api.contains("Sở Khoa học và Công nghệ"))
            // The OpenAPI document against the routes: OpenAPITests.
        }
    }

    @Test("the user guide: reachable from every page and the sign-in page, a section per role, the reader's role named, its screenshots served")
    func guide() async throws {
        let f = try await WebFixture.make()
        defer { f.remove() }
        try await f.test { client in
            var anonymous = Browser(client)
            let signin = String(buffer: try await anonymous.get("/signin").body)
            #expect(signin.contains("<a href=\"/guide\">Hướng dẫn</a>"))
            let page = String(buffer: try await anonymous.get("/guide").body)
            for section in ["id=\"can-bo\"", "id=\"dieu-phoi\"", "id=\"lanh-dao\"", "id=\"quan-tri\""] { #expect(page.contains(section)) }
            let images = page.matches(of: /src="(\/static\/guide\/[a-z0-9-]+\.png)"/).map { String($0.1) }
            #expect(images.count >= 5)
            for image in images {
                let r = try await anonymous.get(image)
                #expect(r.status == .ok && r.headers[.contentType] == "image/png" && r.body.readableBytes > 1_000, "\(image)")
            }
            #expect(try await anonymous.get("/static/guide/../../openapi.json").status == .notFound)
            var reporter = Browser(client)
            _ = try await reporter.signIn("reporter")
            let plans = String(buffer: try await reporter.get("/plans").body)
            #expect(plans.contains("<a href=\"/guide\">Hướng dẫn</a>"))
            #expect(String(buffer: try await reporter.get("/guide").body).contains("Vai trò của bạn: <a href=\"#can-bo\">"))
        }
    }

    /// The id of the upload a preview page is about (from its confirm button).
    static func pendingID(_ preview: String) -> String? {
        preview.range(of: #"/import/(\d+)/confirm"#, options: .regularExpression).map { String(preview[$0].dropFirst(8).dropLast(8)) }
    }

    @Test("import from the browser: preview with warnings, confirm, then re-import a corrected version in place")
    func importFlow() async throws {
        let f = try await WebFixture.make()
        defer { f.remove() }
        try await f.test { client in
            var b = Browser(client)
            _ = try await b.signIn("coordinator")
            try await b.get("/import")
            let data = try Data(contentsOf: WebFixture.seeds.appendingPathComponent("000_45a635856f7047b1.txt"))
            // A name with a path is refused, and nothing is kept.
            let traversal = try await b.upload("/import", fields: ["province": f.laiChau.description, "replacing": ""], file: "../../etc/000.txt", data: data)
            #expect(traversal.status == .badRequest && String(buffer: traversal.body).contains("Tên tệp không hợp lệ"))
            try await b.get("/import")
            let preview = try await b.upload("/import", fields: ["province": f.laiChau.description, "replacing": ""], file: "000.txt", data: data)
            #expect(preview.status == .ok)
            let previewText = String(buffer: preview.body)
            #expect(previewText.contains("Nhiệm vụ: 13"))
            #expect(previewText.contains("<strong>000.txt</strong>"))
            #expect(try await f.store.plans(in: f.laiChau).count == 1) // nothing saved yet
            let id = try #require(Self.pendingID(previewText))
            let done = try await b.post("/import/\(id)/confirm", form: [:])
            #expect(done.status == .ok)
            let plans = try await f.store.plans(in: f.laiChau)
            #expect(plans.count == 2)
            let planID = try #require(plans.last?.id)
            // A corrected version replaces the plan: matched by code, changes listed.
            var text = String(decoding: data, as: UTF8.self)
            text = text.replacingOccurrences(of: "Phát triển dữ liệu số", with: "Phát triển dữ liệu số và dữ liệu mở")
            try await b.get("/import")
            let second = try await b.upload("/import", fields: ["province": f.laiChau.description, "replacing": planID.description], file: "000-v2.txt", data: Data(text.utf8))
            let secondText = String(buffer: second.body)
            let id2 = try #require(Self.pendingID(secondText))
            // Before confirming, the preview says what the update changes, old and new text side by side.
            #expect(secondText.contains("Thay đổi so với kế hoạch hiện có") && secondText.contains("0 thêm mới · 1 sửa đổi · 0 bỏ"), "\(secondText.prefix(3000))")
            #expect(secondText.contains("<strong>Nhiệm vụ III.4</strong>") && secondText.contains("và dữ liệu mở»"))
            #expect(!String(buffer: preview.body).contains("Thay đổi so với kế hoạch hiện có")) // a new plan has nothing to compare
            let result = String(buffer: try await b.post("/import/\(id2)/confirm", form: [:]).body)
            #expect(result.contains("nhiệm vụ III.4"))
            #expect(try await f.store.plans(in: f.laiChau).count == 2)
            let audit = try await f.store.audit(limit: 50, offset: 0)
            #expect(audit.contains { $0.action == "plan.import" && $0.username == "coordinator" })
            #expect(audit.contains { $0.action == "plan.reimport" && $0.after?.contains("III.4") == true })
            // A bad document is refused with the importer's message, and nothing is kept.
            try await b.get("/import")
            let bad = try await b.upload("/import", fields: ["province": f.laiChau.description], file: "x.html", data: Data("<html><body></body></html>".utf8))
            #expect(bad.status == .unprocessableContent && String(buffer: bad.body).contains("Tệp rỗng"))
            // A plan saved as a web page (a group row and a lead merged over two rows) previews like a text file,
            // with the coverage of its table rows.
            try await b.get("/import")
            let page = """
            <html><body><p>KẾ HOẠCH</p><p>Chuyển đổi số năm 2026</p><table>
            <tr><th>STT</th><th>Nhiệm vụ</th><th>Đơn vị chủ trì</th><th>Thời hạn</th></tr><tr><td colspan="4">I. NHẬN THỨC SỐ</td></tr>
            <tr><td>1</td><td>Tuyên truyền</td><td rowspan="2">Sở Khoa học và Công nghệ</td><td>Quý II/2026</td></tr>
            <tr><td>2</td><td>Tập huấn</td><td>Năm 2026</td></tr></table></body></html>
            """
            let html = String(buffer: try await b.upload("/import", fields: ["province": f.laiChau.description], file: "ke-hoach.html", data: Data(page.utf8)).body)
            #expect(html.contains("Nhiệm vụ: 2"))
            #expect(html.contains("Hàng trong bảng: 4 = 2 đọc thành nhiệm vụ, chỉ tiêu + 1 tiêu đề cột + 1 nhóm, tiêu đề"))
            // Someone else cannot confirm another user's preview.
            try await b.get("/import")
            let third = String(buffer: try await b.upload("/import", fields: ["province": f.laiChau.description], file: "a.txt", data: data).body)
            let id3 = try #require(Self.pendingID(third))
            var admin = Browser(client)
            _ = try await admin.signIn("admin")
            #expect(try await admin.post("/import/\(id3)/confirm", form: [:]).status == .notFound)
        }
    }

    @Test("import preview: doubtful rows marked with why, corrected in place (refused values kept with their message), the corrected plan stored, every correction audited")
    func importCorrections() async throws {
        let f = try await WebFixture.make()
        defer { f.remove() }
        try await f.test { client in
            var b = Browser(client)
            _ = try await b.signIn("coordinator")
            try await b.get("/import")
            // Row 1 is clean; row 2's lead is not in Lai Châu's directory; row 3's deadline reads as nothing.
            let page = """
            <html><body><p>KẾ HOẠCH</p><p>Chuyển đổi số năm 2026</p><table>
            <tr><th>STT</th><th>Nhiệm vụ</th><th>Cơ quan chủ trì</th><th>Thời hạn</th><th>Kinh phí</th></tr>
            <tr><td>1</td><td>Tuyên truyền về chuyển đổi số</td><td>Sở Khoa học và Công nghệ</td><td>Quý II/2026</td><td>50 triệu đồng</td></tr>
            <tr><td>2</td><td>Xây dựng kho dữ liệu dùng chung</td><td>Ban Quản lý dự án Sao Mai</td><td>Năm 2026</td><td></td></tr>
            <tr><td>3</td><td>Tập huấn kỹ năng số</td><td>Sở Nội vụ</td><td>khi được giao</td><td></td></tr></table></body></html>
            """
            let preview = String(buffer: try await b.upload("/import", fields: ["province": f.laiChau.description], file: "kh.html", data: Data(page.utf8)).body)
            let id = try #require(Self.pendingID(preview))
            #expect(preview.contains("2 / 3 nhiệm vụ cần kiểm tra"))
            #expect(preview.contains("Cơ quan chưa có trong danh bạ: Ban Quản lý dự án Sao Mai."))
            #expect(preview.contains("Không đọc được thời hạn."))
            // Only the doubtful rows are in the form by default; every row on request.
            #expect(!preview.contains(#"name="code.0""#) && preview.contains(#"name="code.1""#) && preview.contains(#"name="code.2""#))
            let all = String(buffer: try await b.get("/import/\(id)?rows=all").body)
            #expect(all.contains(#"name="code.0" value="1""#) && all.contains(">Tuyên truyền về chuyển đổi số</textarea>"))

            // A deadline no rule reads is refused at its field; nothing is kept, what was typed stays in the form.
            let refused = try await b.post("/import/\(id)/correct", form: ["code.1": "2", "f.lead.1": "Sở Khoa học và Công nghệ",
                                                                          "code.2": "3", "f.deadline.2": "sớm"])
            #expect(refused.status == .unprocessableContent)
            let refusedText = String(buffer: refused.body)
            #expect(refusedText.contains("Không đọc được thời hạn “sớm”"))
            #expect(refusedText.contains(#"name="f.deadline.2" value="sớm" maxlength="1000" aria-invalid="true""#))
            #expect(refusedText.contains(#"value="Sở Khoa học và Công nghệ""#))
            #expect(try await f.store.pending(.init(Int64(id)!))?.corrections.isEmpty == true)
            // Without the form token: refused.
            #expect(try await b.post("/import/\(id)/correct", form: ["code.1": "2", "f.lead.1": "Sở Nội vụ"], csrf: "0").status == .forbidden)

            // Accepted: kept with the preview, audited, shown as corrected; the row no longer flagged for its lead.
            let saved = try await b.post("/import/\(id)/correct", form: ["code.1": "2", "f.lead.1": "Sở Khoa học và Công nghệ; Sở Tài chính",
                                                                        "f.name.1": "Xây dựng kho dữ liệu dùng chung", // unchanged: not a correction
                                                                        "code.2": "3", "f.deadline.2": "Quý III/2026"])
            #expect(saved.status == .seeOther)
            #expect(saved.headers[.location] == "/import/\(id)?page=1&saved=2#rows")
            let after = String(buffer: try await b.get("/import/\(id)?page=1&saved=2").body)
            #expect(after.contains("Đã lưu các sửa đổi (2)"))
            #expect(after.contains("0 / 3 nhiệm vụ cần kiểm tra; đã sửa 2 ô ở 2 nhiệm vụ."))
            #expect(after.contains(#"value="Sở Khoa học và Công nghệ; Sở Tài chính""#))
            #expect(after.contains("Sở Khoa học và Công nghệ; Sở Tài chính") && after.contains("Quý III/2026"))
            var audit = try await f.store.audit(limit: 20, offset: 0)
            #expect(audit.filter { $0.action == "import.correct" }.count == 2)
            #expect(audit.contains { $0.action == "import.correct" && $0.before == "nhiệm vụ 3 · Thời hạn: khi được giao" && $0.after == "Quý III/2026" })
            #expect(try await f.store.plans(in: f.laiChau).count == 1) // still nothing stored

            // Confirmed with one more correction typed on the page: the stored plan is the corrected one.
            let done = try await b.post("/import/\(id)/confirm", form: ["code.0": "1", "f.product.0": "Chuyên mục trên Cổng thông tin"])
            #expect(done.status == .ok)
            let doneText = String(buffer: done.body)
            #expect(doneText.contains("nhiệm vụ 1 · Sản phẩm: — → Chuyên mục trên Cổng thông tin"))
            let plan = try #require(try await f.store.plans(in: f.laiChau).first { $0.info.title.contains("Chuyển đổi số năm 2026") })
            let tasks = try await f.store.tasks(of: plan.id, filter: TaskFilter())
            let byCode = Dictionary(uniqueKeysWithValues: tasks.map { ($0.task.code, $0.task) })
            #expect(byCode["1"]?.product == "Chuyên mục trên Cổng thông tin")
            #expect(byCode["2"]?.leadAgencies == ["Sở Khoa học và Công nghệ", "Sở Tài chính"])
            #expect(byCode["3"]?.deadline?.due == CivilDate(year: 2026, month: 9, day: 30))
            audit = try await f.store.audit(limit: 20, offset: 0)
            #expect(audit.filter { $0.action == "plan.import.correct" && $0.entityID == plan.id.description }.count == 3)
            #expect(try await f.store.pending(.init(Int64(id)!)) == nil)
            // A column beyond the standard fields is shown under its own header on the plan's page.
            let planPage = String(buffer: try await b.get("/plans/\(plan.id)").body)
            #expect(planPage.contains("<dt>Kinh phí</dt><dd>50 triệu đồng</dd>"))
        }
    }

    @Test("the directory lists successions and unresolved names; an agency's page shows its tasks across plans")
    func directoryAndAgency() async throws {
        let f = try await WebFixture.make()
        defer { f.remove() }
        try await f.test { client in
            var b = Browser(client)
            _ = try await b.signIn("coordinatorlaocai")
            let page = String(buffer: try await b.get("/directory").body)
            #expect(page.contains("Lào Cai") && !page.contains("<h2>Lai Châu</h2>"))
            #expect(page.contains("Sở Thông tin và Truyền thông → Sở Khoa học và Công nghệ"))
            #expect(page.contains("Tên chưa xác định"))
            var reporter = Browser(client)
            _ = try await reporter.signIn("reporter")
            let own = String(buffer: try await reporter.get("/agencies/\(f.ownAgency)").body)
            #expect(own.contains("Nhiệm vụ của cơ quan"))
            #expect(own.contains("Sở Thông tin và Truyền thông")) // inherited tasks, text kept
            // The coordinator records a merger through the directory form.
            var coordinator = Browser(client)
            _ = try await coordinator.signIn("coordinator")
            try await coordinator.get("/directory")
            let bad = try await coordinator.post("/directory/successions", form: ["predecessor": f.otherAgency.description, "successor": f.ownAgency.description,
                                                                              "effectiveOn": "01/03/2026", "decision": "QĐ 1"])
            #expect(bad.status == .badRequest && String(buffer: bad.body).contains("YYYY-MM-DD"))
            let ok = try await coordinator.post("/directory/successions", form: ["predecessor": f.otherAgency.description, "successor": f.ownAgency.description,
                                                                             "effectiveOn": "2026-03-01", "decision": "Quyết định số 12/QĐ-UBND"])
            #expect(ok.status == .seeOther)
            let directory = String(buffer: try await coordinator.get("/directory").body)
            #expect(directory.contains("Sở Tư pháp → Sở Khoa học và Công nghệ (01/03/2026, Quyết định số 12/QĐ-UBND)"))
            let merged = String(buffer: try await coordinator.get("/agencies/\(f.ownAgency)").body)
            // A task that named both predecessors shows the successor once, with both old names.
            #expect(merged.contains("<a href=\"/agencies/\(f.ownAgency)\">Sở Khoa học và Công nghệ</a> <span class=\"muted\">(trước đây: Sở Tư pháp; Sở Thông tin và Truyền thông)</span>"))
            #expect(!merged.contains("Sở Khoa học và Công nghệ</a> <span class=\"muted\">(trước đây: Sở Tư pháp)</span></span><span class=\"ref\"><a href=\"/agencies/\(f.ownAgency)\">"))
        }
    }
}

@Suite("Cached pages", .serialized)
struct CacheTests {
    @Test("a cached page or API answer is rendered again after any write to plans or the directory")
    func staleAfterWrite() async throws {
        let f = try await WebFixture.make()
        defer { f.remove() }
        try await f.test { client in
            var b = Browser(client)
            _ = try await b.signIn("coordinatorlaocai")
            let uri = "/api/v1/plans/\(f.laoCaiPlan)/tasks?q=chuyen+sau"
            let before = String(buffer: try await b.get(uri).body)
            #expect(before.contains("Các viện, trường") && !before.contains("\"agencyName\":\"Sở Giáo dục và Đào tạo\""))
            #expect(String(buffer: try await b.get(uri).body) == before) // served again, unchanged
            let education = try #require(try await f.store.agencies(in: f.laoCai).first { $0.name == "Sở Giáo dục và Đào tạo" })
            try await b.get("/directory")
            #expect(try await b.post("/directory/aliases", form: ["name": "Các viện, trường", "agency": education.id.description]).status == .seeOther)
            let after = String(buffer: try await b.get(uri).body)
            #expect(after.contains("\"agencyName\":\"Sở Giáo dục và Đào tạo\""))
            let page = String(buffer: try await b.get("/plans/\(f.laoCaiPlan)").body)
            #expect(page.contains("Các viện, trường → <a href=\"/agencies/\(education.id)\">Sở Giáo dục và Đào tạo</a>"))
        }
    }
    @Test("a draft shows at once on its form and the lists of reports, not in evaluated answers; a submission shows everywhere")
    func draftsAndSubmissions() async throws {
        let f = try await WebFixture.make(clock: TestClock(2026, 5, 18))
        defer { f.remove() }
        try await f.test { client in
            var reporter = Browser(client), coordinator = Browser(client)
            _ = try await reporter.signIn("reporterlaocai")
            _ = try await coordinator.signIn("coordinatorlaocai")
            let agency = try #require(try await f.store.user(named: "reporterlaocai")?.0.agencyID)
            let uri = "/reports/\(f.laoCaiPlan)/2026-05"
            let tasks = ReportingWorkflowTests.taskIDs(String(buffer: try await reporter.get(uri).body))
            let done = "/api/v1/agencies/\(agency)/tasks?status=completed-on-time"
            let states = "/api/v1/plans/\(f.laoCaiPlan)/reports?period=2026-05"
            let before = String(buffer: try await coordinator.get(done).body)
            #expect(!before.contains("\"id\":\(tasks[0]),"))
            // (May 2026 is before the plan entered the system: owed by nobody, listed only where something was filed.)
            #expect(!String(buffer: try await coordinator.get(states).body).contains("\"agencyID\":\(agency),"))
            let list = String(buffer: try await reporter.get("/reports").body)
            #expect(list.contains("Chưa lập"))

            var fields = ReportingWorkflowTests.allInProgress(String(buffer: try await reporter.get(uri).body))
            fields["action"] = "save"
            fields["task.\(tasks[0]).status"] = "completed"
            fields["task.\(tasks[0]).completedOn"] = "2026-05-10"
            fields["task.\(tasks[0]).percent"] = "100"
            fields["task.\(tasks[0]).evidence"] = "Quyết định số 933/QĐ-UBND ngày 05/5/2026"
            #expect(try await reporter.post(uri, form: fields).status == .seeOther)
            // The draft: on its form, in the reporter's list and the coordinator's answer on reports at once...
            #expect(String(buffer: try await reporter.get(uri).body).contains("Bản nháp"))
            #expect(!String(buffer: try await reporter.get("/reports").body).contains("Chưa lập"))
            #expect(String(buffer: try await coordinator.get(states).body).contains("\"status\":\"draft\""))
            // ...but a draft is not a report: the evaluated answer is the same.
            #expect(String(buffer: try await coordinator.get(done).body) == before)

            fields["action"] = "submit"
            #expect(try await reporter.post(uri, form: fields).status == .seeOther)
            #expect(String(buffer: try await coordinator.get(done).body).contains("\"id\":\(tasks[0]),"))
            #expect(String(buffer: try await coordinator.get(states).body).contains("\"status\":\"submitted\""))
            let sent = String(buffer: try await reporter.get(uri).body)
            #expect(sent.contains("Đã gửi"))
            // The report's history in words and Vietnam time.
            #expect(sent.contains(" · reporterlaocai · Lưu nháp</li>") && sent.contains(" · reporterlaocai · Gửi báo cáo</li>") && !sent.contains(" · submit"))
            #expect(sent.range(of: #"<time datetime="[0-9T:.Z-]+">\d\d:\d\d \d\d/\d\d/20\d\d</time>"#, options: .regularExpression) != nil)
        }
    }
}
