import Foundation
import KeHoachCore

/// Explanation requests and proposals to answer, notifications, calendar feeds (migration 016).
extension SQLStore: FollowUpStore {
    public func createFollowUp(_ request: FollowUpRequest, province: Province.ID, notice: @escaping @Sendable (FollowUp) -> Notice?,
                               by actor: Actor) async throws -> FollowUp {
        let now = stamp(clock())
        let question = request.question.trimmingCharacters(in: .whitespacesAndNewlines)
        let id: Int64 = try await pool.write { db in
            guard try Int64.fetchOne(db, sql: "SELECT province_id FROM plan WHERE id = ?", arguments: [request.planID.rawValue]) == province.rawValue else {
                throw StoreError.notFound("kế hoạch \(request.planID)")
            }
            try db.execute(sql: """
                INSERT INTO follow_up (province_id, plan_id, kind, agency_id, task_id, indicator_id, report_id, source_agency_id, period, question,
                                       due, status, requested_by_id, requested_by, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?)
                """, arguments: [province.rawValue, request.planID.rawValue, request.kind.rawValue, request.agencyID?.rawValue, request.taskID?.rawValue,
                                 request.indicatorID?.rawValue, request.reportID?.rawValue, request.sourceAgencyID?.rawValue,
                                 request.period?.description, question, request.due.description, actor.userID?.rawValue, actor.username, now])
            let id = try db.lastInsertedRowID()
            let item = try Self.followUp(db, id)!
            try self.appendAudit(db, action: "followup.create", entity: "follow_up", entityID: String(id), before: nil,
                                 after: "\(request.kind.label): \(question) · hạn \(request.due.vietnamese)", by: actor)
            if let agency = item.agencyID, let n = notice(item) { try self.notifyAgency(db, agency, n) }
            try self.bumpVersion(db)
            return id
        }
        return try await followUp(.init(id))!
    }

    public func followUp(_ id: FollowUp.ID) async throws -> FollowUp? {
        try await pool.read { db in try Self.followUp(db, id.rawValue) }
    }

    public func followUps(province: Province.ID?, plan: StoredPlan.ID?, agency: Agency.ID?) async throws -> [FollowUp] {
        var conditions: [String] = [], arguments: [any SQLEncodable] = []
        if let province { conditions.append("province_id = ?"); arguments.append(province.rawValue) }
        if let plan { conditions.append("plan_id = ?"); arguments.append(plan.rawValue) }
        if let agency { conditions.append("(agency_id = ? OR source_agency_id = ?)"); arguments += [agency.rawValue, agency.rawValue] }
        let sql = "SELECT * FROM follow_up" + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")) + " ORDER BY id"
        let args = SQLArguments(values: arguments.map(\.sqlValue))
        return try await pool.read { db in try SQLRow.fetchAll(db, sql: sql, arguments: args).map(Self.followUp) }
    }

    public func proposalTexts(of plan: StoredPlan.ID) async throws -> [(report: ReportSummary, text: String)] {
        try await pool.read { db in
            try SQLRow.fetchAll(db, sql: """
                SELECT id, agency_id, period, status, first_submitted_on, proposals FROM report
                WHERE plan_id = ? AND status IN ('submitted', 'accepted') AND proposals <> ''
                """, arguments: [plan.rawValue]).compactMap { r in
                guard let p = Period(r["period"] as String) else { return nil }
                return (ReportSummary(id: .init(r["id"] as Int64), agencyID: .init(r["agency_id"] as Int64), period: p,
                                      status: ReportStatus(rawValue: r["status"]) ?? .submitted,
                                      firstSubmittedOn: (r["first_submitted_on"] as String?).flatMap(CivilDate.init(iso:))), r["proposals"] as String)
            }
        }
    }

