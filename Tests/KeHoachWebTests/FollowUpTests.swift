import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KeHoachApp
import KeHoachCore
import KeHoachStore
import KeHoachWeb
import Testing

/// Issue 18: reminders recorded day by day, explanation requests and proposals answered, calendar feeds; each seen
/// by the people concerned on "Việc cần làm", and no one else.
@Suite("Follow-up", .serialized)
struct FollowUpTests {
    func day(_ iso: String) -> CivilDate { CivilDate(iso: iso)! }

    /// The Lai Châu plan's first owed period (its first report after the plan arrived in the system) and its due date.
    func firstDue(_ f: WebFixture) async throws -> (StoredPlan, Period, CivilDate) {
        let plan = try await f.store.plan(f.laiChauPlan)!
        let calendar = ReportingCalendar(rule: plan.info.reporting)
        let period = calendar.current(on: day(String(plan.importedAt.prefix(10))))
        return (plan, period, calendar.due(period))
    }

    @Test("a month of reminders, one day at a time: three days ahead, on the day, once missing; nothing twice; none once the report is in")
    func reminders() async throws {
        let clock = TestClock()
        let f = try await WebFixture.make(clock: clock)
        defer { f.remove() }
        let (plan, period, due) = try await firstDue(f)
        let app = KeHoachApp(store: f.store, clock: { clock.now })
        let users = try await f.store.users()
        let reporter = users.first { $0.username == "reporter" }!.id, head = users.first { $0.username == "head" }!.id
        var firstSeen: [String: [Notice.Kind: CivilDate]] = ["reporter": [:], "head": [:]]
        var today = due.adding(days: -10)
        while today <= due.adding(days: 20) {
            clock.set(today.year, today.month, today.day)
            if today == due.adding(days: -2) {
                // The head's agency (Sở Tư pháp) sends its report two days early.
                _ = try await f.store.saveReport(plan: plan.id, agency: f.otherAgency, period: period,
                                                 input: ReportInput(tasks: [], indicators: [], difficulties: "", proposals: ""), submit: true, today: today,
                                                 by: Actor(userID: head, username: "head"))
            }
            try await app.remind()
            // The same day again records nothing new (a second instance, a restart).
            #expect(try await app.remind() == 0, "\(today)")
            for (name, id) in [("reporter", reporter), ("head", head)] {
                for n in try await f.store.notices(of: id, limit: 500) where n.notice.link == "/reports/\(plan.id)/\(period)" {
                    if firstSeen[name]![n.notice.kind] == nil { firstSeen[name]![n.notice.kind] = today }
                }
            }
            today = today.adding(days: 1)
        }
        #expect(firstSeen["reporter"]![.reportDueSoon] == due.adding(days: -Reminders.reportLeadDays))
        #expect(firstSeen["reporter"]![.reportDueToday] == due)
        #expect(firstSeen["reporter"]![.reportMissing] == due.adding(days: 1))
        #expect(firstSeen["head"]![.reportDueSoon] == due.adding(days: -Reminders.reportLeadDays))
        #expect(firstSeen["head"]![.reportDueToday] == nil && firstSeen["head"]![.reportMissing] == nil, "a report sent is not chased")
        // Each event once per person, worded with the date.
        let reporterNotices = try await f.store.notices(of: reporter, limit: 500).filter { $0.notice.link == "/reports/\(plan.id)/\(period)" }
        #expect(reporterNotices.count == 3)
        #expect(reporterNotices.contains { $0.notice.title.contains("đã quá hạn ngày \(due.vietnamese) mà chưa nộp") })
        // Coordinators and leaders are not sent an agency's reminders.
        let coordinator = users.first { $0.username == "coordinator" }!.id
        #expect(try await f.store.notices(of: coordinator, limit: 10).isEmpty)
    }

