import Foundation

// Evaluation: where each indicator stands against its target, where each task stands against its deadline, and
// the agencies' scorecard. Pure functions of the plan and the submitted reports, so that every figure a leader
// sees can be reproduced from the data.

extension CivilDate {
    /// The day an instant falls on in Vietnam (UTC+7, no daylight saving).
    public init(vietnamDay date: Date) {
        self.init(dayNumber: Int(((date.timeIntervalSince1970 + 7 * 3600) / 86_400).rounded(.down)))
    }

    /// The day `n` days after this one (before it when negative).
    public func adding(days n: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + n) }

    /// The civil date of a day number (days since 1970-01-01), Howard Hinnant's civil_from_days.
    public init(dayNumber z0: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)!
    }
}

// MARK: - Indicators

/// How the province's value of an indicator is made from the agencies' values in one period.
public enum AggregationMethod: String, Sendable, Codable, CaseIterable {
    /// Sum of numerators over sum of denominators (a share of records, of communes…); never an average of percentages.
    case ratio
    /// The monitoring agency's own value (the lead agency's when the plan names no monitoring agency).
    case monitoring
    /// Sum of the agencies' values (counts).
    case sum
    /// Mean of the agencies' values.
    case average
    /// The value of the report submitted last.
    case latest

    public var label: String {
        switch self {
        case .ratio: "Tổng tử số / tổng mẫu số của các đơn vị"
        case .monitoring: "Số liệu của cơ quan theo dõi"
        case .sum: "Tổng số liệu của các đơn vị"
        case .average: "Trung bình số liệu của các đơn vị"
        case .latest: "Số liệu báo cáo gần nhất"
        }
    }

    /// The method used when the coordinator has not chosen one: the monitoring agency's value when the plan names
    /// one, the ratio of sums for a percentage, otherwise the latest value.
    public static func byDefault(unit: String?, hasMonitoringAgency: Bool) -> AggregationMethod {
        if hasMonitoringAgency { return .monitoring }
        if UnitKind.isPercentage(unit) { return .ratio }
        return .latest
    }
}

/// One agency's submitted value of an indicator in one period.
public struct AgencyValue: Sendable, Hashable {
    public var agencyID: Agency.ID
    public var reportID: Report.ID
    public var value: IndicatorValue
    /// When the report was first submitted (orders `latest`).
    public var submittedOn: CivilDate?
    public init(agencyID: Agency.ID, reportID: Report.ID, value: IndicatorValue, submittedOn: CivilDate?) {
        self.agencyID = agencyID; self.reportID = reportID; self.value = value; self.submittedOn = submittedOn
    }
}

/// The province's value of an indicator in one period, and the reports it was made from.
public struct SeriesPoint: Sendable, Hashable {
    public var period: Period
    public var value: Double
    public var numerator: Double?
    public var denominator: Double?
    /// The agencies' values behind it.
    public var sources: [AgencyValue]
    public init(period: Period, value: Double, numerator: Double? = nil, denominator: Double? = nil, sources: [AgencyValue]) {
        self.period = period; self.value = value; self.numerator = numerator; self.denominator = denominator; self.sources = sources
    }
}

public enum IndicatorStatus: String, Sendable, Codable, CaseIterable {
    case achieved
    case onTrack = "on-track"
    case atRisk = "at-risk"
    case missed
    case noData = "no-data"

    public var label: String {
        switch self {
        case .achieved: "Đạt"
        case .onTrack: "Đúng tiến độ"
        case .atRisk: "Có nguy cơ không đạt"
        case .missed: "Không đạt"
        case .noData: "Chưa có số liệu"
        }
    }

    /// Worst first: what a leader must look at.
    public var severity: Int {
        switch self {
        case .missed: 0
        case .atRisk: 1
        case .noData: 2
        case .onTrack: 3
        case .achieved: 4
        }
    }
}

/// The coordinator's rating of a qualitative target (or an override with a comment).
public struct IndicatorRating: Sendable, Hashable, Codable {
    public var status: IndicatorStatus
    public var comment: String
    public var ratedBy: String
    public var ratedOn: CivilDate
    public init(status: IndicatorStatus, comment: String, ratedBy: String, ratedOn: CivilDate) {
        self.status = status; self.comment = comment; self.ratedBy = ratedBy; self.ratedOn = ratedOn
    }
}

