import Foundation
import KeHoachCore
import KeHoachStore

/// A generated, reproducible province for the dashboard and the bench (`kehoach demo --scale province`):
/// 100 agencies (18 provincial bodies, 82 communes and wards), 5 plans with 500 tasks and 150 indicators, and
/// about three years of monthly reports with plausible lateness, gaps, delays and reasons. Nothing of it is
/// real; the province is named so ("Tỉnh Mẫu") and every plan says it is generated.
public struct DemoProvince: Sendable {
    public static let provinceName = "Tỉnh Mẫu"
    public static let provinceCode = "99"

    public var plansCount = 5
    public var tasksPerPlan = 100
    public var indicatorsPerPlan = 30
    public var communes = 82
    /// The first reported month.
    public var firstMonth = Period(kind: .month, year: 2024, index: 1)!
    public var seed: UInt64 = 2026

    public init() {}

    /// A small version for tests: same structure, fewer rows.
    public static var small: DemoProvince {
        var d = DemoProvince()
        d.plansCount = 2; d.tasksPerPlan = 16; d.indicatorsPerPlan = 10; d.communes = 6
        d.firstMonth = Period(kind: .month, year: 2025, index: 7)!
        return d
    }

    static let departments = [
        "Văn phòng UBND tỉnh", "Sở Nội vụ", "Sở Tư pháp", "Sở Tài chính", "Sở Công Thương", "Sở Nông nghiệp và Môi trường", "Sở Xây dựng",
        "Sở Khoa học và Công nghệ", "Sở Văn hóa, Thể thao và Du lịch", "Sở Giáo dục và Đào tạo", "Sở Y tế", "Thanh tra tỉnh",
        "Sở Dân tộc và Tôn giáo", "Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh", "Bảo hiểm xã hội tỉnh", "Cục Thuế tỉnh", "Ban Quản lý Khu kinh tế tỉnh",
    ]
    static let placeSyllables = ["An", "Bình", "Hòa", "Phú", "Tân", "Thịnh", "Hưng", "Long", "Phong", "Sơn", "Thủy", "Lâm", "Minh", "Quang",
                                 "Đức", "Thành", "Trung", "Nghĩa", "Hợp", "Tiến", "Khánh", "Lộc", "Vĩnh", "Xuân", "Yên", "Đông", "Tây", "Nam"]

    /// Commune names: two syllables, unique, wards first.
    public func communeNames() -> [String] {
        var rng = SplitMix(seed: seed &+ 7)
        var names: [String] = []
        var seen = Set<String>()
        while names.count < communes {
            let n = "\(Self.placeSyllables[rng.int(Self.placeSyllables.count)]) \(Self.placeSyllables[rng.int(Self.placeSyllables.count)])"
            guard !seen.contains(n), n.split(separator: " ").count == 2, n.split(separator: " ")[0] != n.split(separator: " ")[1] else { continue }
            seen.insert(n)
            names.append((names.count < communes / 10 ? "UBND phường " : "UBND xã ") + n)
        }
        return names
    }

    public var directory: DirectorySeed {
        var entries = Self.departments.map { DirectorySeed.Entry(name: $0, kind: .department, groups: [.departments]) }
        entries += communeNames().map { DirectorySeed.Entry(name: $0, kind: .commune, groups: [.communes, .localities]) }
        return DirectorySeed(provinceCode: Self.provinceCode, provinceName: Self.provinceName, entries: entries,
                             successionDecision: "—", successionDate: CivilDate(year: 2025, month: 7, day: 1)!)
    }

