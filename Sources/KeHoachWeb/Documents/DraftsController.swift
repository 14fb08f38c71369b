import Foundation
import Hummingbird
import KeHoachApp
import KeHoachCore

/// The coordinator's drafting workspace for the consolidated report: the system's draft of a plan (or of the
/// province across its plans) for a period, read and edited section by section, saved as versions (who, when, what
/// changed; audited), regenerated from newer reports without losing the rewritten sections, numbered and signed at
/// the end, and downloaded (DOCX, XLSX, print) exactly as a saved version says.
struct DraftsController {
    let app: AppServices
    /// A section's text (the longest generated one, section II of a large plan, is about 20,000 characters).
    static let maxSection = 60_000
    static let maxForm = 1_048_576

    func register(_ router: RouteTable) {
        router.get("/drafts", use: open)
        router.get("/drafts/:scope/:period", use: workspace)
        router.post("/drafts/:scope/:period", use: save)
        router.get("/drafts/:scope/:period/document", use: document)
    }

    struct Target {
        var province: Province
        var scope: ReportDraft.Scope
        var period: Period
        var title: String
    }

    /// The scope and period of the address, checked against the user's province.
    func target(_ request: Request, _ context: AppContext, _ permission: Permission) async throws -> Target {
        let user = try context.require(permission, request, province: context.user?.provinceID)
        guard let scope = ReportDraft.Scope(path: context.parameters.get("scope") ?? "") else { throw HTTPError(.notFound) }
        guard let period = Period(context.parameters.get("period") ?? ""), period.kind != .adhoc, (2000...2100).contains(period.year) else {
            throw HTTPError(.badRequest, message: Texts.text("documents.badPeriod"))
        }
        let province: Province, title: String
        switch scope {
        case let .plan(id):
            guard let plan = try await app.store.plan(id), let p = try await app.store.province(plan.provinceID) else { throw HTTPError(.notFound) }
            province = p; title = plan.info.title
        case .province:
            guard let id = user.provinceID, let p = try await app.store.province(id) else { throw HTTPError(.notFound) }
            province = p; title = Texts.text("drafts.provinceTitle") + " " + p.name
        }
        _ = try context.require(permission, request, province: province.id)
        return Target(province: province, scope: scope, period: period, title: title)
    }

    /// GET /drafts?scope=6&period=2026Q3 (the form on the dashboard and the plan page): to the workspace's address.
    @Sendable func open(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.require(.draftReports, request, province: context.user?.provinceID)
        let query = try FormFields.query(request)
        guard let scope = query.text("scope").flatMap(ReportDraft.Scope.init(path:)) else { throw HTTPError(.badRequest, message: Texts.text("error.badRequest")) }
        guard let period = query.text("period").flatMap(Period.init), period.kind != .adhoc, (2000...2100).contains(period.year) else {
            throw HTTPError(.badRequest, message: Texts.text("documents.badPeriod"))
        }
        return Pages.redirect("/drafts/\(scope.path)/\(period)")
    }

    func generated(_ t: Target) async throws -> AdministrativeDocument {
        try await ReportDocuments.generate(store: app.store, province: t.province, scope: t.scope, period: t.period, date: app.today)
    }

    /// GET /drafts/{plan id | tinh}/{period}: the latest saved version (or the system's draft), each section in a
    /// text box, the registration details, the versions, and whether newer reports changed the proposed figures.
    @Sendable func workspace(_ request: Request, context: AppContext) async throws -> Response {
        let t = try await target(request, context, .draftReports)
        let query = try FormFields.query(request)
        return try await page(t, context: context, flash: query.text("saved").map { Texts.text("drafts.saved") + " " + $0 + "." })
    }

