import Foundation

/// Assembles reports from what agencies submitted and from the evaluation: nothing is written that the data do not
/// say, and a section with nothing reported says so.
public enum ReportBuilder {
    /// What a report is made from: a plan evaluated on the report's date with the reports up to the period's end.
    public struct Input: Sendable {
        public var province: Province
        public var plan: PlanEvaluation
        public var agencies: [Agency.ID: Agency]
        public var period: Period
        public var date: CivilDate
        public init(province: Province, plan: PlanEvaluation, agencies: [Agency.ID: Agency], period: Period, date: CivilDate) {
            self.province = province; self.plan = plan; self.agencies = agencies; self.period = period; self.date = date
        }
    }

    static func name(_ id: Agency.ID, _ input: Input) -> String { input.agencies[id]?.name ?? "#\(id)" }
    static func names(_ ids: Set<Agency.ID>, _ input: Input) -> String {
        let list = ids.map { name($0, input) }.sorted()
        return list.count > 5 ? list.prefix(3).joined(separator: "; ") + " và \(list.count - 3) đơn vị khác" : list.joined(separator: "; ")
    }

    /// `UBND TỈNH LAI CHÂU` (a province named "Tỉnh …" is not called "tỉnh tỉnh").
    static func provinceCommittee(_ p: Province) -> String {
        TextFolding.searchKey(p.name).hasPrefix("tinh ") ? "UBND \(p.name.vietnameseUppercased)" : "UBND TỈNH \(p.name.vietnameseUppercased)"
    }

    /// The abbreviation of a body in a symbol: `Sở Khoa học và Công nghệ` → `SKHCN`.
    public static func abbreviation(_ name: String) -> String {
        let skip: Set<String> = ["va", "và"]
        return name.split(separator: " ").filter { !skip.contains(String($0).lowercased()) }
            .compactMap { word in TextFolding.searchKey(String(word)).first.map { String($0).uppercased() } }.joined()
    }

    /// The reports submitted for a period inside the report's period (a quarter holds its months).
    static func inPeriod(_ input: Input) -> [SubmittedReport] {
        input.plan.reports.values.filter { $0.summary.period.kind != .adhoc && $0.summary.period.start >= input.period.start && $0.summary.period.end <= input.period.end }
            .sorted { ($0.summary.period, name($0.summary.agencyID, input)) < ($1.summary.period, name($1.summary.agencyID, input)) }
    }

    static func value(_ x: Double?, unit: String?) -> String {
        guard let x else { return "Chưa có số liệu" }
        return IndicatorEvaluator.format(x) + (UnitKind.isPercentage(unit) ? "%" : "")
    }

    static func target(_ t: Target?) -> String { t.map { "\($0.text)\($0.year.map { " (năm \($0))" } ?? "")" } ?? "—" }

    static func timeliness(_ d: ReportDue, today: CivilDate) -> String {
        let label = Timeliness.of(due: d.due, submittedOn: d.submittedOn, today: today).label(overdue: true)
        return label.prefix(1).uppercased() + label.dropFirst()
    }