    static let taskVerbs = ["Triển khai", "Xây dựng", "Nâng cấp", "Số hóa", "Tích hợp", "Đào tạo", "Rà soát", "Hoàn thiện", "Kết nối", "Tuyên truyền"]
    static let taskObjects = ["cơ sở dữ liệu đất đai", "hệ thống thông tin giải quyết thủ tục hành chính", "nền tảng chia sẻ dữ liệu (LGSP)",
                              "hồ sơ sức khỏe điện tử", "học bạ số", "chữ ký số cho cán bộ", "camera giám sát đô thị thông minh",
                              "hệ thống quản lý văn bản và điều hành", "kho dữ liệu dùng chung của tỉnh", "dịch vụ công trực tuyến toàn trình",
                              "kỹ năng số cho người dân", "hạ tầng mạng 5G", "trung tâm điều hành thông minh (IOC)", "thanh toán không dùng tiền mặt",
                              "cơ sở dữ liệu hộ tịch", "sàn thương mại điện tử nông sản", "bảo đảm an toàn thông tin cấp độ 3"]
    static let groups = ["I. Hoàn thiện thể chế", "II. Hạ tầng số", "III. Dữ liệu số", "IV. Chính quyền số", "V. Kinh tế số", "VI. Xã hội số",
                         "VII. An toàn thông tin", "VIII. Nguồn nhân lực số"]
    static let proposals = [
        "Đề nghị UBND tỉnh bố trí kinh phí, nhân lực để hoàn thành nhiệm vụ đúng hạn.",
        "Đề nghị Sở Tài chính hướng dẫn định mức chi cho thuê dịch vụ công nghệ thông tin.",
        "Đề nghị Sở Nội vụ bổ sung biên chế cán bộ chuyên trách chuyển đổi số cấp xã.",
        "Đề nghị Sở Khoa học và Công nghệ tổ chức tập huấn sử dụng nền tảng số dùng chung cho cán bộ cấp xã.",
        "Đề nghị UBND tỉnh bố trí kinh phí, nhân lực để hoàn thành nhiệm vụ đúng hạn.",
    ]
    static let reasons = ["Chưa được bố trí kinh phí", "Chờ hướng dẫn của Bộ Khoa học và Công nghệ", "Thiếu cán bộ chuyên trách công nghệ thông tin",
                          "Nhà thầu chậm tiến độ", "Vướng thủ tục đầu tư", "Dữ liệu gốc chưa được chuẩn hóa"]
    static let deadlines = ["Quý II/2024", "Quý IV/2024", "12/2024", "Tháng 6/2025", "Quý III/2025", "Năm 2025", "Quý II/2026", "12/2026",
                            "Tháng 3/2026", "Cuối năm 2027", "2024 - 2027", "Thường xuyên", "Hằng năm",
                            "Sau khi có hướng dẫn của Bộ Khoa học và Công nghệ", "Quý I/2026", "Tháng 9/2026"]

    /// How an indicator of the demo behaves.
    public struct IndicatorShape: Sendable {
        public var start: Double
        public var perMonth: Double
        public var communes: Bool
        public var yesNo: Bool
    }

