import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KeHoachCore
import KeHoachReports
import KeHoachStore
import KeHoachWeb
import Logging
import NIOCore
import Testing

/// The public section, the national export and what operators watch, as their users meet them.
@Suite("Open data, national export, operations", .serialized)
struct ConnectionsTests {
    /// A report of the Lào Cai department for May 2026 with one indicator value and texts that must stay private.
    static func submitMay(_ f: WebFixture, _ client: any TestClientProtocol) async throws -> (indicator: StoredIndicator.ID, agency: Agency.ID) {
        var reporter = Browser(client)
        _ = try await reporter.signIn("reporterlaocai")
        let uri = "/reports/\(f.laoCaiPlan)/2026-05"
        let form = String(buffer: try await reporter.get(uri).body)
        let tasks = ReportingWorkflowTests.taskIDs(form)
        let indicatorRange = try #require(form.range(of: #"name="indicator\.(\d+)\.value""#, options: .regularExpression))
        let indicator = StoredIndicator.ID(String(form[indicatorRange].dropFirst(16).dropLast(7)))!
        var fields: [String: String] = ["action": "submit", "difficulties": "BÍ-MẬT khó khăn nội bộ", "proposals": "BÍ-MẬT kiến nghị"]
        for id in tasks { fields["task.\(id).status"] = "in-progress"; fields["task.\(id).percent"] = "50"; fields["task.\(id).note"] = "BÍ-MẬT ghi chú" }
        fields["indicator.\(indicator).value"] = "42"
        fields["indicator.\(indicator).note"] = "BÍ-MẬT nguồn số liệu"
        let sent = try await reporter.post(uri, form: fields)
        #expect(sent.status == .seeOther, "\(String(buffer: sent.body).suffix(500))")
        return (indicator, try #require(try await f.store.user(named: "reporterlaocai")?.0.agencyID))
    }

    @Test("only a published plan is public: its page, CSV and JSON per dataset with licence and dates, the DCAT-AP catalogue; no report text, ever")
    func openData() async throws {
        let f = try await WebFixture.make(clock: TestClock(2026, 5, 25))
        defer { f.remove() }
        try await f.test { client in
            _ = try await Self.submitMay(f, client)
            var anonymous = Browser(client)
            // Nothing published yet: the list says so, the plan is not found, the catalogue is empty.
            #expect(String(buffer: try await anonymous.get("/open").body).contains("Chưa có kế hoạch nào được công bố"))
            #expect(try await anonymous.get("/open/plans/\(f.laoCaiPlan)").status == .notFound)
            #expect(try await anonymous.get("/open/plans/\(f.laoCaiPlan)/indicators.csv").status == .notFound)
            let emptyCatalog = try JSONSerialization.jsonObject(with: Data(try await anonymous.get("/open/catalog.jsonld").body.readableBytesView)) as? [String: Any]
            #expect((emptyCatalog?["dcat:dataset"] as? [Any])?.isEmpty == true)

            // The Lào Cai coordinator publishes its plan from the plan's page; Lai Châu's may not.
            var coordinator = Browser(client)
            _ = try await coordinator.signIn("coordinatorlaocai")
            let planPage = String(buffer: try await coordinator.get("/plans/\(f.laoCaiPlan)").body)
            #expect(planPage.contains("action=\"/plans/\(f.laoCaiPlan)/publication\"") && planPage.contains("chưa công bố dữ liệu mở"))
            #expect(try await coordinator.post("/plans/\(f.laoCaiPlan)/publication", form: ["licence": "CC-BY-4.0"]).status == .seeOther)
            #expect(String(buffer: try await coordinator.get("/plans/\(f.laoCaiPlan)").body).contains("Đã công bố dữ liệu mở từ ngày 25/05/2026"))
            var laiChau = Browser(client)
            _ = try await laiChau.signIn("coordinator")
            #expect(try await laiChau.post("/plans/\(f.laoCaiPlan)/publication", form: ["licence": "none"]).status == .forbidden)
            #expect(try await f.store.audit(limit: 50, offset: 0).contains { $0.action == "plan.publish" && $0.username == "coordinatorlaocai" })

            // The public page, without signing in.
            let list = String(buffer: try await anonymous.get("/open").body)
            #expect(list.contains("/open/plans/\(f.laoCaiPlan)") && list.contains("Lào Cai") && !list.contains("/open/plans/\(f.laiChauPlan)"))
            let page = String(buffer: try await anonymous.get("/open/plans/\(f.laoCaiPlan)").body)
            #expect(page.contains("Creative Commons Ghi công 4.0") && page.contains("Công bố ngày 25/05/2026") && page.contains("indicators.csv"))
            #expect(page.contains(">42<") && !page.contains("BÍ-MẬT"))
            #expect(try await anonymous.get("/open/plans/\(f.laiChauPlan)").status == .notFound)

            // CSV: byte-order mark, the licence, one row per indicator; JSON: the same columns, numbers as numbers.
            let indicators = try await f.store.indicators(of: f.laoCaiPlan)
            let csv = try await anonymous.get("/open/plans/\(f.laoCaiPlan)/indicators.csv")
            let csvText = String(buffer: csv.body)
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true && csvText.hasPrefix("\u{FEFF}# Chỉ tiêu"))
            #expect(csvText.contains("CC-BY-4.0") && csvText.contains("ma,nhom,ten,don_vi_tinh"))
            #expect(csvText.split(separator: "\r\n").filter { !$0.hasPrefix("#") && !$0.hasPrefix("\u{FEFF}") }.count == indicators.count + 1)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(try await anonymous.get("/open/plans/\(f.laoCaiPlan)/values.json").body.readableBytesView)) as? [String: Any])
            let rows = try #require(json["rows"] as? [[String: Any]])
            #expect(json["issued"] as? String == "2026-05-25" && (json["licence"] as? [String: Any])?["id"] as? String == "CC-BY-4.0")
            #expect(rows.contains { $0["ky"] as? String == "2026-05" && $0["gia_tri"] as? Double == 42 && $0["so_co_quan_bao_cao"] as? Int == 1 })
            let tasks = String(buffer: try await anonymous.get("/open/plans/\(f.laoCaiPlan)/tasks.json").body)
            #expect(tasks.contains("tinh_trang") && !tasks.contains("BÍ-MẬT"))
            for file in ["indicators.json", "values.csv", "tasks.csv", "indicators.csv"] {
                #expect(!String(buffer: try await anonymous.get("/open/plans/\(f.laoCaiPlan)/\(file)").body).contains("BÍ-MẬT"), "\(file)")
            }
            #expect(try await anonymous.get("/open/plans/\(f.laoCaiPlan)/reports.csv").status == .notFound)
            #expect(try await anonymous.get("/open/plans/\(f.laoCaiPlan)/indicators.xlsx").status == .notFound)

            // The catalogue: a dataset per table, each with licence, dates and both distributions.
            let catalog = try #require(try JSONSerialization.jsonObject(with: Data(try await anonymous.get("/open/catalog.jsonld").body.readableBytesView)) as? [String: Any])
            #expect(catalog["@type"] as? String == "dcat:Catalog")
            let datasets = try #require(catalog["dcat:dataset"] as? [[String: Any]])
            #expect(datasets.count == 3)
            for d in datasets {
                #expect((d["dct:license"] as? [String: Any])?["@id"] as? String == "https://creativecommons.org/licenses/by/4.0/")
                #expect((d["dct:issued"] as? [String: Any])?["@value"] as? String == "2026-05-25")
                let distributions = try #require(d["dcat:distribution"] as? [[String: Any]])
                #expect(Set(distributions.compactMap { ($0["dcat:mediaType"] as? [String: Any])?["@id"] as? String }.map { $0.components(separatedBy: "/").last! }) == ["csv", "json"])
                for dist in distributions {
                    let url = try #require((dist["dcat:downloadURL"] as? [String: Any])?["@id"] as? String)
                    let start = try #require(url.range(of: "/open/")).lowerBound
                    let path = String(url[start...])
                    #expect(try await anonymous.get(path).status == .ok, "\(path)")
                }
            }

            // Withdrawn: gone from the public section.
            #expect(try await coordinator.post("/plans/\(f.laoCaiPlan)/publication", form: ["licence": "none"]).status == .seeOther)
            #expect(try await anonymous.get("/open/plans/\(f.laoCaiPlan)").status == .notFound)
        }
    }

