import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KeHoachCore
import KeHoachStore
import KeHoachWeb
import NIOCore
import Testing

/// Every route of the router's own table, tried by every role, with the expected outcome written here
/// independently of the application's policy code.
@Suite("Access by role", .serialized)
struct AccessTests {
    typealias Who = WebFixture.Who

    /// Who may use a route (the test's own statement of the rules).
    static func allowed(_ method: String, _ path: String, _ who: Who, subject: String) -> Bool {
        let signedIn = who != .anonymous
        let laiChau: Set<Who> = [.admin, .coordinator, .viewer, .reporter, .head]
        switch (method, path) {
        case ("GET", "/signin"), ("GET", "/static/app.css"), ("GET", "/static/report.css"), ("GET", "/api/openapi.json"), ("GET", "/guide"),
             ("GET", "/static/guide/:name"): return true
        case ("POST", "/signin"): return true
        case ("GET", "/open"), ("GET", "/open/catalog.jsonld"), ("GET", "/open/plans/:id"), ("GET", "/open/plans/:id/:file"),
             ("GET", "/metrics"), ("GET", "/healthz"), ("GET", "/readyz"):
            return true // public: published plans (this one is not: 404 for everyone), and what operators watch
        case ("GET", "/account"), ("POST", "/account"), ("POST", "/signout"): return signedIn
        case ("GET", "/calendar/:token"): return who != .oneTime // the token is the key (none here: 404); no session needed
        case _ where who == .oneTime:
            return false // a coordinator who has not yet changed a one-time password: the password page and sign-out only
        case ("GET", "/reports"):
            return signedIn
        case ("GET", "/todo"), ("POST", "/notifications/read"), ("GET", "/notifications/:id"), ("GET", "/follow-ups"),
             ("GET", "/account/calendars"), ("POST", "/account/calendars"), ("POST", "/account/calendars/:id/revoke"),
             ("POST", "/account/email"), ("POST", "/account/email/remove"), ("GET", "/account/email/confirm"), ("POST", "/account/email/confirm"):
            return signedIn // one's own notifications, items and calendars (no such id: 404; see FollowUpTests for real ones)
        case ("GET", "/follow-ups/:id"), ("GET", "/follow-ups/:id/files/:file"), ("POST", "/follow-ups/:id/answer"), ("POST", "/follow-ups/:id/close"), ("POST", "/follow-ups/:id/reopen"):
            return signedIn // no such item: 404 for everyone; FollowUpTests tries real items against each role
        case ("GET", "/deliveries"):
            return [.admin, .coordinator, .coordinatorLaoCai].contains(who) // the mail log of their province
        case ("POST", "/follow-ups"):
            return [.admin, .coordinator, .coordinatorLaoCai, .viewer].contains(who) // leaders and coordinators ask for explanations
        case ("GET", "/plans/:id/proposals"), ("POST", "/plans/:id/proposals"):
            return [.admin, .coordinator].contains(who) // a Lai Châu plan's proposals
        case ("POST", "/plans/:id/publication"):
            return [.admin, .coordinator].contains(who) // publishing a Lai Châu plan
        case ("GET", "/api/v1/plans/:id/exchange"):
            return [.admin, .coordinator, .viewer].contains(who) // a Lai Châu plan's values for the national system
        case ("POST", "/api/v1/reports/:plan/:period"):
            return false // writes through the API take an agency's key, never a session (401); APITokenTests tries keys
        case ("GET", "/connections"), ("POST", "/connections"), ("POST", "/connections/:id/revoke"):
            return [.admin, .coordinator, .coordinatorLaoCai].contains(who) // the API keys of their province (no such key: 404)
        case ("GET", "/reports/:plan/:period"), ("GET", "/reports/:plan/:period/xlsx"), ("GET", "/reports/:plan/:period/document"),
             ("GET", "/api/v1/reports/:plan/:period"):
            return laiChau.contains(who) // own report (reporter, head), any agency (coordinator, viewer, admin)
        case ("POST", "/reports/:plan/:period"), ("POST", "/reports/:plan/:period/xlsx"), ("POST", "/reports/:plan/:period/files"):
            return [.reporter, .head].contains(who) // only the agency fills its report
        case ("POST", "/reviews/:id/accept"), ("POST", "/reviews/:id/return"), ("POST", "/reviews/:id/reopen"):
            return [.admin, .coordinator, .coordinatorLaoCai].contains(who)
        case ("GET", "/files/:id"):
            return signedIn // no such file: 404 for everyone signed in; see ReportingTests for real files
        case ("GET", "/plans/:id/report"):
            return [.admin, .coordinator, .viewer].contains(who) // a Lai Châu plan's consolidated report
        case ("GET", "/drafts"):
            return [.admin, .coordinator, .coordinatorLaoCai].contains(who) // (no scope: 400 for them)
        case ("GET", "/drafts/:scope/:period"), ("POST", "/drafts/:scope/:period"):
            return [.admin, .coordinator].contains(who) // drafting a Lai Châu plan's consolidated report
        case ("GET", "/drafts/:scope/:period/document"):
            return [.admin, .coordinator, .viewer].contains(who) // leaders read the saved drafts
        case ("GET", "/plans/:id/matrix"):
            return [.admin, .coordinator, .viewer].contains(who)
        case ("POST", "/plans/:id/reporting"), ("POST", "/plans/:id/adhoc"):
            return [.admin, .coordinator].contains(who)
        case ("GET", "/"), ("GET", "/plans"), ("GET", "/search"),
             ("GET", "/api/v1/plans"), ("GET", "/api/v1/search"):
            return signedIn
        case ("GET", "/plans/:id"), ("GET", "/api/v1/plans/:id"), ("GET", "/api/v1/plans/:id/tasks"), ("GET", "/api/v1/plans/:id/indicators"),
             ("GET", "/api/v1/plans/:id/reports"):
            return laiChau.contains(who) // a Lai Châu plan (reports: reporters and heads see their own agency's row)
        case ("GET", "/directory"), ("GET", "/api/v1/agencies"):
            return [.admin, .coordinator, .coordinatorLaoCai, .viewer].contains(who)
        case ("POST", "/directory/aliases"), ("POST", "/directory/successions"), ("POST", "/directory/agencies"), ("POST", "/directory/outside"),
             ("POST", "/directory/list"), ("POST", "/agencies/:id"), ("POST", "/agencies/:id/retire"):
            return [.admin, .coordinator].contains(who) // changing Lai Châu's directory
        case ("GET", "/agencies/:id"), ("GET", "/api/v1/agencies/:id"), ("GET", "/api/v1/agencies/:id/tasks"), ("GET", "/api/v1/agencies/:id/indicators"):
            // The reporter's own agency (Lai Châu); the head belongs to another agency.
            return [.admin, .coordinator, .viewer, .reporter].contains(who)
        case ("GET", "/import"), ("POST", "/import"), ("GET", "/import/:id"), ("POST", "/import/:id/correct"), ("POST", "/import/:id/confirm"), ("POST", "/import/:id/cancel"),
             ("GET", "/users"), ("POST", "/users"), ("GET", "/audit"),
             ("GET", "/users/:id"), ("POST", "/users/:id"), ("POST", "/users/:id/password"), ("POST", "/users/:id/access"),
             ("POST", "/users/:id/unlock"):
            // (an account outside their scope is 404: see UserAdminTests)
            return [.admin, .coordinator, .coordinatorLaoCai].contains(who)
        case ("GET", "/dashboard"), ("GET", "/dashboard/indicators"), ("GET", "/dashboard/indicators/:id"), ("GET", "/dashboard/tasks"),
             ("GET", "/dashboard/tasks/:id"), ("GET", "/dashboard/agencies"), ("GET", "/dashboard/agencies.csv"), ("GET", "/dashboard/measures"),
             ("GET", "/api/v1/dashboard"), ("GET", "/api/v1/dashboard/indicators"), ("GET", "/api/v1/dashboard/indicators/:id"),
             ("GET", "/api/v1/dashboard/tasks"), ("GET", "/api/v1/dashboard/scorecard"), ("GET", "/national"), ("GET", "/api/v1/national"):
            return [.admin, .coordinator, .coordinatorLaoCai, .viewer].contains(who) // their own province; unknown IDs are 404
        case ("GET", "/dashboard/agencies/:id"):
            return [.admin, .coordinator, .viewer].contains(who) // a Lai Châu agency
        case ("POST", "/dashboard/indicators/:id/setting"), ("POST", "/dashboard/indicators/:id/rating"), ("POST", "/dashboard/tasks/:id/decision"),
             ("POST", "/dashboard/weights"):
            return [.admin, .coordinator, .coordinatorLaoCai].contains(who)
        default:
            Issue.record("route \(method) \(path) has no expected access in AccessTests: add it (\(subject))")
            return false
        }
    }

