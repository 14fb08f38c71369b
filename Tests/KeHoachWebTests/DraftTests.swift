import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KeHoachApp
import KeHoachCore
import KeHoachReports
import KeHoachStore
import KeHoachWeb
import NIOCore
import Testing

/// The coordinator's drafting workspace: edit, save versions, regenerate from newer reports without losing the
/// rewritten sections, fill in number and signer, download exactly a saved version.
@Suite("Drafting the consolidated report", .serialized)
struct DraftTests {
    static func textarea(_ html: String, _ name: String) -> String? {
        guard let start = html.range(of: "name=\"\(name)\""), let open = html[start.upperBound...].firstIndex(of: ">"),
              let close = html[open...].range(of: "</textarea>") else { return nil }
        return String(html[html.index(after: open)..<close.lowerBound])
            .replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
    }

    @Test("edit, save, sign; newer reports regenerate the figures and keep the edits; each version downloads as saved")
    func workspace() async throws {
        let f = try await WebFixture.make()
        defer { f.remove() }
        let s = try await DashboardTests.setUp(f)
        let base = "/drafts/\(s.plan)/2026Q2"
        try await f.test { client in
            var b = Browser(client)
            _ = try await b.signIn("coordinator")
            var page = String(buffer: try await b.get(base).body)
            #expect(page.contains("Chưa lưu"))
            #expect(!page.contains("Mục này có bảng số liệu"), "no section of the body holds a table")
            #expect(page.contains("<input type=\"hidden\" name=\"_csrf\" value=\""), "the form carries its token under the name the server reads")
            let proposedIII = try #require(Self.textarea(page, "s.III"))
            #expect(proposedIII.contains("Thiếu nhân lực (Sở Tư pháp)."))
            #expect(try #require(Self.textarea(page, "s.V")).contains("phải gửi 40 báo cáo: 3 đúng hạn, 1 muộn và 36 chưa nộp"))
            #expect(try #require(Self.textarea(page, "s.next")).isEmpty)

            // A bad date is refused with the field named; nothing is saved and the typed words are kept.
            let opening = "Quý II/2026, các cơ quan đã tích cực triển khai; tuy nhiên tỷ lệ gửi báo cáo còn thấp.\n- Cần đôn đốc các xã, phường."
            var form = ["s.opening": opening, "s.next": "Tiếp tục đôn đốc các xã, phường gửi báo cáo đúng hạn.", "number": "123",
                        "date": "31/02/2026", "name": "Nguyễn Văn An", "authority": "KT. GIÁM ĐỐC", "title": "PHÓ GIÁM ĐỐC", "action": "save", "base": "0"]
            let bad = try await b.post(base, form: form)
            #expect(bad.status == .unprocessableContent)
            #expect(String(buffer: bad.body).contains("Ngày văn bản không hợp lệ") && String(buffer: bad.body).contains("Cần đôn đốc các xã, phường"))
            #expect(try await f.store.drafts(province: f.laiChau, scope: .plan(s.plan), period: Period("2026Q2")!).isEmpty)

            form["date"] = "10/06/2026"
            let saved = try await b.post(base, form: form)
            #expect(saved.status == .seeOther && saved.headers[.location] == "\(base)?saved=1")
            page = String(buffer: try await b.get("\(base)?saved=1").body)
            #expect(page.contains("Bản 1, lưu bởi coordinator"))
            #expect(page.contains("đã sửa — giữ khi cập nhật số liệu"))
            let v1 = try await f.store.drafts(province: f.laiChau, scope: .plan(s.plan), period: Period("2026Q2")!)
            #expect(v1.count == 1 && v1[0].edited == ["opening", "next"], "\(v1.first?.edited ?? [])")
            #expect(v1[0].change.contains("phần mở đầu") && v1[0].change.contains("số văn bản") && v1[0].change.contains("người ký"))

            // The DOCX of version 1: the clerk's words, the number, the date and the signer.
            let docx1 = try await b.get("\(base)/document?format=docx&version=1")
            #expect(docx1.status == .ok)
            let outline1 = try DOCX.outline(Data(docx1.body.readableBytesView))
            #expect(outline1.contains("Số: 123/BC-SKHCN"))
            #expect(outline1.contains("Lai Châu, ngày 10 tháng 6 năm 2026"))
            #expect(outline1.contains("P both | Quý II/2026, các cơ quan đã tích cực triển khai"))
            #expect(outline1.contains("P both | - Cần đôn đốc các xã, phường."))
            #expect(outline1.contains("VI. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI") && outline1.contains("Tiếp tục đôn đốc"))
            #expect(outline1.contains("KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC / Nguyễn Văn An"), "\(outline1)")
            #expect(outline1.contains("(Kèm theo Báo cáo số 123/BC-SKHCN ngày 10/6/2026"))

            // A ward reports a new difficulty: the page says which proposed sections changed; regenerating keeps
            // the rewritten opening and takes the new words of section III.
            try await f.store.saveReports([(s.plan, s.tanPhong, Period("2026-05")!, ReportInput(tasks: [], indicators: [],
                                                                                                 difficulties: "Thiếu thiết bị đầu cuối", proposals: ""),
                                            CivilDate(iso: "2026-05-19")!)], by: .system)
            page = String(buffer: try await b.get(base).body)
            #expect(page.contains("Có báo cáo mới từ lúc lưu") && page.contains("mục III"))
            #expect(try #require(Self.textarea(page, "s.III")) == proposedIII) // the saved version until regenerated
            let regenerated = try await b.post(base, form: ["action": "regenerate", "base": "1"])
            #expect(regenerated.status == .seeOther && regenerated.headers[.location] == "\(base)?saved=2")
            page = String(buffer: try await b.get(base).body)
            #expect(try #require(Self.textarea(page, "s.III")).contains("Thiếu thiết bị đầu cuối (UBND phường Tân Phong)."))
            #expect(try #require(Self.textarea(page, "s.opening")).hasPrefix("Quý II/2026, các cơ quan đã tích cực triển khai"))
            let outline2 = try DOCX.outline(Data(try await b.get("\(base)/document?format=docx").body.readableBytesView))
            #expect(outline2.contains("Quý II/2026, các cơ quan đã tích cực triển khai") && outline2.contains("Thiếu thiết bị đầu cuối"))
            #expect(outline2.contains("Số: 123/BC-SKHCN"))
            // The plan's report download and the command line give the latest saved version, not the system's text.
            let download = try DOCX.outline(Data(try await b.get("/plans/\(s.plan)/report?period=2026Q2&format=docx").body.readableBytesView))
            #expect(download.contains("Quý II/2026, các cơ quan đã tích cực triển khai") && download.contains("Số: 123/BC-SKHCN"))
            // Version 1 is still version 1.
            #expect(try DOCX.outline(Data(try await b.get("\(base)/document?format=docx&version=1").body.readableBytesView)) == outline1)

            // A press from a page opened before version 2 is refused, its words kept.
            let stale = try await b.post(base, form: ["s.III": "Sửa muộn", "base": "1", "action": "save"])
            #expect(stale.status == .conflict && String(buffer: stale.body).contains("Đã có bản 2") && String(buffer: stale.body).contains("Sửa muộn"))

            // A version number that is not one is a wrong request, not a save.
            #expect(try await b.post(base, form: ["s.III": "x", "base": "<script>", "action": "save"]).status == .badRequest)
            #expect(try await b.post(base, form: ["s.III": "x", "base": String(repeating: "9", count: 400), "action": "save"]).status == .badRequest)
            // Reverting the opening brings back the system's words; the edit is no longer kept.
            #expect(try await b.post(base, form: ["revert.opening": "1", "base": "2", "action": "save"]).status == .seeOther)
            let v3 = try await f.store.drafts(province: f.laiChau, scope: .plan(s.plan), period: Period("2026Q2")!)
            #expect(v3.count == 3 && v3[0].edited == ["next"])
            #expect(v3[0].document.sections.first { $0.key == "opening" }?.text.hasPrefix("Thực hiện") == true)

            // Every save is audited; the print view and the workbook read the saved version too.
            let audit = String(buffer: try await b.get("/audit").body)
            #expect(audit.contains("Lưu dự thảo báo cáo tổng hợp"))
            let html = String(buffer: try await b.get("\(base)/document?format=html&version=1").body)
            #expect(html.contains("Nguyễn Văn An") && html.contains("Số: 123/BC-SKHCN"))
            let sheets = try XLSX.read(Data(try await b.get("\(base)/document?format=xlsx&version=1").body.readableBytesView))
            #expect(sheets[0].rows.contains { $0.contains { $0.text.contains("Quý II/2026, các cơ quan") } })
            #expect(try await b.get("\(base)/document?format=docx&version=9").status == .notFound)

            // Leaders read the saved drafts but do not edit them.
            var viewer = Browser(client)
            _ = try await viewer.signIn("viewer")
            #expect(try await viewer.get("\(base)/document?format=docx").status == .ok)
            #expect(try await viewer.get(base).status == .forbidden)
        }
    }

