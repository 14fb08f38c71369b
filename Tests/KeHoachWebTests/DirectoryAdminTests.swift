import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KeHoachCore
import KeHoachReports
import KeHoachStore
import Testing

/// A coordinator completes the province's directory: the names its plans use that no agency matches are mapped,
/// made agencies or set aside as outside the province; agencies are added, renamed, merged and closed; the
/// province's list of agencies and communes is loaded from CSV or Excel. Every change is audited.
@Suite("Directory administration")
struct DirectoryAdminTests {
    @Test("an unresolved name becomes a new agency or is set aside as outside the province; the plan's tasks follow; the map list starts on 'choose'")
    func unresolvedNames() async throws {
        let f = try await WebFixture.make()
        defer { f.remove() }
        // A plan naming a body the directory lacks and a ministry, as plans do.
        let names = ["Trung tâm Phục vụ hành chính công tỉnh", "Bộ Khoa học và Công nghệ"]
        let document = PlanDocument(source: nil, plan: PlanInfo(title: "Kế hoạch thử"), indicators: [], tasks: [
            PlanTask(code: "1", group: nil, name: "Số hoá hồ sơ", leadAgencies: [names[0]], partnerAgencies: [names[1]], product: nil, deadline: nil),
        ])
        let plan = try await f.store.loadPlan(document, source: Data("thử".utf8), into: f.laiChau, replacing: nil, by: .system).planID
        try #require(Set(try await f.store.unresolvedNames(in: f.laiChau)).isSuperset(of: names))
        try await f.test { client in
            var coordinator = Browser(client)
            _ = try await coordinator.signIn("coordinator")
            let page = String(buffer: try await coordinator.get("/directory").body)
            #expect(page.contains("<option value=\"\">— chọn cơ quan —</option>"))
            #expect(page.contains("Cơ quan ngoài tỉnh (không yêu cầu báo cáo)"))

            // A new agency from the first name: the plan's references to it now resolve to the agency.
            let created = try await coordinator.post("/directory/agencies", form: ["province": f.laiChau.description, "name": names[0], "kind": "department"])
            #expect(created.status == .seeOther && created.headers[.location] == "/directory?done=created")
            let agency = try #require(try await f.store.agencies(in: f.laiChau).first { $0.name == names[0] })
            #expect(try await f.store.tasks(ofAgency: agency.id).count > 0)
            #expect(try await f.store.reportingAgencies(of: plan).contains { $0.id == agency.id })
            // Outside the province: no longer listed, shown so on the plan, asked nothing.
            let before = try await f.store.reportingAgencies(of: plan).count
            #expect(try await coordinator.post("/directory/outside", form: ["province": f.laiChau.description, "name": names[1]]).status == .seeOther)
            let left = try await f.store.unresolvedNames(in: f.laiChau)
            #expect(!left.contains(names[0]) && !left.contains(names[1]))
            #expect(try await f.store.reportingAgencies(of: plan).count == before)
            #expect(String(buffer: try await coordinator.get("/plans/\(plan)").body).contains("\(names[1]) <em class=\"muted\">(ngoài tỉnh)</em>"))
            let after = String(buffer: try await coordinator.get("/directory").body)
            #expect(after.contains("Tên cơ quan ngoài tỉnh (không yêu cầu báo cáo): \(names[1])"))
            // A name that is already an agency's cannot be set outside; a duplicate agency is refused.
            #expect(try await coordinator.post("/directory/outside", form: ["province": f.laiChau.description, "name": names[0]]).status == .conflict)
            #expect(try await coordinator.post("/directory/agencies", form: ["province": f.laiChau.description, "name": names[0], "kind": "other"]).status == .conflict)
            // Another province's coordinator cannot touch Lai Châu's directory.
            var other = Browser(client)
            _ = try await other.signIn("coordinatorlaocai")
            _ = try await other.get("/directory")
            #expect(try await other.post("/directory/agencies", form: ["province": f.laiChau.description, "name": "Sở Mới", "kind": "department"]).status == .forbidden)
            let actions = try await f.store.audit(limit: 20, offset: 0, province: nil).map(\.action)
            #expect(actions.contains("agency.create") && actions.contains("directory.outside"))
        }
    }

