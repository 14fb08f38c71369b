import Foundation
import KeHoachCore

extension SQLStore: EvaluationStore {
    /// Refuses a write about a row that does not exist (`chỉ tiêu 12`), before anything is written.
    func requireRow(_ db: any SQLDB, _ table: String, _ id: Int64, _ what: String) throws {
        guard try Bool.fetchOne(db, sql: "SELECT 1 FROM \(table) WHERE id = ?", arguments: [id]) == true else {
            throw StoreError.notFound("\(what) \(id)")
        }
    }

    public func submittedReports(of plan: StoredPlan.ID, through: CivilDate?) async throws -> [SubmittedReport] {
        try await pool.read { db in
            var out: [Int64: SubmittedReport] = [:]
            for r in try SQLRow.fetchAll(db, sql: """
                SELECT id, agency_id, period, status, first_submitted_on, difficulties, proposals FROM report
                WHERE plan_id = ? AND status IN ('submitted', 'accepted')
                """, arguments: [plan.rawValue]) {
                guard let period = Period(r["period"] as String), through.map({ period.start <= $0 }) ?? true else { continue }
                let id: Int64 = r["id"]
                let summary = ReportSummary(id: .init(id), agencyID: .init(r["agency_id"] as Int64), period: period,
                                            status: ReportStatus(rawValue: r["status"]) ?? .submitted,
                                            firstSubmittedOn: (r["first_submitted_on"] as String?).flatMap(CivilDate.init(iso:)))
                out[id] = SubmittedReport(summary: summary, tasks: [], indicators: [], difficulties: r["difficulties"], proposals: r["proposals"])
            }
            // Each agency's latest answer per task only: older answers are read one task at a time (`taskAnswers`),
            // which spares decoding most of the rows.
            var latest: [String: (period: Period, report: Int64, body: String)] = [:]
            let tasks = try SQLRow.fetchAll(db, sql: """
                SELECT rt.report_id, rt.task_id, r.agency_id, r.period, rt.body FROM report_task rt JOIN report r ON r.id = rt.report_id
                WHERE r.plan_id = ? AND r.status IN ('submitted', 'accepted')
                """, arguments: [plan.rawValue])
            for r in tasks {
                guard let period = Period(r[3] as String), out[r[0]] != nil else { continue }
                let key = "\(r[1] as Int64)|\(r[2] as Int64)"
                if let old = latest[key], old.period > period { continue }
                latest[key] = (period, r[0], r[4])
            }
            for l in latest.values {
                out[l.report]?.tasks.append(try Self.decoder.decode(TaskProgress.self, from: Data(l.body.utf8)))
            }
            let values = try SQLRow.fetchAll(db, sql: """
                SELECT ri.report_id, ri.body FROM report_indicator ri JOIN report r ON r.id = ri.report_id
                WHERE r.plan_id = ? AND r.status IN ('submitted', 'accepted')
                """, arguments: [plan.rawValue])
            for r in values {
                let id: Int64 = r[0]
                out[id]?.indicators.append(try Self.decoder.decode(IndicatorValue.self, from: Data((r[1] as String).utf8)))
            }
            return out.values.sorted { ($0.summary.period, $0.summary.id) < ($1.summary.period, $1.summary.id) }
        }
    }

    /// Read through the plan's reports and the (report, task) key: no index on task alone, which would slow every
    /// submission (measured: report.submit.per_s fell from about 510 to 350 with one).
    public func taskAnswers(_ task: StoredTask.ID) async throws -> [(ReportSummary, TaskProgress)] {
        try await pool.read { db in
            try SQLRow.fetchAll(db, sql: """
                SELECT r.id, r.agency_id, r.period, r.status, r.first_submitted_on, rt.body FROM report r
                JOIN report_task rt ON rt.report_id = r.id AND rt.task_id = ?
                WHERE r.plan_id = (SELECT plan_id FROM task WHERE id = ?) AND r.status IN ('submitted', 'accepted')
                """, arguments: [task.rawValue, task.rawValue]).compactMap { r in
                guard let period = Period(r["period"] as String) else { return nil }
                let summary = ReportSummary(id: .init(r["id"] as Int64), agencyID: .init(r["agency_id"] as Int64), period: period,
                                            status: ReportStatus(rawValue: r["status"]) ?? .submitted,
                                            firstSubmittedOn: (r["first_submitted_on"] as String?).flatMap(CivilDate.init(iso:)))
                return (summary, try Self.decoder.decode(TaskProgress.self, from: Data((r["body"] as String).utf8)))
            }.sorted { $0.0.period > $1.0.period }
        }
    }

