import Foundation

/// Assembles reports from what agencies submitted and from the evaluation: nothing is written that the data do not
/// say, and a section with nothing reported says so.
public enum ReportBuilder {
    /// What a report is made from: a plan evaluated as of the end of the report's period (or the day it is written,
    /// if earlier: a report for 2025 judges lateness and targets as they stood on 31/12/2025), the reports up to
    /// the period's end, and who owed which report as of the day it is written.
    public struct Input: Sendable {
        public var province: Province
        public var plan: PlanEvaluation
        /// Who owed which report, as of the report's date (a quarter's last month falls due after the quarter).
        public var dues: [Agency.ID: [ReportDue]]
        public var agencies: [Agency.ID: Agency]
        public var period: Period
        public var date: CivilDate
        /// Explanation requests and proposals of the plan (those the period concerns are taken: `concerning`).
        public var followUps: [FollowUp]
        public init(province: Province, plan: PlanEvaluation, dues: [Agency.ID: [ReportDue]]? = nil, agencies: [Agency.ID: Agency], period: Period, date: CivilDate,
                    followUps: [FollowUp] = []) {
            self.province = province; self.plan = plan; self.dues = dues ?? plan.reportsDue; self.agencies = agencies; self.period = period; self.date = date
            self.followUps = followUps
        }
        /// The day the plan is judged on.
        public var asOf: CivilDate { min(date, period.end) }
    }

    /// The day a report for `period` written on `date` judges the plan on.
    public static func asOf(period: Period, date: CivilDate) -> CivilDate { min(date, period.end) }

    static func name(_ id: Agency.ID, _ input: Input) -> String { input.agencies[id]?.name ?? "#\(id)" }

    /// `UBND TỈNH LAI CHÂU` (a province named "Tỉnh …" is not called "tỉnh tỉnh").
    static func provinceCommittee(_ p: Province) -> String {
        TextFolding.searchKey(p.name).hasPrefix("tinh ") ? "UBND \(p.name.vietnameseUppercased)" : "UBND TỈNH \(p.name.vietnameseUppercased)"
    }

    /// `tỉnh Lai Châu`; a province whose name already says so is not called "tỉnh Tỉnh Mẫu".
    static func provinceWords(_ p: Province) -> String {
        TextFolding.searchKey(p.name).hasPrefix("tinh ") ? p.name : "tỉnh \(p.name)"
    }

    /// The abbreviation of a body in a symbol: `Sở Khoa học và Công nghệ` → `SKHCN`.
    public static func abbreviation(_ name: String) -> String {
        let skip: Set<String> = ["va", "và"]
        return name.split(separator: " ").filter { !skip.contains(String($0).lowercased()) }
            .compactMap { word in TextFolding.searchKey(String(word)).first.map { String($0).uppercased() } }.joined()
    }

    /// The reports submitted for a period inside the report's period (a quarter holds its months).
    static func inPeriod(_ plan: PlanEvaluation, _ period: Period) -> [SubmittedReport] {
        plan.reports.values.filter { $0.summary.period.kind != .adhoc && $0.summary.period.start >= period.start && $0.summary.period.end <= period.end }
            .sorted { ($0.summary.period, $0.summary.agencyID) < ($1.summary.period, $1.summary.agencyID) }
    }

    static func value(_ x: Double?, unit: String?) -> String {
        guard let x else { return "Chưa có số liệu" }
        return IndicatorEvaluator.format(x) + (UnitKind.isPercentage(unit) ? "%" : "")
    }

    /// A table cell's value: `Có` / `Chưa có` for a yes/no target, else as `value` writes it.
    static func cell(_ x: Double?, unit: String?, target: Target?) -> String {
        guard target?.comparator == .yes, let x else { return value(x, unit: unit) }
        return ReportSynthesis.upperFirst(ReportSynthesis.value(x, unit: unit, target: target))
    }

    static func target(_ t: Target?) -> String { t.map { "\($0.text)\($0.year.map { " (năm \($0))" } ?? "")" } ?? "—" }

    static func timeliness(_ d: ReportDue, today: CivilDate) -> String {
        let label = Timeliness.of(due: d.due, submittedOn: d.submittedOn, today: today).label(overdue: true)
        return label.prefix(1).uppercased() + label.dropFirst()
    }

