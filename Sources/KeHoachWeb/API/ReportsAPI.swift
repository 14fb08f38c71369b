import Foundation
import Hummingbird
import HTTPTypes
import KeHoachApp
import KeHoachCore
import Logging

/// An agency's report for a period through the API, for machine clients with a key (`Authorization: Bearer`): read
/// it, save it as a draft or submit it as JSON. The write goes through the one submission path of the form and the
/// workbook (`KeHoachApp.submitReport`: scope, validation against last period's values, workflow, timeliness, audit);
/// a refusal is a problem (RFC 9457) listing each field as the form names it. Writes take an `Idempotency-Key`: a
/// retried request gets the first answer again, and nothing is written twice.
struct ReportsAPI {
    let app: AppServices

    func register(_ router: RouteTable) {
        router.get("/api/v1/reports/:plan/:period", use: read)
        router.post("/api/v1/reports/:plan/:period", use: write)
    }

    // MARK: - The report as JSON

    struct TaskLine: Codable {
        var task: StoredTask.ID
        var name: String?
        /// The agency leads it (status, completion date and reason are asked of it), or only supports it.
        var leads: Bool?
        var status: String?
        var percent: Double?
        var completedOn: String?
        var note: String?
        var evidence: String?
        var reason: String?
    }

    struct IndicatorLine: Codable {
        var indicator: StoredIndicator.ID
        var code: String?
        var name: String?
        var unit: String?
        var value: Double?
        var numerator: Double?
        var denominator: Double?
        var note: String?
    }

    struct ReportDocument: Encodable {
        var plan: StoredPlan.ID
        var agency: Agency.ID
        var agencyName: String
        var period: String
        var periodLabel: String
        var due: String
        /// None yet (`null`), draft, submitted, accepted or returned.
        var status: String?
        /// on-time, late, missing or pending: Core's rule, as on the matrix.
        var timeliness: String
        var days: Int?
        var firstSubmittedOn: String?
        var returnComment: String?
        var tasks: [TaskLine]
        var indicators: [IndicatorLine]
        var difficulties: String
        var proposals: String
    }

    /// What a client sends: the report's content, whole or in part (an item left out keeps what is saved), and
    /// whether to submit it.
    struct Submission: Decodable {
        var submit: Bool?
        /// Confirms values that only asked for confirmation (unusual against last period's).
        var confirm: Bool?
        var tasks: [TaskLine]?
        var indicators: [IndicatorLine]?
        var difficulties: String?
        var proposals: String?
    }

    func document(plan: StoredPlan, period: Period, agency: Agency) async throws -> ReportDocument {
        let report = try await app.store.report(plan: plan.id, agency: agency.id, period: period)
        let scope = try await app.store.reportScope(plan: plan.id, agency: agency.id)
        let tasks = Dictionary(try await app.store.tasks(of: plan.id, filter: TaskFilter(agencyID: agency.id)).map { ($0.id, $0) },
                               uniquingKeysWith: { a, _ in a })
        let indicators = Dictionary(try await app.store.indicators(ofAgency: agency.id).filter { $0.planID == plan.id }.map { ($0.id, $0) },
                                    uniquingKeysWith: { a, _ in a })
        let cell = try await app.core.reportCells(plan, periods: [period])[period]?.first { $0.agency.id == agency.id }
        let due = try await app.core.due(plan, period, agency: agency.id) ?? period.end
        let timeliness = cell?.timeliness ?? Timeliness.of(due: due, submittedOn: report?.firstSubmittedOn, today: app.today)
        let progress = Dictionary((report?.tasks ?? []).map { ($0.taskID, $0) }, uniquingKeysWith: { a, _ in a })
        let values = Dictionary((report?.indicators ?? []).map { ($0.indicatorID, $0) }, uniquingKeysWith: { a, _ in a })
        return ReportDocument(
            plan: plan.id, agency: agency.id, agencyName: agency.name, period: period.description, periodLabel: period.label, due: due.description,
            status: report?.status.rawValue, timeliness: timeliness.code, days: timeliness.days,
            firstSubmittedOn: report?.firstSubmittedOn?.description, returnComment: report?.returnComment,
            tasks: scope.tasks.map { id in
                let p = progress[id]
                return TaskLine(task: id, name: tasks[id]?.task.name, leads: scope.leading.contains(id), status: p?.status?.rawValue, percent: p?.percent,
                                completedOn: p?.completedOn?.description, note: p?.note ?? "", evidence: p?.evidence?.text ?? "", reason: p?.reason ?? "")
            },
            indicators: scope.indicators.map { id, unit in
                let v = values[id]
                return IndicatorLine(indicator: id, code: indicators[id]?.indicator.code, name: indicators[id]?.indicator.name, unit: unit,
                                     value: v?.value, numerator: v?.numerator, denominator: v?.denominator, note: v?.note ?? "")
            },
            difficulties: report?.difficulties ?? "", proposals: report?.proposals ?? "")
    }

