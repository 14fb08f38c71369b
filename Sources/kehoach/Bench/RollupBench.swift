import Foundation
import KeHoachCore
import KeHoachDemo
import KeHoachStore

/// Rollup figures at national scale (`DemoNational`: 34 provinces, 3,321 communes, 100 indicators, 60 months,
/// about 20 million values), generated here on each backend: a province's rollup of one period (every indicator
/// of the province's plans) and the national table of that period (every shared measure by province), read from
/// the numbers kept on write through the (period, province, indicator) index. Median of 9 runs after 2 warm-ups,
/// the period cycling over the last 11 months so that no run is served from one cached page.
struct RollupBench {
    var verbose: Bool

    func run(backend: String, location: String) async throws -> [BenchFigure] {
        let store = try await SQLStore.open(location)
        let lastMonth = Period.containing(CivilDate(vietnamDay: Date()), kind: .month).previous
        let started = Date()
        let loaded = try await DemoNational().load(into: store, lastMonth: lastMonth) { line in
            if verbose { FileHandle.standardError.write(Data("  \(line)\n".utf8)) }
        }
        if verbose {
            FileHandle.standardError.write(Data("  \(backend): \(loaded.reports) báo cáo, \(loaded.values) giá trị trong \(String(format: "%.0f", Date().timeIntervalSince(started))) s\n".utf8))
        }
        let provinces = try await store.provinces().filter { $0.code.hasPrefix("N") }
        var periods: [Period] = [lastMonth]
        while periods.count < 11 { periods.append(periods.last!.previous) }
        func median(_ body: (Int) async throws -> Void) async throws -> Double {
            var times: [Double] = []
            for run in 0 ..< 11 {
                let start = DispatchTime.now().uptimeNanoseconds
                try await body(run)
                if run >= 2 { times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000) }
            }
            return times.sorted()[times.count / 2]
        }
        let province = try await median { run in
            let rollup = try await store.provinceRollup(provinces[run % provinces.count].id, period: periods[run % periods.count])
            guard !rollup.isEmpty else { throw HTTPBench.BenchError(message: "rollup tỉnh rỗng") }
        }
        let national = try await median { run in
            let table = try await store.nationalRollup(period: periods[run % periods.count])
            guard table.count == DemoNational().indicators else { throw HTTPBench.BenchError(message: "bảng quốc gia có \(table.count) thước đo") }
        }
        await store.close()
        let prefix = backend == "postgres" ? "pg." : ""
        return [
            BenchFigure(name: prefix + "rollup.province.ms", value: province, unit: "ms", budget: 100, better: "lower"),
            BenchFigure(name: prefix + "rollup.national.ms", value: national, unit: "ms", budget: 1000, better: "lower"),
        ]
    }
}
