import Foundation
import HTTPTypes
import HummingbirdTesting
import KeHoachCore
import KeHoachDemo
import KeHoachStore
import KeHoachWeb
import NIOCore
import Testing

/// One answer everywhere (issue 15, item 7). On the province-scale demo (5 plans, 500 tasks, 100 agencies, about three
/// years of monthly reports; the small demo on PostgreSQL), every view that shows a task's status or an agency's timeliness is read as a user
/// reads it (JSON for the APIs, the HTML of the pages and of the consolidated report) and compared with every other.
/// The views were written by different hands; this test is what keeps them from drifting apart again.
@Suite("Consistency: every page, API and document agrees on each task's status and each report's timeliness")
struct ConsistencyTests {
    /// The demo's reports run to the end of October 2026; the views are read on 20/11/2026.
    static let today = (2026, 11, 20)

    struct Demo {
        let fixture: DemoFixture
        let province: Province
        let plans: [StoredPlan]
        let agencies: [Agency]
    }

    static func demo() async throws -> Demo {
        let fixture = try await DemoFixture.make(today: today)
        let province = try #require(try await fixture.store.provinces().first { $0.code == DemoProvince.provinceCode })
        return Demo(fixture: fixture, province: province, plans: try await fixture.store.plans(in: province.id),
                    agencies: try await fixture.store.agencies(in: province.id))
    }

    static func json(_ r: TestResponse) throws -> Any { try JSONSerialization.jsonObject(with: Data(String(buffer: r.body).utf8)) }

    /// `[task id: status]` of a JSON list of tasks.
    static func statuses(_ list: Any) -> [Int: String] {
        let rows = list as? [[String: Any]] ?? []
        return Dictionary(rows.compactMap { r in (r["id"] as? Int).flatMap { id in (r["status"] as? String).map { (id, $0) } } },
                          uniquingKeysWith: { a, _ in a })
    }

    /// `[task id: status label]` of a page: the label is the text of the link to the task's evaluation.
    static func labels(_ html: String) -> [Int: String] {
        var out: [Int: String] = [:]
        for m in html.matches(of: /<a href="\/dashboard\/tasks\/(\d+)">([^<]+)<\/a>/) {
            out[Int(m.1)!] = String(m.2)
        }
        return out
    }

    static let labelOf = Dictionary(uniqueKeysWithValues: TaskStatus.allCases.map { ($0.rawValue, $0.label) })

