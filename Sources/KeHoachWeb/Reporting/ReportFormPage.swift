import Foundation
import Hummingbird
import KeHoachApp
import KeHoachCore

/// An agency's report for a period, as one page: the form while the agency may change it, the report as a document
/// once it is submitted (what the coordinator reads to accept or return it).
///
/// The form is built for agencies with many tasks (Lào Cai's Sở KH&CN: 91 tasks, 27 indicators): the tasks the
/// agency leads first, in groups that fold (`<details>`, no script), each group saying how many are filled; the tasks
/// it only supports in a lighter section (a short contribution, the status optional); a summary at the top; save and
/// submit at the top and the bottom. A refused press shows every problem at the top, each linking to its field, and
/// every field as it was typed ("khoảng 50" stays in its box to be corrected). An evidence file is attached from the
/// same form: what is typed is saved as a draft first.
extension ReportsController {
    /// What the page shows besides the stored report: values as typed (a refused press), the problems, the workbook's
    /// problems, a message at the top.
    struct Shown {
        var typed: FormFields?
        var problems: [FieldProblem] = []
        var workbookProblems: [String] = []
        var error: String?
        var flash: String?
    }

    /// The follow-up items the report's proposals became: the agency sees each answer next to its proposal.
    func proposalAnswers(_ report: Report?, plan: StoredPlan, agency: Agency) async throws -> [ReportFormView.ProposalAnswer] {
        guard let report else { return [] }
        let today = app.today
        var out: [ReportFormView.ProposalAnswer] = []
        for f in try await app.store.followUps(province: plan.provinceID, plan: plan.id, agency: agency.id) where f.kind == .proposal && f.reportID == report.id {
            let to = if let a = f.agencyID { try await app.store.agency(a)?.name ?? "" } else { "Cơ quan điều phối" }
            out.append(.init(link: "/follow-ups/\(f.id)", text: f.question, to: to, state: f.status == .open ? f.stateLabel(today: today) : f.status.label,
                             answer: f.answer))
        }
        return out
    }