    func page(_ t: Target, context: AppContext, flash: String? = nil, error: String? = nil, typed: [String: String] = [:],
              status: HTTPResponse.Status = .ok) async throws -> Response {
        let versions = try await app.store.drafts(province: t.province.id, scope: t.scope, period: t.period)
        let fresh = ReportDrafting.regenerate(try await generated(t), keeping: nil)
        let current = versions.first
        let doc = current?.document ?? fresh
        // Sections whose proposed words changed since the version was saved (newer reports), and not rewritten.
        let stale = current.map { v in
            doc.sections.filter { s in !v.edited.contains(s.key) && fresh.sections.first(where: { $0.key == s.key }).map { $0.text != s.text } ?? false }
                .map { ReportDrafting.label($0) }
        } ?? []
        let base = "/drafts/\(t.scope.path)/\(t.period)"
        let view = DraftView(
            heading: t.title, scope: t.scope.path, period: t.period.description, periodLabel: t.period.label, action: base, base: current?.version ?? 0,
            status: current.map { String(format: Texts.text("drafts.version"), $0.version, $0.username, VietnameseTime.text(stamp: $0.savedAt) ?? $0.savedAt) }
                ?? Texts.text("drafts.unsaved"),
            stale: stale.isEmpty ? "" : Texts.text("drafts.stale") + " " + stale.joined(separator: ", ") + ".",
            error: error ?? "",
            sections: doc.sections.map { s in
                let text = typed["s.\(s.key)"] ?? s.text
                return .init(key: s.key, id: "s-" + s.key.replacingOccurrences(of: ".", with: "-"), label: Self.label(s),
                             text: text, rows: min(max(text.count / 70 + text.filter { $0 == "\n" }.count + 2, 3), 30),
                             edited: current?.edited.contains(s.key) ?? false, hasTables: s.blocks.contains { if case .table = $0 { true } else { false } })
            },
            number: typed["number"] ?? doc.number ?? "", symbol: doc.symbol, date: typed["date"] ?? doc.date.vietnamese,
            authority: typed["authority"] ?? doc.signerAuthority ?? "", title: typed["title"] ?? doc.signerTitle, name: typed["name"] ?? doc.signerName ?? "",
            downloads: [.init(label: Texts.text("documents.open"), href: "\(base)/document?format=html"),
                        .init(label: "DOCX", href: "\(base)/document?format=docx"), .init(label: "XLSX", href: "\(base)/document?format=xlsx")],
            versions: versions.map { v in
                .init(version: v.version, username: v.username, at: VietnameseTime.text(stamp: v.savedAt) ?? v.savedAt, change: v.change,
                      docx: "\(base)/document?format=docx&version=\(v.version)", html: "\(base)/document?format=html&version=\(v.version)")
            })
        return app.pages.render(.draft, title: Texts.text("drafts.title") + " — " + t.title, view: view, context: context, flash: flash, status: status)
    }

    /// `II.3 · 3. Chính quyền số`: a section as the workspace names it.
    static func label(_ s: AdministrativeDocument.Section) -> String {
        if !s.heading.isEmpty { return s.heading }
        if s.key == "opening" { return Texts.text("drafts.opening") }
        for b in s.blocks { if case let .subheading(h) = b { return h } }
        return ReportDrafting.label(s)
    }