    /// The coordinator's consolidated report to the people's committee and the ministry.
    public static func consolidated(_ input: Input) -> AdministrativeDocument {
        let p = input.plan
        let coordinator = input.agencies.values.first { TextFolding.searchKey($0.name) == "so khoa hoc va cong nghe" && $0.dissolvedOn == nil }
        let issuer = coordinator?.name ?? "Ủy ban nhân dân tỉnh \(input.province.name)"
        let reports = inPeriod(input)
        let reporting = Set(reports.map(\.summary.agencyID))
        let owing = p.reportsDue.filter { $0.value.contains { $0.period.start >= input.period.start && $0.period.end <= input.period.end } }
        var sections: [AdministrativeDocument.Section] = []
        let planName = [p.plan.info.number.map { "Kế hoạch số \($0)" }, p.plan.info.title].compactMap { $0 }.joined(separator: " — ")
        let intro = AdministrativeDocument.Block.paragraph(
            "Thực hiện \(planName), \(issuer) tổng hợp báo cáo \(input.period.label) của các cơ quan, đơn vị: \(reporting.count)/\(max(p.agenciesOwing(in: input.period), owing.count, reporting.count)) cơ quan, đơn vị đã gửi báo cáo. Kết quả như sau:")

        // I. Indicators.
        let indicatorRows = p.indicators.compactMap { i -> (StoredIndicator, IndicatorEvaluation)? in p.indicatorResults[i.id].map { (i, $0) } }
        var counts: [IndicatorStatus: Int] = [:]
        for (_, r) in indicatorRows { counts[r.status, default: 0] += 1 }
        let summary = IndicatorStatus.allCases.filter { (counts[$0] ?? 0) > 0 }.map { "\(counts[$0]!) \($0.label.lowercased())" }.joined(separator: ", ")
        var indicatorBlocks: [AdministrativeDocument.Block] = []
        if indicatorRows.isEmpty {
            indicatorBlocks.append(.paragraph("Kế hoạch không có chỉ tiêu định lượng."))
        } else {
            indicatorBlocks.append(.paragraph("Trong \(indicatorRows.count) chỉ tiêu: \(summary)."))
            indicatorBlocks.append(.table(.init(header: ["TT", "Chỉ tiêu", "Đơn vị tính", "Mục tiêu", "Kết quả", "Đánh giá"], rows: indicatorRows.enumerated().map { n, row in
                let (i, r) = row
                return ["\(n + 1)", "\(i.indicator.code). \(i.indicator.name)", i.indicator.unit ?? "", target(r.target),
                        value(r.latest?.value, unit: i.indicator.unit) + (r.latest.map { " (\($0.period.label))" } ?? ""), r.status.label]
            }, widths: [7, 39, 10, 14, 16, 14])))
        }
        sections.append(.init(heading: "I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", blocks: indicatorBlocks))

        // II. Tasks, per group: what was done, what was not, the overdue tasks.
        var taskBlocks: [AdministrativeDocument.Block] = []
        var taskCounts: [TaskStatus: Int] = [:]
        for t in p.tasks { if let s = p.taskResults[t.id]?.status { taskCounts[s, default: 0] += 1 } }
        taskBlocks.append(.paragraph("Trong \(p.tasks.count) nhiệm vụ: " + TaskStatus.allCases.filter { (taskCounts[$0] ?? 0) > 0 }
            .map { "\(taskCounts[$0]!) \($0.label.lowercased())" }.joined(separator: ", ") + "."))
        var groups: [String] = []
        for t in p.tasks { let g = t.task.group ?? ""; if !groups.contains(g) { groups.append(g) } }
        var answers: [StoredTask.ID: [(Agency.ID, TaskProgress)]] = [:]
        for r in reports { for t in r.tasks { answers[t.taskID, default: []].append((r.summary.agencyID, t)) } }
        for (n, g) in groups.enumerated() {
            let tasks = p.tasks.filter { ($0.task.group ?? "") == g }
            taskBlocks.append(.subheading("\(n + 1). \(g.isEmpty ? "Các nhiệm vụ" : g)"))
            var done: [String] = [], problems: [String] = []
            for t in tasks {
                for (agency, a) in answers[t.id] ?? [] {
                    let evidence = a.evidence.map { "; văn bản: \($0.text)" } ?? ""
                    if !a.note.trimmedSpaces.isEmpty {
                        done.append("\(t.task.code) \(t.task.name): \(a.note)\(a.percent.map { " (\(IndicatorEvaluator.format($0))%)" } ?? "") — \(name(agency, input))\(evidence).")
                    }
                    if !a.reason.trimmedSpaces.isEmpty {
                        problems.append("\(t.task.code) \(t.task.name): \(a.reason) — \(name(agency, input)).")
                    }
                }
                if let r = p.taskResults[t.id], r.status == .overdue {
                    problems.append("\(t.task.code) \(t.task.name): quá hạn \(r.daysOverdue ?? 0) ngày (hạn \(r.due?.vietnamese ?? "")), cơ quan chủ trì: \(names(p.assignments.taskLeads[t.id] ?? [], input)).")
                }
            }
            taskBlocks.append(.paragraph("a) Kết quả đạt được:"))
            taskBlocks.append(done.isEmpty ? .paragraph("Trong kỳ, chưa có cơ quan, đơn vị nào báo cáo kết quả của nhóm nhiệm vụ này.") : .bullets(done))
            taskBlocks.append(.paragraph("b) Tồn tại, hạn chế:"))
            taskBlocks.append(problems.isEmpty ? .paragraph("Không có nhiệm vụ quá hạn; không có cơ quan, đơn vị nào nêu tồn tại, hạn chế.") : .bullets(problems))
        }
        sections.append(.init(heading: "II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ", blocks: taskBlocks))

        // III, IV. Difficulties and proposals, each agency named.
        func statements(_ text: (SubmittedReport) -> String) -> [String] {
            reports.compactMap { r in
                let t = text(r).trimmedWhitespace
                return t.isEmpty ? nil : "\(name(r.summary.agencyID, input)) (\(r.summary.period.label)): \(t)"
            }
        }
        let difficulties = statements(\.difficulties), proposals = statements(\.proposals)
        sections.append(.init(heading: "III. KHÓ KHĂN, VƯỚNG MẮC VÀ NGUYÊN NHÂN", blocks: [difficulties.isEmpty
            ? .paragraph("Trong kỳ, không có cơ quan, đơn vị nào nêu khó khăn, vướng mắc.") : .bullets(difficulties)]))
        sections.append(.init(heading: "IV. ĐỀ XUẤT, KIẾN NGHỊ", blocks: [proposals.isEmpty
            ? .paragraph("Trong kỳ, không có cơ quan, đơn vị nào nêu đề xuất, kiến nghị.") : .bullets(proposals)]))

        // V. Who reported: one row per agency, one column per period of the report's period.
        let periods = Array(Set(owing.values.flatMap { $0 }.map(\.period).filter { $0.start >= input.period.start && $0.end <= input.period.end })).sorted()
        var dueRows: [[String]] = []
        var tally = (due: 0, onTime: 0, late: 0, missing: 0)
        for (agency, list) in owing.sorted(by: { name($0.key, input) < name($1.key, input) }) {
            let byPeriod = Dictionary(list.map { ($0.period, $0) }, uniquingKeysWith: { a, _ in a })
            var row = [name(agency, input)]
            for period in periods {
                guard let d = byPeriod[period] else { row.append("—"); continue }
                tally.due += 1
                switch Timeliness.of(due: d.due, submittedOn: d.submittedOn, today: input.date) {
                case .onTime: tally.onTime += 1
                case .late: tally.late += 1
                case .missing: tally.missing += 1
                case .pending: break
                }
                row.append(timeliness(d, today: input.date))
            }
            dueRows.append(row)
        }
        sections.append(.init(heading: "V. TÌNH HÌNH GỬI BÁO CÁO CỦA CÁC CƠ QUAN, ĐƠN VỊ", blocks: dueRows.isEmpty
            ? [.paragraph("Trong kỳ không có báo cáo nào đến hạn.")]
            : [.paragraph("\(tally.due) báo cáo đến hạn: \(tally.onTime) đúng hạn, \(tally.late) muộn, \(tally.missing) chưa nộp."),
               .table(.init(header: ["TT", "Cơ quan, đơn vị"] + periods.map { "\($0.label.prefix(1).uppercased())\($0.label.dropFirst()) (hạn \(ReportingCalendar(rule: p.plan.info.reporting).due($0).vietnamese))" },
                            rows: dueRows.enumerated().map { ["\($0.offset + 1)"] + $0.element },
                            widths: [7, 40] + periods.map { _ in max(53 / max(periods.count, 1), 12) }))]))

        // Appendices in the plan's own columns, with the results beside them.
        let appendixI = AdministrativeDocument.Appendix(label: "Phụ lục I", title: "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU",
                                                        table: indicatorAppendix(indicatorRows, period: input.period))
        let appendixII = AdministrativeDocument.Appendix(label: "Phụ lục II", title: "TÌNH HÌNH THỰC HIỆN CÁC NHIỆM VỤ",
                                                         table: taskAppendix(p, groups: groups))

        return AdministrativeDocument(
            parentBody: coordinator == nil ? "" : provinceCommittee(input.province),
            issuerName: issuer, symbol: "BC-\(abbreviation(issuer))", place: input.province.name, date: input.date,
            kind: "BÁO CÁO", subject: "Kết quả thực hiện \(p.plan.info.title) \(input.period.label)",
            sections: [.init(heading: "", blocks: [intro])] + sections,
            recipients: ["UBND tỉnh \(input.province.name) (để báo cáo);", "Bộ Khoa học và Công nghệ (để báo cáo);",
                         "Các sở, ban, ngành; UBND các xã, phường;", "Lưu: VT."],
            signerTitle: coordinator == nil ? "TM. ỦY BAN NHÂN DÂN" : "GIÁM ĐỐC",
            appendices: [appendixI, appendixII])
    }

