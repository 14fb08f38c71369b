import Foundation
import Hummingbird
import KeHoachApp
import KeHoachCore
import KeHoachImport

/// Upload a plan document, preview what was read with its warnings, then confirm or cancel.
struct ImportController {
    let app: AppServices
    /// The largest upload accepted (the importer's own limit).
    static let maxUpload = PlanImporter.maxBytes

    func register(_ router: RouteTable) {
        router.get("/import", use: form)
        router.post("/import", use: upload)
        router.get("/import/:id", use: preview)
        router.post("/import/:id/correct", use: correct)
        router.post("/import/:id/confirm", use: confirm)
        router.post("/import/:id/cancel", use: cancel)
    }

    func formPage(_ user: User, context: AppContext, error: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let provinces = try await app.visibleProvinces(user).filter { AccessPolicy.allows(user, .importPlans, province: $0.id) }
        var plans: [Choice] = []
        for p in provinces { plans += try await app.store.plans(in: p.id).map { Choice(value: $0.id.description, label: $0.info.title, selected: false) } }
        let view = ImportFormView(provinces: provinces.map { Choice(value: $0.id.description, label: $0.name, selected: false) }, plans: plans, error: error)
        return app.pages.render(.importForm, title: Texts.text("import.title"), view: view, context: context, status: status)
    }

    @Sendable func form(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.require(.importPlans, request, province: context.user?.provinceID)
        return try await formPage(user, context: context, error: nil)
    }

    @Sendable func upload(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.require(.importPlans, request, province: context.user?.provinceID)
        let parts = try await Multipart.read(request, context, limit: Self.maxUpload + 64 * 1024)
        guard let province = parts.fields["province"].flatMap({ Province.ID($0) }),
              AccessPolicy.allows(user, .importPlans, province: province),
              try await app.store.province(province) != nil else { throw HTTPError(.forbidden, message: Texts.text("error.forbidden")) }
        var replacing: StoredPlan.ID? = nil
        if let r = parts.fields["replacing"], !r.isEmpty {
            guard let id = StoredPlan.ID(r) else { throw HTTPError(.badRequest, message: Texts.text("error.badRequest")) }
            replacing = id
        }
        guard let data = parts.fileData, let file = parts.fileName else {
            return try await formPage(user, context: context, error: Texts.text("field.required"), status: .badRequest)
        }
        do {
            let (pending, document) = try await app.core.stageImport(file: file, data: data, province: province, replacing: replacing, user: user.id)
            return try await previewPage(pending, document: document, view: PreviewView(), context: context)
        } catch let refusal as ImportRefusal {
            // A plan to replace that is not the province's comes from no form of ours.
            if refusal.field == "replacing" { throw HTTPError(.badRequest, message: Texts.text("error.badRequest")) }
            return try await formPage(user, context: context, error: refusal.message, status: .unprocessableContent)
        }
    }

    /// Which rows of the preview the form shows: the rows to check (default) or every row, a page at a time
    /// (a page's form stays well under the form size limit on a phone).
    struct PreviewView {
        static let pageSize = 20
        var all = false
        var page = 1
        init(all: Bool = false, page: Int = 1) { self.all = all; self.page = max(1, page) }
        /// From a query or a form: `rows` is `all` or absent, `page` a number; anything else is a wrong request (400).
        init(_ form: FormFields) throws {
            let rows = try form.parsed("rows") { $0 == "all" ? true : nil }
            self.init(all: rows ?? false, page: try form.parsed("page") { Int($0).flatMap { (1...100_000).contains($0) ? $0 : nil } } ?? 1)
        }
        func link(_ id: String, page: Int? = nil) -> String {
            "/import/\(id)?" + (all ? "rows=all&" : "") + "page=\(page ?? self.page)#rows"
        }
    }

