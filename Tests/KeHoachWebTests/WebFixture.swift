import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import KeHoachCore
import KeHoachDemo
import KeHoachImport
import KeHoachStore
import KeHoachTestSupport
import KeHoachWeb
import NIOCore

/// A web application on a temporary database with the directories, two plans and one user per role.
/// @unchecked: the router and route table are built once before the tests run and only read afterwards.
struct WebFixture: @unchecked Sendable {
    let directory: URL
    let store: SQLStore
    let router: Router<AppContext>
    let routes: RouteTable
    var laiChau: Province.ID
    var laoCai: Province.ID
    var laiChauPlan: StoredPlan.ID
    var laoCaiPlan: StoredPlan.ID
    /// Sở Khoa học và Công nghệ of Lai Châu (the reporter's agency) and Sở Tư pháp (the head's).
    var ownAgency: Agency.ID
    var otherAgency: Agency.ID
    static let password = "mat-khau-thu-nghiem"

    static let seeds = TestPaths.seeds

    enum Who: String, CaseIterable, Sendable {
        case anonymous, admin, coordinator, coordinatorLaoCai, viewer, reporter, head
        /// A Lai Châu coordinator signed in with a one-time password not yet changed.
        case oneTime = "onetime"
    }

    static func make(clock: TestClock = TestClock(), maxAttachmentBytes: Int = 20 * 1_048_576) async throws -> WebFixture {
        let directory = try TestPaths.temporaryDirectory("kehoach-web")
        let store = try await ThrowawayDatabase.open(in: directory)
        try await store.seedDirectory()
        let provinces = try await store.provinces()
        let laiChau = provinces.first { $0.name == "Lai Châu" }!.id
        let laoCai = provinces.first { $0.name == "Lào Cai" }!.id
        func load(_ seed: String, _ province: Province.ID) async throws -> StoredPlan.ID {
            let data = try Data(contentsOf: seeds.appendingPathComponent(seed + ".txt"))
            return try await store.loadPlan(try PlanImporter.importPlan(data: data, fileName: seed + ".txt"), source: data, into: province,
                                            replacing: nil, by: .system).planID
        }
        let lcPlan = try await load("001_5cdbf573dddbf3a5", laiChau)
        let lkPlan = try await load("004_f910a4e251fe8a8a", laoCai)
        let agencies = try await store.agencies(in: laiChau)
        let own = agencies.first { $0.name == "Sở Khoa học và Công nghệ" }!.id
        let other = agencies.first { $0.name == "Sở Tư pháp" }!.id
        let hash = Security.testHash(password)
        let users: [(String, Role, Province.ID?, Agency.ID?)] = [
            ("admin", .administrator, nil, nil), ("coordinator", .coordinator, laiChau, nil), ("coordinatorlaocai", .coordinator, laoCai, nil),
            ("viewer", .viewer, laiChau, nil), ("reporter", .reporter, laiChau, own), ("head", .head, laiChau, other),
            ("reporterlaocai", .reporter, laoCai, try await store.agencies(in: laoCai).first { $0.name == "Sở Khoa học và Công nghệ" }!.id),
            ("onetime", .coordinator, laiChau, nil),
        ]
        for (name, role, province, agency) in users {
            _ = try await store.createUser(username: name, displayName: name, passwordHash: hash, role: role, province: province, agency: agency,
                                           mustChangePassword: name == "onetime", by: .system)
        }
        let (router, routes) = try buildRouter(store: store, configuration: WebConfiguration(databasePath: "", bcryptCost: 4, clock: { clock.now },
                                                                                      filesDirectory: directory.appendingPathComponent("files").path,
                                                                                      maxAttachmentBytes: maxAttachmentBytes, strictViews: true))
        return WebFixture(directory: directory, store: store, router: router, routes: routes, laiChau: laiChau, laoCai: laoCai,
                          laiChauPlan: lcPlan, laoCaiPlan: lkPlan, ownAgency: own, otherAgency: other)
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    func test<Value: Sendable>(_ body: @Sendable @escaping (any TestClientProtocol) async throws -> Value) async throws -> Value {
        try await Application(router: router).test(.router) { client in try await body(client) }
    }
}

/// A browser-like session: keeps cookies, reads the form token from pages.
struct Browser: Sendable {
    var client: any TestClientProtocol
    var cookies: [String: String] = [:]
    var csrf: String = ""

    init(_ client: any TestClientProtocol) { self.client = client }

