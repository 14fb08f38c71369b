import Foundation
import KeHoachApp
import Hummingbird
import KeHoachCore
import KeHoachReports
import KeHoachStore

/// Periodic reports: the list of what is due, an agency's form for a period (draft, submit), the
/// coordinator's accept / return / reopen, the submission matrix and the reporting calendar.
struct ReportsController {
    let app: AppServices

    func register(_ router: RouteTable) {
        router.get("/reports", use: app.cachedRoute(.everything, list))
        router.get("/reports/:plan/:period", use: form)
        router.post("/reports/:plan/:period", use: save)
        router.get("/reports/:plan/:period/xlsx", use: download)
        router.post("/reports/:plan/:period/files", use: attach)
        router.get("/files/:id", use: file)
        router.post("/reports/:plan/:period/xlsx", use: upload)
        router.post("/reviews/:id/accept", use: accept)
        router.post("/reviews/:id/return", use: returnReport)
        router.post("/reviews/:id/reopen", use: reopen)
        router.get("/plans/:id/matrix", use: app.cachedRoute(.everything, matrix))
        router.post("/plans/:id/reporting", use: setCalendar)
        router.post("/plans/:id/adhoc", use: createAdhoc)
    }

    static func calendarText(_ plan: StoredPlan) -> String {
        ViewModels.reporting(plan.info.reporting) ?? "Báo cáo hằng năm (kế hoạch không nêu chế độ báo cáo)"
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.require(.viewReports, request, province: context.user?.provinceID)
        var plans: [ReportsView.Plan] = []
        for province in try await app.visibleProvinces(user) {
            for plan in try await app.store.plans(in: province.id) {
                let calendar = ReportingCalendar(rule: plan.info.reporting)
                let period = calendar.current(on: app.today)
                var d = ReportsView.Plan(id: plan.id.description, title: plan.info.title, calendar: Self.calendarText(plan),
                                         periodLabel: period.label, due: calendar.due(period).vietnamese)
                if let agency = user.agencyID {
                    guard try await app.core.reportingAgencies(of: plan).contains(where: { $0.id == agency }) else { continue }
                    let report = try await app.store.report(plan: plan.id, agency: agency, period: period)
                    d.agencyReport = .init(id: plan.id.description, period: period.description, status: report?.status.label ?? "Chưa lập")
                    // Every period still to report, past due first (issue 16: a reporter sees what is missing, not only this period).
                    let titles = Dictionary(try await app.store.adhocRequests(of: plan.id).map { ($0.period, $0.title) }, uniquingKeysWith: { a, _ in a })
                    let open = try await app.core.openReports(plan, agency: agency)
                    d.open = open.map { c in
                        .init(link: "/reports/\(plan.id)/\(c.period)", label: titles[c.period].map { "\(Texts.text("reports.adhoc")): \($0)" } ?? c.period.label,
                              due: c.due.vietnamese, status: c.report?.status.label ?? "Chưa lập",
                              state: c.timeliness.label(pending: "chưa đến hạn", overdue: true), late: c.due < app.today)
                    }
                    d.hasOpen = !open.isEmpty
                } else {
                    d.matrix = true
                }
                plans.append(d)
            }
        }
        return app.pages.render(.reports, title: Texts.text("reports.title"), view: ReportsView(plans: plans), context: context)
    }

    @Sendable func form(_ request: Request, context: AppContext) async throws -> Response {
        let (user, plan, period, agency) = try await app.reportScope(request, context, edit: false)
        let report = try await app.store.report(plan: plan.id, agency: agency.id, period: period)
        // The form shows this report and last period's (drafts both): kept while those two and the evaluated data
        // are the same, so other agencies' drafts do not make it stale.
        let previous = try await app.core.previousReport(plan, period, agency: agency.id)
        let flash = Self.savedMessage(try FormFields.query(request).text("saved"))
        return try await app.cached(request, context, scope: .evaluated, revision: [report, previous]) {
            try await page(user: user, plan: plan, period: period, agency: agency, report: report, shown: Shown(flash: flash),
                           context: context, previous: previous)
        }
    }