    /// GET /api/v1/reports/{plan}/{period}: the agency's report (a key of an agency: its own; a province's key or a
    /// session that reads other agencies' reports: `?agency=`), with every item it is asked about.
    @Sendable func read(_ request: Request, context: AppContext) async throws -> Response {
        let (_, plan, period, agency) = try await app.reportScope(request, context, edit: false)
        return try APIController.json(try await document(plan: plan, period: period, agency: agency))
    }

    // MARK: - Writing

    /// The largest body accepted: the form's limit.
    static let maxBodyBytes = ReportsController.maxFormBytes

    /// POST /api/v1/reports/{plan}/{period}: saves (`"submit": false`, the default) or submits the report; answers
    /// the report as it now stands.
    @Sendable func write(_ request: Request, context: AppContext) async throws -> Response {
        guard let token = context.token else {
            throw Problem(.tokenRequired, status: .unauthorized,
                          detail: "Ghi báo cáo qua API cần khóa API của cơ quan (Authorization: Bearer …); trên trang web, hãy dùng biểu mẫu báo cáo.")
        }
        let (_, plan, period, agency) = try await app.reportScope(request, context, edit: true)
        guard (request.headers[.contentType] ?? "").lowercased().hasPrefix("application/json") else {
            throw Problem(.malformedBody, status: .unsupportedMediaType, detail: "Nội dung phải là JSON (Content-Type: application/json).")
        }
        let body: ByteBuffer
        do { body = try await request.body.collect(upTo: Self.maxBodyBytes) } catch {
            throw Problem(.malformedBody, status: .contentTooLarge, detail: Texts.text("error.formTooLarge"))
        }
        let data = Data(body.readableBytesView)
        return try await Idempotency(store: app.store, token: token).run(request, body: data) {
            try await save(data, plan: plan, period: period, agency: agency, context: context)
        }
    }

    func save(_ data: Data, plan: StoredPlan, period: Period, agency: Agency, context: AppContext) async throws -> Response {
        let submission: Submission
        do { submission = try JSONDecoder().decode(Submission.self, from: data) } catch {
            throw Problem(.malformedBody, status: .badRequest, detail: "JSON không đọc được: " + Self.describe(error))
        }
        let scope = try await app.store.reportScope(plan: plan.id, agency: agency.id)
        let stored = try await app.store.report(plan: plan.id, agency: agency.id, period: period)
        if let stored, !stored.status.isEditable {
            throw Problem(.reportLocked, status: .conflict, detail: ReportsController.locked(stored.status).body ?? "")
        }
        let (input, problems) = Self.input(submission, stored: stored?.input, scope: scope)
        let submit = submission.submit ?? false
        switch try await app.core.submitReport(plan: plan, agency: agency.id, period: period, input: input, submit: submit,
                                               confirmed: submission.confirm ?? false, problems: problems, scope: scope, by: context.actor) {
        case .saved:
            return try APIController.json(try await document(plan: plan, period: period, agency: agency))
        case let .refused(problems):
            let confirmOnly = problems.allSatisfy(\.needsConfirmation)
            throw Problem(.invalidReport, status: .unprocessableContent,
                          detail: confirmOnly ? "Có giá trị khác thường so với kỳ trước: kiểm tra lại, rồi gửi lại với \"confirm\": true nếu đúng."
                                              : "Báo cáo chưa được lưu: \(problems.count) chỗ cần sửa.",
                          errors: problems.map { .init(field: $0.field, message: $0.message, needsConfirmation: $0.needsConfirmation) })
        }
    }

