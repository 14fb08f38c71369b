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
        if let creator, creator.role != .administrator, new.role == .administrator {
            throw AccountRefusal(field: "role", message: "Chỉ quản trị hệ thống mới tạo được tài khoản quản trị.", forbidden: true)
        }
        var province = new.province ?? (creator?.role == .administrator ? nil : creator?.provinceID)
        if let id = new.agency {
            guard let agency = try await store.agency(id), agency.dissolvedOn == nil,
                  creator == nil || creator?.role == .administrator || agency.provinceID == creator?.provinceID else {
                throw AccountRefusal(field: "agency", message: "Cơ quan không có trong danh bạ của tỉnh (hoặc đã giải thể).")
            }
            province = agency.provinceID
        }
        if (new.role == .reporter || new.role == .head) && new.agency == nil {
            throw AccountRefusal(field: "agency", message: "Cán bộ báo cáo và lãnh đạo đơn vị cần chọn cơ quan.")
        }
        if new.role != .administrator && province == nil {
            throw AccountRefusal(field: "province", message: "Cần chọn tỉnh cho tài khoản không phải quản trị.")
        }
        let generated = new.password == nil ? Passwords.oneTime() : nil
        let secret = new.password ?? generated!
        if let problem = Passwords.problem(secret, username: username) { throw AccountRefusal(field: "password", message: problem.message) }
        do {
            let user = try await store.createUser(username: username, displayName: displayName, passwordHash: Passwords.hash(secret, cost: bcryptCost),
                                                  role: new.role, province: new.role == .administrator ? nil : province, agency: new.agency,
                                                  mustChangePassword: creator != nil || generated != nil, by: actor)
            return (user, generated)
        } catch let error as StoreError {
            if case .unavailable = error { throw error }
            if case .full = error { throw error }
            throw AccountRefusal(field: "username", message: error.message)
        }
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