    @Test("two server processes recording reminders at the same time record each once")
    func twoInstances() async throws {
        let clock = TestClock()
        let f = try await WebFixture.make(clock: clock)
        defer { f.remove() }
        let (_, _, due) = try await firstDue(f)
        clock.set(due.year, due.month, due.day)
        let second = try await SQLStore.open(f.store.path, clock: { clock.now })
        let a = KeHoachApp(store: f.store, clock: { clock.now }), b = KeHoachApp(store: second, clock: { clock.now })
        let expected = Set(try await a.reminders(in: f.laiChau).map { "\($0.0) \($0.1.key)" } + (try await a.reminders(in: f.laoCai)).map { "\($0.0) \($0.1.key)" })
        #expect(!expected.isEmpty)
        async let one = a.remind()
        async let two = b.remind()
        let added = try await one + two
        #expect(added == expected.count, "each reminder recorded by exactly one of the two")
        var stored: [String] = []
        for u in try await f.store.users() { stored += try await f.store.notices(of: u.id, limit: 5_000).map { "\(u.id) \($0.notice.key)" } }
        #expect(stored.count == expected.count && Set(stored) == expected)
        await second.close()
    }

    /// A task of the Lai Châu plan the reporter's agency leads, overdue on the clock's day, and one not overdue.
    func tasks(_ f: WebFixture, _ app: KeHoachApp) async throws -> (overdue: StoredTask, notLate: StoredTask?) {
        let province = try await f.store.province(f.laiChau)!
        let p = try await app.evaluation(of: province).plans.first { $0.plan.id == f.laiChauPlan }!
        let led = p.tasks.filter { p.assignments.taskLeads[$0.id]?.contains(f.ownAgency) ?? false }
        let overdue = led.first { p.taskResults[$0.id]?.status == .overdue }!
        return (overdue, p.tasks.first { [.notYetDue, .noDeadline, .ongoing].contains(p.taskResults[$0.id]?.status) })
    }

