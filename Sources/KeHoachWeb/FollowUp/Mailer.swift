import CoreMetrics
import Foundation
import KeHoachApp
import KeHoachCore
import KeHoachMail
import Logging

/// The mail sender: one round queues what the notifications call for (a mail at once for each urgent one, a digest
/// a day per person for the rest, from `digestHour` Vietnam time) and hands the due mails to the relay, retrying
/// failures with back-off (`MailDelivery.retryDelay`). Only the holder of the lease in the database sends, so that
/// several server processes send each mail once; a mail is also claimed before it is sent, so that a sender that
/// stops half way leaves it to the next.
public struct Mailer: Sendable {
    let app: KeHoachApp
    let client: SMTPClient
    let configuration: SMTPConfiguration
    let baseURL: String
    let digestHour: Int
    /// This process, in the lease.
    let holder: String
    /// Retry waits multiplied by this (1 in service; tests shorten them).
    let retryScale: Double
    let logger: Logger

    public init(app: KeHoachApp, configuration: SMTPConfiguration, baseURL: String, digestHour: Int = 7, retryScale: Double = 1, logger: Logger) {
        self.retryScale = max(0.001, retryScale)
        self.app = app; self.configuration = configuration; self.client = SMTPClient(configuration); self.baseURL = baseURL
        self.digestHour = min(max(digestHour, 0), 23); self.logger = logger
        holder = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):\(UUID().uuidString.prefix(8))"
    }

    public struct Round: Sendable, Equatable {
        public var queued = 0, sent = 0, failed = 0
        /// Another process holds the lease: this one did nothing.
        public var skipped = false
    }

    /// The mails the notifications not mailed yet call for.
    public func compose(_ pending: [MailableNotice], now: Date) -> [OutgoingMail] {
        let today = CivilDate(vietnamDay: now)
        let hour = Int(((now.timeIntervalSince1970 + 7 * 3600).truncatingRemainder(dividingBy: 86_400)) / 3600)
        var out: [OutgoingMail] = []
        for (_, items) in Dictionary(grouping: pending, by: { $0.user.id }).sorted(by: { $0.key < $1.key }) {
            guard let first = items.first else { continue }
            for n in items where n.notice.notice.urgent {
                out.append(OutgoingMail(key: "notice:\(n.notice.id)", userID: first.user.id, kind: n.notice.notice.kind.rawValue,
                                        message: MailComposer.immediate(n.notice.notice, to: first.email, name: first.user.displayName, baseURL: baseURL),
                                        notices: [n.notice.id]))
            }
            let rest = items.filter { !$0.notice.notice.urgent }
            if !rest.isEmpty && hour >= digestHour {
                out.append(OutgoingMail(key: "digest:\(first.user.id):\(today)", userID: first.user.id, kind: "digest",
                                        message: MailComposer.digest(rest.map(\.notice.notice), to: first.email, name: first.user.displayName, day: today, baseURL: baseURL),
                                        notices: rest.map(\.notice.id)))
            }
        }
        return out
    }

    /// One round: queue, then send what is due.
    @discardableResult
    public func round() async throws -> Round {
        var r = Round()
        let now = app.clock()
        guard try await app.store.acquireMailLease(holder: holder, now: now, seconds: 120) else { r.skipped = true; return r }
        let since = now.addingTimeInterval(-7 * 86_400)
        // Agencies' own addresses: what is urgent for the agency, addressed to it.
        let agencyMail = try await app.store.unmailedAgencyNotices(since: since).map { n in
            OutgoingMail(key: "agency-notice:\(n.id)", userID: nil, kind: n.notice.kind.rawValue,
                         message: MailComposer.immediate(n.notice, to: n.email, name: n.agency.name, baseURL: baseURL), notices: [], agencyNotice: n.id)
        }
        r.queued = try await app.store.enqueueMail(compose(try await app.store.unmailedNotices(since: since), now: now) + agencyMail, now: now)
        let batch = try await app.store.claimDeliveries(holder: holder, now: now, seconds: 600, limit: 50)
        guard !batch.isEmpty else { return r }
        let results = await client.send(batch.map { ($0.message, "<\($0.id).\(UUID().uuidString.prefix(12))@kehoach>") }, date: now)
        for (delivery, error) in zip(batch, results) {
            try await app.store.finishDelivery(delivery.id, error: error?.description, permanent: error?.permanent ?? false, retryScale: retryScale, now: app.clock())
            Counter(label: "kehoach_mail_deliveries_total", dimensions: [("result", error == nil ? "sent" : (error!.permanent ? "refused" : "failed"))]).increment()
            if let error {
                r.failed += 1
                logger.warning("mail not sent", metadata: ["delivery": "\(delivery.id)", "attempt": "\(delivery.attempts + 1)", "error": "\(error.description)"])
            } else {
                r.sent += 1
            }
        }
        logger.info("mail round", metadata: ["relay": "\(configuration)", "sent": "\(r.sent)", "failed": "\(r.failed)"])
        return r
    }
}
