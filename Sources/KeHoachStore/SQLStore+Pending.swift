import Foundation
import KeHoachCore

extension SQLStore: PendingImportStore {
    public func savePending(file: String, bytes: Data, province: Province.ID, replacing: StoredPlan.ID?, user: User.ID) async throws -> PendingImport.ID {
        try await pool.write { db in
            // Previews older than a day are dropped.
            try db.execute(sql: "DELETE FROM pending_import WHERE created_at < ?", arguments: [self.stamp(self.clock().addingTimeInterval(-86_400))])
            try db.execute(sql: "INSERT INTO pending_import (province_id, replacing_plan_id, user_id, file, bytes, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [province.rawValue, replacing?.rawValue, user.rawValue, file, bytes, self.stamp(self.clock())])
            let id = try db.lastInsertedRowID()
            try self.appendAudit(db, action: "import.preview", entity: "pending_import", entityID: String(id), before: nil,
                                 after: "\(file) (\(bytes.count) byte)", by: Actor(userID: user, username: try String.fetchOne(db, sql: "SELECT username FROM app_user WHERE id = ?", arguments: [user.rawValue]) ?? "?"))
            return .init(id)
        }
    }

    public func pending(_ id: PendingImport.ID) async throws -> PendingImport? {
        try await pool.read { db in
            try SQLRow.fetchOne(db, sql: "SELECT * FROM pending_import WHERE id = ?", arguments: [id.rawValue]).map {
                PendingImport(id: .init($0["id"] as Int64), provinceID: .init($0["province_id"] as Int64),
                              replacing: ($0["replacing_plan_id"] as Int64?).map { .init($0) }, userID: .init($0["user_id"] as Int64),
                              file: $0["file"], bytes: $0["bytes"], corrections: Self.corrections(from: $0["corrections"]))
            }
        }
    }

    static func corrections(from json: String?) -> [String: [String: String]] {
        guard let data = json?.data(using: .utf8) else { return [:] }
        return (try? JSONDecoder().decode([String: [String: String]].self, from: data)) ?? [:]
    }

    public func savePendingCorrections(_ id: PendingImport.ID, _ corrections: [String: [String: String]], changed: [PlanCorrection],
                                       by actor: Actor) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(corrections), as: UTF8.self)
        try await pool.write { db in
            try db.execute(sql: "UPDATE pending_import SET corrections = ? WHERE id = ?", arguments: [json, id.rawValue])
            for c in changed {
                try self.appendAudit(db, action: "import.correct", entity: "pending_import", entityID: id.description,
                                     before: c.auditBefore, after: c.after, by: actor)
            }
        }
    }

    public func unresolvedNames(_ names: [String], in province: Province.ID) async throws -> Set<String> {
        guard !names.isEmpty else { return [] }
        return try await pool.read { db in
            let resolver = try self.resolver(db, province: province.rawValue)
            return Set(names.filter { name in resolver.resolve(name).contains { $0.agency == nil && $0.resolution == nil } })
        }
    }

    public func deletePending(_ id: PendingImport.ID, by actor: Actor, confirmed: Bool) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM pending_import WHERE id = ?", arguments: [id.rawValue])
            if !confirmed {
                try self.appendAudit(db, action: "import.cancel", entity: "pending_import", entityID: id.description, before: nil, after: nil, by: actor)
            }
        }
    }
}
