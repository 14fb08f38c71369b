import Foundation

/// Where a task stands, as the agency reports it.
public enum TaskProgressStatus: String, Sendable, Codable, CaseIterable {
    case notStarted = "not-started"
    case inProgress = "in-progress"
    case completed
    /// Waiting for an outside event (a conditional deadline).
    case waiting
    /// Cannot be done; the reason is required.
    case cannotDo = "cannot-do"

    public var label: String {
        switch self {
        case .notStarted: "Chưa triển khai"
        case .inProgress: "Đang thực hiện"
        case .completed: "Đã hoàn thành"
        case .waiting: "Chờ điều kiện bên ngoài"
        case .cannotDo: "Không thể thực hiện"
        }
    }
}

/// An agency's answer for one task in one period.
public struct TaskProgress: Sendable, Hashable, Codable {
    public var taskID: StoredTask.ID
    public var status: TaskProgressStatus?
    public var percent: Double?
    public var completedOn: CivilDate?
    /// Kết quả thực hiện: what was done.
    public var note: String
    public var evidence: DocumentReference?
    /// Why it cannot be done, or what it waits for.
    public var reason: String

    public init(taskID: StoredTask.ID, status: TaskProgressStatus? = nil, percent: Double? = nil, completedOn: CivilDate? = nil,
                note: String = "", evidence: DocumentReference? = nil, reason: String = "") {
        self.taskID = taskID; self.status = status; self.percent = percent; self.completedOn = completedOn
        self.note = note; self.evidence = evidence; self.reason = reason
    }

    public var isEmpty: Bool { status == nil && percent == nil && completedOn == nil && note.isEmpty && evidence == nil && reason.isEmpty }
}

/// An agency's value for one indicator in one period: a value, or a numerator and a denominator.
public struct IndicatorValue: Sendable, Hashable, Codable {
    public var indicatorID: StoredIndicator.ID
    public var value: Double?
    public var numerator: Double?
    public var denominator: Double?
    /// How it was counted.
    public var note: String

    public init(indicatorID: StoredIndicator.ID, value: Double? = nil, numerator: Double? = nil, denominator: Double? = nil, note: String = "") {
        self.indicatorID = indicatorID; self.value = value; self.numerator = numerator; self.denominator = denominator; self.note = note
    }

    /// The value, or the ratio of numerator to denominator (as a percentage when the unit is one).
    public func effectiveValue(percent: Bool) -> Double? {
        if let value { return value }
        guard let n = numerator, let d = denominator, d > 0 else { return nil }
        return percent ? n / d * 100 : n / d
    }

    public var isEmpty: Bool { value == nil && numerator == nil && denominator == nil && note.isEmpty }
}

/// The workflow of a report: draft → submitted → accepted, or returned and submitted again.
public enum ReportStatus: String, Sendable, Codable, CaseIterable {
    case draft, submitted, accepted, returned

    public var label: String {
        switch self {
        case .draft: "Bản nháp"
        case .submitted: "Đã gửi"
        case .accepted: "Đã tiếp nhận"
        case .returned: "Trả lại để sửa"
        }
    }

    /// The agency may still change it.
    public var isEditable: Bool { self == .draft || self == .returned }
}

/// One agency's report for one plan and period.
public struct Report: Sendable, Hashable, Codable {
    public typealias ID = EntityID<Report>
    public var id: ID
    public var planID: StoredPlan.ID
    public var agencyID: Agency.ID
    public var period: Period
    public var status: ReportStatus
    public var tasks: [TaskProgress]
    public var indicators: [IndicatorValue]
    /// Khó khăn, vướng mắc.
    public var difficulties: String
    /// Kiến nghị, đề xuất.
    public var proposals: String
    /// The coordinator's comment when the report was returned.
    public var returnComment: String?
    /// Day of the first submission (timeliness counts from it).
    public var firstSubmittedOn: CivilDate?
    public var updatedAt: String

    public init(id: ID, planID: StoredPlan.ID, agencyID: Agency.ID, period: Period, status: ReportStatus, tasks: [TaskProgress],
                indicators: [IndicatorValue], difficulties: String, proposals: String, returnComment: String?, firstSubmittedOn: CivilDate?,
                updatedAt: String) {
        self.id = id; self.planID = planID; self.agencyID = agencyID; self.period = period; self.status = status; self.tasks = tasks
        self.indicators = indicators; self.difficulties = difficulties; self.proposals = proposals; self.returnComment = returnComment
        self.firstSubmittedOn = firstSubmittedOn; self.updatedAt = updatedAt
    }
}

/// What an agency writes into a report form (a draft or a submission).
public struct ReportInput: Sendable, Hashable {
    public var tasks: [TaskProgress]
    public var indicators: [IndicatorValue]
    public var difficulties: String
    public var proposals: String
    public init(tasks: [TaskProgress], indicators: [IndicatorValue], difficulties: String, proposals: String) {
        self.tasks = tasks; self.indicators = indicators; self.difficulties = difficulties; self.proposals = proposals
    }
}

extension Report {
    /// What the report holds, as it would be entered again (the form, the workbook, last period's values).
    public var input: ReportInput { ReportInput(tasks: tasks, indicators: indicators, difficulties: difficulties, proposals: proposals) }
}

/// A problem with one field of a report, in Vietnamese, and whether confirming it is enough.
public struct FieldProblem: Sendable, Hashable {
    /// The form field, e.g. `task.12.percent`, `indicator.7.numerator`.
    public var field: String
    public var message: String
    /// An outlier: accepted when the reporter confirms the value.
    public var needsConfirmation: Bool
    public init(field: String, message: String, needsConfirmation: Bool = false) {
        self.field = field; self.message = message; self.needsConfirmation = needsConfirmation
    }
}