    /// Reads the form; numbers may be written the Vietnamese way (`92,5`).
    func input(_ form: FormFields, tasks: [StoredTask.ID], indicators: [StoredIndicator.ID]) -> (ReportInput, [FieldProblem]) {
        var problems: [FieldProblem] = []
        func number(_ field: String) -> Double? {
            guard let text = form.text(field) else { return nil }
            if let v = VietnameseNumber.parse(text) ?? Double(text) { return v }
            problems.append(FieldProblem(field: field, message: "Không phải là số."))
            return nil
        }
        func date(_ field: String) -> CivilDate? {
            guard let text = form.text(field) else { return nil }
            if let d = CivilDate(iso: text) { return d }
            problems.append(FieldProblem(field: field, message: "Ngày không hợp lệ."))
            return nil
        }
        // Lengths are checked with the rest of the report (ReportValidation.lengthProblems), for the form, the
        // workbook and the API alike.
        func text(_ field: String) -> String { form.text(field) ?? "" }
        let progress = tasks.map { id -> TaskProgress in
            let f = "task.\(id)"
            // (Read from at most 10.000 characters: longer is refused anyway.)
            let evidence = Optional(text(f + ".evidence")).flatMap { $0.isEmpty ? nil : DocumentReference.parse(String($0.prefix(10_000))) }
            var status: TaskProgressStatus? = nil
            if let s = form.text(f + ".status") {
                status = TaskProgressStatus(rawValue: s)
                if status == nil { problems.append(FieldProblem(field: f + ".status", message: "Tình trạng không hợp lệ.")) }
            }
            return TaskProgress(taskID: id, status: status, percent: number(f + ".percent"), completedOn: date(f + ".completedOn"),
                                note: text(f + ".note"), evidence: evidence, reason: text(f + ".reason"))
        }
        let values = indicators.map { id -> IndicatorValue in
            let f = "indicator.\(id)"
            return IndicatorValue(indicatorID: id, value: number(f + ".value"), numerator: number(f + ".numerator"),
                                  denominator: number(f + ".denominator"), note: text(f + ".note"))
        }
        return (ReportInput(tasks: progress, indicators: values, difficulties: text("difficulties"), proposals: text("proposals")), problems)
    }

    /// A submitted or accepted report takes no upload: a 409 on the error page, saying who can open it again.
    static func locked(_ status: ReportStatus) -> HTTPError {
        HTTPError(.conflict, message: "Báo cáo đang ở trạng thái «\(status.label)»; cần cơ quan điều phối mở lại để sửa.")
    }

    /// The largest report form accepted: 91 tasks with notes of a few hundred words each fit well inside it.
    static let maxFormBytes = 1_048_576

    @Sendable func save(_ request: Request, context: AppContext) async throws -> Response {
        let (user, plan, period, agency) = try await app.reportScope(request, context, edit: true)
        let form = try await FormFields.body(request, limit: Self.maxFormBytes)
        try context.checkCSRF(form)
        // The two buttons send "save" or "submit"; anything else is not this form's.
        guard ["save", "submit", nil].contains(form["action"]) else { throw HTTPError(.badRequest, message: Texts.text("error.badRequest")) }
        let submit = form["action"] == "submit"
        let scope = try await app.store.reportScope(plan: plan.id, agency: agency.id)
        // The attach button's task choice travels with every press of the form: it must be one of the agency's tasks.
        _ = try Self.chosenTask(form.text("task"), in: scope)
        let result = try await saveTyped(form, submit: submit, plan: plan, period: period, agency: agency, scope: scope, context: context)
        if case let .refused(problems) = result {
            return try await refused(form, problems: problems, user: user, plan: plan, period: period, agency: agency, context: context)
        }
        return back(user: user, plan: plan, period: period, agency: agency, saved: submit ? "submitted" : "draft")
    }

    /// The report form's fields read and handed to the one submission path (scope → validate against last period's
    /// values and the outlier factor → save).
    func saveTyped(_ form: FormFields, submit: Bool, plan: StoredPlan, period: Period, agency: Agency, scope: ReportScope,
                   context: AppContext) async throws -> KeHoachApp.SubmissionResult {
        let (input, unreadable) = input(form, tasks: scope.tasks, indicators: scope.indicators.map(\.0))
        return try await app.core.submitReport(plan: plan, agency: agency.id, period: period, input: input, submit: submit,
                                               confirmed: form["confirm"] == "1", problems: unreadable, scope: scope, by: context.actor)
    }

