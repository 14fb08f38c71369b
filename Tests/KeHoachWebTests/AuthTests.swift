import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KeHoachCore
import KeHoachStore
import KeHoachWeb
import NIOCore
import Testing

@Suite("Sign-in, sessions and forms", .serialized)
struct AuthTests {
    @Test("a form without its token is refused and changes nothing")
    func csrf() async throws {
        let f = try await WebFixture.make()
        defer { f.remove() }
        try await f.test { client in
            var b = Browser(client)
            _ = try await b.signIn("coordinator")
            let name = "Trung tâm Phục vụ hành chính công"
            for token in ["", "0000", String(repeating: "a", count: 64)] {
                let r = try await b.post("/directory/aliases", form: ["name": name, "agency": f.ownAgency.description], csrf: token)
                #expect(r.status == .forbidden)
                #expect(String(buffer: r.body).contains("Biểu mẫu đã hết hạn"))
            }
            #expect(try await f.store.agency(f.ownAgency)?.aliases.contains(name) == false)
            // With the page's token it works, and the audit log has it.
            #expect(try await b.post("/directory/aliases", form: ["name": name, "agency": f.ownAgency.description]).status == .seeOther)
            #expect(try await f.store.agency(f.ownAgency)?.aliases.contains(name) == true)
            let audit = try await f.store.audit(limit: 20, offset: 0)
            #expect(audit.contains { $0.action == "agency.alias.add" && $0.username == "coordinator" })
            // Sign-in form: the token must match its cookie.
            var other = Browser(client)
            try await other.get("/signin")
            let forged = try await other.post("/signin", form: ["username": "admin", "password": WebFixture.password], csrf: "deadbeef")
            #expect(forged.status == .forbidden)
        }
    }

    @Test("a one-time password opens the password page and sign-out only, until it is changed")
    func oneTimePassword() async throws {
        let f = try await WebFixture.make()
        defer { f.remove() }
        try await f.test { client in
            var b = Browser(client)
            try await b.get("/signin")
            let signin = try await b.post("/signin", form: ["username": "onetime", "password": WebFixture.password])
            #expect(signin.headers[.location] == "/account")
            // Pages lead to the password form; the API and every form are refused, and nothing is written.
            for page in ["/plans", "/plans/\(f.laiChauPlan)", "/dashboard", "/users", "/import", "/"] {
                let r = try await b.get(page)
                #expect(r.status == .seeOther && r.headers[.location] == "/account", "\(page): \(r.status.code)")
            }
            for api in ["/api/v1/plans", "/api/v1/plans/\(f.laiChauPlan)/tasks"] {
                let r = try await b.get(api)
                #expect(r.status == .forbidden, "\(api): \(r.status.code)")
                #expect(String(buffer: r.body).contains("đổi mật khẩu"))
            }
            let alias = try await b.post("/directory/aliases", form: ["name": "Tên mới", "agency": f.ownAgency.description])
            #expect(alias.status == .forbidden)
            #expect(String(buffer: alias.body).contains("đổi mật khẩu dùng một lần"))
            #expect(try await f.store.agency(f.ownAgency)?.aliases.contains("Tên mới") == false)
            #expect(try await b.get("/account").status == .ok)
            // Changed: sign in again with the new password, and the coordinator's pages open.
            let newPassword = "Lai-Chau-vung-cao-2026"
            let change = try await b.post("/account", form: ["current": WebFixture.password, "new": newPassword, "repeat": newPassword])
            #expect(change.status == .seeOther && change.headers[.location] == "/signin")
            var again = Browser(client)
            #expect(try await again.signIn("onetime", password: newPassword).headers[.location] == "/plans")
            #expect(try await again.get("/plans").status == .ok)
            #expect(try await again.get("/api/v1/plans").status == .ok)
        }
    }

    @Test("sessions: a new token at each sign-in, HttpOnly SameSite cookies, security headers, sign-out ends it")
    func sessions() async throws {
        let f = try await WebFixture.make()
        defer { f.remove() }
        try await f.test { client in
            var b = Browser(client)
            b.cookies["kh_session"] = String(repeating: "a", count: 64) // planted by an attacker
            try await b.get("/signin")
            let r = try await b.post("/signin", form: ["username": "viewer", "password": WebFixture.password])
            #expect(r.status == .seeOther)
            let setCookie = r.headers[values: .setCookie].first { $0.hasPrefix("kh_session=") } ?? ""
            #expect(!setCookie.hasPrefix("kh_session=" + String(repeating: "a", count: 64)))
            #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Lax") && setCookie.contains("Path=/"))
            let page = try await b.get("/plans")
            #expect(page.status == .ok)
            #expect(page.headers[.contentSecurityPolicy]?.contains("script-src 'none'") == true)
            #expect(page.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
            #expect(page.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
            let session = b.cookies["kh_session"]!
            #expect(try await b.post("/signout", form: [:]).status == .seeOther)
            // The old cookie no longer opens anything.
            var replay = Browser(client)
            replay.cookies["kh_session"] = session
            let after = try await replay.get("/plans")
            #expect(after.status == .seeOther && after.headers[.location] == "/signin")
        }
    }

