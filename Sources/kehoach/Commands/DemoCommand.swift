import ArgumentParser
import Foundation
import KeHoachCore
import KeHoachDemo
import KeHoachStore
import KeHoachApp

/// `kehoach demo --scale province --db PATH`: a new database with the real directories and seed plans plus a
/// generated province (Tỉnh Mẫu) with three years of monthly reports, for the dashboard and the bench.
struct DemoCommand: AsyncParsableCommand {
    /// Noon of a day in Vietnam: the demo's clock when a day is given.
    static func noon(_ day: CivilDate) -> Date { Date(timeIntervalSince1970: Double(day.dayNumber) * 86_400 + 5 * 3600) }

    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Tạo cơ sở dữ liệu mẫu: danh bạ, kế hoạch thật và một tỉnh mẫu sinh tự động có báo cáo ba năm."
    )

    enum Scale: String, ExpressibleByArgument, CaseIterable {
        /// 100 agencies, 5 plans, 500 tasks, 150 indicators, monthly reports from January 2024.
        case province
        /// The same structure, small (for tests).
        case small
        /// 34 provinces, 3,321 communes, 714 departments, 100 shared indicators, five years of monthly values.
        case national
        /// The national structure, small (for tests).
        case nationalSmall = "national-small"
    }

    @Option(name: .long, help: "Quy mô: province (100 cơ quan, 5 kế hoạch, 500 nhiệm vụ, 150 chỉ tiêu), small, national (34 tỉnh, 3.321 xã, 100 chỉ tiêu, 5 năm số liệu tháng ≈ 20 triệu giá trị) hoặc national-small.")
    var scale: Scale = .province
    @Option(name: .long, help: "Tệp SQLite mới (không được tồn tại).")
    var db: String
    @Option(name: .long, help: "Thư mục văn bản kế hoạch thật (mặc định ../shared/seeds).")
    var seeds: String = "../shared/seeds"
    @Option(name: .long, help: "Ngày 'hôm nay' của dữ liệu (YYYY-MM-DD; mặc định hôm nay, giờ Việt Nam).")
    var today: String?

    func run() async throws {
        guard PostgresLocation.isPostgres(db) || !FileManager.default.fileExists(atPath: db) else {
            throw ValidationError("Tệp \(db) đã tồn tại: chọn tên tệp mới để không ghi đè dữ liệu.")
        }
        let day = try commandDay(today)
        let started = Date()
        let store = try await openStore(db)
        guard try await store.provinces().isEmpty else {
            throw ValidationError("Cơ sở dữ liệu \(store.path) đã có dữ liệu: dữ liệu mẫu chỉ nạp vào cơ sở dữ liệu trống.")
        }
        var written = 0
        let outcome = try await Bootstrap.prepare(store: store, seeds: FileManager.default.fileExists(atPath: seeds) ? URL(fileURLWithPath: seeds) : nil) {
            switch scale {
            case .province, .small:
                let demo = scale == .small ? DemoProvince.small : DemoProvince()
                written = try await demo.load(into: store, today: day) { say("  " + $0) }.reports
            case .national, .nationalSmall:
                let demo = scale == .national ? DemoNational() : DemoNational.small
                let lastMonth = Period.containing(day, kind: .month).previous
                written = try await demo.load(into: store, lastMonth: lastMonth) { say("  " + $0) }.reports
            }
        }
        // The demo province's follow-up (explanation requests, proposals answered, reminders), by its demo accounts.
        if scale == .province || scale == .small, let province = try await store.provinces().first(where: { $0.name == DemoProvince.provinceName }) {
            let items = try await KeHoachApp(store: store, clock: { Self.noon(day) }).seedDemoFollowUps(province: province)
            say("  \(items) yêu cầu giải trình, kiến nghị và thông báo nhắc việc của tỉnh mẫu")
            if let plan = try await KeHoachApp(store: store, clock: { Self.noon(day) }).publishDemoPlan(province: province) {
                say("  dữ liệu mở: công bố «\(plan.info.title)», xem không cần đăng nhập tại /open/plans/\(plan.id)")
            }
        }
        say("KeHoach: dữ liệu mẫu trong \(store.path) (\(written) báo cáo, \(String(format: "%.1f", Date().timeIntervalSince(started))) giây)")
        for p in outcome.loadedPlans { say("  đã nạp kế hoạch \(p)") }
        if let password = outcome.adminPassword {
            say("  tài khoản quản trị: admin / \(password)  (mật khẩu dùng một lần)")
            for d in outcome.demoUsers { say("  tài khoản thử nghiệm: \(d.username) / \(d.password)  (\(d.description))") }
        }
        say("  chạy: kehoach serve --db \(db)")
    }
}
