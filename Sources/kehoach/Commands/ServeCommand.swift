import ArgumentParser
import Foundation
import Logging
import Hummingbird
import KeHoachApp
import KeHoachCore
import KeHoachStore
import KeHoachWeb
import KeHoachMail

/// `kehoach serve`: the web application on the embedded SQLite default.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Chạy ứng dụng web (mặc định: ./kehoach.sqlite, http://127.0.0.1:8080)."
    )

    @Option(name: .long, help: "Tệp SQLite hoặc địa chỉ postgres://người-dùng@máy:cổng/csdl (hoặc $KEHOACH_DB).")
    var db: String?
    @Option(name: .long, help: "Địa chỉ lắng nghe (hoặc $KEHOACH_HOST).")
    var host: String?
    @Option(name: .long, help: "Cổng (hoặc $KEHOACH_PORT).")
    var port: Int?
    @Option(name: .long, help: "Thư mục văn bản kế hoạch nạp lần đầu (mặc định ../shared/seeds, hoặc $KEHOACH_SEEDS).")
    var seeds: String?
    @Option(name: .long, help: "Ngưỡng bất thường: giá trị chỉ tiêu gấp quá số lần này (hoặc nhỏ hơn tương ứng) so với kỳ trước phải xác nhận (mặc định 3, hoặc $KEHOACH_OUTLIER_FACTOR).")
    var outlierFactor: Double?
    @Option(name: .long, help: "Thư mục tệp đính kèm, dùng chung cho mọi tiến trình máy chủ (mặc định: cạnh tệp SQLite, hoặc ./kehoach-files với PostgreSQL; hoặc $KEHOACH_FILES).")
    var files: String?
    @Flag(name: .long, help: "Cookie có cờ Secure (khi chạy sau HTTPS).")
    var secureCookies = false

    func run() async throws {
        let env = ProcessInfo.processInfo.environment
        // Logs: text by default; one JSON object per line with KEHOACH_LOG_FORMAT=json. Level: KEHOACH_LOG_LEVEL.
        let level = env["KEHOACH_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        if env["KEHOACH_LOG_FORMAT"] == "json" {
            LoggingSystem.bootstrap { label in JSONLogHandler(label: label, level: level) }
        } else {
            LoggingSystem.bootstrap { label in var h = StreamLogHandler.standardError(label: label); h.logLevel = level; return h }
        }
        // Metrics from the first transaction on.
        Telemetry.bootstrap()
        var configuration = WebConfiguration(
            databasePath: db ?? env["KEHOACH_DB"] ?? "kehoach.sqlite",
            host: host ?? env["KEHOACH_HOST"] ?? "127.0.0.1",
            port: port ?? env["KEHOACH_PORT"].flatMap { Int($0) } ?? 8080,
            secureCookies: secureCookies || env["KEHOACH_SECURE_COOKIES"] == "1",
            filesDirectory: files ?? env["KEHOACH_FILES"],
            outlierFactor: outlierFactor ?? env["KEHOACH_OUTLIER_FACTOR"].flatMap { Double($0) } ?? 3,
            publicURL: env["KEHOACH_PUBLIC_URL"].flatMap { $0.isEmpty ? nil : $0 },
            // Reminders (and mail) every quarter of an hour by default; KEHOACH_BACKGROUND_SECONDS=0 turns them off
            // (an instance that only serves pages).
            backgroundInterval: Self.interval(env["KEHOACH_BACKGROUND_SECONDS"]),
            smtp: try Self.smtp(env),
            digestHour: env["KEHOACH_DIGEST_HOUR"].flatMap { Int($0) } ?? 7,
            mailInterval: .seconds(env["KEHOACH_MAIL_SECONDS"].flatMap { Int($0) }.map { max(1, $0) } ?? 30))
        configuration.mailRetryScale = env["KEHOACH_MAIL_RETRY_SCALE"].flatMap { Double($0) } ?? 1
        configuration.metricsToken = env["KEHOACH_METRICS_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        let store = try await openStore(configuration.databasePath)
        let seedPath = seeds ?? env["KEHOACH_SEEDS"] ?? "../shared/seeds"
        let outcome = try await Bootstrap.prepare(store: store, seeds: FileManager.default.fileExists(atPath: seedPath) ? URL(fileURLWithPath: seedPath) : nil)
        say("KeHoach: cơ sở dữ liệu \(store.path)")
        for p in outcome.loadedPlans { say("  đã nạp kế hoạch \(p)") }
        for s in outcome.skipped { say("  bỏ qua \(s) (không xác định được tỉnh hoặc không đọc được)") }
        if let password = outcome.adminPassword {
            say("  tài khoản quản trị: admin / \(password)  (mật khẩu dùng một lần, đổi khi đăng nhập lần đầu)")
            for demo in outcome.demoUsers { say("  tài khoản thử nghiệm: \(demo.username) / \(demo.password)  (\(demo.description))") }
        }
        say("  thư điện tử: " + (configuration.smtp.map { "gửi qua \($0)" } ?? "chưa cấu hình (KEHOACH_SMTP_HOST); thông báo chỉ hiện trên trang"))
        say("  mở http://\(configuration.host):\(configuration.port)/")
        let app = try buildApplication(configuration, store: store)
        try await app.runService()
    }
}