    @Test("the national export: a period's values per province and agency, national codes where set, as JSON and XML with the names of one table")
    func nationalExport() async throws {
        let f = try await WebFixture.make(clock: TestClock(2026, 5, 25))
        defer { f.remove() }
        try await f.test { client in
            let (indicator, agency) = try await Self.submitMay(f, client)
            var coordinator = Browser(client)
            _ = try await coordinator.signIn("coordinatorlaocai")
            // National codes set on the indicator's page (refused when not a code).
            _ = try await coordinator.get("/dashboard/indicators/\(indicator)")
            #expect(try await coordinator.post("/dashboard/indicators/\(indicator)/setting", form: ["method": "default", "nationalCode": "CĐS 01", "unitCode": ""]).status == .badRequest)
            #expect(try await coordinator.post("/dashboard/indicators/\(indicator)/setting", form: ["method": "default", "nationalCode": "CDS.01.02", "unitCode": "DVT-PT"]).status == .seeOther)
            #expect(String(buffer: try await coordinator.get("/dashboard/indicators/\(indicator)").body).contains("value=\"CDS.01.02\""))

            let json = try await coordinator.get("/api/v1/plans/\(f.laoCaiPlan)/exchange?period=2026-05&format=json")
            #expect(json.status == .ok)
            let packet = try #require((try JSONSerialization.jsonObject(with: Data(json.body.readableBytesView)) as? [String: Any])?[ExchangeName.packet.json] as? [String: Any])
            let list = try #require(packet[ExchangeName.indicatorList.json] as? [[String: Any]])
            #expect(list.count == (try await f.store.indicators(of: f.laoCaiPlan)).count)
            let coded = try #require(list.first { $0["ma"] as? String == "CDS.01.02" })
            #expect(coded["nguonMa"] as? String == "quoc-gia" && coded["maDonViTinh"] as? String == "DVT-PT")
            #expect(list.filter { $0["nguonMa"] as? String == "ke-hoach" }.count == list.count - 1)
            let data = try #require(packet[ExchangeName.indicatorData.json] as? [[String: Any]])
            let values = data.filter { $0["maChiTieu"] as? String == "CDS.01.02" }
            #expect(values.count == 2) // the province and the agency
            #expect(values.contains { ($0["donViBaoCao"] as? [String: Any])?["cap"] as? String == "tinh" && $0["giaTri"] as? Double == 42 })
            let agencyName = try #require(try await f.store.agency(agency)?.name)
            #expect(values.contains { ($0["donViBaoCao"] as? [String: Any])?["ten"] as? String == agencyName && $0["ngayGui"] as? String == "2026-05-25" })
            let form = try #require(packet[ExchangeName.form.json] as? [String: Any])
            #expect((form["kyBaoCao"] as? [String: Any])?["tuNgay"] as? String == "2026-05-01")

            // XML: well formed, in the namespace, every element name from ExchangeName, the same values.
            let xml = try await coordinator.get("/api/v1/plans/\(f.laoCaiPlan)/exchange?period=2026-05&format=xml")
            #expect(xml.headers[.contentType]?.hasPrefix("application/xml") == true)
            let names = NameCollector()
            let parser = XMLParser(data: Data(xml.body.readableBytesView))
            parser.delegate = names
            parser.shouldProcessNamespaces = true
            #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
            #expect(names.namespaces == [ExchangePacket.namespace])
            #expect(names.elements.isSubset(of: Set(ExchangeName.allCases.map(\.xml))) && names.elements.contains("GiaTriChiTieu"))
            #expect(String(buffer: xml.body).contains("<Ma>CDS.01.02</Ma>") && !String(buffer: xml.body).contains("BÍ-MẬT"))

            // A period outside the plan's calendar, an unknown format; a reporter may not export.
            #expect(try await coordinator.get("/api/v1/plans/\(f.laoCaiPlan)/exchange?period=2026Q2").status == .badRequest)
            #expect(try await coordinator.get("/api/v1/plans/\(f.laoCaiPlan)/exchange?period=2026-05&format=pdf").status == .badRequest)
            var reporter = Browser(client)
            _ = try await reporter.signIn("reporterlaocai")
            #expect(try await reporter.get("/api/v1/plans/\(f.laoCaiPlan)/exchange").status == .forbidden)
        }
    }

