import Foundation

/// Reporting cadence (chế độ báo cáo) of a plan.
public enum Cadence: String, Sendable, Codable, CaseIterable {
    case monthly, quarterly, halfYearly = "half-yearly", yearly

    /// As plans write it: `Báo cáo hằng quý`.
    public var label: String {
        switch self {
        case .monthly: "hằng tháng"
        case .quarterly: "hằng quý"
        case .halfYearly: "6 tháng"
        case .yearly: "hằng năm"
        }
    }
}

/// A day of the year without the year: `01/6`, `15/11`.
public struct MonthDay: Sendable, Hashable, Codable, Comparable {
    public var month: Int
    public var day: Int
    public init?(month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= CivilDate.daysIn(month: month, year: 2024) else { return nil }
        self.month = month; self.day = day
    }
    public static func < (a: MonthDay, b: MonthDay) -> Bool { (a.month, a.day) < (b.month, b.day) }
    /// `01/6` as plans write it.
    public var vietnamese: String { String(format: "%02d/%d", day, month) }
}

/// The reporting rule a plan states: `báo cáo … định kỳ hằng tháng trước ngày 20`.
public struct ReportingRule: Sendable, Hashable, Codable {
    public var cadence: Cadence
    /// Day of the month reports are due by (20 for "trước ngày 20").
    public var dueDay: Int?
    /// For quarterly rules: which month of the quarter the due day falls in (3 = the last month,
    /// "tháng cuối quý"); nil when the document does not say.
    public var dueMonthOfPeriod: Int?
    /// Due dates written out, one per period of the year in order (`trước ngày 01/6 và 15/11 hằng năm`: the
    /// first half's report by 1 June, the second's by 15 November); nil when the rule is a day of the period.
    public var dueDates: [MonthDay]?
    public var text: String

    public init(cadence: Cadence, dueDay: Int?, dueMonthOfPeriod: Int? = nil, dueDates: [MonthDay]? = nil, text: String) {
        self.cadence = cadence; self.dueDay = dueDay; self.dueMonthOfPeriod = dueMonthOfPeriod; self.dueDates = dueDates; self.text = text
    }

    /// The written-out dates as plans write them: `trước ngày 01/6 và 15/11`; nil when the rule has none.
    public var dueDatesText: String? {
        guard let dueDates, !dueDates.isEmpty else { return nil }
        return "trước ngày " + dueDates.map(\.vietnamese).joined(separator: " và ")
    }

    enum CodingKeys: String, CodingKey { case cadence, dueDay, dueMonthOfPeriod, dueDates, text }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(cadence, forKey: .cadence)
        try c.encode(dueDay, forKey: .dueDay)
        try c.encode(dueMonthOfPeriod, forKey: .dueMonthOfPeriod)
        if let dueDates, !dueDates.isEmpty { try c.encode(dueDates, forKey: .dueDates) }
        try c.encode(text, forKey: .text)
    }
}

/// The years a plan covers.
public struct YearSpan: Sendable, Hashable, Codable {
    public var from: Int
    public var to: Int
    public init(from: Int, to: Int) { self.from = from; self.to = to }
}

/// What the plan document says about itself.
public struct PlanInfo: Sendable, Hashable, Codable {
    public var title: String
    /// `…/KH-UBND`; nil when the document leaves it blank.
    public var number: String?
    public var issuer: String?
    public var issuedOn: CivilDate?
    public var span: YearSpan?
    public var reporting: ReportingRule?

    public init(title: String, number: String? = nil, issuer: String? = nil, issuedOn: CivilDate? = nil,
                span: YearSpan? = nil, reporting: ReportingRule? = nil) {
        self.title = title; self.number = number; self.issuer = issuer; self.issuedOn = issuedOn; self.span = span; self.reporting = reporting
    }