extension ServeCommand {
    /// The mail relay from KEHOACH_SMTP_*; a wrong setting stops the start with what is wrong.
    static func smtp(_ env: [String: String]) throws -> SMTPConfiguration? {
        do { return try SMTPConfiguration.fromEnvironment(env) } catch { throw ValidationError("Cấu hình thư điện tử: \(error)") }
    }

    static func interval(_ text: String?) -> Duration? {
        guard let text, let seconds = Int(text) else { return .seconds(900) }
        return seconds > 0 ? .seconds(seconds) : nil
    }
}

/// `kehoach user add`: creates a user from the command line (password from standard input or generated).
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "Quản lý người dùng.", subcommands: [Add.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Thêm người dùng.")
        @Option(name: .long) var db: String?
        @Option(name: .long, help: "Tên đăng nhập.") var username: String
        @Option(name: .long, help: "Họ tên.") var name: String
        @Option(name: .long, help: "Vai trò: admin, coordinator, reporter, head, viewer.") var role: String
        @Option(name: .long, help: "Tên tỉnh (trừ admin).") var province: String?
        @Option(name: .long, help: "Tên cơ quan (reporter, head).") var agency: String?
        @Flag(name: .long, help: "Đọc mật khẩu từ đầu vào chuẩn (mặc định: tạo mật khẩu dùng một lần).") var passwordStdin = false

        func run() async throws {
            let store = try await openStore(db)
            let password = passwordStdin ? readLine(strippingNewline: true) ?? "" : nil
            do {
                try await store.seedDirectory()
                let (user, generated) = try await KeHoachApp(store: store).createAccount(username: username, name: name, role: role, province: province,
                                                                                         agency: agency, password: password)
                say("Đã tạo \(user.username) (\(user.role.rawValue))" + (generated.map { "; mật khẩu dùng một lần: \($0)" } ?? ""))
            } catch let refusal as AccountRefusal {
                throw ValidationError(refusal.message)
            } catch let error as StoreError {
                throw ValidationError(error.message)
            }
        }
    }
}

/// `kehoach backup FILE` / `kehoach restore FILE`.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "backup", abstract: "Sao lưu trực tuyến, nhất quán, ra một tệp mới.")
    @Option(name: .long) var db: String?
    @Argument var file: String
    func run() async throws {
        let store = try await openStore(db)
        do { try store.backup(to: file) } catch let e as StoreError { throw ValidationError(e.message) }
        say("Đã sao lưu vào \(file)")
    }
}

struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "restore", abstract: "Khôi phục từ bản sao lưu (khi máy chủ đã dừng).")
    @Option(name: .long) var db: String?
    @Argument var file: String
    func run() throws {
        let path = db ?? ProcessInfo.processInfo.environment["KEHOACH_DB"] ?? "kehoach.sqlite"
        do { try SQLStore.restore(backup: file, to: path) } catch let e as StoreError { throw ValidationError(e.message) }
        say("Đã khôi phục \(path) từ \(file)")
    }
}

/// Opens the database named on the command line, in $KEHOACH_DB, or ./kehoach.sqlite: an SQLite file or a
/// `postgres://` URL. A database that cannot be reached is a one-line message, not a trace.
func openStore(_ location: String?) async throws -> SQLStore {
    let location = location ?? ProcessInfo.processInfo.environment["KEHOACH_DB"] ?? "kehoach.sqlite"
    do { return try await SQLStore.open(location) } catch let e as StoreError { throw ValidationError(e.message) }
}

/// Writes a line to standard output at once (print is block-buffered when output goes to a file or pipe).
/// A day given on the command line (YYYY-MM-DD), or today in Vietnam when none is given.
func commandDay(_ text: String?) throws -> CivilDate {
    guard let text else { return CivilDate(vietnamDay: Date()) }
    guard let d = CivilDate(iso: text) else { throw ValidationError("Ngày không hợp lệ: \(text) (cần YYYY-MM-DD).") }
    return d
}

func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