    /// POST: save a new version (`action=save`) from the text boxes and the registration details, or regenerate the
    /// figures from the reports received since (`action=regenerate`), keeping every rewritten section. A version
    /// saved meanwhile by someone else is not overwritten: the press is refused and the page says whose it is.
    @Sendable func save(_ request: Request, context: AppContext) async throws -> Response {
        let t = try await target(request, context, .draftReports)
        let form = try await FormFields.body(request, limit: Self.maxForm)
        try context.checkCSRF(form)
        let versions = try await app.store.drafts(province: t.province.id, scope: t.scope, period: t.period)
        let latest = versions.first
        var typed: [String: String] = [:]
        for (k, v) in form.values where k.hasPrefix("s.") || ["number", "date", "authority", "title", "name"].contains(k) { typed[k] = v.first ?? "" }
        // The version the page was opened on: a number, or the press is not this page's (400 naming the field).
        let opened = try form.parsed("base") { Int($0).flatMap { (0...1_000_000).contains($0) ? $0 : nil } }
        if let opened, opened != (latest?.version ?? 0), let latest {
            return try await page(t, context: context, error: String(format: Texts.text("drafts.conflict"), latest.version, latest.username), typed: typed, status: .conflict)
        }
        let proposed = try await generated(t)
        let fresh = ReportDrafting.regenerate(proposed, keeping: nil)
        let base = "/drafts/\(t.scope.path)/\(t.period)"
        if form["action"] == "regenerate" {
            let doc = ReportDrafting.regenerate(proposed, keeping: latest)
            let kept = (latest?.edited ?? []).sorted().compactMap { k in doc.sections.first { $0.key == k }.map(ReportDrafting.label) }
            let change = Texts.text("drafts.regenerated") + (kept.isEmpty ? "" : "; " + Texts.text("drafts.kept") + " " + kept.joined(separator: ", "))
            let saved = try await app.store.saveDraft(province: t.province.id, scope: t.scope, period: t.period, document: doc,
                                                      edited: latest?.edited ?? [], change: change, by: context.actor)
            return Pages.redirect("\(base)?saved=\(saved.version)")
        }
        // The words: each section's text within its limit; the date as Vietnamese documents write it.
        var texts: [String: String] = [:]
        for (k, v) in typed where k.hasPrefix("s.") {
            guard v.count <= Self.maxSection else {
                return try await page(t, context: context, error: String(format: Texts.text("drafts.tooLong"), String(k.dropFirst(2)), Self.maxSection), typed: typed, status: .unprocessableContent)
            }
            texts[String(k.dropFirst(2))] = v
        }
        var date: CivilDate? = nil
        if let d = form.text("date") {
            guard let parsed = CivilDate(vietnamese: d) else {
                return try await page(t, context: context, error: Texts.text("drafts.badDate"), typed: typed, status: .unprocessableContent)
            }
            date = parsed
        }
        if let n = form.text("number"), n.count > 20 || n.contains("/") {
            return try await page(t, context: context, error: Texts.text("drafts.badNumber"), typed: typed, status: .unprocessableContent)
        }
        let revert = Set(form.values.keys.filter { $0.hasPrefix("revert.") }.map { String($0.dropFirst(7)) })
        let signing = ReportDrafting.Signing(number: form.text("number"), date: date, authority: form.text("authority"), title: form.text("title"),
                                             name: form.text("name"))
        let (doc, edited, change) = ReportDrafting.apply(texts: texts, revert: revert, signing: signing, to: latest?.document ?? fresh,
                                                         generated: fresh, previouslyEdited: latest?.edited ?? [])
        let saved = try await app.store.saveDraft(province: t.province.id, scope: t.scope, period: t.period, document: doc, edited: edited,
                                                  change: change, by: context.actor)
        return Pages.redirect("\(base)?saved=\(saved.version)")
    }

    /// GET …/document?format=&version=: a saved version as it was saved (the latest when no version is named; the
    /// system's draft when none was saved). Leaders may read it; downloads are audited.
    @Sendable func document(_ request: Request, context: AppContext) async throws -> Response {
        let t = try await target(request, context, .viewDashboard)
        let query = try FormFields.query(request)
        let format = try DocumentsController(app: app).format(request)
        let versions = try await app.store.drafts(province: t.province.id, scope: t.scope, period: t.period)
        let doc: AdministrativeDocument
        if let wanted = try query.parsed("version", Int.init) {
            guard let v = versions.first(where: { $0.version == wanted }) else { throw HTTPError(.notFound, message: Texts.text("drafts.noVersion")) }
            doc = v.document
        } else {
            doc = try await ReportDocuments.current(store: app.store, province: t.province, scope: t.scope, period: t.period, date: app.today).document
        }
        let data = try ReportDocuments.render(ReportDrafting.publishable(doc), as: format, stylesheet: "/static/report.css")
        try await app.store.record("report.download", entity: "report_draft", entityID: t.scope.code, before: nil,
                                   after: "\(t.period) · \(format.rawValue)\(query.text("version").map { " · bản \($0)" } ?? "")", by: context.actor)
        let name = "bao-cao-\(t.scope.path)-\(t.period)\(query.text("version").map { "-ban-\($0)" } ?? "").\(format.rawValue)"
        return DocumentsController(app: app).answer(data, format, name: name)
    }
}

struct DraftView: Encodable {
    struct Section: Encodable {
        var key: String
        var id: String
        var label: String
        var text: String
        var rows: Int
        var edited: Bool
        var hasTables: Bool
    }
    struct Link: Encodable { var label: String; var href: String }
    struct Version: Encodable {
        var version: Int
        var username: String
        var at: String
        var change: String
        var docx: String
        var html: String
    }
    var heading: String
    var scope: String
    var period: String
    var periodLabel: String
    var action: String
    var base: Int
    var status: String
    var stale: String
    var error: String
    var sections: [Section]
    var number: String
    var symbol: String
    var date: String
    var authority: String
    var title: String
    var name: String
    var downloads: [Link]
    var versions: [Version]
}
