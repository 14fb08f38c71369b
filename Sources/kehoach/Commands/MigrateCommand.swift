import ArgumentParser
import Foundation
import KeHoachCore
import KeHoachImport
import KeHoachStore

/// `kehoach migrate --from sqlite:PATH --to postgres://…`: moves a province's database to PostgreSQL.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Chuyển toàn bộ dữ liệu sang cơ sở dữ liệu khác (SQLite → PostgreSQL), kiểm tra bằng cách so sánh bản xuất đầy đủ của hai bên."
    )
    @Option(name: .long, help: "Nguồn: sqlite:ĐƯỜNG-DẪN (hoặc đường dẫn tệp SQLite).") var from: String
    @Option(name: .long, help: "Đích: postgres://người-dùng@máy:cổng/csdl (trống, hoặc chưa có bảng).") var to: String

    func run() async throws {
        let source = from.hasPrefix("sqlite:") ? String(from.dropFirst("sqlite:".count)) : from
        guard PostgresLocation.isPostgres(source) || FileManager.default.fileExists(atPath: source) else {
            throw ValidationError("Không có tệp \(source).")
        }
        let started = Date()
        let a = try await openStore(source)
        let b = try await openStore(to)
        let rows: Int
        do {
            rows = try await a.copy(into: b) { say("  " + $0) }
        } catch let e as StoreError { throw ValidationError(e.message) }
        let (left, right) = (try await a.export(), try await b.export())
        guard left == right else {
            let diff = zip(left.split(separator: "\n"), right.split(separator: "\n")).first { $0 != $1 }
            throw ValidationError("Bản xuất của hai cơ sở dữ liệu khác nhau sau khi chuyển: \(diff.map { "\($0.0) ≠ \($0.1)" } ?? "số dòng khác nhau")")
        }
        say("Đã chuyển \(rows) dòng từ \(a.path) sang \(b.path) trong \(String(format: "%.1f", Date().timeIntervalSince(started))) giây; bản xuất đầy đủ của hai bên trùng khớp (\(SHA256Digest.hex(Data(left.utf8)).prefix(16))).")
    }
}

/// `kehoach export`: the whole database as sorted text, to compare two databases.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Xuất toàn bộ dữ liệu thành văn bản đã sắp xếp (để so sánh hai cơ sở dữ liệu).")
    @Option(name: .long) var db: String?
    func run() async throws {
        let store = try await openStore(db)
        FileHandle.standardOutput.write(Data(try await store.export().utf8))
    }
}