    enum CodingKeys: String, CodingKey { case title, number, issuer, issuedOn, span, reporting }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(title, forKey: .title)
        try c.encode(number, forKey: .number)
        try c.encode(issuer, forKey: .issuer)
        try c.encode(issuedOn, forKey: .issuedOn)
        try c.encode(span, forKey: .span)
        try c.encode(reporting, forKey: .reporting)
    }
}

/// A measured starting point, such as Lào Cai's "Kết quả năm 2025".
public struct Baseline: Sendable, Hashable, Codable {
    public var year: Int?
    public var value: Double?
    public var text: String
    public init(year: Int?, value: Double?, text: String) { self.year = year; self.value = value; self.text = text }
    enum CodingKeys: String, CodingKey { case year, value, text }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(year, forKey: .year)
        try c.encode(value, forKey: .value)
        try c.encode(text, forKey: .text)
    }
}

/// An indicator (chỉ tiêu) with its targets for one or more milestone years.
public struct Indicator: Sendable, Hashable, Codable {
    /// Unique within the plan, built from the document's own numbering.
    public var code: String
    public var group: String?
    public var name: String
    public var unit: String?
    public var baseline: Baseline?
    public var targets: [Target]
    /// Cơ quan chủ trì.
    public var leadAgencies: [String]
    /// Cơ quan theo dõi, đánh giá / tổng hợp.
    public var monitoringAgencies: [String]
    /// 1-based line of the document where the indicator starts.
    public var line: Int?
    /// Columns of the plan's table beyond these fields, by their header as written (`Ghi chú`, `Kinh phí`).
    public var extra: [String: String]?
    /// Where it stands in a Word, web, spreadsheet or PDF document (a text file's `line` says it all).
    public var page: Int?, paragraph: Int?, table: Int?, row: Int?

    public init(code: String, group: String?, name: String, unit: String?, baseline: Baseline? = nil, targets: [Target],
                leadAgencies: [String] = [], monitoringAgencies: [String] = [], line: Int? = nil) {
        self.code = code; self.group = group; self.name = name; self.unit = unit; self.baseline = baseline
        self.targets = targets; self.leadAgencies = leadAgencies; self.monitoringAgencies = monitoringAgencies; self.line = line
    }

    /// Higher is better unless the first target says otherwise (`≤`, rank units).
    public var direction: Direction { targets.first?.direction(unit: unit) ?? .higherIsBetter }

    enum CodingKeys: String, CodingKey { case code, group, name, unit, baseline, targets, leadAgencies, monitoringAgencies, line, extra, page, paragraph, table, row }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(code, forKey: .code)
        try c.encode(group, forKey: .group)
        try c.encode(name, forKey: .name)
        try c.encode(unit, forKey: .unit)
        try c.encode(baseline, forKey: .baseline)
        try c.encode(targets, forKey: .targets)
        try c.encode(leadAgencies, forKey: .leadAgencies)
        try c.encode(monitoringAgencies, forKey: .monitoringAgencies)
        try c.encode(line, forKey: .line)
        try c.encodeIfPresent(page, forKey: .page)
        try c.encodeIfPresent(paragraph, forKey: .paragraph)
        try c.encodeIfPresent(table, forKey: .table)
        try c.encodeIfPresent(row, forKey: .row)
        if let extra, !extra.isEmpty { try c.encode(extra, forKey: .extra) }
    }
}

/// A task (nhiệm vụ) with its lead and partner agencies, product and deadline.
public struct PlanTask: Sendable, Hashable, Codable {
    public var code: String
    public var group: String?
    public var name: String
    /// Cơ quan chủ trì, as written, split where one cell names several.
    public var leadAgencies: [String]
    /// Cơ quan phối hợp.
    public var partnerAgencies: [String]
    /// Kết quả / sản phẩm.
    public var product: String?
    public var deadline: Deadline?
    /// What the task involves, where the document describes it beyond its name.
    public var description: String?
    public var line: Int?
    /// Columns of the plan's table beyond these fields, by their header as written (`Kinh phí`, `Tình trạng`).
    public var extra: [String: String]?
    /// Where it stands in a Word, web, spreadsheet or PDF document (a text file's `line` says it all).
    public var page: Int?, paragraph: Int?, table: Int?, row: Int?