    /// A column of an appendix: its header, its share of the width, and its cell for an item.
    struct Column<Item> {
        var header: String
        var width: Int
        var cell: (Item) -> String
    }

    static func table<Item>(_ columns: [Column<Item>], _ items: [Item], group: (Item) -> String? = { _ in nil }) -> AdministrativeDocument.Table {
        var rows: [[String]] = []
        var current: String?
        for item in items {
            if let g = group(item), g != current, !g.isEmpty {
                rows.append(["", g] + Array(repeating: "", count: max(columns.count - 2, 0)))
            }
            current = group(item)
            rows.append(columns.map { $0.cell(item) })
        }
        return .init(header: columns.map(\.header), rows: rows, widths: columns.map(\.width))
    }

    /// Phụ lục I in the plan's own columns: a baseline column only when the plan gives baselines (named by their
    /// year, as Lào Cai's "Kết quả năm 2025"), one target column per milestone year, lead and monitoring agencies
    /// when the plan names them; then the result of the period and its status.
    static func indicatorAppendix(_ rows: [(StoredIndicator, IndicatorEvaluation)], period: Period) -> AdministrativeDocument.Table {
        typealias Row = (StoredIndicator, IndicatorEvaluation)
        var columns: [Column<Row>] = [
            .init(header: "TT", width: 5) { $0.0.indicator.code },
            .init(header: "Chỉ tiêu", width: 30) { $0.0.indicator.name },
        ]
        if rows.contains(where: { $0.0.indicator.unit != nil }) { columns.append(.init(header: "Đơn vị tính", width: 8) { $0.0.indicator.unit ?? "" }) }
        let baselineYears = Set(rows.compactMap { $0.0.indicator.baseline?.year })
        if rows.contains(where: { $0.0.indicator.baseline != nil }) {
            let header = baselineYears.count == 1 ? "Kết quả năm \(baselineYears.first!)" : "Giá trị gốc"
            columns.append(.init(header: header, width: 9) { r in
                r.0.indicator.baseline.map { b in b.text + (baselineYears.count == 1 ? "" : b.year.map { " (\($0))" } ?? "") } ?? ""
            })
        }
        let years = Set(rows.flatMap { $0.0.indicator.targets.map(\.year) })
        for year in years.sorted(by: { ($0 ?? Int.max) < ($1 ?? Int.max) }) {
            columns.append(.init(header: year.map { "Mục tiêu \($0)" } ?? "Mục tiêu", width: 10) { r in
                r.0.indicator.targets.filter { $0.year == year }.map(\.text).joined(separator: "; ")
            })
        }
        if rows.contains(where: { !$0.0.lead.isEmpty }) { columns.append(.init(header: "Cơ quan chủ trì", width: 13) { $0.0.lead.map(\.text).joined(separator: "; ") }) }
        if rows.contains(where: { !$0.0.monitoring.isEmpty }) {
            columns.append(.init(header: "Cơ quan theo dõi", width: 12) { $0.0.monitoring.map(\.text).joined(separator: "; ") })
        }
        columns.append(.init(header: "Kết quả \(period.label)", width: 10) { value($0.1.latest?.value, unit: $0.0.indicator.unit) })
        columns.append(.init(header: "Đánh giá", width: 10) { $0.1.status.label })
        return table(columns, rows, group: { $0.0.indicator.group })
    }

