import Foundation
import KeHoachCore
import KeHoachStore
import KeHoachApp

/// HTTP figures of bench.md: a server started here on a temporary database (the five seed plans), loaded by
/// wrk on loopback with 64 connections for 10 s, signed in with a session made for the bench.
struct HTTPBench {
    var seeds: URL
    var verbose: Bool

    /// `pg.report.submit.per_s`: the same submissions as `report.submit.per_s`, through a server on a new
    /// PostgreSQL database (a throwaway cluster the bench starts, or $KEHOACH_BENCH_POSTGRES).
    func postgresSubmissions(_ cluster: BenchPostgres) async throws -> [BenchFigure] {
        guard let wrk = Self.wrk(for: "pg.report.submit.per_s") else { return [] }
        let work = try Self.workDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let db = try await cluster.newDatabase("kehoach_bench_submit")
        let store = try await SQLStore.open(db)
        _ = try await Bootstrap.prepare(store: store, seeds: seeds, bcryptCost: 4)
        let (server, port) = try await serve(db: db, work: work)
        defer { server.terminate(); server.waitUntilExit() }
        let rate = try await submissions(wrk, store: store, port: port, work: work)
        return [BenchFigure(name: "pg.report.submit.per_s", value: rate, unit: "sub/s", budget: 500, better: "higher")]
    }

    /// The figures `wanted` says (a load not asked for is not run).
    func run(_ wanted: (String) -> Bool) async throws -> [BenchFigure] {
        guard let wrk = Self.wrk(for: "http.*") else { return [] }
        let work = try Self.workDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let db = work.appendingPathComponent("bench.sqlite").path
        let store = try SQLStore(path: db)
        _ = try await Bootstrap.prepare(store: store, seeds: seeds, bcryptCost: 4)
        let token = try await Self.administratorSession(store)
        let provinces = try await store.provinces()
        let laiChau = provinces.first { $0.name == "Lai Châu" }!
        let agency = try await store.agencies(in: laiChau.id).first { $0.name == "Sở Khoa học và Công nghệ" }!
        let plan = try await store.plans(in: nil).max { $0.taskCount < $1.taskCount }!

        let (server, port) = try await serve(db: db, work: work)
        defer { server.terminate(); server.waitUntilExit() }

        let cookie = "Cookie: kh_session=\(token)"
        var figures: [BenchFigure] = []
        if wanted("http.agency_tasks.rps") || wanted("http.agency_tasks.p99_ms") {
            let tasks = try load(wrk, url: "http://127.0.0.1:\(port)/api/v1/agencies/\(agency.id)/tasks", header: cookie)
            figures += [BenchFigure(name: "http.agency_tasks.rps", value: tasks.rps, unit: "req/s", budget: 3000, better: "higher"),
                        BenchFigure(name: "http.agency_tasks.p99_ms", value: tasks.p99, unit: "ms", budget: 50, better: "lower")]
        }
        if wanted("http.plan_page.rps") {
            let page = try load(wrk, url: "http://127.0.0.1:\(port)/plans/\(plan.id)", header: cookie)
            figures.append(BenchFigure(name: "http.plan_page.rps", value: page.rps, unit: "req/s", budget: 1000, better: "higher"))
        }
        if wanted("report.submit.per_s") {
            let submit = try await submissions(wrk, store: store, port: port, work: work)
            figures.insert(BenchFigure(name: "report.submit.per_s", value: submit, unit: "sub/s", budget: 500, better: "higher"), at: 0)
        }
        return figures.filter { wanted($0.name) }
    }

    /// `report.submit.per_s`: one agency submits its report for up to 12,000 distinct months, each with 20 task updates
    /// and 10 indicator values, 16 connections for 10 s; every answer comes after the commit (synchronous FULL).
    func submissions(_ wrk: String, store: SQLStore, port: Int, work: URL) async throws -> Double {
        let laoCai = try await store.provinces().first { $0.name == "Lào Cai" }!
        let plan = try await store.plans(in: laoCai.id).first { $0.info.reporting?.cadence == .monthly }!
        let agency = try await store.agencies(in: laoCai.id).first { $0.name == "Sở Khoa học và Công nghệ" }!
        let user = try await store.createUser(username: "bench.reporter", displayName: "Bench", passwordHash: Passwords.hash("bench-password", cost: 4),
                                              role: .reporter, province: laoCai.id, agency: agency.id, mustChangePassword: false, by: .system)
        let token = Passwords.randomToken()
        let csrf = Passwords.randomToken()
        try await store.createSession(tokenHash: Passwords.tokenHash(token), user: user.id, csrfToken: csrf, expiresAt: Date().addingTimeInterval(3600))
        let tasks = try await store.tasks(of: plan.id, filter: TaskFilter(agencyID: agency.id))
        let indicators = try await store.indicators(ofAgency: agency.id).filter { $0.planID == plan.id }.prefix(10)
        var fields = ["_csrf=\(csrf)", "action=submit", "difficulties=bench"]
        for (i, t) in tasks.enumerated() {
            fields.append("task.\(t.id).status=in-progress")
            if i < 20 { fields += ["task.\(t.id).percent=\(i * 5)", "task.\(t.id).note=bench+\(i)"] }
        }
        for (i, ind) in indicators.enumerated() { fields.append("indicator.\(ind.id).value=\(50 + i)") }
        let body = fields.joined(separator: "&")
        var periods: [String] = []
        for year in 2031..<3031 { for month in 1...12 { periods.append(String(format: "%04d-%02d", year, month)) } }
        let script = work.appendingPathComponent("submit.lua")
        let paths = periods.map { "\"/reports/\(plan.id)/\($0)\"" }.joined(separator: ",")
        try """
        local paths = {\(paths)}
        local i = 0
        wrk.method = "POST"
        wrk.body = "\(body)"
        wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
        wrk.headers["Cookie"] = "kh_session=\(token)"
        request = function()
          i = i + 1
          return wrk.format(nil, paths[((i - 1) % #paths) + 1])
        end
        """.write(to: script, atomically: true, encoding: .utf8)
        let out = try shell(wrk, ["-t1", "-c16", "-d10s", "-s", script.path, "http://127.0.0.1:\(port)"])
        if verbose { FileHandle.standardError.write(Data(out.utf8)) }
        guard let line = out.split(separator: "\n").first(where: { $0.contains("Requests/sec:") }), let rps = Double(line.split(separator: " ").last ?? "") else {
            throw BenchError(message: "wrk: \(out)")
        }
        // Each answered request must be a stored submission.
        let stored = try await store.reports(of: plan.id).filter { $0.status == .submitted }.count
        let requests = out.split(separator: "\n").first { $0.contains("requests in") }.flatMap { Int($0.trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "") } ?? -1
        // A repeated month would answer 409 (already submitted) quickly and flatter the figure: refuse the run.
        if let bad = out.split(separator: "\n").first(where: { $0.contains("Non-2xx or 3xx responses") }) {
            throw BenchError(message: "bench: \(bad.trimmingCharacters(in: .whitespaces)) (every submission must be answered 303)")
        }
        if requests >= periods.count { throw BenchError(message: "bench: \(requests) requests for \(periods.count) distinct months") }
        if stored < requests { throw BenchError(message: "bench: \(requests) requests but \(stored) stored submissions") }
        return rps
    }