    func page(user: User, plan: StoredPlan, period: Period, agency: Agency, report: Report?, shown: Shown, context: AppContext,
              status: HTTPResponse.Status = .ok, previous known: Report?? = nil) async throws -> Response {
        let due = try await app.core.due(plan, period, agency: agency.id) ?? period.end
        let previous: Report?
        if let known { previous = known } else { previous = try await app.core.previousReport(plan, period, agency: agency.id) }
        let tasks = try await app.store.tasks(of: plan.id, filter: TaskFilter(agencyID: agency.id))
        let scope = try await app.store.reportScope(plan: plan.id, agency: agency.id)
        let indicators = try await app.store.indicators(ofAgency: agency.id).filter { $0.planID == plan.id }
        let editable = AccessPolicy.allows(user, .editReport, province: plan.provinceID, agency: agency.id) && (report?.status.isEditable ?? true)
        let input = report?.input
        let byTask = Dictionary((input?.tasks ?? []).map { ($0.taskID, $0) }, uniquingKeysWith: { a, _ in a })
        let byIndicator = Dictionary((input?.indicators ?? []).map { ($0.indicatorID, $0) }, uniquingKeysWith: { a, _ in a })
        let prevTask = Dictionary((previous?.tasks ?? []).map { ($0.taskID, $0) }, uniquingKeysWith: { a, _ in a })
        let prevIndicator = Dictionary((previous?.indicators ?? []).map { ($0.indicatorID, $0) }, uniquingKeysWith: { a, _ in a })
        var errors: [String: String] = [:]
        for p in shown.problems where errors[p.field] == nil { errors[p.field] = p.message }
        let typed = shown.typed
        func number(_ x: Double?) -> String { x.map(VietnameseNumber.input) ?? "" }
        /// A field's text: as typed on a refused press, else as stored.
        func value(_ field: String, _ stored: String) -> String { typed.map { $0[field] ?? "" } ?? stored }
        let events = try await report.asyncMap { try await app.store.events(of: $0.id) } ?? []
        let attachments = try await report.asyncMap { try await app.store.attachments(of: $0.id) } ?? []
        let codes = Dictionary(tasks.map { ($0.id, $0.task.code) }, uniquingKeysWith: { a, _ in a })
        let files = attachments.map { ReportFormView.File(id: $0.id.description, name: $0.name, size: "\(max(1, $0.size / 1024)) KB",
                                                          task: $0.taskID.flatMap { codes[$0] }) }

        var problemLines: [ReportFormView.Problem] = []
        let entries = tasks.map { t -> ReportFormView.TaskEntry in
            let a = byTask[t.id]
            let f = "task.\(t.id)"
            let status = value(f + ".status", a?.status?.rawValue ?? "")
            let e = ReportFormView.FieldErrors(status: errors[f + ".status"], percent: errors[f + ".percent"], completedOn: errors[f + ".completedOn"],
                                               reason: errors[f + ".reason"], note: errors[f + ".note"], evidence: errors[f + ".evidence"])
            let leads = scope.leading.contains(t.id)
            let entry = ReportFormView.TaskEntry(
                id: t.id.description, code: t.task.code, name: t.task.name, group: t.task.group, deadline: t.task.deadline?.text ?? "—", leads: leads,
                statuses: TaskProgressStatus.allCases.map { Choice(value: $0.rawValue, label: $0.label, selected: status == $0.rawValue) },
                percent: value(f + ".percent", number(a?.percent)), completedOn: value(f + ".completedOn", a?.completedOn?.description ?? ""),
                note: value(f + ".note", a?.note ?? ""), evidence: value(f + ".evidence", a?.evidence?.text ?? ""),
                evidenceParsed: a?.evidence?.reading,
                reason: value(f + ".reason", a?.reason ?? ""),
                previous: prevTask[t.id].map { p in
                    [p.status?.label, p.percent.map { "\(number($0))%" }, p.note.isEmpty ? nil : p.note].compactMap { $0 }.joined(separator: ", ")
                },
                shown: a.flatMap { a in
                    a.isEmpty ? nil : ReportFormView.Answer(
                        status: a.status?.label, percent: a.percent.map { VietnameseNumber.display($0) + "%" }, completedOn: a.completedOn?.vietnamese,
                        note: a.note.trimmedSpaces.isEmpty ? nil : a.note, evidence: a.evidence?.text,
                        evidenceParsed: a.evidence?.reading, reason: a.reason.trimmedSpaces.isEmpty ? nil : a.reason)
                },
                errors: e, hasError: e.any,
                filled: leads ? !status.isEmpty : !(status.isEmpty && value(f + ".note", a?.note ?? "").trimmedSpaces.isEmpty),
                answered: a.map { !$0.isEmpty } ?? false,
                files: files.filter { $0.task == t.task.code })
            return entry
        }
        let indicatorEntries = indicators.map { i -> ReportFormView.IndicatorEntry in
            let v = byIndicator[i.id]
            let f = "indicator.\(i.id)"
            let e = ReportFormView.FieldErrors(note: errors[f + ".note"], value: errors[f + ".value"], numerator: errors[f + ".numerator"],
                                               denominator: errors[f + ".denominator"])
            let entered = value(f + ".value", number(v?.value))
            let numerator = value(f + ".numerator", number(v?.numerator))
            return ReportFormView.IndicatorEntry(
                id: i.id.description, code: i.indicator.code, name: i.indicator.name, unit: i.indicator.unit,
                targets: ViewModels.targetText(i.indicator.targets), value: entered, numerator: numerator,
                denominator: value(f + ".denominator", number(v?.denominator)), note: value(f + ".note", v?.note ?? ""),
                shownValue: v.flatMap { v in
                    v.value.map { VietnameseNumber.display($0) + (UnitKind.isPercentage(i.indicator.unit) ? "%" : "") }
                        ?? v.numerator.map { "\(VietnameseNumber.display($0))/\(VietnameseNumber.display(v.denominator ?? 0))" }
                },
                previous: prevIndicator[i.id].map { p in p.value.map(number) ?? [p.numerator, p.denominator].compactMap { $0 }.map(number).joined(separator: "/") },
                errors: e, hasError: e.any, filled: !entered.trimmedSpaces.isEmpty || !numerator.trimmedSpaces.isEmpty)
        }
        // Every problem at the top, in the form's order, linking to its field.
        let taskNames = Dictionary(tasks.map { ($0.id.description, "\($0.task.code) \(String($0.task.name.prefix(80)))") }, uniquingKeysWith: { a, _ in a })
        let indicatorNames = Dictionary(indicators.map { ($0.id.description, "\(Texts.text("plan.indicator")) \($0.indicator.code) \(String($0.indicator.name.prefix(80)))") },
                                        uniquingKeysWith: { a, _ in a })
        for p in shown.problems {
            let parts = p.field.split(separator: ".").map(String.init)
            if parts.count == 3, let anchor = Self.anchors[parts[0] + "." + parts[2]],
               let place = parts[0] == "task" ? taskNames[parts[1]] : indicatorNames[parts[1]] {
                problemLines.append(.init(link: "#\(anchor)-\(parts[1])", place: place, message: p.message))
            } else {
                let place = ["difficulties": Texts.text("reports.difficulties"), "proposals": Texts.text("reports.proposals")][p.field]
                problemLines.append(.init(link: place == nil ? "#report-form" : "#\(p.field)", place: place ?? Texts.text("reports.report"), message: p.message))
            }
        }

        let leading = entries.filter(\.leads)
        let supporting = entries.filter { !$0.leads }
        // Small forms open; in a long one, each group folds with its counts, and a group with a problem opens.
        let foldAll = leading.count > 12
        var groups: [ReportFormView.Group] = []
        for entry in leading {
            let name = entry.group ?? Texts.text("reports.ungrouped")
            if let i = groups.firstIndex(where: { $0.name == name }) { groups[i].tasks.append(entry) } else {
                groups.append(.init(name: name, tasks: [entry], count: 0, filled: 0, open: false, hasError: false))
            }
        }
        for i in groups.indices {
            groups[i].count = groups[i].tasks.count
            groups[i].filled = groups[i].tasks.filter(\.filled).count
            groups[i].hasError = groups[i].tasks.contains(where: \.hasError)
            groups[i].open = !foldAll || groups[i].hasError
        }
        let timeliness: String? = report.map {
            Timeliness.of(due: due, submittedOn: $0.firstSubmittedOn, today: app.today).label(overdue: true)
        }
        let agencyQuery = user.agencyID == nil ? agency.id.description : nil
        let answers = try await proposalAnswers(report, plan: plan, agency: agency)
        let view = ReportFormView(
            planID: plan.id.description, planTitle: plan.info.title, agencyName: agency.name, period: period.description,
            agencyQuery: agencyQuery, periodLabel: period.label, due: due.vietnamese, statusLabel: report?.status.label ?? "Chưa lập",
            timeliness: timeliness, returnComment: report.flatMap { $0.status == .returned ? $0.returnComment : nil },
            editable: editable, groups: groups, leadingCount: leading.count, leadingFilled: leading.filter(\.filled).count,
            supporting: supporting, hasSupporting: !supporting.isEmpty, supportingCount: supporting.count,
            supportingFilled: supporting.filter(\.filled).count, supportingOpen: supporting.count <= 12 || supporting.contains(where: \.hasError),
            answered: entries.filter(\.answered), unanswered: Optional(entries.filter { !$0.answered }.map(\.code).joined(separator: ", ")).flatMap { $0.isEmpty ? nil : $0 },
            indicators: indicatorEntries, hasIndicators: !indicators.isEmpty, indicatorCount: indicators.count, indicatorFilled: indicatorEntries.filter(\.filled).count,
            indicatorsOpen: indicators.count <= 12 || indicatorEntries.contains(where: \.hasError),
            difficulties: value("difficulties", input?.difficulties ?? ""), proposals: value("proposals", input?.proposals ?? ""),
            difficultiesError: errors["difficulties"], proposalsError: errors["proposals"],
            difficultiesText: (input?.difficulties).flatMap { $0.trimmedSpaces.isEmpty ? nil : $0 },
            proposalsText: (input?.proposals).flatMap { $0.trimmedSpaces.isEmpty ? nil : $0 },
            proposalAnswers: answers, hasProposalAnswers: !answers.isEmpty,
            problems: problemLines, hasProblems: !problemLines.isEmpty, problemCount: problemLines.count,
            needsConfirmation: shown.problems.contains { $0.needsConfirmation },
            error: shown.error,
            canReview: report != nil && AccessPolicy.allows(user, .reviewReports, province: plan.provinceID),
            isSubmitted: report?.status == .submitted, isAccepted: report?.status == .accepted, reportID: report?.id.description,
            workbookProblems: shown.workbookProblems, hasWorkbookProblems: !shown.workbookProblems.isEmpty,
            attachments: files, hasAttachments: !files.isEmpty,
            taskChoices: tasks.map { Choice(value: $0.id.description, label: "\($0.task.code) \(String($0.task.name.prefix(60)))", selected: false) },
            formAction: "/reports/\(plan.id)/\(period)" + (agencyQuery.map { "?agency=\($0)" } ?? ""),
            filesAction: "/reports/\(plan.id)/\(period)/files" + (agencyQuery.map { "?agency=\($0)" } ?? ""),
            events: events.map { .init(at: $0.when, stamp: $0.at, username: $0.username, action: $0.actionLabel, comment: $0.comment) },
            hasEvents: !events.isEmpty)
        return app.pages.render(.reportForm, title: "\(Texts.text("reports.report")) \(period.label)", view: view, context: context,
                                flash: shown.flash, status: status)
    }

