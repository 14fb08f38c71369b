import Foundation
import KeHoachCore

/// The one implementation of `Store`, written against `SQLPool`: SQLite (one database file an administrator
/// can back up; WAL journal, foreign keys on) or PostgreSQL (several server processes on one database).
/// Migrations run when it opens.
public final class SQLStore: Store {
    let pool: any SQLPool
    /// The SQLite file, or the PostgreSQL location without its password.
    public let path: String
    let clock: @Sendable () -> Date
    /// This database's task and indicator lists as last read, by plan data version (PlanDataCache).
    let taskLists = PlanDataCache<ListKey, [StoredTask]>(capacity: 2_000)
    let indicatorLists = PlanDataCache<ListKey, [StoredIndicator]>(capacity: 2_000)

    /// Opens (creating if needed) the SQLite database at `path` and brings its schema up to date.
    public init(path: String, clock: @escaping @Sendable () -> Date = { Date() }) throws {
        pool = ObservedPool(try SQLitePool(path: path))
        self.path = path
        self.clock = clock
    }

    init(pool: any SQLPool, path: String, clock: @escaping @Sendable () -> Date) {
        self.pool = pool is ObservedPool ? pool : ObservedPool(pool); self.path = path; self.clock = clock
    }

    /// Opens `location`: a `postgres://…` URL, or else the path of an SQLite file.
    public static func open(_ location: String, clock: @escaping @Sendable () -> Date = { Date() }) async throws -> SQLStore {
        if PostgresLocation.isPostgres(location) {
            guard let pg = PostgresLocation(location) else { throw StoreError.invalid("địa chỉ PostgreSQL không đọc được: \(location)") }
            return SQLStore(pool: try await PostgresPool(pg), path: pg.description, clock: clock)
        }
        return try SQLStore(path: location, clock: clock)
    }

    public var isPostgres: Bool { pool.dialect == .postgres }

    public func close() async { await pool.close() }

    /// Runs a statement as the application would, for tests that check what the database itself refuses.
    @_spi(Testing) public func executeForTesting(_ sql: String) async throws {
        try await pool.write { db in try db.execute(sql: sql) }
    }

