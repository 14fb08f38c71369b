import Foundation
import KeHoachCore

/// The consolidated report's drafts: append-only versions, each the whole document as JSON.
extension SQLStore {
    /// A draft's document stays well under this (the demo province's largest plan: about 200 KB).
    static let maxDraftBytes = 8 * 1_048_576

    public func saveDraft(province: Province.ID, scope: ReportDraft.Scope, period: Period, document: AdministrativeDocument, edited: Set<String>,
                          change: String, by actor: Actor) async throws -> ReportDraft {
        let body = String(decoding: try JSONEncoder().encode(document), as: UTF8.self)
        guard body.utf8.count <= Self.maxDraftBytes else { throw StoreError.invalid("bản dự thảo quá lớn") }
        let keys = String(decoding: try JSONEncoder().encode(edited.sorted()), as: UTF8.self)
        let now = stamp(clock())
        let (id, version): (Int64, Int) = try await pool.write { db in
            let version = (try Int.fetchOne(db, sql: "SELECT MAX(version) FROM report_draft WHERE province_id = ? AND scope = ? AND period = ?",
                                            arguments: [province.rawValue, scope.code, period.description]) ?? 0) + 1
            try db.execute(sql: """
                INSERT INTO report_draft (province_id, scope, period, version, body, edited, change, user_id, username, saved_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [province.rawValue, scope.code, period.description, version, body, keys, change, actor.userID?.rawValue, actor.username, now])
            let id = try db.lastInsertedRowID()
            try self.appendAudit(db, action: "draft.save", entity: "report_draft", entityID: String(id), before: nil,
                                 after: "\(scope.code) · \(period) · bản \(version): \(change)", by: actor)
            return (id, version)
        }
        return ReportDraft(id: .init(id), provinceID: province, scope: scope, period: period, version: version, document: document,
                           edited: edited, change: change, username: actor.username, savedAt: now)
    }

    public func drafts(province: Province.ID, scope: ReportDraft.Scope, period: Period) async throws -> [ReportDraft] {
        let rows = try await pool.read { db in
            try SQLRow.fetchAll(db, sql: """
                SELECT id, version, body, edited, change, username, saved_at FROM report_draft
                WHERE province_id = ? AND scope = ? AND period = ? ORDER BY version DESC
                """, arguments: [province.rawValue, scope.code, period.description])
        }
        return try rows.map { row in
            let body: String = row["body"], keys: String = row["edited"]
            return ReportDraft(id: .init(row["id"] as Int64), provinceID: province, scope: scope, period: period, version: row["version"],
                               document: try JSONDecoder().decode(AdministrativeDocument.self, from: Data(body.utf8)),
                               edited: Set(try JSONDecoder().decode([String].self, from: Data(keys.utf8))),
                               change: row["change"], username: row["username"], savedAt: row["saved_at"])
        }
    }
}
