import Foundation
import KeHoachCore

extension SQLStore: ReportStore {
    func fetchReport(_ db: any SQLDB, where clause: String, arguments: SQLArguments) throws -> Report? {
        guard let r = try SQLRow.fetchOne(db, sql: "SELECT * FROM report WHERE \(clause)", arguments: arguments) else { return nil }
        let id: Int64 = r["id"]
        let tasks = try String.fetchAll(db, sql: "SELECT body FROM report_task WHERE report_id = ? ORDER BY task_id", arguments: [id])
            .map { try Self.decoder.decode(TaskProgress.self, from: Data($0.utf8)) }
        let values = try String.fetchAll(db, sql: "SELECT body FROM report_indicator WHERE report_id = ? ORDER BY indicator_id", arguments: [id])
            .map { try Self.decoder.decode(IndicatorValue.self, from: Data($0.utf8)) }
        return Report(id: .init(id), planID: .init(r["plan_id"] as Int64), agencyID: .init(r["agency_id"] as Int64), period: Period(r["period"])!,
                      status: ReportStatus(rawValue: r["status"]) ?? .draft, tasks: tasks, indicators: values, difficulties: r["difficulties"],
                      proposals: r["proposals"], returnComment: r["return_comment"], firstSubmittedOn: (r["first_submitted_on"] as String?).flatMap(CivilDate.init(iso:)),
                      updatedAt: r["updated_at"])
    }

    public func report(plan: StoredPlan.ID, agency: Agency.ID, period: Period) async throws -> Report? {
        try await pool.read { db in
            try self.fetchReport(db, where: "plan_id = ? AND agency_id = ? AND period = ?", arguments: [plan.rawValue, agency.rawValue, period.description])
        }
    }

    public func report(_ id: Report.ID) async throws -> Report? {
        try await pool.read { db in try self.fetchReport(db, where: "id = ?", arguments: [id.rawValue]) }
    }

    func event(_ db: any SQLDB, _ report: Int64, _ action: String, comment: String?, by actor: Actor) throws {
        try db.execute(sql: "INSERT INTO report_event (report_id, at, username, action, comment) VALUES (?, ?, ?, ?, ?)",
                       arguments: [report, stamp(clock()), actor.username, action, comment])
    }

    public func saveReport(plan: StoredPlan.ID, agency: Agency.ID, period: Period, input: ReportInput, submit: Bool, today: CivilDate,
                           by actor: Actor) async throws -> Report {
        // The rows' JSON is written before the transaction: writes are serial, and encoding a long report's tasks was
        // about half of the time the write lock was held (perf, report.submit.per_s).
        let bodies = try EncodedBodies(input)
        return try await pool.write(exclusive: false) { db in
            try self.saveReport(db, plan: plan, agency: agency, period: period, input: input, submit: submit, today: today, by: actor, bodies: bodies)
        }
    }

    /// Each task's and indicator's answer as the JSON stored in its row.
    struct EncodedBodies: Sendable {
        var tasks: [StoredTask.ID: String] = [:]
        var indicators: [StoredIndicator.ID: String] = [:]
        init(_ input: ReportInput) throws {
            for t in input.tasks where !t.isEmpty { tasks[t.taskID] = try SQLStore.json(t) }
            for v in input.indicators where !v.isEmpty { indicators[v.indicatorID] = try SQLStore.json(v) }
        }
        init() {}
    }

    /// Many reports in one transaction, each exactly as `saveReport` would write it (for generated demo data
    /// and bulk loads): all are written or none.
    public func saveReports(_ batch: [(plan: StoredPlan.ID, agency: Agency.ID, period: Period, input: ReportInput, submittedOn: CivilDate)],
                            by actor: Actor) async throws {
        try await pool.write { db in
            for r in batch {
                _ = try self.saveReport(db, plan: r.plan, agency: r.agency, period: r.period, input: r.input, submit: true, today: r.submittedOn, by: actor)
            }
        }
    }

