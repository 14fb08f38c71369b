import ArgumentParser
import Foundation
import KeHoachApp
import KeHoachCore

/// `kehoach remind`: one round of reminders now (what the server's background service does every quarter hour),
/// for an instance run with KEHOACH_BACKGROUND_SECONDS=0 and a scheduler of its own (cron, a systemd timer).
struct RemindCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remind",
        abstract: "Ghi các thông báo nhắc việc của hôm nay (báo cáo sắp đến hạn, đến hạn, quá hạn; nhiệm vụ sắp đến hạn, quá hạn)."
    )

    @Option(name: .long, help: "Tệp SQLite hoặc địa chỉ postgres://… (hoặc $KEHOACH_DB).")
    var db: String?
    @Option(name: .long, help: "Ngày 'hôm nay' (YYYY-MM-DD; mặc định hôm nay, giờ Việt Nam).")
    var today: String?

    func run() async throws {
        let store = try await openStore(db)
        let day = try commandDay(today)
        let fixed: Date? = today == nil ? nil : DemoCommand.noon(day)
        let app = KeHoachApp(store: store, clock: { @Sendable in fixed ?? Date() })
        let added = try await app.remind()
        say("KeHoach: \(added) thông báo nhắc việc mới ngày \(day.vietnamese)")
    }
}