    @Test("tasks: the plan tasks API, the dashboard API, the agency tasks API, the plan page, the agency page, the dashboard lists and the consolidated report's Phụ lục II")
    func tasks() async throws {
        let d = try await Self.demo()
        defer { d.fixture.remove() }
        try await d.fixture.test { client in
            var b = Browser(client)
            #expect(try await b.signIn(DemoFixture.coordinator).status == .seeOther)
            var everyTask: [Int: String] = [:]
            for plan in d.plans {
                let api = Self.statuses(try Self.json(try await b.get("/api/v1/plans/\(plan.id)/tasks")))
                #expect(api.count == plan.taskCount, "every task of \(plan.info.title) has a status")
                let dashboard = Self.statuses(try Self.json(try await b.get("/api/v1/dashboard/tasks?plan=\(plan.id)")))
                #expect(dashboard == api, "dashboard API vs plan tasks API, \(plan.info.title)")
                let page = Self.labels(String(buffer: try await b.get("/plans/\(plan.id)").body))
                #expect(page == api.mapValues { Self.labelOf[$0]! }, "plan page vs API, \(plan.info.title)")
                // The filtered views: `overdue=1` of the API and the page, and each status of the dashboard's list.
                let overdue = Set(api.filter { $0.value == TaskStatus.overdue.rawValue }.keys)
                #expect(Set(Self.statuses(try Self.json(try await b.get("/api/v1/plans/\(plan.id)/tasks?overdue=1"))).keys) == overdue)
                #expect(Set(Self.labels(String(buffer: try await b.get("/plans/\(plan.id)?overdue=1").body)).keys) == overdue)
                for status in Set(api.values) {
                    // The list's own table (the overdue page lists the waiting tasks below it, under their heading).
                    let page = String(buffer: try await b.get("/dashboard/tasks?status=\(status)&plan=\(plan.id)").body)
                    let listed = try #require(page.firstMatch(of: /<table id="tasks">.*?<\/table>/.dotMatchesNewlines())).0
                    let ids: Set<Int> = Set(listed.matches(of: /href="\/dashboard\/tasks\/(\d+)"/).compactMap { Int($0.1) })
                    let expected: Set<Int> = Set(api.filter { $0.value == status }.keys)
                    #expect(ids == expected, "dashboard list '\(status)', \(plan.info.title)")
                }
                // The consolidated report's task appendix, row by row (code, name … status): same label as the API.
                let report = String(buffer: try await b.get("/plans/\(plan.id)/report?format=html").body)
                let tasks = try await d.fixture.store.tasks(of: plan.id, filter: TaskFilter())
                let appendix = try #require(report.range(of: "TÌNH HÌNH THỰC HIỆN CÁC NHIỆM VỤ")).upperBound
                let rows = Self.tableRows(String(report[appendix...]))
                var checked = 0
                for t in tasks {
                    let code: String = t.task.code, name: String = t.task.name
                    guard let row = rows.first(where: { (r: [String]) -> Bool in r.count > 2 && r[0] == code && r[1] == name }) else { continue }
                    let status: String = api[Int(t.id.rawValue)] ?? "?"
                    #expect(row.contains(Self.labelOf[status] ?? status), "report appendix vs API for \(code) \(name)")
                    checked += 1
                }
                #expect(checked == tasks.count, "every task is a row of Phụ lục II of \(plan.info.title)")
                everyTask.merge(api) { a, _ in a }
            }
            // Each agency's tasks, through its API and its page: the same statuses as the plans give them.
            for agency in d.agencies {
                let api = Self.statuses(try Self.json(try await b.get("/api/v1/agencies/\(agency.id)/tasks")))
                #expect(api.allSatisfy { everyTask[$0.key] == $0.value }, "agency tasks API of \(agency.name)")
                let page = Self.labels(String(buffer: try await b.get("/agencies/\(agency.id)").body))
                #expect(page == api.mapValues { Self.labelOf[$0]! }, "agency page vs agency API, \(agency.name)")
                let overdue = Self.statuses(try Self.json(try await b.get("/api/v1/agencies/\(agency.id)/tasks?overdue=1")))
                #expect(Set(overdue.keys) == Set(api.filter { $0.value == TaskStatus.overdue.rawValue }.keys))
            }
            #expect(Set(everyTask.values).isSuperset(of: ["overdue", "completed-on-time", "completed-late"]), "the demo has tasks of each kind")
            // The overview counts what the lists list.
            let overview = try Self.json(try await b.get("/api/v1/dashboard")) as! [String: Any]
            let counts = overview["tasks"] as! [String: Int]
            for status in TaskStatus.allCases {
                #expect((counts[status.rawValue] ?? 0) == everyTask.values.filter { $0 == status.rawValue }.count, "overview count of \(status.rawValue)")
            }
        }
    }