    final class NameCollector: NSObject, XMLParserDelegate {
        var elements: Set<String> = []
        var namespaces: Set<String> = []
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            elements.insert(name)
            if let namespaceURI { namespaces.insert(namespaceURI) }
        }
    }

    @Test("operations: /healthz, /readyz and /metrics counting requests by route and status, the database and the evaluation cache")
    func operations() async throws {
        let f = try await WebFixture.make()
        defer { f.remove() }
        try await f.test { client in
            var anonymous = Browser(client)
            #expect(String(buffer: try await anonymous.get("/healthz").body) == "ok\n")
            let ready = try await anonymous.get("/readyz")
            #expect(ready.status == .ok && String(buffer: ready.body).hasPrefix("ready: database reachable"))
            var coordinator = Browser(client)
            _ = try await coordinator.signIn("coordinator")
            _ = try await coordinator.get("/dashboard")
            _ = try await coordinator.get("/plans/424242")
            let metrics = try await anonymous.get("/metrics")
            #expect(metrics.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
            let text = String(buffer: metrics.body)
            #expect(text.contains(#"kehoach_http_requests_total{method="GET",route="/dashboard",status="200"}"#))
            #expect(text.contains(#"kehoach_http_requests_total{method="GET",route="/plans/:id",status="404"}"#))
            #expect(text.contains(#"kehoach_http_request_duration_seconds_bucket{method="GET",route="/dashboard",le="0.005"}"#))
            #expect(text.contains(#"kehoach_db_transaction_duration_seconds_count{kind="read"}"#))
            #expect(text.contains(#"kehoach_evaluation_cache_requests_total{result="miss"}"#))
            #expect(!text.contains("424242"))
        }
    }

    @Test("structured logs: one JSON object per line with time, level, message and metadata")
    func jsonLogs() throws {
        final class Lines: @unchecked Sendable { var all: [String] = []; let lock = NSLock() }
        let lines = Lines()
        var logger = Logger(label: "kehoach") { label in JSONLogHandler(label: label, write: { line in lines.lock.withLock { lines.all.append(line) } }) }
        logger[metadataKey: "request"] = "abc"
        logger.info("mail round", metadata: ["sent": "3"])
        logger.debug("not shown at info")
        #expect(lines.all.count == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(lines.all[0].utf8)) as? [String: Any])
        #expect(object["level"] as? String == "info" && object["message"] as? String == "mail round" && object["label"] as? String == "kehoach")
        #expect((object["metadata"] as? [String: String]) == ["request": "abc", "sent": "3"])
        #expect((object["time"] as? String)?.hasSuffix("Z") == true)
    }
}
