import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KeHoachCore
import KeHoachStore
import KeHoachWeb
import NIOCore
import Testing

/// The dashboard on a fixture whose every figure is worked out by hand below (today is 18 May 2026).
@Suite("Dashboard", .serialized)
struct DashboardTests {
    /// A small Lai Châu plan: five indicators (a share counted by communes, a range, a rank, a yes/no and a
    /// qualitative target) and six tasks (dated, overdue, not due, conditional, ongoing, completed late).
    static func plan() -> PlanDocument {
        func t(_ text: String, _ year: Int, unit: String?) -> Target {
            let v = TargetParser.parse(text, unit: unit)
            return Target(year: year, comparator: v.comparator, value: v.value, max: v.max, text: text)
        }
        let indicators = [
            Indicator(code: "1", group: "Chính quyền số", name: "Tỷ lệ hồ sơ được số hóa", unit: "%", baseline: Baseline(year: 2025, value: 50, text: "50%"),
                      targets: [t("≥ 80", 2026, unit: "%")], leadAgencies: ["UBND các xã, phường"], monitoringAgencies: []),
            Indicator(code: "2", group: "Kinh tế số", name: "Tỷ trọng kinh tế số", unit: "% GRDP", targets: [t("9-10", 2026, unit: "% GRDP")],
                      leadAgencies: ["Sở Khoa học và Công nghệ"], monitoringAgencies: []),
            Indicator(code: "3", group: "Kinh tế số", name: "Xếp hạng chỉ số DTI", unit: "Thứ bậc", targets: [t("≤ 20", 2025, unit: "Thứ bậc")],
                      leadAgencies: ["Sở Khoa học và Công nghệ"], monitoringAgencies: []),
            Indicator(code: "4", group: "Chính quyền số", name: "Có nền tảng giám sát an toàn thông tin", unit: nil, targets: [t("Có", 2026, unit: nil)],
                      leadAgencies: ["Sở Tư pháp"], monitoringAgencies: []),
            Indicator(code: "5", group: "Xã hội số", name: "Mức độ hài lòng về dịch vụ số", unit: nil,
                      targets: [t("Đạt mức khá ở các lĩnh vực quan trọng", 2026, unit: nil)], leadAgencies: ["Sở Khoa học và Công nghệ"], monitoringAgencies: []),
        ]
        func task(_ code: String, _ name: String, _ lead: String, _ deadline: String) -> PlanTask {
            PlanTask(code: code, group: "I. Thử nghiệm", name: name, leadAgencies: [lead], partnerAgencies: [], product: nil, deadline: DeadlineParser.parse(deadline))
        }
        let tasks = [
            task("T1", "Ban hành kế hoạch số hóa", "Sở Khoa học và Công nghệ", "Quý I/2026"),
            task("T2", "Rà soát thủ tục hành chính", "Sở Tư pháp", "Tháng 2/2026"),
            task("T3", "Nâng cấp cổng dữ liệu mở", "Sở Khoa học và Công nghệ", "Quý IV/2026"),
            task("T4", "Triển khai nền tảng theo hướng dẫn của Bộ", "Sở Tư pháp", "Sau khi có hướng dẫn của Bộ Khoa học và Công nghệ"),
            task("T5", "Tuyên truyền chuyển đổi số", "Sở Khoa học và Công nghệ", "Thường xuyên"),
            task("T6", "Tập huấn kỹ năng số", "Sở Khoa học và Công nghệ", "Tháng 1/2026"),
        ]
        let info = PlanInfo(title: "Kế hoạch thử nghiệm đánh giá của UBND tỉnh Lai Châu", span: YearSpan(from: 2026, to: 2026),
                            reporting: ReportingRule(cadence: .monthly, dueDay: 20, text: "hằng tháng trước ngày 20"))
        return PlanDocument(source: nil, plan: info, indicators: indicators, tasks: tasks)
    }

    struct Setup {
        var plan: StoredPlan.ID
        var indicators: [String: StoredIndicator.ID]
        var tasks: [String: StoredTask.ID]
        var tanPhong: Agency.ID
    }