    /// UTC timestamps in ISO 8601 with milliseconds: they sort as text, in SQLite and PostgreSQL alike.
    static let isoStyle = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: TimeZone(identifier: "UTC")!)

    func stamp(_ date: Date) -> String { Self.isoStyle.format(date) }

    // MARK: - Directory

    /// Loads the shipped directories into an empty database. Returns false when provinces exist already.
    @discardableResult
    public func seedDirectory(_ seeds: [DirectorySeed] = DirectorySeed.all, by actor: Actor = .system) async throws -> Bool {
        try await pool.write { db in
            guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM province") == 0 else { return false }
            for seed in seeds { try self.insertDirectory(db, seed, by: actor) }
            return true
        }
    }

    /// Adds one more province's directory (the generated demo province); refused when its code exists.
    public func addDirectory(_ seed: DirectorySeed, by actor: Actor = .system) async throws {
        try await pool.write { db in
            guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM province WHERE code = ?", arguments: [seed.provinceCode]) == 0 else {
                throw StoreError.conflict("đã có tỉnh mã \(seed.provinceCode)")
            }
            try self.insertDirectory(db, seed, by: actor)
        }
    }

    func insertDirectory(_ db: any SQLDB, _ seed: DirectorySeed, by actor: Actor) throws {
        try db.execute(sql: "INSERT INTO province (code, name) VALUES (?, ?)", arguments: [seed.provinceCode, seed.provinceName])
        let provinceID = try db.lastInsertedRowID()
        var ids: [String: Int64] = [:]
        var groupIDs: [AgencyGroup: Int64] = [:]
        for group in AgencyGroup.allCases {
            try db.execute(sql: "INSERT INTO agency_group (province_id, kind) VALUES (?, ?)", arguments: [provinceID, group.rawValue])
            groupIDs[group] = try db.lastInsertedRowID()
        }
        for entry in seed.entries {
            let dissolved: String? = entry.succeededBy == nil ? nil : seed.successionDate.description
            try db.execute(sql: """
                INSERT INTO agency (province_id, name, kind, match_key, search_key, is_placeholder, dissolved_on)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [provinceID, entry.name, entry.kind.rawValue, DirectoryKey.key(entry.name),
                                 TextFolding.searchKey(entry.name), entry.placeholder, dissolved])
            let id = try db.lastInsertedRowID()
            ids[entry.name] = id
            for alias in entry.aliases {
                try db.execute(sql: "INSERT OR IGNORE INTO agency_alias (agency_id, province_id, alias, match_key) VALUES (?, ?, ?, ?)",
                               arguments: [id, provinceID, alias, DirectoryKey.key(alias)])
            }
            for group in entry.groups {
                try db.execute(sql: "INSERT INTO agency_group_member (group_id, agency_id) VALUES (?, ?)", arguments: [groupIDs[group]!, id])
            }
        }
        for entry in seed.entries {
            guard let successorName = entry.succeededBy, let from = ids[entry.name], let to = ids[successorName] else { continue }
            try db.execute(sql: "INSERT INTO succession (predecessor_id, successor_id, effective_on, decision) VALUES (?, ?, ?, ?)",
                           arguments: [from, to, seed.successionDate.description, seed.successionDecision])
        }
        try self.bumpVersion(db)
        try self.appendAudit(db, action: "directory.seed", entity: "province", entityID: String(provinceID), before: nil,
                             after: "\(seed.provinceName): \(seed.entries.count) cơ quan", by: actor)
    }

    public func provinces() async throws -> [Province] {
        try await pool.read { db in
            try SQLRow.fetchAll(db, sql: "SELECT id, code, name FROM province ORDER BY name").map {
                Province(id: .init($0["id"] as Int64), code: $0["code"], name: $0["name"])
            }
        }
    }

    public func province(_ id: Province.ID) async throws -> Province? {
        try await provinces().first { $0.id == id }
    }

    static func agency(_ row: SQLRow, aliases: [String]) -> Agency {
        Agency(id: .init(row["id"] as Int64), provinceID: .init(row["province_id"] as Int64), name: row["name"],
               kind: AgencyKind(rawValue: row["kind"]) ?? .other, isPlaceholder: row["is_placeholder"],
               dissolvedOn: (row["dissolved_on"] as String?).flatMap(CivilDate.init(iso:)), aliases: aliases, code: row["code"])
    }

    func fetchAgencies(_ db: any SQLDB, sql: String, arguments: SQLArguments) throws -> [Agency] {
        let rows = try SQLRow.fetchAll(db, sql: sql, arguments: arguments)
        let ids = rows.map { $0["id"] as Int64 }
        var aliases: [Int64: [String]] = [:]
        if !ids.isEmpty {
            for r in try SQLRow.fetchAll(db, sql: "SELECT agency_id, alias FROM agency_alias WHERE agency_id IN (\(ids.map(String.init).joined(separator: ","))) ORDER BY alias") {
                aliases[r["agency_id"], default: []].append(r["alias"])
            }
        }
        return rows.map { Self.agency($0, aliases: aliases[$0["id"] as Int64] ?? []) }
    }

    public func agencies(in province: Province.ID) async throws -> [Agency] {
        try await pool.read { db in
            try self.fetchAgencies(db, sql: "SELECT * FROM agency WHERE province_id = ? ORDER BY kind, is_placeholder, name",
                                   arguments: [province.rawValue])
        }
    }

    public func agency(_ id: Agency.ID) async throws -> Agency? {
        try await pool.read { db in
            try self.fetchAgencies(db, sql: "SELECT * FROM agency WHERE id = ?", arguments: [id.rawValue]).first
        }
    }

    public func successions(in province: Province.ID) async throws -> [Succession] {
        try await pool.read { db in
            try SQLRow.fetchAll(db, sql: """
                SELECT s.* FROM succession s JOIN agency a ON a.id = s.predecessor_id WHERE a.province_id = ? ORDER BY s.id
                """, arguments: [province.rawValue]).map {
                Succession(predecessor: .init($0["predecessor_id"] as Int64), successor: .init($0["successor_id"] as Int64),
                           effectiveOn: CivilDate(iso: $0["effective_on"]) ?? CivilDate(year: 2025, month: 7, day: 1)!, decision: $0["decision"])
            }
        }
    }

    /// Accent-insensitive: every word of the query must begin a word of the folded name (or of an alias);
    /// names that contain the whole query come first.
    public func searchAgencies(_ query: String, in province: Province.ID?) async throws -> [Agency] {
        let key = TextFolding.searchKey(query)
        let words = key.split(separator: " ").map(String.init).filter { !$0.isEmpty }
        guard !words.isEmpty else { return [] }
        return try await pool.read { db in
            var sql = "SELECT * FROM agency WHERE 1 = 1"
            var args: [(any SQLEncodable)?] = []
            for w in words {
                sql += " AND ((' ' || search_key) LIKE ? ESCAPE '\\' OR id IN (SELECT agency_id FROM agency_alias WHERE (' ' || match_key) LIKE ? ESCAPE '\\'))"
                args.append("% " + Self.escapeLike(w) + "%"); args.append("% " + Self.escapeLike(w) + "%")
            }
            if let province { sql += " AND province_id = ?"; args.append(province.rawValue) }
            sql += " ORDER BY (' ' || search_key) LIKE ? ESCAPE '\\' DESC, dissolved_on IS NOT NULL, name LIMIT 200"
            args.append("% " + Self.escapeLike(key) + "%")
            return try self.fetchAgencies(db, sql: sql, arguments: SQLArguments(args))
        }
    }

    static func escapeLike(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    }

    public func addAlias(_ name: String, to agencyID: Agency.ID, by actor: Actor) async throws {
        try await pool.write { db in
            guard let row = try SQLRow.fetchOne(db, sql: "SELECT province_id, name FROM agency WHERE id = ?", arguments: [agencyID.rawValue]) else {
                throw StoreError.notFound("agency \(agencyID)")
            }
            let provinceID: Int64 = row["province_id"]
            try db.execute(sql: "INSERT INTO agency_alias (agency_id, province_id, alias, match_key) VALUES (?, ?, ?, ?)",
                           arguments: [agencyID.rawValue, provinceID, name, DirectoryKey.key(name)])
            // Every reference written that way now resolves.
            let resolved = try self.resolvePending(db, province: provinceID, resolution: .manual)
            try self.bumpVersion(db)
            try self.appendAudit(db, action: "agency.alias.add", entity: "agency", entityID: agencyID.description, before: nil,
                                 after: "\(name) → \(row["name"] as String) (\(resolved) tham chiếu)", by: actor)
        }
    }

    public func addSuccession(_ s: Succession, by actor: Actor) async throws {
        try await pool.write { db in
            guard let from = try SQLRow.fetchOne(db, sql: "SELECT province_id, name FROM agency WHERE id = ?", arguments: [s.predecessor.rawValue]),
                  let to = try SQLRow.fetchOne(db, sql: "SELECT province_id, name, dissolved_on FROM agency WHERE id = ?", arguments: [s.successor.rawValue]) else {
                throw StoreError.notFound("cơ quan")
            }
            guard s.predecessor != s.successor else { throw StoreError.invalid("một cơ quan không thể kế thừa chính nó") }
            guard (from["province_id"] as Int64) == (to["province_id"] as Int64) else { throw StoreError.invalid("hai cơ quan thuộc hai tỉnh khác nhau") }
            guard (to["dissolved_on"] as String?) == nil else { throw StoreError.invalid("\(to["name"] as String) đã giải thể") }
            if try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM succession WHERE predecessor_id = ?", arguments: [s.predecessor.rawValue]) ?? 0 > 0 {
                throw StoreError.conflict("\(from["name"] as String) đã có cơ quan kế thừa")
            }
            let decision = s.decision.trimmedWhitespace
            guard !decision.isEmpty, decision.count <= 300 else { throw StoreError.invalid("cần ghi văn bản quyết định") }
            try db.execute(sql: "INSERT INTO succession (predecessor_id, successor_id, effective_on, decision) VALUES (?, ?, ?, ?)",
                           arguments: [s.predecessor.rawValue, s.successor.rawValue, s.effectiveOn.description, decision])
            try db.execute(sql: "UPDATE agency SET dissolved_on = ? WHERE id = ?", arguments: [s.effectiveOn.description, s.predecessor.rawValue])
            try db.execute(sql: "DELETE FROM agency_group_member WHERE agency_id = ?", arguments: [s.predecessor.rawValue])
            // Everything the predecessor held passes to the successor; the words of the plans stay.
            let moved = try Int64.fetchAll(db, sql: """
                UPDATE assignment SET predecessor_id = COALESCE(predecessor_id, agency_id), agency_id = ? WHERE agency_id = ? RETURNING id
                """, arguments: [s.successor.rawValue, s.predecessor.rawValue]).count
            try self.bumpVersion(db)
            try self.appendAudit(db, action: "agency.succession.add", entity: "agency", entityID: s.predecessor.description, before: from["name"],
                                 after: "\(from["name"] as String) → \(to["name"] as String) từ \(s.effectiveOn) (\(decision)); \(moved) tham chiếu chuyển", by: actor)
        }
    }

    func resolver(_ db: any SQLDB, province: Int64) throws -> Resolver {
        let provinceName = try String.fetchOne(db, sql: "SELECT name FROM province WHERE id = ?", arguments: [province]) ?? ""
        var r = Resolver(province: provinceName)
        for row in try SQLRow.fetchAll(db, sql: "SELECT id, name, match_key FROM agency WHERE province_id = ?", arguments: [province]) {
            let id = Agency.ID(row["id"] as Int64)
            r.byKey[row["match_key"]] = id
            r.names[id] = row["name"]
        }
        for row in try SQLRow.fetchAll(db, sql: "SELECT agency_id, match_key FROM agency_alias WHERE province_id = ?", arguments: [province]) {
            let key: String = row["match_key"]
            if r.byKey[key] == nil { r.byKey[key] = .init(row["agency_id"] as Int64) }
        }
        for row in try SQLRow.fetchAll(db, sql: """
            SELECT s.predecessor_id, s.successor_id FROM succession s JOIN agency a ON a.id = s.predecessor_id WHERE a.province_id = ?
            """, arguments: [province]) {
            r.successor[.init(row["predecessor_id"] as Int64)] = .init(row["successor_id"] as Int64)
        }
        for row in try SQLRow.fetchAll(db, sql: """
            SELECT g.kind, m.agency_id FROM agency_group g JOIN agency_group_member m ON m.group_id = g.id
            JOIN agency a ON a.id = m.agency_id WHERE g.province_id = ? ORDER BY a.name
            """, arguments: [province]) {
            if let kind = AgencyGroup(rawValue: row["kind"]) { r.groups[kind, default: []].append(.init(row["agency_id"] as Int64)) }
        }
        r.outside = Set(try String.fetchAll(db, sql: "SELECT match_key FROM outside_name WHERE province_id = ?", arguments: [province]))
        return r
    }

    // MARK: - Audit

    /// Marks plan and directory data as changed (see migration 003).
    func bumpVersion(_ db: any SQLDB) throws {
        try db.execute(sql: "UPDATE data_version SET version = version + 1 WHERE id = 1")
    }

    /// The same, for writes that run side by side (migration 008): one of 16 counters, so that concurrent commits
    /// rarely wait for each other's. A submission bumps one of 0–15 (evaluated data), a draft one of 16–31
    /// (migration 012), which only `.everything` counts.
    func bumpVersionShard(_ db: any SQLDB, draft: Bool) throws {
        try db.execute(sql: "UPDATE data_version_shard SET version = version + 1 WHERE id = ?", arguments: [Int.random(in: 0 ..< 16) + (draft ? 16 : 0)])
    }

    public func dataVersion(_ scope: DataScope) async throws -> Int64 {
        let shards = scope == .evaluated ? "WHERE id < 16" : ""
        return try await pool.read { db in try Int64.fetchOne(db, sql: """
            SELECT (SELECT version FROM data_version WHERE id = 1) + (SELECT COALESCE(SUM(version), 0) FROM data_version_shard \(shards))
            """) ?? 0 }
    }

    func appendAudit(_ db: any SQLDB, action: String, entity: String, entityID: String?, before: String?, after: String?, by actor: Actor) throws {
        try db.execute(sql: """
            INSERT INTO audit (at, user_id, username, action, entity, entity_id, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [stamp(clock()), actor.userID?.rawValue, actor.username, action, entity, entityID, before, after])
    }

    public func record(_ action: String, entity: String, entityID: String?, before: String?, after: String?, by actor: Actor) async throws {
        try await pool.write { db in try self.appendAudit(db, action: action, entity: entity, entityID: entityID, before: before, after: after, by: actor) }
    }

    /// The audit log, newest first; of a province: what its people did and what its API clients did (by the names
    /// `APIToken.username` gives them).
    public func audit(limit: Int, offset: Int, province: Province.ID? = nil) async throws -> [AuditEntry] {
        try await pool.read { db in
            let rows = if let province {
                try SQLRow.fetchAll(db, sql: """
                    SELECT * FROM audit WHERE user_id IN (SELECT id FROM app_user WHERE province_id = ?)
                        OR (user_id IS NULL AND username IN (SELECT 'api:' || id || ' ' || client FROM api_token WHERE province_id = ?))
                    ORDER BY id DESC LIMIT ? OFFSET ?
                    """, arguments: [province.rawValue, province.rawValue, limit, offset])
            } else {
                try SQLRow.fetchAll(db, sql: "SELECT * FROM audit ORDER BY id DESC LIMIT ? OFFSET ?", arguments: [limit, offset])
            }
            return rows.map {
                AuditEntry(id: $0["id"], at: $0["at"], username: $0["username"], action: $0["action"], entity: $0["entity"],
                           entityID: $0["entity_id"], before: $0["before"], after: $0["after"])
            }
        }
    }
}

/// Errors of the store, with a message for people.
public enum StoreError: Error, Sendable, Equatable {
    case notFound(String)
    case invalid(String)
    case conflict(String)
    /// The database cannot be reached (PostgreSQL restarting, network): try again shortly.
    case unavailable(String)
    /// The database refused a statement (a constraint, a bug): not the user's input.
    case database(String)
    /// No space left where the data is kept: nothing was saved; an administrator must free space.
    case full(String)

    public var message: String {
        switch self {
        case let .notFound(what): "Không tìm thấy: \(what)"
        case let .invalid(why): "Dữ liệu không hợp lệ: \(why)"
        case let .conflict(why): "Xung đột: \(why)"
        case let .unavailable(why): "Cơ sở dữ liệu tạm thời không truy cập được (\(why))"
        case let .database(why): "Lỗi cơ sở dữ liệu: \(why)"
        case let .full(what): "Hết dung lượng lưu trữ (\(what))"
        }
    }
}
