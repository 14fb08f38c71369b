import Foundation
import KeHoachCore

extension SQLStore {
    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return e
    }()

    static func json<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    public func loadPlan(_ document: PlanDocument, source: Data, into province: Province.ID, replacing: StoredPlan.ID?,
                         corrections: [PlanCorrection], by actor: Actor) async throws -> LoadResult {
        try await pool.write { db in
            let provinceID = province.rawValue
            guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM province WHERE id = ?", arguments: [provinceID]) == 1 else {
                throw StoreError.notFound("tỉnh \(province)")
            }
            let now = self.stamp(self.clock())
            let info = document.plan
            let sha = document.source?.sha256 ?? ""
            let file = document.source?.file ?? "plan.json"
            var planID: Int64
            var created = false
            var beforeSummary: String? = nil
            if let replacing {
                guard let p = try SQLRow.fetchOne(db, sql: "SELECT province_id, title FROM plan WHERE id = ?", arguments: [replacing.rawValue]) else {
                    throw StoreError.notFound("kế hoạch \(replacing)")
                }
                guard (p["province_id"] as Int64) == provinceID else { throw StoreError.invalid("kế hoạch thuộc tỉnh khác") }
                planID = replacing.rawValue
                beforeSummary = p["title"]
                try db.execute(sql: """
                    UPDATE plan SET title = ?, number = ?, issuer = ?, issued_on = ?, span_from = ?, span_to = ?, reporting_cadence = ?,
                    reporting_due_day = ?, reporting_due_month = ?, reporting_text = ?, reporting_due_dates = ?, source_file = ?, source_sha256 = ?, imported_at = ?
                    WHERE id = ?
                    """, arguments: Self.planArguments(info) + [file, sha, now, planID])
            } else {
                try db.execute(sql: """
                    INSERT INTO plan (title, number, issuer, issued_on, span_from, span_to, reporting_cadence, reporting_due_day,
                    reporting_due_month, reporting_text, reporting_due_dates, source_file, source_sha256, imported_at, province_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: Self.planArguments(info) + [file, sha, now, provinceID])
                planID = try db.lastInsertedRowID()
                created = true
            }
            try db.execute(sql: "INSERT INTO plan_source (plan_id, file, sha256, bytes, imported_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [planID, file, sha, source, now])

            let resolver = try self.resolver(db, province: provinceID)
            var unresolved: Set<String> = []

            // Indicators, then tasks, matched by code.
            var changes = (added: [String](), changed: [String](), removed: [String]())
            try self.replaceItems(db, table: "indicator", label: "chỉ tiêu", planID: planID, created: created, changes: &changes,
                                  items: try document.indicators.enumerated().map { position, indicator in
                (indicator.code, ["position": position, "body": try Self.json(indicator),
                                  "search_key": TextFolding.searchKey(indicator.code + " " + indicator.name)])
            }) { id, n in
                let indicator = document.indicators[n]
                unresolved.formUnion(try self.assign(db, resolver, indicatorID: id, role: "lead", names: indicator.leadAgencies))
                unresolved.formUnion(try self.assign(db, resolver, indicatorID: id, role: "monitoring", names: indicator.monitoringAgencies))
            }
            try self.replaceItems(db, table: "task", label: "nhiệm vụ", planID: planID, created: created, changes: &changes,
                                  items: try document.tasks.enumerated().map { position, task in
                (task.code, ["position": position, "grp": task.group, "deadline_kind": task.deadline?.kind.rawValue,
                             "due": task.deadline?.due?.description, "body": try Self.json(task),
                             "search_key": TextFolding.searchKey([task.code, task.name, task.product ?? "", task.leadAgencies.joined(separator: " "),
                                                                  task.partnerAgencies.joined(separator: " ")].joined(separator: " "))])
            }) { id, n in
                let task = document.tasks[n]
                unresolved.formUnion(try self.assign(db, resolver, taskID: id, role: "lead", names: task.leadAgencies))
                unresolved.formUnion(try self.assign(db, resolver, taskID: id, role: "partner", names: task.partnerAgencies))
            }
            let (added, changed, removed) = changes

            let result = LoadResult(planID: .init(planID), created: created, added: added.sorted(), changed: changed.sorted(),
                                    removed: removed.sorted(), unresolved: unresolved.sorted())
            let after = "\(info.title): \(document.indicators.count) chỉ tiêu, \(document.tasks.count) nhiệm vụ; nguồn \(file) (sha256 \(sha.prefix(12)))"
                + (created ? "" : "; thêm \(added.count), sửa \(changed.count), bỏ \(removed.count): "
                    + (added + changed + removed).prefix(50).joined(separator: ", "))
            try self.bumpVersion(db)
            try self.appendAudit(db, action: created ? "plan.import" : "plan.reimport", entity: "plan", entityID: String(planID),
                                 before: beforeSummary, after: after, by: actor)
            // What the coordinator corrected before confirming: one entry each, beside the import's own.
            for c in corrections {
                try self.appendAudit(db, action: "plan.import.correct", entity: "plan", entityID: String(planID),
                                     before: c.auditBefore, after: c.after, by: actor)
            }
            return result
        }
    }

    /// Writes one kind of a plan's items (indicators or tasks) matched by code: an item that stays is updated in
    /// place (its id, and the reports that name it, kept) and noted as changed when its body differs; a new one is
    /// inserted; one the document no longer has is deleted. `link` re-links each item's agencies (by its index).
    func replaceItems(_ db: any SQLDB, table: String, label: String, planID: Int64, created: Bool,
                      changes: inout (added: [String], changed: [String], removed: [String]),
                      items: [(code: String, columns: KeyValuePairs<String, (any SQLEncodable)?>)],
                      link: (Int64, Int) throws -> Void) throws {
        var existing: [String: (id: Int64, body: String)] = [:]
        for r in try SQLRow.fetchAll(db, sql: "SELECT id, code, body FROM \(table) WHERE plan_id = ?", arguments: [planID]) {
            existing[r["code"]] = (r["id"], r["body"])
        }
        for (n, item) in items.enumerated() {
            let names = item.columns.map(\.key), values = item.columns.map(\.value)
            let body = item.columns.first { $0.key == "body" }?.value as? String
            let id: Int64
            if let old = existing.removeValue(forKey: item.code) {
                id = old.id
                if old.body != body { changes.changed.append("\(label) \(item.code)") }
                try db.execute(sql: "UPDATE \(table) SET " + names.map { "\($0) = ?" }.joined(separator: ", ") + " WHERE id = ?",
                               arguments: SQLArguments(values + [id]))
                try db.execute(sql: "DELETE FROM assignment WHERE \(table)_id = ?", arguments: [id])
            } else {
                try db.execute(sql: "INSERT INTO \(table) (" + (names + ["plan_id", "code"]).joined(separator: ", ") + ") VALUES ("
                               + Array(repeating: "?", count: names.count + 2).joined(separator: ", ") + ")",
                               arguments: SQLArguments(values + [planID, item.code]))
                id = try db.lastInsertedRowID()
                if !created { changes.added.append("\(label) \(item.code)") }
            }
            try link(id, n)
        }
        for (code, old) in existing {
            try db.execute(sql: "DELETE FROM \(table) WHERE id = ?", arguments: [old.id])
            changes.removed.append("\(label) \(code)")
        }
    }

    static func planArguments(_ info: PlanInfo) -> SQLArguments {
        SQLArguments([info.title, info.number, info.issuer, info.issuedOn?.description, info.span?.from, info.span?.to,
                            info.reporting?.cadence.rawValue, info.reporting?.dueDay, info.reporting?.dueMonthOfPeriod, info.reporting?.text,
                            info.reporting?.dueDates.map(dueDatesText)]
                           as [(any SQLEncodable)?])
    }

    /// `[01/6, 15/11]` ↔ `06-01,11-15`.
    static func dueDatesText(_ dates: [MonthDay]) -> String {
        dates.map { String(format: "%02d-%02d", $0.month, $0.day) }.joined(separator: ",")
    }

    static func dueDates(_ text: String?) -> [MonthDay]? {
        guard let text, !text.isEmpty else { return nil }
        let dates = text.split(separator: ",").compactMap { part -> MonthDay? in
            let p = part.split(separator: "-")
            guard p.count == 2, let m = Int(p[0]), let d = Int(p[1]) else { return nil }
            return MonthDay(month: m, day: d)
        }
        return dates.isEmpty ? nil : dates
    }

    /// Writes the assignments of one list of names; returns the names that stayed unresolved.
    func assign(_ db: any SQLDB, _ resolver: Resolver, taskID: Int64? = nil, indicatorID: Int64? = nil, role: String, names: [String]) throws -> Set<String> {
        var unresolved: Set<String> = []
        for (position, name) in names.enumerated() {
            for hit in resolver.resolve(name) {
                if hit.agency == nil && hit.resolution == nil { unresolved.insert(name) }
                try db.execute(sql: """
                    INSERT INTO assignment (task_id, indicator_id, role, position, text, agency_id, predecessor_id, resolution)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [taskID, indicatorID, role, position, name, hit.agency?.rawValue, hit.predecessor?.rawValue, hit.resolution?.rawValue])
            }
        }
        return unresolved
    }

    // MARK: - Reading plans

    static func storedPlan(_ r: SQLRow) -> StoredPlan {
        let span: YearSpan? = (r["span_from"] as Int?).flatMap { from in (r["span_to"] as Int?).map { YearSpan(from: from, to: $0) } }
        let reporting: ReportingRule? = (r["reporting_cadence"] as String?).flatMap(Cadence.init(rawValue:)).map {
            ReportingRule(cadence: $0, dueDay: r["reporting_due_day"], dueMonthOfPeriod: r["reporting_due_month"],
                          dueDates: Self.dueDates(r["reporting_due_dates"]), text: r["reporting_text"] ?? "")
        }
        let info = PlanInfo(title: r["title"], number: r["number"], issuer: r["issuer"], issuedOn: (r["issued_on"] as String?).flatMap(CivilDate.init(iso:)),
                            span: span, reporting: reporting)
        return StoredPlan(id: .init(r["id"] as Int64), provinceID: .init(r["province_id"] as Int64), info: info, sourceFile: r["source_file"],
                          sourceSHA256: r["source_sha256"], importedAt: r["imported_at"], indicatorCount: r["indicator_count"] ?? 0,
                          taskCount: r["task_count"] ?? 0)
    }

    static let planColumns = """
        p.*, (SELECT COUNT(*) FROM indicator i WHERE i.plan_id = p.id) AS indicator_count,
        (SELECT COUNT(*) FROM task t WHERE t.plan_id = p.id) AS task_count
        """

    public func plans(in province: Province.ID?) async throws -> [StoredPlan] {
        try await pool.read { db in
            let rows = if let province {
                try SQLRow.fetchAll(db, sql: "SELECT \(Self.planColumns) FROM plan p WHERE p.province_id = ? ORDER BY p.id", arguments: [province.rawValue])
            } else {
                try SQLRow.fetchAll(db, sql: "SELECT \(Self.planColumns) FROM plan p ORDER BY p.id")
            }
            return rows.map(Self.storedPlan)
        }
    }

    public func plan(_ id: StoredPlan.ID) async throws -> StoredPlan? {
        try await pool.read { db in
            try SQLRow.fetchOne(db, sql: "SELECT \(Self.planColumns) FROM plan p WHERE p.id = ?", arguments: [id.rawValue]).map(Self.storedPlan)
        }
    }

    /// The references of a set of tasks or indicators, in document order, with agency names.
    func references(_ db: any SQLDB, column: String, ids: [Int64]) throws -> [Int64: [String: [AgencyReference]]] {
        guard !ids.isEmpty else { return [:] }
        var out: [Int64: [String: [AgencyReference]]] = [:]
        let rows = try SQLRow.fetchAll(db, sql: """
            SELECT a.\(column) AS owner, a.role, a.text, a.agency_id, a.resolution, g.name AS agency_name, pre.name AS predecessor_name
            FROM assignment a LEFT JOIN agency g ON g.id = a.agency_id LEFT JOIN agency pre ON pre.id = a.predecessor_id
            WHERE a.\(column) IN (\(ids.map(String.init).joined(separator: ","))) ORDER BY a.position, a.id
            """)
        for r in rows {
            let resolution = (r["resolution"] as String?).flatMap(Resolution.init(rawValue:))
            let owner: Int64 = r["owner"]
            let role: String = r["role"]
            let text: String = r["text"]
            if resolution == .group {
                // One reference for the whole group, with its size.
                var list = out[owner]?[role] ?? []
                if let i = list.lastIndex(where: { $0.text == text && $0.resolution == .group }) {
                    list[i].memberCount = (list[i].memberCount ?? 0) + ((r["agency_id"] as Int64?) == nil ? 0 : 1)
                } else {
                    var ref = AgencyReference(text: text, resolution: .group)
                    ref.memberCount = (r["agency_id"] as Int64?) == nil ? 0 : 1
                    list.append(ref)
                }
                out[owner, default: [:]][role] = list
                continue
            }
            let ref = AgencyReference(text: text, agencyID: (r["agency_id"] as Int64?).map { .init($0) }, agencyName: r["agency_name"],
                                      resolution: resolution, predecessorName: r["predecessor_name"])
            out[owner, default: [:]][role, default: []].append(ref)
        }
        return out
    }

    static let decoder = JSONDecoder()
    static let taskBodies = DecodedBodies<PlanTask>(capacity: 20_000)
    static let indicatorBodies = DecodedBodies<Indicator>(capacity: 10_000)

    func fetchTasks(_ db: any SQLDB, sql: String, arguments: SQLArguments) throws -> [StoredTask] {
        let rows = try SQLRow.fetchAll(db, sql: sql, arguments: arguments)
        let refs = try references(db, column: "task_id", ids: rows.map { $0["id"] })
        return try rows.map { r in
            let id: Int64 = r["id"]
            let task = try Self.taskBodies.decode(r["body"], with: Self.decoder)
            return StoredTask(id: .init(id), planID: .init(r["plan_id"] as Int64), planTitle: r["plan_title"], task: task,
                              lead: refs[id]?["lead"] ?? [], partners: refs[id]?["partner"] ?? [])
        }
    }

    func fetchIndicators(_ db: any SQLDB, sql: String, arguments: SQLArguments) throws -> [StoredIndicator] {
        let rows = try SQLRow.fetchAll(db, sql: sql, arguments: arguments)
        let refs = try references(db, column: "indicator_id", ids: rows.map { $0["id"] })
        return try rows.map { r in
            let id: Int64 = r["id"]
            let indicator = try Self.indicatorBodies.decode(r["body"], with: Self.decoder)
            return StoredIndicator(id: .init(id), planID: .init(r["plan_id"] as Int64), indicator: indicator,
                                   lead: refs[id]?["lead"] ?? [], monitoring: refs[id]?["monitoring"] ?? [])
        }
    }

    public func indicators(of plan: StoredPlan.ID) async throws -> [StoredIndicator] {
        try await pool.read { db in
            try self.indicatorLists.value(.planIndicators(plan.rawValue), version: try self.planDataVersion(db)) {
                try self.fetchIndicators(db, sql: "SELECT * FROM indicator WHERE plan_id = ? ORDER BY position", arguments: [plan.rawValue])
            }
        }
    }

    /// Which list a cached read is (PlanDataCache): what it was filtered by. Word searches are not kept.
    enum ListKey: Hashable, Sendable {
        case planTasks(Int64, agency: Int64?, group: String?, deadlineKind: String?)
        case agencyTasks(Int64)
        case planIndicators(Int64)
        case agencyIndicators(Int64)
    }

    func planDataVersion(_ db: any SQLDB) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT version FROM data_version WHERE id = 1") ?? 0
    }

    public func tasks(of plan: StoredPlan.ID, filter: TaskFilter) async throws -> [StoredTask] {
        try await pool.read { db in
            var sql = "SELECT t.*, p.title AS plan_title FROM task t JOIN plan p ON p.id = t.plan_id WHERE t.plan_id = ?"
            var args: [(any SQLEncodable)?] = [plan.rawValue]
            if let agency = filter.agencyID {
                sql += " AND t.id IN (SELECT task_id FROM assignment WHERE agency_id = ?)"; args.append(agency.rawValue)
            }
            if let group = filter.group { sql += " AND t.grp = ?"; args.append(group) }
            if let kind = filter.deadlineKind { sql += " AND t.deadline_kind = ?"; args.append(kind.rawValue) }
            let words = TextFolding.searchKey(filter.search ?? "").split(separator: " ")
            for w in words {
                sql += " AND (' ' || t.search_key) LIKE ? ESCAPE '\\'"; args.append("% " + Self.escapeLike(String(w)) + "%")
            }
            sql += " ORDER BY t.position"
            let read = { try self.fetchTasks(db, sql: sql, arguments: SQLArguments(args)) }
            guard words.isEmpty else { return try read() }
            let key = ListKey.planTasks(plan.rawValue, agency: filter.agencyID?.rawValue, group: filter.group, deadlineKind: filter.deadlineKind?.rawValue)
            return try self.taskLists.value(key, version: try self.planDataVersion(db), read: read)
        }
    }

    public func tasks(ofAgency agency: Agency.ID) async throws -> [StoredTask] {
        try await pool.read { db in
            try self.taskLists.value(.agencyTasks(agency.rawValue), version: try self.planDataVersion(db)) {
                try self.fetchTasks(db, sql: """
                    SELECT t.*, p.title AS plan_title FROM task t JOIN plan p ON p.id = t.plan_id
                    WHERE t.id IN (SELECT task_id FROM assignment WHERE agency_id = ?) ORDER BY p.id, t.position
                    """, arguments: [agency.rawValue])
            }
        }
    }

    public func indicators(ofAgency agency: Agency.ID) async throws -> [StoredIndicator] {
        try await pool.read { db in
            try self.indicatorLists.value(.agencyIndicators(agency.rawValue), version: try self.planDataVersion(db)) {
                try self.fetchIndicators(db, sql: """
                    SELECT i.* FROM indicator i WHERE i.id IN (SELECT indicator_id FROM assignment WHERE agency_id = ?) ORDER BY i.plan_id, i.position
                    """, arguments: [agency.rawValue])
            }
        }
    }

    public func searchTasks(_ query: String, in province: Province.ID?) async throws -> [StoredTask] {
        let words = TextFolding.searchKey(query).split(separator: " ")
        guard !words.isEmpty else { return [] }
        return try await pool.read { db in
            var sql = "SELECT t.*, p.title AS plan_title FROM task t JOIN plan p ON p.id = t.plan_id WHERE 1 = 1"
            var args: [(any SQLEncodable)?] = []
            for w in words { sql += " AND (' ' || t.search_key) LIKE ? ESCAPE '\\'"; args.append("% " + Self.escapeLike(String(w)) + "%") }
            if let province { sql += " AND p.province_id = ?"; args.append(province.rawValue) }
            sql += " ORDER BY p.id, t.position LIMIT 200"
            return try self.fetchTasks(db, sql: sql, arguments: SQLArguments(args))
        }
    }

    public func unresolvedNames(in province: Province.ID) async throws -> [String] {
        try await pool.read { db in
            try String.fetchAll(db, sql: """
                SELECT DISTINCT a.text FROM assignment a LEFT JOIN task t ON t.id = a.task_id LEFT JOIN indicator i ON i.id = a.indicator_id
                JOIN plan p ON p.id = COALESCE(t.plan_id, i.plan_id)
                WHERE a.agency_id IS NULL AND a.resolution IS NULL AND p.province_id = ? ORDER BY a.text
                """, arguments: [province.rawValue])
        }
    }
}