/// A straight line through the baseline and the reported values (least squares over time), read at the end of
/// the target's year.
public struct Projection: Sendable, Hashable {
    public var value: Double
    /// Change per year.
    public var slopePerYear: Double
    public var points: Int
    public var at: CivilDate
}

public struct IndicatorEvaluation: Sendable, Hashable {
    public var indicatorID: StoredIndicator.ID
    public var method: AggregationMethod
    public var series: [SeriesPoint]
    /// The target evaluated: the first whose year is this year or later, else the last one.
    public var target: Target?
    public var latest: SeriesPoint?
    /// The value the status judges: the latest, or after a target's year the last one of that year (so a page shows
    /// beside the status the value and period it is about; the latest may be later).
    public var judged: SeriesPoint?
    public var projection: Projection?
    public var status: IndicatorStatus
    public var rating: IndicatorRating?
    /// How the status was reached, in words.
    public var explanation: String
}

public enum IndicatorEvaluator {
    /// The province's value of one period from the agencies' values.
    public static func aggregate(_ values: [AgencyValue], period: Period, method: AggregationMethod, percent: Bool,
                                 monitoring: [Agency.ID]) -> SeriesPoint? {
        let usable = values.filter { $0.value.effectiveValue(percent: percent) != nil }
        guard !usable.isEmpty else { return nil }
        switch method {
        case .ratio:
            let fractions = usable.filter { $0.value.numerator != nil && $0.value.denominator != nil }
            if !fractions.isEmpty {
                let n = fractions.reduce(0) { $0 + $1.value.numerator! }
                let d = fractions.reduce(0) { $0 + $1.value.denominator! }
                guard d > 0 else { return nil }
                return SeriesPoint(period: period, value: percent ? n / d * 100 : n / d, numerator: n, denominator: d, sources: fractions)
            }
            // Nobody counted a fraction: the mean of the values they gave.
            return aggregate(usable, period: period, method: .average, percent: percent, monitoring: monitoring)
        case .monitoring:
            guard let own = usable.first(where: { monitoring.contains($0.agencyID) }) else { return nil }
            return SeriesPoint(period: period, value: own.value.effectiveValue(percent: percent)!, numerator: own.value.numerator,
                               denominator: own.value.denominator, sources: [own])
        case .sum:
            return SeriesPoint(period: period, value: usable.reduce(0) { $0 + $1.value.effectiveValue(percent: percent)! }, sources: usable)
        case .average:
            return SeriesPoint(period: period, value: usable.reduce(0) { $0 + $1.value.effectiveValue(percent: percent)! } / Double(usable.count),
                               sources: usable)
        case .latest:
            let last = usable.max { ($0.submittedOn ?? CivilDate(dayNumber: 0), $0.reportID.rawValue) < ($1.submittedOn ?? CivilDate(dayNumber: 0), $1.reportID.rawValue) }!
            return SeriesPoint(period: period, value: last.value.effectiveValue(percent: percent)!, numerator: last.value.numerator,
                               denominator: last.value.denominator, sources: [last])
        }
    }

    /// Whether a value meets a target (`Có` is a reported 1).
    public static func meets(_ value: Double, _ target: Target) -> Bool? {
        let eps = 1e-9
        switch target.comparator {
        case .atLeast: return target.value.map { value >= $0 - eps }
        case .greater: return target.value.map { value > $0 }
        case .atMost: return target.value.map { value <= $0 + eps }
        case .less: return target.value.map { value < $0 }
        case .equal: return target.value.map { abs(value - $0) < 1e-6 }
        case .range:
            guard let lo = target.value, let hi = target.max else { return nil }
            return value >= lo - eps && value <= hi + eps
        case .yes: return value >= 1
        case .text: return nil
        }
    }

    /// The target a day is measured against: the first whose year is this year or later, else the last.
    public static func currentTarget(_ targets: [Target], on day: CivilDate) -> Target? {
        let dated = targets.filter { $0.year != nil }.sorted { $0.year! < $1.year! }
        return dated.first { $0.year! >= day.year } ?? dated.last ?? targets.first
    }

