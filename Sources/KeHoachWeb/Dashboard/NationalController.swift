import Foundation
import Hummingbird
import KeHoachCore

/// The national table (/national, /api/v1/national): for one month, every shared measure with what each
/// province's communes and agencies reported, read from the rollup of the numbers kept on write (no report is
/// decoded, so it stays fast with every province of the country). Plans are public documents: any dashboard
/// reader sees every province's figures.
struct NationalController {
    let app: AppServices

    func register(_ router: RouteTable) {
        router.get("/national", use: app.cachedRoute(page))
        router.get("/api/v1/national", use: app.cachedRoute(api))
    }

    struct Cell: Encodable { var provinceID: Int64, province: String, reports: Int, value: Double? }
    struct Row: Encodable {
        var measure: String, provinces: Int, reports: Int, value: Double?, lowest: Cell?, highest: Cell?, cells: [Cell]
    }
    struct Table: Encodable { var period: String, formula: String, measures: [Row] }

    static let formula = "Giá trị = Σ tử số / Σ mẫu số × 100 khi các cơ quan báo cáo tử số và mẫu số; nếu không, trung bình các giá trị báo cáo. Chỉ tính báo cáo đã gửi hoặc đã tiếp nhận."

    static func value(_ c: RollupCell) -> Double? { c.ratioPercent ?? c.average }

    /// The period asked for (a month), or the last month.
    func period(_ request: Request) throws -> Period {
        guard let text = request.uri.queryParameters.get("period"), !text.isEmpty else { return Period.containing(app.today, kind: .month).previous }
        guard let p = Period(text), p.kind == .month else {
            throw HTTPError(.badRequest, message: "Kỳ không hợp lệ: «\(text.prefix(20))» (cần dạng 2026-05).")
        }
        return p
    }

    func table(_ request: Request, context: AppContext) async throws -> Table {
        _ = try context.require(.viewDashboard, request, province: context.user?.provinceID)
        let period = try period(request)
        let names = Dictionary(try await app.store.provinces().map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let rollup = try await app.store.nationalRollup(period: period)
        let rows = rollup.keys.sorted().map { measure -> Row in
            let byProvince = rollup[measure]!
            let cells = byProvince.map { Cell(provinceID: $0.key.rawValue, province: names[$0.key] ?? "?", reports: $0.value.reports, value: Self.value($0.value)) }
                .sorted { $0.province < $1.province }
            let total = byProvince.values.reduce(.zero, +)
            let valued = cells.filter { $0.value != nil }
            return Row(measure: measure, provinces: cells.count, reports: total.reports, value: Self.value(total),
                       lowest: valued.min { $0.value! < $1.value! }, highest: valued.max { $0.value! < $1.value! }, cells: cells)
        }
        return Table(period: period.description, formula: Self.formula, measures: rows)
    }

    @Sendable func api(_ request: Request, context: AppContext) async throws -> Response {
        try APIController.json(try await table(request, context: context))
    }

    @Sendable func page(_ request: Request, context: AppContext) async throws -> Response {
        let t = try await table(request, context: context)
        let own = context.user?.provinceID?.rawValue
        func show(_ v: Double?) -> String { v.map { IndicatorEvaluator.format($0, decimals: 1) } ?? "—" }
        let rows = t.measures.map { r in
            NationalView.Row(measure: r.measure, provinces: r.provinces, reports: r.reports, value: show(r.value),
                             lowest: r.lowest.map { "\($0.province): \(show($0.value))" }, highest: r.highest.map { "\($0.province): \(show($0.value))" },
                             own: r.cells.first(where: { $0.provinceID == own }).map { show($0.value) })
        }
        let view = NationalView(period: t.period, periodLabel: Period(t.period)?.label ?? t.period, formula: t.formula, rows: rows, hasRows: !rows.isEmpty, hasOwn: own != nil)
        return app.pages.render(.national, title: Texts.text("national.title"), view: view, context: context)
    }
}

/// `national`: each common measure across provinces for a month, with the user's own province beside it.
struct NationalView: Encodable {
    struct Row: Encodable {
        var measure: String
        var provinces, reports: Int
        var value: String
        var lowest, highest, own: String?
    }
    var period, periodLabel, formula: String
    var rows: [Row]
    var hasRows, hasOwn: Bool
}