    /// The plans, and for each indicator (by plan and code) how its values move.
    public func plans() -> [(document: PlanDocument, shapes: [String: IndicatorShape])] {
        var rng = SplitMix(seed: seed)
        var out: [(PlanDocument, [String: IndicatorShape])] = []
        let themes = ["chuyển đổi số", "phát triển chính quyền số", "phát triển kinh tế số và xã hội số", "Đề án 06 về dữ liệu dân cư",
                      "bảo đảm an toàn thông tin mạng"]
        for p in 0..<plansCount {
            let withCommunes = p < 2
            var indicators: [Indicator] = []
            var shapes: [String: IndicatorShape] = [:]
            for k in 0..<indicatorsPerPlan {
                let code = "\(k + 1)"
                let group = ["Chính quyền số", "Kinh tế số", "Xã hội số"][k * 3 / indicatorsPerPlan]
                let lead = Self.departments[rng.int(Self.departments.count)]
                let targetYear = [2025, 2026, 2026, 2027][rng.int(4)]
                let onTrack = rng.double() < 0.6
                let monthsToTarget = Double((targetYear - 2024) * 12 + 12)
                switch k % 10 {
                case 0 where withCommunes, 1 where withCommunes:
                    // A share counted in every commune: numerator / denominator, summed.
                    let target = Double(70 + rng.int(26))
                    let start = target * (0.35 + 0.3 * rng.double())
                    let slope = (target * (onTrack ? 1.08 : 0.85) - start) / monthsToTarget
                    indicators.append(Indicator(code: code, group: group, name: "Tỷ lệ hồ sơ thủ tục hành chính được số hóa tại cấp xã (\(k + 1))", unit: "%",
                                                baseline: Baseline(year: 2023, value: (start * 0.9).rounded(), text: "\(Int(start * 0.9))%"),
                                                targets: [Target(year: targetYear, comparator: .atLeast, value: target, text: "≥ \(Int(target))%")],
                                                leadAgencies: ["UBND các xã, phường"], monitoringAgencies: []))
                    shapes[code] = IndicatorShape(start: start, perMonth: slope, communes: true, yesNo: false)
                case 2:
                    let target = Double(10 + rng.int(30))
                    let start = target + 15 + Double(rng.int(10))
                    let slope = (target * (onTrack ? 0.9 : 1.25) - start) / monthsToTarget
                    indicators.append(Indicator(code: code, group: group, name: "Xếp hạng chỉ số chuyển đổi số cấp tỉnh (DTI) (\(k + 1))", unit: "Thứ bậc",
                                                baseline: Baseline(year: 2023, value: start.rounded(), text: "\(Int(start))"),
                                                targets: [Target(year: targetYear, comparator: .atMost, value: target, text: "≤ \(Int(target))")],
                                                leadAgencies: [lead], monitoringAgencies: []))
                    shapes[code] = IndicatorShape(start: start, perMonth: slope, communes: false, yesNo: false)
                case 3:
                    let lo = Double(8 + rng.int(4))
                    let start = lo * 0.5
                    let slope = (lo * (onTrack ? 1.05 : 0.8) - start) / monthsToTarget
                    indicators.append(Indicator(code: code, group: group, name: "Tỷ trọng kinh tế số trong GRDP (\(k + 1))", unit: "%",
                                                targets: [Target(year: targetYear, comparator: .range, value: lo, max: lo + 2, text: "\(Int(lo))-\(Int(lo + 2))%")],
                                                leadAgencies: [lead], monitoringAgencies: []))
                    shapes[code] = IndicatorShape(start: start, perMonth: slope, communes: false, yesNo: false)
                case 4:
                    indicators.append(Indicator(code: code, group: group, name: "Có nền tảng giám sát an toàn thông tin tập trung (\(k + 1))", unit: nil,
                                                targets: [Target(year: targetYear, comparator: .yes, value: nil, text: "Có")],
                                                leadAgencies: [lead], monitoringAgencies: []))
                    shapes[code] = IndicatorShape(start: 0, perMonth: onTrack ? 1 : 0, communes: false, yesNo: true)
                case 5:
                    indicators.append(Indicator(code: code, group: group, name: "Mức độ hài lòng của người dân về dịch vụ số (\(k + 1))", unit: nil,
                                                targets: [Target(year: targetYear, comparator: .text, value: nil, text: "Đạt mức khá trở lên ở các lĩnh vực quan trọng")],
                                                leadAgencies: [lead], monitoringAgencies: []))
                default:
                    let target = Double(60 + rng.int(40))
                    let start = target * (0.3 + 0.4 * rng.double())
                    let slope = (target * (onTrack ? 1.1 : 0.85) - start) / monthsToTarget
                    indicators.append(Indicator(code: code, group: group, name: "Tỷ lệ \(Self.taskObjects[k % Self.taskObjects.count]) được đưa vào sử dụng (\(k + 1))", unit: "%",
                                                baseline: Baseline(year: 2023, value: start.rounded(), text: "\(Int(start))%"),
                                                targets: [Target(year: targetYear, comparator: .atLeast, value: target, text: "≥ \(Int(target))%")],
                                                leadAgencies: [lead], monitoringAgencies: []))
                    shapes[code] = IndicatorShape(start: start, perMonth: slope, communes: false, yesNo: false)
                }
            }
            var tasks: [PlanTask] = []
            for k in 0..<tasksPerPlan {
                let lead = Self.departments[rng.int(Self.departments.count)]
                var partners = [Self.departments[rng.int(Self.departments.count)]].filter { $0 != lead }
                if withCommunes && k % 10 == 0 { partners.append("UBND các xã, phường") }
                let deadline = DeadlineParser.parse(Self.deadlines[rng.int(Self.deadlines.count)])
                tasks.append(PlanTask(code: "\(k / 12 + 1).\(k % 12 + 1)", group: Self.groups[(k / 12) % Self.groups.count],
                                      name: "\(Self.taskVerbs[rng.int(Self.taskVerbs.count)]) \(Self.taskObjects[rng.int(Self.taskObjects.count)])",
                                      leadAgencies: [lead], partnerAgencies: partners, product: "Báo cáo kết quả, hệ thống đưa vào vận hành",
                                      deadline: deadline))
            }
            let info = PlanInfo(title: "Kế hoạch \(themes[p % themes.count]) giai đoạn 2024–2027 của \(Self.provinceName) (dữ liệu mẫu)",
                                number: "\(100 + p)/KH-UBND", issuer: "UBND \(Self.provinceName)", issuedOn: CivilDate(year: 2023, month: 12, day: 15),
                                span: YearSpan(from: 2024, to: 2027),
                                reporting: ReportingRule(cadence: .monthly, dueDay: 20, text: "Báo cáo hằng tháng trước ngày 20"))
            out.append((PlanDocument(source: nil, plan: info, indicators: indicators, tasks: tasks, observations: [], warnings: []), shapes))
        }
        return out
    }

