/// A reporting period with a stable identifier, as DHIS2 names them: `2026-05` (month), `2026Q2` (quarter),
/// `2026S1` (half year), `2026` (year).
public struct Period: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case month, quarter, halfYear = "half-year", year
        /// An ad-hoc request (báo cáo đột xuất): `2026R7` is request 7, due in 2026.
        case adhoc
        var months: Int { switch self { case .month: 1; case .quarter: 3; case .halfYear: 6; case .year, .adhoc: 12 } }
    }

    public var kind: Kind
    public var year: Int
    /// 1-based: month 1…12, quarter 1…4, half 1…2, year 1.
    public var index: Int

    public init?(kind: Kind, year: Int, index: Int) {
        guard (1900...9999).contains(year), kind == .adhoc ? index >= 1 : (1...(12 / kind.months)).contains(index) else { return nil }
        self.kind = kind; self.year = year; self.index = index
    }

    /// An ad-hoc request's period, by its request number and due year.
    public static func adhoc(request: Int64, year: Int) -> Period? { Period(kind: .adhoc, year: year, index: Int(request)) }

    /// Parses `2026-05`, `2026Q2`, `2026S1`, `2026`; nil for anything else.
    public init?(_ identifier: String) {
        let s = identifier.uppercased()
        let chars = Array(s)
        guard chars.count >= 4, let year = Int(String(chars[0..<4])) else { return nil }
        let rest = String(chars[4...])
        switch true {
        case rest.isEmpty: self.init(kind: .year, year: year, index: 1)
        case rest.hasPrefix("-") && rest.count == 3: guard let m = Int(rest.dropFirst()) else { return nil }; self.init(kind: .month, year: year, index: m)
        case rest.hasPrefix("Q") && rest.count == 2: guard let q = Int(rest.dropFirst()) else { return nil }; self.init(kind: .quarter, year: year, index: q)
        case rest.hasPrefix("S") && rest.count == 2: guard let h = Int(rest.dropFirst()) else { return nil }; self.init(kind: .halfYear, year: year, index: h)
        case rest.hasPrefix("R") && (2...10).contains(rest.count): guard let r = Int(rest.dropFirst()) else { return nil }; self.init(kind: .adhoc, year: year, index: r)
        default: return nil
        }
    }

    public var description: String {
        switch kind {
        case .month: "\(year)-\(index < 10 ? "0" : "")\(index)"
        case .quarter: "\(year)Q\(index)"
        case .halfYear: "\(year)S\(index)"
        case .year: "\(year)"
        case .adhoc: "\(year)R\(index)"
        }
    }

    /// Vietnamese name: `tháng 5/2026`, `quý II/2026`, `6 tháng đầu năm 2026`, `năm 2026`.
    public var label: String {
        switch kind {
        case .month: "tháng \(index)/\(year)"
        case .quarter: "quý \(["I", "II", "III", "IV"][index - 1])/\(year)"
        case .halfYear: index == 1 ? "6 tháng đầu năm \(year)" : "6 tháng cuối năm \(year)"
        case .year: "năm \(year)"
        case .adhoc: "đột xuất số \(index) (\(year))"
        }
    }

    public var firstMonth: Int { (index - 1) * kind.months + 1 }
    public var lastMonth: Int { index * kind.months }
    public var start: CivilDate { CivilDate(year: year, month: firstMonth, day: 1)! }
    public var end: CivilDate { CivilDate.endOfMonth(year, lastMonth)! }

    /// The period of `kind` that contains `day`.
    public static func containing(_ day: CivilDate, kind: Kind) -> Period {
        precondition(kind != .adhoc, "an ad-hoc period is named by its request, not by a day")
        return Period(kind: kind, year: day.year, index: (day.month - 1) / kind.months + 1)!
    }

    /// For an ad-hoc request there is no neighbour: next and previous are the request itself.
    public var next: Period {
        if kind == .adhoc { return self }
        return index < 12 / kind.months ? Period(kind: kind, year: year, index: index + 1)! : Period(kind: kind, year: year + 1, index: 1)!
    }

    public var previous: Period {
        if kind == .adhoc { return self }
        return index > 1 ? Period(kind: kind, year: year, index: index - 1)! : Period(kind: kind, year: year - 1, index: 12 / kind.months)!
    }

    public static func < (a: Period, b: Period) -> Bool { (a.year, a.firstMonth, a.kind.months) < (b.year, b.firstMonth, b.kind.months) }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let p = Period(text) else { throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a period: \(text)")) }
        self = p
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// When reports of a plan are due: its cadence, the month of the period and the day.
///
/// Lào Cai 2026: monthly, before the 20th (`dueDay` 20, in the period's own month). Lai Châu 2026:
/// quarterly, before the 5th of the quarter's last month (`dueMonthOfPeriod` 3, `dueDay` 5).
public struct ReportingCalendar: Sendable, Hashable, Codable {
    public var kind: Period.Kind
    /// Day of the month; nil: the last day of the period.
    public var dueDay: Int?
    /// Which month of the period (1 = first); nil: the last.
    public var dueMonthOfPeriod: Int?

    /// One due date per period of the year, in order (`01/6` and `15/11` for half-years); used when there is
    /// one for each period, otherwise `dueDay` and `dueMonthOfPeriod` apply.
    public var dueDates: [MonthDay]?

    public init(kind: Period.Kind, dueDay: Int?, dueMonthOfPeriod: Int? = nil, dueDates: [MonthDay]? = nil) {
        self.kind = kind; self.dueDay = dueDay; self.dueMonthOfPeriod = dueMonthOfPeriod
        self.dueDates = dueDates.flatMap { $0.count == 12 / kind.months ? $0.sorted() : nil }
    }

    /// The calendar a plan's reporting rule states; yearly by the end of the year when the plan says nothing.
    public init(rule: ReportingRule?) {
        let kind: Period.Kind = switch rule?.cadence {
        case .monthly: .month
        case .quarterly: .quarter
        case .halfYearly: .halfYear
        case .yearly, nil: .year
        }
        self.init(kind: kind, dueDay: rule?.dueDay, dueMonthOfPeriod: rule?.dueMonthOfPeriod, dueDates: rule?.dueDates)
    }

    /// The due date of a period's report ("trước ngày 20" is taken as due on the 20th).
    public func due(_ period: Period) -> CivilDate {
        if let dates = dueDates {
            let d = dates[(period.firstMonth - 1) / period.kind.months]
            return CivilDate(year: period.year, month: d.month, day: min(d.day, CivilDate.daysIn(month: d.month, year: period.year)))!
        }
        let month = period.firstMonth + min(max((dueMonthOfPeriod ?? period.kind.months) - 1, 0), period.kind.months - 1)
        guard let day = dueDay else { return CivilDate.endOfMonth(period.year, month)! }
        return CivilDate(year: period.year, month: month, day: min(day, CivilDate.daysIn(month: month, year: period.year)))!
    }

    /// The period being reported on `day`: the one whose due date is the next on or after `day`, within reach.
    public func current(on day: CivilDate) -> Period {
        var p = Period.containing(day, kind: kind)
        if due(p) < day { p = p.next }
        return p
    }

    /// The latest period whose report was due on or before `day` (what a consolidated report covers by default).
    public func lastDue(on day: CivilDate) -> Period {
        let p = current(on: day)
        return due(p) <= day ? p : p.previous
    }

    /// Periods from `first` through `last`, in order.
    public func periods(from first: Period, through last: Period) -> [Period] {
        var out: [Period] = []
        var p = first
        while p <= last && out.count < 1_000 { out.append(p); p = p.next }
        return out
    }
}

/// How a report stands against its due date.
public enum Timeliness: Sendable, Hashable {
    case onTime
    case late(days: Int)
    /// Past due, nothing submitted.
    case missing(daysOverdue: Int)
    /// Not due yet, nothing submitted.
    case pending

    /// From the due date, the first submission day (if any) and today.
    public static func of(due: CivilDate, submittedOn: CivilDate?, today: CivilDate) -> Timeliness {
        if let s = submittedOn { return s <= due ? .onTime : .late(days: s.days(since: due)) }
        return today > due ? .missing(daysOverdue: today.days(since: due)) : .pending
    }

    /// The state as a code: the CSS class of a matrix cell and the API's `timeliness`.
    public var code: String {
        switch self {
        case .onTime: "on-time"
        case .late: "late"
        case .missing: "missing"
        case .pending: "pending"
        }
    }

    /// Days late, or days overdue while missing.
    public var days: Int? {
        switch self {
        case let .late(d), let .missing(d): d
        case .onTime, .pending: nil
        }
    }

    /// In Vietnamese, as every page and document writes it: "đúng hạn", "muộn 3 ngày", "chưa nộp (quá hạn 16
    /// ngày)" (the days only with `overdue`), and before the due date `pending` (the report's status, or "chưa đến
    /// hạn"). A document's table cell capitalises the first letter.
    public func label(pending: String = "chưa đến hạn", overdue: Bool = false) -> String {
        switch self {
        case .onTime: "đúng hạn"
        case let .late(days): "muộn \(days) ngày"
        case let .missing(days): "chưa nộp" + (overdue ? " (quá hạn \(days) ngày)" : "")
        case .pending: pending
        }
    }
}

extension CivilDate {
    /// Days since 1970-01-01 (proleptic Gregorian).
    public var dayNumber: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = month
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public func days(since other: CivilDate) -> Int { dayNumber - other.dayNumber }
}