    /// The least-squares line through the points (x in days), read at `day`. Needs two points on different days.
    public static func project(_ points: [(CivilDate, Double)], to day: CivilDate) -> Projection? {
        guard points.count >= 2 else { return nil }
        let xs = points.map { Double($0.0.dayNumber) }, ys = points.map(\.1)
        let mx = xs.reduce(0, +) / Double(xs.count), my = ys.reduce(0, +) / Double(ys.count)
        let sxx = zip(xs, xs).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - mx) }
        guard sxx > 0 else { return nil }
        let sxy = zip(xs, ys).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
        let slope = sxy / sxx
        return Projection(value: my + slope * (Double(day.dayNumber) - mx), slopePerYear: slope * 365.25, points: points.count, at: day)
    }

    /// Evaluates an indicator on `today` from its per-period series (already aggregated), its baseline and targets.
    public static func evaluate(_ indicator: StoredIndicator, series: [SeriesPoint], method: AggregationMethod, rating: IndicatorRating?,
                                today: CivilDate) -> IndicatorEvaluation {
        let target = currentTarget(indicator.indicator.targets, on: today)
        let series = series.sorted { $0.period < $1.period }
        var e = IndicatorEvaluation(indicatorID: indicator.id, method: method, series: series, target: target, latest: series.last,
                                    judged: series.last, projection: nil, status: .noData, rating: rating, explanation: "")
        guard let target else {
            e.explanation = "Chỉ tiêu không có mục tiêu định lượng."
            if let rating { e.status = rating.status; e.explanation = "Điều phối đánh giá: \(rating.comment)" }
            return e
        }
        if target.comparator == .text {
            if let rating {
                e.status = rating.status
                e.explanation = "Mục tiêu định tính, do cơ quan điều phối đánh giá ngày \(rating.ratedOn): \(rating.comment)"
            } else {
                e.explanation = "Mục tiêu định tính: chờ cơ quan điều phối đánh giá."
            }
            return e
        }
        let deadline = target.year.flatMap { CivilDate.endOfYear($0) }
        // After the target's year, the value measured by its end decides.
        let measured = deadline.map { d in series.filter { $0.period.end <= d } } ?? series
        guard let last = measured.last ?? (deadline == nil ? nil : series.first) else {
            if let b = indicator.indicator.baseline?.value, let ok = meets(b, target), ok {
                e.status = .achieved; e.explanation = "Giá trị gốc (\(format(b))) đã đạt mục tiêu; chưa có số liệu báo cáo."
            } else {
                e.explanation = "Chưa có đơn vị nào gửi số liệu."
            }
            return e.rated(rating)
        }
        e.judged = last
        let met = meets(last.value, target) ?? false
        if let deadline, today > deadline {
            e.status = met ? .achieved : .missed
            e.explanation = "Hết năm \(deadline.year): giá trị \(format(last.value)) (\(last.period.label)) \(met ? "đạt" : "không đạt") mục tiêu \(target.text)."
            return e.rated(rating)
        }
        if met {
            e.status = .achieved
            e.explanation = "Giá trị mới nhất \(format(last.value)) (\(last.period.label)) đã đạt mục tiêu \(target.text)."
            return e.rated(rating)
        }
        guard let deadline else {
            e.status = .atRisk
            e.explanation = "Giá trị mới nhất \(format(last.value)) chưa đạt mục tiêu \(target.text) (mục tiêu không nêu năm)."
            return e.rated(rating)
        }
        if target.comparator == .yes {
            e.status = .atRisk
            e.explanation = "Chưa báo cáo đạt (Có); hạn cuối năm \(deadline.year)."
            return e.rated(rating)
        }
        var points: [(CivilDate, Double)] = []
        if let b = indicator.indicator.baseline, let v = b.value, let y = b.year, let d = CivilDate.endOfYear(y),
           d < (series.first?.period.end ?? deadline) {
            points.append((d, v))
        }
        points += series.map { ($0.period.end, $0.value) }
        if let p = project(points, to: deadline) {
            e.projection = p
            let ok = meets(p.value, target) ?? false
            e.status = ok ? .onTrack : .atRisk
            e.explanation = "Dự báo theo đường thẳng qua \(p.points) số liệu (giá trị gốc và các kỳ báo cáo, bình phương tối thiểu): "
                + "\(format(p.value)) vào cuối năm \(deadline.year), \(ok ? "đạt" : "không đạt") mục tiêu \(target.text)."
        } else {
            e.status = .atRisk
            e.explanation = "Mới có một số liệu (\(format(last.value))), chưa đạt mục tiêu \(target.text): chưa đủ để dự báo, coi là có nguy cơ."
        }
        return e.rated(rating)
    }

    /// A number as Vietnamese writes it: `37,6`, `1.991` (`VietnameseNumber.display`).
    public static func format(_ x: Double, decimals: Int = 2) -> String { VietnameseNumber.display(x, decimals: decimals) }
}

