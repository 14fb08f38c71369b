import Foundation
import Hummingbird
import KeHoachApp
import KeHoachCore
import KeHoachReports
import KeHoachStore

/// Explanation requests and proposals to answer: the list, one item with its answer form, the leader's request
/// (sent from a task's or an indicator's page), the coordinator's closing or reopening, and a plan's proposals
/// turned into items to answer.
struct FollowUpsController {
    let app: AppServices

    func register(_ router: RouteTable) {
        router.get("/follow-ups", use: list)
        router.post("/follow-ups", use: create)
        router.get("/follow-ups/:id", use: show)
        router.post("/follow-ups/:id/answer", use: answer)
        router.get("/follow-ups/:id/files/:file", use: file)
        router.post("/follow-ups/:id/close", use: close)
        router.post("/follow-ups/:id/reopen", use: reopen)
        router.get("/plans/:id/proposals", use: proposals)
        router.post("/plans/:id/proposals", use: assign)
    }

    /// Who sees an item: administrators; in its province the coordinator and leaders; officers of the agency that
    /// answers it or wrote it (a proposal).
    static func canSee(_ user: User, _ item: FollowUp) -> Bool {
        guard !user.disabled else { return false }
        switch user.role {
        case .administrator: return true
        case .coordinator, .viewer: return user.provinceID == item.provinceID
        case .reporter, .head:
            return user.provinceID == item.provinceID && user.agencyID != nil && (user.agencyID == item.agencyID || user.agencyID == item.sourceAgencyID)
        }
    }

    /// Who answers it: an officer of the agency it is put to; the coordinator for a proposal it answers itself.
    static func canAnswer(_ user: User, _ item: FollowUp) -> Bool { item.status == .open && answers(user, item) }

    static func answers(_ user: User, _ item: FollowUp) -> Bool {
        if let agency = item.agencyID {
            return user.agencyID == agency && (user.role == .reporter || user.role == .head || user.role == .coordinator)
                && user.provinceID == item.provinceID
        }
        return AccessPolicy.allows(user, .manageFollowUps, province: item.provinceID)
    }

    func item(_ context: AppContext, _ request: Request) async throws -> (User, FollowUp) {
        let user = try context.requireUser(request)
        guard let id = FollowUp.ID(context.parameters.get("id") ?? ""), let item = try await app.store.followUp(id), Self.canSee(user, item) else {
            throw HTTPError(.notFound)
        }
        return (user, item)
    }

