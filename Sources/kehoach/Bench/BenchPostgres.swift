import Foundation
import KeHoachStore

/// The PostgreSQL server the bench measures: $KEHOACH_BENCH_POSTGRES, or a throwaway cluster started with
/// scripts/pg-cluster (Debian's packages) in a temporary directory and removed by `stop()`.
final class BenchPostgres: Sendable {
    let url: String
    /// The cluster this bench started (none when given one): the script that stops it and its directory.
    let started: (script: URL, directory: String)?

    init() throws {
        if let given = ProcessInfo.processInfo.environment["KEHOACH_BENCH_POSTGRES"], !given.isEmpty {
            url = given; started = nil; return
        }
        let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let candidates = [URL(fileURLWithPath: "scripts/pg-cluster"),
                          exe.deletingLastPathComponent().appendingPathComponent("../../../scripts/pg-cluster").standardized]
        guard let script = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) else {
            throw HTTPBench.BenchError(message: "không tìm thấy scripts/pg-cluster; chạy từ thư mục mã nguồn hoặc đặt $KEHOACH_BENCH_POSTGRES")
        }
        let dir = "/tmp/kehoach-bench-pg-\(ProcessInfo.processInfo.processIdentifier)"
        // The URL goes through a file, and the script's end is read there: the server it starts inherits
        // Foundation's descriptors, so neither a pipe nor waitUntilExit would ever finish.
        let urlFile = dir + ".url"
        try? FileManager.default.removeItem(atPath: urlFile)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = ["-c", "bash \"$0\" start \"$1\" 54391 > \"$2.tmp\" && mv \"$2.tmp\" \"$2\"", script.path, dir, urlFile]
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        var out = ""
        for _ in 0 ..< 1_200 where out.isEmpty {
            Thread.sleep(forTimeInterval: 0.1)
            out = (try? String(contentsOfFile: urlFile, encoding: .utf8)) ?? ""
        }
        try? FileManager.default.removeItem(atPath: urlFile)
        guard let line = out.split(separator: "\n").last(where: { $0.hasPrefix("postgres://") }) else {
            throw HTTPBench.BenchError(message: "không khởi động được PostgreSQL (scripts/pg-cluster): \(out)")
        }
        url = String(line); started = (script, dir)
    }

    /// A new, empty database on the server.
    func newDatabase(_ name: String) async throws -> String {
        try await ThrowawayDatabase.create(on: url, named: name)
    }

    func stop() {
        guard let (script, directory) = started else { return }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = [script.path, "stop", directory]
        try? p.run()
        for _ in 0 ..< 300 where FileManager.default.fileExists(atPath: directory) { Thread.sleep(forTimeInterval: 0.1) }
    }
}