    /// Loads the plan and the April reports: Sở KH&CN on time, Sở Tư pháp late, two wards with their fractions.
    static func setUp(_ f: WebFixture) async throws -> Setup {
        let document = plan()
        let plan = try await f.store.loadPlan(document, source: Data(try JSONEncoder().encode(document)), into: f.laiChau, replacing: nil, by: .system).planID
        let indicators = Dictionary(uniqueKeysWithValues: try await f.store.indicators(of: plan).map { ($0.indicator.code, $0.id) })
        let tasks = Dictionary(uniqueKeysWithValues: try await f.store.tasks(of: plan, filter: TaskFilter()).map { ($0.task.code, $0.id) })
        let agencies = try await f.store.agencies(in: f.laiChau)
        let tanPhong = agencies.first { $0.name == "UBND phường Tân Phong" }!.id
        let doanKet = agencies.first { $0.name == "UBND phường Đoàn Kết" }!.id
        let april = Period("2026-04")!
        let d = { (s: String) in CivilDate(iso: s)! }
        try await f.store.saveReports([
            (plan, f.ownAgency, april, ReportInput(tasks: [
                TaskProgress(taskID: tasks["T1"]!, status: .completed, percent: 100, completedOn: d("2026-03-20"), note: "Đã ban hành"),
                TaskProgress(taskID: tasks["T3"]!, status: .notStarted),
                TaskProgress(taskID: tasks["T6"]!, status: .completed, percent: 100, completedOn: d("2026-02-10"), note: "Đã tập huấn 300 người"),
            ], indicators: [
                IndicatorValue(indicatorID: indicators["2"]!, value: 9.5),
                IndicatorValue(indicatorID: indicators["3"]!, value: 25),
            ], difficulties: "", proposals: "Đề nghị bổ sung kinh phí"), d("2026-04-18")),
            (plan, f.otherAgency, april, ReportInput(tasks: [
                TaskProgress(taskID: tasks["T2"]!, status: .inProgress, percent: 60, note: "Đã rà soát 60%", reason: "Chưa được bố trí kinh phí"),
            ], indicators: [], difficulties: "Thiếu nhân lực", proposals: ""), d("2026-04-25")),
            (plan, tanPhong, april, ReportInput(tasks: [], indicators: [IndicatorValue(indicatorID: indicators["1"]!, numerator: 45, denominator: 50)],
                                                difficulties: "", proposals: ""), d("2026-04-19")),
            (plan, doanKet, april, ReportInput(tasks: [], indicators: [IndicatorValue(indicatorID: indicators["1"]!, numerator: 30, denominator: 50)],
                                               difficulties: "", proposals: ""), d("2026-04-20")),
        ], by: .system)
        // The rank was reported for December 2025 too (the target's year).
        try await f.store.saveReports([(plan, f.ownAgency, Period("2025-12")!, ReportInput(tasks: [], indicators: [IndicatorValue(indicatorID: indicators["3"]!, value: 24)],
                                                                                          difficulties: "", proposals: ""), d("2025-12-19"))], by: .system)
        return Setup(plan: plan, indicators: indicators, tasks: tasks, tanPhong: tanPhong)
    }

    static func json(_ r: TestResponse) throws -> Any { try JSONSerialization.jsonObject(with: Data(String(buffer: r.body).utf8)) }

    static func statuses(_ browser: inout Browser, _ plan: StoredPlan.ID) async throws -> [String: [String: Any]] {
        let list = try json(try await browser.get("/api/v1/dashboard/indicators?plan=\(plan)")) as! [[String: Any]]
        return Dictionary(uniqueKeysWithValues: list.map { ($0["code"] as! String, $0) })
    }

