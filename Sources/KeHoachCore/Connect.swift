import Foundation

/// KeHoach connected to the rest of government: the keys machine clients use (API tokens), the replay of their
/// retried writes (idempotency keys), the plans a province publishes as open data, and the national codes its
/// indicators carry to the national reporting system.

/// A machine client's key to the API: issued by an administrator or a coordinator for a named client (the
/// province's e-office, its data platform), scoped to a province and optionally one agency, for reading or also
/// writing. The secret is shown once; only its SHA-256 is kept.
public struct APIToken: Sendable, Hashable {
    public typealias ID = EntityID<APIToken>

    public enum Access: String, Sendable, CaseIterable, Codable {
        /// GET only.
        case read
        /// Also the agency's report: save and submit.
        case write

        public var label: String { self == .read ? "Chỉ đọc" : "Đọc và ghi báo cáo" }
    }

    public enum State: String, Sendable {
        case active, expired, revoked
        public var label: String {
            switch self {
            case .active: "Đang dùng"
            case .expired: "Hết hạn"
            case .revoked: "Đã thu hồi"
            }
        }
    }

    public var id: ID
    /// Who uses it, as the issuer wrote it (`Hệ thống quản lý văn bản điều hành`).
    public var client: String
    public var provinceID: Province.ID
    /// The one agency whose data it reaches; nil: the whole province (read only).
    public var agencyID: Agency.ID?
    public var access: Access
    /// The secret's first characters, shown so that a key in a client's configuration can be recognised.
    public var prefix: String
    public var createdBy: String
    public var createdAt: String
    /// The last day it is accepted (Vietnam's calendar).
    public var expiresOn: CivilDate
    public var revokedAt: String?
    public var lastUsedAt: String?

    public init(id: ID, client: String, provinceID: Province.ID, agencyID: Agency.ID?, access: Access, prefix: String, createdBy: String,
                createdAt: String, expiresOn: CivilDate, revokedAt: String? = nil, lastUsedAt: String? = nil) {
        self.id = id; self.client = client; self.provinceID = provinceID; self.agencyID = agencyID; self.access = access; self.prefix = prefix
        self.createdBy = createdBy; self.createdAt = createdAt; self.expiresOn = expiresOn; self.revokedAt = revokedAt; self.lastUsedAt = lastUsedAt
    }

    /// The one rule of a key's validity: revoked is final; otherwise accepted through its last day.
    public func state(today: CivilDate) -> State {
        if revokedAt != nil { return .revoked }
        return today > expiresOn ? .expired : .active
    }

    /// Whether the key may be used for `method` (GET and HEAD read; anything else writes).
    public func permits(method: String) -> Bool {
        ["GET", "HEAD"].contains(method) || access == .write
    }

    /// Who the access policy judges the client as: an agency's key is an officer of that agency (its own data and
    /// report), a province's key a leader of that province (read: the plans, the dashboard, the export). The id is
    /// negative: never an account's.
    public var principal: User {
        User(id: .init(-id.rawValue), username: Self.username(client: client, id: id), displayName: client,
             role: agencyID == nil ? .viewer : .reporter, provinceID: provinceID, agencyID: agencyID)
    }

    /// How the client appears in the audit log: `api:3 Hệ thống QLVB` (the province's audit log finds its clients by this
    /// form: SQLStore.audit).
    public static func username(client: String, id: ID) -> String { "api:\(id) \(client)" }

    /// What is wrong with a request for a key, worded for the form; nil when it can be issued.
    public static func problems(client: String, agencyID: Agency.ID?, access: Access, expiresOn: CivilDate?, today: CivilDate) -> [FieldProblem] {
        var out: [FieldProblem] = []
        let name = client.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty { out.append(FieldProblem(field: "client", message: "Cần ghi tên hệ thống sử dụng khóa.")) }
        if name.count > 200 { out.append(FieldProblem(field: "client", message: "Tên quá dài: tối đa 200 ký tự.")) }
        if access == .write && agencyID == nil {
            out.append(FieldProblem(field: "agency", message: "Khóa ghi báo cáo phải gắn với một cơ quan: báo cáo là của cơ quan gửi."))
        }
        if let expiresOn {
            if expiresOn < today { out.append(FieldProblem(field: "expiresOn", message: "Ngày hết hạn đã qua.")) }
            if expiresOn > today.adding(days: maxLifetimeDays) {
                out.append(FieldProblem(field: "expiresOn", message: "Khóa có hiệu lực tối đa 2 năm; hãy cấp khóa mới khi hết hạn."))
            }
        } else {
            out.append(FieldProblem(field: "expiresOn", message: "Ngày hết hạn không hợp lệ."))
        }
        return out
    }

