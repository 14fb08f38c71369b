import Foundation
import KeHoachCore

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
            let n = try await store.bulkMonthlyReports(plan: loaded.planID, province: province.id, communes: communeIDs, departments: departmentIDs,
                                                       indicators: planIndicators.map(\.id), from: firstMonth, through: lastMonth, seed: self.seed &+ UInt64(p))
            reports += n.reports; values += n.values
            progress("\(seed.provinceName): \(communeIDs.count) xã, \(departmentIDs.count) sở, \(n.reports) báo cáo, \(n.values) giá trị")
        }
        return (reports, values)
    }
}

extension SQLStore {
    /// Links indicators to shared measures in one transaction (one audit entry for the lot).
    public func linkMeasures(_ links: [(StoredIndicator.ID, String)], by actor: Actor) async throws {
        try await pool.write { db in
            try db.insertRows(into: "indicator_setting", columns: ["indicator_id", "method", "measure", "measure_key"],
                              rows: links.map { [.int($0.0.rawValue), .null, .text($0.1), .text(TextFolding.searchKey($0.1))] })
            try self.bumpVersion(db)
            try self.appendAudit(db, action: "indicator.setting", entity: "indicator", entityID: nil, before: nil,
                                 after: "\(links.count) chỉ tiêu gắn thước đo chung", by: actor)
        }
    }

    /// Generated submitted monthly reports of a plan, written in bulk (see `DemoNational`): one transaction per
    /// month, report headers for every commune and department, a value per commune and indicator.
    func bulkMonthlyReports(plan: StoredPlan.ID, province: Province.ID, communes: [Agency.ID], departments: [Agency.ID],
                            indicators: [StoredIndicator.ID], from first: Period, through last: Period, seed: UInt64) async throws -> (reports: Int, values: Int) {
        var month = first
        var reports = 0, values = 0
        var rng = SplitMix(seed: seed)
        let base = indicators.map { _ in 20 + 40 * rng.double() }
        var index = 0
        while month <= last {
            let m = month, i = index
            let submitted = ReportingCalendar(kind: .month, dueDay: 20).due(m).adding(days: -2).description
            let stamp = self.stamp(self.clock())
            var local = SplitMix(seed: seed &+ UInt64(i) &* 7919)
            let noise = (0 ..< communes.count * indicators.count).map { _ in local.double() }
            let written = try await pool.write { db in
                let start = (try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM report") ?? 0) + 1
                let agencies = communes + departments
                try db.insertRows(into: "report", columns: ["id", "plan_id", "agency_id", "period", "status", "difficulties", "proposals", "first_submitted_on", "updated_at"],
                                  rows: agencies.enumerated().map { k, a in
                                      [.int(start + Int64(k)), .int(plan.rawValue), .int(a.rawValue), .text(m.description), .text("submitted"),
                                       .text(""), .text(""), .text(submitted), .text(stamp)]
                                  })
                var facts: [[SQLValue]] = []
                facts.reserveCapacity(communes.count * indicators.count)
                for (c, _) in communes.enumerated() {
                    for (k, indicator) in indicators.enumerated() {
                        let denominator = Double(100 + (c * 37 + k * 11) % 400)
                        let share = min(1, (base[k] + Double(i) * 0.8 + 10 * noise[c * indicators.count + k]) / 100)
                        let numerator = (denominator * share).rounded()
                        facts.append([.int(start + Int64(c)), .int(indicator.rawValue), .int(province.rawValue), .text(m.description), .int(1),
                                      .double((100 * numerator / denominator * 10).rounded() / 10), .double(numerator), .double(denominator)])
                    }
                }
                try db.insertRows(into: "indicator_fact", columns: ["report_id", "indicator_id", "province_id", "period", "counted", "value", "numerator", "denominator"],
                                  rows: facts)
                try db.advanceIDSequence("report")
                try self.bumpVersion(db)
                return (agencies.count, facts.count)
            }
            reports += written.0; values += written.1
            month = month.next; index += 1
        }
        try await record("demo.reports", entity: "plan", entityID: plan.description, before: nil,
                         after: "\(reports) báo cáo, \(values) giá trị chỉ tiêu (tạo hàng loạt)", by: Actor(userID: nil, username: "demo"))
        return (reports, values)
    }
}
