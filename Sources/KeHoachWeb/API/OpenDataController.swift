import Foundation
import Hummingbird
import KeHoachApp
import KeHoachCore

/// The public section (no sign-in): the plans a coordinator chose to publish, each with its datasets as CSV and JSON,
/// and a DCAT-AP catalogue (JSON-LD) that portals such as CKAN harvest. A plan not published is not found here, by
/// anyone; report texts are never in it (OpenPlan).
struct OpenDataController {
    let app: AppServices

    func register(_ router: RouteTable) {
        router.get("/open", use: index)
        router.get("/open/catalog.jsonld", use: catalog)
        router.get("/open/plans/:id", use: plan)
        router.get("/open/plans/:id/:file", use: file)
        router.post("/plans/:id/publication", use: publish)
    }

    /// Publications are read once more on every visit (they change rarely; the evaluation behind them is cached).
    func published(_ request: Request, _ context: AppContext) async throws -> OpenPlan {
        guard let id = StoredPlan.ID(context.parameters.get("id") ?? ""), let open = try await app.core.openPlan(id) else { throw HTTPError(.notFound) }
        return open
    }

    @Sendable func index(_ request: Request, context: AppContext) async throws -> Response {
        let plans = try await app.core.publishedPlans().map { plan, province, p in
            OpenDataView.Plan(id: plan.id.description, title: plan.info.title, province: province.name, number: plan.info.number,
                              published: p.publishedOn.vietnamese, licence: p.licence.label)
        }
        return app.pages.render(.openData, title: "Dữ liệu mở", view: OpenDataView(plans: plans, hasPlans: !plans.isEmpty), context: context)
    }

    @Sendable func plan(_ request: Request, context: AppContext) async throws -> Response {
        let open = try await published(request, context)
        func rows(_ table: DataTable, _ columns: [String]) -> [[String]] {
            let index = columns.compactMap { table.columns.firstIndex(of: $0) }
            return table.rows.map { row in
                index.map { i in
                    // A period as words (tháng 5/2026), not its code.
                    if table.columns[i].hasPrefix("ky"), case let .text(code) = row[i], let period = Period(code) { return period.label }
                    return Self.shown(row[i])
                }
            }
        }
        let view = OpenPlanView(
            id: open.plan.id.description, title: open.plan.info.title, province: open.province.name, number: open.plan.info.number,
            issuer: open.plan.info.issuer, issued: open.plan.info.issuedOn?.vietnamese, published: open.publication.publishedOn.vietnamese,
            modified: open.modified.vietnamese, licence: open.publication.licence.label, licenceURL: open.publication.licence.url,
            datasets: OpenPlan.datasets.map { .init(name: $0.name, title: $0.title, description: $0.description, rows: open.table($0.name)?.rows.count ?? 0) },
            indicators: rows(open.indicators, ["ma", "ten", "don_vi_tinh", "muc_tieu", "gia_tri_moi_nhat", "ky_moi_nhat", "danh_gia"]).map { .init(cells: $0) },
            tasks: rows(open.tasks, ["ma", "ten", "co_quan_chu_tri", "thoi_han", "tinh_trang"]).map { .init(cells: $0) })
        return app.pages.render(.openPlan, title: open.plan.info.title, view: view, context: context)
    }

    /// A cell as the page shows it: numbers the Vietnamese way, dates `31/12/2026`.
    static func shown(_ cell: DataTable.Cell) -> String {
        switch cell {
        case let .text(s): CivilDate(iso: s).map(\.vietnamese) ?? s
        case let .number(x): VietnameseNumber.display(x)
        case let .integer(i): VietnameseNumber.display(Double(i))
        case .empty: "—"
        }
    }