    /// The task an evidence file is for: none (the whole report), or one of the agency's tasks; anything else is a
    /// wrong request.
    static func chosenTask(_ chosen: String?, in scope: ReportScope) throws -> StoredTask.ID? {
        guard let chosen, !chosen.isEmpty else { return nil }
        guard let id = StoredTask.ID(chosen), scope.tasks.contains(id) else { throw HTTPError(.badRequest, message: Texts.text("error.badRequest")) }
        return id
    }

    /// The form again after a refused press: every problem at the top and beside its field, every field as typed.
    func refused(_ form: FormFields, problems: [FieldProblem], error: String? = nil, user: User, plan: StoredPlan, period: Period, agency: Agency,
                 context: AppContext, status: HTTPResponse.Status = .unprocessableContent) async throws -> Response {
        let report = try await app.store.report(plan: plan.id, agency: agency.id, period: period)
        // A press from another page (an upload without the form's fields) shows the report as stored.
        let typed = form.isReportForm ? form : nil
        return try await page(user: user, plan: plan, period: period, agency: agency, report: report,
                              shown: Shown(typed: typed, problems: problems, error: error), context: context, status: status)
    }

    /// Back to the report after a press that saved, with the message saying what was done.
    func back(user: User, plan: StoredPlan, period: Period, agency: Agency, saved: String) -> Response {
        Pages.redirect("/reports/\(plan.id)/\(period)?" + (user.agencyID == nil ? "agency=\(agency.id)&" : "") + "saved=\(saved)")
    }

