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
        return try await app.cached(request, context, scope: .evaluated, revision: [report, previous]) {
            try await page(user: user, plan: plan, period: period, agency: agency, report: report, input: report?.input, problems: [],
                           context: context, previous: previous)
        }
    }

    func page(user: User, plan: StoredPlan, period: Period, agency: Agency, report: Report?, input: ReportInput?, problems: [FieldProblem],
              context: AppContext, status: HTTPResponse.Status = .ok, workbookProblems: [String] = [], previous known: Report?? = nil) async throws -> Response {
        let due = try await app.core.due(plan, period, agency: agency.id) ?? period.end
        let previous: Report?
        if let known { previous = known } else { previous = try await app.core.previousReport(plan, period, agency: agency.id) }
        let tasks = try await app.store.tasks(of: plan.id, filter: TaskFilter(agencyID: agency.id))
        let indicators = try await app.store.indicators(ofAgency: agency.id).filter { $0.planID == plan.id }
        let editable = AccessPolicy.allows(user, .editReport, province: plan.provinceID, agency: agency.id) && (report?.status.isEditable ?? true)
        let byTask = Dictionary((input?.tasks ?? []).map { ($0.taskID, $0) }, uniquingKeysWith: { a, _ in a })
        let byIndicator = Dictionary((input?.indicators ?? []).map { ($0.indicatorID, $0) }, uniquingKeysWith: { a, _ in a })
        let prevTask = Dictionary((previous?.tasks ?? []).map { ($0.taskID, $0) }, uniquingKeysWith: { a, _ in a })
        let prevIndicator = Dictionary((previous?.indicators ?? []).map { ($0.indicatorID, $0) }, uniquingKeysWith: { a, _ in a })
        var errors: [String: [String: String]] = [:]
        for p in problems {
            let parts = p.field.split(separator: ".")
            guard parts.count == 3 else { continue }
            errors["\(parts[0]).\(parts[1])", default: [:]][String(parts[2])] = p.message
        }
        func number(_ x: Double?) -> String { x.map(VietnameseNumber.input) ?? "" }
        let taskRows: [[String: Any]] = tasks.map { t in
            let a = byTask[t.id]
            var row: [String: Any] = [
                "id": t.id.description, "code": t.task.code, "name": t.task.name, "deadline": t.task.deadline?.text ?? "—",
                "statuses": TaskProgressStatus.allCases.map { ["value": $0.rawValue, "label": $0.label, "selected": a?.status == $0] as [String: Any] },
                "percent": number(a?.percent), "completedOn": a?.completedOn?.description ?? "", "note": a?.note ?? "",
                "evidence": a?.evidence?.text ?? "", "reason": a?.reason ?? "", "error": errors["task.\(t.id)"] ?? [:],
            ]
            if let e = a?.evidence, e.number != nil || e.date != nil {
                row["evidenceParsed"] = [e.type, e.number.map { "số \($0)" }, e.symbol, e.date.map { "ngày \($0)" }].compactMap { $0 }.joined(separator: " · ")
            }
            if let p = prevTask[t.id] {
                row["previous"] = [p.status?.label, p.percent.map { "\(number($0))%" }, p.note.isEmpty ? nil : p.note].compactMap { $0 }.joined(separator: ", ")
            }
            return row
        }
        let indicatorRows: [[String: Any]] = indicators.map { i in
            let v = byIndicator[i.id]
            var row: [String: Any] = [
                "id": i.id.description, "code": i.indicator.code, "name": i.indicator.name, "unit": i.indicator.unit ?? "",
                "targets": ViewModels.targetText(i.indicator.targets), "value": number(v?.value), "numerator": number(v?.numerator),
                "denominator": number(v?.denominator), "note": v?.note ?? "", "error": errors["indicator.\(i.id)"] ?? [:],
            ]
            if let p = prevIndicator[i.id] {
                row["previous"] = p.value.map(number) ?? [p.numerator, p.denominator].compactMap { $0 }.map(number).joined(separator: "/")
            }
            return row
        }
        let timeliness: String? = report.map {
            Timeliness.of(due: due, submittedOn: $0.firstSubmittedOn, today: app.today).label(overdue: true)
        }
        let events = try await report.asyncMap { try await app.store.events(of: $0.id) } ?? []
        let attachments = try await report.asyncMap { try await app.store.attachments(of: $0.id) } ?? []
        let codes = Dictionary(tasks.map { ($0.id, $0.task.code) }, uniquingKeysWith: { a, _ in a })
        let data: [String: Any] = [
            "planID": plan.id.description, "planTitle": plan.info.title, "agencyName": agency.name, "period": period.description,
            "agencyQuery": user.agencyID == nil ? agency.id.description : nil as String? as Any,
            "periodLabel": period.label, "due": due.vietnamese, "statusLabel": report?.status.label ?? "Chưa lập",
            "timeliness": timeliness as Any, "returnComment": report.flatMap { $0.status == .returned ? $0.returnComment : nil } as Any,
            "editable": editable, "tasks": taskRows, "indicators": indicatorRows, "taskCount": tasks.count, "indicatorCount": indicators.count,
            "difficulties": input?.difficulties ?? "", "proposals": input?.proposals ?? "",
            "hasProblems": !problems.isEmpty, "needsConfirmation": problems.contains { $0.needsConfirmation },
            "canReview": report != nil && AccessPolicy.allows(user, .reviewReports, province: plan.provinceID),
            "isSubmitted": report?.status == .submitted, "isAccepted": report?.status == .accepted, "reportID": report?.id.description ?? "",
            "hasEvents": !events.isEmpty,
            "workbookProblems": workbookProblems, "hasWorkbookProblems": !workbookProblems.isEmpty,
            "attachments": attachments.map { ["id": $0.id.description, "name": $0.name, "size": "\(max(1, $0.size / 1024)) KB",
                                              "task": $0.taskID.flatMap { codes[$0] } as Any] },
            "taskChoices": tasks.map { ["id": $0.id.description, "code": $0.task.code] },
            "events": events.map { ["at": $0.when, "stamp": $0.at, "username": $0.username, "action": $0.actionLabel, "comment": $0.comment as Any] },
        ]
        return app.pages.render(.reportForm, title: "\(Texts.text("reports.report")) \(period.label)", data: data, context: context, status: status)
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
        func text(_ field: String, limit: Int = 4_000) -> String { String((form.text(field) ?? "").prefix(limit)) }
        let progress = tasks.map { id -> TaskProgress in
            let f = "task.\(id)"
            let evidence = form.text(f + ".evidence").map { DocumentReference.parse(String($0.prefix(500))) }
            var status: TaskProgressStatus? = nil
            if let s = form.text(f + ".status") {
                status = TaskProgressStatus(rawValue: s)
                if status == nil { problems.append(FieldProblem(field: f + ".status", message: "Tình trạng không hợp lệ.")) }
            }
            return TaskProgress(taskID: id, status: status, percent: number(f + ".percent"), completedOn: date(f + ".completedOn"),
                                note: text(f + ".note"), evidence: evidence, reason: text(f + ".reason", limit: 1_000))
        }
        let values = indicators.map { id -> IndicatorValue in
            let f = "indicator.\(id)"
            return IndicatorValue(indicatorID: id, value: number(f + ".value"), numerator: number(f + ".numerator"),
                                  denominator: number(f + ".denominator"), note: text(f + ".note", limit: 1_000))
        }
        return (ReportInput(tasks: progress, indicators: values, difficulties: text("difficulties", limit: 10_000), proposals: text("proposals", limit: 10_000)), problems)
    }

    @Sendable func save(_ request: Request, context: AppContext) async throws -> Response {
        let (user, plan, period, agency) = try await app.reportScope(request, context, edit: true)
        let form = try await FormFields.body(request)
        try context.checkCSRF(form)
        // The two buttons send "save" or "submit"; anything else is not this form's.
        guard ["save", "submit", nil].contains(form["action"]) else { throw HTTPError(.badRequest, message: Texts.text("error.badRequest")) }
        let scope = try await app.store.reportScope(plan: plan.id, agency: agency.id)
        let (input, unreadable) = input(form, tasks: scope.tasks, indicators: scope.indicators.map(\.0))
        return try await saved(app.core.submitReport(plan: plan, agency: agency.id, period: period, input: input, submit: form["action"] == "submit",
                                                     confirmed: form["confirm"] == "1", problems: unreadable, scope: scope, by: context.actor),
                               input: input, user: user, plan: plan, period: period, agency: agency, context: context)
    }

    /// After a submission, from the form or the workbook: back to the report, or the form again with every problem
    /// beside its field and every value as entered (the stored report is read only then).
    func saved(_ result: KeHoachApp.SubmissionResult, input: ReportInput, user: User, plan: StoredPlan, period: Period, agency: Agency,
               context: AppContext) async throws -> Response {
        switch result {
        case .saved:
            return Pages.redirect("/reports/\(plan.id)/\(period)" + (user.agencyID == nil ? "?agency=\(agency.id)" : ""))
        case let .refused(problems):
            let report = try await app.store.report(plan: plan.id, agency: agency.id, period: period)
            return try await page(user: user, plan: plan, period: period, agency: agency, report: report, input: input, problems: problems,
                                  context: context, status: .unprocessableContent)
        }
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
        if let r = report, !r.status.isEditable { throw StoreErrorConflict.locked(r.status.label) }
        let tasks = try await app.store.tasks(of: plan.id, filter: TaskFilter(agencyID: agency.id))
        let indicators = try await app.store.indicators(ofAgency: agency.id).filter { $0.planID == plan.id }
        switch ReportWorkbook.read(parts.fileData ?? Data(), period: period, tasks: tasks, indicators: indicators, today: app.today) {
        case let .failure(failure):
            var response = try await page(user: user, plan: plan, period: period, agency: agency, report: report,
                                          input: report?.input,
                                          problems: [], context: context, status: .unprocessableContent,
                                          workbookProblems: failure.problems.map(\.description))
            response.headers[.cacheControl] = "no-store"
            return response
        case let .success(input):
            // The same checks as the form's, last period's values and the outlier factor included; saved as a draft.
            return try await saved(app.core.submitReport(plan: plan, agency: agency.id, period: period, input: input, submit: false,
                                                         confirmed: false, by: context.actor),
                                   input: input, user: user, plan: plan, period: period, agency: agency, context: context)
        }
    }

    /// Attaches an evidence file (PDF, DOCX, XLSX, JPG, PNG, checked by content) to the agency's report.
    @Sendable func attach(_ request: Request, context: AppContext) async throws -> Response {
        let (user, plan, period, agency) = try await app.reportScope(request, context, edit: true)
        let parts = try await Multipart.read(request, context, limit: app.maxAttachmentBytes + 64 * 1024, tooLarge: Texts.text("files.tooLarge"))
        guard let data = parts.fileData, !data.isEmpty, let name = parts.fileName else { throw HTTPError(.badRequest, message: Texts.text("field.required")) }
        guard data.count <= app.maxAttachmentBytes else { throw HTTPError(.contentTooLarge, message: Texts.text("files.tooLarge")) }
        guard let kind = EvidenceKind.detect(data) else { throw HTTPError(.unsupportedMediaType, message: Texts.text("files.kind")) }
        let ext = name.split(separator: ".").last.map { $0.lowercased() } ?? ""
        guard kind.extensions.contains(ext) else { throw HTTPError(.unsupportedMediaType, message: Texts.text("files.lying")) }
        let scope = try await app.store.reportScope(plan: plan.id, agency: agency.id)
        // A file for the whole report (no task chosen) or for one of the agency's tasks in it; any other value is refused.
        var task: StoredTask.ID? = nil
        if let chosen = parts.fields["task"], !chosen.isEmpty {
            guard let id = StoredTask.ID(chosen), scope.tasks.contains(id) else { throw HTTPError(.badRequest, message: Texts.text("error.badRequest")) }
            task = id
        }
        var report = try await app.store.report(plan: plan.id, agency: agency.id, period: period)
        if let r = report, !r.status.isEditable { throw StoreErrorConflict.locked(r.status.label) }
        if report == nil {
            report = try await app.store.saveReport(plan: plan.id, agency: agency.id, period: period,
                                                    input: ReportInput(tasks: [], indicators: [], difficulties: "", proposals: ""), submit: false, today: app.today, by: context.actor)
        }
        let sha = try app.files.store(data)
        _ = try await app.store.addAttachment(report: report!.id, task: task, sha256: sha, name: name, mediaType: kind.mediaType, size: data.count, by: context.actor)
        return Pages.redirect("/reports/\(plan.id)/\(period)" + (user.agencyID == nil ? "?agency=\(agency.id)" : ""))
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
        let rows: [[String: Any]] = agencies.map { agency in
            let row: [[String: Any]] = periods.map { period in
                guard let c = byAgency[agency.id]?[period] else { return ["text": "—", "css": "not-owed", "link": ""] }
                let r = c.report
                let link = "/reports/\(plan.id)/\(period)?agency=\(agency.id)"
                // Before the plan's span or its arrival in the system nothing was owed: not "chưa nộp".
                if !c.isListed { return ["text": "—", "css": "not-owed", "link": ""] }
                if period == current, r?.firstSubmittedOn == nil { missing.append(agency.name) }
                if r?.status == .returned { return ["text": ReportStatus.returned.label, "css": "returned", "link": link] }
                let text = c.timeliness.label(pending: r?.status.label ?? "—") + (c.timeliness == .onTime && r?.status == .accepted ? " ✓" : "")
                // Every owed cell opens that agency's report of the period (a missing one too: its empty form, to see what is asked).
                return ["text": text, "css": c.timeliness.code, "link": link]
            }
            return ["agency": agency.name, "cells": row]
        }
        let requestData: [[String: Any]] = requests.map { r in
            let asked = cells[r.period] ?? []
            return [
                "title": r.title, "due": r.due.vietnamese, "period": r.period.description,
                "submitted": asked.filter { $0.report?.firstSubmittedOn != nil }.count, "asked": asked.count,
                "agencies": asked.map { c -> [String: Any] in
                    ["name": c.agency.name, "state": c.timeliness.label(pending: c.report?.status.label ?? "—"),
                     "link": "/reports/\(plan.id)/\(r.period)?agency=\(c.agency.id)"]
                },
            ]
        }
        let data: [String: Any] = [
            "planID": plan.id.description, "planTitle": plan.info.title, "calendar": Self.calendarText(plan),
            "periods": periods.map { ["label": $0.label, "due": calendar.due($0).vietnamese] },
            "rows": rows, "missing": missing, "missingCount": missing.count, "currentLabel": current.label,
            "canReview": AccessPolicy.allows(user, .reviewReports, province: plan.provinceID),
            "cadences": Cadence.allCases.map { ["value": $0.rawValue, "label": $0.label, "selected": (plan.info.reporting?.cadence ?? .yearly) == $0] as [String: Any] },
            "requests": requestData, "agencyChoices": agencies.map { ["id": $0.id.description, "name": $0.name] },
            "dueDay": plan.info.reporting?.dueDay.map(String.init) ?? "", "dueMonth": plan.info.reporting?.dueMonthOfPeriod.map(String.init) ?? "",
        ]
        return app.pages.render(.matrix, title: Texts.text("reports.matrix"), data: data, context: context)
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

/// An accepted or submitted report cannot take an upload.
enum StoreErrorConflict: Error, HTTPResponseError {
    case locked(String)
    var status: HTTPResponse.Status { .conflict }
    func response(from request: Request, context: some RequestContext) throws -> Response {
        guard case let .locked(label) = self else { return Response(status: .conflict) }
        return Pages.html("Báo cáo đang ở trạng thái «\(label)»; cần điều phối mở lại để sửa.", status: .conflict)
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