    /// Phụ lục II in the plan's own columns (partners and products only when the plan has them), by group.
    static func taskAppendix(_ p: PlanEvaluation, groups: [String]) -> AdministrativeDocument.Table {
        var columns: [Column<StoredTask>] = [
            .init(header: "TT", width: 5) { $0.task.code },
            .init(header: "Nhiệm vụ", width: 27) { $0.task.name },
            .init(header: "Cơ quan chủ trì", width: 13) { $0.lead.map(\.text).joined(separator: "; ") },
        ]
        if p.tasks.contains(where: { !$0.partners.isEmpty }) { columns.append(.init(header: "Cơ quan phối hợp", width: 13) { $0.partners.map(\.text).joined(separator: "; ") }) }
        if p.tasks.contains(where: { $0.task.product != nil }) { columns.append(.init(header: "Sản phẩm", width: 12) { $0.task.product ?? "" }) }
        columns.append(.init(header: "Thời gian hoàn thành", width: 10) { $0.task.deadline?.text ?? "" })
        columns.append(.init(header: "Tình trạng", width: 10) { p.taskResults[$0.id]?.status.label ?? "" })
        columns.append(.init(header: "Ghi chú", width: 10) { t in
            let r = p.taskResults[t.id]
            return r?.daysOverdue.map { "Quá hạn \($0) ngày" + (r?.reason.map { "; \($0)" } ?? "") } ?? r?.reason ?? ""
        })
        let ordered = groups.flatMap { g in p.tasks.filter { ($0.task.group ?? "") == g } }
        return table(columns, ordered, group: { $0.task.group })
    }

