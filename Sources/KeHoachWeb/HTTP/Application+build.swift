import Foundation
import KeHoachApp
import Hummingbird
import KeHoachCore
import KeHoachReports
import KeHoachStore
import KeHoachMail
import Logging
import ServiceLifecycle

/// How the web application runs.
public struct WebConfiguration: Sendable {
    public var databasePath: String
    public var host: String
    public var port: Int
    /// Set when the site is served over HTTPS (behind a proxy): cookies get the Secure flag.
    public var secureCookies: Bool
    public var bcryptCost: UInt8
    public var clock: @Sendable () -> Date
    /// Where attached files are kept, shared by every server process (a shared directory when instances run on
    /// several machines); default: beside the SQLite file, or ./kehoach-files on PostgreSQL.
    public var filesDirectory: String?
    /// Largest attachment accepted.
    public var maxAttachmentBytes: Int
    /// An indicator value more than this many times last period's (or less than its share) asks for confirmation.
    public var outlierFactor: Double
    /// Typed pages show a name their view model lacks as `⟦?name⟧` instead of nothing (tests; KEHOACH_STRICT_VIEWS=1).
    public var strictViews: Bool
    /// The address people reach the site at (`https://kehoach.laocai.gov.vn`), for links in calendars and mail;
    /// default: the address the request came to.
    public var publicURL: String?
    /// How often the background work runs (reminders, mail); nil: never (tests drive it themselves).
    public var backgroundInterval: Duration?
    /// The province's mail relay; nil: no mail (notifications are kept and shown, not mailed).
    public var smtp: SMTPConfiguration?
    /// From this hour (Vietnam time) each person's daily digest goes out.
    public var digestHour: Int
    /// How often mail is sent (when a relay is configured).
    public var mailInterval: Duration
    /// Retry waits of failed mail multiplied by this (tests: small).
    public var mailRetryScale: Double = 1
    /// When set, /metrics asks for it as a bearer token.
    public var metricsToken: String?

    public init(databasePath: String = "kehoach.sqlite", host: String = "127.0.0.1", port: Int = 8080, secureCookies: Bool = false,
                bcryptCost: UInt8 = 12, clock: @escaping @Sendable () -> Date = { Date() }, filesDirectory: String? = nil,
                maxAttachmentBytes: Int = 20 * 1_048_576, outlierFactor: Double = 3,
                strictViews: Bool = ProcessInfo.processInfo.environment["KEHOACH_STRICT_VIEWS"] == "1", publicURL: String? = nil,
                backgroundInterval: Duration? = nil, smtp: SMTPConfiguration? = nil, digestHour: Int = 7, mailInterval: Duration = .seconds(30)) {
        self.databasePath = databasePath; self.host = host; self.port = port; self.secureCookies = secureCookies
        self.bcryptCost = bcryptCost; self.clock = clock; self.filesDirectory = filesDirectory; self.maxAttachmentBytes = maxAttachmentBytes
        self.outlierFactor = max(1.1, outlierFactor)
        self.strictViews = strictViews
        self.publicURL = publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        self.backgroundInterval = backgroundInterval
        self.smtp = smtp; self.digestHour = digestHour; self.mailInterval = mailInterval
    }

    /// The site's address for links in mail: the configured one, else the address it listens on.
    public var linkBase: String { publicURL ?? "http://\(host):\(port)" }
}

/// Every route of the application, recorded as it is registered, so that tests can try each one against
/// every role: a new route cannot be left out of the access tests.
public final class RouteTable {
    public struct Entry: Sendable, Hashable { public var method: String; public var path: String }
    let router: Router<AppContext>
    public private(set) var entries: [Entry] = []

    init(router: Router<AppContext>) { self.router = router }

    func get(_ path: String, use handler: @escaping @Sendable (Request, AppContext) async throws -> Response) {
        entries.append(Entry(method: "GET", path: path))
        router.get(RouterPath(path), use: Self.measured("GET", path, handler))
    }

    func post(_ path: String, use handler: @escaping @Sendable (Request, AppContext) async throws -> Response) {
        entries.append(Entry(method: "POST", path: path))
        router.post(RouterPath(path), use: Self.measured("POST", path, handler))
    }

    /// The handler with its requests counted and timed by route pattern (Telemetry, /metrics).
    static func measured(_ method: String, _ path: String, _ handler: @escaping @Sendable (Request, AppContext) async throws -> Response)
        -> @Sendable (Request, AppContext) async throws -> Response {
        { request, context in
            let start = ContinuousClock.now
            do {
                let response = try await handler(request, context)
                Telemetry.record(method: method, route: path, status: response.status.code, since: start)
                return response
            } catch {
                Telemetry.record(method: method, route: path, status: Telemetry.status(of: error), since: start)
                throw error
            }
        }
    }
}