    /// The id prefix of each field of the form (`s-12` is task 12's status), for the links of the problem list.
    static let anchors = ["task.status": "s", "task.percent": "p", "task.completedOn": "c", "task.reason": "r", "task.note": "n", "task.evidence": "e",
                          "indicator.value": "v", "indicator.numerator": "nu", "indicator.denominator": "de", "indicator.note": "in"]

    /// The message after a press that saved (`?saved=` on the report's address).
    static func savedMessage(_ code: String?) -> String? {
        switch code {
        case "draft": Texts.text("reports.savedDraft")
        case "submitted": Texts.text("reports.savedSubmitted")
        case "attached": Texts.text("reports.savedAttached")
        case "workbook": Texts.text("reports.savedWorkbook")
        default: nil
        }
    }
}

/// `reportForm`: the report form, or the report as a document (see ReportsController.page).
struct ReportFormView: Encodable {
    struct FieldErrors: Encodable {
        var status, percent, completedOn, reason, note, evidence: String?
        var value, numerator, denominator: String?
        var any: Bool { [status, percent, completedOn, reason, note, evidence, value, numerator, denominator].contains { $0 != nil } }
    }
    struct File: Encodable {
        var id, name, size: String
        var task: String?
    }
    struct TaskEntry: Encodable {
        var id, code, name: String
        var group: String?
        var deadline: String
        var leads: Bool
        var statuses: [Choice]
        var percent, completedOn: String
        var note, evidence: String
        var evidenceParsed: String?
        var reason: String
        var previous: String?
        /// What the agency reported, for the report read as a document (nil: nothing).
        var shown: Answer?
        var errors: FieldErrors
        var hasError, filled, answered: Bool
        var files: [File]
    }
    struct Answer: Encodable {
        var status, percent, completedOn, note, evidence, evidenceParsed, reason: String?
    }
    struct Group: Encodable {
        var name: String
        var tasks: [TaskEntry]
        var count, filled: Int
        var open, hasError: Bool
    }
    struct IndicatorEntry: Encodable {
        var id, code, name: String
        var unit: String?
        var targets, value, numerator, denominator, note: String
        var shownValue, previous: String?
        var errors: FieldErrors
        var hasError, filled: Bool
    }
    struct Problem: Encodable {
        var link, place, message: String
    }
    struct Event: Encodable {
        var at, stamp, username, action: String
        var comment: String?
    }
    var planID, planTitle, agencyName, period: String
    var agencyQuery: String?
    var periodLabel, due, statusLabel: String
    var timeliness, returnComment: String?
    var editable: Bool
    var groups: [Group]
    var leadingCount, leadingFilled: Int
    var supporting: [TaskEntry]
    var hasSupporting: Bool
    var supportingCount, supportingFilled: Int
    var supportingOpen: Bool
    var answered: [TaskEntry]
    var unanswered: String?
    var indicators: [IndicatorEntry]
    var hasIndicators: Bool
    var indicatorCount, indicatorFilled: Int
    var indicatorsOpen: Bool
    var difficulties, proposals: String
    var difficultiesError, proposalsError, difficultiesText, proposalsText: String?
    /// What became of this report's proposals (assigned, answered), beside them.
    struct ProposalAnswer: Encodable {
        var link, text, to, state: String
        var answer: String?
    }
    var proposalAnswers: [ProposalAnswer]
    var hasProposalAnswers: Bool
    var problems: [Problem]
    var hasProblems: Bool
    var problemCount: Int
    var needsConfirmation: Bool
    var error: String?
    var canReview, isSubmitted, isAccepted: Bool
    var reportID: String?
    var workbookProblems: [String]
    var hasWorkbookProblems: Bool
    var attachments: [File]
    var hasAttachments: Bool
    var taskChoices: [Choice]
    var formAction, filesAction: String
    var events: [Event]
    var hasEvents: Bool
}
