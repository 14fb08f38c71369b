import Foundation
import KeHoachCore

/// Every table of the schema, parents before children (the order rows are copied in).
extension Migrations {
    static let tables = [
        "province", "agency", "agency_alias", "agency_group", "agency_group_member", "succession",
        "plan", "plan_source", "indicator", "task", "assignment",
        "app_user", "session", "login_failure", "audit", "pending_import", "data_version",
        "report", "report_task", "report_indicator", "report_event", "attachment", "adhoc_request", "adhoc_request_agency",
        "indicator_setting", "indicator_rating", "task_decision", "score_weights", "data_version_shard", "indicator_fact",
        "outside_name", "report_draft", "follow_up", "notification", "calendar_feed", "mail_delivery", "mail_lease", "agency_notice", "follow_up_file",
        "api_token", "api_idempotency", "plan_publication",
    ]

    /// Tables whose rows the migrations themselves insert (counters, the mail lease): replaced, not added to, by a copy.
    static func isSeeded(_ table: String) -> Bool { table.hasPrefix("data_version") || table == "mail_lease" }
}

extension SQLStore {
    /// The whole database as text, one line per row, tables in schema order and rows sorted: two databases hold
    /// the same data exactly when their exports are equal, whichever engine holds them. Files and source
    /// documents appear as their length and SHA-256.
    public func export() async throws -> String {
        try await pool.read { db in
            var out = ""
            for table in Migrations.tables {
                let rows = try db.rows(sql: "SELECT * FROM \(table)", arguments: [])
                out += "# \(table) \(rows.count)\n"
                let lines = rows.map { row in
                    zip(row.columns.names, row.values).map { "\($0)=\(Self.exportText($1))" }.joined(separator: "\t")
                }
                for line in lines.sorted() { out += line + "\n" }
            }
            return out
        }
    }

    static func exportText(_ value: SQLValue) -> String {
        switch value {
        case .null: "NULL"
        case let .int(i): String(i)
        case let .double(d): d.rounded() == d && abs(d) < 1e15 ? String(Int64(d)) : String(d)
        case let .text(s): "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
            .replacingOccurrences(of: "\t", with: "\\t").replacingOccurrences(of: "\r", with: "\\r") + "\""
        case let .blob(b): "bytes(\(b.count), \(SHA256Digest.hex(b)))"
        }
    }

    /// Copies every row of this database into `target`, which must be empty (freshly migrated), in one
    /// transaction of the target: all or nothing. Row ids are kept and the target's id sequences moved past them.
    /// Returns the number of rows copied.
    public func copy(into target: SQLStore, progress: @escaping @Sendable (String) -> Void = { _ in }) async throws -> Int {
        let nonEmpty = try await target.pool.read { db in
            try Migrations.tables.filter { !Migrations.isSeeded($0) }.filter { try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \($0)") ?? 0 > 0 }
        }
        guard nonEmpty.isEmpty else {
            throw StoreError.conflict("cơ sở dữ liệu đích đã có dữ liệu (\(nonEmpty.prefix(3).joined(separator: ", "))); cần một cơ sở dữ liệu trống")
        }
        var batches: [(String, [SQLRow])] = []
        for table in Migrations.tables {
            batches.append((table, try await pool.read { db in try db.rows(sql: "SELECT * FROM \(table)", arguments: []) }))
        }
        let tables = batches
        return try await target.pool.write { db in
            var copied = 0
            for (table, rows) in tables {
                if Migrations.isSeeded(table) { try db.execute(sql: "DELETE FROM \(table)") }
                guard let first = rows.first else { continue }
                let columns = first.columns.names
                try db.insertRows(into: table, columns: columns, rows: rows.map(\.values))
                copied += rows.count
                progress("\(table): \(rows.count)")
                if columns.contains("id"), !Migrations.isSeeded(table) { try db.advanceIDSequence(table) }
            }
            return copied
        }
    }
}