    @Test("indicators: a share summed over the wards, a range, a missed rank, no data, then a rating with its comment")
    func indicators() async throws {
        let f = try await WebFixture.make()
        defer { f.remove() }
        let s = try await Self.setUp(f)
        try await f.test { client in
            var b = Browser(client)
            _ = try await b.signIn("coordinator")
            var st = try await Self.statuses(&b, s.plan)
            // (45 + 30) / (50 + 50) = 75 %: below 80, but the line from 50 at the end of 2025 reaches it by December.
            #expect(st["1"]?["value"] as? Double == 75)
            #expect(st["1"]?["status"] as? String == "on-track")
            #expect(st["1"]?["method"] as? String == "ratio")
            #expect(st["2"]?["status"] as? String == "achieved")
            #expect(st["3"]?["status"] as? String == "missed") // 24 in December 2025 against ≤ 20
            #expect(st["4"]?["status"] as? String == "no-data")
            #expect(st["5"]?["status"] as? String == "no-data")

            // The indicator page: the figure, the method, the wards behind it with links to their reports, charts with titles.
            let page = String(buffer: try await b.get("/dashboard/indicators/\(s.indicators["1"]!)").body)
            #expect(page.contains("Đúng tiến độ"))
            #expect(page.contains("Tổng tử số / tổng mẫu số"))
            #expect(page.contains("UBND phường Tân Phong") && page.contains("45/50"))
            #expect(page.contains("/reports/\(s.plan)/2026-04?agency=\(s.tanPhong)"))
            #expect(page.contains("<svg") && page.contains("<title id=\"line-t\">"))
            #expect(page.contains("75/100"))

            // Rating the qualitative target: refused without a comment (nothing written), then recorded and audited.
            let before = try await f.store.audit(limit: 500, offset: 0).count
            let empty = try await b.post("/dashboard/indicators/\(s.indicators["5"]!)/rating", form: ["status": "on-track", "comment": " "])
            #expect(empty.status == .badRequest)
            #expect(String(buffer: empty.body).contains("Cần ghi nhận xét"))
            #expect(try await b.post("/dashboard/indicators/\(s.indicators["5"]!)/rating", form: ["status": "bogus", "comment": "x"]).status == .badRequest)
            #expect(try await f.store.audit(limit: 500, offset: 0).count == before)
            let noToken = try await b.post("/dashboard/indicators/\(s.indicators["5"]!)/rating", form: ["status": "on-track", "comment": "Khá"], csrf: "")
            #expect(noToken.status == .forbidden)
            let rated = try await b.post("/dashboard/indicators/\(s.indicators["5"]!)/rating",
                                         form: ["status": "on-track", "comment": "Khảo sát quý I: 72% hài lòng"])
            #expect(rated.status == .seeOther)
            st = try await Self.statuses(&b, s.plan)
            #expect(st["5"]?["status"] as? String == "on-track")
            #expect((st["5"]?["explanation"] as? String)?.contains("72% hài lòng") == true)
            #expect(try await f.store.audit(limit: 5, offset: 0).contains { $0.action == "indicator.rate" && $0.username == "coordinator" })

            // Choosing another method is audited and changes the figure: the mean of 90 % and 60 % is also 75 %, the latest is 60 %.
            #expect(try await b.post("/dashboard/indicators/\(s.indicators["1"]!)/setting", form: ["method": "latest", "measure": "Hồ sơ số hóa"]).status == .seeOther)
            st = try await Self.statuses(&b, s.plan)
            #expect(st["1"]?["value"] as? Double == 60)
            #expect(try await b.post("/dashboard/indicators/\(s.indicators["1"]!)/setting", form: ["method": "median"]).status == .badRequest)

            // A viewer reads but has no forms and cannot post; a reporter has no dashboard; another province gets 404.
            var viewer = Browser(client)
            _ = try await viewer.signIn("viewer")
            let seen = String(buffer: try await viewer.get("/dashboard/indicators/\(s.indicators["1"]!)").body)
            #expect(seen.contains("30/50") && !seen.contains("/setting\""))
            #expect(try await viewer.post("/dashboard/indicators/\(s.indicators["5"]!)/rating", form: ["status": "missed", "comment": "x"]).status == .forbidden)
            var reporter = Browser(client)
            _ = try await reporter.signIn("reporter")
            #expect(try await reporter.get("/dashboard").status == .forbidden)
            #expect(try await reporter.get("/api/v1/dashboard").status == .forbidden)
            var laoCai = Browser(client)
            _ = try await laoCai.signIn("coordinatorlaocai")
            #expect(try await laoCai.get("/dashboard/indicators/\(s.indicators["1"]!)").status == .notFound)
            #expect(try await laoCai.get("/api/v1/dashboard/indicators/\(s.indicators["1"]!)").status == .notFound)
            #expect(try await laoCai.post("/dashboard/indicators/\(s.indicators["1"]!)/setting", form: ["method": "sum"]).status == .notFound)
            #expect(!String(buffer: try await laoCai.get("/dashboard").body).contains("thử nghiệm đánh giá"))
        }
    }

