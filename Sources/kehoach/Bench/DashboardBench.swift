import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import KeHoachApp
import KeHoachCore
import KeHoachDemo
import KeHoachStore

/// Dashboard figures of bench.md on the province-scale demo (`kehoach demo --scale province`, generated here in a
/// temporary database): server time per page, one connection at a time (wrk -c1, so each figure is one page's
/// time, not queueing), after one request has evaluated the province (evaluation is kept until the next write).
struct DashboardBench {
    var seeds: URL
    var verbose: Bool

    func run() async throws -> [BenchFigure] {
        let http = HTTPBench(seeds: seeds, verbose: verbose)
        let work = try HTTPBench.workDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let db = work.appendingPathComponent("demo.sqlite").path
        let store = try SQLStore(path: db)
        let started = Date()
        var reports = 0
        _ = try await Bootstrap.prepare(store: store, seeds: nil, bcryptCost: 4) {
            reports = try await DemoProvince().load(into: store, today: CivilDate(vietnamDay: Date())).reports
        }
        if verbose { FileHandle.standardError.write(Data("  demo: \(reports) báo cáo trong \(String(format: "%.1f", Date().timeIntervalSince(started))) s\n".utf8)) }
        let province = try await store.provinces().first { $0.code == DemoProvince.provinceCode }!
        let token = try await HTTPBench.administratorSession(store)
        // The heaviest indicator page: a share summed over every commune.
        let plan = try await store.plans(in: province.id).first!
        let indicators = try await store.indicators(of: plan.id)
        let indicator = indicators.first { UnitKind.isPercentage($0.indicator.unit) && $0.lead.contains { $0.memberCount != nil } } ?? indicators[0]

        let docx = try await documentFigure(store: store, province: province)

        // The HTTP figures need wrk; the document figure above does not.
        guard let wrk = HTTPBench.wrk(for: "dashboard.*") else { return [docx] }
        let (server, port) = try await http.serve(db: db, work: work)
        defer { server.terminate(); server.waitUntilExit() }

        let cookie = "Cookie: kh_session=\(token)"
        let overviewURL = "http://127.0.0.1:\(port)/dashboard?province=\(province.id)"
        let first = Date()
        var request = URLRequest(url: URL(string: overviewURL)!)
        request.setValue("kh_session=\(token)", forHTTPHeaderField: "Cookie")
        _ = try await URLSession.shared.data(for: request)
        if verbose { FileHandle.standardError.write(Data("  dashboard: đánh giá tỉnh lần đầu \(String(format: "%.0f", Date().timeIntervalSince(first) * 1000)) ms\n".utf8)) }
        let overview = try latency(wrk, http, url: overviewURL, header: cookie)
        let page = try latency(wrk, http, url: "http://127.0.0.1:\(port)/dashboard/indicators/\(indicator.id)", header: cookie)
        return [
            BenchFigure(name: "dashboard.overview.p50_ms", value: overview.p50, unit: "ms", budget: 20, better: "lower"),
            BenchFigure(name: "dashboard.overview.p99_ms", value: overview.p99, unit: "ms", budget: 60, better: "lower"),
            BenchFigure(name: "dashboard.indicator.p50_ms", value: page.p50, unit: "ms", budget: 20, better: "lower"),
            docx,
        ]
    }

    /// `docx.province.ms`: the consolidated DOCX of the demo's largest plan (100 agencies reporting monthly) for the
    /// last full quarter, from the database to the bytes of the file; median of 7 runs after one warm-up.
    func documentFigure(store: SQLStore, province: Province) async throws -> BenchFigure {
        let today = CivilDate(vietnamDay: Date())
        let quarter = Period.containing(today, kind: .quarter).previous
        var largest: (StoredPlan, Int)?
        for plan in try await store.plans(in: province.id) {
            let n = try await store.reports(of: plan.id).count
            if n > (largest?.1 ?? -1) { largest = (plan, n) }
        }
        guard let (plan, reports) = largest else { throw HTTPBench.BenchError(message: "tỉnh mẫu không có kế hoạch") }
        var times: [Double] = []
        var bytes = 0
        for run in 0..<8 {
            let start = DispatchTime.now().uptimeNanoseconds
            let doc = try await ReportDocuments.consolidated(store: store, plan: plan, period: quarter, date: today)
            bytes = try ReportDocuments.render(doc, as: .docx).count
            if run > 0 { times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000) }
        }
        times.sort()
        if verbose { FileHandle.standardError.write(Data("  docx: \(plan.info.title), \(quarter), \(reports) báo cáo trong kế hoạch, \(bytes) byte\n".utf8)) }
        return BenchFigure(name: "docx.province.ms", value: times[times.count / 2], unit: "ms", budget: 300, better: "lower")
    }

    /// One connection for 8 s (after 1 s of warm-up): the 50th and 99th percentiles of the page's time.
    func latency(_ wrk: String, _ http: HTTPBench, url: String, header: String) throws -> (p50: Double, p99: Double) {
        _ = try http.shell(wrk, ["-t1", "-c1", "-d1s", "-H", header, url])
        let out = try http.shell(wrk, ["-t1", "-c1", "-d8s", "--latency", "-H", header, url])
        if verbose { FileHandle.standardError.write(Data(out.utf8)) }
        if out.contains("Non-2xx") { throw HTTPBench.BenchError(message: "wrk: có phản hồi không phải 2xx\n\(out)") }
        func percentile(_ p: String) -> Double {
            let line = out.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(p) } ?? ""
            return HTTPBench.milliseconds(String(line.split(separator: " ").last ?? ""))
        }
        return (percentile("50%"), percentile("99%"))
    }
}
