import Foundation
import KeHoachCore
import KeHoachStore
import Testing

/// The outgoing mail queue and the sender's lease, on SQLite and (with KEHOACH_TEST_POSTGRES) PostgreSQL.
@Suite("Mail queue and lease")
struct MailStoreTests {
    func user(_ t: TemporaryStore, _ name: String, email: String?) async throws -> User {
        let u = try await t.store.createUser(username: name, displayName: name, passwordHash: "x", role: .viewer, province: nil, agency: nil,
                                             mustChangePassword: false, by: .system)
        if let email {
            try await t.store.requestEmail(user: u.id, address: email, tokenHash: "h-\(name)", expiresAt: Date().addingTimeInterval(3600), by: .system)
            #expect(try await t.store.confirmEmail(user: u.id, tokenHash: "h-\(name)", now: Date(), by: .system) == email)
        }
        return u
    }

    @Test("one holder of the lease at a time, across two connections to the database; taken over once it expires")
    func lease() async throws {
        let t = try await TemporaryStore(); defer { t.remove() }
        let other = try await SQLStore.open(t.store.path)
        let now = Date()
        #expect(try await t.store.acquireMailLease(holder: "a", now: now, seconds: 60))
        #expect(try await !other.acquireMailLease(holder: "b", now: now.addingTimeInterval(10), seconds: 60))
        #expect(try await t.store.acquireMailLease(holder: "a", now: now.addingTimeInterval(20), seconds: 60), "renewed by its holder")
        #expect(try await !other.acquireMailLease(holder: "b", now: now.addingTimeInterval(70), seconds: 60))
        #expect(try await other.acquireMailLease(holder: "b", now: now.addingTimeInterval(81), seconds: 60), "taken over after expiry")
        #expect(try await !t.store.acquireMailLease(holder: "a", now: now.addingTimeInterval(90), seconds: 60))
        await other.close()
    }

    @Test("a mail queued once by its key, claimed by one sender, retried with back-off, given up after the last attempt or a refusal")
    func queue() async throws {
        let t = try await TemporaryStore(); defer { t.remove() }
        let u = try await user(t, "nguoinhan", email: "nguoi.nhan@laocai.gov.vn")
        let mail = OutgoingMail(key: "notice:1", userID: u.id, kind: "report-returned",
                                message: MailMessage(to: "nguoi.nhan@laocai.gov.vn", subject: "Báo cáo bị trả lại", text: "…", html: "<p>…</p>"), notices: [])
        let now = Date()
        #expect(try await t.store.enqueueMail([mail, mail], now: now) == 1)
        #expect(try await t.store.enqueueMail([mail], now: now) == 0)
        let other = try await SQLStore.open(t.store.path)
        let claimed = try await t.store.claimDeliveries(holder: "a", now: now, seconds: 600, limit: 10)
        #expect(claimed.count == 1 && claimed[0].status == .sending)
        #expect(try await other.claimDeliveries(holder: "b", now: now, seconds: 600, limit: 10).isEmpty, "claimed once")
        // Failed: back to pending after 60 s, then 300 s …
        try await t.store.finishDelivery(claimed[0].id, error: "máy chủ thư đóng kết nối", permanent: false, retryScale: 1, now: now)
        #expect(try await other.claimDeliveries(holder: "b", now: now.addingTimeInterval(59), seconds: 600, limit: 10).isEmpty)
        var again = try await other.claimDeliveries(holder: "b", now: now.addingTimeInterval(61), seconds: 600, limit: 10)
        #expect(again.count == 1 && again[0].attempts == 1 && again[0].lastError == "máy chủ thư đóng kết nối")
        var at = now.addingTimeInterval(61)
        for attempt in 2 ... MailDelivery.maxAttempts {
            try await t.store.finishDelivery(again[0].id, error: "lỗi \(attempt)", permanent: false, retryScale: 1, now: at)
            at = at.addingTimeInterval((MailDelivery.retryDelay(afterAttempt: attempt) ?? 0) + 1)
            again = try await other.claimDeliveries(holder: "b", now: at, seconds: 600, limit: 10)
            if attempt < MailDelivery.maxAttempts { #expect(again.count == 1, "attempt \(attempt + 1)") }
        }
        let log = try await t.store.deliveries(province: nil, limit: 10)
        #expect(log.count == 1 && log[0].status == .failed && log[0].attempts == MailDelivery.maxAttempts)
        // A refusal (5xx) is final at once; a mail sent is done.
        let refused = OutgoingMail(key: "notice:2", userID: u.id, kind: "x", message: mail.message, notices: [])
        let sent = OutgoingMail(key: "notice:3", userID: u.id, kind: "x", message: mail.message, notices: [])
        try await t.store.enqueueMail([refused, sent], now: now)
        let two = try await t.store.claimDeliveries(holder: "a", now: now, seconds: 600, limit: 10)
        try await t.store.finishDelivery(two[0].id, error: "550 Mailbox unavailable", permanent: true, retryScale: 1, now: now)
        try await t.store.finishDelivery(two[1].id, error: nil, permanent: false, retryScale: 1, now: now)
        let states = try await t.store.deliveries(province: nil, limit: 10).map { ($0.status, $0.attempts) }
        #expect(states.map(\.0) == [.sent, .failed, .failed] && states.map(\.1) == [1, 1, MailDelivery.maxAttempts])
        // A sender that stopped half way: its claim expires and another sender takes the mail.
        try await t.store.enqueueMail([OutgoingMail(key: "notice:4", userID: u.id, kind: "x", message: mail.message, notices: [])], now: now)
        #expect(try await t.store.claimDeliveries(holder: "a", now: now, seconds: 600, limit: 10).count == 1)
        #expect(try await other.claimDeliveries(holder: "b", now: now.addingTimeInterval(300), seconds: 600, limit: 10).isEmpty)
        #expect(try await other.claimDeliveries(holder: "b", now: now.addingTimeInterval(601), seconds: 600, limit: 10).count == 1)
        await other.close()
    }

    @Test("addresses: confirmed only by the token sent, before it expires; notifications mailed once")
    func addresses() async throws {
        let t = try await TemporaryStore(); defer { t.remove() }
        let u = try await user(t, "canbo", email: nil)
        try await t.store.requestEmail(user: u.id, address: "can.bo@laichau.gov.vn", tokenHash: "dung", expiresAt: Date().addingTimeInterval(60), by: .system)
        await #expect(throws: StoreError.self) { try await t.store.confirmEmail(user: u.id, tokenHash: "sai", now: Date(), by: .system) }
        await #expect(throws: StoreError.self) { try await t.store.confirmEmail(user: u.id, tokenHash: "dung", now: Date().addingTimeInterval(120), by: .system) }
        await #expect(throws: StoreError.self) {
            try await t.store.requestEmail(user: u.id, address: "khong hop le", tokenHash: "x", expiresAt: Date(), by: .system)
        }
        #expect(try await t.store.emailSettings(of: u.id) == EmailSettings(email: nil, pending: "can.bo@laichau.gov.vn"))
        _ = try await t.store.confirmEmail(user: u.id, tokenHash: "dung", now: Date(), by: .system)
        #expect(try await t.store.emailSettings(of: u.id) == EmailSettings(email: "can.bo@laichau.gov.vn", pending: nil))
        try await t.store.notify([(u.id, Notice(kind: .reportDueSoon, key: "k1", title: "Báo cáo sắp đến hạn", link: "/reports/1/2026-11"))])
        let pending = try await t.store.unmailedNotices(since: Date().addingTimeInterval(-86_400))
        #expect(pending.count == 1 && pending[0].email == "can.bo@laichau.gov.vn")
        try await t.store.enqueueMail([OutgoingMail(key: "digest:\(u.id):2026-11-27", userID: u.id, kind: "digest",
                                                    message: MailMessage(to: pending[0].email, subject: "s", text: "t", html: "h"), notices: [pending[0].notice.id])], now: Date())
        #expect(try await t.store.unmailedNotices(since: Date().addingTimeInterval(-86_400)).isEmpty)
        let actions = try await t.store.audit(limit: 20, offset: 0, province: nil).map(\.action)
        #expect(actions.contains("user.email.request") && actions.contains("user.email.confirm"))
    }
}