    /// `Kế hoạch số 4732/KH-UBND ngày 21/11/2024 của UBND tỉnh Lai Châu về chuyển đổi số …`: a plan as an opening
    /// cites it (a number not yet known, `…/KH-UBND`, is left out rather than printed).
    public static func citation(_ info: PlanInfo) -> String {
        let kinds = ["Kế hoạch", "Nghị quyết", "Quyết định", "Chương trình", "Đề án", "Chỉ thị", "Danh mục"]
        let title = TextFolding.collapseSpaces(info.title).trimmedSpaces
        let kind = kinds.first { title.hasPrefix($0) || title.lowercased().hasPrefix($0.lowercased()) }
        var s = kind ?? "Kế hoạch"
        if let n = info.number?.trimmedSpaces, !n.isEmpty, !n.hasPrefix("…"), !n.hasPrefix("...") { s += " số \(n)" }
        if let d = info.issuedOn { s += " ngày \(d.vietnamese)" }
        if let i = info.issuer?.trimmedSpaces, !i.isEmpty { s += " của \(i)" }
        let rest = kind.map { String(title.dropFirst($0.count)).trimmingCharacters(in: .whitespaces) } ?? title
        guard !rest.isEmpty else { return s }
        let about = ReportSynthesis.lowerFirst(rest)
        return s + (about.hasPrefix("về ") ? " " : " về ") + about
    }

    /// The coordinator (Sở Khoa học và Công nghệ) of the province, if the directory has it.
    static func coordinator(_ agencies: [Agency.ID: Agency]) -> Agency? {
        agencies.values.first { TextFolding.searchKey($0.name) == "so khoa hoc va cong nghe" && $0.dissolvedOn == nil }
    }

    /// `45/100 nhiệm vụ đã hoàn thành (40 đúng hạn), 12 quá hạn`, for the opening assessment.
    static func taskAssessment(_ tasks: [StoredTask], _ p: [StoredTask.ID: TaskEvaluation]) -> String {
        let statuses = tasks.compactMap { p[$0.id]?.status }
        let onTime = statuses.filter { $0 == .completedOnTime }.count, late = statuses.filter { $0 == .completedLate }.count
        let overdue = statuses.filter { $0 == .overdue }.count
        return "\(onTime + late)/\(tasks.count) nhiệm vụ đã hoàn thành (\(onTime) đúng hạn), "
            + (overdue == 0 ? "không có nhiệm vụ quá hạn" : "\(overdue) nhiệm vụ đang thực hiện quá hạn")
    }

    static func indicatorAssessment(_ results: [IndicatorEvaluation]) -> String {
        guard !results.isEmpty else { return "kế hoạch không có chỉ tiêu định lượng" }
        let good = results.filter { [.achieved, .onTrack].contains($0.status) }.count
        let bad = results.filter { [.atRisk, .missed].contains($0.status) }.count
        return "\(good)/\(results.count) chỉ tiêu đạt hoặc đúng tiến độ, "
            + (bad == 0 ? "không có chỉ tiêu có nguy cơ không đạt" : "\(bad) chỉ tiêu có nguy cơ không đạt hoặc không đạt")
    }

    /// The periods of the plan's cadence inside `span` that some agency owed, and each agency's dues among them.
    static func duesIn(_ dues: [Agency.ID: [ReportDue]], _ span: Period) -> [(Agency.ID, [ReportDue])] {
        dues.compactMap { a, list in
            let inside = list.filter { $0.period.kind != .adhoc && $0.period.start >= span.start && $0.period.end <= span.end }
            return inside.isEmpty ? nil : (a, inside)
        }
    }

    /// Phụ lục III: one row per agency, one column per period of the report's period (landscape: twelve months fit).
    static func reportingAppendix(_ owing: [(Agency.ID, [ReportDue])], plan: StoredPlan, names: ReportSynthesis.Names, date: CivilDate) -> AdministrativeDocument.Table {
        let periods = Array(Set(owing.flatMap { $0.1.map(\.period) })).sorted()
        let rows = owing.sorted { TextFolding.searchKey(names.name($0.0)) < TextFolding.searchKey(names.name($1.0)) }.enumerated().map { n, item in
            let byPeriod = Dictionary(item.1.map { ($0.period, $0) }, uniquingKeysWith: { a, _ in a })
            return ["\(n + 1)", names.name(item.0)] + periods.map { p in byPeriod[p].map { timeliness($0, today: date) } ?? "—" }
        }
        let calendar = ReportingCalendar(rule: plan.info.reporting)
        // Up to four periods carry their due date; twelve months (a year's report) carry their names only, in columns
        // wide enough that no word breaks (`12/2026` in 12 pt bold needs about 44 pt of a landscape page's 728).
        let dated = periods.count <= 4
        return .init(header: ["TT", "Cơ quan, đơn vị"] + periods.map { p in
                         "\(p.label.prefix(1).uppercased())\(p.label.dropFirst())" + (dated ? " (hạn \(calendar.due(p).vietnamese))" : "")
                     },
                     rows: rows, widths: [4, dated ? 30 : 22] + periods.map { _ in max(70 / max(periods.count, 1), 6) })
    }