    /// The form as an Excel workbook to fill offline.
    @Sendable func download(_ request: Request, context: AppContext) async throws -> Response {
        let (_, plan, period, agency) = try await app.reportScope(request, context, edit: false)
        let report = try await app.store.report(plan: plan.id, agency: agency.id, period: period)
        let previous = try await app.core.previousReport(plan, period, agency: agency.id)
        let data = try ReportWorkbook.make(planTitle: plan.info.title, agencyName: agency.name, period: period,
                                           due: try await app.core.due(plan, period, agency: agency.id) ?? period.end,
                                           tasks: try await app.store.tasks(of: plan.id, filter: TaskFilter(agencyID: agency.id)),
                                           indicators: try await app.store.indicators(ofAgency: agency.id).filter { $0.planID == plan.id },
                                           current: report?.input, previous: previous?.input)
        return Response(status: .ok, headers: [
            .contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            .contentDisposition: "attachment; filename=\"bao-cao-\(plan.id)-\(period).xlsx\"",
            .cacheControl: "no-store",
        ], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A filled workbook back: saved as a draft when every row is right; otherwise nothing is saved and every
    /// problem is listed by sheet, row and column.
    @Sendable func upload(_ request: Request, context: AppContext) async throws -> Response {
        let (user, plan, period, agency) = try await app.reportScope(request, context, edit: true)
        let parts = try await Multipart.read(request, context, limit: 20 * 1_048_576)
        let report = try await app.store.report(plan: plan.id, agency: agency.id, period: period)
        if let r = report, !r.status.isEditable { throw Self.locked(r.status) }
        let tasks = try await app.store.tasks(of: plan.id, filter: TaskFilter(agencyID: agency.id))
        let indicators = try await app.store.indicators(ofAgency: agency.id).filter { $0.planID == plan.id }
        switch ReportWorkbook.read(parts.fileData ?? Data(), period: period, tasks: tasks, indicators: indicators, today: app.today) {
        case let .failure(failure):
            return try await page(user: user, plan: plan, period: period, agency: agency, report: report,
                                  shown: Shown(workbookProblems: failure.problems.map(\.description)), context: context, status: .unprocessableContent)
        case let .success(input):
            // The same checks as the form's, last period's values and the outlier factor included; saved as a draft.
            switch try await app.core.submitReport(plan: plan, agency: agency.id, period: period, input: input, submit: false, confirmed: false, by: context.actor) {
            case .saved:
                return back(user: user, plan: plan, period: period, agency: agency, saved: "workbook")
            case let .refused(problems):
                return try await page(user: user, plan: plan, period: period, agency: agency, report: report,
                                      shown: Shown(problems: problems), context: context, status: .unprocessableContent)
            }
        }
    }

    /// Attaches an evidence file (PDF, DOCX, XLSX, JPG, PNG, checked by content) to the agency's report. Pressed on
    /// the report form, it carries the whole form: what is typed is saved as a draft first, so attaching a file never
    /// loses it; a file refused, or a form with problems, shows the form again as typed, nothing kept.
    @Sendable func attach(_ request: Request, context: AppContext) async throws -> Response {
        let (user, plan, period, agency) = try await app.reportScope(request, context, edit: true)
        let parts = try await Multipart.read(request, context, limit: app.maxAttachmentBytes + Self.maxFormBytes, tooLarge: Texts.text("files.tooLarge"))
        let form = FormFields(values: parts.fields.mapValues { [$0] })
        // The attach button, or any of the form's buttons (a browser without formaction support); nothing else.
        guard ["attach", "save", "submit", nil].contains(parts.fields["action"]) else { throw HTTPError(.badRequest, message: Texts.text("error.badRequest")) }
        func refuse(_ status: HTTPResponse.Status, _ message: String) async throws -> Response {
            try await refused(form, problems: [], error: message, user: user, plan: plan, period: period, agency: agency, context: context, status: status)
        }
        guard let data = parts.fileData, !data.isEmpty, let name = parts.fileName else { return try await refuse(.badRequest, Texts.text("files.none")) }
        guard data.count <= app.maxAttachmentBytes else { return try await refuse(.contentTooLarge, Texts.text("files.tooLarge")) }
        guard let kind = EvidenceKind.detect(data) else { return try await refuse(.unsupportedMediaType, Texts.text("files.kind")) }
        let ext = name.split(separator: ".").last.map { $0.lowercased() } ?? ""
        guard kind.extensions.contains(ext) else { return try await refuse(.unsupportedMediaType, Texts.text("files.lying")) }
        let scope = try await app.store.reportScope(plan: plan.id, agency: agency.id)
        let task = try Self.chosenTask(parts.fields["task"], in: scope)
        var report = try await app.store.report(plan: plan.id, agency: agency.id, period: period)
        if let r = report, !r.status.isEditable { throw Self.locked(r.status) }
        if form.isReportForm {
            switch try await saveTyped(form, submit: false, plan: plan, period: period, agency: agency, scope: scope, context: context) {
            case let .refused(problems):
                return try await refused(form, problems: problems, error: Texts.text("files.notAttached"), user: user, plan: plan, period: period,
                                         agency: agency, context: context)
            case let .saved(saved):
                report = saved
            }
        } else if report == nil {
            report = try await app.store.saveReport(plan: plan.id, agency: agency.id, period: period,
                                                    input: ReportInput(tasks: [], indicators: [], difficulties: "", proposals: ""), submit: false, today: app.today, by: context.actor)
        }
        let sha = try app.files.store(data)
        _ = try await app.store.addAttachment(report: report!.id, task: task, sha256: sha, name: name, mediaType: kind.mediaType, size: data.count, by: context.actor)
        return back(user: user, plan: plan, period: period, agency: agency, saved: "attached")
    }

    /// An attached file, to whoever may read the report.
    @Sendable func file(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser(request)
        guard let id = Attachment.ID(context.parameters.get("id") ?? ""), let attachment = try await app.store.attachment(id),
              let report = try await app.store.report(attachment.reportID), let plan = try await app.store.plan(report.planID) else { throw HTTPError(.notFound) }
        _ = try context.require(.viewReports, request, province: plan.provinceID, agency: report.agencyID)
        let data = try app.files.read(attachment.sha256)
        let ascii = Multipart.sanitise(attachment.name).unicodeScalars.filter { $0.isASCII && $0 != "\"" }
        return Response(status: .ok, headers: [
            .contentType: attachment.mediaType, .cacheControl: "private, no-store",
            .contentDisposition: "attachment; filename=\"\(String(String.UnicodeScalarView(ascii)))\"",
        ], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    func reviewed(_ request: Request, _ context: AppContext) async throws -> (Report, FormFields) {
        _ = try context.require(.reviewReports, request, province: context.user?.provinceID)
        guard let id = Report.ID(context.parameters.get("id") ?? ""), let report = try await app.store.report(id),
              let plan = try await app.store.plan(report.planID) else { throw HTTPError(.notFound) }
        _ = try context.require(.reviewReports, request, province: plan.provinceID)
        let form = try await FormFields.body(request)
        try context.checkCSRF(form)
        return (report, form)
    }

    /// A coordinator's form posted about a whole plan (its calendar, an ad-hoc request): role, province, CSRF.
    func planForm(_ request: Request, _ context: AppContext) async throws -> (StoredPlan, FormFields) {
        _ = try context.require(.reviewReports, request, province: context.user?.provinceID)
        guard let planID = StoredPlan.ID(context.parameters.get("id") ?? ""), let plan = try await app.store.plan(planID) else { throw HTTPError(.notFound) }
        _ = try context.require(.reviewReports, request, province: plan.provinceID)
        let form = try await FormFields.body(request)
        try context.checkCSRF(form)
        return (plan, form)
    }

    func back(_ r: Report) -> Response { Pages.redirect("/reports/\(r.planID)/\(r.period)?agency=\(r.agencyID)") }

    @Sendable func accept(_ request: Request, context: AppContext) async throws -> Response {
        let (report, _) = try await reviewed(request, context)
        try await app.store.acceptReport(report.id, by: context.actor)
        return back(report)
    }

    @Sendable func returnReport(_ request: Request, context: AppContext) async throws -> Response {
        let (report, form) = try await reviewed(request, context)
        try await app.store.returnReport(report.id, comment: String((form["comment"] ?? "").prefix(2_000)), by: context.actor)
        return back(report)
    }

    @Sendable func reopen(_ request: Request, context: AppContext) async throws -> Response {
        let (report, _) = try await reviewed(request, context)
        try await app.store.reopenReport(report.id, by: context.actor)
        return back(report)
    }

    @Sendable func matrix(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser(request)
        guard let planID = StoredPlan.ID(context.parameters.get("id") ?? ""), let plan = try await app.store.plan(planID) else { throw HTTPError(.notFound) }
        let user = try context.require(.viewReports, request, province: plan.provinceID, agency: Agency.ID(0))
        let calendar = ReportingCalendar(rule: plan.info.reporting)
        let today = app.today
        let current = calendar.current(on: today)
        var first = current
        for _ in 0..<5 { first = first.previous }
        let periods = calendar.periods(from: first, through: current)
        let agencies = try await app.core.reportingAgencies(of: plan)
        let requests = Array(try await app.store.adhocRequests(of: plan.id).reversed())
        let cells = try await app.core.reportCells(plan, periods: periods + requests.map(\.period))
        var byAgency: [Agency.ID: [Period: ReportCell]] = [:]
        for period in periods { for c in cells[period] ?? [] { byAgency[c.agency.id, default: [:]][period] = c } }
        var missing: [String] = []
        let rows = agencies.map { agency in
            let row = periods.map { period -> MatrixView.Cell in
                // Before the plan's span or its arrival in the system nothing was owed: not "chưa nộp".
                guard let c = byAgency[agency.id]?[period], c.isListed else { return MatrixView.Cell(text: "—", css: "not-owed", link: nil) }
                let r = c.report
                let link = "/reports/\(plan.id)/\(period)?agency=\(agency.id)"
                if period == current, r?.firstSubmittedOn == nil { missing.append(agency.name) }
                if r?.status == .returned { return MatrixView.Cell(text: ReportStatus.returned.label, css: "returned", link: link) }
                let text = c.timeliness.label(pending: r?.status.label ?? "—") + (c.timeliness == .onTime && r?.status == .accepted ? " ✓" : "")
                // Every owed cell opens that agency's report of the period (a missing one too: its empty form, to see what is asked).
                return MatrixView.Cell(text: text, css: c.timeliness.code, link: link)
            }
            return MatrixView.Row(agency: agency.name, cells: row)
        }
        let requestData = requests.map { r in
            let asked = cells[r.period] ?? []
            return MatrixView.Request(
                title: r.title, due: r.due.vietnamese, period: r.period.description,
                submitted: asked.filter { $0.report?.firstSubmittedOn != nil }.count, asked: asked.count,
                agencies: asked.map { c in
                    MatrixView.Asked(name: c.agency.name, state: c.timeliness.label(pending: c.report?.status.label ?? "—"),
                                     link: "/reports/\(plan.id)/\(r.period)?agency=\(c.agency.id)")
                })
        }
        let view = MatrixView(
            planID: plan.id.description, planTitle: plan.info.title, calendar: Self.calendarText(plan),
            periods: periods.map { .init(label: $0.label, due: calendar.due($0).vietnamese) },
            rows: rows, missing: missing, missingCount: missing.count, currentLabel: current.label,
            canReview: AccessPolicy.allows(user, .reviewReports, province: plan.provinceID),
            cadences: Cadence.allCases.map { Choice(value: $0.rawValue, label: $0.label, selected: (plan.info.reporting?.cadence ?? .yearly) == $0) },
            requests: requestData, agencyChoices: agencies.map { Choice(value: $0.id.description, label: $0.name, selected: false) },
            dueDay: plan.info.reporting?.dueDay.map(String.init) ?? "", dueMonth: plan.info.reporting?.dueMonthOfPeriod.map(String.init) ?? "")
        return app.pages.render(.matrix, title: Texts.text("reports.matrix"), view: view, context: context)
    }

    /// A coordinator asks for an ad-hoc report (báo cáo đột xuất) with its own due date and agencies.
    @Sendable func createAdhoc(_ request: Request, context: AppContext) async throws -> Response {
        let (plan, form) = try await planForm(request, context)
        guard let due = form.text("due").flatMap(CivilDate.init(iso:)) else { throw HTTPError(.badRequest, message: Texts.text("reports.adhocBadDue")) }
        let agencies = (form.values["agency"] ?? []).compactMap { Agency.ID($0) }
        _ = try await app.store.createAdhocRequest(plan: plan.id, title: String((form["title"] ?? "").prefix(300)), due: due, agencies: agencies, by: context.actor)
        return Pages.redirect("/plans/\(plan.id)/matrix")
    }

    @Sendable func setCalendar(_ request: Request, context: AppContext) async throws -> Response {
        let (plan, form) = try await planForm(request, context)
        guard let cadence = form.text("cadence").flatMap(Cadence.init(rawValue:)) else { throw HTTPError(.badRequest, message: Texts.text("error.badRequest")) }
        let day = form.text("dueDay").flatMap { Int($0) }
        let month = form.text("dueMonth").flatMap { Int($0) }
        if form.text("dueDay") != nil && day == nil || form.text("dueMonth") != nil && month == nil { throw HTTPError(.badRequest, message: Texts.text("error.badRequest")) }
        let text = "Sửa tại KeHoach: " + (ViewModels.reporting(ReportingRule(cadence: cadence, dueDay: day, dueMonthOfPeriod: month, text: "")) ?? "")
        try await app.store.setReporting(ReportingRule(cadence: cadence, dueDay: day, dueMonthOfPeriod: month, text: text), of: plan.id, by: context.actor)
        return Pages.redirect("/plans/\(plan.id)/matrix")
    }
}

/// `reports`: each plan's reporting calendar; for a reporter, its agency's open periods, missing ones first.
struct ReportsView: Encodable {
    struct AgencyReport: Encodable {
        var id, period, status: String
    }
    struct Open: Encodable {
        var link, label, due, status, state: String
        var late: Bool
    }
    struct Plan: Encodable {
        var id, title, calendar, periodLabel, due: String
        var agencyReport: AgencyReport?
        var open: [Open] = []
        var hasOpen = false
        var matrix = false
    }
    var plans: [Plan]
}

/// `matrix`: who has reported for the last periods (every owed cell links to that agency's report), the ad-hoc
/// requests, and the coordinator's calendar and request forms below.
struct MatrixView: Encodable {
    struct Period: Encodable {
        var label, due: String
    }
    struct Cell: Encodable {
        var text, css: String
        var link: String?
    }
    struct Row: Encodable {
        var agency: String
        var cells: [Cell]
    }
    struct Asked: Encodable {
        var name, state, link: String
    }
    struct Request: Encodable {
        var title, due, period: String
        var submitted, asked: Int
        var agencies: [Asked]
    }
    var planID, planTitle, calendar: String
    var periods: [Period]
    var rows: [Row]
    var missing: [String]
    var missingCount: Int
    var currentLabel: String
    var canReview: Bool
    var cadences: [Choice]
    var requests: [Request]
    var agencyChoices: [Choice]
    var dueDay, dueMonth: String
}
