import Foundation
import KeHoachCore

extension SQLStore {
    static func user(_ r: SQLRow) -> User {
        User(id: .init(r["id"] as Int64), username: r["username"], displayName: r["display_name"],
             role: Role(rawValue: r["role"]) ?? .viewer, provinceID: (r["province_id"] as Int64?).map { .init($0) },
             agencyID: (r["agency_id"] as Int64?).map { .init($0) }, mustChangePassword: r["must_change_password"], disabled: r["disabled"],
             lastSignIn: r["last_signin_at"])
    }

    public func users() async throws -> [User] {
        try await pool.read { db in try SQLRow.fetchAll(db, sql: "SELECT * FROM app_user ORDER BY username").map(Self.user) }
    }

    public func user(_ id: User.ID) async throws -> User? {
        try await pool.read { db in try SQLRow.fetchOne(db, sql: "SELECT * FROM app_user WHERE id = ?", arguments: [id.rawValue]).map(Self.user) }
    }

    public func user(named username: String) async throws -> (User, passwordHash: String)? {
        try await pool.read { db in
            try SQLRow.fetchOne(db, sql: "SELECT * FROM app_user WHERE username = ?", arguments: [username.lowercased()]).map {
                (Self.user($0), $0["password_hash"] as String)
            }
        }
    }