    func concrete(_ path: String, _ f: WebFixture) -> String {
        if path.hasPrefix("/plans/") || path.hasPrefix("/api/v1/plans/") { return path.replacingOccurrences(of: ":id", with: f.laiChauPlan.description) }
        if path.hasPrefix("/drafts/:scope/:period") { return path.replacingOccurrences(of: ":scope/:period", with: "\(f.laiChauPlan)/2026Q2") }
        if path.hasPrefix("/reports/:plan/:period") || path.hasPrefix("/api/v1/reports/:plan/:period") {
            return path.replacingOccurrences(of: ":plan/:period", with: "\(f.laiChauPlan)/2026")
        }
        if path.hasPrefix("/agencies/") || path.hasPrefix("/api/v1/agencies/") || path == "/dashboard/agencies/:id" { return path.replacingOccurrences(of: ":id", with: f.ownAgency.description) }
        return path.replacingOccurrences(of: ":id", with: "999999")
    }

    /// A request body that an allowed user can send without changing anything (invalid on purpose).
    func form(_ path: String, _ f: WebFixture) -> [String: String] {
        switch path {
        case "/directory/aliases": ["name": "", "agency": f.ownAgency.description]
        case "/directory/successions": ["predecessor": f.ownAgency.description, "successor": f.ownAgency.description, "effectiveOn": "x"]
        case "/directory/agencies": ["province": f.laiChau.description, "name": "", "kind": "department"]
        case "/directory/outside": ["province": f.laiChau.description, "name": ""]
        case "/agencies/:id": ["name": "", "kind": "department"]
        case "/users": ["username": "x", "displayName": "", "role": "viewer", "password": "short"]
        case "/account": ["current": "wrong-password-here", "new": "a", "repeat": "b"]
        case "/plans/:id/reporting": ["cadence": "x"]
        case "/plans/:id/adhoc": ["title": "x", "due": "not-a-date"]
        case "/drafts/:scope/:period": ["date": "not-a-date"]
        case "/account/calendars": ["whose": "nobody"]
        case "/connections": ["client": "", "access": "read", "expiresOn": "x"]
        case "/plans/:id/publication": ["licence": "x"]
        case "/account/email": ["email": "not an address"]
        case "/follow-ups": ["subject": "task:999999", "agency": "1", "due": "x"]
        case "/plans/:id/proposals": ["report": "999999", "key": "x"]
        default: [:]
        }
    }