    /// A session of an administrator made for the bench. Not the bootstrap's account: that one holds a one-time
    /// password, and until it is changed every page but the password form is refused.
    static func administratorSession(_ store: SQLStore) async throws -> String {
        let admin = try await store.createUser(username: "bench.admin", displayName: "Bench", passwordHash: Passwords.hash("bench-password", cost: 4),
                                               role: .administrator, province: nil, agency: nil, mustChangePassword: false, by: .system)
        let token = Passwords.randomToken()
        try await store.createSession(tokenHash: Passwords.tokenHash(token), user: admin.id, csrfToken: Passwords.randomToken(), expiresAt: Date().addingTimeInterval(3600))
        return token
    }

    /// wrk's path, or nil with a line on standard error saying which figures are skipped.
    static func wrk(for figures: String) -> String? {
        if let path = ["/usr/bin/wrk", "/usr/local/bin/wrk"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) { return path }
        FileHandle.standardError.write(Data("bench: wrk không có (apt-get install wrk); bỏ qua các chỉ số \(figures)\n".utf8))
        return nil
    }

    /// A new temporary folder for a bench's database (the caller removes it).
    static func workDirectory() throws -> URL {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("kehoach-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        return work
    }

    /// This same executable serving `db` on a free port; returns once the port answers.
    func serve(db: String, work: URL) async throws -> (Process, Int) {
        let port = 18_000 + Int.random(in: 0..<4_000)
        let server = Process()
        server.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        server.arguments = ["serve", "--db", db, "--port", String(port), "--seeds", work.appendingPathComponent("none").path]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        try await waitForPort(port)
        return (server, port)
    }

    func waitForPort(_ port: Int) async throws {
        for _ in 0..<100 {
            try await Task.sleep(nanoseconds: 100_000_000)
            let probe = Process()
            probe.executableURL = URL(fileURLWithPath: "/bin/bash")
            probe.arguments = ["-c", "exec 3<>/dev/tcp/127.0.0.1/\(port)"]
            probe.standardError = FileHandle.nullDevice
            if (try? probe.run()) != nil { probe.waitUntilExit(); if probe.terminationStatus == 0 { return } }
        }
        throw BenchError(message: "máy chủ không khởi động trên cổng \(port)")
    }

    struct Load { var rps: Double; var p99: Double }
    struct BenchError: Error, CustomStringConvertible { var message: String; var description: String { message } }

    /// Runs wrk (a 2 s warm-up, then 10 s measured) and reads requests per second and the 99th percentile.
    func load(_ wrk: String, url: String, header: String) throws -> Load {
        _ = try shell(wrk, ["-t2", "-c64", "-d2s", "-H", header, url])
        let out = try shell(wrk, ["-t2", "-c64", "-d10s", "--latency", "-H", header, url])
        if verbose { FileHandle.standardError.write(Data(out.utf8)) }
        guard let rpsLine = out.split(separator: "\n").first(where: { $0.contains("Requests/sec:") }),
              let rps = Double(rpsLine.split(separator: " ").last ?? "") else { throw BenchError(message: "wrk: \(out)") }
        if out.contains("Non-2xx") { throw BenchError(message: "wrk: có phản hồi không phải 2xx\n\(out)") }
        let p99Line = out.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("99%") } ?? ""
        return Load(rps: rps, p99: Self.milliseconds(String(p99Line.split(separator: " ").last ?? "")))
    }

    static func milliseconds(_ text: String) -> Double {
        if text.hasSuffix("us"), let v = Double(text.dropLast(2)) { return v / 1000 }
        if text.hasSuffix("ms"), let v = Double(text.dropLast(2)) { return v }
        if text.hasSuffix("s"), let v = Double(text.dropLast(1)) { return v * 1000 }
        return .nan
    }

    func shell(_ path: String, _ args: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