    @Test("a leader's explanation request: the agency is told, answers, the leader is told; shown on the task, the scorecard and the report; others cannot see or act")
    func explanation() async throws {
        let clock = TestClock(2027, 1, 15)
        let f = try await WebFixture.make(clock: clock)
        defer { f.remove() }
        let app = KeHoachApp(store: f.store, clock: { clock.now })
        let (task, notLate) = try await tasks(f, app)
        try await f.test { client in
            var leader = Browser(client)
            _ = try await leader.signIn("viewer")
            let taskPage = String(buffer: try await leader.get("/dashboard/tasks/\(task.id)").body)
            #expect(taskPage.contains("Gửi yêu cầu giải trình"))
            // Bad input names the field; a task that is not late cannot be asked about.
            let noDate = try await leader.post("/follow-ups", form: ["subject": "task:\(task.id)", "agency": f.ownAgency.description, "due": "", "question": "Vì sao chậm?"])
            #expect(noDate.status == .unprocessableContent && String(buffer: noDate.body).contains("Hạn trả lời"))
            if let notLate {
                let refused = try await leader.post("/follow-ups", form: ["subject": "task:\(notLate.id)", "agency": f.ownAgency.description, "due": "2027-01-22",
                                                                          "question": "Vì sao?"])
                #expect(refused.status == .unprocessableContent && String(buffer: refused.body).contains("quá hạn"))
            }
            let sent = try await leader.post("/follow-ups", form: ["subject": "task:\(task.id)", "agency": f.ownAgency.description, "due": "2027-01-22",
                                                                   "question": "Đề nghị giải trình nguyên nhân chậm tiến độ."])
            #expect(sent.status == .seeOther)
            let link = sent.headers[.location]!.components(separatedBy: "?")[0]
            let id = link.components(separatedBy: "/").last!

            // The agency's officer: the header counts it, "Việc cần làm" lists it, the notification opens it and is read.
            var reporter = Browser(client)
            _ = try await reporter.signIn("reporter")
            let todo = String(buffer: try await reporter.get("/todo").body)
            #expect(todo.contains("Cần trả lời") && todo.contains("Đề nghị giải trình nguyên nhân chậm tiến độ."))
            #expect(todo.contains(#"<span class="badge" aria-label="1 thông báo chưa đọc">1</span>"#))
            let notice = try await f.store.notices(of: try await f.store.user(named: "reporter")!.0.id, limit: 5).first { $0.notice.kind == .followUpRequested }!
            #expect(notice.notice.title.contains("Yêu cầu giải trình về nhiệm vụ \(task.task.code)") && notice.notice.title.contains("22/01/2027"))
            let opened = try await reporter.get("/notifications/\(notice.id)")
            #expect(opened.status == .seeOther && opened.headers[.location] == link)
            #expect(!String(buffer: try await reporter.get("/todo").body).contains("thông báo chưa đọc"))

            // Others: another agency and another province see nothing; a leader cannot answer; an officer cannot close.
            var head = Browser(client)
            _ = try await head.signIn("head")
            #expect(try await head.get(link).status == .notFound)
            var laoCai = Browser(client)
            _ = try await laoCai.signIn("coordinatorlaocai")
            #expect(try await laoCai.get(link).status == .notFound)
            _ = try await leader.get(link)
            #expect(try await leader.post(link + "/answer", form: ["answer": "x"]).status == .forbidden)
            _ = try await reporter.get(link)
            #expect(try await reporter.post(link + "/close", form: [:]).status == .forbidden)

            // The answer: an empty one is refused beside its field, the typed evidence kept.
            let empty = try await reporter.post(link + "/answer", form: ["answer": " ", "evidence": "Công văn số 12/SKHCN"])
            #expect(empty.status == .unprocessableContent)
            #expect(String(buffer: empty.body).contains("Cần ghi nội dung trả lời") && String(buffer: empty.body).contains("Công văn số 12/SKHCN"))
            // A file that says it is a PDF and is not: refused beside the field, nothing saved.
            let lying = try await reporter.upload(link + "/answer", fields: ["answer": "Chậm do kinh phí."], file: "cong-van.pdf", data: Data("không phải PDF".utf8))
            let stillOpen = try await f.store.followUp(.init(Int64(id)!))?.status == .open
            #expect(lying.status == .unprocessableContent && stillOpen)
            _ = try await reporter.get(link)
            let pdf = Data("%PDF-1.4\n% Công văn giải trình\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".utf8)
            let answered = try await reporter.upload(link + "/answer", fields: ["answer": "Chậm do chưa được bố trí kinh phí; dự kiến hoàn thành quý I/2027.",
                                                                                 "evidence": "Công văn số 12/SKHCN ngày 16/01/2027"], file: "cong-van-12.pdf", data: pdf)
            #expect(answered.status == .seeOther)
            let files = try await f.store.followUpFiles(.init(Int64(id)!))
            #expect(files.count == 1 && files[0].name == "cong-van-12.pdf" && files[0].mediaType == "application/pdf")
            #expect(String(buffer: try await leader.get(link).body).contains("/follow-ups/\(id)/files/\(files[0].id)"))
            let download = try await leader.get("/follow-ups/\(id)/files/\(files[0].id)")
            #expect(download.status == .ok && Data(download.body.readableBytesView) == pdf)
            #expect(try await head.get("/follow-ups/\(id)/files/\(files[0].id)").status == .notFound)
            #expect(try await reporter.post(link + "/answer", form: ["answer": "lần nữa"]).status == .conflict)

            // The leader is told; the task's page, the agency's scorecard and the consolidated report show the answer.
            let leaderTodo = String(buffer: try await leader.get("/todo").body)
            #expect(leaderTodo.contains("Sở Khoa học và Công nghệ đã giải trình"))
            let after = String(buffer: try await leader.get("/dashboard/tasks/\(task.id)").body)
            #expect(after.contains("Chậm do chưa được bố trí kinh phí") && after.contains("trả lời đúng hạn"))
            let card = String(buffer: try await leader.get("/dashboard/agencies/\(f.ownAgency)?period=2027").body)
            #expect(card.contains("1 trả lời đúng hạn, 0 trả lời muộn, 0 quá hạn chưa trả lời"))
            let plan = try await f.store.plan(f.laiChauPlan)!
            let report = try await ReportDocuments.consolidated(store: f.store, plan: plan, period: Period("2027Q1")!, date: day("2027-01-20"))
            let text = report.sections.flatMap(\.blocks).map { "\($0)" }.joined(separator: "\n")
            #expect(text.contains("Giải trình của Sở Khoa học và Công nghệ về nhiệm vụ \(task.task.code): Chậm do chưa được bố trí kinh phí"))

            // The coordinator closes it; every step is in the audit log.
            var coordinator = Browser(client)
            _ = try await coordinator.signIn("coordinator")
            _ = try await coordinator.get(link)
            #expect(try await coordinator.post(link + "/close", form: [:]).status == .seeOther)
            #expect(try await f.store.followUp(.init(Int64(id)!))?.status == .closed)
            let actions = try await f.store.audit(limit: 50, offset: 0, province: nil).filter { $0.entity == "follow_up" && $0.entityID == id }.map(\.action)
            #expect(Set(actions) == ["followup.create", "followup.answer", "followup.close"])
        }
    }