    func saveReport(_ db: any SQLDB, plan: StoredPlan.ID, agency: Agency.ID, period: Period, input: ReportInput, submit: Bool, today: CivilDate,
                    by actor: Actor, bodies: EncodedBodies = EncodedBodies()) throws -> Report {
        do {
            let now = self.stamp(self.clock())
            var id: Int64
            var before: String? = nil
            // The report's row is locked until commit (PostgreSQL, where report writes do not take the global write
            // lock): a coordinator's accept or return waits for it and sees the new status.
            if let existing = try SQLRow.fetchOne(db, sql: "SELECT id, status FROM report WHERE plan_id = ? AND agency_id = ? AND period = ?" + db.forUpdate,
                                               arguments: [plan.rawValue, agency.rawValue, period.description]) {
                id = existing["id"]
                let status = ReportStatus(rawValue: existing["status"]) ?? .draft
                guard status.isEditable else { throw StoreError.conflict("báo cáo đang ở trạng thái «\(status.label)»; cần điều phối mở lại để sửa") }
                before = status.rawValue
            } else {
                // Two first saves of one report at once: the second finds the row taken and is told to reload.
                guard let inserted = try Int64.fetchOne(db, sql: """
                    INSERT INTO report (plan_id, agency_id, period, status, updated_at) VALUES (?, ?, ?, 'draft', ?)
                    ON CONFLICT (plan_id, agency_id, period) DO NOTHING RETURNING id
                    """, arguments: [plan.rawValue, agency.rawValue, period.description, now]) else {
                    throw StoreError.conflict("báo cáo này vừa được lưu từ một phiên khác; hãy tải lại trang")
                }
                id = inserted
            }
            // Only the plan's tasks and indicators the agency answers for are kept; the plan's province comes with
            // them (one query for the three).
            var tasks = Set<Int64>(), indicators = Set<Int64>(), province: Int64 = 0
            for row in try SQLRow.fetchAll(db, sql: """
                SELECT DISTINCT 't' AS kind, a.task_id AS item FROM assignment a JOIN task t ON t.id = a.task_id WHERE t.plan_id = ? AND a.agency_id = ?
                UNION ALL
                SELECT DISTINCT 'i', a.indicator_id FROM assignment a JOIN indicator i ON i.id = a.indicator_id WHERE i.plan_id = ? AND a.agency_id = ?
                UNION ALL
                SELECT 'p', province_id FROM plan WHERE id = ?
                """, arguments: [plan.rawValue, agency.rawValue, plan.rawValue, agency.rawValue, plan.rawValue]) {
                switch row["kind"] as String {
                case "t": tasks.insert(row["item"])
                case "i": indicators.insert(row["item"])
                default: province = row["item"]
                }
            }
            try db.execute(sql: "DELETE FROM report_task WHERE report_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM report_indicator WHERE report_id = ?", arguments: [id])
            let keptTasks = input.tasks.filter { tasks.contains($0.taskID.rawValue) && !$0.isEmpty }.sorted { $0.taskID < $1.taskID }
            let keptValues = input.indicators.filter { indicators.contains($0.indicatorID.rawValue) && !$0.isEmpty }.sorted { $0.indicatorID < $1.indicatorID }
            try db.insertRows(into: "report_task", columns: ["report_id", "task_id", "body"],
                              rows: try keptTasks.map { [.int(id), .int($0.taskID.rawValue), .text(try bodies.tasks[$0.taskID] ?? Self.json($0))] })
            try db.insertRows(into: "report_indicator", columns: ["report_id", "indicator_id", "body"],
                              rows: try keptValues.map { [.int(id), .int($0.indicatorID.rawValue), .text(try bodies.indicators[$0.indicatorID] ?? Self.json($0))] })
            let status: ReportStatus = submit ? .submitted : (before == ReportStatus.returned.rawValue ? .returned : .draft)
            try db.execute(sql: "DELETE FROM indicator_fact WHERE report_id = ?", arguments: [id])
            try db.insertRows(into: "indicator_fact",
                              columns: ["report_id", "indicator_id", "province_id", "period", "counted", "value", "numerator", "denominator"],
                              rows: keptValues.map { v in
                                  [.int(id), .int(v.indicatorID.rawValue), .int(province), .text(period.description), .int(submit ? 1 : 0),
                                   v.value.sqlValue, v.numerator.sqlValue, v.denominator.sqlValue]
                              })
            // The report as stored comes back from the UPDATE itself.
            let row = try SQLRow.fetchOne(db, sql: """
                UPDATE report SET status = ?, difficulties = ?, proposals = ?, updated_at = ?,
                first_submitted_on = CASE WHEN ? = 1 AND first_submitted_on IS NULL THEN ? ELSE first_submitted_on END WHERE id = ?
                RETURNING return_comment, first_submitted_on
                """, arguments: [status.rawValue, input.difficulties, input.proposals, now, submit, today.description, id])
            try self.event(db, id, submit ? "submit" : "save", comment: nil, by: actor)
            try self.appendAudit(db, action: submit ? "report.submit" : "report.save", entity: "report", entityID: String(id), before: before,
                                 after: "\(period) · \(status.rawValue) · \(input.tasks.filter { !$0.isEmpty }.count) nhiệm vụ, \(input.indicators.filter { !$0.isEmpty }.count) chỉ tiêu", by: actor)
            // Last, and one of 16 counters: the counter's row is locked from here to the commit. A draft (saved or
            // returned) changes only its own form and the lists of reports; a submission changes evaluation.
            try self.bumpVersionShard(db, draft: !submit)
            return Report(id: .init(id), planID: plan, agencyID: agency, period: period, status: status, tasks: keptTasks, indicators: keptValues,
                          difficulties: input.difficulties, proposals: input.proposals, returnComment: row?["return_comment"],
                          firstSubmittedOn: (row?["first_submitted_on"] as String?).flatMap(CivilDate.init(iso:)), updatedAt: now)
        }
    }