    public init(code: String, group: String?, name: String, leadAgencies: [String], partnerAgencies: [String],
                product: String?, deadline: Deadline?, line: Int? = nil) {
        self.code = code; self.group = group; self.name = name; self.leadAgencies = leadAgencies
        self.partnerAgencies = partnerAgencies; self.product = product; self.deadline = deadline; self.line = line
    }

    enum CodingKeys: String, CodingKey { case code, group, name, leadAgencies, partnerAgencies, product, deadline, description, line, extra, page, paragraph, table, row }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(code, forKey: .code)
        try c.encode(group, forKey: .group)
        try c.encode(name, forKey: .name)
        try c.encode(leadAgencies, forKey: .leadAgencies)
        try c.encode(partnerAgencies, forKey: .partnerAgencies)
        try c.encode(product, forKey: .product)
        try c.encode(deadline, forKey: .deadline)
        try c.encode(description, forKey: .description)
        try c.encode(line, forKey: .line)
        try c.encodeIfPresent(page, forKey: .page)
        try c.encodeIfPresent(paragraph, forKey: .paragraph)
        try c.encodeIfPresent(table, forKey: .table)
        try c.encodeIfPresent(row, forKey: .row)
        if let extra, !extra.isEmpty { try c.encode(extra, forKey: .extra) }
    }
}

/// A value the document reports as achieved (e.g. the 2025 results in a yearly report).
public struct Observation: Sendable, Hashable, Codable {
    public var name: String
    public var year: Int?
    public var value: Double?
    public var numerator: Double?
    public var denominator: Double?
    public var unit: String?
    public var text: String
    public var line: Int

    public init(name: String, year: Int?, value: Double?, numerator: Double? = nil, denominator: Double? = nil,
                unit: String? = nil, text: String, line: Int) {
        self.name = name; self.year = year; self.value = value; self.numerator = numerator; self.denominator = denominator
        self.unit = unit; self.text = text; self.line = line
    }

    enum CodingKeys: String, CodingKey { case name, year, value, numerator, denominator, unit, text, line }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(year, forKey: .year)
        try c.encode(value, forKey: .value)
        try c.encode(numerator, forKey: .numerator)
        try c.encode(denominator, forKey: .denominator)
        try c.encode(unit, forKey: .unit)
        try c.encode(text, forKey: .text)
        try c.encode(line, forKey: .line)
    }
}

/// Where an item stands, as a user of the document's format finds it: "trang 2, bảng 1, hàng 4" (PDF), "bảng 3,
/// hàng 12" (Word, web page, spreadsheet), "đoạn 40", or a text or Markdown file's "dòng 812". The one wording
/// of the summary, the web preview and the reader's block listing.
public enum SourcePlace {
    public static func text(line: Int?, page: Int?, paragraph: Int?, table: Int?, row: Int?) -> String {
        var parts: [String] = []
        if let page { parts.append("trang \(page)") }
        if let table { parts.append("bảng \(table)") }
        if let row { parts.append("hàng \(row)") }
        if let paragraph, table == nil { parts.append("đoạn \(paragraph)") }
        if parts.isEmpty, let line { parts.append("dòng \(line)") }
        return parts.joined(separator: ", ")
    }
}

/// Something in the document the importer could not read, with where it stands.
public struct ImportWarning: Sendable, Hashable, Codable {
    public var line: Int
    public var text: String
    public var reason: String
    /// Where it stands in a Word, web, spreadsheet or PDF document.
    public var page: Int?, paragraph: Int?, table: Int?, row: Int?
    public init(line: Int, text: String, reason: String) { self.line = line; self.text = text; self.reason = reason }
    /// Where it stands ("bảng 3, hàng 12", "dòng 812").
    public var place: String { SourcePlace.text(line: line, page: page, paragraph: paragraph, table: table, row: row) }
}

