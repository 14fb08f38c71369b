import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KeHoachCore
import KeHoachStore
import KeHoachWeb
import NIOCore
import Testing

/// Machine clients: a coordinator issues keys on /connections; a client with an agency's write key reads and submits
/// the agency's report through the API (the form's validation, workflow, timeliness and audit), retries safely with
/// an idempotency key, and the coordinator accepts the report on the page. Read keys, revoked and expired keys,
/// sessions and other agencies are refused, with RFC 9457 problems.
@Suite("API keys and reports through the API", .serialized)
struct APITokenTests {
    /// A client of the API: only a key, no cookie.
    struct Client {
        var client: any TestClientProtocol
        var key: String

        func get(_ uri: String) async throws -> TestResponse {
            try await client.execute(uri: uri, method: .get, headers: [.authorization: "Bearer \(key)"])
        }

        func post(_ uri: String, json: String, idempotencyKey: String? = nil, contentType: String = "application/json") async throws -> TestResponse {
            var headers: HTTPFields = [.authorization: "Bearer \(key)", .contentType: contentType]
            if let idempotencyKey { headers[HTTPField.Name("Idempotency-Key")!] = idempotencyKey }
            return try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: json))
        }
    }

    static func json(_ r: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(r.body.readableBytesView)) as? [String: Any], "\(String(buffer: r.body))")
    }

    /// Issues a key on the page; returns the secret shown once.
    static func issue(_ b: inout Browser, client: String, agency: String, access: String, expires: String = "2027-05-01") async throws -> String {
        _ = try await b.get("/connections")
        let r = try await b.post("/connections", form: ["client": client, "agency": agency, "access": access, "expiresOn": expires])
        #expect(r.status == .created, "\(String(buffer: r.body).suffix(600))")
        let page = String(buffer: r.body)
        let range = try #require(page.range(of: #"khtk_[0-9a-f]{64}"#, options: .regularExpression), "no key shown")
        return String(page[range])
    }

    @Test("a write key submits the agency's report through the API; the coordinator accepts it on the page; read, revoked and expired keys are refused")
    func writeThroughAPI() async throws {
        let clock = TestClock(2026, 5, 18)
        let f = try await WebFixture.make(clock: clock)
        defer { f.remove() }
        let agency = try #require(try await f.store.user(named: "reporterlaocai")?.0.agencyID)
        let plan = f.laoCaiPlan
        try await f.test { client in
            var coordinator = Browser(client)
            _ = try await coordinator.signIn("coordinatorlaocai")
            #expect(String(buffer: try await coordinator.get("/plans").body).contains("href=\"/connections\""))
            let writeKey = try await Self.issue(&coordinator, client: "Hệ thống QLVB Sở KH&CN", agency: "Sở Khoa học và Công nghệ", access: "write")
            let readKey = try await Self.issue(&coordinator, client: "Cổng dữ liệu tỉnh", agency: "Sở Khoa học và Công nghệ", access: "read")
            let provinceKey = try await Self.issue(&coordinator, client: "Kho dữ liệu tỉnh", agency: "", access: "read")
            // A write key for the whole province is refused beside its field, as are a past date and an unknown agency.
            for (fields, words) in [(["client": "X", "agency": "", "access": "write", "expiresOn": "2027-01-01"], "phải gắn với một cơ quan"),
                                    (["client": "X", "agency": "", "access": "read", "expiresOn": "2026-01-01"], "Ngày hết hạn đã qua"),
                                    (["client": "X", "agency": "Sở Không Có", "access": "read", "expiresOn": "2027-01-01"], "Không có cơ quan «Sở Không Có»"),
                                    (["client": "X", "agency": "", "access": "read", "expiresOn": "2030-01-01"], "tối đa 2 năm")] {
                let r = try await coordinator.post("/connections", form: fields)
                #expect(r.status == .unprocessableContent && String(buffer: r.body).contains(words), "\(fields)")
            }
            // The list shows each key by its first characters, never the secret.
            let list = String(buffer: try await coordinator.get("/connections").body)
            #expect(list.contains("Hệ thống QLVB Sở KH&amp;CN") && list.contains(String(writeKey.prefix(11))) && !list.contains(writeKey))
            #expect(list.contains("Cả tỉnh Lào Cai") && list.contains("Đọc và ghi báo cáo"))

            let api = Client(client: client, key: writeKey)
            let uri = "/api/v1/reports/\(plan)/2026-05"
            let empty = try await api.get(uri)
            #expect(empty.status == .ok)
            let document = try Self.json(empty)
            #expect(document["status"] == nil && document["timeliness"] as? String == "pending" && document["due"] as? String == "2026-05-20")
            let tasks = try #require(document["tasks"] as? [[String: Any]]).compactMap { $0["task"] as? Int }
            #expect(tasks.count > 20)

            // Refused: a percentage over 100, a task of another agency; nothing is saved.
            let bad = try await api.post(uri, json: #"{"submit": true, "tasks": [{"task": \#(tasks[0]), "status": "in-progress", "percent": 140}, {"task": 999999, "status": "completed"}]}"#)
            #expect(bad.status == .unprocessableContent)
            #expect(bad.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            let problem = try Self.json(bad)
            #expect(problem["type"] as? String == "/api/problems/invalid-report" && problem["status"] as? Int == 422)
            let fields = try #require(problem["errors"] as? [[String: Any]]).compactMap { $0["field"] as? String }
            #expect(fields.contains("task.\(tasks[0]).percent") && fields.contains("task.999999"))
            #expect(try await f.store.report(plan: plan, agency: agency, period: Period("2026-05")!) == nil)
            // Not JSON: a problem naming where.
            let malformed = try await api.post(uri, json: #"{"tasks": [{"task": \#(tasks[0]), "percent": "bốn mươi"}]}"#)
            #expect(malformed.status == .badRequest && String(buffer: malformed.body).contains("tasks[0].percent"))
            #expect(try await api.post(uri, json: "{}", contentType: "text/plain").status == .unsupportedMediaType)

            // A draft, sent twice with the same idempotency key: saved once, the second answer replayed.
            let draft = #"{"tasks": [{"task": \#(tasks[0]), "status": "in-progress", "percent": 40, "note": "Đã có dự thảo"}], "difficulties": "Thiếu nhân lực"}"#
            let first = try await api.post(uri, json: draft, idempotencyKey: "draft-2026-05-a")
            try #expect(first.status == .ok && (try Self.json(first))["status"] as? String == "draft")
            let again = try await api.post(uri, json: draft, idempotencyKey: "draft-2026-05-a")
            #expect(again.status == .ok && again.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            #expect(String(buffer: again.body) == String(buffer: first.body))
            let report = try #require(try await f.store.report(plan: plan, agency: agency, period: Period("2026-05")!))
            #expect(try await f.store.events(of: report.id).map(\.action) == ["save"])
            // The same key for another request is refused.
            let reused = try await api.post(uri, json: #"{"difficulties": "Khác"}"#, idempotencyKey: "draft-2026-05-a")
            try #expect(reused.status == .unprocessableContent && (try Self.json(reused))["type"] as? String == "/api/problems/idempotency-key-reused")

            // A read key reads the same report and writes nothing.
            let reader = Client(client: client, key: readKey)
            #expect((try Self.json(try await reader.get(uri)))["difficulties"] as? String == "Thiếu nhân lực")
            let readOnly = try await reader.post(uri, json: #"{"submit": true}"#)
            try #expect(readOnly.status == .forbidden && (try Self.json(readOnly))["type"] as? String == "/api/problems/token-read-only")
            // An agency's key sees its own agency only; the province's key reads but cannot write.
            #expect(try await api.get("/api/v1/agencies/\(f.otherAgency)").status == .forbidden)
            #expect(try await Client(client: client, key: provinceKey).get("/api/v1/plans/\(plan)/reports?period=2026-05").status == .ok)
            #expect(try await Client(client: client, key: provinceKey).post(uri + "?agency=\(agency)", json: "{}").status == .forbidden)
            #expect(try await api.get("/api/v1/plans/\(f.laiChauPlan)").status == .forbidden)

            // Submitted through the API: the stored draft's items kept, every other task given.
            let all = tasks.dropFirst().map { #"{"task": \#($0), "status": "in-progress", "percent": 50}"# }.joined(separator: ",")
            let sent = try await api.post(uri, json: #"{"submit": true, "proposals": "Bổ sung kinh phí", "tasks": [\#(all)]}"#, idempotencyKey: "submit-2026-05")
            #expect(sent.status == .ok, "\(String(buffer: sent.body).prefix(600))")
            let submitted = try Self.json(sent)
            #expect(submitted["status"] as? String == "submitted" && submitted["timeliness"] as? String == "on-time")
            #expect(submitted["difficulties"] as? String == "Thiếu nhân lực")
            // A submitted report is locked, as on the form.
            let locked = try await api.post(uri, json: #"{"difficulties": "Sửa"}"#)
            try #expect(locked.status == .conflict && (try Self.json(locked))["type"] as? String == "/api/problems/report-locked")

            // The coordinator sees it on the matrix and accepts it on the page.
            let view = String(buffer: try await coordinator.get("/reports/\(plan)/2026-05?agency=\(agency)").body)
            #expect(view.contains("Đã gửi") && view.contains("Bổ sung kinh phí"))
            let reportID = try #require(view.range(of: #"/reviews/(\d+)/accept"#, options: .regularExpression).map { String(view[$0].dropFirst(9).dropLast(7)) })
            #expect(try await coordinator.post("/reviews/\(reportID)/accept", form: [:]).status == .seeOther)
            #expect((try Self.json(try await api.get(uri)))["status"] as? String == "accepted")
            #expect(try await f.store.events(of: report.id).map(\.action) == ["save", "submit", "accept"])
            // Every use of a key is in the audit log, under the client's name, also on the province's audit page.
            let auditPage = String(buffer: try await coordinator.get("/audit").body)
            #expect(auditPage.contains("api.use") && auditPage.contains("Hệ thống QLVB Sở KH&amp;CN"))
            var laiChauCoordinator = Browser(client)
            _ = try await laiChauCoordinator.signIn("coordinator")
            #expect(!String(buffer: try await laiChauCoordinator.get("/audit").body).contains("Hệ thống QLVB"))
            let audit = try await f.store.audit(limit: 200, offset: 0)
            #expect(audit.contains { $0.action == "api.use" && ($0.username ?? "").contains("Hệ thống QLVB") && ($0.after ?? "").contains("POST \(uri) → 200") })
            #expect(audit.contains { $0.action == "report.submit" && ($0.username ?? "").hasPrefix("api:") } || audit.contains { ($0.username ?? "").hasPrefix("api:") && $0.action != "api.use" })

            // Revoked: refused with the challenge of RFC 6750.
            let tokens = String(buffer: try await coordinator.get("/connections").body)
            let revokeID = try #require(tokens.range(of: #"/connections/(\d+)/revoke"#, options: .regularExpression).map { String(tokens[$0].dropFirst(13).dropLast(7)) })
            #expect(try await coordinator.post("/connections/\(revokeID)/revoke", form: [:]).status == .seeOther)
            let revokedKeys = try await f.store.tokens(province: f.laoCai).filter { $0.revokedAt != nil }
            #expect(revokedKeys.count == 1)
            let revokedKey = [writeKey, readKey, provinceKey].first { key in revokedKeys.contains { key.hasPrefix($0.prefix) } }!
            let refused = try await Client(client: client, key: revokedKey).get("/api/v1/plans")
            #expect(refused.status == .unauthorized && refused.headers[.wwwAuthenticate]?.contains("invalid_token") == true)
            #expect(String(buffer: refused.body).contains("thu hồi"))
            // Expired: the day after its last day.
            clock.set(2027, 5, 2)
            let expired = try await Client(client: client, key: writeKey == revokedKey ? readKey : writeKey).get("/api/v1/plans")
            #expect(expired.status == .unauthorized && String(buffer: expired.body).contains("hết hạn ngày 01/05/2027"))
            // A made-up key, a malformed header.
            #expect(try await Client(client: client, key: "khtk_" + String(repeating: "0", count: 64)).get("/api/v1/plans").status == .unauthorized)
            #expect(try await client.execute(uri: "/api/v1/plans", method: .get, headers: [.authorization: "Basic eDp5"]).status == .unauthorized)
        }
    }

    @Test("writes through the API need a key: a session is told so; keys open no page")
    func sessionsAndPages() async throws {
        let f = try await WebFixture.make()
        defer { f.remove() }
        try await f.test { client in
            var reporter = Browser(client)
            _ = try await reporter.signIn("reporter")
            let r = try await client.execute(uri: "/api/v1/reports/\(f.laiChauPlan)/2026", method: .post,
                                             headers: reporter.cookieHeader.merging([.contentType: "application/json"]), body: ByteBuffer(string: "{}"))
            #expect(r.status == .unauthorized && String(buffer: r.body).contains("token-required"))
            // The session reads its own agency's report through the API.
            #expect(try await reporter.get("/api/v1/reports/\(f.laiChauPlan)/2026").status == .ok)
            var coordinator = Browser(client)
            _ = try await coordinator.signIn("coordinator")
            let key = try await Self.issue(&coordinator, client: "Kho dữ liệu", agency: "", access: "read")
            // A key is for the API: a page asked with it is the anonymous visitor's.
            let page = try await client.execute(uri: "/plans", method: .get, headers: [.authorization: "Bearer \(key)"])
            #expect(page.status == .seeOther)
            #expect(try await Client(client: client, key: key).get("/api/v1/plans").status == .ok)
        }
    }
}

extension HTTPFields {
    func merging(_ other: HTTPFields) -> HTTPFields {
        var out = self
        out.append(contentsOf: other)
        return out
    }
}