    @Test("the province's report across its plans: one document, each plan a field, opened from the dashboard")
    func province() async throws {
        let f = try await WebFixture.make()
        defer { f.remove() }
        let s = try await DashboardTests.setUp(f)
        try await f.test { client in
            var b = Browser(client)
            _ = try await b.signIn("coordinator")
            let dashboard = String(buffer: try await b.get("/dashboard").body)
            #expect(dashboard.contains("name=\"scope\" value=\"tinh\""))
            let go = try await b.get("/drafts?scope=tinh&period=2026Q2")
            #expect(go.status == .seeOther && go.headers[.location] == "/drafts/tinh/2026Q2")
            let page = try await b.get("/drafts/tinh/2026Q2")
            #expect(page.status == .ok)
            let outline = try DOCX.outline(Data(try await b.get("/drafts/tinh/2026Q2/document?format=docx").body.readableBytesView))
            #expect(outline.contains("Kết quả thực hiện chuyển đổi số trên địa bàn tỉnh Lai Châu quý II/2026"))
            let plans = try await f.store.plans(in: f.laiChau)
            #expect(plans.count >= 2)
            for p in plans { #expect(outline.contains(p.info.title), "\(p.info.title)") }
            #expect(outline.contains("- Thiếu nhân lực (Sở Tư pháp)."))
            _ = s
            #expect(try await b.get("/drafts?scope=tinh&period=2026Q9").status == .badRequest)
        }
    }
}
