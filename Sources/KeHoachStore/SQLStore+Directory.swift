import Foundation
import KeHoachCore

/// A province completes and keeps its own directory: agencies added, renamed (the old name kept as an alias),
/// retired, merged (a succession), loaded from the province's list, and the plans' names of bodies outside the
/// province set aside. After each change the references the plans left unresolved are resolved again.
extension SQLStore {
    /// Resolves again the references of the province's plans that no agency holds, with the directory as it is now;
    /// returns how many now resolve (to an agency, or as a body outside the province).
    func resolvePending(_ db: any SQLDB, province: Int64, resolution manual: Resolution? = nil) throws -> Int {
        let resolver = try self.resolver(db, province: province)
        let pending = try SQLRow.fetchAll(db, sql: """
            SELECT a.id, a.text FROM assignment a
            LEFT JOIN task t ON t.id = a.task_id LEFT JOIN indicator i ON i.id = a.indicator_id
            JOIN plan p ON p.id = COALESCE(t.plan_id, i.plan_id)
            WHERE a.agency_id IS NULL AND a.resolution IS NULL AND p.province_id = ?
            """, arguments: [province])
        var count = 0
        for row in pending {
            let hits = resolver.resolve(row["text"])
            // A group's members were written one row each when the plan was loaded; a single hit is a name.
            guard hits.count == 1, let hit = hits.first, hit.agency != nil || hit.resolution == .outside else { continue }
            try db.execute(sql: "UPDATE assignment SET agency_id = ?, predecessor_id = ?, resolution = ? WHERE id = ?",
                           arguments: [hit.agency?.rawValue, hit.predecessor?.rawValue, (hit.agency == nil ? hit.resolution : manual ?? hit.resolution)?.rawValue,
                                       row["id"] as Int64])
            count += 1
        }
        return count
    }

    static func checkedName(_ name: String) throws -> String {
        let n = name.trimmedWhitespace
        guard !n.isEmpty else { throw StoreError.invalid("cần ghi tên cơ quan") }
        guard n.count <= 200 else { throw StoreError.invalid("tên cơ quan dài quá 200 ký tự") }
        return n
    }

