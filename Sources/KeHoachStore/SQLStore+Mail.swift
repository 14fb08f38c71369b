import Foundation
import KeHoachCore

/// E-mail addresses, the outgoing queue and the sending lease (migration 017).
extension SQLStore: MailStore {
    public func requestEmail(user: User.ID, address: String, tokenHash: String, expiresAt: Date, by actor: Actor) async throws {
        if let problem = MailMessage.problem(address: address) { throw StoreError.invalid(problem) }
        try await pool.write { db in
            try db.execute(sql: "UPDATE app_user SET email_pending = ?, email_token_hash = ?, email_token_expires = ? WHERE id = ?",
                           arguments: [address, tokenHash, self.stamp(expiresAt), user.rawValue])
            try self.appendAudit(db, action: "user.email.request", entity: "user", entityID: user.description, before: nil, after: address, by: actor)
        }
    }

    public func confirmEmail(user: User.ID, tokenHash: String, now: Date, by actor: Actor) async throws -> String {
        try await pool.write { db in
            guard let row = try SQLRow.fetchOne(db, sql: "SELECT email, email_pending, email_token_hash, email_token_expires FROM app_user WHERE id = ?",
                                                arguments: [user.rawValue]),
                  let pending = row["email_pending"] as String?, let hash = row["email_token_hash"] as String?, hash == tokenHash,
                  let expires = row["email_token_expires"] as String?, expires > self.stamp(now) else {
                throw StoreError.invalid("liên kết xác nhận không đúng hoặc đã hết hạn")
            }
            try db.execute(sql: "UPDATE app_user SET email = ?, email_pending = NULL, email_token_hash = NULL, email_token_expires = NULL WHERE id = ?",
                           arguments: [pending, user.rawValue])
            try self.appendAudit(db, action: "user.email.confirm", entity: "user", entityID: user.description, before: row["email"], after: pending, by: actor)
            return pending
        }
    }

    public func removeEmail(user: User.ID, by actor: Actor) async throws {
        try await pool.write { db in
            let before = try String.fetchOne(db, sql: "SELECT email FROM app_user WHERE id = ?", arguments: [user.rawValue])
            try db.execute(sql: "UPDATE app_user SET email = NULL, email_pending = NULL, email_token_hash = NULL, email_token_expires = NULL WHERE id = ?",
                           arguments: [user.rawValue])
            try self.appendAudit(db, action: "user.email.remove", entity: "user", entityID: user.description, before: before, after: nil, by: actor)
        }
    }

    public func emailSettings(of user: User.ID) async throws -> EmailSettings {
        try await pool.read { db in
            let row = try SQLRow.fetchOne(db, sql: "SELECT email, email_pending FROM app_user WHERE id = ?", arguments: [user.rawValue])
            return EmailSettings(email: row?["email"], pending: row?["email_pending"])
        }
    }

    public func unmailedNotices(since: Date) async throws -> [MailableNotice] {
        try await pool.write { db in
            // Old news of people who had no address then is set aside (2), never mailed.
            try db.execute(sql: "UPDATE notification SET mailed = 2 WHERE mailed = 0 AND created_at < ?", arguments: [self.stamp(since)])
            return try SQLRow.fetchAll(db, sql: """
                SELECT n.*, u.id AS uid, u.username, u.display_name, u.role, u.province_id, u.agency_id, u.must_change_password, u.disabled,
                       u.last_signin_at, u.email FROM notification n JOIN app_user u ON u.id = n.user_id
                WHERE n.mailed = 0 AND u.email IS NOT NULL AND u.disabled = 0 ORDER BY n.id
                """).map { r in
                MailableNotice(user: User(id: .init(r["uid"] as Int64), username: r["username"], displayName: r["display_name"],
                                          role: Role(rawValue: r["role"]) ?? .viewer, provinceID: (r["province_id"] as Int64?).map { .init($0) },
                                          agencyID: (r["agency_id"] as Int64?).map { .init($0) }),
                               email: r["email"], notice: Self.notice(r))
            }
        }
    }

    public func setAgencyEmail(_ agency: Agency.ID, _ address: String?, by actor: Actor) async throws {
        let address = address.map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        if let address, let problem = MailMessage.problem(address: address) { throw StoreError.invalid(problem) }
        try await pool.write { db in
            let before = try String.fetchOne(db, sql: "SELECT email FROM agency WHERE id = ?", arguments: [agency.rawValue])
            guard before != address else { return }
            try db.execute(sql: "UPDATE agency SET email = ? WHERE id = ?", arguments: [address, agency.rawValue])
            try self.appendAudit(db, action: "agency.email", entity: "agency", entityID: agency.description, before: before, after: address, by: actor)
        }
    }

    public func agencyEmail(_ agency: Agency.ID) async throws -> String? {
        try await pool.read { db in try String.fetchOne(db, sql: "SELECT email FROM agency WHERE id = ?", arguments: [agency.rawValue]) }
    }

    public func unmailedAgencyNotices(since: Date) async throws -> [(id: Int64, agency: Agency, email: String, notice: Notice)] {
        let rows = try await pool.write { db in
            try db.execute(sql: "UPDATE agency_notice SET mailed = 2 WHERE mailed = 0 AND created_at < ?", arguments: [self.stamp(since)])
            return try SQLRow.fetchAll(db, sql: """
                SELECT n.id, n.agency_id, n.key, n.kind, n.title, n.link, a.email FROM agency_notice n JOIN agency a ON a.id = n.agency_id
                WHERE n.mailed = 0 AND a.email IS NOT NULL ORDER BY n.id
                """)
        }
        var out: [(id: Int64, agency: Agency, email: String, notice: Notice)] = []
        for r in rows {
            guard let agency = try await self.agency(.init(r["agency_id"] as Int64)) else { continue }
            out.append((r["id"], agency, r["email"], Notice(kind: Notice.Kind(rawValue: r["kind"]) ?? .reportReturned, key: r["key"], title: r["title"], link: r["link"])))
        }
        return out
    }