    @Test("five wrong passwords lock the name for 15 minutes, even against the right one")
    func throttling() async throws {
        let f = try await WebFixture.make()
        defer { f.remove() }
        try await f.test { client in
            var b = Browser(client)
            for _ in 0..<5 {
                let r = try await b.signIn("viewer", password: "sai-mat-khau-roi")
                #expect(r.status == .unauthorized)
                #expect(String(buffer: r.body).contains("không đúng"))
            }
            let locked = try await b.signIn("viewer")
            #expect(locked.status == .tooManyRequests)
            #expect(String(buffer: locked.body).contains("15 phút"))
            // Another user is not affected.
            var other = Browser(client)
            #expect(try await other.signIn("admin").status == .seeOther)
        }
    }

    @Test("password change: the current password, at least 10 characters, not the user name, not a common one; then sign in again")
    func passwordPolicy() async throws {
        let f = try await WebFixture.make()
        defer { f.remove() }
        try await f.test { client in
            var b = Browser(client)
            _ = try await b.signIn("head")
            try await b.get("/account")
            #expect(try await b.post("/account", form: ["current": "khong-dung", "new": "mat-khau-moi-dai", "repeat": "mat-khau-moi-dai"]).status == .badRequest)
            #expect(try await b.post("/account", form: ["current": WebFixture.password, "new": "ngan", "repeat": "ngan"]).status == .badRequest)
            #expect(try await b.post("/account", form: ["current": WebFixture.password, "new": "head", "repeat": "head"]).status == .badRequest)
            #expect(try await b.post("/account", form: ["current": WebFixture.password, "new": "mat-khau-moi-dai", "repeat": "khac-nhau-roi"]).status == .badRequest)
            for common in ["matkhau@2026", "1234567890", "aaaaaaaaaaaa", "qwertyuiop", "Password123!", "head-2026-head", "ababababab"] {
                let r = try await b.post("/account", form: ["current": WebFixture.password, "new": common, "repeat": common])
                #expect(r.status == .badRequest, "\(common)")
            }
            #expect(String(buffer: try await b.post("/account", form: ["current": WebFixture.password, "new": "matkhau123", "repeat": "matkhau123"]).body).contains("dễ đoán"))
            let ok = try await b.post("/account", form: ["current": WebFixture.password, "new": "mat-khau-moi-dai", "repeat": "mat-khau-moi-dai"])
            #expect(ok.status == .seeOther && ok.headers[.location] == "/signin")
            var again = Browser(client)
            #expect(try await again.signIn("head").status == .unauthorized)
            #expect(try await again.signIn("head", password: "mat-khau-moi-dai").status == .seeOther)
        }
    }

    @Test("users: a coordinator adds a reporter of an agency; weak passwords and duplicates are refused with a message")
    func users() async throws {
        let f = try await WebFixture.make()
        defer { f.remove() }
        try await f.test { client in
            var b = Browser(client)
            _ = try await b.signIn("coordinator")
            try await b.get("/users")
            let weak = try await b.post("/users", form: ["username": "canbo.tuphap", "displayName": "Cán bộ Tư pháp", "role": "reporter",
                                                        "agency": f.otherAgency.description, "password": "ngan"])
            #expect(weak.status == .badRequest && String(buffer: weak.body).contains("ít nhất 10 ký tự"))
            let noAgency = try await b.post("/users", form: ["username": "canbo.tuphap", "displayName": "Cán bộ", "role": "reporter", "password": "mot-mat-khau-dai"])
            #expect(noAgency.status == .badRequest)
            let admin = try await b.post("/users", form: ["username": "quantri2", "displayName": "X", "role": "admin", "password": "mot-mat-khau-dai"])
            #expect(admin.status == .forbidden)
            let ok = try await b.post("/users", form: ["username": "canbo.tuphap", "displayName": "Cán bộ Tư pháp", "role": "reporter",
                                                      "agency": f.otherAgency.description, "password": "mot-mat-khau-dai"])
            #expect(ok.status == .seeOther)
            let dup = try await b.post("/users", form: ["username": "canbo.tuphap", "displayName": "Y", "role": "viewer", "password": "mot-mat-khau-dai"])
            #expect(dup.status == .conflict)
            let created = try #require(try await f.store.user(named: "canbo.tuphap")?.0)
            #expect(created.agencyID == f.otherAgency && created.provinceID == f.laiChau && created.mustChangePassword)
            // The new user must change the one-time password first.
            var newcomer = Browser(client)
            let r = try await newcomer.signIn("canbo.tuphap", password: "mot-mat-khau-dai")
            #expect(r.headers[.location] == "/account")
        }
    }

    @Test("the audit log: coordinators read what their province's people did, not another province's")
    func auditByProvince() async throws {
        let f = try await WebFixture.make()
        defer { f.remove() }
        try await f.test { client in
            var laiChau = Browser(client)
            _ = try await laiChau.signIn("coordinator")
            try await laiChau.get("/directory")
            #expect(try await laiChau.post("/directory/aliases", form: ["name": "Tên riêng Lai Châu", "agency": f.ownAgency.description]).status == .seeOther)
            let own = String(buffer: try await laiChau.get("/audit").body)
            #expect(own.contains("Tên riêng Lai Châu"))
            var laoCai = Browser(client)
            _ = try await laoCai.signIn("coordinatorlaocai")
            let other = String(buffer: try await laoCai.get("/audit").body)
            #expect(!other.contains("Tên riêng Lai Châu"))
            var admin = Browser(client)
            _ = try await admin.signIn("admin")
            #expect(String(buffer: try await admin.get("/audit").body).contains("Tên riêng Lai Châu"))
        }
    }
}