    @Test("tasks: overdue with days, agency and reason; the waiting task gets its due date from the recorded event")
    func tasks() async throws {
        let f = try await WebFixture.make()
        defer { f.remove() }
        let s = try await Self.setUp(f)
        try await f.test { client in
            var b = Browser(client)
            _ = try await b.signIn("coordinator")
            func statuses() async throws -> [String: [String: Any]] {
                let list = try Self.json(try await b.get("/api/v1/dashboard/tasks?plan=\(s.plan)")) as! [[String: Any]]
                return Dictionary(uniqueKeysWithValues: list.map { ($0["code"] as! String, $0) })
            }
            var t = try await statuses()
            #expect(t["T1"]?["status"] as? String == "completed-on-time")
            #expect(t["T2"]?["status"] as? String == "overdue")
            #expect(t["T2"]?["daysOverdue"] as? Int == 79) // 28 Feb → 18 May
            #expect(t["T2"]?["reason"] as? String == "Chưa được bố trí kinh phí")
            #expect(((t["T2"]?["responsible"] as? [[String: Any]])?.first?["name"] as? String) == "Sở Tư pháp")
            #expect(t["T3"]?["status"] as? String == "not-yet-due")
            #expect(t["T4"]?["status"] as? String == "waiting")
            #expect(t["T5"]?["status"] as? String == "ongoing")
            #expect(t["T6"]?["status"] as? String == "completed-late")
            #expect(t["T6"]?["daysLate"] as? Int == 10)

            // The overdue page lists T2 with its agency, days and reason, and T4 among the waiting tasks.
            let overdue = String(buffer: try await b.get("/dashboard/tasks?status=overdue").body)
            #expect(overdue.contains("Rà soát thủ tục hành chính") && overdue.contains(">79<") && overdue.contains("Chưa được bố trí kinh phí"))
            #expect(overdue.contains("Triển khai nền tảng theo hướng dẫn của Bộ"))
            // Drill-down: the task page shows the agency's answer with a link to its report.
            let page = String(buffer: try await b.get("/dashboard/tasks/\(s.tasks["T2"]!)").body)
            #expect(page.contains("Đã rà soát 60%") && page.contains("/reports/\(s.plan)/2026-04?agency=\(f.otherAgency)"))

            // Recording the event: bad dates are refused with a message, then the task is due 30 days after it.
            let future = try await b.post("/dashboard/tasks/\(s.tasks["T4"]!)/decision", form: ["kind": "event", "document": "Công văn 1/BKHCN", "on": "2026-12-01"])
            #expect(future.status == .badRequest && String(buffer: future.body).contains("Ngày văn bản"))
            #expect(try await b.post("/dashboard/tasks/\(s.tasks["T4"]!)/decision", form: ["kind": "event", "document": "x", "on": "2026-03-01", "leadDays": "-3"]).status == .badRequest)
            #expect(try await b.post("/dashboard/tasks/\(s.tasks["T4"]!)/decision", form: ["kind": "adjusted", "document": "x", "on": "2026-03-01"]).status == .badRequest)
            let ok = try await b.post("/dashboard/tasks/\(s.tasks["T4"]!)/decision",
                                      form: ["kind": "event", "document": "Công văn 123/BKHCN-CĐS", "on": "2026-03-01", "leadDays": "30"])
            #expect(ok.status == .seeOther)
            t = try await statuses()
            #expect(t["T4"]?["status"] as? String == "overdue")
            #expect(t["T4"]?["due"] as? String == "2026-03-31")
            #expect(t["T4"]?["daysOverdue"] as? Int == 48)
            #expect(try await f.store.audit(limit: 5, offset: 0).contains { $0.action == "task.decision" })

            // The plan page marks and filters overdue tasks by the same evaluation: T6 is past its deadline but done.
            let planPage = String(buffer: try await b.get("/plans/\(s.plan)?overdue=1").body)
            #expect(planPage.contains("Rà soát thủ tục hành chính") && planPage.contains("Triển khai nền tảng theo hướng dẫn"))
            #expect(!planPage.contains("Tập huấn kỹ năng số") && !planPage.contains("Ban hành kế hoạch số hóa"))
            let all = String(buffer: try await b.get("/plans/\(s.plan)").body)
            #expect(all.contains("Hoàn thành quá hạn") && all.contains("/dashboard/tasks/\(s.tasks["T6"]!)"))

            // One meaning of "overdue" everywhere: the province overview, the dashboard page, the plan tasks API
            // (`overdue=1` and `status=overdue`), the agency tasks API and the plan pages count the same tasks. Seed
            // 001's dated tasks past due with no report are overdue; T6, past its deadline but reported done, is not.
            let seedOverdue = try (Self.json(try await b.get("/api/v1/plans/\(f.laiChauPlan)/tasks?overdue=1")) as! [[String: Any]])
            #expect(!seedOverdue.isEmpty && seedOverdue.allSatisfy { $0["status"] as? String == "overdue" && ($0["daysOverdue"] as? Int ?? 0) > 0 })
            let ownOverdue = try Self.json(try await b.get("/api/v1/plans/\(s.plan)/tasks?status=overdue")) as! [[String: Any]]
            #expect(Set(ownOverdue.compactMap { ($0["task"] as? [String: Any])?["name"] as? String }) == ["Rà soát thủ tục hành chính", "Triển khai nền tảng theo hướng dẫn của Bộ"])
            let notOverdue = try Self.json(try await b.get("/api/v1/plans/\(s.plan)/tasks?overdue=0")) as! [[String: Any]]
            #expect(notOverdue.contains { ($0["id"] as? Int).map(Int64.init) == s.tasks["T6"]?.rawValue && $0["status"] as? String == "completed-late" })
            let overview = try Self.json(try await b.get("/api/v1/dashboard")) as! [String: Any]
            let counts = overview["tasks"] as! [String: Int]
            #expect(counts["overdue"] == 2 + seedOverdue.count)
            let html = String(buffer: try await b.get("/dashboard").body)
            #expect(html.contains("<strong>\(2 + seedOverdue.count)</strong> Nhiệm vụ quá hạn"))
            let seedPage = String(buffer: try await b.get("/plans/\(f.laiChauPlan)?overdue=1").body)
            #expect(seedPage.components(separatedBy: "<article class=\"task overdue\" id=").count - 1 == seedOverdue.count)
            #expect(try await b.get("/api/v1/plans/\(s.plan)/tasks?status=late").status == .badRequest)
            // The agency tasks API filters by the same status, and by plan and words.
            let lead = try #require((ownOverdue.first?["lead"] as? [[String: Any]])?.first?["agencyID"] as? Int)
            let agencyOverdue = try Self.json(try await b.get("/api/v1/agencies/\(lead)/tasks?overdue=1&plan=\(s.plan)")) as! [[String: Any]]
            #expect(!agencyOverdue.isEmpty && agencyOverdue.allSatisfy { $0["status"] as? String == "overdue" && ($0["planID"] as? Int).map(Int64.init) == s.plan.rawValue })
            #expect(agencyOverdue.allSatisfy { a in ownOverdue.contains { $0["id"] as? Int == a["id"] as? Int } })
            #expect(html.contains("<strong>1</strong> Đạt")) // indicator 2; seed 001 has no values yet
            // Who has not sent the report last due: the same agencies the reports API calls missing for that period.
            let unreported = try #require(html.range(of: #"Chưa gửi báo cáo kỳ này</h2>\n<ul><li>.*?</li>"#, options: .regularExpression).map { String(html[$0]) })
            let states = try Self.json(try await b.get("/api/v1/plans/\(s.plan)/reports?period=2026-04")) as! [[String: Any]]
            let missing = states.filter { $0["timeliness"] as? String == "missing" }.count
            #expect(missing > 0 && unreported.contains("tháng 4/2026 (hạn 20/04/2026): <strong>\(missing)</strong> cơ quan, đơn vị chưa gửi"), "\(unreported.prefix(300))")
        }
    }