extension IndicatorEvaluation {
    /// A coordinator's rating overrides a computed status (with its comment shown).
    func rated(_ rating: IndicatorRating?) -> IndicatorEvaluation {
        guard let rating else { return self }
        var e = self
        e.status = rating.status
        e.explanation += " Điều phối đánh giá lại: \(rating.status.label) — \(rating.comment)"
        return e
    }
}

// MARK: - Tasks

public enum TaskStatus: String, Sendable, Codable, CaseIterable {
    case completedOnTime = "completed-on-time"
    case completedLate = "completed-late"
    case inProgressOnTime = "in-progress"
    case overdue
    case notYetDue = "not-yet-due"
    case waiting
    case ongoing
    case cancelled
    case noDeadline = "no-deadline"

    /// The labels of the Government Office's task tracking (QĐ 42/2014/QĐ-TTg) where they exist.
    public var label: String {
        switch self {
        case .completedOnTime: "Hoàn thành đúng hạn"
        case .completedLate: "Hoàn thành quá hạn"
        case .inProgressOnTime: "Đang thực hiện trong hạn"
        case .overdue: "Đang thực hiện quá hạn"
        case .notYetDue: "Chưa đến hạn"
        case .waiting: "Chờ điều kiện bên ngoài"
        case .ongoing: "Thường xuyên"
        case .cancelled: "Điều chỉnh, hủy bỏ theo quyết định"
        case .noDeadline: "Không có hạn"
        }
    }

    public var severity: Int {
        switch self {
        case .overdue: 0
        case .completedLate: 1
        case .waiting: 2
        case .inProgressOnTime, .notYetDue: 3
        case .ongoing, .noDeadline: 4
        case .completedOnTime, .cancelled: 5
        }
    }
}

/// What the coordinator recorded about a task: the outside event a conditional task waited for (its due date
/// follows), or a decision that adjusted or cancelled it.
public struct TaskDecision: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable { case event, adjusted, cancelled }
    public var kind: Kind
    /// The document (number, symbol, date as written).
    public var document: String
    public var on: CivilDate
    /// For an event: days given after it; the due date is `on + leadDays`.
    public var leadDays: Int?
    /// For an adjustment: the new due date.
    public var newDue: CivilDate?
    public var recordedBy: String
    public init(kind: Kind, document: String, on: CivilDate, leadDays: Int? = nil, newDue: CivilDate? = nil, recordedBy: String) {
        self.kind = kind; self.document = document; self.on = on; self.leadDays = leadDays; self.newDue = newDue; self.recordedBy = recordedBy
    }

    public var due: CivilDate? {
        switch kind {
        case .event: on.adding(days: leadDays ?? 0)
        case .adjusted: newDue
        case .cancelled: nil
        }
    }
}

/// An agency's latest answer for a task.
public struct LatestProgress: Sendable, Hashable {
    public var agencyID: Agency.ID
    public var isLead: Bool
    public var period: Period
    public var reportID: Report.ID
    public var progress: TaskProgress
    public init(agencyID: Agency.ID, isLead: Bool, period: Period, reportID: Report.ID, progress: TaskProgress) {
        self.agencyID = agencyID; self.isLead = isLead; self.period = period; self.reportID = reportID; self.progress = progress
    }
}

public struct TaskEvaluation: Sendable, Hashable {
    public var taskID: StoredTask.ID
    public var status: TaskStatus
    /// The due date after any recorded event or adjustment.
    public var due: CivilDate?
    public var daysOverdue: Int?
    public var daysLate: Int?
    /// Due within 30 days and not completed (Sắp đến hạn).
    public var dueSoon: Bool
    public var completedOn: CivilDate?
    /// The lead agency's latest answer (a partner's when no lead answered).
    public var latest: LatestProgress?
    /// The last reason or note the responsible agency gave.
    public var reason: String?
    public var decision: TaskDecision?

    public init(taskID: StoredTask.ID, status: TaskStatus, due: CivilDate?, daysOverdue: Int?, daysLate: Int?, dueSoon: Bool, completedOn: CivilDate?,
                latest: LatestProgress?, reason: String?, decision: TaskDecision?) {
        self.taskID = taskID; self.status = status; self.due = due; self.daysOverdue = daysOverdue; self.daysLate = daysLate; self.dueSoon = dueSoon
        self.completedOn = completedOn; self.latest = latest; self.reason = reason; self.decision = decision
    }
}