    /// The submission over what is saved: an item sent replaces the saved one, an item left out keeps it; an item
    /// outside the agency's scope, an unknown status or an unreadable date is a problem named like the form's field.
    static func input(_ s: Submission, stored: ReportInput?, scope: ReportScope) -> (ReportInput, [FieldProblem]) {
        var problems: [FieldProblem] = []
        var tasks = Dictionary((stored?.tasks ?? []).map { ($0.taskID, $0) }, uniquingKeysWith: { a, _ in a })
        var values = Dictionary((stored?.indicators ?? []).map { ($0.indicatorID, $0) }, uniquingKeysWith: { a, _ in a })
        let scopeTasks = Set(scope.tasks), scopeIndicators = Set(scope.indicators.map(\.0))
        for t in s.tasks ?? [] {
            let f = "task.\(t.task)"
            guard scopeTasks.contains(t.task) else {
                problems.append(FieldProblem(field: f, message: "Nhiệm vụ \(t.task) không thuộc báo cáo của cơ quan trong kế hoạch này.")); continue
            }
            var status: TaskProgressStatus?
            if let text = t.status {
                status = TaskProgressStatus(rawValue: text)
                if status == nil {
                    problems.append(FieldProblem(field: f + ".status", message: "Tình trạng không hợp lệ (một trong: \(TaskProgressStatus.allCases.map(\.rawValue).joined(separator: ", ")))."))
                }
            }
            var completed: CivilDate?
            if let text = t.completedOn {
                completed = CivilDate(iso: text)
                if completed == nil { problems.append(FieldProblem(field: f + ".completedOn", message: "Ngày không hợp lệ (YYYY-MM-DD).")) }
            }
            let evidence = (t.evidence ?? "").trimmedSpaces
            tasks[t.task] = TaskProgress(taskID: t.task, status: status, percent: t.percent, completedOn: completed, note: t.note ?? "",
                                         evidence: evidence.isEmpty ? nil : DocumentReference.parse(String(evidence.prefix(10_000))), reason: t.reason ?? "")
        }
        for v in s.indicators ?? [] {
            guard scopeIndicators.contains(v.indicator) else {
                problems.append(FieldProblem(field: "indicator.\(v.indicator)", message: "Chỉ tiêu \(v.indicator) không thuộc báo cáo của cơ quan trong kế hoạch này."))
                continue
            }
            values[v.indicator] = IndicatorValue(indicatorID: v.indicator, value: v.value, numerator: v.numerator, denominator: v.denominator, note: v.note ?? "")
        }
        let input = ReportInput(
            tasks: scope.tasks.map { tasks[$0] ?? TaskProgress(taskID: $0, status: nil, percent: nil, completedOn: nil, note: "", evidence: nil, reason: "") },
            indicators: scope.indicators.map { values[$0.0] ?? IndicatorValue(indicatorID: $0.0, value: nil, numerator: nil, denominator: nil, note: "") },
            difficulties: s.difficulties ?? stored?.difficulties ?? "", proposals: s.proposals ?? stored?.proposals ?? "")
        return (input, problems)
    }