    @Test("scorecard: every row reproduces its score from its counts and the weights; weights change it; CSV for the emulation")
    func scorecard() async throws {
        let f = try await WebFixture.make()
        defer { f.remove() }
        _ = try await Self.setUp(f)
        try await f.test { client in
            var b = Browser(client)
            _ = try await b.signIn("coordinator")
            func card(_ name: String) async throws -> [String: Any] {
                let answer = try Self.json(try await b.get("/api/v1/dashboard/scorecard?period=2026")) as! [String: Any]
                return (answer["cards"] as! [[String: Any]]).first { $0["agency"] as? String == name }!
            }
            func recomputed(_ c: [String: Any], _ w: (Double, Double, Double, Double)) -> Double {
                func n(_ k: String) -> Double { Double(c[k] as? Int ?? 0) }
                var parts: [(Double, Double)] = []
                let tasks = n("tasksOnTime") + n("tasksLate") + n("tasksOverdue")
                if tasks > 0 { parts.append(((n("tasksOnTime") + w.3 * n("tasksLate")) / tasks, w.0)) }
                let reports = n("reportsOnTime") + n("reportsLate") + n("reportsMissing")
                if reports > 0 { parts.append(((n("reportsOnTime") + w.3 * n("reportsLate")) / reports, w.1)) }
                if n("indicatorsTotal") > 0 { parts.append((n("indicatorsGood") / n("indicatorsTotal"), w.2)) }
                return 100 * parts.reduce(0) { $0 + $1.0 * $1.1 } / parts.reduce(0) { $0 + $1.1 }
            }
            let tuPhap = try await card("Sở Tư pháp")
            // Reports are owed from the plan's first year (2026), since the plan has a report from before that (December 2025):
            // January to April are due by 18 May. Its April report came 5 days late, the three before are missing.
            // T2 is overdue; its indicator (Có) has no data.
            #expect(tuPhap["reportsLate"] as? Int == 1 && tuPhap["reportsOnTime"] as? Int == 0 && tuPhap["reportsMissing"] as? Int == 3)
            #expect((tuPhap["tasksOverdue"] as? Int ?? 0) >= 1)
            #expect(abs((tuPhap["score"] as? Double ?? -1) - recomputed(tuPhap, (50, 30, 20, 0.5))) < 1e-6)
            let khcn = try await card("Sở Khoa học và Công nghệ")
            #expect(abs((khcn["score"] as? Double ?? -1) - recomputed(khcn, (50, 30, 20, 0.5))) < 1e-6)

            // Weights: refused when invalid (nothing changes), applied and audited otherwise.
            #expect(try await b.post("/dashboard/weights", form: ["tasks": "abc", "reports": "1", "indicators": "1", "lateCredit": "0.5"]).status == .badRequest)
            #expect(try await b.post("/dashboard/weights", form: ["tasks": "0", "reports": "0", "indicators": "0", "lateCredit": "0.5"]).status == .badRequest)
            #expect(try await f.store.scoreWeights(of: f.laiChau) == .defaults)
            #expect(try await b.post("/dashboard/weights", form: ["tasks": "0", "reports": "100", "indicators": "0", "lateCredit": "0,25"]).status == .seeOther)
            let reweighted = try await card("Sở Tư pháp")
            #expect(abs((reweighted["score"] as? Double ?? -1) - 6.25) < 1e-6) // one late report at 0,25 out of four
            #expect(try await f.store.audit(limit: 5, offset: 0).contains { $0.action == "score.weights" })

            // The page states the formula and the defaults; the CSV has the same rows, ranks and a formula line.
            let page = String(buffer: try await b.get("/dashboard/agencies?period=2026").body)
            #expect(page.contains("Điểm = 100 × (Wnv × Tnv") && page.contains("nhiệm vụ 50, báo cáo 30, chỉ tiêu 20, hệ số trễ 0.5"))
            #expect(page.contains("<svg") && page.contains("Tình trạng nhiệm vụ theo cơ quan chủ trì"))
            let csv = try await b.get("/dashboard/agencies.csv?period=2026")
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            let text = String(buffer: csv.body)
            #expect(text.contains("# Điểm = 100") && text.contains("\"Sở Tư pháp\""))
            let row = text.split(separator: "\r\n").first { $0.contains("\"Sở Tư pháp\"") }!
            #expect(row.hasSuffix(",6.25"))
            #expect(try await b.get("/dashboard/agencies?period=2026W1").status == .badRequest)
            // The agency's own page lists its report with its timeliness.
            let agency = String(buffer: try await b.get("/dashboard/agencies/\(f.otherAgency)?period=2026").body)
            #expect(agency.contains("muộn 5 ngày") && agency.contains("Rà soát thủ tục hành chính"))
        }
    }
}