    func transition(_ id: Report.ID, from allowed: [ReportStatus], to status: ReportStatus, action: String, comment: String?, by actor: Actor) async throws {
        try await pool.write { db in
            guard let current = try String.fetchOne(db, sql: "SELECT status FROM report WHERE id = ?" + db.forUpdate, arguments: [id.rawValue]).flatMap(ReportStatus.init(rawValue:)) else {
                throw StoreError.notFound("báo cáo \(id)")
            }
            guard allowed.contains(current) else { throw StoreError.conflict("báo cáo đang ở trạng thái \(current.label.lowercased())") }
            try db.execute(sql: "UPDATE report SET status = ?, return_comment = ?, updated_at = ? WHERE id = ?",
                           arguments: [status.rawValue, status == .returned ? comment : nil, self.stamp(self.clock()), id.rawValue])
            try db.execute(sql: "UPDATE indicator_fact SET counted = ? WHERE report_id = ?",
                           arguments: [status == .submitted || status == .accepted, id.rawValue])
            try self.event(db, id.rawValue, action, comment: comment, by: actor)
            if status == .returned, let row = try SQLRow.fetchOne(db, sql: """
                SELECT r.plan_id, r.agency_id, r.period, p.title FROM report r JOIN plan p ON p.id = r.plan_id WHERE r.id = ?
                """, arguments: [id.rawValue]), let period = Period(row["period"] as String) {
                // The agency's officers are told in the same transaction (mailed at once: someone waits on the fix).
                try self.notifyAgency(db, .init(row["agency_id"] as Int64), Notice.reportReturned(
                    report: id, plan: .init(row["plan_id"] as Int64), planTitle: row["title"], period: period, periodLabel: period.label,
                    comment: comment ?? "", at: self.stamp(self.clock())))
            }
            try self.appendAudit(db, action: "report." + action, entity: "report", entityID: id.description, before: current.rawValue,
                                 after: status.rawValue + (comment.map { ": \($0)" } ?? ""), by: actor)
            try self.bumpVersion(db)
        }
    }

    public func acceptReport(_ id: Report.ID, by actor: Actor) async throws {
        try await transition(id, from: [.submitted], to: .accepted, action: "accept", comment: nil, by: actor)
    }

    public func returnReport(_ id: Report.ID, comment: String, by actor: Actor) async throws {
        let c = comment.trimmedWhitespace
        guard !c.isEmpty, c.count <= 2_000 else { throw StoreError.invalid("cần ghi lý do trả lại") }
        try await transition(id, from: [.submitted], to: .returned, action: "return", comment: c, by: actor)
    }

    public func reopenReport(_ id: Report.ID, by actor: Actor) async throws {
        try await transition(id, from: [.accepted], to: .returned, action: "reopen", comment: "Mở lại để sửa", by: actor)
    }

    public func reports(of plan: StoredPlan.ID) async throws -> [ReportSummary] {
        try await pool.read { db in
            try SQLRow.fetchAll(db, sql: "SELECT id, agency_id, period, status, first_submitted_on FROM report WHERE plan_id = ?", arguments: [plan.rawValue]).compactMap { r in
                guard let p = Period(r["period"] as String) else { return nil }
                return ReportSummary(id: .init(r["id"] as Int64), agencyID: .init(r["agency_id"] as Int64), period: p,
                                     status: ReportStatus(rawValue: r["status"]) ?? .draft,
                                     firstSubmittedOn: (r["first_submitted_on"] as String?).flatMap(CivilDate.init(iso:)))
            }
        }
    }