    /// Each agency's diligence (chance of reporting on time), by agency name: reproducible.
    func diligence(_ name: String) -> Double {
        var h: UInt64 = seed
        for b in name.utf8 { h = (h ^ UInt64(b)) &* 0x100000001B3 }
        var r = SplitMix(seed: h)
        return 0.55 + 0.43 * r.double()
    }

    /// One month's reports of every agency of a plan, as `saveReports` takes them, for months due on or before
    /// `today`. `scope` gives each agency's tasks (with whether it leads) and indicators.
    public func reports(plan: StoredPlan.ID, month: Period, today: CivilDate, agencies: [(Agency, tasks: [(StoredTask, lead: Bool)], indicators: [StoredIndicator])],
                        shapes: [String: IndicatorShape]) -> [(plan: StoredPlan.ID, agency: Agency.ID, period: Period, input: ReportInput, submittedOn: CivilDate)] {
        let due = ReportingCalendar(kind: .month, dueDay: 20).due(month)
        var out: [(plan: StoredPlan.ID, agency: Agency.ID, period: Period, input: ReportInput, submittedOn: CivilDate)] = []
        let monthsIn = Double((month.year - 2024) * 12 + month.index - 1)
        for (agency, tasks, indicators) in agencies {
            var rng = SplitMix(seed: seed ^ UInt64(bitPattern: agency.id.rawValue &* 7919) ^ UInt64(month.year * 100 + month.index) ^ UInt64(plan.rawValue << 40))
            let d = diligence(agency.name)
            let roll = rng.double()
            let submitted: CivilDate
            if roll < d { submitted = due.adding(days: -rng.int(7)) }
            else if roll < d + (1 - d) * 0.7 { submitted = due.adding(days: 1 + rng.int(25)) }
            else { continue }
            guard submitted <= today else { continue }
            var progress: [TaskProgress] = []
            for (task, lead) in tasks {
                // Each task's own pace: when it starts, and how late its lead agency finishes (if ever).
                var tr = SplitMix(seed: seed ^ UInt64(bitPattern: task.id.rawValue &* 104_729))
                let dueDay = task.task.deadline?.due ?? CivilDate(year: 2027, month: 12, day: 31)!
                let startDay = dueDay.adding(days: -(120 + tr.int(400)))
                let delay = tr.double() < d ? -tr.int(60) : (tr.double() < 0.6 ? 10 + tr.int(150) : 2_000)
                let finish = dueDay.adding(days: delay)
                let end = month.end
                if !lead {
                    progress.append(TaskProgress(taskID: task.id, status: end < startDay ? .notStarted : .inProgress, note: "Phối hợp cung cấp thông tin, số liệu."))
                } else if task.task.deadline?.kind == .conditional {
                    progress.append(TaskProgress(taskID: task.id, status: .waiting, reason: "Chờ văn bản hướng dẫn của Bộ Khoa học và Công nghệ."))
                } else if end < startDay {
                    progress.append(TaskProgress(taskID: task.id, status: .notStarted))
                } else if finish <= end && task.task.deadline?.due != nil {
                    progress.append(TaskProgress(taskID: task.id, status: .completed, percent: 100, completedOn: finish,
                                                 note: "Đã hoàn thành, sản phẩm đưa vào sử dụng.",
                                                 evidence: Self.evidence(kind: tr.int(Self.evidenceKinds.count), number: 10 + tr.int(300), agency: agency, on: finish)))
                } else {
                    let span = Double(max(finish.days(since: startDay), 30))
                    let pct = min(95, max(5, (Double(end.days(since: startDay)) / span * 100).rounded()))
                    let late = end > dueDay
                    progress.append(TaskProgress(taskID: task.id, status: .inProgress, percent: pct,
                                                 note: "Đang triển khai, đạt khoảng \(Int(pct))% khối lượng.",
                                                 reason: late ? Self.reasons[tr.int(Self.reasons.count)] : ""))
                }
            }
            var values: [IndicatorValue] = []
            for i in indicators {
                guard let shape = shapes[i.indicator.code] else { continue }
                if shape.yesNo {
                    values.append(IndicatorValue(indicatorID: i.id, value: shape.perMonth > 0 && monthsIn > 18 ? 1 : 0))
                } else if shape.communes {
                    let denominator = Double(200 + rng.int(800))
                    let share = min(1, max(0, (shape.start + shape.perMonth * monthsIn) / 100 + (rng.double() - 0.5) * 0.08))
                    values.append(IndicatorValue(indicatorID: i.id, numerator: (denominator * share).rounded(), denominator: denominator,
                                                 note: "Theo hệ thống một cửa điện tử"))
                } else {
                    var v = shape.start + shape.perMonth * monthsIn
                    v *= 1 + (rng.double() - 0.5) * 0.04
                    if UnitKind.isPercentage(i.indicator.unit) { v = min(100, max(0, v)) }
                    if UnitKind.of(i.indicator.unit) == .rank { v = max(1, v.rounded()) }
                    values.append(IndicatorValue(indicatorID: i.id, value: (v * 10).rounded() / 10))
                }
            }
            let difficulties = rng.double() < 0.3 ? Self.reasons[rng.int(Self.reasons.count)] + "." : ""
            // Chosen without drawing from the generator (the rest of the data stays as it was).
            let proposals = rng.double() < 0.2 ? Self.proposals[Int((agency.id.rawValue + Int64(month.index)) % Int64(Self.proposals.count))] : ""
            out.append((plan, agency.id, month, ReportInput(tasks: progress, indicators: values, difficulties: difficulties, proposals: proposals), submitted))
        }
        return out
    }
}