    @Sendable func file(_ request: Request, context: AppContext) async throws -> Response {
        let open = try await published(request, context)
        let file = context.parameters.get("file") ?? ""
        let parts = file.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2, let dataset = OpenPlan.datasets.first(where: { $0.name == parts[0] }), let table = open.table(dataset.name) else {
            throw HTTPError(.notFound)
        }
        let name = "ke-hoach-\(open.plan.id)-\(dataset.name).\(parts[1])"
        let headers: HTTPFields
        let body: ByteBuffer
        switch parts[1] {
        case "csv":
            headers = [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(name)\""]
            body = ByteBuffer(string: table.csv(comments: [
                "\(dataset.title): \(open.plan.info.title) (\(open.province.name))",
                "Giấy phép: \(open.publication.licence.rawValue) \(open.publication.licence.url); công bố \(open.publication.publishedOn); cập nhật \(open.modified)",
            ]))
        case "json":
            headers = [.contentType: "application/json; charset=utf-8", .contentDisposition: "inline; filename=\"\(name)\""]
            let object: [String: Any] = [
                "dataset": dataset.name, "title": dataset.title, "plan": open.plan.info.title, "province": open.province.name,
                "licence": ["id": open.publication.licence.rawValue, "url": open.publication.licence.url],
                "issued": open.publication.publishedOn.description, "modified": open.modified.description,
                "columns": table.columns, "rows": table.objects,
            ]
            body = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
        default:
            throw HTTPError(.notFound)
        }
        var all = headers
        all[.cacheControl] = "public, max-age=300"
        all[.accessControlAllowOrigin] = "*"
        return Response(status: .ok, headers: all, body: .init(byteBuffer: body))
    }