    public static let maxLifetimeDays = 730
    public static let defaultLifetimeDays = 365
    /// Every secret starts so (a secret scanner can recognise a leaked one).
    public static let secretPrefix = "khtk_"
}

/// What the store knows of an idempotency key when a write arrives with it.
public enum IdempotencyStart: Sendable, Equatable {
    /// First time: the write goes ahead and its answer is kept.
    case proceed
    /// Done before with the same request: the kept answer.
    case replay(status: Int, body: String)
    /// The key was used for a different request.
    case mismatch
    /// The same key's first request is still being answered.
    case inProgress
}

/// A plan the province publishes as open data: since when, under which licence.
public struct Publication: Sendable, Hashable {
    public var planID: StoredPlan.ID
    public var publishedOn: CivilDate
    public var licence: OpenLicence
    public var publishedBy: String
    public init(planID: StoredPlan.ID, publishedOn: CivilDate, licence: OpenLicence, publishedBy: String) {
        self.planID = planID; self.publishedOn = publishedOn; self.licence = licence; self.publishedBy = publishedBy
    }
}

/// The licences a dataset is offered under: open ones, reusable by anyone.
public enum OpenLicence: String, Sendable, CaseIterable, Codable {
    case ccBy = "CC-BY-4.0"
    case cc0 = "CC0-1.0"

    public var label: String {
        switch self {
        case .ccBy: "Creative Commons Ghi công 4.0 (CC BY 4.0)"
        case .cc0: "Creative Commons CC0 1.0 (dành cho công chúng)"
        }
    }

    public var url: String {
        switch self {
        case .ccBy: "https://creativecommons.org/licenses/by/4.0/"
        case .cc0: "https://creativecommons.org/publicdomain/zero/1.0/"
        }
    }
}

/// API keys, the idempotency keys of their writes, and publication.
public protocol ConnectStore: Sendable {
    /// Keeps a new key (only the secret's hash), audited.
    func createToken(client: String, province: Province.ID, agency: Agency.ID?, access: APIToken.Access, expiresOn: CivilDate,
                     secretHash: String, prefix: String, by actor: Actor) async throws -> APIToken
    /// The keys of a province (nil: every province), newest first, revoked and expired ones included.
    func tokens(province: Province.ID?) async throws -> [APIToken]
    func revokeToken(_ id: APIToken.ID, by actor: Actor) async throws
    /// The key whose secret hashes to `secretHash`, whatever its state (the caller judges it).
    func token(secretHash: String) async throws -> APIToken?
    /// Records one use of a key (last use, and a line of the audit log: method, path, answer).
    func recordTokenUse(_ id: APIToken.ID, client: String, request: String, status: Int) async throws

    /// Starts a write under an idempotency key of a key: `proceed` reserves the key (others see `inProgress`).
    /// Keys older than a day are forgotten.
    func beginIdempotent(token: APIToken.ID, key: String, requestHash: String) async throws -> IdempotencyStart
    /// Keeps the answer of a write started with `beginIdempotent`.
    func finishIdempotent(token: APIToken.ID, key: String, status: Int, body: String) async throws
    /// Releases a key whose write failed before answering (it may be tried again).
    func abandonIdempotent(token: APIToken.ID, key: String) async throws

    /// Publishes a plan (or changes its licence), audited; `nil` withdraws it.
    func setPublication(_ plan: StoredPlan.ID, licence: OpenLicence?, on day: CivilDate, by actor: Actor) async throws
    /// Published plans of every province.
    func publications() async throws -> [Publication]

    /// How many of this build's migrations the database has, and how many there are (readiness).
    func migrationState() async throws -> (applied: Int, known: Int)
}