/// Where a plan came from.
public struct SourceDocument: Sendable, Hashable, Codable {
    public var file: String
    public var sha256: String
    public init(file: String, sha256: String) { self.file = file; self.sha256 = sha256 }
}

/// How the table rows of an imported document were taken: every row is counted once, so the parts add up to
/// the rows (nothing dropped without a trace). Shown by the summary and the import preview; not part of the
/// plan JSON.
public struct ImportCoverage: Sendable, Hashable {
    public enum RowKind: Sendable, Hashable, CaseIterable {
        /// Read as a task or an indicator.
        case item
        /// A header row (or the header repeated on a new page).
        case header
        /// A group, part or heading row.
        case group
        /// Continues the row above (a page break, a merged cell).
        case continuation
        /// Not read; a warning names it.
        case warned
        /// In a table whose columns were not recognised (one warning names the table).
        case unread
    }
    public var rows: [RowKind: Int]
    /// Lines of items whose fields were told apart by their content, not by a table's header (a table whose
    /// layout was lost, or tasks written as paragraphs): the import preview asks the coordinator to check them.
    public var guessedLines: Set<Int>
    public init(rows: [RowKind: Int], guessedLines: Set<Int> = []) { self.rows = rows; self.guessedLines = guessedLines }
    public var total: Int { rows.values.reduce(0, +) }
    public func count(_ kind: RowKind) -> Int { rows[kind] ?? 0 }
}

/// A plan in the interchange format `kehoach.plan/1` (spec/plan-format.md).
public struct PlanDocument: Sendable, Hashable, Codable {
    public static let formatName = "kehoach.plan/1"
    public var format: String
    public var source: SourceDocument?
    public var plan: PlanInfo
    public var indicators: [Indicator]
    public var tasks: [PlanTask]
    public var observations: [Observation]
    public var warnings: [ImportWarning]
    /// Set by the importer for a document (not for plan JSON); not encoded, and not part of the plan: two plans
    /// are equal when their content is, however they were read.
    public var coverage: ImportCoverage?

    public static func == (a: PlanDocument, b: PlanDocument) -> Bool {
        a.format == b.format && a.source == b.source && a.plan == b.plan && a.indicators == b.indicators && a.tasks == b.tasks
            && a.observations == b.observations && a.warnings == b.warnings
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(format); hasher.combine(source); hasher.combine(plan); hasher.combine(indicators); hasher.combine(tasks)
        hasher.combine(observations); hasher.combine(warnings)
    }

    public init(source: SourceDocument?, plan: PlanInfo, indicators: [Indicator], tasks: [PlanTask],
                observations: [Observation] = [], warnings: [ImportWarning] = []) {
        self.format = Self.formatName; self.source = source; self.plan = plan; self.indicators = indicators
        self.tasks = tasks; self.observations = observations; self.warnings = warnings
    }

    enum CodingKeys: String, CodingKey { case format, source, plan, indicators, tasks, observations, warnings }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        format = try c.decode(String.self, forKey: .format)
        source = try c.decodeIfPresent(SourceDocument.self, forKey: .source)
        plan = try c.decode(PlanInfo.self, forKey: .plan)
        indicators = try c.decodeIfPresent([Indicator].self, forKey: .indicators) ?? []
        tasks = try c.decodeIfPresent([PlanTask].self, forKey: .tasks) ?? []
        observations = try c.decodeIfPresent([Observation].self, forKey: .observations) ?? []
        warnings = try c.decodeIfPresent([ImportWarning].self, forKey: .warnings) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(format, forKey: .format)
        try c.encode(source, forKey: .source)
        try c.encode(plan, forKey: .plan)
        try c.encode(indicators, forKey: .indicators)
        try c.encode(tasks, forKey: .tasks)
        try c.encode(observations, forKey: .observations)
        try c.encode(warnings, forKey: .warnings)
    }
}