    /// The DCAT-AP catalogue (JSON-LD): one dataset per published plan and table, each with its CSV and JSON
    /// distributions, licence, dates, publisher and landing page.
    @Sendable func catalog(_ request: Request, context: AppContext) async throws -> Response {
        let base = app.baseURL(request)
        var datasets: [[String: Any]] = []
        var latest: CivilDate?
        for (plan, _, _) in try await app.core.publishedPlans() {
            guard let open = try await app.core.openPlan(plan.id) else { continue }
            latest = max(latest ?? open.modified, open.modified)
            datasets += Self.datasets(open, base: base)
        }
        let catalog: [String: Any] = [
            "@context": Self.context,
            "@id": base + "/open/catalog.jsonld",
            "@type": "dcat:Catalog",
            "dct:title": ["@value": "Dữ liệu mở về chuyển đổi số: kế hoạch, chỉ tiêu, nhiệm vụ", "@language": "vi"],
            "dct:description": ["@value": "Các kế hoạch chuyển đổi số mà cơ quan điều phối đã công bố, với chỉ tiêu, số liệu theo kỳ và tình trạng nhiệm vụ.", "@language": "vi"],
            "dct:language": ["@id": "http://publications.europa.eu/resource/authority/language/VIE"],
            "dct:publisher": ["@type": "foaf:Agent", "foaf:name": "KeHoach"],
            "dct:modified": ["@value": (latest ?? app.today).description, "@type": "xsd:date"],
            "foaf:homepage": ["@id": base + "/open"],
            "dcat:dataset": datasets,
        ]
        let data = try JSONSerialization.data(withJSONObject: catalog, options: [.sortedKeys, .withoutEscapingSlashes])
        return Response(status: .ok, headers: [.contentType: "application/ld+json; charset=utf-8", .cacheControl: "public, max-age=300",
                                               .accessControlAllowOrigin: "*"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static let context: [String: String] = [
        "dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/", "foaf": "http://xmlns.com/foaf/0.1/",
        "vcard": "http://www.w3.org/2006/vcard/ns#", "skos": "http://www.w3.org/2004/02/skos/core#", "xsd": "http://www.w3.org/2001/XMLSchema#",
    ]

    static func datasets(_ open: OpenPlan, base: String) -> [[String: Any]] {
        let page = base + "/open/plans/\(open.plan.id)"
        let publisher: [String: Any] = ["@type": "foaf:Agent", "foaf:name": "Ủy ban nhân dân tỉnh \(open.province.name)"]
        return OpenPlan.datasets.map { d in
            let formats: [(String, String, String)] = [("csv", "text/csv", "CSV"), ("json", "application/json", "JSON")]
            return [
                "@id": page + "#" + d.name,
                "@type": "dcat:Dataset",
                "dct:identifier": "kehoach-\(open.province.code)-\(open.plan.id)-\(d.name)",
                "dct:title": ["@value": "\(d.title): \(open.plan.info.title)", "@language": "vi"],
                "dct:description": ["@value": d.description, "@language": "vi"],
                "dct:issued": ["@value": open.publication.publishedOn.description, "@type": "xsd:date"],
                "dct:modified": ["@value": open.modified.description, "@type": "xsd:date"],
                "dct:license": ["@id": open.publication.licence.url],
                "dct:publisher": publisher,
                "dct:spatial": ["@type": "dct:Location", "skos:prefLabel": "Tỉnh \(open.province.name)"] as [String: Any],
                "dct:language": ["@id": "http://publications.europa.eu/resource/authority/language/VIE"],
                "dcat:keyword": ["chuyển đổi số", "kế hoạch", d.title.lowercased(), open.province.name],
                "dcat:landingPage": ["@id": page],
                "dcat:contactPoint": ["@type": "vcard:Organization", "vcard:fn": "Cơ quan điều phối chuyển đổi số tỉnh \(open.province.name)"],
                "dcat:distribution": formats.map { ext, media, format in
                    [
                        "@id": page + "/\(d.name).\(ext)",
                        "@type": "dcat:Distribution",
                        "dct:title": "\(d.title) (\(format))",
                        "dcat:accessURL": ["@id": page],
                        "dcat:downloadURL": ["@id": page + "/\(d.name).\(ext)"],
                        "dcat:mediaType": ["@id": "https://www.iana.org/assignments/media-types/\(media)"],
                        "dct:format": ["@id": "http://publications.europa.eu/resource/authority/file-type/\(format)"],
                        "dct:license": ["@id": open.publication.licence.url],
                        "dct:issued": ["@value": open.publication.publishedOn.description, "@type": "xsd:date"],
                        "dct:modified": ["@value": open.modified.description, "@type": "xsd:date"],
                    ] as [String: Any]
                },
            ]
        }
    }

    /// POST /plans/{id}/publication: publish with a licence, or withdraw (`licence=none`).
    @Sendable func publish(_ request: Request, context: AppContext) async throws -> Response {
        guard let id = StoredPlan.ID(context.parameters.get("id") ?? ""), let plan = try await app.store.plan(id) else {
            _ = try context.requireUser(request)
            throw HTTPError(.notFound)
        }
        _ = try context.require(.manageConnections, request, province: plan.provinceID)
        let form = try await FormFields.body(request)
        try context.checkCSRF(form)
        let licence: OpenLicence?
        switch form["licence"] {
        case "none": licence = nil
        case let text?: guard let l = OpenLicence(rawValue: text) else { throw HTTPError(.badRequest, message: "Giấy phép không hợp lệ (trường «licence»).") }; licence = l
        case nil: throw HTTPError(.badRequest, message: "Cần chọn giấy phép (trường «licence»).")
        }
        try await app.store.setPublication(id, licence: licence, on: app.today, by: context.actor)
        return Pages.redirect("/plans/\(id)#du-lieu-mo")
    }
}

/// `openData`: the published plans.
struct OpenDataView: Encodable {
    struct Plan: Encodable {
        var id, title, province: String
        var number: String?
        var published, licence: String
    }
    var plans: [Plan]
    var hasPlans: Bool
}

/// `openPlan`: one published plan, its datasets and their content.
struct OpenPlanView: Encodable {
    struct Dataset: Encodable { var name, title, description: String; var rows: Int }
    struct Row: Encodable { var cells: [String] }
    var id, title, province: String
    var number, issuer, issued: String?
    var published, modified, licence, licenceURL: String
    var datasets: [Dataset]
    var indicators, tasks: [Row]
}
