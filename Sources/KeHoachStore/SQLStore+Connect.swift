import Foundation
import KeHoachCore

/// API keys, idempotency keys and publication (migration 020).
extension SQLStore: ConnectStore {
    public func createToken(client: String, province: Province.ID, agency: Agency.ID?, access: APIToken.Access, expiresOn: CivilDate,
                            secretHash: String, prefix: String, by actor: Actor) async throws -> APIToken {
        let name = TextFolding.collapseSpaces(client)
        let now = stamp(clock())
        let id: Int64 = try await pool.write { db in
            if let agency {
                guard let owner = try Int64.fetchOne(db, sql: "SELECT province_id FROM agency WHERE id = ?", arguments: [agency.rawValue]),
                      owner == province.rawValue else { throw StoreError.invalid("cơ quan không thuộc tỉnh của khóa") }
            }
            try db.execute(sql: """
                INSERT INTO api_token (client, province_id, agency_id, access, secret_hash, prefix, created_by, created_at, expires_on)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [name, province.rawValue, agency?.rawValue, access.rawValue, secretHash, prefix, actor.username, now, expiresOn.description])
            let id = try db.lastInsertedRowID()
            try self.appendAudit(db, action: "api.token.create", entity: "api_token", entityID: String(id), before: nil,
                                 after: "\(name) · \(access.rawValue) · \(agency.map { "cơ quan \($0)" } ?? "tỉnh \(province)") · đến \(expiresOn)", by: actor)
            return id
        }
        return APIToken(id: .init(id), client: name, provinceID: province, agencyID: agency, access: access, prefix: prefix,
                        createdBy: actor.username, createdAt: now, expiresOn: expiresOn)
    }

    public func tokens(province: Province.ID?) async throws -> [APIToken] {
        try await pool.read { db in
            let rows = if let province {
                try SQLRow.fetchAll(db, sql: "SELECT * FROM api_token WHERE province_id = ? ORDER BY id DESC", arguments: [province.rawValue])
            } else {
                try SQLRow.fetchAll(db, sql: "SELECT * FROM api_token ORDER BY id DESC")
            }
            return rows.compactMap(Self.token)
        }
    }

    public func revokeToken(_ id: APIToken.ID, by actor: Actor) async throws {
        let now = stamp(clock())
        try await pool.write { db in
            guard let row = try SQLRow.fetchOne(db, sql: "SELECT revoked_at FROM api_token WHERE id = ?", arguments: [id.rawValue]) else {
                throw StoreError.notFound("khóa \(id)")
            }
            guard (row["revoked_at"] as String?) == nil else { return }
            try db.execute(sql: "UPDATE api_token SET revoked_at = ? WHERE id = ?", arguments: [now, id.rawValue])
            // Answers kept for its retries are of no use any more.
            try db.execute(sql: "DELETE FROM api_idempotency WHERE token_id = ?", arguments: [id.rawValue])
            try self.appendAudit(db, action: "api.token.revoke", entity: "api_token", entityID: id.description, before: nil, after: "revoked", by: actor)
        }
    }

    public func token(secretHash: String) async throws -> APIToken? {
        try await pool.read { db in
            try SQLRow.fetchOne(db, sql: "SELECT * FROM api_token WHERE secret_hash = ?", arguments: [secretHash]).flatMap(Self.token)
        }
    }

    public func recordTokenUse(_ id: APIToken.ID, client: String, request: String, status: Int) async throws {
        let now = stamp(clock())
        try await pool.write(exclusive: false) { db in
            try db.execute(sql: "UPDATE api_token SET last_used_at = ? WHERE id = ?", arguments: [now, id.rawValue])
            try self.appendAudit(db, action: "api.use", entity: "api_token", entityID: id.description, before: nil,
                                 after: "\(String(request.prefix(300))) → \(status)",
                                 by: Actor(userID: nil, username: APIToken.username(client: client, id: id)))
        }
    }

    static func token(_ r: SQLRow) -> APIToken? {
        guard let access = APIToken.Access(rawValue: r["access"]), let expires = CivilDate(iso: r["expires_on"]) else { return nil }
        return APIToken(id: .init(r["id"] as Int64), client: r["client"], provinceID: .init(r["province_id"] as Int64),
                        agencyID: (r["agency_id"] as Int64?).map { .init($0) }, access: access, prefix: r["prefix"], createdBy: r["created_by"],
                        createdAt: r["created_at"], expiresOn: expires, revokedAt: r["revoked_at"], lastUsedAt: r["last_used_at"])
    }

    // MARK: - Idempotency keys

    /// How long the answer of a write is kept for its retries.
    static let idempotencyLifetime: TimeInterval = 24 * 3600

    public func beginIdempotent(token: APIToken.ID, key: String, requestHash: String) async throws -> IdempotencyStart {
        let now = clock()
        return try await pool.write { db in
            try db.execute(sql: "DELETE FROM api_idempotency WHERE token_id = ? AND created_at < ?",
                           arguments: [token.rawValue, self.stamp(now.addingTimeInterval(-Self.idempotencyLifetime))])
            let inserted = try db.rows(sql: """
                INSERT INTO api_idempotency (token_id, key, request_hash, status, created_at) VALUES (?, ?, ?, 0, ?)
                ON CONFLICT DO NOTHING RETURNING token_id
                """, arguments: [token.rawValue, key, requestHash, self.stamp(now)])
            if !inserted.isEmpty { return .proceed }
            guard let row = try SQLRow.fetchOne(db, sql: "SELECT request_hash, status, body FROM api_idempotency WHERE token_id = ? AND key = ?",
                                                arguments: [token.rawValue, key]) else { return .inProgress }
            if (row["request_hash"] as String) != requestHash { return .mismatch }
            let status = row["status"] as Int64
            return status == 0 ? .inProgress : .replay(status: Int(status), body: (row["body"] as String?) ?? "")
        }
    }

    public func finishIdempotent(token: APIToken.ID, key: String, status: Int, body: String) async throws {
        try await pool.write(exclusive: false) { db in
            try db.execute(sql: "UPDATE api_idempotency SET status = ?, body = ? WHERE token_id = ? AND key = ?",
                           arguments: [Int64(status), body, token.rawValue, key])
        }
    }

    public func abandonIdempotent(token: APIToken.ID, key: String) async throws {
        try await pool.write(exclusive: false) { db in
            try db.execute(sql: "DELETE FROM api_idempotency WHERE token_id = ? AND key = ? AND status = 0", arguments: [token.rawValue, key])
        }
    }

    // MARK: - Publication

    public func setPublication(_ plan: StoredPlan.ID, licence: OpenLicence?, on day: CivilDate, by actor: Actor) async throws {
        try await pool.write { db in
            try self.requireRow(db, "plan", plan.rawValue, "kế hoạch")
            let before = try String.fetchOne(db, sql: "SELECT licence FROM plan_publication WHERE plan_id = ?", arguments: [plan.rawValue])
            guard before != licence?.rawValue else { return }
            if let licence {
                try db.execute(sql: """
                    INSERT INTO plan_publication (plan_id, published_on, licence, published_by) VALUES (?, ?, ?, ?)
                    ON CONFLICT (plan_id) DO UPDATE SET licence = excluded.licence, published_by = excluded.published_by
                    """, arguments: [plan.rawValue, day.description, licence.rawValue, actor.username])
            } else {
                try db.execute(sql: "DELETE FROM plan_publication WHERE plan_id = ?", arguments: [plan.rawValue])
            }
            try self.appendAudit(db, action: licence == nil ? "plan.unpublish" : "plan.publish", entity: "plan", entityID: plan.description,
                                 before: before, after: licence?.rawValue, by: actor)
            try self.bumpVersion(db)
        }
    }

    public func publications() async throws -> [Publication] {
        try await pool.read { db in
            try SQLRow.fetchAll(db, sql: "SELECT * FROM plan_publication ORDER BY plan_id").compactMap { r in
                guard let day = CivilDate(iso: r["published_on"]), let licence = OpenLicence(rawValue: r["licence"]) else { return nil }
                return Publication(planID: .init(r["plan_id"] as Int64), publishedOn: day, licence: licence, publishedBy: r["published_by"])
            }
        }
    }

    public func migrationState() async throws -> (applied: Int, known: Int) {
        let sql = isPostgres ? "SELECT name FROM schema_migration" : "SELECT identifier FROM grdb_migrations"
        let names = Set(try await pool.read { db in try String.fetchAll(db, sql: sql) })
        return (Migrations.steps.filter { names.contains($0.name) }.count, Migrations.steps.count)
    }
}