    /// The rows of a preview's form (`code.N` and `f.FIELD.N`), read against the plan as corrected so far.
    static func typed(_ form: FormFields, plan: PlanDocument) -> TypedCorrections {
        var rows: [Int: (code: String, fields: [TaskField: String])] = [:]
        var unknown: [String] = []
        for (key, values) in form.values where key.hasPrefix("code.") {
            guard let index = Int(key.dropFirst(5)), let code = values.first else { unknown.append("\(key)=\(values.first ?? "")"); continue }
            var fields: [TaskField: String] = [:]
            for field in TaskField.allCases { if let raw = form["f.\(field.rawValue).\(index)"] { fields[field] = raw } }
            rows[index] = (code, fields)
        }
        var typed = KeHoachApp.typedCorrections(rows, plan: plan)
        typed.unknown += unknown
        return typed
    }

    /// Why a task's row should be checked before the plan is stored: the importer's doubts, in the interface's words.
    static func doubts(_ task: PlanTask, warnings: [Int: [String]], guessed: Set<Int>, unresolved: Set<String>) -> [String] {
        var out: [String] = []
        if task.leadAgencies.isEmpty { out.append("Chưa có cơ quan chủ trì.") }
        let unknown = (task.leadAgencies + task.partnerAgencies).filter { unresolved.contains($0) }
        if !unknown.isEmpty { out.append("Cơ quan chưa có trong danh bạ: " + unknown.joined(separator: "; ") + ".") }
        if task.deadline == nil { out.append("Chưa có thời hạn.") }
        else if task.deadline?.kind == .unknown { out.append("Không đọc được thời hạn.") }
        if let line = task.line {
            if guessed.contains(line) { out.append("Cột được đoán theo nội dung (bảng không có dòng tiêu đề rõ).") }
            for w in warnings[line] ?? [] { out.append("Cảnh báo: \(w).") }
        }
        return out
    }

    func previewPage(_ pending: PendingImport, document read: PlanDocument? = nil, view: PreviewView, context: AppContext,
                     typed: TypedCorrections? = nil, saved: Int? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        var document: PlanDocument
        let applied: [PlanCorrection]
        if let read {
            document = read
            applied = TaskCorrections.apply(pending.corrections, to: &document)
        } else {
            do { (document, applied) = try app.core.correctedPlan(pending) } catch {
                return app.pages.error(error.message, status: .unprocessableContent, context: context)
            }
        }
        let names = Array(Set(document.tasks.flatMap { $0.leadAgencies + $0.partnerAgencies }))
        let unresolved = try await app.store.unresolvedNames(names, in: pending.provinceID)
        var warnings: [Int: [String]] = [:]
        for w in document.warnings { warnings[w.line, default: []].append(w.reason) }
        let guessed = document.coverage?.guessedLines ?? []
        let correctedCodes = Set(applied.map(\.code))
        var rows: [(index: Int, task: PlanTask, doubts: [String])] = []
        var flaggedCount = 0
        for (index, task) in document.tasks.enumerated() {
            // A row the coordinator corrected has been looked at: the importer's warnings and guesses about it are
            // answered; what is still wrong with it (an agency not in the directory, no deadline) is asked again.
            let checked = correctedCodes.contains(task.code)
            let doubts = Self.doubts(task, warnings: checked ? [:] : warnings, guessed: checked ? [] : guessed, unresolved: unresolved)
            if !doubts.isEmpty { flaggedCount += 1 }
            if view.all || !doubts.isEmpty || correctedCodes.contains(task.code) { rows.append((index, task, doubts)) }
        }
        let pages = max(1, (rows.count + PreviewView.pageSize - 1) / PreviewView.pageSize)
        let page = min(view.page, pages)
        let shown = rows.dropFirst((page - 1) * PreviewView.pageSize).prefix(PreviewView.pageSize)
        let id = pending.id.description
        let rowData: [ImportPreviewView.Row] = shown.map { row in
            let fields = TaskField.allCases.map { field in
                ImportPreviewView.Field(field: field.rawValue, label: field.label, long: field == .name || field == .product,
                                        value: typed?.values[row.index]?[field] ?? TaskCorrections.value(row.task, field),
                                        problem: typed?.problems[row.index]?[field], maxlength: field.maxLength)
            }
            return ImportPreviewView.Row(index: row.index, code: row.task.code, group: row.task.group, doubts: row.doubts,
                                         flagged: !row.doubts.isEmpty, corrected: correctedCodes.contains(row.task.code), fields: fields)
        }
        let provinceName = try await app.store.province(pending.provinceID)?.name ?? ""
        let replacingTitle = try await pending.replacing.asyncMap { try await app.store.plan($0)?.info.title }
        let hasProblems = !(typed?.problems.isEmpty ?? true)
        let same = try await app.core.plansFromSameDocument(pending).map { p in
            ImportPreviewView.Plan(id: p.id.description, title: p.info.title,
                                   importedOn: CivilDate(iso: String(p.importedAt.prefix(10)))?.vietnamese ?? p.importedAt)
        }
        let changes = try await app.core.changes(pending, document: document)
        func changeLines(_ kind: PlanChange.Kind) -> [ImportPreviewView.Change] {
            changes.filter { $0.kind == kind }.prefix(300).map { .init(item: $0.item, name: $0.name, details: $0.details) }
        }
        let page_ = ImportPreviewView(
            isUpdate: pending.replacing != nil,
            added: changeLines(.added), changed: changeLines(.changed), removed: changeLines(.removed),
            addedCount: changes.filter { $0.kind == .added }.count, changedCount: changes.filter { $0.kind == .changed }.count,
            removedCount: changes.filter { $0.kind == .removed }.count,
            unknownNames: unresolved.sorted().joined(separator: "; ").nilIfEmpty, unknownCount: unresolved.count,
            id: id, file: pending.file, province: provinceName, replacing: replacingTitle ?? nil, summary: PlanSummary.text(document),
            rows: rowData, hasRows: !rowData.isEmpty, all: view.all, page: page,
            counts: "\(flaggedCount) / \(document.tasks.count) nhiệm vụ cần kiểm tra; đã sửa \(applied.count) ô ở \(correctedCodes.count) nhiệm vụ.",
            pages: pages > 1 ? (1...pages).map { .init(n: $0, link: view.link(id, page: $0), current: $0 == page) } : [],
            hasPages: pages > 1, allLink: PreviewView(all: true).link(id), doubtsLink: PreviewView().link(id),
            error: hasProblems ? Texts.text("import.correctionProblems") : nil,
            sameDocument: same, hasSameDocument: !same.isEmpty)
        return app.pages.render(.importPreview, title: Texts.text("import.previewTitle"), view: page_, context: context,
                                flash: saved.map { Texts.text("import.saved") + " (\($0))" }, status: status)
    }