    static let recipientsOfCoordinator = ["Bộ Khoa học và Công nghệ (để báo cáo);", "Các sở, ban, ngành; UBND các xã, phường;", "Lưu: VT."]

    /// The coordinator's consolidated report to the people's committee and the ministry: the opening cites the plan
    /// and assesses in one paragraph; I. the indicators in sentences by status; II. the tasks group by group
    /// (lead results, documents counted with a footnote, partners merged, overdue and waiting tasks); III. and IV.
    /// the difficulties and proposals, each stated once with who raised it; V. who reported, in words. The tables
    /// (indicators, tasks, the reporting grid) are landscape appendices.
    public static func consolidated(_ input: Input) -> AdministrativeDocument {
        let p = input.plan
        let names = ReportSynthesis.Names(input.agencies)
        let issuer = issuerName(input.province, input.agencies)
        let reports = inPeriod(p, input.period)
        let reporting = Set(reports.map(\.summary.agencyID))
        let owing = duesIn(input.dues, input.period)
        let owingCount = max(p.agenciesOwing(in: input.period), owing.count, reporting.count)
        let asOf = input.asOf
        let opening: [AdministrativeDocument.Block] = [
            .paragraph("Thực hiện \(citation(p.plan.info)), \(issuer) báo cáo kết quả thực hiện \(input.period.label) như sau:"),
            .paragraph("Đến ngày \(asOf.vietnamese), \(taskAssessment(p.tasks, p.taskResults)); \(indicatorAssessment(p.indicators.compactMap { p.indicatorResults[$0.id] })); "
                + "\(reporting.count)/\(owingCount) cơ quan, đơn vị đã gửi báo cáo của kỳ."),
        ]
        var sections: [AdministrativeDocument.Section] = [.init(key: "opening", heading: "", blocks: opening)]
        sections.append(.init(key: "I", heading: "I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", blocks: ReportSynthesis.indicatorBlocks(p, asOf: asOf)))
        sections += taskSections(p, reports: reports, names: names, asOf: asOf, key: "II", heading: "II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ", lead: "Kế hoạch")
        sections += statementSections(reports, names: names, followUps: concerning(input.followUps, period: input.period, date: input.date),
                                      about: subjects([p]), date: input.date)
        sections.append(.init(key: "V", heading: "V. TÌNH HÌNH GỬI BÁO CÁO CỦA CÁC CƠ QUAN, ĐƠN VỊ",
                              blocks: ReportSynthesis.reportingBlocks(owing.flatMap { a, l in l.map { (a, $0) } }, today: input.date, names: names, label: input.period.label)))

        let indicatorRows = p.indicators.compactMap { i -> (StoredIndicator, IndicatorEvaluation)? in p.indicatorResults[i.id].map { (i, $0) } }
        var appendices = [
            AdministrativeDocument.Appendix(label: "Phụ lục I", title: "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", table: indicatorAppendix(indicatorRows, period: input.period)),
            AdministrativeDocument.Appendix(label: "Phụ lục II", title: "TÌNH HÌNH THỰC HIỆN CÁC NHIỆM VỤ", table: taskAppendix(p, groups: groups(p.tasks))),
        ]
        if !owing.isEmpty {
            appendices.append(.init(label: "Phụ lục III", title: "TÌNH HÌNH GỬI BÁO CÁO CỦA CÁC CƠ QUAN, ĐƠN VỊ",
                                    table: reportingAppendix(owing, plan: p.plan, names: names, date: input.date)))
        }
        return coordinatorDocument(input.province, input.agencies, date: input.date, subject: "Kết quả thực hiện \(p.plan.info.title) \(input.period.label)",
                                   sections: sections, reportTo: "UBND \(provinceWords(input.province)) (để báo cáo);", appendices: appendices)
    }

    /// The coordinator's report as a document: Sở Khoa học và Công nghệ under the province's committee, signed by its
    /// director (the committee itself when the directory has no Sở KH&CN), to the province and the ministry.
    static func coordinatorDocument(_ province: Province, _ agencies: [Agency.ID: Agency], date: CivilDate, subject: String,
                                    sections: [AdministrativeDocument.Section], reportTo: String,
                                    appendices: [AdministrativeDocument.Appendix]) -> AdministrativeDocument {
        let coordinator = coordinator(agencies)
        let issuer = issuerName(province, agencies)
        return AdministrativeDocument(
            parentBody: coordinator == nil ? "" : provinceCommittee(province),
            issuerName: issuer, symbol: "BC-\(abbreviation(issuer))", place: province.name, date: date,
            kind: "BÁO CÁO", subject: subject, sections: sections, recipients: [reportTo] + recipientsOfCoordinator,
            signerTitle: coordinator == nil ? "TM. ỦY BAN NHÂN DÂN" : "GIÁM ĐỐC", appendices: appendices)
    }