    public func assignments(of plan: StoredPlan.ID) async throws -> PlanAssignments {
        try await pool.read { db in
            var a = PlanAssignments()
            for r in try SQLRow.fetchAll(db, sql: """
                SELECT a.task_id, a.indicator_id, a.role, a.agency_id FROM assignment a
                LEFT JOIN task t ON t.id = a.task_id LEFT JOIN indicator i ON i.id = a.indicator_id
                WHERE a.agency_id IS NOT NULL AND (t.plan_id = ? OR i.plan_id = ?)
                """, arguments: [plan.rawValue, plan.rawValue]) {
                let agency = Agency.ID(r["agency_id"] as Int64)
                let role: String = r["role"]
                if let t = r["task_id"] as Int64? {
                    if role == "lead" { a.taskLeads[.init(t), default: []].insert(agency) } else { a.taskPartners[.init(t), default: []].insert(agency) }
                } else if let i = r["indicator_id"] as Int64? {
                    if role == "monitoring" { a.indicatorMonitors[.init(i), default: []].insert(agency) } else { a.indicatorLeads[.init(i), default: []].insert(agency) }
                }
            }
            return a
        }
    }

    public func indicatorSettings(of plan: StoredPlan.ID) async throws -> [StoredIndicator.ID: IndicatorSetting] {
        try await pool.read { db in
            var out: [StoredIndicator.ID: IndicatorSetting] = [:]
            for r in try SQLRow.fetchAll(db, sql: """
                SELECT s.* FROM indicator_setting s JOIN indicator i ON i.id = s.indicator_id WHERE i.plan_id = ?
                """, arguments: [plan.rawValue]) {
                out[.init(r["indicator_id"] as Int64)] = IndicatorSetting(method: (r["method"] as String?).flatMap(AggregationMethod.init(rawValue:)),
                                                                          measure: r["measure"], nationalCode: r["national_code"], unitCode: r["unit_code"])
            }
            return out
        }
    }

    public func measures() async throws -> [(indicator: StoredIndicator.ID, plan: StoredPlan.ID, measure: String)] {
        try await pool.read { db in
            try SQLRow.fetchAll(db, sql: """
                SELECT s.indicator_id, i.plan_id, s.measure FROM indicator_setting s JOIN indicator i ON i.id = s.indicator_id
                WHERE s.measure IS NOT NULL ORDER BY s.measure_key, i.plan_id
                """).map { (StoredIndicator.ID($0["indicator_id"] as Int64), StoredPlan.ID($0["plan_id"] as Int64), $0["measure"] as String) }
        }
    }

    public func setIndicatorSetting(_ indicator: StoredIndicator.ID, _ setting: IndicatorSetting, by actor: Actor) async throws {
        try await pool.write { db in
            try self.requireRow(db, "indicator", indicator.rawValue, "chỉ tiêu")
            let before = try SQLRow.fetchOne(db, sql: "SELECT method, measure, national_code, unit_code FROM indicator_setting WHERE indicator_id = ?",
                                             arguments: [indicator.rawValue])
            let measure = setting.measure.map(TextFolding.collapseSpaces).flatMap { $0.isEmpty ? nil : $0 }
            if let measure, measure.count > 200 { throw StoreError.invalid("tên thước đo dài quá 200 ký tự") }
            for code in [setting.nationalCode, setting.unitCode].compactMap({ $0 }) where !IndicatorSetting.isCode(code) {
                throw StoreError.invalid("mã «\(code.prefix(60))» không hợp lệ: chỉ chữ không dấu, chữ số, dấu chấm, gạch ngang, gạch dưới; tối đa 50 ký tự")
            }
            try db.execute(sql: """
                INSERT INTO indicator_setting (indicator_id, method, measure, measure_key, national_code, unit_code) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (indicator_id) DO UPDATE SET method = excluded.method, measure = excluded.measure, measure_key = excluded.measure_key,
                    national_code = excluded.national_code, unit_code = excluded.unit_code
                """, arguments: [indicator.rawValue, setting.method?.rawValue, measure, measure.map(TextFolding.searchKey), setting.nationalCode, setting.unitCode])
            func described(_ method: String?, _ measure: String?, _ national: String?, _ unit: String?) -> String {
                "\(method ?? "mặc định") · \(measure ?? "")" + (national == nil && unit == nil ? "" : " · mã QG \(national ?? "-") / ĐVT \(unit ?? "-")")
            }
            try self.appendAudit(db, action: "indicator.setting", entity: "indicator", entityID: indicator.description,
                                 before: before.map { described($0["method"], $0["measure"], $0["national_code"], $0["unit_code"]) },
                                 after: described(setting.method?.rawValue, measure, setting.nationalCode, setting.unitCode), by: actor)
            try self.bumpVersion(db)
        }
    }

    /// The last row per item of a plan's history table (`sql` orders by id); rows `value` cannot read are skipped.
    func latestPerItem<Key: Hashable & Sendable, Value: Sendable>(_ sql: String, plan: StoredPlan.ID, key: @escaping @Sendable (SQLRow) -> Key,
                                             value: @escaping @Sendable (SQLRow) -> Value?) async throws -> [Key: Value] {
        try await pool.read { db in
            var out: [Key: Value] = [:]
            for r in try SQLRow.fetchAll(db, sql: sql, arguments: [plan.rawValue]) { if let v = value(r) { out[key(r)] = v } }
            return out
        }
    }

