import Foundation
import KeHoachApp
import KeHoachCore
import KeHoachStore
import KeHoachTestSupport
import Testing

/// Account creation, the one path of the users page, the command line and the first start.
@Suite("Use cases: accounts")
struct AccountsTests {
    @Test("passwords: under 10 characters, containing the name, one repeated character, runs and common ones are refused")
    func passwords() {
        #expect(Passwords.problem("ngan", username: "canbo") == .tooShort)
        #expect(Passwords.problem("canbo-khcn-2026", username: "canbo") == .sameAsName)
        #expect(Passwords.problem("aaaaaaaaaaaa", username: "canbo") == .common)
        #expect(Passwords.problem("1234567890", username: "canbo") == .common)
        #expect(Passwords.problem("!!matkhau2026!!", username: "canbo") == .common)
        #expect(Passwords.problem("qwertyuiop", username: "canbo") == .common)
        #expect(Passwords.problem("song Nậm Na chảy về xuôi", username: "canbo") == nil)
        #expect(Passwords.problem("ngan", username: "canbo")?.message == "Mật khẩu cần ít nhất 10 ký tự.")
    }

    @Test("the rules of an account, for a coordinator and for the command line; each refusal names its field")
    func rules() async throws {
        let directory = try TestPaths.temporaryDirectory("kehoach-accounts")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try await ThrowawayDatabase.open(in: directory)
        try await store.seedDirectory()
        let app = KeHoachApp(store: store)
        let provinces = try await store.provinces()
        let laiChau = try #require(provinces.first { $0.name == "Lai Châu" }), laoCai = try #require(provinces.first { $0.name == "Lào Cai" })
        let own = try #require(try await store.agencies(in: laiChau.id).first { $0.name == "Sở Tư pháp" })
        let other = try #require(try await store.agencies(in: laoCai.id).first { $0.name == "Sở Khoa học và Công nghệ" })
        let coordinator = User(id: .init(999), username: "dieuphoi", displayName: "Điều phối", role: .coordinator, provinceID: laiChau.id, agencyID: nil)
        let actor = Actor(userID: coordinator.id, username: coordinator.username)
        func refusal(_ new: NewAccount, by creator: User? = coordinator) async -> AccountRefusal? {
            do { _ = try await app.createAccount(new, creator: creator, actor: actor, bcryptCost: 4); return nil } catch { return error as? AccountRefusal }
        }
        let good = "mot-cau-mat-khau-dai"
        #expect(await refusal(NewAccount(username: "A b", displayName: "X", role: .viewer, agency: nil, province: nil, password: good))?.field == "username")
        #expect(await refusal(NewAccount(username: "xem", displayName: " ", role: .viewer, agency: nil, province: nil, password: good))?.field == "displayName")
        #expect(await refusal(NewAccount(username: "quantri2", displayName: "Q", role: .administrator, agency: nil, province: nil, password: good))?.forbidden == true)
        #expect(await refusal(NewAccount(username: "canbo1", displayName: "C", role: .reporter, agency: nil, province: nil, password: good))?.field == "agency")
        #expect(await refusal(NewAccount(username: "canbo1", displayName: "C", role: .reporter, agency: other.id, province: nil, password: good))?.field == "agency")
        #expect(await refusal(NewAccount(username: "canbo1", displayName: "C", role: .reporter, agency: own.id, province: nil, password: "canbo1-abcdef"))?.field == "password")
        #expect(try await store.users().isEmpty) // nothing written by a refusal

        // A coordinator's account: in the agency's province, with a one-time password to change at first sign-in.
        let (made, generated) = try await app.createAccount(NewAccount(username: " CanBo1 ", displayName: "Cán bộ", role: .reporter, agency: own.id,
                                                                      province: nil, password: good), creator: coordinator, actor: actor, bcryptCost: 4)
        #expect(made.username == "canbo1" && made.provinceID == laiChau.id && made.agencyID == own.id && made.mustChangePassword && generated == nil)
        #expect(await refusal(NewAccount(username: "canbo1", displayName: "C", role: .viewer, agency: nil, province: nil, password: good))?.field == "username")
        #expect(try await store.audit(limit: 5, offset: 0, province: nil).contains { $0.action.hasPrefix("user.") && $0.username == "dieuphoi" })

        // The command line: names, a generated one-time password, administrators allowed.
        let (cli, secret) = try await app.createAccount(username: "lanhdao", name: "Lãnh đạo", role: "viewer", province: "lao cai", agency: nil,
                                                        password: nil, bcryptCost: 4)
        #expect(cli.provinceID == laoCai.id && cli.mustChangePassword && (secret?.count ?? 0) == 20)
        let (admin, none) = try await app.createAccount(username: "quantri2", name: "Quản trị", role: Role.administrator.rawValue, province: nil, agency: nil,
                                                        password: good, bcryptCost: 4)
        #expect(admin.provinceID == nil && !admin.mustChangePassword && none == nil)
        await #expect(throws: AccountRefusal.self) {
            _ = try await app.createAccount(username: "canbo9", name: "C", role: "reporter", province: "Lai Châu", agency: "Sở không có", password: good, bcryptCost: 4)
        }
    }
}

@Suite("Use cases: administering accounts")
struct AccountAdministrationTests {
    @Test("who administers whom: administrators everyone but themselves, coordinators their province's non-administrators")
    func scope() {
        let laiChau = Province.ID(1), laoCai = Province.ID(2)
        func user(_ id: Int64, _ role: Role, _ province: Province.ID?) -> User {
            User(id: .init(id), username: "u\(id)", displayName: "U", role: role, provinceID: province, agencyID: nil)
        }
        let admin = user(1, .administrator, nil), coordinator = user(2, .coordinator, laiChau)
        #expect(KeHoachApp.manages(admin, user(9, .administrator, nil)) && KeHoachApp.manages(admin, coordinator))
        #expect(!KeHoachApp.manages(admin, admin) && !KeHoachApp.manages(coordinator, coordinator))
        #expect(KeHoachApp.manages(coordinator, user(3, .reporter, laiChau)) && KeHoachApp.manages(coordinator, user(4, .coordinator, laiChau)))
        #expect(!KeHoachApp.manages(coordinator, user(5, .reporter, laoCai)) && !KeHoachApp.manages(coordinator, admin))
        #expect(!KeHoachApp.manages(user(6, .viewer, laiChau), user(3, .reporter, laiChau)))
        #expect(!KeHoachApp.manages(user(7, .reporter, laiChau), user(3, .reporter, laiChau)))
    }
}