    func pendingOf(_ request: Request, context: AppContext, form: FormFields? = nil) async throws -> (User, PendingImport) {
        let user = try context.require(.importPlans, request, province: context.user?.provinceID)
        guard let id = PendingImport.ID(context.parameters.get("id") ?? ""), let pending = try await app.store.pending(id),
              pending.userID == user.id else { throw HTTPError(.notFound) }
        _ = try context.require(.importPlans, request, province: pending.provinceID)
        if let form { try context.checkCSRF(form) }
        return (user, pending)
    }

    @Sendable func preview(_ request: Request, context: AppContext) async throws -> Response {
        let (_, pending) = try await pendingOf(request, context: context)
        let query = try FormFields.query(request)
        return try await previewPage(pending, view: try PreviewView(query), context: context,
                                     saved: query["saved"].flatMap { Int($0) })
    }

    /// Reads the typed rows against the plan as corrected so far: a refused value shows the form again (422) with
    /// its message beside the field and nothing kept; nil when the rows can be kept.
    func refusal(_ form: FormFields, _ pending: PendingImport, context: AppContext) async throws -> (TypedCorrections, PlanDocument?, Response?) {
        let view = try PreviewView(form) // a wrong page or row choice is a wrong request, on every press
        let current: PlanDocument
        do { current = try app.core.correctedPlan(pending).document } catch {
            return (TypedCorrections(), nil, app.pages.error(error.message, status: .unprocessableContent, context: context))
        }
        let typed = Self.typed(form, plan: current)
        if let wrong = typed.unknown.first {
            throw HTTPError(.badRequest, message: Texts.text("error.badParameter") + " (\(wrong.prefix(80)))")
        }
        if !typed.problems.isEmpty {
            return (typed, current, try await previewPage(pending, view: view, context: context, typed: typed, status: .unprocessableContent))
        }
        return (typed, current, nil)
    }

