import Foundation
import Hummingbird
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
        router.post("/import/:id/confirm", use: confirm)
        router.post("/import/:id/cancel", use: cancel)
    }

    func formPage(_ user: User, context: AppContext, error: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let provinces = try await app.visibleProvinces(user).filter { AccessPolicy.allows(user, .importPlans, province: $0.id) }
        var plans: [[String: Any]] = []
        for p in provinces { plans += try await app.store.plans(in: p.id).map { ["id": $0.id.description, "title": $0.info.title] } }
        return app.pages.render("import", title: Texts.text("import.title"), data: [
            "provinces": provinces.map { ["id": $0.id.description, "name": $0.name] }, "plans": plans, "error": error as Any,
        ], context: context, status: status)
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
            guard let id = StoredPlan.ID(r), let plan = try await app.store.plan(id), plan.provinceID == province else {
                throw HTTPError(.badRequest, message: Texts.text("error.badRequest"))
            }
            replacing = id
        }
        guard let data = parts.fileData, let file = parts.fileName else {
            return try await formPage(user, context: context, error: Texts.text("field.required"), status: .badRequest)
        }
        // Read it now: a document that cannot be read is refused before anything is kept.
        let document: PlanDocument
        do { document = try PlanImporter.importPlan(data: data, fileName: file) } catch {
            return try await formPage(user, context: context, error: error.message, status: .unprocessableContent)
        }
        let id = try await app.store.savePending(file: file, bytes: data, province: province, replacing: replacing, user: user.id)
        let provinceName = try await app.store.province(province)?.name ?? ""
        let replacingTitle = try await replacing.asyncMap { try await app.store.plan($0)?.info.title }
        return app.pages.render("importPreview", title: Texts.text("import.previewTitle"), data: [
            "id": id.description, "file": file, "province": provinceName, "replacing": (replacingTitle ?? nil) as Any,
            "summary": PlanSummary.text(document),
        ], context: context)
    }

    func pendingOf(_ request: Request, context: AppContext) async throws -> (User, PendingImport) {
        let user = try context.require(.importPlans, request, province: context.user?.provinceID)
        guard let id = PendingImport.ID(context.parameters.get("id") ?? ""), let pending = try await app.store.pending(id),
              pending.userID == user.id else { throw HTTPError(.notFound) }
        _ = try context.require(.importPlans, request, province: pending.provinceID)
        try context.checkCSRF(try await FormFields.body(request))
        return (user, pending)
    }

    @Sendable func confirm(_ request: Request, context: AppContext) async throws -> Response {
        let (_, pending) = try await pendingOf(request, context: context)
        let document: PlanDocument
        do { document = try PlanImporter.importPlan(data: pending.bytes, fileName: pending.file) } catch {
            throw HTTPError(.unprocessableContent, message: error.message)
        }
        let result = try await app.store.loadPlan(document, source: pending.bytes, into: pending.provinceID, replacing: pending.replacing, by: context.actor)
        try await app.store.deletePending(pending.id, by: context.actor, confirmed: true)
        let changes = result.added.map { "+ \($0)" } + result.changed.map { "~ \($0)" } + result.removed.map { "− \($0)" }
        return app.pages.render("importDone", title: Texts.text("import.done"), data: [
            "planID": result.planID.description, "title": document.plan.title,
            "hasChanges": !changes.isEmpty, "changes": changes, "hasUnresolved": !result.unresolved.isEmpty, "unresolved": result.unresolved,
        ], context: context)
    }

    @Sendable func cancel(_ request: Request, context: AppContext) async throws -> Response {
        let (_, pending) = try await pendingOf(request, context: context)
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