    /// Who writes the coordinator's reports: Sở Khoa học và Công nghệ, else the province's committee.
    static func issuerName(_ province: Province, _ agencies: [Agency.ID: Agency]) -> String {
        coordinator(agencies)?.name ?? "Ủy ban nhân dân \(provinceWords(province))"
    }

    /// The plan's groups in its order (tasks with no group last under one heading).
    static func groups(_ tasks: [StoredTask]) -> [String] {
        var groups: [String] = []
        for t in tasks { let g = t.task.group ?? ""; if !groups.contains(g) { groups.append(g) } }
        return groups
    }

    /// Section II: the plan's tasks counted, then one section per group numbered `1.`, `2.` (or, in the province's
    /// report, groups as `a)` under their plan).
    static func taskSections(_ p: PlanEvaluation, reports: [SubmittedReport], names: ReportSynthesis.Names, asOf: CivilDate,
                             key: String, heading: String, lead: String) -> [AdministrativeDocument.Section] {
        let answers = ReportSynthesis.Answers(reports: reports, assignments: p.assignments)
        var sections: [AdministrativeDocument.Section] = [
            .init(key: key, heading: heading, blocks: [.paragraph("\(lead) có \(p.tasks.count) nhiệm vụ; đến ngày \(asOf.vietnamese): \(ReportSynthesis.statusCounts(p.tasks, p.taskResults)).")]),
        ]
        for (n, g) in groups(p.tasks).enumerated() {
            let tasks = p.tasks.filter { ($0.task.group ?? "") == g }
            sections.append(.init(key: "\(key).\(n + 1)", heading: "",
                                  blocks: [.subheading("\(n + 1). \(ReportSynthesis.groupName(g))")] + ReportSynthesis.taskBlocks(tasks, p, answers: answers, names: names)))
        }
        return sections
    }

    /// Sections III and IV: each difficulty and proposal stated once, with how many agencies raised it and who; then
    /// in III the agencies' explanations (giải trình) of what was late or at risk, and in IV the answers given to
    /// proposals (or who still owes one).
    static func statementSections(_ reports: [SubmittedReport], names: ReportSynthesis.Names, followUps: [FollowUp] = [],
                                  about: [String: String] = [:], date: CivilDate? = nil) -> [AdministrativeDocument.Section] {
        let difficulties = ReportSynthesis.statementBullets(reports, \.difficulties, names: names)
        let proposals = ReportSynthesis.statementBullets(reports, \.proposals, names: names)
        var iii: [AdministrativeDocument.Block] = [difficulties.isEmpty
            ? .paragraph("Trong kỳ, không có cơ quan, đơn vị nào nêu khó khăn, vướng mắc.") : .bullets(difficulties)]
        var iv: [AdministrativeDocument.Block] = [proposals.isEmpty
            ? .paragraph("Trong kỳ, không có cơ quan, đơn vị nào nêu đề xuất, kiến nghị.") : .bullets(proposals)]
        if let date {
            let explanations = followUps.filter { $0.kind == .explanation }.map { explanationLine($0, about: about, names: names, date: date) }
            if !explanations.isEmpty { iii += [.paragraph("Giải trình của các cơ quan, đơn vị theo yêu cầu:"), .bullets(explanations)] }
            let answers = followUps.filter { $0.kind == .proposal }.map { proposalLine($0, names: names, date: date) }
            if !answers.isEmpty { iv += [.paragraph("Kết quả trả lời kiến nghị của các cơ quan, đơn vị:"), .bullets(answers)] }
        }
        return [
            .init(key: "III", heading: "III. KHÓ KHĂN, VƯỚNG MẮC VÀ NGUYÊN NHÂN", blocks: iii),
            .init(key: "IV", heading: "IV. ĐỀ XUẤT, KIẾN NGHỊ", blocks: iv),
        ]
    }

    /// The items a report of `period` written on `date` speaks of: asked by that day, and still open or answered
    /// since the period began.
    public static func concerning(_ items: [FollowUp], period: Period, date: CivilDate) -> [FollowUp] {
        items.filter { f in
            guard let asked = CivilDate(iso: String(f.createdAt.prefix(10))), asked <= date else { return false }
            return f.status == .open || (f.answeredOn.map { $0 >= period.start } ?? true)
        }
    }