    public func ratings(of plan: StoredPlan.ID) async throws -> [StoredIndicator.ID: IndicatorRating] {
        try await latestPerItem("""
            SELECT g.* FROM indicator_rating g JOIN indicator i ON i.id = g.indicator_id WHERE i.plan_id = ? ORDER BY g.id
            """, plan: plan, key: { StoredIndicator.ID($0["indicator_id"] as Int64) }) { r in
            guard let status = IndicatorStatus(rawValue: r["status"]), let on = CivilDate(iso: r["rated_on"]) else { return nil }
            return IndicatorRating(status: status, comment: r["comment"], ratedBy: r["rated_by"], ratedOn: on)
        }
    }

    public func rateIndicator(_ indicator: StoredIndicator.ID, _ rating: IndicatorRating, by actor: Actor) async throws {
        try await pool.write { db in
            try self.requireRow(db, "indicator", indicator.rawValue, "chỉ tiêu")
            try db.execute(sql: "INSERT INTO indicator_rating (indicator_id, status, comment, rated_by, rated_on) VALUES (?, ?, ?, ?, ?)",
                           arguments: [indicator.rawValue, rating.status.rawValue, rating.comment, rating.ratedBy, rating.ratedOn.description])
            try self.appendAudit(db, action: "indicator.rate", entity: "indicator", entityID: indicator.description, before: nil,
                                 after: "\(rating.status.rawValue) · \(rating.comment)", by: actor)
            try self.bumpVersion(db)
        }
    }

    public func taskDecisions(of plan: StoredPlan.ID) async throws -> [StoredTask.ID: TaskDecision] {
        try await latestPerItem("""
            SELECT d.* FROM task_decision d JOIN task t ON t.id = d.task_id WHERE t.plan_id = ? ORDER BY d.id
            """, plan: plan, key: { StoredTask.ID($0["task_id"] as Int64) }) { r in
            guard let kind = TaskDecision.Kind(rawValue: r["kind"]), let on = CivilDate(iso: r["on_date"]) else { return nil }
            return TaskDecision(kind: kind, document: r["document"], on: on, leadDays: r["lead_days"],
                                newDue: (r["new_due"] as String?).flatMap(CivilDate.init(iso:)), recordedBy: r["recorded_by"])
        }
    }

    public func recordTaskDecision(_ task: StoredTask.ID, _ d: TaskDecision, by actor: Actor) async throws {
        try await pool.write { db in
            try self.requireRow(db, "task", task.rawValue, "nhiệm vụ")
            try db.execute(sql: """
                INSERT INTO task_decision (task_id, kind, document, on_date, lead_days, new_due, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [task.rawValue, d.kind.rawValue, d.document, d.on.description, d.leadDays, d.newDue?.description, d.recordedBy])
            try self.appendAudit(db, action: "task.decision", entity: "task", entityID: task.description, before: nil,
                                 after: "\(d.kind.rawValue) · \(d.document) · \(d.on)\(d.due.map { " · hạn \($0)" } ?? "")", by: actor)
            try self.bumpVersion(db)
        }
    }

    public func scoreWeights(of province: Province.ID) async throws -> ScoreWeights {
        try await pool.read { db in
            guard let r = try SQLRow.fetchOne(db, sql: "SELECT * FROM score_weights WHERE province_id = ?", arguments: [province.rawValue]) else { return .defaults }
            return ScoreWeights(tasks: r["tasks"], reports: r["reports"], indicators: r["indicators"], lateCredit: r["late_credit"])
        }
    }

    public func setScoreWeights(_ w: ScoreWeights, of province: Province.ID, by actor: Actor) async throws {
        guard w.isValid else { throw StoreError.invalid("trọng số phải từ 0 đến 1000, không cùng bằng 0; hệ số trễ từ 0 đến 1") }
        try await pool.write { db in
            let old = try SQLRow.fetchOne(db, sql: "SELECT * FROM score_weights WHERE province_id = ?", arguments: [province.rawValue])
            try db.execute(sql: """
                INSERT INTO score_weights (province_id, tasks, reports, indicators, late_credit) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (province_id) DO UPDATE SET tasks = excluded.tasks, reports = excluded.reports, indicators = excluded.indicators,
                late_credit = excluded.late_credit
                """, arguments: [province.rawValue, w.tasks, w.reports, w.indicators, w.lateCredit])
            func text(_ t: Double, _ r: Double, _ i: Double, _ l: Double) -> String { "nhiệm vụ \(t) · báo cáo \(r) · chỉ tiêu \(i) · hệ số trễ \(l)" }
            try self.appendAudit(db, action: "score.weights", entity: "province", entityID: province.description,
                                 before: old.map { text($0["tasks"], $0["reports"], $0["indicators"], $0["late_credit"]) } ?? "mặc định",
                                 after: text(w.tasks, w.reports, w.indicators, w.lateCredit), by: actor)
            try self.bumpVersion(db)
        }
    }
}
