import Foundation

/// The fields of a task a coordinator can correct in the import preview, before the plan is stored.
public enum TaskField: String, Sendable, CaseIterable, Codable {
    case name, lead, partners, product, deadline

    /// The field's label, as the plan's table heads it.
    public var label: String {
        switch self {
        case .name: "Tên nhiệm vụ"
        case .lead: "Cơ quan chủ trì"
        case .partners: "Cơ quan phối hợp"
        case .product: "Sản phẩm"
        case .deadline: "Thời hạn"
        }
    }

    /// The longest value accepted (a task's name may be a paragraph; the others are short).
    public var maxLength: Int { self == .name ? 2_000 : 1_000 }
}

/// One correction made before storing: the task (by code), the field, the value read and the value typed.
public struct PlanCorrection: Sendable, Hashable, Codable {
    public var code: String
    public var field: TaskField
    public var before: String
    public var after: String
    public init(code: String, field: TaskField, before: String, after: String) {
        self.code = code; self.field = field; self.before = before; self.after = after
    }

    /// How the audit log names it: `nhiệm vụ 2.3 · Cơ quan chủ trì`.
    public var subject: String { "nhiệm vụ \(code) · \(field.label)" }

    /// The audit log's "before" column: what was corrected and the value read.
    public var auditBefore: String { "\(subject): \(before)" }
}

/// Reading and applying corrections: the one place that says how a task's field is shown in the form, how what a
/// coordinator typed is read back, and what is refused.
public enum TaskCorrections {
    /// A field's value as the form shows it: agencies one per `;`, the deadline as written in the document.
    public static func value(_ task: PlanTask, _ field: TaskField) -> String {
        switch field {
        case .name: task.name
        case .lead: task.leadAgencies.joined(separator: "; ")
        case .partners: task.partnerAgencies.joined(separator: "; ")
        case .product: task.product ?? ""
        case .deadline: task.deadline?.text ?? ""
        }
    }

    /// Agencies typed in one box: separated by `;` or line breaks; a piece that names several agencies one after
    /// the other is split as a plan's cell is (`Sở Văn hóa, Thể thao và Du lịch` stays whole).
    public static func agencies(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == ";" || $0 == "\n" || $0 == "\r" })
            .map { TextFolding.collapseSpaces(String($0)) }.filter { !$0.isEmpty }
            .flatMap { AgencyNames.split($0) }
    }

    /// What is wrong with a value typed for a field, in the interface's words; nil when it can be stored.
    public static func problem(_ field: TaskField, _ raw: String) -> String? {
        let text = TextFolding.collapseSpaces(raw)
        if text.count > field.maxLength { return "\(field.label): dài quá \(field.maxLength) ký tự." }
        switch field {
        case .name where text.isEmpty: return "Tên nhiệm vụ không được để trống."
        case .deadline where !text.isEmpty && DeadlineParser.parse(text).kind == .unknown:
            return "Không đọc được thời hạn “\(text)”: ghi như 31/12/2026, Quý IV/2026, Năm 2026, Trước 30/6/2026 hoặc Hằng năm."
        default: return nil
        }
    }

    /// Applies `corrections` (task code → field → value) to the plan: values equal to what was read are not
    /// corrections; a code the plan does not have is ignored. Returns what changed, in the plan's order.
    /// Values must have passed `problem` first.
    @discardableResult
    public static func apply(_ corrections: [String: [String: String]], to document: inout PlanDocument) -> [PlanCorrection] {
        guard !corrections.isEmpty else { return [] }
        var applied: [PlanCorrection] = []
        for i in document.tasks.indices {
            guard let fields = corrections[document.tasks[i].code] else { continue }
            for field in TaskField.allCases {
                guard let raw = fields[field.rawValue] else { continue }
                let before = value(document.tasks[i], field)
                let after = TextFolding.collapseSpaces(raw)
                guard problem(field, raw) == nil else { continue }
                var task = document.tasks[i]
                switch field {
                case .name: task.name = after
                case .lead: task.leadAgencies = agencies(raw)
                case .partners: task.partnerAgencies = agencies(raw)
                case .product: task.product = after.isEmpty ? nil : after
                case .deadline: task.deadline = after.isEmpty ? nil : DeadlineParser.parse(after)
                }
                let now = value(task, field)
                guard now != before else { continue }
                document.tasks[i] = task
                applied.append(PlanCorrection(code: task.code, field: field, before: before, after: now))
            }
        }
        return applied
    }
}