    static func checkedCode(_ code: String?) throws -> String? {
        guard let c = code?.trimmedWhitespace, !c.isEmpty else { return nil }
        guard c.count <= 30, c.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            throw StoreError.invalid("mã cơ quan «\(c.prefix(40))» chỉ gồm chữ, số, dấu (không dấu cách), tối đa 30 ký tự")
        }
        return c
    }

    /// The agency of the province a name or an alias already stands for, or the one holding a code.
    func existing(_ db: any SQLDB, province: Int64, name: String, code: String?, except: Int64? = nil) throws -> (id: Int64, name: String)? {
        let key = DirectoryKey.key(name)
        if let row = try SQLRow.fetchOne(db, sql: """
            SELECT id, name FROM agency WHERE province_id = ? AND id <> ? AND (match_key = ? OR id IN (SELECT agency_id FROM agency_alias WHERE province_id = ? AND match_key = ?))
            """, arguments: [province, except ?? -1, key, province, key]) { return (row["id"], row["name"]) }
        if let code, let row = try SQLRow.fetchOne(db, sql: "SELECT id, name FROM agency WHERE province_id = ? AND id <> ? AND code = ?",
                                                 arguments: [province, except ?? -1, code]) { return (row["id"], row["name"]) }
        return nil
    }

    /// The groups plans name that an agency of this kind belongs to (`UBND các xã` holds every commune).
    static func groups(of kind: AgencyKind) -> [AgencyGroup] {
        switch kind {
        case .department: [.departments]
        case .commune: [.communes]
        case .enterprise, .partyBody, .other: []
        }
    }

    func insertAgency(_ db: any SQLDB, province: Int64, name: String, kind: AgencyKind, code: String?) throws -> Int64 {
        try db.execute(sql: """
            INSERT INTO agency (province_id, name, kind, match_key, search_key, is_placeholder, dissolved_on, code) VALUES (?, ?, ?, ?, ?, ?, NULL, ?)
            """, arguments: [province, name, kind.rawValue, DirectoryKey.key(name), TextFolding.searchKey(name), false, code])
        let id = try db.lastInsertedRowID()
        try setGroups(db, agency: id, province: province, kind: kind)
        return id
    }

    func setGroups(_ db: any SQLDB, agency: Int64, province: Int64, kind: AgencyKind) throws {
        try db.execute(sql: """
            DELETE FROM agency_group_member WHERE agency_id = ? AND group_id IN (SELECT id FROM agency_group WHERE province_id = ? AND kind IN ('departments', 'communes'))
            """, arguments: [agency, province])
        for group in Self.groups(of: kind) {
            try db.execute(sql: """
                INSERT INTO agency_group_member (group_id, agency_id) SELECT id, ? FROM agency_group WHERE province_id = ? AND kind = ?
                """, arguments: [agency, province, group.rawValue])
        }
    }

    /// A new agency of the province. Refused when its name (or an alias) or its code is another agency's.
    public func createAgency(name: String, kind: AgencyKind, code: String? = nil, in province: Province.ID, by actor: Actor) async throws -> Agency {
        let name = try Self.checkedName(name), code = try Self.checkedCode(code)
        let id: Int64 = try await pool.write { db in
            if let other = try self.existing(db, province: province.rawValue, name: name, code: code) {
                throw StoreError.conflict("đã có cơ quan «\(other.name)» (trùng tên hoặc mã)")
            }
            let id = try self.insertAgency(db, province: province.rawValue, name: name, kind: kind, code: code)
            let resolved = try self.resolvePending(db, province: province.rawValue)
            try self.bumpVersion(db)
            try self.appendAudit(db, action: "agency.create", entity: "agency", entityID: String(id), before: nil,
                                 after: "\(name) (\(kind.label)\(code.map { ", mã \($0)" } ?? "")); \(resolved) tham chiếu của kế hoạch", by: actor)
            return id
        }
        guard let agency = try await agency(.init(id)) else { throw StoreError.notFound("cơ quan \(id)") }
        return agency
    }

    /// Renames an agency (its former name stays an alias: the plans that wrote it still find it), or changes its
    /// kind or code. A placeholder given a real name is one no longer.
    public func updateAgency(_ agency: Agency.ID, name: String, kind: AgencyKind, code: String?, by actor: Actor) async throws {
        let name = try Self.checkedName(name), code = try Self.checkedCode(code)
        try await pool.write { db in
            guard let row = try SQLRow.fetchOne(db, sql: "SELECT province_id, name, kind, code, is_placeholder FROM agency WHERE id = ?",
                                                arguments: [agency.rawValue]) else { throw StoreError.notFound("cơ quan") }
            let province: Int64 = row["province_id"], old: String = row["name"]
            if let other = try self.existing(db, province: province, name: name, code: code, except: agency.rawValue) {
                throw StoreError.conflict("đã có cơ quan «\(other.name)» (trùng tên hoặc mã)")
            }
            let placeholder: Bool = row["is_placeholder"]
            if old != name {
                if !placeholder, try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM agency_alias WHERE agency_id = ? AND match_key = ?",
                                                   arguments: [agency.rawValue, DirectoryKey.key(old)]) == 0 {
                    try db.execute(sql: "INSERT INTO agency_alias (agency_id, province_id, alias, match_key) VALUES (?, ?, ?, ?)",
                                   arguments: [agency.rawValue, province, old, DirectoryKey.key(old)])
                }
            }
            try db.execute(sql: "UPDATE agency SET name = ?, match_key = ?, search_key = ?, kind = ?, code = ?, is_placeholder = ? WHERE id = ?",
                           arguments: [name, DirectoryKey.key(name), TextFolding.searchKey(name), kind.rawValue, code,
                                       placeholder && old == name, agency.rawValue])
            if kind.rawValue != (row["kind"] as String) { try self.setGroups(db, agency: agency.rawValue, province: province, kind: kind) }
            let resolved = try self.resolvePending(db, province: province)
            try self.bumpVersion(db)
            try self.appendAudit(db, action: "agency.update", entity: "agency", entityID: agency.description,
                                 before: "\(old) (\(AgencyKind(rawValue: row["kind"])?.label ?? ""), mã \(row["code"] as String? ?? "—"))",
                                 after: "\(name) (\(kind.label), mã \(code ?? "—")); \(resolved) tham chiếu của kế hoạch", by: actor)
        }
    }

    /// An agency closed without a successor (its reports stay; it owes none after `on`). A merge is a succession.
    public func retireAgency(_ agency: Agency.ID, on date: CivilDate, by actor: Actor) async throws {
        try await pool.write { db in
            guard let row = try SQLRow.fetchOne(db, sql: "SELECT name, dissolved_on FROM agency WHERE id = ?", arguments: [agency.rawValue]) else {
                throw StoreError.notFound("cơ quan")
            }
            guard (row["dissolved_on"] as String?) == nil else { throw StoreError.conflict("\(row["name"] as String) đã thôi hoạt động") }
            try db.execute(sql: "UPDATE agency SET dissolved_on = ? WHERE id = ?", arguments: [date.description, agency.rawValue])
            try db.execute(sql: "DELETE FROM agency_group_member WHERE agency_id = ?", arguments: [agency.rawValue])
            try self.bumpVersion(db)
            try self.appendAudit(db, action: "agency.retire", entity: "agency", entityID: agency.description, before: row["name"],
                                 after: "thôi hoạt động từ \(date.vietnamese)", by: actor)
        }
    }

    /// A name the province's plans use for a body outside the province: set aside, not asked to report.
    public func markOutside(_ name: String, in province: Province.ID, by actor: Actor) async throws {
        let name = try Self.checkedName(name)
        try await pool.write { db in
            if let other = try self.existing(db, province: province.rawValue, name: name, code: nil) {
                throw StoreError.conflict("«\(name)» là tên của \(other.name) trong danh bạ")
            }
            try db.execute(sql: "INSERT INTO outside_name (province_id, name, match_key) VALUES (?, ?, ?) ON CONFLICT (province_id, match_key) DO NOTHING",
                           arguments: [province.rawValue, name, DirectoryKey.key(name)])
            let resolved = try self.resolvePending(db, province: province.rawValue)
            try self.bumpVersion(db)
            try self.appendAudit(db, action: "directory.outside", entity: "province", entityID: province.description, before: nil,
                                 after: "\(name): ngoài tỉnh, không yêu cầu báo cáo (\(resolved) tham chiếu)", by: actor)
        }
    }

    /// The names set aside as outside the province.
    public func outsideNames(in province: Province.ID) async throws -> [String] {
        try await pool.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM outside_name WHERE province_id = ? ORDER BY name", arguments: [province.rawValue])
        }
    }

    /// Loads the province's list of agencies and communes, in one transaction: an agency the list names (by code,
    /// name or alias) takes the list's kind and code; a commune not yet in the directory takes the place of a
    /// placeholder commune while there is one (it keeps what the plans assigned to it); any other is added. Nothing
    /// is removed. Refused whole when two rows name the same agency.
    public func loadAgencyList(_ rows: [AgencyListRow], into province: Province.ID, by actor: Actor) async throws -> AgencyListResult {
        var seen: [String: String] = [:]
        var checked: [AgencyListRow] = []
        for (n, row) in rows.enumerated() {
            var r = row
            r.name = try Self.checkedName(row.name)
            r.code = try Self.checkedCode(row.code)
            let key = DirectoryKey.key(r.name)
            if let first = seen[key] { throw StoreError.invalid("dòng \(n + 2): «\(r.name)» trùng với «\(first)»") }
            seen[key] = r.name
            if let code = r.code {
                if let first = seen["code " + code] { throw StoreError.invalid("dòng \(n + 2): mã \(code) trùng với «\(first)»") }
                seen["code " + code] = r.name
            }
            checked.append(r)
        }
        let list = checked
        return try await pool.write { db in
            var result = AgencyListResult()
            var placeholders = try Int64.fetchAll(db, sql: """
                SELECT id FROM agency WHERE province_id = ? AND kind = 'commune' AND is_placeholder = ? AND dissolved_on IS NULL ORDER BY id
                """, arguments: [province.rawValue, true])
            for row in list {
                if let hit = try self.existing(db, province: province.rawValue, name: row.name, code: row.code) {
                    let current = try SQLRow.fetchOne(db, sql: "SELECT kind, code FROM agency WHERE id = ?", arguments: [hit.id])
                    if current?["kind"] as String? == row.kind.rawValue, current?["code"] as String? == row.code || row.code == nil {
                        result.unchanged += 1
                        continue
                    }
                    try db.execute(sql: "UPDATE agency SET kind = ?, code = COALESCE(?, code) WHERE id = ?", arguments: [row.kind.rawValue, row.code, hit.id])
                    try self.setGroups(db, agency: hit.id, province: province.rawValue, kind: row.kind)
                    result.updated.append(hit.name)
                } else if row.kind == .commune, !placeholders.isEmpty {
                    let id = placeholders.removeFirst()
                    try db.execute(sql: "UPDATE agency SET name = ?, match_key = ?, search_key = ?, code = ?, is_placeholder = ? WHERE id = ?",
                                   arguments: [row.name, DirectoryKey.key(row.name), TextFolding.searchKey(row.name), row.code, false, id])
                    result.named.append(row.name)
                } else {
                    _ = try self.insertAgency(db, province: province.rawValue, name: row.name, kind: row.kind, code: row.code)
                    result.created.append(row.name)
                }
            }
            result.resolved = try self.resolvePending(db, province: province.rawValue)
            try self.bumpVersion(db)
            try self.appendAudit(db, action: "directory.load", entity: "province", entityID: province.description, before: nil,
                                 after: "\(list.count) dòng: \(result.created.count) thêm, \(result.named.count) điền tên xã chưa có tên, \(result.updated.count) cập nhật, \(result.unchanged) không đổi; \(result.resolved) tham chiếu của kế hoạch", by: actor)
            return result
        }
    }
}