    /// What an explanation request is about, by id (`task:12` → `nhiệm vụ 1.3`, `indicator:7` → `chỉ tiêu «…»`).
    static func subjects(_ plans: [PlanEvaluation]) -> [String: String] {
        var out: [String: String] = [:]
        for p in plans {
            for t in p.tasks { out["task:\(t.id)"] = t.task.code.isEmpty ? "nhiệm vụ «\(Notice.short(t.task.name, 100))»" : "nhiệm vụ \(t.task.code)" }
            for i in p.indicators { out["indicator:\(i.id)"] = "chỉ tiêu «\(Notice.short(i.indicator.name, 100))»" }
        }
        return out
    }

    /// "Giải trình của Sở Nội vụ về nhiệm vụ 1.3: … (trả lời muộn 2 ngày)." / "Sở Y tế chưa giải trình về … (hạn …)."
    static func explanationLine(_ f: FollowUp, about: [String: String], names: ReportSynthesis.Names, date: CivilDate) -> String {
        let who = f.agencyID.map(names.name) ?? "Cơ quan điều phối"
        let what = f.taskID.flatMap { about["task:\($0)"] } ?? f.indicatorID.flatMap { about["indicator:\($0)"] } ?? "nội dung được yêu cầu"
        if let answer = f.answer, f.status != .open {
            var line = "Giải trình của \(who) về \(what): \(ReportSynthesis.trimmedStatement(answer))"
            if case let .late(days) = f.timeliness(today: date) { line += " (trả lời muộn \(days) ngày)" }
            return line + "."
        }
        return "\(who) chưa giải trình về \(what) (\(f.stateLabel(today: date)))."
    }

    /// "Kiến nghị của Sở Y tế «…»: Sở Tài chính trả lời: … ." / "… đang chờ Sở Tài chính trả lời (hạn …)."
    static func proposalLine(_ f: FollowUp, names: ReportSynthesis.Names, date: CivilDate) -> String {
        let source = f.sourceAgencyID.map(names.name) ?? "cơ quan, đơn vị"
        let who = f.agencyID.map(names.name) ?? "Cơ quan điều phối"
        let head = "Kiến nghị của \(source) «\(ReportSynthesis.trimmedStatement(f.question))»"
        if let answer = f.answer, f.status != .open { return "\(head): \(who) đã trả lời: \(ReportSynthesis.trimmedStatement(answer))." }
        return "\(head): đang chờ \(who) trả lời (\(f.stateLabel(today: date)))."
    }

    /// What the province's report is made from: each plan as the consolidated report takes it.
    public struct ProvinceInput: Sendable {
        public var province: Province
        public var plans: [(plan: PlanEvaluation, dues: [Agency.ID: [ReportDue]])]
        public var agencies: [Agency.ID: Agency]
        public var period: Period
        public var date: CivilDate
        public var followUps: [FollowUp]
        public init(province: Province, plans: [(plan: PlanEvaluation, dues: [Agency.ID: [ReportDue]])], agencies: [Agency.ID: Agency], period: Period, date: CivilDate,
                    followUps: [FollowUp] = []) {
            self.province = province; self.plans = plans; self.agencies = agencies; self.period = period; self.date = date; self.followUps = followUps
        }
        public var asOf: CivilDate { min(date, period.end) }
    }