    @discardableResult
    public func enqueueMail(_ mails: [OutgoingMail], now: Date) async throws -> Int {
        guard !mails.isEmpty else { return 0 }
        let stamp = stamp(now)
        return try await pool.write { db in
            var added = 0
            for m in mails {
                let before = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM mail_delivery WHERE key = ?", arguments: [m.key]) ?? 0
                guard before == 0 else { continue }
                try db.execute(sql: """
                    INSERT INTO mail_delivery (key, user_id, address, kind, subject, text_body, html_body, status, attempts, next_attempt_at, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)
                    """, arguments: [m.key, m.userID?.rawValue, m.message.to, m.kind, m.message.subject, m.message.text, m.message.html, stamp, stamp])
                for n in m.notices { try db.execute(sql: "UPDATE notification SET mailed = 1 WHERE id = ?", arguments: [n.rawValue]) }
                if let a = m.agencyNotice { try db.execute(sql: "UPDATE agency_notice SET mailed = 1 WHERE id = ?", arguments: [a]) }
                added += 1
            }
            return added
        }
    }

    public func acquireMailLease(holder: String, now: Date, seconds: Int) async throws -> Bool {
        let nowStamp = stamp(now), until = stamp(now.addingTimeInterval(TimeInterval(seconds)))
        return try await pool.write { db in
            try db.execute(sql: """
                UPDATE mail_lease SET holder = ?, expires_at = ? WHERE id = 1 AND (holder IS NULL OR holder = ? OR expires_at < ?)
                """, arguments: [holder, until, holder, nowStamp])
            return try String.fetchOne(db, sql: "SELECT holder FROM mail_lease WHERE id = 1") == holder
        }
    }

    public func claimDeliveries(holder: String, now: Date, seconds: Int, limit: Int) async throws -> [MailDelivery] {
        let nowStamp = stamp(now), until = stamp(now.addingTimeInterval(TimeInterval(seconds)))
        return try await pool.write { db in
            // Due mails, and mails a sender claimed and never finished (it stopped): claimed by this sender now.
            let ids = try Int64.fetchAll(db, sql: """
                SELECT id FROM mail_delivery WHERE (status = 'pending' AND next_attempt_at <= ?) OR (status = 'sending' AND claimed_until < ?)
                ORDER BY id LIMIT ?
                """ + db.forUpdate, arguments: [nowStamp, nowStamp, limit])
            var out: [MailDelivery] = []
            for id in ids {
                try db.execute(sql: "UPDATE mail_delivery SET status = 'sending', claimed_by = ?, claimed_until = ? WHERE id = ?", arguments: [holder, until, id])
                if let row = try SQLRow.fetchOne(db, sql: "SELECT * FROM mail_delivery WHERE id = ?", arguments: [id]) { out.append(Self.delivery(row)) }
            }
            return out
        }
    }

    public func finishDelivery(_ id: MailDelivery.ID, error: String?, permanent: Bool = false, retryScale: Double = 1, now: Date) async throws {
        let nowStamp = stamp(now)
        try await pool.write { db in
            guard let attempts = try Int.fetchOne(db, sql: "SELECT attempts FROM mail_delivery WHERE id = ?", arguments: [id.rawValue]) else { return }
            let n = attempts + 1
            if let error {
                if !permanent, let delay = MailDelivery.retryDelay(afterAttempt: n).map({ $0 * retryScale }) {
                    try db.execute(sql: """
                        UPDATE mail_delivery SET status = 'pending', attempts = ?, last_error = ?, next_attempt_at = ?, claimed_by = NULL, claimed_until = NULL WHERE id = ?
                        """, arguments: [n, String(error.prefix(500)), self.stamp(now.addingTimeInterval(delay)), id.rawValue])
                } else {
                    try db.execute(sql: "UPDATE mail_delivery SET status = 'failed', attempts = ?, last_error = ?, claimed_by = NULL, claimed_until = NULL WHERE id = ?",
                                   arguments: [n, String(error.prefix(500)), id.rawValue])
                }
            } else {
                try db.execute(sql: "UPDATE mail_delivery SET status = 'sent', attempts = ?, sent_at = ?, claimed_by = NULL, claimed_until = NULL WHERE id = ?",
                               arguments: [n, nowStamp, id.rawValue])
            }
        }
    }

    public func deliveries(province: Province.ID?, limit: Int) async throws -> [MailDelivery] {
        try await pool.read { db in
            let rows = if let province {
                try SQLRow.fetchAll(db, sql: """
                    SELECT d.* FROM mail_delivery d JOIN app_user u ON u.id = d.user_id WHERE u.province_id = ? ORDER BY d.id DESC LIMIT ?
                    """, arguments: [province.rawValue, limit])
            } else {
                try SQLRow.fetchAll(db, sql: "SELECT * FROM mail_delivery ORDER BY id DESC LIMIT ?", arguments: [limit])
            }
            return rows.map(Self.delivery)
        }
    }

    static func delivery(_ r: SQLRow) -> MailDelivery {
        MailDelivery(id: .init(r["id"] as Int64), userID: (r["user_id"] as Int64?).map { .init($0) },
                     message: MailMessage(to: r["address"], subject: r["subject"], text: r["text_body"], html: r["html_body"]), kind: r["kind"],
                     status: MailDelivery.Status(rawValue: r["status"]) ?? .pending, attempts: r["attempts"], nextAttemptAt: r["next_attempt_at"],
                     lastError: r["last_error"], createdAt: r["created_at"], sentAt: r["sent_at"])
    }
}