    // MARK: - Pages

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser(request)
        let query = try FormFields.query(request)
        let status = try query.parsed("status", FollowUp.Status.init(rawValue:))
        let kind = try query.parsed("kind", FollowUp.Kind.init(rawValue:))
        let officer = user.role == .reporter || user.role == .head
        if officer && user.agencyID == nil { throw HTTPError(.forbidden, message: Texts.text("error.forbidden")) }
        let all = try await app.store.followUps(province: user.role == .administrator ? nil : user.provinceID, plan: nil,
                                                agency: officer ? user.agencyID : nil)
        let shown = all.filter { Self.canSee(user, $0) && (status == nil || $0.status == status) && (kind == nil || $0.kind == kind) }
        let rows = try await shown.reversed().asyncMap { try await row($0) }
        let view = FollowUpsView(
            rows: rows, count: rows.count,
            statuses: FollowUp.Status.allCases.map { Choice(value: $0.rawValue, label: $0.label, selected: $0 == status) },
            kinds: FollowUp.Kind.allCases.map { Choice(value: $0.rawValue, label: $0.label, selected: $0 == kind) },
            onTime: shown.filter { if case .onTime = $0.timeliness(today: app.today) { true } else { false } }.count,
            answered: shown.filter { $0.status != .open }.count)
        return app.pages.render(.followUps, title: "Giải trình và kiến nghị", view: view, context: context)
    }

    func row(_ f: FollowUp) async throws -> FollowUpsView.Row {
        let today = app.today
        return .init(id: f.id.description, kind: f.kind.label, question: Notice.short(f.question, 200),
                     agency: try await agencyName(f.agencyID) ?? "Cơ quan điều phối", source: try await agencyName(f.sourceAgencyID),
                     due: f.due.vietnamese, status: f.status.label, state: f.stateLabel(today: today), late: f.isOverdue(today: today))
    }

    func agencyName(_ id: Agency.ID?) async throws -> String? {
        guard let id else { return nil }
        return try await app.store.agency(id)?.name
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let (user, item) = try await item(context, request)
        return try await page(item, user: user, context: context, problems: [])
    }

    func page(_ f: FollowUp, user: User, context: AppContext, problems: [FieldProblem], typed: String = "", typedEvidence: String = "",
              status: HTTPResponse.Status = .ok) async throws -> Response {
        let today = app.today
        let plan = try await app.store.plan(f.planID)
        var subjectLink: String? = nil
        if AccessPolicy.allows(user, .viewDashboard, province: f.provinceID) {
            subjectLink = f.taskID.map { "/dashboard/tasks/\($0)" } ?? f.indicatorID.map { "/dashboard/indicators/\($0)" }
        } else if let agency = user.agencyID, let t = f.taskID {
            subjectLink = "/agencies/\(agency)#task-\(t)"
        }
        let manage = AccessPolicy.allows(user, .manageFollowUps, province: f.provinceID)
        let view = FollowUpView(
            id: f.id.description, kind: f.kind.label, isProposal: f.kind == .proposal, status: f.status.label, state: f.stateLabel(today: today),
            late: f.isOverdue(today: today), plan: plan?.info.title ?? "", planID: f.planID.description,
            subject: f.kind == .explanation ? try await app.core.subject(of: f) : nil, subjectLink: subjectLink,
            agency: try await agencyName(f.agencyID) ?? "Cơ quan điều phối (tự trả lời)", source: try await agencyName(f.sourceAgencyID),
            period: f.period?.label, reportLink: f.sourceAgencyID.flatMap { a in f.period.map { "/reports/\(f.planID)/\($0)?agency=\(a)" } },
            question: f.question, due: f.due.vietnamese, requestedBy: f.requestedBy, createdAt: VietnameseTime.text(stamp: f.createdAt) ?? f.createdAt,
            answer: f.answer, evidence: f.evidence, answeredBy: f.answeredBy, answeredAt: f.answeredAt.flatMap { VietnameseTime.text(stamp: $0) },
            files: try await app.store.followUpFiles(f.id).map { .init(link: "/follow-ups/\(f.id)/files/\($0.id)", name: $0.name,
                                                                        size: VietnameseNumber.display(Double($0.size) / 1024, decimals: 0) + " KB") },
            canAnswer: Self.canAnswer(user, f), canClose: manage && f.status == .answered, canReopen: manage && f.status != .open && f.agencyID != nil,
            problems: problems.map { .init(field: $0.field, message: $0.message) }, hasProblems: !problems.isEmpty,
            typed: typed, typedEvidence: typedEvidence, reopenDue: today.adding(days: 7).description, today: today.description)
        return app.pages.render(.followUp, title: f.kind.label, view: view, context: context, status: status)
    }

    // MARK: - Writes

    /// A leader's or the coordinator's explanation request about a task or an indicator of their province.
    @Sendable func create(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.require(.requestExplanation, request, province: context.user?.provinceID)
        let form = try await FormFields.body(request)
        try context.checkCSRF(form)
        // The subject: `task:12` or `indicator:7`; the plan is the subject's (found in the user's province).
        let subject = (form.text("subject") ?? "").split(separator: ":")
        guard subject.count == 2, let raw = Int64(subject[1]), raw > 0, ["task", "indicator"].contains(subject[0]) else {
            throw HTTPError(.badRequest, message: "Thiếu nhiệm vụ hoặc chỉ tiêu cần giải trình (trường «subject»).")
        }
        var plan: StoredPlan? = nil, askable = false
        for province in try await app.visibleProvinces(user) {
            for p in try await app.evaluation(of: province).plans {
                if subject[0] == "task", p.tasks.contains(where: { $0.id.rawValue == raw }) {
                    plan = p.plan; askable = ExplanationsBlock.askable(task: p.taskResults[.init(raw)])
                } else if subject[0] == "indicator", p.indicators.contains(where: { $0.id.rawValue == raw }) {
                    plan = p.plan; askable = ExplanationsBlock.askable(indicator: p.indicatorResults[.init(raw)])
                }
            }
        }
        guard let plan, AccessPolicy.allows(user, .requestExplanation, province: plan.provinceID) else { throw HTTPError(.notFound) }
        var problems: [FieldProblem] = []
        if !askable { problems.append(FieldProblem(field: "subject", message: "Chỉ yêu cầu giải trình nhiệm vụ quá hạn, chỉ tiêu có nguy cơ hoặc không đạt.")) }
        let due = form.text("due").flatMap { CivilDate(iso: $0) ?? CivilDate(vietnamese: $0) }
        if due == nil { problems.append(FieldProblem(field: "due", message: "Hạn trả lời không hợp lệ (ngày/tháng/năm).")) }
        let agency = try form.parsed("agency") { Agency.ID($0) }
        let back = subject[0] == "task" ? "/dashboard/tasks/\(raw)" : "/dashboard/indicators/\(raw)"
        if problems.isEmpty, let due {
            let r = FollowUpRequest(kind: .explanation, planID: plan.id, agencyID: agency, taskID: subject[0] == "task" ? .init(raw) : nil,
                                    indicatorID: subject[0] == "indicator" ? .init(raw) : nil, question: form.text("question") ?? "", due: due)
            switch try await app.core.createFollowUp(r, plan: plan, by: context.actor) {
            case let .saved(item): return Pages.redirect("/follow-ups/\(item.id)?sent=1")
            case let .refused(found): problems = found
            }
        }
        return app.pages.render(.error, title: "Chưa gửi được yêu cầu giải trình", view: ErrorView(
            message: "Chưa gửi được yêu cầu giải trình: " + problems.map { "\(Self.fieldName($0.field)): \($0.message)" }.joined(separator: " "),
            back: back), context: context, status: .unprocessableContent)
    }

    static func fieldName(_ field: String) -> String {
        ["question": "Nội dung", "due": "Hạn trả lời", "agency": "Cơ quan giải trình", "subject": "Nhiệm vụ, chỉ tiêu", "answer": "Nội dung trả lời",
         "evidence": "Văn bản kèm theo"][field] ?? field
    }

    @Sendable func answer(_ request: Request, context: AppContext) async throws -> Response {
        let (user, item) = try await item(context, request)
        guard Self.answers(user, item) else { throw HTTPError(.forbidden, message: Texts.text("error.forbidden")) }
        // The form with a file is multipart (its token checked there); without one, a plain form.
        let form: FormFields
        var upload: (name: String, data: Data)? = nil
        if (request.headers[.contentType] ?? "").hasPrefix("multipart/form-data") {
            let parts = try await Multipart.read(request, context, limit: app.maxAttachmentBytes + 64 * 1024, tooLarge: Texts.text("files.tooLarge"))
            form = FormFields(values: parts.fields.mapValues { [$0] })
            if let data = parts.fileData, !data.isEmpty, let name = parts.fileName { upload = (name, data) }
        } else {
            form = try await FormFields.body(request)
            try context.checkCSRF(form)
        }
        guard item.status == .open else { throw HTTPError(.conflict, message: "Mục này \(item.status.label.lowercased()); không trả lời lại được.") }
        let text = form.text("answer") ?? "", evidence = form.text("evidence") ?? ""
        var problems: [FieldProblem] = []
        var files: [FollowUpFile] = []
        if let upload {
            // The same checks as a report's evidence: size, a kind we read from the bytes, a name that does not lie.
            let ext = upload.name.split(separator: ".").last.map { $0.lowercased() } ?? ""
            if upload.data.count > app.maxAttachmentBytes {
                problems.append(FieldProblem(field: "file", message: Texts.text("files.tooLarge")))
            } else if let kind = EvidenceKind.detect(upload.data) {
                if kind.extensions.contains(ext) {
                    files.append(FollowUpFile(sha256: try app.files.store(upload.data), name: upload.name, mediaType: kind.mediaType, size: upload.data.count))
                } else {
                    problems.append(FieldProblem(field: "file", message: Texts.text("files.lying")))
                }
            } else {
                problems.append(FieldProblem(field: "file", message: Texts.text("files.kind")))
            }
        }
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { problems.append(FieldProblem(field: "answer", message: "Cần ghi nội dung trả lời.")) }
        if text.count > FollowUpRequest.maxAnswer {
            problems.append(FieldProblem(field: "answer", message: "Quá dài: tối đa \(VietnameseNumber.display(Double(FollowUpRequest.maxAnswer))) ký tự."))
        }
        if evidence.count > 2_000 { problems.append(FieldProblem(field: "evidence", message: "Quá dài: tối đa 2.000 ký tự.")) }
        guard problems.isEmpty else {
            return try await page(item, user: user, context: context, problems: problems, typed: text, typedEvidence: evidence, status: .unprocessableContent)
        }
        _ = try await app.core.answerFollowUp(item, answer: text, evidence: evidence, files: files, by: context.actor)
        return Pages.redirect("/follow-ups/\(item.id)?answered=1")
    }

    /// A file of an answer, to whoever may see the item.
    @Sendable func file(_ request: Request, context: AppContext) async throws -> Response {
        let (_, item) = try await item(context, request)
        guard let id = FollowUpFile.ID(context.parameters.get("file") ?? ""), let f = try await app.store.followUpFile(id), f.followUpID == item.id else {
            throw HTTPError(.notFound)
        }
        let ascii = Multipart.sanitise(f.name).unicodeScalars.filter { $0.isASCII && $0 != "\"" }
        return Response(status: .ok, headers: [.contentType: f.mediaType, .cacheControl: "private, no-store",
                                               .contentDisposition: "attachment; filename=\"\(String(String.UnicodeScalarView(ascii)))\""],
                        body: .init(byteBuffer: ByteBuffer(bytes: try app.files.read(f.sha256))))
    }

    @Sendable func close(_ request: Request, context: AppContext) async throws -> Response {
        let (_, item) = try await item(context, request)
        _ = try context.require(.manageFollowUps, request, province: item.provinceID)
        try context.checkCSRF(try await FormFields.body(request))
        _ = try await app.store.closeFollowUp(item.id, by: context.actor)
        return Pages.redirect("/follow-ups/\(item.id)")
    }

    @Sendable func reopen(_ request: Request, context: AppContext) async throws -> Response {
        let (user, item) = try await item(context, request)
        _ = try context.require(.manageFollowUps, request, province: item.provinceID)
        let form = try await FormFields.body(request)
        try context.checkCSRF(form)
        guard let due = form.text("due").flatMap({ CivilDate(iso: $0) ?? CivilDate(vietnamese: $0) }), due >= app.today else {
            return try await page(item, user: user, context: context, problems: [FieldProblem(field: "due", message: "Hạn trả lời mới phải là một ngày từ hôm nay.")],
                                  status: .unprocessableContent)
        }
        _ = try await app.core.reopenFollowUp(item, due: due, by: context.actor)
        return Pages.redirect("/follow-ups/\(item.id)")
    }

    // MARK: - A plan's proposals

    func proposalPlan(_ request: Request, _ context: AppContext) async throws -> (User, StoredPlan) {
        guard let id = StoredPlan.ID(context.parameters.get("id") ?? ""), let plan = try await app.store.plan(id) else {
            _ = try context.require(.manageFollowUps, request, province: context.user?.provinceID)
            throw HTTPError(.notFound)
        }
        return (try context.require(.manageFollowUps, request, province: plan.provinceID), plan)
    }

    @Sendable func proposals(_ request: Request, context: AppContext) async throws -> Response {
        let (_, plan) = try await proposalPlan(request, context)
        return try await proposalsPage(plan, context: context, problems: [])
    }

    func proposalsPage(_ plan: StoredPlan, context: AppContext, problems: [FieldProblem], status: HTTPResponse.Status = .ok) async throws -> Response {
        let entries = try await app.core.proposals(of: plan)
        let agencies = try await app.core.reportingAgencies(of: plan).sorted { $0.name < $1.name }
        var names: [Agency.ID: String] = [:]
        for a in agencies { names[a.id] = a.name }
        let today = app.today
        let rows = try await Array(entries.prefix(300).enumerated()).asyncMap { index, e -> ProposalsView.Row in
            var source = names[e.report.agencyID] ?? ""
            if source.isEmpty { source = try await agencyName(e.report.agencyID) ?? "" }
            return ProposalsView.Row(
                index: index, report: e.report.id.description, text: e.text, key: ProposalEntry.key(e.text), agency: source, period: e.report.period.label,
                reportLink: "/reports/\(plan.id)/\(e.report.period)?agency=\(e.report.agencyID)",
                item: e.followUp.map { f in
                    .init(id: f.id.description, to: f.agencyID.flatMap { names[$0] } ?? "Cơ quan điều phối", status: f.status.label,
                          state: f.stateLabel(today: today), answer: f.answer)
                })
        }
        let view = ProposalsView(plan: plan.info.title, planID: plan.id.description,
                                 agencies: agencies.map { Choice(value: $0.id.description, label: $0.name, selected: false) }, rows: rows, count: entries.count,
                                 open: entries.filter { $0.followUp == nil }.count, due: today.adding(days: 15).description, today: today.description,
                                 problems: problems.map { .init(field: $0.field, message: $0.message) }, hasProblems: !problems.isEmpty)
        return app.pages.render(.proposals, title: "Kiến nghị, đề xuất · \(plan.info.title)", view: view, context: context, status: status)
    }

    /// One proposal of a report assigned to an agency (or answered by the coordinator at once).
    @Sendable func assign(_ request: Request, context: AppContext) async throws -> Response {
        let (_, plan) = try await proposalPlan(request, context)
        let form = try await FormFields.body(request)
        try context.checkCSRF(form)
        let reportID = try form.parsed("report") { Report.ID($0) }
        guard let reportID, let key = form.text("key"),
              let entry = try await app.core.proposals(of: plan).first(where: { $0.report.id == reportID && ProposalEntry.key($0.text) == key }) else {
            throw HTTPError(.badRequest, message: "Kiến nghị không còn trong báo cáo (trường «report», «key»).")
        }
        guard entry.followUp == nil else { throw HTTPError(.conflict, message: "Kiến nghị này đã được phân công.") }
        // The agency by its name as listed (or its id); none: the coordinator answers itself, and must say what.
        let to = (form.text("agency") ?? "").trimmingCharacters(in: .whitespaces)
        let answerText = form.text("answer") ?? ""
        let due = form.text("due").flatMap { CivilDate(iso: $0) ?? CivilDate(vietnamese: $0) }
        func refuse(_ field: String, _ message: String) async throws -> Response {
            try await proposalsPage(plan, context: context, problems: [FieldProblem(field: field, message: "«\(Notice.short(entry.text, 80))»: \(message)")],
                                    status: .unprocessableContent)
        }
        guard let due else { return try await refuse("due", "Hạn trả lời không hợp lệ.") }
        let selfAnswer = to.isEmpty
        var agency: Agency.ID? = nil
        if !selfAnswer {
            let key = TextFolding.searchKey(to)
            agency = try await app.core.reportingAgencies(of: plan).first { $0.id.description == to || TextFolding.searchKey($0.name) == key }?.id
            if agency == nil { return try await refuse("agency", "Không có cơ quan «\(to)» trong danh sách cơ quan thực hiện kế hoạch.") }
        } else if answerText.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            return try await refuse("answer", "Chọn cơ quan trả lời, hoặc ghi nội dung trả lời để cơ quan điều phối tự trả lời.")
        }
        let r = FollowUpRequest(kind: .proposal, planID: plan.id, agencyID: agency, reportID: entry.report.id, sourceAgencyID: entry.report.agencyID,
                                period: entry.report.period, question: entry.text, due: due)
        switch try await app.core.createFollowUp(r, plan: plan, by: context.actor) {
        case let .refused(problems):
            return try await proposalsPage(plan, context: context, problems: problems, status: .unprocessableContent)
        case let .saved(item):
            if selfAnswer { _ = try await app.core.answerFollowUp(item, answer: answerText, evidence: form.text("evidence"), by: context.actor) }
        }
        return Pages.redirect("/plans/\(plan.id)/proposals")
    }
}

