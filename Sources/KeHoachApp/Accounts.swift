import Foundation
import HummingbirdBcrypt
import KeHoachCore
import KeHoachStore

/// Password rules and hashing: one place for the account forms, the command line and the first start.
public enum Passwords {
    /// Why a password is refused.
    public enum Problem: String, Error, Sendable {
        case tooShort, sameAsName, common

        public var message: String {
            switch self {
            case .tooShort: "Mật khẩu cần ít nhất 10 ký tự."
            case .sameAsName: "Mật khẩu không được trùng hoặc chứa tên đăng nhập."
            case .common: "Mật khẩu quá dễ đoán (một ký tự lặp lại, dãy phím hay dãy số, hoặc mật khẩu phổ biến như \"matkhau123\"). Hãy chọn một cụm từ dài hơn."
            }
        }
    }

    /// At least 10 characters, not containing the user name, and (ASVS 2.1.7) not one everyone tries first: one
    /// repeated character, a run of the keyboard or of digits, or a well-known password (English and Vietnamese)
    /// with digits or punctuation around it.
    public static func problem(_ password: String, username: String) -> Problem? {
        if password.count < 10 { return .tooShort }
        let folded = password.lowercased()
        if folded == username.lowercased() || folded.contains(username.lowercased()) { return .sameAsName }
        if Set(folded).count <= 2 { return .common }
        let core = folded.trimmed { $0.properties.generalCategory == .decimalNumber || $0.properties.generalCategory.isPunctuationOrSymbol }
        if core.isEmpty || common.contains(core) || common.contains(folded)
            || "01234567890123456789".contains(folded) || "98765432109876543210".contains(folded)
            || "qwertyuiopasdfghjklzxcvbnm".contains(folded) { return .common }
        return nil
    }

    static let common: Set<String> = [
        "password", "passw0rd", "matkhau", "mat khau", "admin", "administrator", "qwerty", "qwertyuiop", "abc", "abcd", "abcdef", "abcdefgh",
        "iloveyou", "welcome", "letmein", "vietnam", "vietnam@", "hanoi", "saigon", "laichau", "laocai", "anhyeuem", "emyeuanh", "yeuem",
        "khongbiet", "baomat", "ubnd", "sokhcn", "chuyendoiso", "kehoach", "changeme", "default", "secret",
    ]

    /// bcrypt, through hummingbird-auth's maintained implementation.
    public static func hash(_ password: String, cost: UInt8) -> String { Bcrypt.hash(password, cost: cost) }
    public static func verify(_ password: String, hash: String) -> Bool { Bcrypt.verify(password, hash: hash) }

    /// 64 hex digits from the system's secure generator (session tokens, form tokens).
    public static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String(format: "%016llx", generator.next()) }.joined()
    }

    /// Tokens (sessions) are stored as their SHA-256: a leaked database gives no usable session.
    public static func tokenHash(_ token: String) -> String { SHA256Digest.hex(Data(token.utf8)) }

    /// A one-time password, shown once to the person who creates the account; changed at first sign-in.
    public static func oneTime() -> String { String(randomToken().prefix(20)) }
}

extension Unicode.GeneralCategory {
    var isPunctuationOrSymbol: Bool {
        switch self {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation, .finalPunctuation,
             .otherPunctuation, .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol: true
        default: false
        }
    }
}

/// An account to create, as the form or the command line gives it.
public struct NewAccount: Sendable {
    public var username: String
    public var displayName: String
    public var role: Role
    public var agency: Agency.ID?
    /// For accounts without an agency (coordinators, leaders); with an agency, the agency's province.
    public var province: Province.ID?
    /// Nil: a one-time password is generated and returned.
    public var password: String?

    public init(username: String, displayName: String, role: Role, agency: Agency.ID?, province: Province.ID?, password: String?) {
        self.username = username; self.displayName = displayName; self.role = role; self.agency = agency; self.province = province
        self.password = password
    }
}