    public func createUser(username: String, displayName: String, passwordHash: String, role: Role, province: Province.ID?,
                           agency: Agency.ID?, mustChangePassword: Bool, by actor: Actor) async throws -> User {
        try await pool.write { db in
            let name = username.lowercased()
            if try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM app_user WHERE username = ?", arguments: [name]) ?? 0 > 0 {
                throw StoreError.conflict("tên đăng nhập \(name) đã có")
            }
            try db.execute(sql: """
                INSERT INTO app_user (username, display_name, password_hash, role, province_id, agency_id, must_change_password, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [name, displayName, passwordHash, role.rawValue, province?.rawValue, agency?.rawValue, mustChangePassword, self.stamp(self.clock())])
            let id = try db.lastInsertedRowID()
            try self.appendAudit(db, action: "user.create", entity: "user", entityID: String(id), before: nil,
                                 after: "\(name) (\(role.rawValue), tỉnh \(province?.description ?? "-"), cơ quan \(agency?.description ?? "-"))", by: actor)
            return try SQLRow.fetchOne(db, sql: "SELECT * FROM app_user WHERE id = ?", arguments: [id]).map(Self.user)!
        }
    }

    public func setPassword(_ user: User.ID, hash: String, mustChange: Bool, by actor: Actor) async throws {
        try await pool.write { db in
            guard try Int64.fetchOne(db, sql: "UPDATE app_user SET password_hash = ?, must_change_password = ? WHERE id = ? RETURNING id",
                                     arguments: [hash, mustChange, user.rawValue]) != nil else { throw StoreError.notFound("người dùng \(user)") }
            // Other sessions of the user end with a password change.
            try db.execute(sql: "DELETE FROM session WHERE user_id = ?", arguments: [user.rawValue])
            try self.appendAudit(db, action: "user.password", entity: "user", entityID: user.description, before: nil, after: "mật khẩu đã đổi", by: actor)
        }
    }

    public func updateUser(_ user: User.ID, displayName: String, role: Role, province: Province.ID?, agency: Agency.ID?, by actor: Actor) async throws -> User {
        try await pool.write { db in
            guard let before = try SQLRow.fetchOne(db, sql: "SELECT * FROM app_user WHERE id = ?", arguments: [user.rawValue]).map(Self.user) else {
                throw StoreError.notFound("người dùng \(user)")
            }
            try db.execute(sql: "UPDATE app_user SET display_name = ?, role = ?, province_id = ?, agency_id = ? WHERE id = ?",
                           arguments: [displayName, role.rawValue, province?.rawValue, agency?.rawValue, user.rawValue])
            func text(_ u: User) -> String { "\(u.displayName) (\(u.role.label), tỉnh \(u.provinceID?.description ?? "-"), cơ quan \(u.agencyID?.description ?? "-"))" }
            let after = try SQLRow.fetchOne(db, sql: "SELECT * FROM app_user WHERE id = ?", arguments: [user.rawValue]).map(Self.user)!
            try self.appendAudit(db, action: "user.update", entity: "user", entityID: user.description, before: text(before), after: text(after), by: actor)
            return after
        }
    }

    public func setDisabled(_ user: User.ID, _ disabled: Bool, by actor: Actor) async throws {
        try await pool.write { db in
            guard try Int64.fetchOne(db, sql: "UPDATE app_user SET disabled = ? WHERE id = ? RETURNING id", arguments: [disabled, user.rawValue]) != nil else {
                throw StoreError.notFound("người dùng \(user)")
            }
            if disabled { try db.execute(sql: "DELETE FROM session WHERE user_id = ?", arguments: [user.rawValue]) }
            try self.appendAudit(db, action: disabled ? "user.disable" : "user.enable", entity: "user", entityID: user.description, before: nil, after: nil, by: actor)
        }
    }

    public func clearLoginFailures(key: String, user: User.ID, by actor: Actor) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM login_failure WHERE key = ?", arguments: [key])
            try self.appendAudit(db, action: "user.unlock", entity: "user", entityID: user.description, before: nil, after: nil, by: actor)
        }
    }

    public func createSession(tokenHash: String, user: User.ID, csrfToken: String, expiresAt: Date) async throws {
        try await pool.write { db in
            try db.execute(sql: "INSERT INTO session (token_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [tokenHash, user.rawValue, csrfToken, self.stamp(self.clock()), self.stamp(expiresAt)])
            try db.execute(sql: "UPDATE app_user SET last_signin_at = ? WHERE id = ?", arguments: [self.stamp(self.clock()), user.rawValue])
            try self.appendAudit(db, action: "session.create", entity: "user", entityID: user.description, before: nil, after: nil,
                                 by: Actor(userID: user, username: try String.fetchOne(db, sql: "SELECT username FROM app_user WHERE id = ?", arguments: [user.rawValue]) ?? "?"))
        }
    }

    public func session(tokenHash: String, now: Date) async throws -> (User, csrfToken: String)? {
        try await pool.read { db in
            try SQLRow.fetchOne(db, sql: """
                SELECT u.*, s.csrf_token FROM session s JOIN app_user u ON u.id = s.user_id
                WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled = 0
                """, arguments: [tokenHash, self.stamp(now)]).map { (Self.user($0), $0["csrf_token"] as String) }
        }
    }

    public func deleteSession(tokenHash: String) async throws {
        try await pool.write { db in
            if let user = try Int64.fetchOne(db, sql: "SELECT user_id FROM session WHERE token_hash = ?", arguments: [tokenHash]) {
                try db.execute(sql: "DELETE FROM session WHERE token_hash = ?", arguments: [tokenHash])
                try self.appendAudit(db, action: "session.delete", entity: "user", entityID: String(user), before: nil, after: nil,
                                     by: Actor(userID: .init(user), username: try String.fetchOne(db, sql: "SELECT username FROM app_user WHERE id = ?", arguments: [user]) ?? "?"))
            }
        }
    }

    public func recordLoginFailure(key: String, at: Date, since: Date) async throws -> Int {
        try await pool.write { db in
            try db.execute(sql: "INSERT INTO login_failure (key, at) VALUES (?, ?)", arguments: [key, self.stamp(at)])
            try db.execute(sql: "DELETE FROM login_failure WHERE at < ?", arguments: [self.stamp(since.addingTimeInterval(-86_400))])
            try self.appendAudit(db, action: "session.failed", entity: "login", entityID: key, before: nil, after: nil, by: .system)
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM login_failure WHERE key = ? AND at >= ?", arguments: [key, self.stamp(since)]) ?? 0
        }
    }

    public func loginFailures(key: String, since: Date) async throws -> Int {
        try await pool.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM login_failure WHERE key = ? AND at >= ?", arguments: [key, self.stamp(since)]) ?? 0
        }
    }
}