public enum TaskEvaluator {
    public static let dueSoonDays = 30

    /// A task's status on `today` from its deadline, the coordinator's decision and the agencies' latest answers.
    /// The lead agencies' word decides completion; partners' answers are shown but do not complete a task.
    public static func evaluate(_ task: StoredTask, decision: TaskDecision?, progress: [LatestProgress], today: CivilDate) -> TaskEvaluation {
        let ordered = progress.sorted { ($0.isLead ? 0 : 1, $1.period) < ($1.isLead ? 0 : 1, $0.period) }
        let leads = ordered.filter(\.isLead)
        let latest = leads.first ?? ordered.first
        let reason = ordered.lazy.compactMap { p -> String? in
            let r = p.progress.reason.trimmedWhitespace
            return r.isEmpty ? nil : r
        }.first ?? latest.flatMap { $0.progress.note.isEmpty ? nil : $0.progress.note }
        var e = TaskEvaluation(taskID: task.id, status: .noDeadline, due: nil, daysOverdue: nil, daysLate: nil, dueSoon: false,
                               completedOn: nil, latest: latest, reason: reason, decision: decision)
        if decision?.kind == .cancelled { e.status = .cancelled; return e }
        let deadline = task.task.deadline
        let kind = deadline?.kind ?? .unknown
        var due: CivilDate? = decision?.due
        if due == nil, kind == .date || kind == .range { due = deadline?.due }
        e.due = due
        let completions = leads.filter { $0.progress.status == .completed }
        if !completions.isEmpty, completions.count == Set(leads.map(\.agencyID)).count {
            let day = completions.compactMap(\.progress.completedOn).max()
            e.completedOn = day
            if let due, let day, day > due {
                e.status = .completedLate; e.daysLate = day.days(since: due)
            } else {
                e.status = .completedOnTime
            }
            return e
        }
        guard let due else {
            switch kind {
            case .conditional: e.status = .waiting
            case .recurring, .ongoing: e.status = .ongoing
            default: e.status = .noDeadline
            }
            return e
        }
        if today > due {
            e.status = .overdue; e.daysOverdue = today.days(since: due)
        } else {
            let started = leads.contains { $0.progress.status == .inProgress || ($0.progress.percent ?? 0) > 0 }
            e.status = started ? .inProgressOnTime : .notYetDue
            e.dueSoon = due.days(since: today) <= dueSoonDays
        }
        return e
    }
}

// MARK: - Scorecard

/// The weights of the agencies' score, set by the coordinator.
public struct ScoreWeights: Sendable, Hashable, Codable {
    public var tasks: Double
    public var reports: Double
    public var indicators: Double
    /// The credit of a task completed late or a report sent late, against 1 for on time.
    public var lateCredit: Double
    public init(tasks: Double, reports: Double, indicators: Double, lateCredit: Double) {
        self.tasks = tasks; self.reports = reports; self.indicators = indicators; self.lateCredit = lateCredit
    }
    public static let defaults = ScoreWeights(tasks: 50, reports: 30, indicators: 20, lateCredit: 0.5)

    public var isValid: Bool {
        [tasks, reports, indicators].allSatisfy { $0 >= 0 && $0 <= 1000 } && tasks + reports + indicators > 0 && (0...1).contains(lateCredit)
    }
}

/// One report an agency owed in the window, and how it came.
public struct ReportDue: Sendable, Hashable {
    public var planID: StoredPlan.ID
    public var period: Period
    public var due: CivilDate
    public var submittedOn: CivilDate?
    public init(planID: StoredPlan.ID, period: Period, due: CivilDate, submittedOn: CivilDate?) {
        self.planID = planID; self.period = period; self.due = due; self.submittedOn = submittedOn
    }
}

public struct Scorecard: Sendable, Hashable {
    public var agencyID: Agency.ID
    public var tasksOnTime = 0, tasksLate = 0, tasksOverdue = 0
    public var reportsOnTime = 0, reportsLate = 0, reportsMissing = 0
    public var indicatorsGood = 0, indicatorsTotal = 0
    public var taskRate: Double?
    public var reportRate: Double?
    public var indicatorRate: Double?
    /// 0–100; nil when the agency had nothing to count in the window.
    public var score: Double?
    public var rank: Int?
    public init(agencyID: Agency.ID) { self.agencyID = agencyID }
}