    @Test("timeliness: the reports API, the submission matrix, the scorecard and section V of the consolidated report")
    func timeliness() async throws {
        let d = try await Self.demo()
        defer { d.fixture.remove() }
        let today = CivilDate(year: Self.today.0, month: Self.today.1, day: Self.today.2)!
        try await d.fixture.test { client in
            var b = Browser(client)
            #expect(try await b.signIn(DemoFixture.coordinator).status == .seeOther)
            // Per agency, the reports due this year (as of today) by timeliness: what the scorecard counts.
            var dueThisYear: [Int: [String: Int]] = [:]
            var compared = (sectionV: 0, matrix: 0)
            for plan in d.plans {
                let calendar = ReportingCalendar(rule: plan.info.reporting)
                let periods = calendar.periods(from: calendar.current(on: CivilDate(year: today.year - 1, month: 1, day: 1)!), through: calendar.current(on: today))
                    .filter { calendar.due($0).year == today.year && calendar.due($0) <= today }
                #expect(!periods.isEmpty)
                let matrix = String(buffer: try await b.get("/plans/\(plan.id)/matrix").body)
                let matrixRows = Self.tableRows(matrix, cellClass: true)
                let report = String(buffer: try await b.get("/plans/\(plan.id)/report?format=html&period=\(today.year)").body)
                // Section V says it in words; its grid is Phụ lục III (landscape).
                let grid = try #require(report.range(of: "PHỤ LỤC III")).upperBound
                let sectionRows = Self.tableRows(String(report[grid...]))
                let header = try #require(sectionRows.first)
                // The words of section V count what the grid shows.
                let cells = sectionRows.dropFirst().flatMap { $0.dropFirst(2) }.map { $0.lowercased() }
                let words = try #require(report.range(of: #"phải gửi [0-9.]+ báo cáo: [^<]*"#, options: .regularExpression).map { String(report[$0]) })
                #expect(words.contains("\(cells.filter { $0 == "đúng hạn" }.count) đúng hạn"), "\(words)")
                #expect(words.contains("\(cells.filter { $0.hasPrefix("muộn") }.count) muộn"), "\(words)")
                #expect(words.contains("\(cells.filter { $0.hasPrefix("chưa nộp") }.count) chưa nộp"), "\(words) \(Set(cells))")
                for period in periods {
                    let states = try Self.json(try await b.get("/api/v1/plans/\(plan.id)/reports?period=\(period)")) as! [[String: Any]]
                    #expect(!states.isEmpty, "\(plan.info.title) \(period): agencies owe a report")
                    let column = header.firstIndex { $0.lowercased().hasPrefix(period.label.lowercased()) }
                    let matrixColumn = matrix.contains(period.label) ? Self.matrixColumn(matrix, period) : nil
                    for s in states {
                        let code = s["timeliness"] as! String, days = s["days"] as? Int
                        let agency = s["agency"] as! String
                        dueThisYear[s["agencyID"] as! Int, default: [:]][code, default: 0] += 1
                        let label = Self.timeliness(code, days).label(overdue: true)
                        // Phụ lục III: one row per agency, one column per period of the year.
                        if let column, let row = sectionRows.first(where: { $0.count > column && $0[1] == agency }) {
                            #expect(row[column].lowercased() == label, "section V vs reports API: \(agency), \(period)")
                            compared.sectionV += 1
                        } else {
                            Issue.record("section V of \(plan.info.title) has no cell for \(agency), \(period)")
                        }
                        // The matrix: the cell's class is the API's code (the last six periods only).
                        if let matrixColumn, let row = matrixRows.first(where: { $0.first == agency }), row.count > matrixColumn {
                            #expect(row[matrixColumn] == code || (row[matrixColumn] == "returned" && code != "pending"),
                                    "matrix vs reports API: \(agency), \(period)")
                            compared.matrix += 1
                        }
                    }
                }
            }
            // Every state of the year is in section V; the matrix shows the last six periods of each plan.
            #expect(compared.sectionV == dueThisYear.values.map { $0.values.reduce(0, +) }.reduce(0, +))
            #expect(compared.matrix >= d.plans.count * d.agencies.count / 2)
            let scorecard = try Self.json(try await b.get("/api/v1/dashboard/scorecard")) as! [String: Any]
            let cards = scorecard["cards"] as! [[String: Any]]
            #expect(!dueThisYear.isEmpty)
            for (agency, counts) in dueThisYear {
                let card = try #require(cards.first { $0["agencyID"] as? Int == agency })
                #expect(card["reportsOnTime"] as? Int == counts["on-time"] ?? 0, "scorecard on time vs reports API, agency \(agency)")
                #expect(card["reportsLate"] as? Int == counts["late"] ?? 0, "scorecard late vs reports API, agency \(agency)")
                #expect(card["reportsMissing"] as? Int == counts["missing"] ?? 0, "scorecard missing vs reports API, agency \(agency)")
            }
        }
    }

    static func timeliness(_ code: String, _ days: Int?) -> Timeliness {
        switch code {
        case "on-time": .onTime
        case "late": .late(days: days ?? -1)
        case "missing": .missing(daysOverdue: days ?? -1)
        default: .pending
        }
    }

    /// The rows of the HTML tables of a page, as cell texts (tags stripped, entities decoded), or with `cellClass`
    /// the row header's text followed by each cell's class.
    static func tableRows(_ html: String, cellClass: Bool = false) -> [[String]] {
        var rows: [[String]] = []
        for row in html.matches(of: /<tr[^>]*>(.*?)<\/tr>/.dotMatchesNewlines()) {
            var cells: [String] = []
            for cell in String(row.1).matches(of: /<(t[dh])([^>]*)>(.*?)<\/t[dh]>/.dotMatchesNewlines()) {
                if cellClass && cell.1 == "td" {
                    cells.append(String(String(cell.2).firstMatch(of: /class="([^"]*)"/)?.1 ?? ""))
                } else {
                    cells.append(text(String(cell.3)))
                }
            }
            rows.append(cells)
        }
        return rows
    }

    static func text(_ html: String) -> String {
        html.replacing(/<[^>]+>/, with: "").replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The index, in a matrix row (agency first), of the period's column.
    @Test("indicator values: the dashboard API, the open data's values and indicators, and the national export give the same numbers and statuses")
    func publishedValues() async throws {
        let d = try await Self.demo()
        defer { d.fixture.remove() }
        let plan = try #require(d.plans.first)
        try await d.fixture.store.setPublication(plan.id, licence: .ccBy, on: CivilDate(year: 2026, month: 11, day: 1)!, by: .system)
        try await d.fixture.test { client in
            var b = Browser(client)
            #expect(try await b.signIn(DemoFixture.coordinator).status == .seeOther)
            let open = try #require(try Self.json(try await b.get("/open/plans/\(plan.id)/values.json")) as? [String: Any])
            var published: [String: Double] = [:]
            for row in open["rows"] as? [[String: Any]] ?? [] { published["\(row["ma_chi_tieu"]!) \(row["ky"]!)"] = row["gia_tri"] as? Double }
            let openIndicators = try #require(try Self.json(try await b.get("/open/plans/\(plan.id)/indicators.json")) as? [String: Any])
            let openStatus = Dictionary((openIndicators["rows"] as? [[String: Any]] ?? []).map { ($0["ma"] as! String, $0["danh_gia"] as? String) },
                                        uniquingKeysWith: { a, _ in a })
            let last = ReportingCalendar(rule: plan.info.reporting).lastDue(on: CivilDate(year: 2026, month: 11, day: 20)!)
            let exchange = try #require((try Self.json(try await b.get("/api/v1/plans/\(plan.id)/exchange?period=\(last)")) as? [String: Any])?["goiTinBaoCao"] as? [String: Any])
            let provinceValues = Dictionary((exchange["duLieuChiTieu"] as? [[String: Any]] ?? []).filter { ($0["donViBaoCao"] as? [String: Any])?["cap"] as? String == "tinh" }
                .map { ($0["maChiTieu"] as! String, $0["giaTri"] as! Double) }, uniquingKeysWith: { a, _ in a })
            var compared = 0
            for indicator in try await d.fixture.store.indicators(of: plan.id) {
                let detail = try #require(try Self.json(try await b.get("/api/v1/dashboard/indicators/\(indicator.id)")) as? [String: Any])
                let code = indicator.indicator.code
                let series = detail["series"] as? [[String: Any]] ?? []
                for point in series {
                    let period = point["period"] as! String
                    let value = try #require(point["value"] as? Double, "\(code) \(period): a value")
                    #expect(published["\(code) \(period)"] == value, "\(code) \(period): open data \(published["\(code) \(period)"] ?? -1), dashboard \(value)")
                    compared += 1
                }
                #expect(series.count == published.keys.filter { $0.hasPrefix(code + " ") }.count, "\(code): as many periods")
                let dashboardLast = series.first { $0["period"] as? String == last.description }?["value"] as? Double
                #expect(provinceValues[code] == dashboardLast, "\(code) \(last): export \(provinceValues[code] ?? -1), dashboard \(dashboardLast ?? -1)")
                let status = (detail["indicator"] as? [String: Any])?["status"] as? String
                #expect(openStatus[code] == status.flatMap { IndicatorStatus(rawValue: $0)?.label }, "\(code): status")
            }
            #expect(compared > 100 && provinceValues.count > 5)
        }
    }

    static func matrixColumn(_ html: String, _ period: Period) -> Int? {
        guard let head = tableRows(html).first(where: { $0.first == "Cơ quan, đơn vị" || $0.contains { $0.hasPrefix(period.label) } }) else { return nil }
        return head.firstIndex { $0.hasPrefix(period.label) }
    }
}
