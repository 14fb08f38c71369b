import Foundation
import Hummingbird
import KeHoachApp
import KeHoachCore

/// Calendar subscriptions (iCalendar, RFC 5545): a person makes a secret address for their own due dates or their
/// agency's, pastes it into their calendar (Outlook, Google, Thunderbird, a phone), and revokes it when it leaks or
/// they leave. The address is shown once; only its SHA-256 is kept. The feed itself needs no session (calendar
/// programs have none): the token is the key, and it gives the dates only, never a report's content.
struct CalendarController {
    let app: AppServices

    func register(_ router: RouteTable) {
        router.get("/account/calendars", use: page)
        router.post("/account/calendars", use: create)
        router.post("/account/calendars/:id/revoke", use: revoke)
        router.get("/calendar/:token", use: feed)
    }

    /// What a person's own feed lists: their agency's dates for an officer, their province's otherwise.
    static func scope(of user: User) -> KeHoachApp.CalendarScope? {
        if let agency = user.agencyID, user.role == .reporter || user.role == .head { return .agency(agency) }
        return user.provinceID.map { .province($0) }
    }

    @Sendable func page(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser(request)
        return try await render(user: user, request: request, context: context, created: nil)
    }

    func render(user: User, request: Request, context: AppContext, created: String?) async throws -> Response {
        let feeds = try await app.store.calendarFeeds(createdBy: user.id)
        var rows: [CalendarView.Feed] = []
        for f in feeds {
            let whose = if let a = f.agencyID { "Cơ quan: " + (try await app.store.agency(a)?.name ?? "?") } else { "Của tôi" }
            rows.append(.init(id: f.id.description, whose: whose, created: VietnameseTime.text(stamp: f.createdAt) ?? f.createdAt,
                              used: f.lastUsedAt.flatMap { VietnameseTime.text(stamp: $0) }, revoked: f.revokedAt.flatMap { VietnameseTime.text(stamp: $0) }))
        }
        let view = CalendarView(feeds: rows, hasFeeds: !rows.isEmpty, created: created, canOwn: Self.scope(of: user) != nil,
                                agency: user.agencyID == nil ? nil : Texts.text("nav.myAgency"))
        return app.pages.render(.calendars, title: "Lịch hạn báo cáo, nhiệm vụ", view: view, context: context)
    }

    @Sendable func create(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser(request)
        let form = try await FormFields.body(request)
        try context.checkCSRF(form)
        let token = Security.randomToken()
        switch form["whose"] {
        case "agency":
            guard let agency = user.agencyID else { throw HTTPError(.badRequest, message: "Tài khoản không thuộc cơ quan nào (trường «whose»).") }
            _ = try await app.store.createCalendarFeed(tokenHash: Security.hash(token), user: nil, agency: agency, by: context.actor)
        case "me", nil:
            guard Self.scope(of: user) != nil else { throw HTTPError(.badRequest, message: "Tài khoản không thuộc tỉnh hay cơ quan nào.") }
            _ = try await app.store.createCalendarFeed(tokenHash: Security.hash(token), user: user.id, agency: nil, by: context.actor)
        default:
            throw HTTPError(.badRequest, message: "Lựa chọn lịch không hợp lệ (trường «whose»).")
        }
        // Shown once, on this answer (not on a page a later visit could show).
        return try await render(user: user, request: request, context: context, created: app.baseURL(request) + "/calendar/\(token).ics")
    }

    @Sendable func revoke(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser(request)
        try context.checkCSRF(try await FormFields.body(request))
        guard let id = CalendarFeed.ID(context.parameters.get("id") ?? "") else { throw HTTPError(.notFound) }
        try await app.store.revokeCalendarFeed(id, by: context.actor)
        return Pages.redirect("/account/calendars")
    }

    @Sendable func feed(_ request: Request, context: AppContext) async throws -> Response {
        var token = context.parameters.get("token") ?? ""
        if token.hasSuffix(".ics") { token.removeLast(4) }
        guard token.count == 64, token.allSatisfy(\.isHexDigit), let feed = try await app.store.calendarFeed(tokenHash: Security.hash(token)) else {
            throw HTTPError(.notFound)
        }
        let scope: KeHoachApp.CalendarScope
        let name: String
        if let agency = feed.agencyID, let a = try await app.store.agency(agency) {
            scope = .agency(agency); name = "KeHoach · \(a.name)"
        } else if let userID = feed.userID, let user = try await app.store.user(userID), !user.disabled, let s = Self.scope(of: user) {
            // A person's feed follows their account: disabled, or moved to another agency, it follows (or stops).
            scope = s; name = "KeHoach · \(user.displayName)"
        } else {
            throw HTTPError(.notFound)
        }
        let events = try await app.core.calendarEvents(scope, baseURL: app.baseURL(request))
        let body = ICalendar.feed(name: name, events: events, now: app.clock())
        return Response(status: .ok, headers: [.contentType: "text/calendar; charset=utf-8", .cacheControl: "private, max-age=900",
                                               .contentDisposition: "inline; filename=\"kehoach.ics\""],
                        body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}

/// `calendars`: the person's calendar addresses.
struct CalendarView: Encodable {
    struct Feed: Encodable {
        var id, whose, created: String
        var used, revoked: String?
    }
    var feeds: [Feed]
    var hasFeeds: Bool
    /// The address just made, shown this once.
    var created: String?
    var canOwn: Bool
    var agency: String?
}