public enum ScoreCalculator {
    public static let formula = "Điểm = 100 × (Wnv × Tnv + Wbc × Tbc + Wct × Tct) / (Wnv + Wbc + Wct), trong đó "
        + "Tnv = (nhiệm vụ hoàn thành đúng hạn + hệ số trễ × hoàn thành quá hạn) / (đúng hạn + quá hạn + chưa hoàn thành đã quá hạn); "
        + "Tbc = (báo cáo đúng hạn + hệ số trễ × báo cáo muộn) / số báo cáo phải nộp; "
        + "Tct = chỉ tiêu đạt hoặc đúng tiến độ / số chỉ tiêu được giao (chỉ tiêu định tính chưa được điều phối đánh giá không tính). "
        + "Thành phần không có gì để tính được bỏ khỏi cả tử và mẫu."

    /// The card of one agency in the window [`from`, `asOf`]: tasks it leads whose due date falls in the window,
    /// reports due in the window, and the indicators it leads as evaluated on `asOf`.
    public static func card(agency: Agency.ID, tasks: [TaskEvaluation], reports: [ReportDue], indicators: [IndicatorEvaluation],
                            from: CivilDate, asOf: CivilDate, weights: ScoreWeights) -> Scorecard {
        var c = Scorecard(agencyID: agency)
        for t in tasks {
            guard let due = t.due, due >= from, due <= asOf else { continue }
            switch t.status {
            case .completedOnTime: c.tasksOnTime += 1
            case .completedLate: c.tasksLate += 1
            case .overdue: c.tasksOverdue += 1
            default: break
            }
        }
        for r in reports where r.due >= from && r.due <= asOf {
            switch Timeliness.of(due: r.due, submittedOn: r.submittedOn, today: asOf) {
            case .onTime: c.reportsOnTime += 1
            case .late: c.reportsLate += 1
            case .missing: c.reportsMissing += 1
            case .pending: break
            }
        }
        // A qualitative target waiting for the coordinator's rating counts for nobody yet.
        for i in indicators where i.target != nil && !(i.target?.comparator == .text && i.rating == nil) {
            c.indicatorsTotal += 1
            if i.status == .achieved || i.status == .onTrack { c.indicatorsGood += 1 }
        }
        let taskTotal = c.tasksOnTime + c.tasksLate + c.tasksOverdue
        if taskTotal > 0 { c.taskRate = (Double(c.tasksOnTime) + weights.lateCredit * Double(c.tasksLate)) / Double(taskTotal) }
        let reportTotal = c.reportsOnTime + c.reportsLate + c.reportsMissing
        if reportTotal > 0 { c.reportRate = (Double(c.reportsOnTime) + weights.lateCredit * Double(c.reportsLate)) / Double(reportTotal) }
        if c.indicatorsTotal > 0 { c.indicatorRate = Double(c.indicatorsGood) / Double(c.indicatorsTotal) }
        var sum = 0.0, w = 0.0
        for (rate, weight) in [(c.taskRate, weights.tasks), (c.reportRate, weights.reports), (c.indicatorRate, weights.indicators)] {
            if let rate { sum += weight * rate; w += weight }
        }
        if w > 0 { c.score = 100 * sum / w }
        return c
    }

    /// Ranks by score (higher first); equal scores (to 0.01) share a rank (1, 1, 3); agencies without a score are
    /// not ranked. `names` breaks ties in the order shown.
    public static func rank(_ cards: [Scorecard], names: [Agency.ID: String]) -> [Scorecard] {
        let rounded = { (c: Scorecard) in c.score.map { ($0 * 100).rounded() / 100 } }
        var out = cards.sorted { a, b in
            switch (rounded(a), rounded(b)) {
            case let (x?, y?) where x != y: return x > y
            case (nil, _?): return false
            case (_?, nil): return true
            default: return (names[a.agencyID] ?? "").localizedStandardCompare(names[b.agencyID] ?? "") == .orderedAscending
            }
        }
        var previous: Double?
        var rank = 0
        for i in out.indices {
            guard let s = rounded(out[i]) else { continue }
            if s != previous { rank = i + 1; previous = s }
            out[i].rank = rank
        }
        return out
    }
}