    var cookieHeader: HTTPFields {
        var h = HTTPFields()
        if !cookies.isEmpty { h[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ") }
        return h
    }

    mutating func absorb(_ response: TestResponse) {
        for value in response.headers[values: .setCookie] {
            let pair = value.split(separator: ";").first.map(String.init) ?? ""
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            if parts[1].isEmpty { cookies.removeValue(forKey: parts[0]) } else { cookies[parts[0]] = parts[1] }
        }
        let body = String(buffer: response.body)
        // A name a typed page's template uses and its view model lacks (strict views, see TemplateLibrary).
        if let r = body.range(of: "⟦?") {
            Issue.record("a page's template names what its view model lacks: \(body[r.lowerBound...].prefix(60))")
        }
        if let r = body.range(of: #"name="_csrf" value="([0-9a-f]+)""#, options: .regularExpression) {
            csrf = String(body[r].dropFirst(20).dropLast(1))
        }
    }

    @discardableResult
    mutating func get(_ uri: String, headers extra: HTTPFields = [:]) async throws -> TestResponse {
        var headers = cookieHeader
        headers.append(contentsOf: extra)
        let r = try await client.execute(uri: uri, method: .get, headers: headers)
        if r.headers[.contentEncoding] == nil { absorb(r) }
        return r
    }

    @discardableResult
    mutating func post(_ uri: String, form: [String: String], csrf token: String? = nil) async throws -> TestResponse {
        var fields = form
        fields["_csrf"] = token ?? csrf
        let body = fields.map { "\(Self.encode($0.key))=\(Self.encode($0.value))" }.joined(separator: "&")
        var headers = cookieHeader
        headers[.contentType] = "application/x-www-form-urlencoded"
        let r = try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
        absorb(r)
        return r
    }

    @discardableResult
    mutating func upload(_ uri: String, fields: [String: String], file: String, data: Data) async throws -> TestResponse {
        let boundary = "----kehoach\(UInt32.random(in: 0...UInt32.max))"
        var body = Data()
        var all = fields
        all["_csrf"] = csrf
        for (k, v) in all {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(k)\"\r\n\r\n\(v)\r\n".utf8))
        }
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(file)\"\r\nContent-Type: text/plain\r\n\r\n".utf8))
        body.append(data)
        body.append(Data("\r\n--\(boundary)--\r\n".utf8))
        var headers = cookieHeader
        headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
        let r = try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(bytes: body))
        absorb(r)
        return r
    }

    static func encode(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? s
    }

    /// Signs in through the form, as a person would.
    mutating func signIn(_ username: String, password: String = WebFixture.password) async throws -> TestResponse {
        try await get("/signin")
        let r = try await post("/signin", form: ["username": username, "password": password])
        if r.status == .seeOther { try await get("/plans") }
        return r
    }
}

/// A clock the tests move.
final class TestClock: @unchecked Sendable {
    // @unchecked: `date` is only read and written under `lock`.
    private let lock = NSLock()
    private var date: Date

    /// Noon in Vietnam on the given day.
    init(_ year: Int = 2026, _ month: Int = 5, _ day: Int = 18) { date = Self.noon(year, month, day) }

    var now: Date { lock.lock(); defer { lock.unlock() }; return date }
    func set(_ year: Int, _ month: Int, _ day: Int) { lock.lock(); date = Self.noon(year, month, day); lock.unlock() }

    static func noon(_ year: Int, _ month: Int, _ day: Int) -> Date {
        var c = DateComponents(); c.year = year; c.month = month; c.day = day; c.hour = 5 // 12:00 in UTC+7
        var cal = Calendar(identifier: .gregorian); cal.timeZone = TimeZone(identifier: "UTC")!
        return cal.date(from: c)!
    }
}

/// The web application on a temporary database holding the province-scale demo (`kehoach demo`), read on a fixed day
/// by its coordinator.
/// @unchecked: the router is built once before the tests run and only read afterwards.
struct DemoFixture: @unchecked Sendable {
    let directory: URL
    let store: SQLStore
    let router: Router<AppContext>
    static let coordinator = "coordinator.demo"

    /// The full province on SQLite; on PostgreSQL (the suite's second run, for the backend's conformance) the small
    /// demo of the same shape, which loads in seconds instead of minutes.
    static var defaultDemo: DemoProvince { ThrowawayDatabase.postgresServer == nil ? DemoProvince() : .small }

    static func make(today: (Int, Int, Int), demo: DemoProvince = defaultDemo) async throws -> DemoFixture {
        let directory = try TestPaths.temporaryDirectory("kehoach-demo")
        let store = try await ThrowawayDatabase.open(in: directory)
        try await store.seedDirectory()
        let clock = TestClock(today.0, today.1, today.2)
        let (province, _) = try await demo.load(into: store, today: CivilDate(year: today.0, month: today.1, day: today.2)!)
        _ = try await store.createUser(username: coordinator, displayName: "Điều phối", passwordHash: Security.testHash(WebFixture.password),
                                       role: .coordinator, province: province.id, agency: nil, mustChangePassword: false, by: .system)
        let (router, _) = try buildRouter(store: store, configuration: WebConfiguration(databasePath: "", bcryptCost: 4, clock: { clock.now },
                                                                                 filesDirectory: directory.appendingPathComponent("files").path,
                                                                                 strictViews: true))
        return DemoFixture(directory: directory, store: store, router: router)
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    func test<Value: Sendable>(_ body: @Sendable @escaping (any TestClientProtocol) async throws -> Value) async throws -> Value {
        try await Application(router: router).test(.router) { client in try await body(client) }
    }
}