    public func answerFollowUp(_ id: FollowUp.ID, answer: String, evidence: String?, files: [FollowUpFile] = [], today: CivilDate,
                               notice: @escaping @Sendable (FollowUp) -> Notice, by actor: Actor) async throws -> FollowUp {
        let text = answer.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw StoreError.invalid("cần ghi nội dung trả lời") }
        guard text.count <= FollowUpRequest.maxAnswer else { throw StoreError.invalid("nội dung trả lời quá dài") }
        let evidence = evidence.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : String($0.prefix(2_000)) }
        let now = stamp(clock())
        return try await pool.write { db in
            guard let before = try Self.followUp(db, id.rawValue, lock: true) else { throw StoreError.notFound("mục \(id)") }
            guard before.status == .open else { throw StoreError.conflict("mục này \(before.status.label.lowercased())") }
            try db.execute(sql: """
                UPDATE follow_up SET status = 'answered', answer = ?, evidence = ?, answered_by = ?, answered_at = ?, answered_on = ? WHERE id = ?
                """, arguments: [text, evidence, actor.username, now, today.description, id.rawValue])
            for f in files {
                try db.execute(sql: """
                    INSERT INTO follow_up_file (follow_up_id, sha256, name, media_type, size, uploaded_at, username) VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [id.rawValue, f.sha256, f.name, f.mediaType, f.size, now, actor.username])
            }
            let item = try Self.followUp(db, id.rawValue)!
            try self.appendAudit(db, action: "followup.answer", entity: "follow_up", entityID: id.description, before: before.status.rawValue,
                                 after: "answered: \(text)" + (evidence.map { " · \($0)" } ?? "") + files.map { " · tệp \($0.name)" }.joined(), by: actor)
            let n = notice(item)
            if let requester = try Int64.fetchOne(db, sql: "SELECT requested_by_id FROM follow_up WHERE id = ?", arguments: [id.rawValue]) {
                try self.insertNotices(db, [(.init(requester), n)])
            }
            if item.kind == .proposal, let source = item.sourceAgencyID, source != item.agencyID { try self.notifyAgency(db, source, n) }
            try self.bumpVersion(db)
            return item
        }
    }

    public func followUpFiles(_ id: FollowUp.ID) async throws -> [FollowUpFile] {
        try await pool.read { db in
            try SQLRow.fetchAll(db, sql: "SELECT * FROM follow_up_file WHERE follow_up_id = ? ORDER BY id", arguments: [id.rawValue]).map(Self.file)
        }
    }

    public func followUpFile(_ id: FollowUpFile.ID) async throws -> FollowUpFile? {
        try await pool.read { db in try SQLRow.fetchOne(db, sql: "SELECT * FROM follow_up_file WHERE id = ?", arguments: [id.rawValue]).map(Self.file) }
    }

    static func file(_ r: SQLRow) -> FollowUpFile {
        FollowUpFile(id: .init(r["id"] as Int64), followUpID: .init(r["follow_up_id"] as Int64), sha256: r["sha256"], name: r["name"],
                     mediaType: r["media_type"], size: r["size"])
    }

    public func closeFollowUp(_ id: FollowUp.ID, by actor: Actor) async throws -> FollowUp {
        try await pool.write { db in
            guard let before = try Self.followUp(db, id.rawValue, lock: true) else { throw StoreError.notFound("mục \(id)") }
            guard before.status == .answered else { throw StoreError.conflict("chỉ đóng được mục đã có trả lời") }
            try db.execute(sql: "UPDATE follow_up SET status = 'closed' WHERE id = ?", arguments: [id.rawValue])
            try self.appendAudit(db, action: "followup.close", entity: "follow_up", entityID: id.description, before: "answered", after: "closed", by: actor)
            try self.bumpVersion(db)
            return try Self.followUp(db, id.rawValue)!
        }
    }

    public func reopenFollowUp(_ id: FollowUp.ID, due: CivilDate, notice: @escaping @Sendable (FollowUp) -> Notice,
                               by actor: Actor) async throws -> FollowUp {
        try await pool.write { db in
            guard let before = try Self.followUp(db, id.rawValue, lock: true) else { throw StoreError.notFound("mục \(id)") }
            guard before.status != .open, before.agencyID != nil else { throw StoreError.conflict("mục này không mở lại được") }
            // The earlier answer stays in the audit log; the item asks again with a new due date.
            try db.execute(sql: "UPDATE follow_up SET status = 'open', due = ? WHERE id = ?", arguments: [due.description, id.rawValue])
            var item = try Self.followUp(db, id.rawValue)!
            try self.appendAudit(db, action: "followup.reopen", entity: "follow_up", entityID: id.description,
                                 before: "\(before.status.rawValue): \(before.answer ?? "")", after: "open · hạn \(due.vietnamese)", by: actor)
            item.answeredAt = before.answeredAt
            if let agency = item.agencyID { try self.notifyAgency(db, agency, notice(item)) }
            try self.bumpVersion(db)
            return item
        }
    }

    static func followUp(_ db: any SQLDB, _ id: Int64, lock: Bool = false) throws -> FollowUp? {
        try SQLRow.fetchOne(db, sql: "SELECT * FROM follow_up WHERE id = ?" + (lock ? db.forUpdate : ""), arguments: [id]).map(followUp)
    }

    static func followUp(_ r: SQLRow) -> FollowUp {
        let request = FollowUpRequest(
            kind: FollowUp.Kind(rawValue: r["kind"]) ?? .explanation, planID: .init(r["plan_id"] as Int64), agencyID: (r["agency_id"] as Int64?).map { .init($0) },
            taskID: (r["task_id"] as Int64?).map { .init($0) }, indicatorID: (r["indicator_id"] as Int64?).map { .init($0) },
            reportID: (r["report_id"] as Int64?).map { .init($0) }, sourceAgencyID: (r["source_agency_id"] as Int64?).map { .init($0) },
            period: (r["period"] as String?).flatMap(Period.init), question: r["question"],
            due: CivilDate(iso: r["due"]) ?? CivilDate(year: 2000, month: 1, day: 1)!)
        return FollowUp(id: .init(r["id"] as Int64), provinceID: .init(r["province_id"] as Int64), request: request,
                        status: FollowUp.Status(rawValue: r["status"]) ?? .open, requestedBy: r["requested_by"], createdAt: r["created_at"],
                        answer: r["answer"], evidence: r["evidence"], answeredBy: r["answered_by"], answeredAt: r["answered_at"],
                        answeredOn: (r["answered_on"] as String?).flatMap(CivilDate.init(iso:)))
    }

    // MARK: - Notifications

    /// Each officer of the agency who fills or approves its reports (reporter, head; not disabled) receives `notice`.
    func notifyAgency(_ db: any SQLDB, _ agency: Agency.ID, _ notice: Notice) throws {
        try db.execute(sql: """
            INSERT OR IGNORE INTO notification (user_id, key, kind, title, link, urgent, created_at)
            SELECT id, ?, ?, ?, ?, ?, ? FROM app_user WHERE agency_id = ? AND role IN ('reporter', 'head') AND disabled = 0
            """, arguments: [notice.key, notice.kind.rawValue, notice.title, notice.link, notice.urgent, stamp(clock()), agency.rawValue])
        if notice.urgent {
            try db.execute(sql: "INSERT OR IGNORE INTO agency_notice (agency_id, key, kind, title, link, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [agency.rawValue, notice.key, notice.kind.rawValue, notice.title, notice.link, stamp(clock())])
        }
    }

    func insertNotices(_ db: any SQLDB, _ notices: [(User.ID, Notice)]) throws {
        let now = stamp(clock())
        for (user, n) in notices {
            try db.execute(sql: """
                INSERT OR IGNORE INTO notification (user_id, key, kind, title, link, urgent, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [user.rawValue, n.key, n.kind.rawValue, n.title, n.link, n.urgent, now])
        }
    }

    @discardableResult
    public func notify(_ notices: [(User.ID, Notice)]) async throws -> Int {
        guard !notices.isEmpty else { return 0 }
        var inserted = 0
        // In slices: the reminders of a whole province (thousands) do not hold the write lock at once.
        for start in stride(from: 0, to: notices.count, by: 500) {
            let slice = Array(notices[start ..< min(notices.count, start + 500)])
            inserted += try await pool.write { db in
                let before = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM notification") ?? 0
                try self.insertNotices(db, slice)
                return (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM notification") ?? 0) - before
            }
        }
        return inserted
    }

    public func notices(of user: User.ID, limit: Int) async throws -> [StoredNotice] {
        try await pool.read { db in
            try SQLRow.fetchAll(db, sql: "SELECT * FROM notification WHERE user_id = ? ORDER BY id DESC LIMIT ?", arguments: [user.rawValue, limit])
                .map(Self.notice)
        }
    }

    static func notice(_ r: SQLRow) -> StoredNotice {
        StoredNotice(id: .init(r["id"] as Int64), userID: .init(r["user_id"] as Int64),
                     notice: Notice(kind: Notice.Kind(rawValue: r["kind"]) ?? .followUpRequested, key: r["key"], title: r["title"], link: r["link"]),
                     createdAt: r["created_at"], readAt: r["read_at"])
    }

    public func unreadNotices(of user: User.ID) async throws -> Int {
        try await pool.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM notification WHERE user_id = ? AND read_at IS NULL", arguments: [user.rawValue]) ?? 0
        }
    }

    @discardableResult
    public func markRead(user: User.ID, notice: StoredNotice.ID?) async throws -> StoredNotice? {
        let now = stamp(clock())
        return try await pool.write { db in
            if let notice {
                try db.execute(sql: "UPDATE notification SET read_at = COALESCE(read_at, ?) WHERE id = ? AND user_id = ?",
                               arguments: [now, notice.rawValue, user.rawValue])
                return try SQLRow.fetchOne(db, sql: "SELECT * FROM notification WHERE id = ? AND user_id = ?", arguments: [notice.rawValue, user.rawValue])
                    .map(Self.notice)
            }
            try db.execute(sql: "UPDATE notification SET read_at = ? WHERE user_id = ? AND read_at IS NULL", arguments: [now, user.rawValue])
            return nil
        }
    }

    // MARK: - Calendar feeds

    public func createCalendarFeed(tokenHash: String, user: User.ID?, agency: Agency.ID?, by actor: Actor) async throws -> CalendarFeed {
        guard let creator = actor.userID, (user == nil) != (agency == nil) else { throw StoreError.invalid("lịch phải của một người hoặc một cơ quan") }
        let now = stamp(clock())
        let id: Int64 = try await pool.write { db in
            try db.execute(sql: "INSERT INTO calendar_feed (token_hash, user_id, agency_id, created_by_id, created_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [tokenHash, user?.rawValue, agency?.rawValue, creator.rawValue, now])
            let id = try db.lastInsertedRowID()
            try self.appendAudit(db, action: "calendar.create", entity: "calendar_feed", entityID: String(id), before: nil,
                                 after: user.map { "người dùng \($0)" } ?? "cơ quan \(agency!)", by: actor)
            return id
        }
        return CalendarFeed(id: .init(id), userID: user, agencyID: agency, createdBy: creator, createdAt: now, lastUsedAt: nil, revokedAt: nil)
    }

    public func calendarFeeds(createdBy user: User.ID) async throws -> [CalendarFeed] {
        try await pool.read { db in
            try SQLRow.fetchAll(db, sql: "SELECT * FROM calendar_feed WHERE created_by_id = ? ORDER BY id DESC", arguments: [user.rawValue]).map(Self.feed)
        }
    }

    public func revokeCalendarFeed(_ id: CalendarFeed.ID, by actor: Actor) async throws {
        let now = stamp(clock())
        try await pool.write { db in
            guard let row = try SQLRow.fetchOne(db, sql: "SELECT * FROM calendar_feed WHERE id = ?", arguments: [id.rawValue]),
                  (row["created_by_id"] as Int64) == actor.userID?.rawValue else { throw StoreError.notFound("lịch \(id)") }
            guard (row["revoked_at"] as String?) == nil else { return }
            try db.execute(sql: "UPDATE calendar_feed SET revoked_at = ? WHERE id = ?", arguments: [now, id.rawValue])
            try self.appendAudit(db, action: "calendar.revoke", entity: "calendar_feed", entityID: id.description, before: nil, after: "revoked", by: actor)
        }
    }

    public func calendarFeed(tokenHash: String) async throws -> CalendarFeed? {
        let now = stamp(clock())
        return try await pool.write(exclusive: false) { db in
            guard let row = try SQLRow.fetchOne(db, sql: "SELECT * FROM calendar_feed WHERE token_hash = ? AND revoked_at IS NULL", arguments: [tokenHash])
            else { return nil }
            try db.execute(sql: "UPDATE calendar_feed SET last_used_at = ? WHERE id = ?", arguments: [now, row["id"] as Int64])
            return Self.feed(row)
        }
    }

    static func feed(_ r: SQLRow) -> CalendarFeed {
        CalendarFeed(id: .init(r["id"] as Int64), userID: (r["user_id"] as Int64?).map { .init($0) }, agencyID: (r["agency_id"] as Int64?).map { .init($0) },
                     createdBy: .init(r["created_by_id"] as Int64), createdAt: r["created_at"], lastUsedAt: r["last_used_at"], revokedAt: r["revoked_at"])
    }
}