/// Why an account was not created: the field at fault (the form's name for it) and what is wrong, in Vietnamese.
public struct AccountRefusal: Error, Sendable, Equatable {
    public var field: String?
    public var message: String
    /// The creator may not do this at all (a coordinator creating an administrator).
    public var forbidden = false
}

extension KeHoachApp {
    /// Creates an account by the rules every way in shares: a user name of 3–40 letters, digits, `.`, `_` or `-`; a
    /// name of at most 120 characters; a password by `Passwords`; an agency for reporters and heads; no province for
    /// administrators. `creator`: the signed-in user (a coordinator creates accounts of their own province and never
    /// an administrator; the account's password is a one-time one, changed at first sign-in), or nil for the
    /// command line and the first start (a given password is kept). Audited by the store.
    public func createAccount(_ new: NewAccount, creator: User?, actor: Actor, bcryptCost: UInt8 = 12) async throws -> (User, generatedPassword: String?) {
        let username = new.username.trimmedWhitespace.lowercased()
        let displayName = new.displayName.trimmedWhitespace
        guard username.range(of: #"^[a-z0-9._-]{3,40}$"#, options: .regularExpression) != nil else {
            throw AccountRefusal(field: "username", message: "Tên đăng nhập gồm 3–40 chữ thường không dấu, chữ số, dấu chấm, gạch dưới hoặc gạch ngang.")
        }
        guard !displayName.isEmpty, displayName.count <= 120 else {
            throw AccountRefusal(field: "displayName", message: "Họ và tên cần có, tối đa 120 ký tự.")
        }
        let province = try await placement(role: new.role, agency: new.agency, province: new.province, by: creator)
        let generated = new.password == nil ? Passwords.oneTime() : nil
        let secret = new.password ?? generated!
        if let problem = Passwords.problem(secret, username: username) { throw AccountRefusal(field: "password", message: problem.message) }
        do {
            let user = try await store.createUser(username: username, displayName: displayName, passwordHash: Passwords.hash(secret, cost: bcryptCost),
                                                  role: new.role, province: province, agency: new.agency,
                                                  mustChangePassword: creator != nil || generated != nil, by: actor)
            return (user, generated)
        } catch let error as StoreError {
            if case .unavailable = error { throw error }
            if case .full = error { throw error }
            throw AccountRefusal(field: "username", message: error.message)
        }
    }

    /// The province an account with this role and agency belongs to, by the rules of creation and change: a
    /// coordinator gives no administrator role and only agencies of their province; reporters and heads need an
    /// agency (its province is the account's); others need a province, administrators none.
    func placement(role: Role, agency: Agency.ID?, province given: Province.ID?, by manager: User?) async throws -> Province.ID? {
        if let manager, manager.role != .administrator, role == .administrator {
            throw AccountRefusal(field: "role", message: "Chỉ quản trị hệ thống mới giao được vai trò quản trị.", forbidden: true)
        }
        var province = given ?? (manager?.role == .administrator ? nil : manager?.provinceID)
        if let id = agency {
            guard let a = try await store.agency(id), a.dissolvedOn == nil,
                  manager == nil || manager?.role == .administrator || a.provinceID == manager?.provinceID else {
                throw AccountRefusal(field: "agency", message: "Cơ quan không có trong danh bạ của tỉnh (hoặc đã giải thể).")
            }
            province = a.provinceID
        }
        if (role == .reporter || role == .head) && agency == nil {
            throw AccountRefusal(field: "agency", message: "Cán bộ báo cáo và lãnh đạo đơn vị cần chọn cơ quan.")
        }
        if role != .administrator && province == nil {
            throw AccountRefusal(field: "province", message: "Cần chọn tỉnh cho tài khoản không phải quản trị.")
        }
        return role == .administrator ? nil : province
    }

    /// Whether `manager` may administer `target`: administrators everyone, coordinators the non-administrators of
    /// their own province; nobody their own account here (their password is changed on their account page).
    public static func manages(_ manager: User, _ target: User) -> Bool {
        guard manager.id != target.id else { return false }
        if manager.role == .administrator { return true }
        return manager.role == .coordinator && target.role != .administrator && target.provinceID == manager.provinceID
    }

