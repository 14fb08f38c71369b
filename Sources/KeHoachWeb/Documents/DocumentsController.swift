import Foundation
import Hummingbird
import KeHoachApp
import KeHoachCore

/// Reports as documents: the coordinator's consolidated report of a plan for a period, and an agency's own
/// report, as DOCX, XLSX or an HTML page that prints on A4.
struct DocumentsController {
    let app: AppServices

    func register(_ router: RouteTable) {
        router.get("/plans/:id/report", use: consolidated)
        router.get("/reports/:plan/:period/document", use: agencyReport)
    }

    func format(_ request: Request) throws -> ReportDocuments.Format {
        guard let text = try FormFields.query(request).text("format") else { return .html }
        guard let f = ReportDocuments.Format(rawValue: text) else { throw HTTPError(.badRequest, message: Texts.text("documents.badFormat")) }
        return f
    }

    func answer(_ data: Data, _ format: ReportDocuments.Format, name: String) -> Response {
        var headers: HTTPFields = [.contentType: format.mediaType, .cacheControl: "no-store"]
        // The print view opens in the browser; the files download.
        if format != .html { headers[.contentDisposition] = "attachment; filename=\"\(name)\"" }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// GET /plans/{id}/report?period=2026Q2&format=docx|xlsx|html (default: the last period already due, HTML).
    @Sendable func consolidated(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.require(.viewDashboard, request, province: context.user?.provinceID)
        guard let id = StoredPlan.ID(context.parameters.get("id") ?? ""), let plan = try await app.store.plan(id) else { throw HTTPError(.notFound) }
        _ = try context.require(.viewDashboard, request, province: plan.provinceID)
        let format = try format(request)
        let period: Period
        if let text = try FormFields.query(request).text("period") {
            guard let p = Period(text), p.kind != .adhoc, (2000...2100).contains(p.year) else {
                throw HTTPError(.badRequest, message: Texts.text("documents.badPeriod"))
            }
            period = p
        } else {
            period = ReportingCalendar(rule: plan.info.reporting).lastDue(on: app.today)
        }
        guard let province = try await app.store.province(plan.provinceID) else { throw HTTPError(.notFound) }
        // The coordinator's latest saved draft when there is one, as the command line writes it.
        let doc = try await ReportDocuments.current(store: app.store, province: province, scope: .plan(plan.id), period: period, date: app.today).document
        let data = try ReportDocuments.render(doc, as: format, stylesheet: "/static/report.css")
        try await app.store.record("report.download", entity: "plan", entityID: plan.id.description, before: nil,
                                   after: "\(period) · \(format.rawValue)", by: context.actor)
        return answer(data, format, name: ReportDocuments.fileName(plan, period, format: format))
    }

    /// GET /reports/{plan}/{period}/document?format=…[&agency=]: the agency's own report as it stands.
    @Sendable func agencyReport(_ request: Request, context: AppContext) async throws -> Response {
        let (_, plan, period, agency) = try await app.reportScope(request, context, edit: false)
        let format = try format(request)
        guard let doc = try await ReportDocuments.agency(store: app.store, plan: plan, agency: agency, period: period, date: app.today) else {
            throw HTTPError(.notFound, message: Texts.text("documents.noReport"))
        }
        let data = try ReportDocuments.render(doc, as: format, stylesheet: "/static/report.css")
        return answer(data, format, name: ReportDocuments.fileName(plan, period, agency: agency, format: format))
    }
}
