import Foundation
import HummingbirdBcrypt
import KeHoachCore
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
    }

    public static func prepare(store: SQLiteStore, seeds: URL?, bcryptCost: UInt8 = 12) async throws -> Outcome {
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
                    guard let province = AppServices.province(for: document, among: provinces) else { outcome.skipped.append(file); continue }
                    _ = try await store.loadPlan(document, source: data, into: province.id, replacing: nil, by: .system)
                    outcome.loadedPlans.append("\(file) → \(province.name)")
                } catch {
                    outcome.skipped.append(file)
                }
            }
        }
        if try await store.users().isEmpty {
            let password = Security.randomToken().prefix(20).description
            _ = try await store.createUser(username: "admin", displayName: "Quản trị hệ thống", passwordHash: Bcrypt.hash(password, cost: bcryptCost),
                                           role: .administrator, province: nil, agency: nil, mustChangePassword: true, by: .system)
            outcome.adminPassword = password
        }
        return outcome
    }
}
