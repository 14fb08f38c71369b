import Foundation
import KeHoachCore
import KeHoachDemo
import KeHoachImport
import KeHoachStore

/// First start on an empty database: the agency directories, the plans found in the seed folder, and an
/// administrator with a one-time password (changed at first sign-in).
public enum Bootstrap {
    public struct Outcome: Sendable {
        public var loadedPlans: [String] = []
        public var skipped: [String] = []
        /// Set when the administrator was created now: print it once, it is not stored in clear.
        public var adminPassword: String?
        /// Demonstration accounts created with the administrator (user name, role, agency, one-time password).
        public var demoUsers: [(username: String, description: String, password: String)] = []
    }

    /// Demonstration accounts: a coordinator per province, a leader (read-only), a commune reporter and a
    /// department reporter of Lai Châu, a department reporter of Lào Cai.
    static let demoAccounts: [(username: String, name: String, role: Role, province: String, agency: String?)] = [
        ("dieuphoi.laichau", "Điều phối Sở KH&CN Lai Châu", .coordinator, "Lai Châu", nil),
        ("dieuphoi.laocai", "Điều phối Sở KH&CN Lào Cai", .coordinator, "Lào Cai", nil),
        ("lanhdao.laichau", "Lãnh đạo UBND tỉnh Lai Châu", .viewer, "Lai Châu", nil),
        ("canbo.tanphong", "Cán bộ UBND phường Tân Phong", .reporter, "Lai Châu", "UBND phường Tân Phong"),
        ("canbo.tuphap", "Cán bộ Sở Tư pháp Lai Châu", .reporter, "Lai Châu", "Sở Tư pháp"),
        ("canbo.khcn.laocai", "Cán bộ Sở KH&CN Lào Cai", .reporter, "Lào Cai", "Sở Khoa học và Công nghệ"),
        // Only where `kehoach demo` generated the province.
        ("dieuphoi.mau", "Điều phối Sở KH&CN Tỉnh Mẫu", .coordinator, DemoProvince.provinceName, nil),
        ("lanhdao.mau", "Lãnh đạo UBND Tỉnh Mẫu", .viewer, DemoProvince.provinceName, nil),
        ("canbo.noivu.mau", "Cán bộ Sở Nội vụ Tỉnh Mẫu", .reporter, DemoProvince.provinceName, "Sở Nội vụ"),
    ]

    /// The province whose name appears in the plan's issuer or title (where uploaded and seed plans go).
    public static func province(for plan: PlanDocument, among provinces: [Province]) -> Province? {
        let text = TextFolding.searchKey((plan.plan.issuer ?? "") + " " + plan.plan.title)
        return provinces.first { text.includes(TextFolding.searchKey($0.name)) }
    }

    /// `beforeAccounts` runs after the directory and plans are loaded and before the accounts are made (the demo
    /// command adds its generated province there, so that its accounts are created too).
    public static func prepare(store: SQLStore, seeds: URL?, bcryptCost: UInt8 = 12,
                               beforeAccounts: () async throws -> Void = {}) async throws -> Outcome {
        var outcome = Outcome()
        try await store.seedDirectory()
        if let seeds, try await store.plans(in: nil).isEmpty,
           let files = try? FileManager.default.contentsOfDirectory(atPath: seeds.path).filter({ $0.hasSuffix(".txt") || $0.hasSuffix(".json") }).sorted() {
            let provinces = try await store.provinces()
            for file in files {
                let url = seeds.appendingPathComponent(file)
                do {
                    let data = try Data(contentsOf: url)
                    let document = try PlanImporter.importPlan(data: data, fileName: file)
                    guard let province = province(for: document, among: provinces) else { outcome.skipped.append(file); continue }
                    _ = try await store.loadPlan(document, source: data, into: province.id, replacing: nil, by: .system)
                    outcome.loadedPlans.append("\(file) → \(province.name)")
                } catch {
                    outcome.skipped.append(file)
                }
            }
        }
        try await beforeAccounts()
        if try await store.users().isEmpty {
            let password = Passwords.oneTime()
            _ = try await store.createUser(username: "admin", displayName: "Quản trị hệ thống", passwordHash: Passwords.hash(password, cost: bcryptCost),
                                           role: .administrator, province: nil, agency: nil, mustChangePassword: true, by: .system)
            outcome.adminPassword = password
            let provinces = try await store.provinces()
            for account in demoAccounts {
                guard let province = provinces.first(where: { $0.name == account.province }) else { continue }
                var agency: Agency.ID?
                if let name = account.agency {
                    agency = try await store.agencies(in: province.id).first { $0.name == name }?.id
                    if agency == nil { continue }
                }
                let secret = Passwords.oneTime()
                _ = try await store.createUser(username: account.username, displayName: account.name, passwordHash: Passwords.hash(secret, cost: bcryptCost),
                                               role: account.role, province: province.id, agency: agency, mustChangePassword: true, by: .system)
                outcome.demoUsers.append((account.username, "\(account.role.label), \(account.agency ?? account.province)", secret))
            }
        }
        return outcome
    }
}