    @Test("rename keeps the former name as an alias; a merge passes the tasks on; a closed agency owes no report")
    func renameMergeRetire() async throws {
        let f = try await WebFixture.make()
        defer { f.remove() }
        try await f.test { client in
            var coordinator = Browser(client)
            _ = try await coordinator.signIn("coordinator")
            let agencies = try await f.store.agencies(in: f.laiChau).filter { $0.dissolvedOn == nil && !$0.isPlaceholder && $0.kind == .department }
            var leading: [Agency] = []
            for a in agencies where try await f.store.tasks(ofAgency: a.id).count > 0 { leading.append(a) }
            let renamed = try #require(leading.first { $0.aliases.isEmpty })
            _ = try await coordinator.get("/agencies/\(renamed.id)")
            let r = try await coordinator.post("/agencies/\(renamed.id)", form: ["name": renamed.name + " tỉnh", "kind": "department", "code": "000.05.H32"])
            #expect(r.status == .seeOther)
            let now = try #require(try await f.store.agency(renamed.id))
            #expect(now.name == renamed.name + " tỉnh", "\(now.name)")
            #expect(now.aliases.contains(renamed.name), "\(now.aliases) \(renamed.name)")
            #expect(now.code == "000.05.H32")
            #expect(try await f.store.searchAgencies(renamed.name, in: f.laiChau).contains { $0.id == renamed.id })
            #expect(String(buffer: try await coordinator.get(try #require(r.headers[.location])).body).contains("tên cũ được giữ làm tên gọi khác"))
            // A wrong code is refused with its reason.
            let bad = try await coordinator.post("/agencies/\(renamed.id)", form: ["name": now.name, "kind": "department", "code": "mã có dấu cách"])
            #expect(bad.status == .badRequest && String(buffer: bad.body).contains("không dấu cách"))

            // Merged into another: its tasks pass to the successor.
            let tasks = try await f.store.tasks(ofAgency: renamed.id).count
            let successor = try #require(agencies.first { $0.id != renamed.id })
            let held = try await f.store.tasks(ofAgency: successor.id).count
            #expect(try await coordinator.post("/directory/successions", form: ["predecessor": renamed.id.description, "successor": successor.id.description,
                                                                               "effectiveOn": "2026-01-01", "decision": "Quyết định số 1/QĐ-UBND", "back": "agency"])
                .headers[.location] == "/agencies/\(renamed.id)?done=succession")
            #expect(try await f.store.tasks(ofAgency: successor.id).count >= held + 1 && tasks > 0)
            // Closed without a successor: it no longer owes reports.
            let closing = try #require(agencies.first { $0.id != renamed.id && $0.id != successor.id })
            #expect(try await coordinator.post("/agencies/\(closing.id)/retire", form: ["on": "2026-03-31"]).status == .seeOther)
            #expect(try await f.store.agency(closing.id)?.owesReports == false)
            #expect(try await coordinator.post("/agencies/\(closing.id)/retire", form: ["on": "2026-04-01"]).status == .conflict)
        }
    }

    @Test("the province's list (CSV or Excel) names the placeholder communes, adds and updates agencies; a wrong row refuses the whole list")
    func loadList() async throws {
        let f = try await WebFixture.make()
        defer { f.remove() }
        let placeholders = try await f.store.agencies(in: f.laiChau).filter(\.isPlaceholder)
        try #require(placeholders.count >= 3)
        try await f.test { client in
            var coordinator = Browser(client)
            _ = try await coordinator.signIn("coordinator")
            let page = String(buffer: try await coordinator.get("/directory").body)
            // Placeholders are counted once, not listed one by one.
            #expect(page.contains("\(placeholders.count) xã, phường chưa có tên trong danh bạ"))
            #expect(!page.contains(placeholders[0].name))

            // A wrong kind: nothing loaded, the row named.
            let wrong = "Tên;Loại;Mã\nUBND xã Bản Lang;xã;X01\nTrung tâm Dữ liệu tỉnh;trung tâm;\n"
            let refused = try await coordinator.upload("/directory/list", fields: ["province": f.laiChau.description], file: "ds.csv", data: Data(wrong.utf8))
            #expect(refused.status == .unprocessableContent && String(buffer: refused.body).contains("dòng 3: loại «trung tâm» không rõ"))
            #expect(try await f.store.agencies(in: f.laiChau).filter(\.isPlaceholder).count == placeholders.count)

            // CSV from Excel (semicolons, a header in another order): two communes take placeholders' places, a new
            // centre is added, an existing department gets its code.
            let department = try #require(try await f.store.agencies(in: f.laiChau).first { $0.kind == .department && $0.dissolvedOn == nil })
            let csv = "Mã;Tên;Loại\nX01;UBND xã Bản Lang;xã\nX02;Phường Đoàn Kết;phường\nTT01;Trung tâm Dữ liệu tỉnh;sở, ban, ngành\nS01;\(department.name);Sở, ban, ngành\n"
            let loaded = try await coordinator.upload("/directory/list", fields: ["province": f.laiChau.description], file: "ds.csv", data: Data(csv.utf8))
            #expect(loaded.status == .ok)
            #expect(String(buffer: loaded.body).contains("1 cơ quan thêm mới, 2 xã, phường chưa có tên được điền tên, 1 cập nhật loại hoặc mã"))
            let all = try await f.store.agencies(in: f.laiChau)
            #expect(all.filter(\.isPlaceholder).count == placeholders.count - 2)
            let banLang = try #require(all.first { $0.name == "UBND xã Bản Lang" })
            #expect(banLang.id == placeholders[0].id && banLang.code == "X01" && banLang.kind == .commune)
            #expect(all.first { $0.id == department.id }?.code == "S01")
            #expect(all.contains { $0.name == "Trung tâm Dữ liệu tỉnh" && $0.kind == .department })

            // The same list as an Excel workbook changes nothing more.
            let sheet = Sheet(name: "Danh sách", rows: csv.split(separator: "\n").map { $0.split(separator: ";", omittingEmptySubsequences: false).map { .text(String($0)) } })
            let again = try await coordinator.upload("/directory/list", fields: ["province": f.laiChau.description], file: "ds.xlsx", data: try XLSX.write([sheet]))
            #expect(again.status == .ok && String(buffer: again.body).contains("0 cơ quan thêm mới, 0 xã, phường chưa có tên được điền tên, 0 cập nhật loại hoặc mã, 4 không đổi"))
        }
    }
}
