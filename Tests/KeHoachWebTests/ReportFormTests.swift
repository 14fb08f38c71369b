import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KeHoachCore
import KeHoachStore
import Testing

/// The report form of an agency with many tasks (Lào Cai's Sở KH&CN in seed 004): what it leads first, what it only
/// supports lighter, groups that fold, a summary, and nothing typed ever lost.
@Suite("The long report form")
struct ReportFormTests {
    /// The reporter's agency, its scope in the Lào Cai plan and the form's address.
    struct Setup {
        var agency: Agency.ID
        var scope: ReportScope
        var uri: String
        var lead: [String] { scope.tasks.filter { scope.leading.contains($0) }.map(\.description) }
        var partner: [String] { scope.tasks.filter { !scope.leading.contains($0) }.map(\.description) }
    }

    static func setup(_ f: WebFixture) async throws -> Setup {
        let agency = try #require(try await f.store.user(named: "reporterlaocai")?.0.agencyID)
        let scope = try await f.store.reportScope(plan: f.laoCaiPlan, agency: agency)
        return Setup(agency: agency, scope: scope, uri: "/reports/\(f.laoCaiPlan)/2026-05")
    }

    /// On 18/05/2026, the reporter of Lào Cai's Sở KH&CN signed in with May's form open.
    static func withForm(_ body: @Sendable @escaping (WebFixture, Setup, inout Browser) async throws -> Void) async throws {
        let f = try await WebFixture.make(clock: TestClock(2026, 5, 18))
        defer { f.remove() }
        let s = try await setup(f)
        try await f.test { client in
            var reporter = Browser(client)
            _ = try await reporter.signIn("reporterlaocai")
            _ = try await reporter.get(s.uri)
            try await body(f, s, &reporter)
        }
    }

