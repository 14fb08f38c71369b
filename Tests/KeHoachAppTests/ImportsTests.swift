import Foundation
import KeHoachApp
import KeHoachCore
import KeHoachStore
import KeHoachTestSupport
import Testing

/// A plan imported in steps: kept aside, corrected, confirmed.
@Suite("Use cases: imports")
struct ImportsTests {
    @Test("stage, a refused correction keeps nothing, a kept one is applied on confirming; unreadable documents and another province's plan are refused")
    func steps() async throws {
        let directory = try TestPaths.temporaryDirectory("kehoach-imports")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try await ThrowawayDatabase.open(in: directory)
        try await store.seedDirectory()
        let app = KeHoachApp(store: store)
        let provinces = try await store.provinces()
        let laoCai = try #require(provinces.first { $0.name == "Lào Cai" }), laiChau = try #require(provinces.first { $0.name == "Lai Châu" })
        let admin = try await store.createUser(username: "quantri", displayName: "Q", passwordHash: Passwords.hash("mot-cau-mat-khau", cost: 4),
                                               role: .administrator, province: nil, agency: nil, mustChangePassword: false, by: .system)
        let actor = Actor(userID: admin.id, username: admin.username)
        let data = try Data(contentsOf: TestPaths.seeds.appendingPathComponent("004_f910a4e251fe8a8a.txt"))

        await #expect(throws: ImportRefusal.self) {
            _ = try await app.stageImport(file: "trong.txt", data: Data("không phải kế hoạch".utf8), province: laoCai.id, replacing: nil, user: admin.id)
        }
        #expect(try await store.pending(.init(1)) == nil) // nothing kept aside

        let (pending, document) = try await app.stageImport(file: "004.txt", data: data, province: laoCai.id, replacing: nil, user: admin.id)
        let task = try #require(document.tasks.first)
        // A deadline nobody can read: a problem, nothing kept.
        let refused = KeHoachApp.typedCorrections([0: (task.code, [.deadline: "sớm nhất có thể"])], plan: document)
        #expect(refused.problems[0]?[.deadline]?.hasPrefix("Không đọc được thời hạn") == true)
        // A code of no task of the plan.
        #expect(KeHoachApp.typedCorrections([3: ("9.9.9", [.name: "x"])], plan: document).unknown == ["code.3=9.9.9"])
        // A new name: kept with the pending import, applied on confirming.
        let typed = KeHoachApp.typedCorrections([0: (task.code, [.name: "Tên đã sửa của nhiệm vụ", .lead: TaskCorrections.value(task, .lead)])], plan: document)
        #expect(typed.problems.isEmpty && typed.changes == [task.code: ["name": "Tên đã sửa của nhiệm vụ"]])
        #expect(try await app.keepCorrections(typed, of: pending, by: actor).count == 1)
        let kept = try #require(try await store.pending(pending.id))
        let (result, stored, applied) = try await app.confirmImport(kept, typed: TypedCorrections(), by: actor)
        #expect(applied.map(\.after) == ["Tên đã sửa của nhiệm vụ"])
        #expect(stored.tasks.first?.name == "Tên đã sửa của nhiệm vụ")
        #expect(try await store.tasks(of: result.planID, filter: TaskFilter()).contains { $0.task.name == "Tên đã sửa của nhiệm vụ" })
        #expect(try await store.pending(pending.id) == nil)

        // The same document again: the preview names the plan it already is, unless it replaces that plan.
        let (again, _) = try await app.stageImport(file: "004-lan-2.txt", data: data, province: laoCai.id, replacing: nil, user: admin.id)
        #expect(try await app.plansFromSameDocument(again).map(\.id) == [result.planID])
        let (update, _) = try await app.stageImport(file: "004.txt", data: data, province: laoCai.id, replacing: result.planID, user: admin.id)
        #expect(try await app.plansFromSameDocument(update).isEmpty)

        // A new version of a Lào Cai plan cannot be filed under Lai Châu.
        await #expect(throws: ImportRefusal.self) {
            _ = try await app.stageImport(file: "004.txt", data: data, province: laiChau.id, replacing: result.planID, user: admin.id)
        }
    }
}