    /// Where a JSON body went wrong, as a client's developer needs it: `tasks[2].percent: cần một số`.
    static func describe(_ error: any Error) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: CharacterSet(charactersIn: "."))
        }
        switch error as? DecodingError {
        case let .typeMismatch(type, c)?: return "\(path(c.codingPath)): cần kiểu \(type)"
        case let .valueNotFound(type, c)?: return "\(path(c.codingPath)): thiếu giá trị kiểu \(type)"
        case let .keyNotFound(key, c)?: return "\(path(c.codingPath + [key])): thiếu trường"
        case let .dataCorrupted(c)?: return c.codingPath.isEmpty ? "không phải JSON hợp lệ" : "\(path(c.codingPath)): giá trị không hợp lệ"
        default: return "không phải JSON hợp lệ"
        }
    }
}

/// Idempotency keys (the IETF httpapi draft's `Idempotency-Key`): a write sent again with the same key and the same
/// request gets the first answer (marked `Idempotent-Replayed: true`) and writes nothing; the same key with another
/// request is refused (422); while the first is being answered, a second is told to retry (409). Kept a day.
struct Idempotency {
    let store: KeHoachApp.AppStore
    let token: APIToken

    static let header = HTTPField.Name("Idempotency-Key")!
    static let replayed = HTTPField.Name("Idempotent-Replayed")!

    func run(_ request: Request, body: Data, _ perform: () async throws -> Response) async throws -> Response {
        guard let key = request.headers[Self.header] else { return try await perform() }
        guard (1...255).contains(key.utf8.count), key.unicodeScalars.allSatisfy({ $0.value >= 0x21 && $0.value < 0x7F }) else {
            throw Problem(.malformedBody, status: .badRequest, detail: "Idempotency-Key phải từ 1 đến 255 ký tự ASCII in được, không có dấu cách.")
        }
        var material = Data("\(request.method.rawValue) \(request.uri.path)?\(request.uri.query ?? "")\n".utf8)
        material.append(body)
        switch try await store.beginIdempotent(token: token.id, key: key, requestHash: SHA256Digest.hex(material)) {
        case let .replay(status, text):
            let problem = status >= 400
            return Response(status: HTTPResponse.Status(code: status, reasonPhrase: Problem.reason(status)),
                            headers: [.contentType: problem ? Problem.contentType : APIController.jsonType, .cacheControl: "no-store", Self.replayed: "true"],
                            body: .init(byteBuffer: ByteBuffer(string: text)))
        case .mismatch:
            throw Problem(.idempotencyKeyReused, status: .unprocessableContent,
                          detail: "Idempotency-Key «\(key)» đã dùng cho một yêu cầu khác; mỗi lần ghi mới cần một khóa mới.")
        case .inProgress:
            var p = Problem(.idempotencyKeyInProgress, status: .conflict, detail: "Yêu cầu đầu tiên với Idempotency-Key này đang được xử lý; hãy thử lại sau giây lát.")
            p.retryAfter = "1"
            throw p
        case .proceed:
            break
        }
        // The answer is kept whatever it is, a refusal included, unless the server failed (then the key may be tried again).
        let response: Response
        do {
            response = try await perform()
        } catch {
            let problem = Problem(error, logger: Logger(label: "kehoach.api"))
            if problem.status >= 500 {
                try? await store.abandonIdempotent(token: token.id, key: key)
                throw error
            }
            let text = String(decoding: problem.body(instance: request.uri.path), as: UTF8.self)
            try await store.finishIdempotent(token: token.id, key: key, status: problem.status, body: text)
            throw problem
        }
        var copy = response
        let collector = CompressionMiddleware<AppContext>.Collector()
        try await copy.body.write(collector.writer)
        let text = String(buffer: collector.buffer)
        try await store.finishIdempotent(token: token.id, key: key, status: response.status.code, body: text)
        copy.body = .init(byteBuffer: collector.buffer)
        return copy
    }
}
