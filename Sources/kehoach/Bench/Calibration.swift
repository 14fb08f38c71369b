import Foundation
import GRDB
import Mustache

/// The calibrations of spec/bench.md, measured in the same run as the figures they judge: machines of one kind
/// differ two-fold, so a figure is read against what this machine does on a fixed workload.
struct Calibration {
    /// `calib.cpu.ms`: a fixed page (a 400-row table of tasks with Vietnamese text and numbers) rendered by Mustache
    /// in process from fixed data, no I/O; median of 15 after 3 warm-up runs. The template and data are written
    /// here, not taken from the product, so a change to the product's pages does not move the yardstick.
    var cpuMs: Double
    /// `calib.durable_commit.per_s`: bare commits of one row each, one writer, SQLite WAL with synchronous=FULL in
    /// the bench's data directory, for 2 s: the disk's limit for acknowledged writes.
    var durableCommitsPerSecond: Double

    /// `calib.cpu.ms` on the machine the ratio budgets of time and rate figures are derived from: the 2-core
    /// development machine of 27/11/2026 (one render of the fixed page, median of 15: 38.9 ms). A budget in ms is
    /// judged as budget ÷ this against figure ÷ the run's calibration; a rate as budget × this against figure ×
    /// the run's calibration.
    static let referenceCPUMs = 39.0

    static func measure(in directory: URL) throws -> Calibration {
        Calibration(cpuMs: try cpu(), durableCommitsPerSecond: try durableCommits(in: directory))
    }

    var figures: [BenchFigure] {
        [BenchFigure(name: "calib.cpu.ms", value: cpuMs, unit: "ms", budget: nil, better: "reference"),
         BenchFigure(name: "calib.durable_commit.per_s", value: durableCommitsPerSecond, unit: "com/s", budget: nil, better: "reference")]
    }

    /// Write figures against durable commits (their ratio budgets are the spec's); time figures against the CPU
    /// workload (ratio = figure ÷ calib.cpu.ms), rates the other way (ratio = figure × calib.cpu.ms).
    func judge(_ figure: BenchFigure) -> BenchFigure {
        var f = figure
        guard let budget = f.budget else { return f }
        switch f.name {
        case "report.submit.per_s":
            f.ratio = f.value / durableCommitsPerSecond; f.ratioBudget = 0.15
        case "pg.report.submit.per_s":
            f.ratio = f.value / durableCommitsPerSecond; f.ratioBudget = 0.10
        default:
            if f.better == "lower" {
                f.ratio = f.value / cpuMs; f.ratioBudget = budget / Self.referenceCPUMs
            } else {
                f.ratio = f.value * cpuMs / 1000; f.ratioBudget = budget * Self.referenceCPUMs / 1000
            }
        }
        return f
    }

    static let template = """
    <table><thead><tr><th>TT</th><th>Nhiệm vụ</th><th>Cơ quan chủ trì</th><th>Thời hạn</th><th>Tỷ lệ</th><th>Tình trạng</th></tr></thead>
    <tbody>{{#rows}}<tr class="{{status}}"><td>{{code}}</td><td>{{title}}{{#note}}<br><small>{{note}}</small>{{/note}}</td><td>{{lead}}</td><td>{{due}}</td><td>{{percent}}</td><td>{{label}}</td></tr>
    {{/rows}}</tbody></table>
    """

    static func cpu() throws -> Double {
        let library = try MustacheLibrary(templates: ["page": MustacheTemplate(string: template)])
        let leads = ["Sở Khoa học và Công nghệ", "Văn phòng UBND tỉnh", "Sở Nội vụ", "UBND xã Tam Đường"]
        let states = [("done", "Hoàn thành"), ("late", "Quá hạn"), ("open", "Đang thực hiện")]
        var rows: [[String: Any]] = []
        for i in 0..<400 {
            var row: [String: Any] = [:]
            row["code"] = "\(i / 20 + 1).\(i % 20 + 1)"
            row["title"] = "Triển khai nền tảng số dùng chung <cấp \(i % 3)> của tỉnh & các xã, phường số \(i)"
            if i % 4 == 0 { row["note"] = "Đã hoàn thành \(i % 7) trên \(i % 9 + 7) hạng mục" }
            row["lead"] = leads[i % 4]
            row["due"] = String(format: "%02d/%02d/20%02d", i % 28 + 1, i % 12 + 1, 26 + i % 5)
            row["percent"] = "\(i % 100),\(i % 10)%"
            row["status"] = states[i % 3].0
            row["label"] = states[i % 3].1
            rows.append(row)
        }
        let data: [String: Any] = ["rows": rows]
        var times: [Double] = []
        for run in 0..<18 {
            let start = DispatchTime.now().uptimeNanoseconds
            var length = 0
            length += library.render(data, withTemplate: "page")?.utf8.count ?? 0
            precondition(length > 50_000, "the calibration page did not render")
            if run >= 3 { times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000) }
        }
        return times.sorted()[times.count / 2]
    }

    static func durableCommits(in directory: URL) throws -> Double {
        let path = directory.appendingPathComponent("calibration.sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        var config = Configuration()
        config.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        let pool = try DatabasePool(path: path, configuration: config)
        try pool.write { db in try db.execute(sql: "CREATE TABLE calibration (id INTEGER PRIMARY KEY, value TEXT NOT NULL)") }
        for _ in 0..<50 { try pool.write { db in try db.execute(sql: "INSERT INTO calibration (value) VALUES ('warm')") } }
        let start = DispatchTime.now().uptimeNanoseconds
        var commits = 0
        var elapsed = 0.0
        repeat {
            try pool.write { db in try db.execute(sql: "INSERT INTO calibration (value) VALUES (?)", arguments: ["bench \(commits)"]) }
            commits += 1
            elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        } while elapsed < 2
        return Double(commits) / elapsed
    }
}
