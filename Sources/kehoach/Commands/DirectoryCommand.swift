import ArgumentParser
import Foundation
import KeHoachStore

/// `kehoach directory --government`: adds the central level's directory (ministries after the 2025
/// reorganisation, with their predecessors) to a database, for a ministry's or the national instance.
struct DirectoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "directory",
                                                    abstract: "Nạp danh bạ cơ quan có sẵn vào cơ sở dữ liệu.")
    @Option(name: .long, help: "Tệp SQLite hoặc địa chỉ postgres:// (hoặc $KEHOACH_DB).") var db: String?
    @Flag(name: .long, help: "Danh bạ Trung ương: 14 bộ, 3 cơ quan ngang bộ sau sắp xếp năm 2025, cơ quan thuộc Chính phủ và các bộ cũ với cơ quan kế nhiệm.")
    var government = false

    func run() async throws {
        guard government else { throw ValidationError("Chọn danh bạ cần nạp: --government.") }
        let store = try await openStore(db)
        let seed = DirectorySeed.government
        do { try await store.addDirectory(seed) } catch let e as StoreError { throw ValidationError(e.message) }
        say("Đã nạp danh bạ \(seed.provinceName): \(seed.entries.count) cơ quan (\(seed.entries.filter { $0.succeededBy != nil }.count) cơ quan cũ có cơ quan kế nhiệm).")
    }
}