extension Sequence where Element: Sendable {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var out: [T] = []
        for e in self { out.append(try await transform(e)) }
        return out
    }
}

/// `followUps`: the list.
struct FollowUpsView: Encodable {
    struct Row: Encodable {
        var id, kind, question, agency: String
        var source: String?
        var due, status, state: String
        var late: Bool
    }
    var rows: [Row]
    var count: Int
    var statuses, kinds: [Choice]
    var onTime, answered: Int
}

/// `followUp`: one item.
struct FollowUpView: Encodable {
    struct Problem: Encodable { var field, message: String }
    var id, kind: String
    var isProposal: Bool
    var status, state: String
    var late: Bool
    var plan, planID: String
    var subject, subjectLink: String?
    var agency: String
    var source, period, reportLink: String?
    var question, due, requestedBy, createdAt: String
    var answer, evidence, answeredBy, answeredAt: String?
    struct File: Encodable { var link, name, size: String }
    var files: [File]
    var canAnswer, canClose, canReopen: Bool
    var problems: [Problem]
    var hasProblems: Bool
    var typed, typedEvidence, reopenDue, today: String
}

/// `proposals`: a plan's proposals from reports, each with what became of it or the form to assign it.
struct ProposalsView: Encodable {
    struct Item: Encodable {
        var id, to, status, state: String
        var answer: String?
    }
    struct Row: Encodable {
        var index: Int
        var report, text, key, agency, period, reportLink: String
        var item: Item?
    }
    var plan, planID: String
    /// The plan's reporting agencies, by name (one list for every form of the page).
    var agencies: [Choice]
    var rows: [Row]
    var count, open: Int
    var due, today: String
    var problems: [FollowUpView.Problem]
    var hasProblems: Bool
}