@Suite("Dashboard: measures compared across provinces", .serialized)
struct MeasureTests {
    @Test("two coordinators link their indicators to one measure; both provinces' figures stand side by side")
    func compare() async throws {
        let f = try await WebFixture.make()
        defer { f.remove() }
        let laiChau = try await f.store.indicators(of: f.laiChauPlan).first { $0.indicator.name.contains("kinh tế số") }!
        let laoCai = try await f.store.indicators(of: f.laoCaiPlan).first { $0.indicator.name.lowercased().contains("kinh tế số") }!
        try await f.test { client in
            var a = Browser(client)
            _ = try await a.signIn("coordinator")
            #expect(try await a.post("/dashboard/indicators/\(laiChau.id)/setting", form: ["method": "default", "measure": "Tỷ trọng kinh tế số trong GRDP"]).status == .seeOther)
            var b = Browser(client)
            _ = try await b.signIn("coordinatorlaocai")
            // Spelled differently: measures match by their folded words.
            #expect(try await b.post("/dashboard/indicators/\(laoCai.id)/setting", form: ["method": "default", "measure": "tỷ trọng kinh tế số trong GRDP "]).status == .seeOther)
            let page = String(buffer: try await a.get("/dashboard/measures").body)
            #expect(page.contains("Lai Châu") && page.contains("Lào Cai"))
            #expect(page.contains(laiChau.indicator.name) && page.contains(laoCai.indicator.name))
            // Lai Châu's coordinator sees Lào Cai's figure but gets no link into Lào Cai's dashboard.
            #expect(page.contains("/dashboard/indicators/\(laiChau.id)") && !page.contains("/dashboard/indicators/\(laoCai.id)\""))
            let own = String(buffer: try await a.get("/dashboard/indicators/\(laiChau.id)").body)
            #expect(own.contains("Cùng thước đo") && own.contains("Lào Cai"))
        }
    }
}

