import ArgumentParser
import Foundation
import KeHoachCore
import KeHoachImport
import KeHoachStore
import KeHoachApp

/// `kehoach bench [PREFIX…] [--json]` (spec/bench.md): measures figures against their budgets.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Đo hiệu năng (bản release) và so với ngân sách thời gian."
    )

    @Argument(help: "Chỉ chạy các chỉ số có tên bắt đầu bằng tiền tố này.")
    var prefixes: [String] = []

    @Flag(name: .long, help: "In kết quả dạng JSON.")
    var json = false

    @Flag(name: .long, help: "In thêm số đo của từng phần (ra stderr).")
    var verbose = false

    @Option(name: .long, help: "Thư mục chứa các văn bản mẫu (mặc định: ../shared/seeds hoặc $KEHOACH_SEEDS).")
    var seeds: String?

    func run() async throws {
        var figures: [BenchFigure] = []
        func wanted(_ name: String) -> Bool { prefixes.isEmpty || prefixes.contains { name.hasPrefix($0) } }
        if wanted("import.max_ms") {
            figures.append(try importFigure())
        }
        if wanted("import.docx_50p.ms") || wanted("import.pdf_50p.ms") {
            figures += try ImportBench(seeds: try seedDirectory(), verbose: verbose).run(pdf: wanted("import.pdf_50p.ms")).filter { wanted($0.name) }
        }
        let served = ["http.agency_tasks.rps", "http.agency_tasks.p99_ms", "http.plan_page.rps", "report.submit.per_s"]
        if served.contains(where: wanted) {
            figures += try await HTTPBench(seeds: try seedDirectory(), verbose: verbose).run(wanted)
        }
        if ["dashboard.overview.p50_ms", "dashboard.overview.p99_ms", "dashboard.indicator.p50_ms", "docx.province.ms"].contains(where: wanted) {
            figures += try await DashboardBench(seeds: try seedDirectory(), verbose: verbose).run().filter { wanted($0.name) }
        }
        // Rollups at national scale on SQLite (beside PostgreSQL's; the budgets are PostgreSQL's).
        if ["rollup.province.ms", "rollup.national.ms"].contains(where: wanted) {
            let work = try HTTPBench.workDirectory()
            defer { try? FileManager.default.removeItem(at: work) }
            figures += try await RollupBench(verbose: verbose).run(backend: "sqlite", location: work.appendingPathComponent("national.sqlite").path)
                .filter { wanted($0.name) }
        }
        let postgres = ["pg.report.submit.per_s", "pg.rollup.province.ms", "pg.rollup.national.ms"]
        if postgres.contains(where: wanted) {
            let cluster = try BenchPostgres()
            defer { cluster.stop() }
            if wanted("pg.report.submit.per_s") {
                figures += try await HTTPBench(seeds: try seedDirectory(), verbose: verbose).postgresSubmissions(cluster)
            }
            if ["pg.rollup.province.ms", "pg.rollup.national.ms"].contains(where: wanted) {
                figures += try await RollupBench(verbose: verbose).run(backend: "postgres", location: try await cluster.newDatabase("kehoach_bench_national"))
                    .filter { wanted($0.name) }
            }
        }
        // The calibrations of the same run: every figure is also judged against them (spec/bench.md).
        let work = try HTTPBench.workDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let calibration = try Calibration.measure(in: work)
        if verbose {
            FileHandle.standardError.write(Data("  calib.cpu.ms \(String(format: "%.2f", calibration.cpuMs)), calib.durable_commit.per_s \(Int(calibration.durableCommitsPerSecond))\n".utf8))
        }
        figures = calibration.figures.filter { wanted($0.name) || !figures.isEmpty } + figures.map(calibration.judge)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            FileHandle.standardOutput.write(try encoder.encode(figures))
            print()
        } else {
            print(BenchFigure.header)
            for f in figures { print(f.line) }
        }
    }

    func seedDirectory() throws -> URL {
        let candidates = [seeds, ProcessInfo.processInfo.environment["KEHOACH_SEEDS"], "../shared/seeds", "shared/seeds"].compactMap { $0 }
        for c in candidates where FileManager.default.fileExists(atPath: c) { return URL(fileURLWithPath: c) }
        throw ValidationError("Không tìm thấy thư mục văn bản mẫu; dùng --seeds DIR.")
    }

    /// `import.max_ms`: the slowest seed's import, median of 15 runs after 3 warm-up runs.
    func importFigure() throws -> BenchFigure {
        let dir = try seedDirectory()
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".txt") }.sorted()
        var slowest = 0.0
        for f in files {
            let data = try Data(contentsOf: dir.appendingPathComponent(f))
            var times: [Double] = []
            for run in 0..<18 {
                let start = DispatchTime.now().uptimeNanoseconds
                _ = try? PlanImporter.importPlan(data: data, fileName: f)
                let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000
                if run >= 3 { times.append(ms) }
            }
            times.sort()
            let median = times[times.count / 2]
            if verbose { FileHandle.standardError.write(Data("  \(f): \(String(format: "%.2f", median)) ms\n".utf8)) }
            slowest = max(slowest, median)
        }
        return BenchFigure(name: "import.max_ms", value: slowest, unit: "ms", budget: 20, better: "lower")
    }
}