@Suite("Agency mail")
struct AgencyMailTests {
    @Test("an agency's own address receives what is urgent for it, once, even with no officer account; set by the coordinator, audited")
    func agencyAddress() async throws {
        let t = try await TemporaryStore(); defer { t.remove() }
        try await t.store.seedDirectory()
        let province = try await t.store.provinces().first { $0.name == "Lai Châu" }!
        let agency = try await t.store.agencies(in: province.id).first { $0.name == "Sở Tư pháp" }!
        await #expect(throws: StoreError.self) { try await t.store.setAgencyEmail(agency.id, "khong-phai-dia-chi", by: .system) }
        try await t.store.setAgencyEmail(agency.id, "stp@laichau.gov.vn", by: .system)
        #expect(try await t.store.agencyEmail(agency.id) == "stp@laichau.gov.vn")
        #expect(try await t.store.audit(limit: 5, offset: 0, province: nil).contains { $0.action == "agency.email" && $0.after == "stp@laichau.gov.vn" })
        // A returned report (urgent) for the agency, which has no officer account.
        _ = try await t.load("001_5cdbf573dddbf3a5", province: "Lai Châu")
        let plan = try await t.store.plans(in: province.id).first!
        let report = try await t.store.saveReport(plan: plan.id, agency: agency.id, period: Period("2026")!,
                                                  input: ReportInput(tasks: [], indicators: [], difficulties: "", proposals: ""), submit: true,
                                                  today: CivilDate(iso: "2026-11-20")!, by: .system)
        try await t.store.returnReport(report.id, comment: "Bổ sung minh chứng", by: .system)
        let pending = try await t.store.unmailedAgencyNotices(since: Date().addingTimeInterval(-3600))
        #expect(pending.count == 1 && pending[0].email == "stp@laichau.gov.vn" && pending[0].notice.kind == .reportReturned)
        #expect(pending[0].notice.title.contains("Bổ sung minh chứng"))
        let mail = OutgoingMail(key: "agency-notice:\(pending[0].id)", userID: nil, kind: "report-returned",
                                message: MailComposer.immediate(pending[0].notice, to: pending[0].email, name: pending[0].agency.name, baseURL: "https://kehoach.example"),
                                notices: [], agencyNotice: pending[0].id)
        #expect(try await t.store.enqueueMail([mail], now: Date()) == 1)
        #expect(try await t.store.unmailedAgencyNotices(since: Date().addingTimeInterval(-3600)).isEmpty)
        #expect(mail.message.text.contains("Kính gửi Sở Tư pháp") && mail.message.text.contains("https://kehoach.example/reports/\(plan.id)/2026"))
    }
}