    /// The province's digital transformation for a period across its plans ("how is digital transformation going",
    /// not "how is plan 4"): the same synthesis, each plan a field (`1.` under I. and II.; its groups `a)`), the
    /// difficulties and proposals merged across plans, the reporting counted per plan.
    public static func province(_ input: ProvinceInput) -> AdministrativeDocument {
        let names = ReportSynthesis.Names(input.agencies)
        let issuer = issuerName(input.province, input.agencies)
        let asOf = input.asOf
        let plans = input.plans.map(\.plan)
        let allTasks = plans.flatMap(\.tasks)
        let allResults = plans.reduce(into: [StoredTask.ID: TaskEvaluation]()) { $0.merge($1.taskResults) { a, _ in a } }
        let reportsByPlan = plans.map { inPeriod($0, input.period) }
        let opening: [AdministrativeDocument.Block] = [
            .paragraph("\(issuer) báo cáo kết quả thực hiện chuyển đổi số trên địa bàn \(provinceWords(input.province)) \(input.period.label) theo \(plans.count) kế hoạch, chương trình đang theo dõi như sau:"),
            .paragraph("Đến ngày \(asOf.vietnamese), \(taskAssessment(allTasks, allResults)); "
                + "\(indicatorAssessment(plans.flatMap { p in p.indicators.compactMap { p.indicatorResults[$0.id] } }))."),
        ]
        var sections: [AdministrativeDocument.Section] = [.init(key: "opening", heading: "", blocks: opening)]
        var indicatorBlocks: [AdministrativeDocument.Block] = []
        for (n, p) in plans.enumerated() {
            indicatorBlocks.append(.subheading("\(n + 1). \(fieldName(p.plan.info))"))
            indicatorBlocks += ReportSynthesis.indicatorBlocks(p, asOf: asOf, lead: "Kế hoạch \(p.plan.info.number.flatMap { $0.hasPrefix("…") ? nil : "số \($0)" } ?? "")".trimmedSpaces)
        }
        sections.append(.init(key: "I", heading: "I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", blocks: indicatorBlocks))
        sections.append(.init(key: "II", heading: "II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ",
                              blocks: [.paragraph("Các kế hoạch có \(allTasks.count) nhiệm vụ; đến ngày \(asOf.vietnamese): \(ReportSynthesis.statusCounts(allTasks, allResults)).")]))
        for (n, p) in plans.enumerated() {
            let answers = ReportSynthesis.Answers(reports: reportsByPlan[n], assignments: p.assignments)
            var blocks: [AdministrativeDocument.Block] = [.subheading("\(n + 1). \(fieldName(p.plan.info))"),
                                                          .paragraph("Có \(p.tasks.count) nhiệm vụ: \(ReportSynthesis.statusCounts(p.tasks, p.taskResults)).")]
            let letters = ["a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "x", "y"]
            for (g, group) in groups(p.tasks).enumerated() {
                let tasks = p.tasks.filter { ($0.task.group ?? "") == group }
                blocks.append(.minorHeading("\(g < letters.count ? String(letters[g]) : "\(g + 1)")) \(ReportSynthesis.groupName(group))"))
                blocks += ReportSynthesis.taskBlocks(tasks, p, answers: answers, names: names)
            }
            sections.append(.init(key: "II.\(p.plan.id)", heading: "", blocks: blocks))
        }
        sections += statementSections(reportsByPlan.flatMap { $0 }, names: names, followUps: concerning(input.followUps, period: input.period, date: input.date),
                                      about: subjects(plans), date: input.date)
        var reportingBlocks: [AdministrativeDocument.Block] = []
        for (n, item) in input.plans.enumerated() {
            reportingBlocks.append(.subheading("\(n + 1). \(fieldName(item.plan.plan.info))"))
            let owing = duesIn(item.dues, input.period)
            reportingBlocks += ReportSynthesis.reportingBlocks(owing.flatMap { a, l in l.map { (a, $0) } }, today: input.date, names: names, label: input.period.label)
                .map { b in if case let .paragraph(t) = b { .paragraph(t.replacingOccurrences(of: " (chi tiết tại Phụ lục III)", with: "")) } else { b } }
        }
        sections.append(.init(key: "V", heading: "V. TÌNH HÌNH GỬI BÁO CÁO CỦA CÁC CƠ QUAN, ĐƠN VỊ", blocks: reportingBlocks))

        let indicatorRows = plans.flatMap { p in p.indicators.compactMap { i -> (StoredIndicator, IndicatorEvaluation)? in p.indicatorResults[i.id].map { (i, $0) } } }
        let appendix = indicatorAppendix(indicatorRows, period: input.period, group: { r in plans.first { $0.plan.id == r.0.planID }.map { fieldName($0.plan.info) } })
        return coordinatorDocument(input.province, input.agencies, date: input.date,
                                   subject: "Kết quả thực hiện chuyển đổi số trên địa bàn \(provinceWords(input.province)) \(input.period.label)",
                                   sections: sections, reportTo: "Thường trực Tỉnh ủy, UBND \(provinceWords(input.province)) (để báo cáo);",
                                   appendices: [.init(label: "Phụ lục I", title: "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", table: appendix)])
    }

    /// A plan as a field of the province's report: its title with its number (`Kế hoạch phát triển chính quyền số …
    /// (Kế hoạch số 101/KH-UBND)`).
    static func fieldName(_ info: PlanInfo) -> String {
        guard let n = info.number, !n.hasPrefix("…") else { return info.title }
        return "\(info.title) (số \(n))"
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
    static func indicatorAppendix(_ rows: [(StoredIndicator, IndicatorEvaluation)], period: Period,
                                  group: ((StoredIndicator, IndicatorEvaluation)) -> String? = { $0.0.indicator.group }) -> AdministrativeDocument.Table {
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
        columns.append(.init(header: "Kết quả \(period.label)", width: 10) { r in
            cell(r.1.judged?.value, unit: r.0.indicator.unit, target: r.1.target) + (r.1.judged.map { $0.period == r.1.latest?.period ? "" : " (\($0.period.label))" } ?? "")
        })
        columns.append(.init(header: "Đánh giá", width: 10) { $0.1.status.label })
        return table(columns, rows, group: group)
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

    /// One agency's own report for a period, from what it entered (a draft or a submission), written as the
    /// consolidated report is: the tasks it leads in sentences (the same words for several tasks once, its documents
    /// counted with a footnote), what it contributed as a partner merged, its problems; its figures in a sentence
    /// each; the tables as landscape appendices.
    public static func agency(_ report: Report, agency: Agency, province: Province, plan: StoredPlan, tasks: [StoredTask],
                              indicators: [StoredIndicator], date: CivilDate) -> AdministrativeDocument {
        let byTask = Dictionary(report.tasks.map { ($0.taskID, $0) }, uniquingKeysWith: { a, _ in a })
        let byIndicator = Dictionary(report.indicators.map { ($0.indicatorID, $0) }, uniquingKeysWith: { a, _ in a })
        let names = ReportSynthesis.Names([agency.id: agency])
        let asOf = asOf(period: report.period, date: date)
        let indicatorRows: [[String]] = indicators.map { i in
            let v = byIndicator[i.id]
            let percent = UnitKind.isPercentage(i.indicator.unit)
            let goal = IndicatorEvaluator.currentTarget(i.indicator.targets, on: asOf)
            let shown = cell(v.flatMap { $0.effectiveValue(percent: percent) }, unit: i.indicator.unit, target: goal)
            let fraction = v.flatMap { x in x.numerator.map { "\(IndicatorEvaluator.format($0))/\(IndicatorEvaluator.format(x.denominator ?? 0))" } }
            return [i.indicator.code, i.indicator.name, i.indicator.unit ?? "", target(IndicatorEvaluator.currentTarget(i.indicator.targets, on: asOf)),
                    shown + (fraction.map { " (\($0))" } ?? ""), v?.note ?? ""]
        }
        let leads = Set(tasks.filter { $0.lead.contains { $0.agencyID == agency.id } }.map(\.id))
        let taskRows: [[String]] = tasks.map { t in
            let a = byTask[t.id]
            return [t.task.code, t.task.name, leads.contains(t.id) ? "Chủ trì" : "Phối hợp", a?.status?.label ?? "Chưa báo cáo",
                    [a?.note, a?.evidence?.text, a?.reason].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "; ")]
        }

        // I. Figures, one sentence each.
        let indicatorBullets = indicators.map { i -> String in
            let v = byIndicator[i.id]
            let current = IndicatorEvaluator.currentTarget(i.indicator.targets, on: asOf)
            let shown = v.flatMap { $0.effectiveValue(percent: UnitKind.isPercentage(i.indicator.unit)) }.map { ReportSynthesis.value($0, unit: i.indicator.unit, target: current) }
            let goal = ReportSynthesis.target(current)
            return "\(ReportSynthesis.trimmedStatement(i.indicator.name)): " + (shown.map { current?.comparator == .yes ? "kết quả \($0)" : "đạt \($0)" } ?? "chưa có số liệu")
                + (goal.map { " (\($0))" } ?? "") + (v.map { ReportSynthesis.trimmedStatement($0.note) }.flatMap { $0.isEmpty ? nil : "; \($0)" } ?? "") + "."
        }
        // II. Tasks it leads, then its contributions as a partner.
        let led = tasks.filter { leads.contains($0.id) }, supported = tasks.filter { !leads.contains($0.id) }
        var taskBlocks: [AdministrativeDocument.Block] = [.paragraph("\(agency.name) chủ trì \(led.count) nhiệm vụ, phối hợp \(supported.count) nhiệm vụ của kế hoạch.")]
        var done: [String] = [], problems: [String] = [], silent: [String] = []
        var byNote: [String: [String]] = [:], noteOrder: [String] = [], noteText: [String: String] = [:]
        for t in led {
            guard let a = byTask[t.id], !a.isEmpty else { silent.append(t.task.code); continue }
            let note = ReportSynthesis.trimmedStatement(a.note)
            let status = a.status?.label.lowercased() ?? "chưa nêu tình trạng"
            let key = TextFolding.searchKey(note.isEmpty ? status : note)
            if byNote[key] == nil { noteOrder.append(key); noteText[key] = note.isEmpty ? status : note }
            byNote[key, default: []].append("\(t.task.code) \(ReportSynthesis.trimmedStatement(t.task.name))")
            let reason = ReportSynthesis.trimmedStatement(a.reason)
            if !reason.isEmpty { problems.append("\(t.task.code) \(ReportSynthesis.trimmedStatement(t.task.name)): \(ReportSynthesis.lowerFirst(reason)).") }
        }
        for k in noteOrder {
            let items = byNote[k]!
            done.append(items.count == 1 ? "\(items[0]): \(ReportSynthesis.lowerFirst(noteText[k]!))." : "\(ReportSynthesis.upperFirst(noteText[k]!)): \(items.joined(separator: "; ")).")
        }
        let evidence = tasks.compactMap { t in byTask[t.id]?.evidence.map { ReportSynthesis.Evidence(reference: $0, agency: agency.id) } }
        if let phrase = ReportSynthesis.evidencePhrase(evidence, names: names) { done.append("Văn bản đã ban hành: \(phrase).") }
        let contributions = ReportSynthesis.merge(supported.compactMap { t in byTask[t.id].map { ReportSynthesis.Statement(text: $0.note, agency: agency.id, about: t.task.code) } })
        for m in contributions { done.append("Phối hợp thực hiện nhiệm vụ \(ReportSynthesis.codes(m.about)): \(ReportSynthesis.lowerFirst(m.text)).") }
        if !silent.isEmpty { problems.append("Chưa báo cáo nhiệm vụ \(ReportSynthesis.codes(silent)).") }
        if done.isEmpty && problems.isEmpty && tasks.isEmpty { taskBlocks = [.paragraph("Cơ quan, đơn vị không được giao nhiệm vụ trong kế hoạch.")] }
        if !done.isEmpty { taskBlocks += [.minorHeading("a) Kết quả đạt được"), .bullets(done)] }
        if !problems.isEmpty { taskBlocks += [.minorHeading("b) Tồn tại, hạn chế"), .bullets(problems)] }

        func text(_ s: String, none: String) -> AdministrativeDocument.Block {
            let t = s.trimmedWhitespace
            return t.isEmpty ? .paragraph(none) : .bullets(t.split(separator: "\n").map { String($0).trimmedSpaces }.filter { !$0.isEmpty })
        }
        let isCommune = agency.kind == .commune
        var appendices: [AdministrativeDocument.Appendix] = []
        if !indicatorRows.isEmpty {
            appendices.append(.init(label: "Phụ lục I", title: "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU",
                                    table: .init(header: ["TT", "Chỉ tiêu", "Đơn vị tính", "Mục tiêu", "Kết quả", "Cách tính"], rows: indicatorRows, widths: [6, 36, 10, 16, 16, 16])))
        }
        if !taskRows.isEmpty {
            appendices.append(.init(label: appendices.isEmpty ? "Phụ lục I" : "Phụ lục II", title: "TÌNH HÌNH THỰC HIỆN CÁC NHIỆM VỤ",
                                    table: .init(header: ["TT", "Nhiệm vụ", "Vai trò", "Tình trạng", "Kết quả, văn bản, lý do"], rows: taskRows, widths: [6, 34, 10, 14, 36])))
        }
        return AdministrativeDocument(
            parentBody: isCommune ? "" : provinceCommittee(province), issuerName: agency.name,
            symbol: "BC-\(abbreviation(agency.name))", place: province.name, date: date, kind: "BÁO CÁO",
            subject: "Kết quả thực hiện \(plan.info.title) \(report.period.label)",
            sections: [
                .init(key: "opening", heading: "", blocks: [.paragraph("Thực hiện \(citation(plan.info)), \(agency.name) báo cáo kết quả thực hiện \(report.period.label) (trạng thái: \(report.status.label.lowercased())) như sau:")]),
                .init(key: "I", heading: "I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", blocks: indicatorBullets.isEmpty ? [.paragraph("Cơ quan, đơn vị không được giao chỉ tiêu trong kế hoạch.")]
                      : [.bullets(indicatorBullets)]),
                .init(key: "II", heading: "II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ", blocks: taskBlocks),
                .init(key: "III", heading: "III. KHÓ KHĂN, VƯỚNG MẮC", blocks: [text(report.difficulties, none: "Không có.")]),
                .init(key: "IV", heading: "IV. ĐỀ XUẤT, KIẾN NGHỊ", blocks: [text(report.proposals, none: "Không có.")]),
            ],
            recipients: ["Sở Khoa học và Công nghệ (để tổng hợp);", "Lưu: VT."],
            signerTitle: isCommune ? "TM. ỦY BAN NHÂN DÂN" : "THỦ TRƯỞNG CƠ QUAN", appendices: appendices)
    }
}
