import ArgumentParser
import Foundation
import KeHoachCore
import KeHoachStore
import KeHoachApp

/// `kehoach report --plan P --period 2026Q2 --format docx|xlsx|html --out FILE`: the consolidated report of a plan;
/// `--province NAME` instead of `--plan`: the province's report across its plans. The latest saved draft of the web
/// workspace is used when there is one (`--generated` for the system's text alone).
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Viết báo cáo tổng hợp của một kế hoạch (hoặc của cả tỉnh qua mọi kế hoạch) cho một kỳ (DOCX, XLSX hoặc HTML để in)."
    )

    @Option(name: .long, help: "Tệp cơ sở dữ liệu SQLite (hoặc $KEHOACH_DB; mặc định kehoach.sqlite).")
    var db: String?
    @Option(name: .long, help: "Kế hoạch: mã số trong hệ thống, số văn bản (4732/KH-UBND) hoặc vài chữ của tên.")
    var plan: String?
    @Option(name: .long, help: "Thay cho --plan: báo cáo chung của tỉnh (tên hoặc mã tỉnh) qua mọi kế hoạch, theo lĩnh vực.")
    var province: String?
    @Flag(name: .long, help: "Chỉ nội dung hệ thống đề xuất, không dùng bản dự thảo đã lưu trên web.")
    var generated = false
    @Option(name: .long, help: "Kỳ báo cáo: 2026Q2, 2026-05, 2026S1, 2026.")
    var period: String
    @Option(name: .long, help: "docx, xlsx hoặc html.")
    var format: String = "docx"
    @Option(name: .long, help: "Tệp kết quả.")
    var out: String
    @Option(name: .long, help: "Ngày ký báo cáo (YYYY-MM-DD; mặc định hôm nay, giờ Việt Nam).")
    var date: String?

    func run() async throws {
        guard let format = ReportDocuments.Format(rawValue: format.lowercased()) else {
            throw ValidationError("Định dạng không hợp lệ: \(format) (docx, xlsx hoặc html).")
        }
        guard let period = Period(period), period.kind != .adhoc else { throw ValidationError(ReportDocuments.Problem.badPeriod(period).description) }
        let day = try commandDay(date)
        let path = db ?? ProcessInfo.processInfo.environment["KEHOACH_DB"] ?? "kehoach.sqlite"
        guard PostgresLocation.isPostgres(path) || FileManager.default.fileExists(atPath: path) else {
            throw ValidationError("Không có cơ sở dữ liệu \(path).")
        }
        let store = try await openStore(path)
        let started = Date()
        let scope: ReportDraft.Scope, home: Province
        switch (plan, province) {
        case let (plan?, nil):
            let chosen = try await Self.plan(plan, in: store)
            guard let p = try await store.province(chosen.provinceID) else { throw ValidationError(ReportDocuments.Problem.noProvince.description) }
            scope = .plan(chosen.id); home = p
        case let (nil, name?):
            let provinces = try await store.provinces()
            let key = TextFolding.searchKey(name)
            guard let p = provinces.first(where: { $0.code == name || TextFolding.searchKey($0.name) == key || TextFolding.searchKey($0.name) == "tinh " + key }) else {
                throw ValidationError("Không có tỉnh \"\(name)\". Các tỉnh: \(provinces.map(\.name).joined(separator: ", ")).")
            }
            scope = .province; home = p
        default:
            throw ValidationError("Cần đúng một trong --plan (một kế hoạch) hoặc --province (cả tỉnh).")
        }
        // The coordinator's latest saved draft of this report, if the web workspace has one.
        let (doc, saved) = generated
            ? (try await ReportDocuments.generate(store: store, province: home, scope: scope, period: period, date: day), nil)
            : try await ReportDocuments.current(store: store, province: home, scope: scope, period: period, date: day)
        let data = try ReportDocuments.render(doc, as: format)
        try data.write(to: URL(fileURLWithPath: out))
        say("Đã viết \(out) (\(data.count) byte, \(String(format: "%.0f", Date().timeIntervalSince(started) * 1000)) ms\(saved.map { ", bản dự thảo \($0.version) của \($0.username)" } ?? "")): \(doc.kind) \(doc.subject)")
    }

    /// A plan by its id, its number or a few words of its title (exactly one).
    static func plan(_ plan: String, in store: SQLStore) async throws -> StoredPlan {
        let plans = try await store.plans(in: nil)
        let key = TextFolding.searchKey(plan)
        let found = plans.first { $0.id.description == plan } ?? plans.first { $0.info.number == plan }
            ?? { let m = plans.filter { TextFolding.searchKey($0.info.title).contains(key) }; return m.count == 1 ? m[0] : nil }()
        guard let chosen = found else {
            let list = plans.map { "  \($0.id)  \($0.info.number ?? "—")  \($0.info.title)" }.joined(separator: "\n")
            throw ValidationError("Không tìm thấy đúng một kế hoạch \"\(plan)\". Các kế hoạch:\n\(list)")
        }
        return chosen
    }
}