    @Test("the tasks it leads come first, by group, folded with their counts; the tasks it supports apart, their status optional on submission")
    func leadThenPartner() async throws {
        let f = try await WebFixture.make(clock: TestClock(2026, 5, 18))
        defer { f.remove() }
        let s = try await Self.setup(f)
        try #require(s.lead.count > 12 && !s.partner.isEmpty, "seed 004: Sở KH&CN leads \(s.lead.count) tasks and supports \(s.partner.count)")
        try await f.test { client in
            var reporter = Browser(client)
            _ = try await reporter.signIn("reporterlaocai")
            let page = String(buffer: try await reporter.get(s.uri).body)
            let leading = try #require(page.range(of: "Nhiệm vụ chủ trì (\(s.lead.count))"))
            let supporting = try #require(page.range(of: "Nhiệm vụ phối hợp (\(s.partner.count))"))
            #expect(leading.lowerBound < supporting.lowerBound)
            // Every lead task sits before the partner section, every partner task after it.
            for id in s.lead { #expect(try #require(page.range(of: "name=\"task.\(id).status\"")).lowerBound < supporting.lowerBound) }
            for id in s.partner { #expect(try #require(page.range(of: "name=\"task.\(id).status\"")).lowerBound > supporting.lowerBound) }
            // A long form folds: no group is open before anything is wrong, and each says how much is filled.
            #expect(page.contains("<details class=\"group\">") && !page.contains("<details class=\"group\" open>"))
            #expect(page.contains("0/\(s.lead.count)</strong> đã chọn tình trạng"))
            // Save and submit at the top (before the first task) and at the bottom.
            let buttons = page.ranges(of: "value=\"submit\"")
            #expect(buttons.count == 2 && buttons[0].lowerBound < leading.lowerBound)

            // A submission with a status for every lead task and none for the partner tasks is accepted.
            var fields: [String: String] = ["action": "submit"]
            for id in s.lead { fields["task.\(id).status"] = "in-progress" }
            fields["task.\(s.partner[0]).note"] = "Đã cử cán bộ tham gia tổ công tác"
            let sent = try await reporter.post(s.uri, form: fields)
            #expect(sent.status == .seeOther, "\(String(buffer: sent.body).prefix(3000))")
            let stored = try #require(try await f.store.report(plan: f.laoCaiPlan, agency: s.agency, period: Period("2026-05")!))
            #expect(stored.status == .submitted)
            #expect(stored.input.tasks.first { $0.taskID.description == s.partner[0] }?.note == "Đã cử cán bộ tham gia tổ công tác")
            // Submitted, it takes no file: a 409 on the site's error page, saying who can open it again.
            let pdf = Data("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".utf8)
            let late = try await reporter.upload(s.uri + "/files", fields: [:], file: "muon.pdf", data: pdf)
            #expect(late.status == .conflict && String(buffer: late.body).contains("cần cơ quan điều phối mở lại") && String(buffer: late.body).contains("<nav"))
        }
    }

    @Test("a refused press lists every problem at the top, linking to its field; every value stays as typed; its group opens")
    func refusedKeepsTyped() async throws {
        try await Self.withForm { f, s, reporter in
            var fields: [String: String] = ["action": "submit", "difficulties": "Thiếu kinh phí", "task.\(s.lead[1]).percent": "khoảng 50",
                                            "task.\(s.lead[1]).note": "Đã trình dự thảo <lần 2>"]
            for id in s.lead.dropFirst(2) { fields["task.\(id).status"] = "in-progress" }
            fields["task.\(s.lead[1]).status"] = "in-progress"
            let refused = try await reporter.post(s.uri, form: fields)
            #expect(refused.status == .unprocessableContent)
            let page = String(buffer: refused.body)
            // The summary at the top: the missing status of the first task and the unreadable percentage, each a link.
            let summary = try #require(page.range(of: "id=\"problems\""))
            #expect(summary.lowerBound < (page.range(of: "Nhiệm vụ chủ trì (")?.lowerBound ?? page.startIndex))
            #expect(page.contains("<a href=\"#s-\(s.lead[0])\">") && page.contains("Cần chọn tình trạng thực hiện."))
            #expect(page.contains("<a href=\"#p-\(s.lead[1])\">") && page.contains("Không phải là số."))
            #expect(page.contains("id=\"p-\(s.lead[1])\""))
            // As typed: the refused value, the note (escaped), the chosen statuses, the difficulties.
            #expect(page.contains("value=\"khoảng 50\""))
            #expect(page.contains("Đã trình dự thảo &lt;lần 2&gt;") && page.contains(">Thiếu kinh phí</textarea>"))
            #expect(page.contains("name=\"task.\(s.lead[3]).status\"><option value=\"\">—</option><option value=\"not-started\">Chưa triển khai</option><option value=\"in-progress\" selected>"))
            // The group holding a problem opens; nothing was saved.
            #expect(page.contains("<details class=\"group\" open>"))
            #expect(try await f.store.report(plan: f.laoCaiPlan, agency: s.agency, period: Period("2026-05")!) == nil)
        }
    }

    @Test("a draft is confirmed; an evidence file attached from the form saves what is typed first; a refused file or form keeps it as typed")
    func draftsAndFiles() async throws {
        try await Self.withForm { f, s, reporter in
            let draft = try await reporter.post(s.uri, form: ["action": "save", "task.\(s.lead[0]).note": "Bắt đầu"])
            let location = try #require(draft.headers[.location])
            #expect(String(buffer: try await reporter.get(location).body).contains("Đã lưu bản nháp. Báo cáo chưa được gửi"))

            // The whole form with a file, to the attach button's address: saved as a draft, then the file kept.
            let pdf = Data("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".utf8)
            let typed = ["action": "attach", "task": s.lead[0], "task.\(s.lead[0]).note": "Đã ban hành quyết định",
                         "task.\(s.lead[0]).status": "completed", "task.\(s.lead[0]).completedOn": "2026-05-10", "proposals": "Bổ sung biên chế"]
            let attached = try await reporter.upload(s.uri + "/files", fields: typed, file: "Quyết định 933.pdf", data: pdf)
            #expect(attached.status == .seeOther)
            #expect(attached.headers[.location]?.hasSuffix("saved=attached") == true)
            let report = try #require(try await f.store.report(plan: f.laoCaiPlan, agency: s.agency, period: Period("2026-05")!))
            #expect(report.status == .draft && report.input.proposals == "Bổ sung biên chế")
            #expect(report.input.tasks.first { $0.taskID.description == s.lead[0] }?.note == "Đã ban hành quyết định")
            #expect(try await f.store.attachments(of: report.id).map(\.name) == ["Quyết định 933.pdf"])
            let page = String(buffer: try await reporter.get(s.uri).body)
            #expect(page.contains("Quyết định 933.pdf"))

            // A form with an unreadable value: nothing saved, nothing attached, the values as typed, and why.
            var wrong = typed
            wrong["task.\(s.lead[0]).percent"] = "gần xong"
            wrong["proposals"] = "Đổi ý"
            let refused = try await reporter.upload(s.uri + "/files", fields: wrong, file: "Biên bản.pdf", data: pdf)
            #expect(refused.status == .unprocessableContent)
            let body = String(buffer: refused.body)
            #expect(body.contains("Tệp chưa được đính kèm vì báo cáo còn lỗi") && body.contains("value=\"gần xong\"") && body.contains(">Đổi ý</textarea>"))
            // A file of the wrong kind: refused with its reason, the form as typed.
            let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D])
            let lying = try await reporter.upload(s.uri + "/files", fields: typed.merging(["proposals": "Lần ba"]) { $1 }, file: "anh.pdf", data: png)
            #expect(lying.status == .unsupportedMediaType && String(buffer: lying.body).contains(">Lần ba</textarea>"))
            let after = try #require(try await f.store.report(plan: f.laoCaiPlan, agency: s.agency, period: Period("2026-05")!))
            #expect(after.input.proposals == "Bổ sung biên chế")
            #expect(try await f.store.attachments(of: report.id).count == 1)
        }
    }

    @Test("a long report (every task with a paragraph of notes, 200 KB) is taken whole")
    func longReport() async throws {
        try await Self.withForm { f, s, reporter in
            var fields: [String: String] = ["action": "save"]
            let paragraph = String(repeating: "Đã tổ chức triển khai, hướng dẫn các đơn vị cập nhật dữ liệu. ", count: 12)
            for id in s.lead + s.partner { fields["task.\(id).note"] = paragraph }
            #expect(try await reporter.post(s.uri, form: fields).status == .seeOther)
            let report = try #require(try await f.store.report(plan: f.laoCaiPlan, agency: s.agency, period: Period("2026-05")!))
            #expect(report.input.tasks.count == s.scope.tasks.count && report.input.tasks.allSatisfy { $0.note == paragraph.trimmingCharacters(in: .whitespaces) })
        }
    }
}