    public func reportScope(plan: StoredPlan.ID, agency: Agency.ID) async throws -> ReportScope {
        try await pool.read { db in
            // From the agency's own assignments (its index): a task of a group ("UBND các xã") has a row per member.
            let rows = try SQLRow.fetchAll(db, sql: """
                SELECT t.id, MAX(CASE WHEN a.role = 'lead' THEN 1 ELSE 0 END) AS leads
                FROM assignment a JOIN task t ON t.id = a.task_id
                WHERE a.agency_id = ? AND t.plan_id = ? GROUP BY t.id, t.position ORDER BY t.position
                """, arguments: [agency.rawValue, plan.rawValue])
            let tasks = rows.map { StoredTask.ID($0["id"] as Int64) }
            let leading = Set(rows.filter { ($0["leads"] as Int64) == 1 }.map { StoredTask.ID($0["id"] as Int64) })
            let unit = db.dialect == .postgres ? "(i.body::jsonb ->> 'unit')" : "json_extract(i.body, '$.unit')"
            let indicators = try SQLRow.fetchAll(db, sql: """
                SELECT i.id, \(unit) AS unit FROM indicator i
                WHERE i.plan_id = ? AND i.id IN (SELECT indicator_id FROM assignment WHERE agency_id = ?) ORDER BY i.position
                """, arguments: [plan.rawValue, agency.rawValue]).map { (StoredIndicator.ID($0["id"] as Int64), $0["unit"] as String?) }
            return ReportScope(tasks: tasks, leading: leading, indicators: indicators)
        }
    }

    public func reportingAgencies(of plan: StoredPlan.ID) async throws -> [Agency] {
        try await pool.read { db in
            try self.fetchAgencies(db, sql: """
                SELECT * FROM agency WHERE id IN (
                  SELECT a.agency_id FROM assignment a JOIN task t ON t.id = a.task_id WHERE t.plan_id = ?
                  UNION SELECT a.agency_id FROM assignment a JOIN indicator i ON i.id = a.indicator_id WHERE i.plan_id = ?)
                ORDER BY kind, name
                """, arguments: [plan.rawValue, plan.rawValue])
        }
    }

    public func events(of report: Report.ID) async throws -> [ReportEvent] {
        try await pool.read { db in
            try SQLRow.fetchAll(db, sql: "SELECT * FROM report_event WHERE report_id = ? ORDER BY id", arguments: [report.rawValue]).map {
                ReportEvent(at: $0["at"], username: $0["username"], action: $0["action"], comment: $0["comment"])
            }
        }
    }

    public func setReporting(_ rule: ReportingRule, of plan: StoredPlan.ID, by actor: Actor) async throws {
        try await pool.write { db in
            guard let old = try SQLRow.fetchOne(db, sql: "SELECT reporting_cadence, reporting_due_day, reporting_due_month FROM plan WHERE id = ?", arguments: [plan.rawValue]) else {
                throw StoreError.notFound("kế hoạch \(plan)")
            }
            if let d = rule.dueDay, !(1...31).contains(d) { throw StoreError.invalid("ngày hạn phải từ 1 đến 31") }
            try db.execute(sql: "UPDATE plan SET reporting_cadence = ?, reporting_due_day = ?, reporting_due_month = ?, reporting_text = ?, reporting_due_dates = ? WHERE id = ?",
                           arguments: [rule.cadence.rawValue, rule.dueDay, rule.dueMonthOfPeriod, rule.text, rule.dueDates.map(Self.dueDatesText), plan.rawValue])
            try self.appendAudit(db, action: "plan.reporting", entity: "plan", entityID: plan.description,
                                 before: "\(old["reporting_cadence"] as String? ?? "-") \(old["reporting_due_day"] as Int? ?? 0)",
                                 after: "\(rule.cadence.rawValue) \(rule.dueDay ?? 0) \(rule.dueMonthOfPeriod ?? 0)", by: actor)
            try self.bumpVersion(db)
        }
    }
}

extension SQLStore {
    static func attachment(_ r: SQLRow) -> Attachment {
        Attachment(id: .init(r["id"] as Int64), reportID: .init(r["report_id"] as Int64), taskID: (r["task_id"] as Int64?).map { .init($0) },
                   sha256: r["sha256"], name: r["name"], mediaType: r["media_type"], size: r["size"], uploadedAt: r["uploaded_at"], username: r["username"])
    }