extension DemoProvince {
    /// What agencies cite as the product of a finished task: a plan, a decision, an official letter or a report,
    /// numbered with the agency's own symbol (`Kế hoạch số 125/KH-STC ngày 04/03/2026`).
    static let evidenceKinds: [(type: String, symbol: String)] = [("Kế hoạch", "KH"), ("Quyết định", "QĐ"), ("Công văn", ""), ("Báo cáo", "BC"), ("Kế hoạch", "KH")]

    static func evidence(kind: Int, number: Int, agency: Agency, on day: CivilDate) -> DocumentReference {
        let k = evidenceKinds[kind % evidenceKinds.count]
        let body = ReportBuilder.abbreviation(agency.name)
        let symbol = k.symbol.isEmpty ? body : "\(k.symbol)-\(body)"
        return DocumentReference.parse("\(k.type) số \(number)/\(symbol) ngày \(day.day)/\(day.month)/\(day.year)")
    }
}

/// The demo's seeded random numbers (the same on every machine): Core's SplitMix64.
public typealias SplitMix = SplitMix64

extension DemoProvince {
    /// Adds the demo province to a store (directory, plans, then the reports month by month, one transaction per
    /// month and plan). Returns the province and how many reports were written.
    @discardableResult
    public func load(into store: SQLStore, today: CivilDate, actor: Actor = Actor(userID: nil, username: "demo"),
                     progress: (String) -> Void = { _ in }) async throws -> (Province, reports: Int) {
        try await store.addDirectory(directory, by: actor)
        guard let province = try await store.provinces().first(where: { $0.code == Self.provinceCode }) else { throw StoreError.notFound("tỉnh mẫu") }
        var count = 0
        for (document, shapes) in plans() {
            let loaded = try await store.loadPlan(document, source: Data(try JSONEncoder().encode(document)), into: province.id, replacing: nil, by: actor)
            let tasks = try await store.tasks(of: loaded.planID, filter: TaskFilter())
            let indicators = try await store.indicators(of: loaded.planID)
            let assignments = try await store.assignments(of: loaded.planID)
            var scope: [(Agency, tasks: [(StoredTask, lead: Bool)], indicators: [StoredIndicator])] = []
            for agency in try await store.reportingAgencies(of: loaded.planID) {
                let mine = tasks.compactMap { t -> (StoredTask, lead: Bool)? in
                    if assignments.taskLeads[t.id]?.contains(agency.id) == true { return (t, true) }
                    return assignments.taskPartners[t.id]?.contains(agency.id) == true ? (t, false) : nil
                }
                let values = indicators.filter { assignments.indicatorLeads[$0.id]?.contains(agency.id) == true || assignments.indicatorMonitors[$0.id]?.contains(agency.id) == true }
                scope.append((agency, mine, values))
            }
            var month = firstMonth
            while ReportingCalendar(kind: .month, dueDay: 20).due(month) <= today.adding(days: 25) {
                let batch = reports(plan: loaded.planID, month: month, today: today, agencies: scope, shapes: shapes)
                try await store.saveReports(batch, by: actor)
                count += batch.count
                month = month.next
            }
            progress("\(document.plan.title): \(tasks.count) nhiệm vụ, \(indicators.count) chỉ tiêu, \(scope.count) cơ quan báo cáo")
        }
        return (province, count)
    }
}