    @Test("every route against every role: allowed, or refused with 403 (401 or a sign-in redirect when anonymous)")
    func matrix() async throws {
        let f = try await WebFixture.make()
        defer { f.remove() }
        let entries = f.routes.entries
        #expect(entries.count >= 25)
        try await f.test { client in
            for who in Who.allCases {
                for entry in entries {
                    var browser = Browser(client)
                    if who != .anonymous {
                        let signin = try await browser.signIn(who == .coordinatorLaoCai ? "coordinatorlaocai" : who.rawValue)
                        #expect(signin.status == .seeOther, "\(who) could not sign in")
                        if who == .oneTime {
                            #expect(signin.headers[.location] == "/account")
                            try await browser.get("/account") // the only page it may open: its form token
                        }
                    }
                    let uri = concrete(entry.path, f)
                    let response: TestResponse
                    if entry.method == "GET" {
                        response = try await browser.get(uri)
                    } else if entry.path == "/directory/list" && who != .anonymous {
                        response = try await browser.upload(uri, fields: ["province": f.laiChau.description], file: "x.csv", data: Data())
                    } else if entry.path == "/import" && who != .anonymous {
                        let province = who == .coordinatorLaoCai ? f.laoCai : f.laiChau
                        response = try await browser.upload(uri, fields: ["province": province.description], file: "x.txt", data: Data())
                    } else if entry.path == "/signin" {
                        continue // covered by AuthTests (needs its own form token)
                    } else {
                        response = try await browser.post(uri, form: form(entry.path, f))
                    }
                    let expected = Self.allowed(entry.method, entry.path, who, subject: uri)
                    let location = response.headers[.location] ?? ""
                    // Anonymous visitors are sent to the sign-in page; signed-in users are refused with 403.
                    // A one-time password's session is sent to the password page instead.
                    let refused = response.status == .forbidden || response.status == .unauthorized
                        || (who == .anonymous && response.status == .seeOther && (location == "/signin" || location.hasPrefix("/signin?next=%2F")))
                        || (who == .oneTime && response.status == .seeOther && location == "/account")
                    #expect(refused != expected, "\(who) \(entry.method) \(uri): \(response.status.code) \(location)")
                    #expect(response.status.code < 500, "\(who) \(entry.method) \(uri) gave \(response.status.code)")
                    if who == .anonymous && uri.hasPrefix("/api/v1") { #expect(response.status == .unauthorized) }
                }
            }
        }
    }

    @Test("the public section: a published plan is open to every role and to anonymous visitors; an unpublished one to nobody; report texts never")
    func publicSection() async throws {
        let f = try await WebFixture.make()
        defer { f.remove() }
        try await f.store.setPublication(f.laoCaiPlan, licence: .cc0, on: CivilDate(year: 2026, month: 5, day: 1)!, by: .system)
        let agency = try #require(try await f.store.agencies(in: f.laoCai).first { $0.name == "Sở Khoa học và Công nghệ" }).id
        let scope = try await f.store.reportScope(plan: f.laoCaiPlan, agency: agency)
        _ = try await f.store.saveReport(plan: f.laoCaiPlan, agency: agency, period: Period("2026-04")!,
                                         input: ReportInput(tasks: scope.tasks.map { TaskProgress(taskID: $0, status: .inProgress, percent: 10, completedOn: nil, note: "RIÊNG-TƯ", evidence: nil, reason: "") },
                                                            indicators: [], difficulties: "RIÊNG-TƯ", proposals: "RIÊNG-TƯ"),
                                         submit: true, today: CivilDate(year: 2026, month: 5, day: 18)!, by: .system)
        try await f.test { client in
            for who in Who.allCases where who != .oneTime {
                var b = Browser(client)
                if who != .anonymous { _ = try await b.signIn(who == .coordinatorLaoCai ? "coordinatorlaocai" : who.rawValue) }
                for file in ["", "/indicators.csv", "/values.json", "/tasks.csv", "/tasks.json"] {
                    let open = try await b.get("/open/plans/\(f.laoCaiPlan)\(file)")
                    #expect(open.status == .ok && !String(buffer: open.body).contains("RIÊNG-TƯ"), "\(who) \(file)")
                    #expect(try await b.get("/open/plans/\(f.laiChauPlan)\(file)").status == .notFound, "\(who) \(file)")
                }
                let catalog = String(buffer: try await b.get("/open/catalog.jsonld").body)
                #expect(catalog.contains("/open/plans/\(f.laoCaiPlan)") && !catalog.contains("/open/plans/\(f.laiChauPlan)") && !catalog.contains("RIÊNG-TƯ"))
            }
        }
    }

    @Test("guessed IDs of another agency's or province's data are refused, in pages and in the API")
    func guessedIDs() async throws {
        let f = try await WebFixture.make()
        defer { f.remove() }
        try await f.test { client in
            var reporter = Browser(client)
            _ = try await reporter.signIn("reporter")
            for uri in ["/agencies/\(f.otherAgency)", "/api/v1/agencies/\(f.otherAgency)", "/api/v1/agencies/\(f.otherAgency)/tasks",
                        "/api/v1/agencies/\(f.otherAgency)/indicators", "/plans/\(f.laoCaiPlan)", "/api/v1/plans/\(f.laoCaiPlan)/tasks"] {
                #expect(try await reporter.get(uri).status == .forbidden, "\(uri)")
            }
            #expect(try await reporter.get("/agencies/\(f.ownAgency)").status == .ok)
            var laoCai = Browser(client)
            _ = try await laoCai.signIn("coordinatorlaocai")
            #expect(try await laoCai.get("/plans/\(f.laiChauPlan)").status == .forbidden)
            #expect(try await laoCai.get("/api/v1/plans/\(f.laiChauPlan)").status == .forbidden)
            let plans = String(buffer: try await laoCai.get("/api/v1/plans").body)
            #expect(!plans.contains("Lai Châu"))
            // Mapping a name to another province's agency is refused.
            let before = try await f.store.agency(f.ownAgency)?.aliases
            #expect(try await laoCai.post("/directory/aliases", form: ["name": "Tên lạ", "agency": f.ownAgency.description]).status == .forbidden)
            #expect(try await f.store.agency(f.ownAgency)?.aliases == before)
            // Unknown ids are 404, never 500.
            #expect(try await laoCai.get("/plans/424242").status == .notFound)
            #expect(try await laoCai.get("/plans/abc").status == .notFound)
            #expect(try await laoCai.get("/api/v1/plans/-1").status == .notFound)
        }
    }
}