    /// One agency's own report for a period, from what it entered (a draft or a submission).
    public static func agency(_ report: Report, agency: Agency, province: Province, plan: StoredPlan, tasks: [StoredTask],
                              indicators: [StoredIndicator], date: CivilDate) -> AdministrativeDocument {
        let byTask = Dictionary(report.tasks.map { ($0.taskID, $0) }, uniquingKeysWith: { a, _ in a })
        let byIndicator = Dictionary(report.indicators.map { ($0.indicatorID, $0) }, uniquingKeysWith: { a, _ in a })
        let indicatorRows: [[String]] = indicators.enumerated().map { n, i in
            let v = byIndicator[i.id]
            let percent = UnitKind.isPercentage(i.indicator.unit)
            let shown = v.flatMap { $0.effectiveValue(percent: percent) }.map { value($0, unit: i.indicator.unit) } ?? "Chưa có số liệu"
            let fraction = v.flatMap { x in x.numerator.map { "\(IndicatorEvaluator.format($0))/\(IndicatorEvaluator.format(x.denominator ?? 0))" } }
            return ["\(n + 1)", "\(i.indicator.code). \(i.indicator.name)", i.indicator.unit ?? "", target(IndicatorEvaluator.currentTarget(i.indicator.targets, on: date)),
                    shown + (fraction.map { " (\($0))" } ?? ""), v?.note ?? ""]
        }
        let taskRows: [[String]] = tasks.enumerated().map { n, t in
            let a = byTask[t.id]
            return ["\(n + 1)", "\(t.task.code). \(t.task.name)", a?.status?.label ?? "Chưa báo cáo",
                    [a?.note, a?.evidence?.text, a?.reason].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "; ")]
        }
        func text(_ s: String, none: String) -> AdministrativeDocument.Block {
            let t = s.trimmedWhitespace
            return t.isEmpty ? .paragraph(none) : .bullets(t.split(separator: "\n").map { String($0).trimmedSpaces }.filter { !$0.isEmpty })
        }
        let isCommune = agency.kind == .commune
        return AdministrativeDocument(
            parentBody: isCommune ? "" : provinceCommittee(province), issuerName: agency.name,
            symbol: "BC-\(abbreviation(agency.name))", place: province.name, date: date, kind: "BÁO CÁO",
            subject: "Kết quả thực hiện \(plan.info.title) \(report.period.label)",
            sections: [
                .init(heading: "", blocks: [.paragraph("\(agency.name) báo cáo kết quả thực hiện \(report.period.label) (trạng thái: \(report.status.label.lowercased())) như sau:")]),
                .init(heading: "I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", blocks: indicatorRows.isEmpty ? [.paragraph("Cơ quan, đơn vị không được giao chỉ tiêu trong kế hoạch.")]
                      : [.table(.init(header: ["TT", "Chỉ tiêu", "Đơn vị tính", "Mục tiêu", "Kết quả", "Cách tính"], rows: indicatorRows, widths: [7, 35, 10, 16, 16, 16]))]),
                .init(heading: "II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ", blocks: taskRows.isEmpty ? [.paragraph("Cơ quan, đơn vị không được giao nhiệm vụ trong kế hoạch.")]
                      : [.table(.init(header: ["TT", "Nhiệm vụ", "Tình trạng", "Kết quả, văn bản, lý do"], rows: taskRows, widths: [7, 39, 16, 38]))]),
                .init(heading: "III. KHÓ KHĂN, VƯỚNG MẮC", blocks: [text(report.difficulties, none: "Không có.")]),
                .init(heading: "IV. ĐỀ XUẤT, KIẾN NGHỊ", blocks: [text(report.proposals, none: "Không có.")]),
            ],
            recipients: ["Sở Khoa học và Công nghệ (để tổng hợp);", "Lưu: VT."],
            signerTitle: isCommune ? "TM. ỦY BAN NHÂN DÂN" : "THỦ TRƯỞNG CƠ QUAN", appendices: [])
    }
}
