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
            #expect(try await again.signIn("onetime", password: newPassword).headers[.location] == "/todo")
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
            #expect(after.status == .seeOther && after.headers[.location] == "/signin?next=%2Fplans")
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
            // In words and Vietnam time, not the stored codes and UTC stamps.
            #expect(own.contains(">Thêm tên gọi khác của cơ quan<") && own.contains(">Đăng nhập<") && !own.contains(">session.create<"))
            #expect(own.range(of: #">\d\d:\d\d \d\d/\d\d/20\d\d</time>"#, options: .regularExpression) != nil)
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

@Suite("User administration", .serialized)
struct UserAdminTests {
    static func userID(_ f: WebFixture, _ name: String) async throws -> String { try #require(try await f.store.user(named: name)?.0.id.description) }

    @Test("a coordinator resets a password, disables and enables, unblocks, changes a role; all audited; other provinces' and administrators' accounts are not theirs")
    func journey() async throws {
        let f = try await WebFixture.make()
        defer { f.remove() }
        try await f.test { client in
            var coordinator = Browser(client)
            _ = try await coordinator.signIn("coordinator")
            let viewer = try await Self.userID(f, "viewer"), laoCai = try await Self.userID(f, "reporterlaocai"), admin = try await Self.userID(f, "admin")
            let list = String(buffer: try await coordinator.get("/users").body)
            #expect(list.contains("<a href=\"/users/\(viewer)\">viewer</a>") && list.contains("Đăng nhập gần nhất"))
            #expect(!list.contains("/users/\(laoCai)\"") && !list.contains("/users/\(admin)\""))
            #expect(try await coordinator.get("/users/\(laoCai)").status == .notFound)
            #expect(try await coordinator.get("/users/\(admin)").status == .notFound)
            #expect(try await coordinator.post("/users/\(admin)/access", form: ["state": "disable"]).status == .notFound)

            // The viewer signs in once: the last sign-in shows.
            var person = Browser(client)
            #expect(try await person.signIn("viewer").status == .seeOther)
            #expect(String(buffer: try await coordinator.get("/users/\(viewer)").body).contains("Đăng nhập gần nhất</dt><dd>") )
            #expect(!String(buffer: try await coordinator.get("/users/\(viewer)").body).contains("Chưa đăng nhập"))

            // A one-time password, shown once; the old password and the session end; the new one must be changed.
            let reset = String(buffer: try await coordinator.post("/users/\(viewer)/password", form: [:]).body)
            let secret = try #require(reset.range(of: #"<code>([0-9a-f]{20})</code>"#, options: .regularExpression).map { String(reset[$0].dropFirst(6).dropLast(7)) })
            #expect(try await person.get("/plans").headers[.location] == "/signin?next=%2Fplans")
            var again = Browser(client)
            #expect(try await again.signIn("viewer").status == .unauthorized)
            let signin = try await again.signIn("viewer", password: secret)
            #expect(signin.status == .seeOther && signin.headers[.location] == "/account")

            // Disabled: the session ends at once and the password no longer opens anything; enabled again, it does.
            #expect(try await coordinator.post("/users/\(viewer)/access", form: ["state": "disable"]).headers[.location] == "/users/\(viewer)?done=disabled")
            #expect(try await again.get("/account").headers[.location] == "/signin?next=%2Faccount")
            var third = Browser(client)
            #expect(try await third.signIn("viewer", password: secret).status == .unauthorized)
            #expect(String(buffer: try await coordinator.get("/users/\(viewer)?done=disabled").body).contains("Đã khóa tài khoản"))
            #expect(try await coordinator.post("/users/\(viewer)/access", form: ["state": "enable"]).status == .seeOther)

            // Five wrong passwords block the account; the fourth warns; the coordinator lifts the block. (The two refused
            // sign-ins above counted: lifted first.)
            #expect(try await coordinator.post("/users/\(viewer)/unlock", form: [:]).status == .seeOther)
            var guesser = Browser(client)
            for attempt in 1...5 {
                let body = String(buffer: try await guesser.signIn("viewer", password: "sai-mat-khau-\(attempt)").body)
                #expect(body.contains("Còn một lần thử") == (attempt == 4), "attempt \(attempt)")
            }
            #expect(try await guesser.signIn("viewer", password: secret).status == .tooManyRequests)
            #expect(try await coordinator.post("/users/\(viewer)/unlock", form: [:]).status == .seeOther)
            #expect(try await guesser.signIn("viewer", password: secret).status == .seeOther)

            // A role and an agency: a reporter needs an agency; an administrator's role is not the coordinator's to give.
            let refused = try await coordinator.post("/users/\(viewer)", form: ["displayName": "Người xem", "role": "reporter", "agency": ""])
            #expect(refused.status == .badRequest && String(buffer: refused.body).contains("cần chọn cơ quan"))
            #expect(try await coordinator.post("/users/\(viewer)", form: ["displayName": "Người xem", "role": "admin", "agency": ""]).status == .forbidden)
            #expect(try await coordinator.post("/users/\(viewer)", form: ["displayName": "Cán bộ Tư pháp", "role": "reporter",
                                                                          "agency": f.otherAgency.description]).status == .seeOther)
            let changed = try #require(try await f.store.user(named: "viewer")?.0)
            #expect(changed.role == .reporter && changed.agencyID == f.otherAgency && changed.displayName == "Cán bộ Tư pháp")

            let actions = try await f.store.audit(limit: 50, offset: 0, province: nil).filter { $0.username == "coordinator" }.map(\.action)
            #expect(Set(actions).isSuperset(of: ["user.password", "user.disable", "user.enable", "user.unlock", "user.update"]))
        }
    }

    @Test("nobody administers their own account here (so an administrator cannot lock the last administrator out); another administrator can be disabled")
    func ownAccount() async throws {
        let f = try await WebFixture.make()
        defer { f.remove() }
        try await f.test { client in
            var admin = Browser(client)
            _ = try await admin.signIn("admin")
            let own = try await Self.userID(f, "admin")
            #expect(try await admin.get("/users/\(own)").status == .notFound)
            #expect(try await admin.post("/users/\(own)/access", form: ["state": "disable"]).status == .notFound)
            #expect(try await admin.post("/users/\(own)", form: ["displayName": "Quản trị", "role": "viewer", "agency": ""]).status == .notFound)
            #expect(try await f.store.user(named: "admin")?.0.role == .administrator)
            let other = try await f.store.createUser(username: "quantri2", displayName: "Quản trị 2", passwordHash: Security.testHash(WebFixture.password),
                                                     role: .administrator, province: nil, agency: nil, mustChangePassword: false, by: .system)
            #expect(try await admin.post("/users/\(other.id)/access", form: ["state": "disable"]).status == .seeOther)
            #expect(try await f.store.user(other.id)?.disabled == true)
        }
    }
}