/// The explanation requests about one task or indicator, and the form to send one: the `explanations` partial of
/// the task's and the indicator's pages.
struct ExplanationsBlock: Encodable {
    struct Row: Encodable {
        var id, agency, question, due, status, state: String
        var answer: String?
        var late: Bool
    }
    var items: [Row]
    var hasItems: Bool
    var canRequest: Bool
    /// Why no request can be sent (the subject is not late nor at risk), for those who may send one.
    var notNeeded: String?
    var subject: String
    var agencies: [Choice]
    var due, today: String

    /// Whether a subject may be asked about: an overdue task, an indicator at risk or missed (what the leaders'
    /// dashboard flags).
    static func askable(task: TaskEvaluation?) -> Bool { task?.status == .overdue || task?.status == .completedLate }
    static func askable(indicator: IndicatorEvaluation?) -> Bool { indicator?.status == .atRisk || indicator?.status == .missed }

    static func make(_ app: AppServices, user: User, plan: PlanEvaluation, agencies: [ProvinceAgencyName], subject: String, askable: Bool,
                     match: (FollowUp) -> Bool) async throws -> ExplanationsBlock {
        let today = app.today
        let items = try await app.store.followUps(province: plan.plan.provinceID, plan: plan.plan.id, agency: nil)
            .filter { $0.kind == .explanation && match($0) }
        let names = Dictionary(agencies.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let may = AccessPolicy.allows(user, .requestExplanation, province: plan.plan.provinceID)
        return ExplanationsBlock(
            items: items.reversed().map { f in
                .init(id: f.id.description, agency: f.agencyID.flatMap { names[$0] } ?? "", question: f.question, due: f.due.vietnamese,
                      status: f.status.label, state: f.stateLabel(today: today), answer: f.answer, late: f.isOverdue(today: today))
            },
            hasItems: !items.isEmpty, canRequest: may && askable && !agencies.isEmpty,
            notNeeded: may && !askable ? "Chỉ yêu cầu giải trình nhiệm vụ quá hạn, chỉ tiêu có nguy cơ hoặc không đạt." : nil,
            subject: subject, agencies: agencies.map { Choice(value: $0.id.description, label: $0.name, selected: false) },
            due: today.adding(days: 7).description, today: today.description)
    }
}

/// An agency as a form's choice.
struct ProvinceAgencyName: Sendable {
    var id: Agency.ID
    var name: String
}