    public func addAttachment(report: Report.ID, task: StoredTask.ID?, sha256: String, name: String, mediaType: String, size: Int, by actor: Actor) async throws -> Attachment {
        try await pool.write { db in
            guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM report WHERE id = ?", arguments: [report.rawValue]) == 1 else { throw StoreError.notFound("báo cáo \(report)") }
            try db.execute(sql: """
                INSERT INTO attachment (report_id, task_id, sha256, name, media_type, size, uploaded_at, username) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [report.rawValue, task?.rawValue, sha256, name, mediaType, size, self.stamp(self.clock()), actor.username])
            let id = try db.lastInsertedRowID()
            try self.appendAudit(db, action: "report.attach", entity: "report", entityID: report.description, before: nil,
                                 after: "\(name) (\(mediaType), \(size) byte, sha256 \(sha256.prefix(12)))", by: actor)
            try self.bumpVersion(db)
            return try SQLRow.fetchOne(db, sql: "SELECT * FROM attachment WHERE id = ?", arguments: [id]).map(Self.attachment)!
        }
    }

    public func attachments(of report: Report.ID) async throws -> [Attachment] {
        try await pool.read { db in try SQLRow.fetchAll(db, sql: "SELECT * FROM attachment WHERE report_id = ? ORDER BY id", arguments: [report.rawValue]).map(Self.attachment) }
    }

    public func attachment(_ id: Attachment.ID) async throws -> Attachment? {
        try await pool.read { db in try SQLRow.fetchOne(db, sql: "SELECT * FROM attachment WHERE id = ?", arguments: [id.rawValue]).map(Self.attachment) }
    }
}

extension SQLStore {
    public func createAdhocRequest(plan: StoredPlan.ID, title: String, due: CivilDate, agencies: [Agency.ID], by actor: Actor) async throws -> AdhocRequest {
        let subject = title.trimmedWhitespace
        guard !subject.isEmpty, subject.count <= 300 else { throw StoreError.invalid("cần ghi nội dung yêu cầu báo cáo") }
        return try await pool.write { db in
            guard let province = try Int64.fetchOne(db, sql: "SELECT province_id FROM plan WHERE id = ?", arguments: [plan.rawValue]) else {
                throw StoreError.notFound("kế hoạch \(plan)")
            }
            try db.execute(sql: "INSERT INTO adhoc_request (plan_id, title, due, created_at, created_by) VALUES (?, ?, ?, ?, ?)",
                           arguments: [plan.rawValue, subject, due.description, self.stamp(self.clock()), actor.username])
            let id = try db.lastInsertedRowID()
            for agency in agencies {
                guard try Int64.fetchOne(db, sql: "SELECT province_id FROM agency WHERE id = ?", arguments: [agency.rawValue]) == province else {
                    throw StoreError.invalid("cơ quan \(agency) không thuộc tỉnh của kế hoạch")
                }
                try db.execute(sql: "INSERT OR IGNORE INTO adhoc_request_agency (request_id, agency_id) VALUES (?, ?)", arguments: [id, agency.rawValue])
            }
            try self.appendAudit(db, action: "report.adhoc", entity: "plan", entityID: plan.description, before: nil,
                                 after: "\(subject), hạn \(due), \(agencies.isEmpty ? "mọi cơ quan" : "\(agencies.count) cơ quan")", by: actor)
            try self.bumpVersion(db)
            return AdhocRequest(id: id, planID: plan, title: subject, due: due, agencies: agencies)
        }
    }

    public func adhocRequests(of plan: StoredPlan.ID) async throws -> [AdhocRequest] {
        try await pool.read { db in
            try SQLRow.fetchAll(db, sql: "SELECT * FROM adhoc_request WHERE plan_id = ? ORDER BY id", arguments: [plan.rawValue]).compactMap { r in
                let id: Int64 = r["id"]
                guard let due = CivilDate(iso: r["due"]) else { return nil }
                let agencies = try Int64.fetchAll(db, sql: "SELECT agency_id FROM adhoc_request_agency WHERE request_id = ?", arguments: [id]).map { Agency.ID($0) }
                return AdhocRequest(id: id, planID: plan, title: r["title"], due: due, agencies: agencies)
            }
        }
    }
}
