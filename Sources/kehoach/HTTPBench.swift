import Foundation
import KeHoachCore
import KeHoachStore
import KeHoachWeb

/// HTTP figures of bench.md: a server started here on a temporary database (the five seed plans), loaded by
/// wrk on loopback with 64 connections for 10 s, signed in with a session made for the bench.
struct HTTPBench {
    var seeds: URL
    var verbose: Bool

    func run() async throws -> [BenchFigure] {
        guard let wrk = ["/usr/bin/wrk", "/usr/local/bin/wrk"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            FileHandle.standardError.write(Data("bench: wrk không có (apt-get install wrk); bỏ qua các chỉ số http.*\\n".utf8))
            return []
        }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("kehoach-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let db = work.appendingPathComponent("bench.sqlite").path
        let store = try SQLiteStore(path: db)
        _ = try await Bootstrap.prepare(store: store, seeds: seeds, bcryptCost: 4)
        let admin = try await store.users().first { $0.role == .administrator }!
        let token = Security.randomToken()
        try await store.createSession(tokenHash: Security.hash(token), user: admin.id, csrfToken: Security.randomToken(), expiresAt: Date().addingTimeInterval(3600))
        let provinces = try await store.provinces()
        let laiChau = provinces.first { $0.name == "Lai Châu" }!
        let agency = try await store.agencies(in: laiChau.id).first { $0.name == "Sở Khoa học và Công nghệ" }!
        let plan = try await store.plans(in: nil).max { $0.taskCount < $1.taskCount }!

        let port = 18_000 + Int.random(in: 0..<2_000)
        let server = Process()
        server.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        server.arguments = ["serve", "--db", db, "--port", String(port), "--seeds", work.appendingPathComponent("none").path]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer { server.terminate(); server.waitUntilExit() }
        try await waitForPort(port)

        let cookie = "Cookie: kh_session=\(token)"
        let tasks = try load(wrk, url: "http://127.0.0.1:\(port)/api/v1/agencies/\(agency.id)/tasks", header: cookie)
        let page = try load(wrk, url: "http://127.0.0.1:\(port)/plans/\(plan.id)", header: cookie)
        return [
            BenchFigure(name: "http.agency_tasks.rps", value: tasks.rps, unit: "req/s", budget: 3000, better: "higher"),
            BenchFigure(name: "http.agency_tasks.p99_ms", value: tasks.p99, unit: "ms", budget: 50, better: "lower"),
            BenchFigure(name: "http.plan_page.rps", value: page.rps, unit: "req/s", budget: 1000, better: "higher"),
        ]
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