    /// The account `manager` wants to administer, or a refusal (not found and not theirs look the same).
    public func managed(_ id: User.ID, by manager: User) async throws -> User {
        guard let target = try await store.user(id), Self.manages(manager, target) else {
            throw AccountRefusal(message: "Không có tài khoản này trong phạm vi quản lý của bạn.", forbidden: true)
        }
        return target
    }

    /// A new one-time password (shown once to the manager; the person changes it at first sign-in); the account's
    /// sessions end. Audited.
    public func resetPassword(_ id: User.ID, by manager: User, actor: Actor, bcryptCost: UInt8 = 12) async throws -> String {
        let target = try await managed(id, by: manager)
        let secret = Passwords.oneTime()
        try await store.setPassword(target.id, hash: Passwords.hash(secret, cost: bcryptCost), mustChange: true, by: actor)
        return secret
    }

    /// Disables or enables an account (its sessions end at once). The last administrator cannot be locked out: nobody
    /// administers their own account, so the one acting on an administrator is another, enabled, one. Audited.
    public func setDisabled(_ id: User.ID, _ disabled: Bool, by manager: User, actor: Actor) async throws {
        let target = try await managed(id, by: manager)
        try await store.setDisabled(target.id, disabled, by: actor)
    }

    /// Lifts the sign-in block after too many wrong passwords. Audited.
    public func unlock(_ id: User.ID, by manager: User, actor: Actor) async throws {
        let target = try await managed(id, by: manager)
        try await store.clearLoginFailures(key: Self.signInKey(target.username), user: target.id, by: actor)
    }

    /// The key failed sign-ins are counted under.
    public static func signInKey(_ username: String) -> String { "user:" + username.lowercased() }

    /// Changes an account's name, role and agency by the rules of creation. Audited with what it was.
    public func changeAccount(_ id: User.ID, displayName: String, role: Role, agency: Agency.ID?, by manager: User, actor: Actor) async throws -> User {
        let target = try await managed(id, by: manager)
        let name = displayName.trimmedWhitespace
        guard !name.isEmpty, name.count <= 120 else { throw AccountRefusal(field: "displayName", message: "Họ và tên cần có, tối đa 120 ký tự.") }
        let province = try await placement(role: role, agency: role == .administrator ? nil : agency,
                                           province: role == .administrator ? nil : target.provinceID, by: manager)
        return try await store.updateUser(target.id, displayName: name, role: role, province: province,
                                          agency: role == .administrator ? nil : agency, by: actor)
    }

    /// The command line's `--role`, `--province` and `--agency` by name, then `createAccount`.
    public func createAccount(username: String, name: String, role roleName: String, province: String?, agency: String?,
                              password: String?, bcryptCost: UInt8 = 12) async throws -> (User, generatedPassword: String?) {
        guard let role = Role(rawValue: roleName) else {
            throw AccountRefusal(field: "role", message: "Vai trò không hợp lệ: \(roleName) (một trong: \(Role.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        let provinces = try await store.provinces()
        let provinceID = province.flatMap { p in provinces.first { TextFolding.searchKey($0.name) == TextFolding.searchKey(p) }?.id }
        if let province, provinceID == nil { throw AccountRefusal(field: "province", message: "Không có tỉnh \(province)") }
        var agencyID: Agency.ID? = nil
        if let agency {
            guard let pid = provinceID, let a = try await store.searchAgencies(agency, in: pid).first else {
                throw AccountRefusal(field: "agency", message: "Không tìm thấy cơ quan \(agency)\(provinceID == nil ? " (cần --province)" : "")")
            }
            agencyID = a.id
        }
        return try await createAccount(NewAccount(username: username, displayName: name, role: role, agency: agencyID, province: provinceID, password: password),
                                       creator: nil, actor: Actor(userID: nil, username: "cli"), bcryptCost: bcryptCost)
    }
}