@Suite("National table", .serialized)
struct NationalTableTests {
    @Test("one month's figures of a shared measure, province by province and for the country: Σ numerators / Σ denominators of submitted reports")
    func national() async throws {
        let f = try await WebFixture.make()
        defer { f.remove() }
        let actor = Actor(userID: nil, username: "tester")
        let day = CivilDate(iso: "2026-06-10")!
        let may = Period("2026-05")!
        // An indicator of each province with an agency that answers for it.
        func answered(_ plan: StoredPlan.ID) async throws -> (StoredIndicator.ID, Agency.ID) {
            for agency in try await f.store.reportingAgencies(of: plan) {
                if let id = try await f.store.reportScope(plan: plan, agency: agency.id).indicators.first?.0 { return (id, agency.id) }
            }
            throw StoreError.notFound("indicator")
        }
        let (lc, lcAgency) = try await answered(f.laiChauPlan)
        let (lk, lkAgency) = try await answered(f.laoCaiPlan)
        try await f.store.setIndicatorSetting(lc, IndicatorSetting(measure: "Tỷ lệ hồ sơ trực tuyến toàn trình"), by: actor)
        try await f.store.setIndicatorSetting(lk, IndicatorSetting(measure: "tỷ lệ hồ sơ trực tuyến toàn trình"), by: actor)
        func submit(_ plan: StoredPlan.ID, _ agency: Agency.ID, _ indicator: StoredIndicator.ID, _ n: Double, _ d: Double) async throws {
            _ = try await f.store.saveReport(plan: plan, agency: agency, period: may,
                                             input: ReportInput(tasks: [], indicators: [IndicatorValue(indicatorID: indicator, numerator: n, denominator: d)],
                                                                difficulties: "", proposals: ""), submit: true, today: day, by: actor)
        }
        try await submit(f.laiChauPlan, lcAgency, lc, 30, 40)    // 75%
        try await submit(f.laoCaiPlan, lkAgency, lk, 10, 40)     // 25%; the country: 40 / 80 = 50%
        try await f.test { client in
            var a = Browser(client)
            _ = try await a.signIn("coordinator")
            let page = String(buffer: try await a.get("/national?period=2026-05").body)
            #expect(page.contains("Tỷ lệ hồ sơ trực tuyến toàn trình"))
            #expect(page.contains("<td class=\"num\">50</td>"), "the country's figure")
            #expect(page.contains("Lào Cai: 25") && page.contains("Lai Châu: 75"), "lowest and highest")
            let api = try JSONSerialization.jsonObject(with: Data(String(buffer: try await a.get("/api/v1/national?period=2026-05").body).utf8)) as? [String: Any]
            let row = try #require((api?["measures"] as? [[String: Any]])?.first)
            #expect(row["value"] as? Double == 50 && row["provinces"] as? Int == 2 && row["reports"] as? Int == 2)
            // Another month has no figures; a malformed month is refused.
            #expect(String(buffer: try await a.get("/national?period=2026-04").body).contains("Chưa có số liệu"))
            #expect(try await a.get("/national?period=2026Q2").status == .badRequest)
        }
    }
}