/// Server-side rules of a report, as DHIS2's validation rules and outlier checks.
public enum ReportValidation {
    /// The longest texts a report keeps, in characters: a task's note, its evidence reference and its reason, an
    /// indicator's note, the difficulties and the proposals. The form, the workbook and the API are held to them alike.
    public static let noteLimit = 4_000, evidenceLimit = 500, reasonLimit = 1_000, indicatorNoteLimit = 1_000, sectionLimit = 10_000

    /// A text past its limit is refused beside its field, never cut short without a word.
    public static func lengthProblems(_ input: ReportInput) -> [FieldProblem] {
        var out: [FieldProblem] = []
        func check(_ field: String, _ value: String, _ limit: Int) {
            guard value.count > limit else { return }
            out.append(FieldProblem(field: field, message: "Quá dài: tối đa \(VietnameseNumber.display(Double(limit))) ký tự (đã nhập \(VietnameseNumber.display(Double(value.count))))."))
        }
        for t in input.tasks {
            check("task.\(t.taskID).note", t.note, noteLimit)
            check("task.\(t.taskID).evidence", t.evidence?.text ?? "", evidenceLimit)
            check("task.\(t.taskID).reason", t.reason, reasonLimit)
        }
        for v in input.indicators { check("indicator.\(v.indicatorID).note", v.note, indicatorNoteLimit) }
        check("difficulties", input.difficulties, sectionLimit)
        check("proposals", input.proposals, sectionLimit)
        return out
    }

    /// Checks a report's input. `submitting` adds the rules that only a submission needs, for each task the agency
    /// leads (a status, the completion date, a reason when it cannot be done); a task it only supports
    /// (`supportedTasks`) needs none of them.
    /// `percentIndicators` and `countIndicators` tell which indicators are percentages and which count.
    public static func problems(_ input: ReportInput, previous: ReportInput?, today: CivilDate, submitting: Bool,
                                percentIndicators: Set<StoredIndicator.ID>, countIndicators: Set<StoredIndicator.ID>,
                                supportedTasks: Set<StoredTask.ID> = [], outlierFactor: Double = 3) -> [FieldProblem] {
        var out = lengthProblems(input)
        for t in input.tasks {
            let f = "task.\(t.taskID)"
            if let p = t.percent, !(0...100).contains(p) { out.append(FieldProblem(field: f + ".percent", message: "Tỷ lệ hoàn thành phải từ 0 đến 100.")) }
            if let d = t.completedOn, d > today { out.append(FieldProblem(field: f + ".completedOn", message: "Ngày hoàn thành không được ở tương lai.")) }
            // A task the agency only supports gives its contribution; the lead answers for status, dates and reasons.
            let leads = !supportedTasks.contains(t.taskID)
            if t.status == .completed, submitting, leads, t.completedOn == nil {
                out.append(FieldProblem(field: f + ".completedOn", message: "Cần ghi ngày hoàn thành."))
            }
            if t.status != .completed, t.completedOn != nil {
                out.append(FieldProblem(field: f + ".completedOn", message: "Chỉ ghi ngày hoàn thành khi nhiệm vụ đã hoàn thành."))
            }
            if t.status == .cannotDo || t.status == .waiting, submitting, leads, t.reason.trimmedSpaces.isEmpty {
                out.append(FieldProblem(field: f + ".reason", message: t.status == .cannotDo ? "Cần nêu lý do không thể thực hiện." : "Cần nêu điều kiện đang chờ."))
            }
            if submitting, t.status == nil, leads {
                out.append(FieldProblem(field: f + ".status", message: "Cần chọn tình trạng thực hiện."))
            }
        }
        let previousValues = Dictionary((previous?.indicators ?? []).map { ($0.indicatorID, $0) }, uniquingKeysWith: { a, _ in a })
        for v in input.indicators {
            let f = "indicator.\(v.indicatorID)"
            let isPercent = percentIndicators.contains(v.indicatorID)
            if let n = v.numerator, let d = v.denominator, n > d { out.append(FieldProblem(field: f + ".numerator", message: "Tử số không được lớn hơn mẫu số.")) }
            if (v.numerator == nil) != (v.denominator == nil) { out.append(FieldProblem(field: f + ".denominator", message: "Cần nhập cả tử số và mẫu số.")) }
            if let d = v.denominator, d <= 0 { out.append(FieldProblem(field: f + ".denominator", message: "Mẫu số phải lớn hơn 0.")) }
            for (name, x) in [("numerator", v.numerator), ("denominator", v.denominator)] {
                if let x, x < 0 || x.rounded() != x { out.append(FieldProblem(field: f + "." + name, message: "Tử số và mẫu số là số nguyên không âm.")) }
            }
            if let x = v.value {
                if isPercent, !(0...100).contains(x) { out.append(FieldProblem(field: f + ".value", message: "Tỷ lệ phải từ 0 đến 100.")) }
                if countIndicators.contains(v.indicatorID), x < 0 || x.rounded() != x { out.append(FieldProblem(field: f + ".value", message: "Số lượng phải là số nguyên không âm.")) }
            }
            // Outlier: far from last period's value.
            if let now = v.effectiveValue(percent: isPercent), let before = previousValues[v.indicatorID]?.effectiveValue(percent: isPercent) {
                let far = before == 0 ? abs(now) > 0 && !isPercent && abs(now) > 10 : (now / before > outlierFactor || before / max(now, .leastNonzeroMagnitude) > outlierFactor)
                if far {
                    out.append(FieldProblem(field: f + ".value", message: "Giá trị khác xa kỳ trước (\(VietnameseNumber.display(before))); vui lòng xác nhận.", needsConfirmation: true))
                }
            }
        }
        return out
    }

}
