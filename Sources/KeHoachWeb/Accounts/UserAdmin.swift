import Foundation
import KeHoachCore
import KeHoachStore

/// Creating users outside the browser (command line, first start).
public enum UserAdmin {
    public struct Failure: Error, Sendable { public var message: String }

    /// Creates a user; without a password, generates a one-time one (returned) that must be changed at first sign-in.
    public static func add(store: SQLStore, username: String, name: String, role roleName: String, province: String?, agency: String?,
                           password: String?, bcryptCost: UInt8 = 12) async throws -> (User, generatedPassword: String?) {
        try await store.seedDirectory()
        guard let role = Role(rawValue: roleName) else { throw Failure(message: "Vai trò không hợp lệ: \(roleName)") }
        let provinces = try await store.provinces()
        let provinceID = province.flatMap { p in provinces.first { TextFolding.searchKey($0.name) == TextFolding.searchKey(p) }?.id }
        if let province, provinceID == nil { throw Failure(message: "Không có tỉnh \(province)") }
        if role != .administrator && provinceID == nil { throw Failure(message: "Cần chọn tỉnh (--province)") }
        var agencyID: Agency.ID? = nil
        if let agency {
            guard let pid = provinceID, let a = try await store.searchAgencies(agency, in: pid).first else { throw Failure(message: "Không tìm thấy cơ quan \(agency)") }
            agencyID = a.id
        }
        if (role == .reporter || role == .head) && agencyID == nil { throw Failure(message: "Cán bộ báo cáo và lãnh đạo đơn vị cần cơ quan (--agency)") }
        let generated = password == nil ? String(Security.randomToken().prefix(20)) : nil
        let secret = password ?? generated!
        if let problem = Security.passwordProblem(secret, username: username) { throw Failure(message: Texts.text(problem)) }
        let user = try await store.createUser(username: username, displayName: name,
                                              passwordHash: Security(secureCookies: false, bcryptCost: bcryptCost).hashPassword(secret),
                                              role: role, province: role == .administrator ? nil : provinceID, agency: agencyID,
                                              mustChangePassword: generated != nil, by: Actor(userID: nil, username: "cli"))
        return (user, generated)
    }
}