/// The one composition root: opens the store, wires middleware and controllers.
public func buildRouter(store: SQLStore, configuration: WebConfiguration) throws -> (Router<AppContext>, RouteTable) {
    Telemetry.bootstrap()
    let resources = try WebResources.load()
    let pages = Pages(resources, strict: configuration.strictViews)
    // Beside an SQLite file by default; on PostgreSQL a directory must be named when several instances run (each
    // would otherwise keep its own ./kehoach-files).
    let files = try FileVault(directory: URL(fileURLWithPath: configuration.filesDirectory ?? (store.isPostgres ? "kehoach-files" : store.path + ".files")))
    let app = AppServices(core: KeHoachApp(store: store, clock: configuration.clock, outlierFactor: configuration.outlierFactor),
                          pages: pages, resources: resources,
                          security: Security(secureCookies: configuration.secureCookies, bcryptCost: configuration.bcryptCost),
                          files: files, maxAttachmentBytes: configuration.maxAttachmentBytes, publicURL: configuration.publicURL,
                          mailEnabled: configuration.smtp != nil)
    let router = Router(context: AppContext.self)
    router.add(middleware: CompressionMiddleware<AppContext>())
    router.add(middleware: SecurityHeadersMiddleware<AppContext>())
    router.add(middleware: ErrorPageMiddleware(pages: pages))
    router.add(middleware: RequestLimitsMiddleware<AppContext>())
    router.add(middleware: SessionMiddleware(store: store, clock: configuration.clock))
    router.add(middleware: TokenMiddleware(store: store, clock: configuration.clock))
    let table = RouteTable(router: router)
    table.get("/static/app.css") { _, _ in
        Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
                 body: .init(byteBuffer: ByteBuffer(string: resources.css)))
    }
    table.get("/static/report.css") { _, _ in
        Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
                 body: .init(byteBuffer: ByteBuffer(string: DocumentHTML.css)))
    }
    table.get("/static/guide/:name") { _, context in
        guard let name = context.parameters.get("name"), let image = resources.guideImages[name] else { throw HTTPError(.notFound) }
        return Response(status: .ok, headers: [.contentType: "image/png", .cacheControl: "public, max-age=86400"],
                        body: .init(byteBuffer: ByteBuffer(bytes: image)))
    }
    // The user guide, for everyone (the sign-in page links to it too): what each role does, with screenshots.
    table.get("/guide") { request, context in
        let role = context.user.map { user -> GuideView.Role in
            switch user.role {
            case .reporter, .head: GuideView.Role(anchor: "can-bo", label: Texts.text("guide.reporter"))
            case .coordinator: GuideView.Role(anchor: "dieu-phoi", label: Texts.text("guide.coordinator"))
            case .viewer: GuideView.Role(anchor: "lanh-dao", label: Texts.text("guide.leader"))
            case .administrator: GuideView.Role(anchor: "quan-tri", label: Texts.text("guide.administrator"))
            }
        }
        return pages.render(.guide, title: Texts.text("guide.title"), view: GuideView(role: role), context: context)
    }
    AuthController(app: app).register(table)
    PlansController(app: app).register(table)
    DirectoryController(app: app).register(table)
    ImportController(app: app).register(table)
    UsersController(app: app).register(table)
    ReportsController(app: app).register(table)
    DashboardController(app: app).register(table)
    DashboardAPI(app: app).register(table)
    NationalController(app: app).register(table)
    DocumentsController(app: app).register(table)
    DraftsController(app: app).register(table)
    TodoController(app: app).register(table)
    FollowUpsController(app: app).register(table)
    CalendarController(app: app).register(table)
    DeliveriesController(app: app, relay: configuration.smtp?.description).register(table)
    APIController(app: app).register(table)
    ReportsAPI(app: app).register(table)
    ConnectionsController(app: app).register(table)
    OpenDataController(app: app).register(table)
    OperationsController(app: app, metricsToken: configuration.metricsToken).register(table)
    return (router, table)
}

/// The application on its configured address, on a store opened and migrated.
public func buildApplication(_ configuration: WebConfiguration, store: SQLStore, logger: Logger = Logger(label: "kehoach")) throws -> some ApplicationProtocol {
    let (router, _) = try buildRouter(store: store, configuration: configuration)
    var services: [any Service] = []
    if let interval = configuration.backgroundInterval {
        let core = KeHoachApp(store: store, clock: configuration.clock, outlierFactor: configuration.outlierFactor)
        let mailer = configuration.smtp.map { Mailer(app: core, configuration: $0, baseURL: configuration.linkBase, digestHour: configuration.digestHour,
                                                    retryScale: configuration.mailRetryScale, logger: logger) }
        services.append(BackgroundWork(app: core, interval: interval, mailer: mailer, mailInterval: configuration.mailInterval, logger: logger))
    }
    return Application(router: router, configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "KeHoach"),
                       services: services, logger: logger)
}

/// `guide`: the user guide; the reader's own role named at the top.
struct GuideView: Encodable {
    struct Role: Encodable {
        var anchor, label: String
    }
    var role: Role?
}
