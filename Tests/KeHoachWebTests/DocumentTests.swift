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

/// The consolidated report of the dashboard fixture (DashboardTests.setUp): its DOCX structure against a golden
/// outline checked by hand, and the downloads with their permissions.
@Suite("Documents", .serialized)
struct DocumentTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/consolidated-2026Q2.txt")

    @Test("the quarter's DOCX has the golden structure: heading, sections from the agencies' words, appendices")
    func goldenOutline() async throws {
        let f = try await WebFixture.make()
        defer { f.remove() }
        let s = try await DashboardTests.setUp(f)
        let plan = try #require(try await f.store.plan(s.plan))
        let doc = try await ReportDocuments.consolidated(store: f.store, plan: plan, period: Period("2026Q2")!, date: CivilDate(iso: "2026-06-05")!)
        let outline = try DOCX.outline(try DOCX.write(doc, modified: Date(timeIntervalSince1970: 0)))
        if ProcessInfo.processInfo.environment["KEHOACH_UPDATE_GOLDEN"] == "1" {
            try outline.write(to: Self.golden, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: Self.golden, encoding: .utf8)
        #expect(outline == expected, "regenerate with KEHOACH_UPDATE_GOLDEN=1 and review the diff by hand")
        // What the fixture's agencies wrote is there, attributed.
        #expect(outline.contains("- Đề nghị bổ sung kinh phí (Sở Khoa học và Công nghệ)."))
        #expect(outline.contains("- Thiếu nhân lực (Sở Tư pháp)."))
        // The issuer's name breaks between words; the tasks' lead results are sentences under their group.
        #expect(outline.contains("SỞ KHOA HỌC / VÀ CÔNG NGHỆ"))
        #expect(outline.contains("- T6 Tập huấn kỹ năng số (Sở Khoa học và Công nghệ): đã tập huấn 300 người."))
        #expect(outline.contains("Lai Châu, ngày 05 tháng 6 năm 2026"))
        // A quarter whose reports are not due yet is still owed by every reporting agency, not by the one that sent
        // early: the opening counts against all of them.
        let next = try await ReportDocuments.consolidated(store: f.store, plan: plan, period: Period("2026Q3")!, date: CivilDate(iso: "2026-07-10")!)
        let nextOutline = try DOCX.outline(try DOCX.write(next, modified: Date(timeIntervalSince1970: 0)))
        #expect(nextOutline.contains("/40 cơ quan, đơn vị đã gửi báo cáo"), "\(nextOutline.prefix(800))")
        // A year before the plan entered the system owes nothing.
        let before = try await ReportDocuments.consolidated(store: f.store, plan: plan, period: Period("2024")!, date: CivilDate(iso: "2026-07-10")!)
        #expect(try DOCX.outline(try DOCX.write(before, modified: Date(timeIntervalSince1970: 0))).contains("0/0 cơ quan, đơn vị đã gửi báo cáo"))
    }

    @Test("downloads: DOCX, XLSX and the print view for coordinators and viewers; an agency its own report only")
    func downloads() async throws {
        let f = try await WebFixture.make()
        defer { f.remove() }
        let s = try await DashboardTests.setUp(f)
        try await f.test { client in
            var b = Browser(client)
            _ = try await b.signIn("viewer")
            let docx = try await b.get("/plans/\(s.plan)/report?period=2026Q2&format=docx")
            #expect(docx.status == .ok)
            #expect(docx.headers[.contentType] == ReportDocuments.Format.docx.mediaType)
            #expect(docx.headers[.contentDisposition]?.contains(".docx") == true)
            let outline = try DOCX.outline(Data(docx.body.readableBytesView))
            #expect(outline.contains("BÁO CÁO") && outline.contains("Đề nghị bổ sung kinh phí"))
            let xlsx = try await b.get("/plans/\(s.plan)/report?period=2026Q2&format=xlsx")
            let sheets = try XLSX.read(Data(xlsx.body.readableBytesView))
            #expect(sheets.map(\.name) == ["Báo cáo", "Phụ lục I", "Phụ lục II", "Phụ lục III"])
            #expect(sheets[1].rows.dropFirst(2).filter { !($0.first?.text ?? "").isEmpty }.count == 5) // five indicators under their group rows
            // The appendix's figures are the dashboard's (the quarter under way, written today).
            let api = try JSONSerialization.jsonObject(with: Data(try await b.get("/api/v1/dashboard/indicators?plan=\(s.plan)").body.readableBytesView)) as! [[String: Any]]
            let labels = Dictionary(uniqueKeysWithValues: IndicatorStatus.allCases.map { ($0.rawValue, $0.label) })
            for row in sheets[1].rows.dropFirst(2) where !row[0].text.isEmpty {
                let code = row[0].text
                let fromAPI = api.first { $0["code"] as? String == code }
                #expect(row.last?.text == labels[fromAPI?["status"] as? String ?? ""], "indicator \(code)")
            }
            #expect(sheets[2].rows.contains { $0.first?.text == "T1" })
            let html = String(buffer: try await b.get("/plans/\(s.plan)/report?period=2026Q2").body)
            #expect(html.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") && html.contains("/static/report.css") && !html.contains("<style>"))
            #expect(try await b.get("/plans/\(s.plan)/report?period=2026Q9").status == .badRequest)
            #expect(try await b.get("/plans/\(s.plan)/report?period=2026Q2&format=pdf").status == .badRequest)

            var reporter = Browser(client)
            _ = try await reporter.signIn("reporter") // Sở KH&CN of Lai Châu
            #expect(try await reporter.get("/plans/\(s.plan)/report?period=2026Q2").status == .forbidden)
            let own = try await reporter.get("/reports/\(s.plan)/2026-04/document?format=docx")
            #expect(own.status == .ok)
            let ownOutline = try DOCX.outline(Data(own.body.readableBytesView))
            #expect(ownOutline.contains("SỞ KHOA HỌC / VÀ CÔNG NGHỆ") && ownOutline.contains("T6 Tập huấn kỹ năng số: đã tập huấn 300 người."), "\(ownOutline)")
            #expect(try await reporter.get("/reports/\(s.plan)/2026-04/document?format=docx&agency=\(f.otherAgency)").status == .ok) // the agency parameter is ignored: still its own
            #expect(!String(buffer: try await reporter.get("/reports/\(s.plan)/2026-04/document?format=html&agency=\(f.otherAgency)").body).contains("Thiếu nhân lực"))
            #expect(try await reporter.get("/reports/\(s.plan)/2026-05/document").status == .notFound) // nothing written for May
            var laoCai = Browser(client)
            _ = try await laoCai.signIn("coordinatorlaocai")
            #expect(try await laoCai.get("/plans/\(s.plan)/report?period=2026Q2").status == .forbidden)
        }
    }
}