    @Test("proposals of a report: assigned to the agency that must answer or answered by the coordinator; the agency that wrote them sees the answers; the report lists them")
    func proposals() async throws {
        let clock = TestClock(2027, 1, 15)
        let f = try await WebFixture.make(clock: clock)
        defer { f.remove() }
        let plan = try await f.store.plan(f.laiChauPlan)!
        let period = ReportingCalendar(rule: plan.info.reporting).lastDue(on: day("2027-01-15"))
        _ = try await f.store.saveReport(plan: plan.id, agency: f.otherAgency, period: period, input: ReportInput(
            tasks: [], indicators: [], difficulties: "",
            proposals: "- Đề nghị Sở Khoa học và Công nghệ hướng dẫn kết nối nền tảng dùng chung.\n- Đề nghị UBND tỉnh bổ sung kinh phí năm 2027."),
            submit: true, today: day("2027-01-10"), by: .system)
        try await f.test { client in
            var coordinator = Browser(client)
            _ = try await coordinator.signIn("coordinator")
            let page = String(buffer: try await coordinator.get("/plans/\(plan.id)/proposals").body)
            #expect(page.contains("2 kiến nghị trong các báo cáo đã gửi; 2 chưa phân công"))
            let report = try await f.store.report(plan: plan.id, agency: f.otherAgency, period: period)!
            let first = ProposalEntry.key("Đề nghị Sở Khoa học và Công nghệ hướng dẫn kết nối nền tảng dùng chung")
            let second = ProposalEntry.key("Đề nghị UBND tỉnh bổ sung kinh phí năm 2027")
            let unknown = try await coordinator.post("/plans/\(plan.id)/proposals", form: ["report": report.id.description, "key": first, "agency": "Sở Không Có", "due": "2027-01-25"])
            #expect(unknown.status == .unprocessableContent && String(buffer: unknown.body).contains("Không có cơ quan «Sở Không Có»"))
            #expect(try await coordinator.post("/plans/\(plan.id)/proposals", form: ["report": report.id.description, "key": first,
                                                                                      "agency": "Sở Khoa học và Công nghệ", "due": "2027-01-25"]).status == .seeOther)
            #expect(try await coordinator.post("/plans/\(plan.id)/proposals", form: ["report": report.id.description, "key": second, "agency": "", "due": "2027-01-25",
                                                                                      "answer": "Đã tổng hợp trình UBND tỉnh tại kỳ họp tháng 3/2027."]).status == .seeOther)
            // Assigned once: the same proposal again is refused.
            #expect(try await coordinator.post("/plans/\(plan.id)/proposals", form: ["report": report.id.description, "key": first,
                                                                                      "agency": "Sở Khoa học và Công nghệ", "due": "2027-01-25"]).status == .conflict)
            let items = try await f.store.followUps(province: f.laiChau, plan: plan.id, agency: nil)
            #expect(items.count == 2 && items.allSatisfy { $0.kind == .proposal && $0.sourceAgencyID == f.otherAgency })
            let assigned = items.first { $0.agencyID == f.ownAgency }!
            #expect(items.first { $0.agencyID == nil }?.status == .answered)

            // The agency asked answers; the agency that wrote it sees both answers and may read, not answer.
            var reporter = Browser(client)
            _ = try await reporter.signIn("reporter")
            #expect(String(buffer: try await reporter.get("/todo").body).contains("hướng dẫn kết nối nền tảng dùng chung"))
            _ = try await reporter.get("/follow-ups/\(assigned.id)")
            #expect(try await reporter.post("/follow-ups/\(assigned.id)/answer", form: ["answer": "Sở sẽ ban hành hướng dẫn kết nối trong tháng 2/2027."]).status == .seeOther)
            var head = Browser(client)
            _ = try await head.signIn("head")
            let todo = String(buffer: try await head.get("/todo").body)
            #expect(todo.contains("Kiến nghị của đơn vị đã có trả lời") && todo.contains("Sở sẽ ban hành hướng dẫn kết nối")
                    && todo.contains("Đã tổng hợp trình UBND tỉnh"))
            #expect(try await head.get("/follow-ups/\(assigned.id)").status == .ok)
            // … and next to its proposals, on its report.
            let own = String(buffer: try await head.get("/reports/\(plan.id)/\(period)").body)
            #expect(own.contains("giao Sở Khoa học và Công nghệ · Đã trả lời") && own.contains("<strong>Trả lời:</strong> Sở sẽ ban hành hướng dẫn kết nối"))
            #expect(try await head.post("/follow-ups/\(assigned.id)/answer", form: ["answer": "x"]).status == .forbidden)
            #expect(try await f.store.notices(of: try await f.store.user(named: "head")!.0.id, limit: 10).filter { $0.notice.kind == .followUpAnswered }.count == 2)

            let document = try await ReportDocuments.consolidated(store: f.store, plan: plan, period: period, date: day("2027-01-20"))
            let text = document.sections.flatMap(\.blocks).map { "\($0)" }.joined(separator: "\n")
            #expect(text.contains("Kiến nghị của Sở Tư pháp «Đề nghị Sở Khoa học và Công nghệ hướng dẫn kết nối nền tảng dùng chung»: Sở Khoa học và Công nghệ đã trả lời: Sở sẽ ban hành hướng dẫn kết nối trong tháng 2/2027."))
            #expect(text.contains("Cơ quan điều phối đã trả lời: Đã tổng hợp trình UBND tỉnh tại kỳ họp tháng 3/2027."))
            // A viewer may not assign.
            var leader = Browser(client)
            _ = try await leader.signIn("viewer")
            #expect(try await leader.get("/plans/\(plan.id)/proposals").status == .forbidden)
        }
    }

    @Test("calendar feeds: a secret address shown once, RFC 5545 with the agency's report and task dates, stable UIDs, moved dates, revocable")
    func calendar() async throws {
        let clock = TestClock(2027, 1, 15)
        let f = try await WebFixture.make(clock: clock)
        defer { f.remove() }
        let app = KeHoachApp(store: f.store, clock: { clock.now })
        let (task, _) = try await tasks(f, app)
        try await f.test { client in
            var reporter = Browser(client)
            _ = try await reporter.signIn("reporter")
            _ = try await reporter.get("/account/calendars")
            let created = String(buffer: try await reporter.post("/account/calendars", form: ["whose": "me"]).body)
            guard let r = created.range(of: #"http://[^"]+/calendar/[0-9a-f]{64}\.ics"#, options: .regularExpression) else {
                Issue.record("no address shown"); return
            }
            let path = "/calendar/" + created[r].components(separatedBy: "/calendar/")[1]
            #expect(!String(buffer: try await reporter.get("/account/calendars").body).contains(path), "shown once")
            let anonymous = Browser(client)
            var outsider = anonymous
            let feed = try await outsider.get(path)
            #expect(feed.status == .ok && feed.headers[.contentType] == "text/calendar; charset=utf-8")
            let text = String(buffer: feed.body)
            #expect(text.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") && text.hasSuffix("END:VCALENDAR\r\n"))
            #expect(text.contains("X-WR-TIMEZONE:Asia/Ho_Chi_Minh") && text.contains("TZID:Asia/Ho_Chi_Minh"))
            for line in text.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 75, "\(line)") }
            let unfolded = text.replacingOccurrences(of: "\r\n ", with: "")
            #expect(unfolded.contains("UID:report-\(f.laiChauPlan)-") && unfolded.contains("@kehoach\r\n"), "the agency's report dates")
            func uids(_ feed: String) -> [String] { feed.components(separatedBy: "\r\n").filter { $0.hasPrefix("UID:") } }
            #expect(uids(String(buffer: try await outsider.get(path).body).replacingOccurrences(of: "\r\n ", with: "")) == uids(unfolded), "stable UIDs")
            // The overdue task's date is months back: outside the feed's window (a month back, a year ahead).
            #expect(!unfolded.contains("UID:task-\(task.id)@kehoach"))
            // Another agency's task is not in the reporter's calendar.
            let province = try await f.store.province(f.laiChau)!
            let p = try await app.evaluation(of: province).plans.first { $0.plan.id == f.laiChauPlan }!
            if let foreign = p.tasks.first(where: { !(p.assignments.taskLeads[$0.id]?.contains(f.ownAgency) ?? true) && p.taskResults[$0.id]?.due != nil }) {
                #expect(!unfolded.contains("UID:task-\(foreign.id)@kehoach"))
            }
            // The coordinator moves the task's date: it comes into the calendar on its new day.
            try await f.store.recordTaskDecision(task.id, TaskDecision(kind: .adjusted, document: "Quyết định số 5/QĐ-UBND", on: day("2027-01-14"),
                                                                       newDue: day("2027-03-31"), recordedBy: "coordinator"), by: .system)
            let moved = String(buffer: try await outsider.get(path).body).replacingOccurrences(of: "\r\n ", with: "")
            let event = moved.components(separatedBy: "BEGIN:VEVENT").first { $0.contains("UID:task-\(task.id)@kehoach") }!
            #expect(event.contains("DTSTART;VALUE=DATE:20270331") && event.contains("DTEND;VALUE=DATE:20270401"))
            // Revoked: gone; a made-up token: nothing.
            let feeds = try await f.store.calendarFeeds(createdBy: try await f.store.user(named: "reporter")!.0.id)
            #expect(feeds.count == 1 && feeds[0].lastUsedAt != nil)
            _ = try await reporter.get("/account/calendars")
            #expect(try await reporter.post("/account/calendars/\(feeds[0].id)/revoke", form: [:]).status == .seeOther)
            #expect(try await outsider.get(path).status == .notFound)
            #expect(try await outsider.get("/calendar/" + String(repeating: "a", count: 64) + ".ics").status == .notFound)
            // Someone else cannot revoke another's feed.
            var head = Browser(client)
            _ = try await head.signIn("head")
            #expect(try await head.post("/account/calendars/\(feeds[0].id)/revoke", form: [:]).status == .notFound)
        }
    }
}

@Suite("Sign-in from a link")
struct SignInFromLinkTests {
    @Test("a page opened before signing in (a mailed link) opens after it; only a path of this site")
    func next() async throws {
        let f = try await WebFixture.make()
        defer { f.remove() }
        try await f.test { client in
            var person = Browser(client)
            let asked = try await person.get("/follow-ups/12?x=1")
            #expect(asked.headers[.location] == "/signin?next=%2Ffollow%2Dups%2F12%3Fx%3D1")
            let page = String(buffer: try await person.get(asked.headers[.location]!).body)
            #expect(page.contains(#"name="next" value="/follow-ups/12?x=1""#))
            let signed = try await person.post("/signin", form: ["username": "reporter", "password": WebFixture.password, "next": "/follow-ups/12?x=1"])
            #expect(signed.headers[.location] == "/follow-ups/12?x=1")
            for hostile in ["//evil.example/x", "https://evil.example/", "/\\evil", "/signin?next=/x"] {
                var other = Browser(client)
                _ = try await other.get("/signin")
                let r = try await other.post("/signin", form: ["username": "reporter", "password": WebFixture.password, "next": hostile])
                #expect(r.headers[.location] == "/todo", "\(hostile)")
            }
        }
    }
}
