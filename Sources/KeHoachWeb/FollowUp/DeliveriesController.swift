import Foundation
import Hummingbird
import KeHoachApp
import KeHoachCore

/// The delivery log: every mail queued for people of the coordinator's province, its state, attempts and the relay's
/// last answer (what a coordinator checks when an agency says it got nothing).
struct DeliveriesController {
    let app: AppServices
    let relay: String?

    func register(_ router: RouteTable) {
        router.get("/deliveries", use: list)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.require(.viewAudit, request, province: context.user?.provinceID)
        let items = try await app.store.deliveries(province: user.role == .administrator ? nil : user.provinceID, limit: 300)
        func when(_ s: String?) -> String? { s.flatMap { VietnameseTime.text(stamp: $0) } }
        let view = DeliveriesView(
            relay: relay, count: items.count,
            counts: MailDelivery.Status.allCases.map { s in .init(label: s.label, count: items.filter { $0.status == s }.count) },
            rows: items.map { d in
                .init(created: when(d.createdAt) ?? d.createdAt, to: d.message.to, subject: d.message.subject, status: d.status.label, code: d.status.rawValue,
                      attempts: d.attempts, error: d.lastError, sent: when(d.sentAt), next: d.status == .pending && d.attempts > 0 ? when(d.nextAttemptAt) : nil)
            })
        return app.pages.render(.deliveries, title: "Nhật ký gửi thư", view: view, context: context)
    }
}

/// `deliveries`: the mail queue and what became of each mail.
struct DeliveriesView: Encodable {
    struct Count: Encodable { var label: String; var count: Int }
    struct Row: Encodable {
        var created, to, subject, status, code: String
        var attempts: Int
        var error, sent, next: String?
    }
    var relay: String?
    var count: Int
    var counts: [Count]
    var rows: [Row]
}