    @Sendable func correct(_ request: Request, context: AppContext) async throws -> Response {
        let form = try await FormFields.body(request)
        let (_, pending) = try await pendingOf(request, context: context, form: form)
        let (typed, current, refused) = try await refusal(form, pending, context: context)
        if let refused { return refused }
        let changed = try await app.core.keepCorrections(typed, of: pending, read: current, by: context.actor)
        let view = try PreviewView(form)
        return Pages.redirect("/import/\(pending.id)?" + (view.all ? "rows=all&" : "") + "page=\(view.page)&saved=\(changed.count)#rows")
    }

    @Sendable func confirm(_ request: Request, context: AppContext) async throws -> Response {
        let form = try await FormFields.body(request)
        let (_, pending) = try await pendingOf(request, context: context, form: form)
        // The rows on the page count too: a coordinator may correct and confirm with one press.
        let (typed, _, refused) = try await refusal(form, pending, context: context)
        if let refused { return refused }
        let (result, document, applied): (LoadResult, PlanDocument, [PlanCorrection])
        do { (result, document, applied) = try await app.core.confirmImport(pending, typed: typed, by: context.actor) } catch let refusal as ImportRefusal {
            throw HTTPError(.unprocessableContent, message: refusal.message)
        }
        let changes = result.added.map { "+ \($0)" } + result.changed.map { "~ \($0)" } + result.removed.map { "− \($0)" }
        let view = ImportDoneView(
            planID: result.planID.description, title: document.plan.title,
            hasChanges: !changes.isEmpty, changes: changes, hasUnresolved: !result.unresolved.isEmpty, unresolved: result.unresolved,
            hasCorrections: !applied.isEmpty,
            corrections: applied.map { "\($0.subject): \($0.before.isEmpty ? "—" : $0.before) → \($0.after.isEmpty ? "—" : $0.after)" })
        return app.pages.render(.importDone, title: Texts.text("import.done"), view: view, context: context)
    }

    @Sendable func cancel(_ request: Request, context: AppContext) async throws -> Response {
        let (_, pending) = try await pendingOf(request, context: context, form: try await FormFields.body(request))
        try await app.store.deletePending(pending.id, by: context.actor, confirmed: false)
        return Pages.redirect("/import")
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}

/// `import`: the upload form (the province, or the plan the document updates).
struct ImportFormView: Encodable {
    var provinces, plans: [Choice]
    var error: String?
}

/// `importPreview`: what the importer read, the rows to check (with their doubts) as a form to correct.
struct ImportPreviewView: Encodable {
    struct Change: Encodable {
        var item, name: String
        var details: [String]
    }
    /// An update of a stored plan: what confirming changes in it.
    var isUpdate: Bool
    var added, changed, removed: [Change]
    var addedCount, changedCount, removedCount: Int
    /// Names of agencies the plan uses that no agency of the directory matches.
    var unknownNames: String?
    var unknownCount: Int
    struct Field: Encodable {
        var field, label: String
        var long: Bool
        var value: String
        var problem: String?
        var maxlength: Int
    }
    struct Row: Encodable {
        var index: Int
        var code: String
        var group: String?
        var doubts: [String]
        var flagged, corrected: Bool
        var fields: [Field]
    }
    struct PageLink: Encodable {
        var n: Int
        var link: String
        var current: Bool
    }
    struct Plan: Encodable {
        var id, title, importedOn: String
    }
    var id, file, province: String
    var replacing: String?
    var summary: String
    var rows: [Row]
    var hasRows, all: Bool
    var page: Int
    var counts: String
    var pages: [PageLink]
    var hasPages: Bool
    var allLink, doubtsLink: String
    var error: String?
    var sameDocument: [Plan]
    var hasSameDocument: Bool
}

/// `importDone`: the plan as stored, with what changed and the names still to map.
struct ImportDoneView: Encodable {
    var planID, title: String
    var hasChanges: Bool
    var changes: [String]
    var hasUnresolved: Bool
    var unresolved: [String]
    var hasCorrections: Bool
    var corrections: [String]
}
