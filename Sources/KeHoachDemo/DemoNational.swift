import Foundation
import KeHoachCore
import KeHoachStore

/// The national scale (`kehoach demo --scale national`): 34 generated provinces with 3,321 communes and 714
/// departments, each province with one plan of 100 indicators (linked to 100 shared national measures) led by
/// every commune and 20 tasks led by departments, and five years of monthly reports: every commune gives every
/// indicator a value each month (3,321 × 100 × 60 ≈ 20 million values); every department files its monthly
/// report. Directory, plans and measure links go through the store's normal paths (audited). The reports and
/// their values are written in bulk as submitted reports with their numbers (`indicator_fact`, what rollups and
/// the national table read) but without the per-report text bodies, which at this volume would be gigabytes of
/// generated prose: the report pages and the per-province evaluation of these provinces show no indicator values.
/// Nothing of it is real; every province is named "Tỉnh mẫu NN".
public struct DemoNational: Sendable {
    public var provinces = 34
    public var communes = 3_321
    public var departmentsPerProvince = 21
    public var indicators = 100
    public var tasksPerProvince = 20
    public var months = 60
    public var seed: UInt64 = 34
    public init() {}

    /// A small version for tests: the same structure, fewer rows.
    public static var small: DemoNational {
        var d = DemoNational()
        d.provinces = 3; d.communes = 12; d.departmentsPerProvince = 4; d.indicators = 6; d.tasksPerProvince = 4; d.months = 3
        return d
    }

    public static func provinceCode(_ n: Int) -> String { String(format: "N%02d", n + 1) }
    public static func measureName(_ k: Int) -> String { String(format: "Chỉ tiêu quốc gia %03d", k + 1) }

    static let extraDepartments = ["Sở Ngoại vụ", "Ban Dân tộc tỉnh", "Đài Phát thanh và Truyền hình tỉnh"]

    func directory(_ p: Int) -> DirectorySeed {
        let name = "Tỉnh mẫu \(String(format: "%02d", p + 1))"
        let departments = Array((DemoProvince.departments + Self.extraDepartments).prefix(departmentsPerProvince))
        var entries = departments.map { DirectorySeed.Entry(name: $0, kind: .department, groups: [.departments]) }
        let first = communes * p / provinces, last = communes * (p + 1) / provinces
        entries += (first ..< last).map { DirectorySeed.Entry(name: String(format: "UBND xã Mẫu %04d", $0 + 1), kind: .commune, groups: [.communes, .localities]) }
        return DirectorySeed(provinceCode: Self.provinceCode(p), provinceName: name, entries: entries, successionDecision: "—",
                             successionDate: CivilDate(year: 2025, month: 7, day: 1)!)
    }

    func plan(_ p: Int, departments: [String]) -> PlanDocument {
        let province = "Tỉnh mẫu \(String(format: "%02d", p + 1))"
        let indicators = (0 ..< indicators).map { k in
            Indicator(code: "\(k + 1)", group: ["Chính quyền số", "Kinh tế số", "Xã hội số"][k * 3 / self.indicators],
                      name: "\(Self.measureName(k)): tỷ lệ hoàn thành tại cấp xã", unit: "%",
                      targets: [Target(year: 2030, comparator: .atLeast, value: 90, text: "≥ 90%")],
                      leadAgencies: ["UBND các xã, phường"])
        }
        let tasks = (0 ..< tasksPerProvince).map { k in
            PlanTask(code: "\(k + 1)", group: DemoProvince.groups[k % DemoProvince.groups.count],
                     name: "\(DemoProvince.taskVerbs[k % DemoProvince.taskVerbs.count]) \(DemoProvince.taskObjects[k % DemoProvince.taskObjects.count])",
                     leadAgencies: [departments[k % departments.count]], partnerAgencies: [], product: "Hệ thống đưa vào vận hành",
                     deadline: DeadlineParser.parse(["Quý IV/2026", "12/2027", "Năm 2028", "Thường xuyên"][k % 4]))
        }
        let info = PlanInfo(title: "Kế hoạch chuyển đổi số giai đoạn 2026–2030 của \(province) (dữ liệu mẫu quốc gia)",
                            number: "\(200 + p)/KH-UBND", issuer: "UBND \(province)", issuedOn: CivilDate(year: 2025, month: 12, day: 20),
                            span: YearSpan(from: 2026, to: 2030),
                            reporting: ReportingRule(cadence: .monthly, dueDay: 20, text: "Báo cáo hằng tháng trước ngày 20"))
        return PlanDocument(source: nil, plan: info, indicators: indicators, tasks: tasks)
    }

    /// Loads everything; `lastMonth` is the newest reported month. Returns the number of reports and values.
    @discardableResult
    public func load(into store: SQLStore, lastMonth: Period, actor: Actor = Actor(userID: nil, username: "demo"),
                     progress: @escaping @Sendable (String) -> Void = { _ in }) async throws -> (reports: Int, values: Int) {
        var firstMonth = lastMonth
        for _ in 1 ..< months { firstMonth = firstMonth.previous }
        var reports = 0, values = 0
        for p in 0 ..< provinces {
            let seed = directory(p)
            try await store.addDirectory(seed, by: actor)
            guard let province = try await store.provinces().first(where: { $0.code == seed.provinceCode }) else { throw StoreError.notFound(seed.provinceName) }
            let departments = seed.entries.filter { $0.kind == .department }.map(\.name)
            let document = plan(p, departments: departments)
            let loaded = try await store.loadPlan(document, source: Data(try JSONEncoder().encode(document)), into: province.id, replacing: nil, by: actor)
            let planIndicators = try await store.indicators(of: loaded.planID)
            try await store.linkMeasures(planIndicators.map { ($0.id, Self.measureName(Int($0.indicator.code)! - 1)) }, by: actor)
            let agencies = try await store.agencies(in: province.id)
            let communeIDs = agencies.filter { $0.kind == .commune }.map(\.id)
            let departmentIDs = agencies.filter { $0.kind == .department }.map(\.id)
            let n = try await store.bulkSubmittedReports(plan: loaded.planID, province: province.id, valued: communeIDs, others: departmentIDs,
                                                         indicators: planIndicators.map(\.id), from: firstMonth, through: lastMonth,
                                                         values: Self.values(communes: communeIDs.count, indicators: planIndicators.count,
                                                                             seed: self.seed &+ UInt64(p)))
            reports += n.reports; values += n.values
            progress("\(seed.provinceName): \(communeIDs.count) xã, \(departmentIDs.count) sở, \(n.reports) báo cáo, \(n.values) giá trị")
        }
        return (reports, values)
    }

    /// A month's generated figures (`index` months after the first): for every commune and indicator, in that order, a
    /// numerator and a denominator drifting up month by month around a base share of the indicator, with noise.
    static func values(communes: Int, indicators: Int, seed: UInt64) -> @Sendable (Int) -> [(numerator: Double, denominator: Double)] {
        var rng = SplitMix(seed: seed)
        let base = (0 ..< indicators).map { _ in 20 + 40 * rng.double() }
        return { i in
            var local = SplitMix(seed: seed &+ UInt64(i) &* 7919)
            var out: [(numerator: Double, denominator: Double)] = []
            out.reserveCapacity(communes * indicators)
            for c in 0 ..< communes {
                for k in 0 ..< indicators {
                    let denominator = Double(100 + (c * 37 + k * 11) % 400)
                    let share = min(1, (base[k] + Double(i) * 0.8 + 10 * local.double()) / 100)
                    out.append(((denominator * share).rounded(), denominator))
                }
            }
            return out
        }
    }
}
