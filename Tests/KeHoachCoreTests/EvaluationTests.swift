import Foundation
import KeHoachCore
import PropertyBased
import Testing

/// Evaluation of indicators, tasks and agencies, with the seeds' own target texts and deadline texts.
@Suite("Evaluation")
struct EvaluationTests {
    static func day(_ s: String) -> CivilDate { CivilDate(iso: s)! }
    static func month(_ s: String) -> Period { Period(s)! }

    /// An indicator of plan 1 with the target as the seed writes it.
    static func indicator(_ target: String, unit: String?, year: Int = 2030, baseline: Double? = nil, baselineYear: Int = 2024) -> StoredIndicator {
        let v = TargetParser.parse(target, unit: unit)
        let t = Target(year: year, comparator: v.comparator, value: v.value, max: v.max, text: TargetParser.clean(target))
        let b = baseline.map { Baseline(year: baselineYear, value: $0, text: "\($0)") }
        return StoredIndicator(id: .init(1), planID: .init(1), indicator: Indicator(code: "1", group: nil, name: "x", unit: unit, baseline: b, targets: [t],
                                                                                   leadAgencies: [], monitoringAgencies: []), lead: [], monitoring: [])
    }

    static func series(_ values: [(String, Double)]) -> [SeriesPoint] {
        values.map { SeriesPoint(period: month($0.0), value: $0.1, sources: []) }
    }

    @Test("≥ 37,6 (seed 001, LaTeX left in the text): reached, on track by the trend, at risk, missed after the year")
    func atLeast() {
        let i = Self.indicator("$\\geq 37,6$", unit: "%", year: 2026, baseline: 30, baselineYear: 2024)
        #expect(i.indicator.targets[0].comparator == .atLeast && i.indicator.targets[0].value == 37.6)
        let today = Self.day("2026-06-15")
        let reached = IndicatorEvaluator.evaluate(i, series: Self.series([("2026-04", 36), ("2026-05", 37.6)]), method: .latest, rating: nil, today: today)
        #expect(reached.status == .achieved)
        // Rising 0,5 a month from 34 (no baseline): about 35 + 0,5 × 7 = 38,5 by December: on track.
        let trend = Self.indicator("$\\geq 37,6$", unit: "%", year: 2026)
        let rising = IndicatorEvaluator.evaluate(trend, series: Self.series([("2026-03", 34), ("2026-04", 34.5), ("2026-05", 35)]), method: .latest, rating: nil, today: today)
        #expect(rising.status == .onTrack)
        #expect((rising.projection?.value ?? 0) > 37.6)
        // The same months after a baseline of 30 at the end of 2024: the line through all four misses 37,6.
        let withBaseline = IndicatorEvaluator.evaluate(i, series: Self.series([("2026-03", 34), ("2026-04", 34.5), ("2026-05", 35)]), method: .latest, rating: nil, today: today)
        #expect(withBaseline.status == .atRisk && withBaseline.projection?.points == 4)
        let flat = IndicatorEvaluator.evaluate(trend, series: Self.series([("2026-03", 33), ("2026-04", 33), ("2026-05", 33.1)]), method: .latest, rating: nil, today: today)
        #expect(flat.status == .atRisk)
        #expect(flat.explanation.contains("37,6"))
        let after = IndicatorEvaluator.evaluate(i, series: Self.series([("2026-11", 36), ("2026-12", 37)]), method: .latest, rating: nil, today: Self.day("2027-01-10"))
        #expect(after.status == .missed)
        // A value reported after the year's end does not rescue it.
        let late = IndicatorEvaluator.evaluate(i, series: Self.series([("2026-12", 37), ("2027-01", 40)]), method: .latest, rating: nil, today: Self.day("2027-02-01"))
        #expect(late.status == .missed)
        // The status is about December 2026's value: that is the one a page shows beside it, the later one apart.
        #expect(late.judged?.period == Self.month("2026-12") && late.judged?.value == 37 && late.latest?.value == 40)
        #expect(reached.judged?.period == reached.latest?.period)
        let none = IndicatorEvaluator.evaluate(i, series: [], method: .latest, rating: nil, today: today)
        #expect(none.status == .noData)
    }

    @Test("the range 9-10 (% GRDP): inside is achieved, above and below are not")
    func range() {
        let i = Self.indicator("9-10", unit: "% GRDP", year: 2026)
        #expect(i.indicator.targets[0].comparator == .range)
        let t = i.indicator.targets[0]
        #expect(IndicatorEvaluator.meets(9, t) == true && IndicatorEvaluator.meets(10, t) == true && IndicatorEvaluator.meets(9.5, t) == true)
        #expect(IndicatorEvaluator.meets(8.9, t) == false && IndicatorEvaluator.meets(10.5, t) == false)
        let over = IndicatorEvaluator.evaluate(i, series: Self.series([("2026-12", 11)]), method: .latest, rating: nil, today: Self.day("2027-01-02"))
        #expect(over.status == .missed)
    }

    @Test("≤ 57 for a rank: lower is better, a falling rank projects to the target")
    func atMostRank() {
        let i = Self.indicator("≤ 57", unit: "Thứ bậc", year: 2027)
        #expect(i.indicator.direction == .lowerIsBetter)
        let today = Self.day("2026-03-01")
        let falling = IndicatorEvaluator.evaluate(i, series: Self.series([("2025-01", 63), ("2025-07", 61), ("2026-01", 59)]), method: .latest, rating: nil, today: today)
        #expect(falling.status == .onTrack)
        let rising = IndicatorEvaluator.evaluate(i, series: Self.series([("2025-01", 58), ("2025-07", 60), ("2026-01", 62)]), method: .latest, rating: nil, today: today)
        #expect(rising.status == .atRisk)
        #expect(IndicatorEvaluator.evaluate(i, series: Self.series([("2026-01", 57)]), method: .latest, rating: nil, today: today).status == .achieved)
        // A bare number for a rank reads as "at most".
        #expect(TargetParser.parse("20", unit: "Thứ bậc").comparator == .atMost)
    }

    @Test("Có: reported 1 is achieved; 0 is at risk until the end of the year, then missed")
    func yesNo() {
        let i = Self.indicator("Có", unit: nil, year: 2026)
        #expect(i.indicator.targets[0].comparator == .yes)
        #expect(IndicatorEvaluator.evaluate(i, series: Self.series([("2026-05", 1)]), method: .latest, rating: nil, today: Self.day("2026-06-01")).status == .achieved)
        #expect(IndicatorEvaluator.evaluate(i, series: Self.series([("2026-05", 0)]), method: .latest, rating: nil, today: Self.day("2026-06-01")).status == .atRisk)
        #expect(IndicatorEvaluator.evaluate(i, series: Self.series([("2026-12", 0)]), method: .latest, rating: nil, today: Self.day("2027-01-01")).status == .missed)
    }

    @Test("a qualitative target (seed 001, indicator 1) waits for the coordinator's rating, then shows it with its comment")
    func qualitative() {
        let i = Self.indicator("Đạt mức trung bình ở các lĩnh vực quan trọng của các tỉnh khu vực trung du và miền núi phía Bắc", unit: "Thứ bậc")
        #expect(i.indicator.targets[0].comparator == .text)
        let unrated = IndicatorEvaluator.evaluate(i, series: [], method: .latest, rating: nil, today: Self.day("2026-06-01"))
        #expect(unrated.status == .noData)
        #expect(unrated.explanation.contains("định tính"))
        let rating = IndicatorRating(status: .onTrack, comment: "Xếp thứ 7/14 tỉnh trung du miền núi phía Bắc", ratedBy: "dieuphoi", ratedOn: Self.day("2026-06-01"))
        let rated = IndicatorEvaluator.evaluate(i, series: [], method: .latest, rating: rating, today: Self.day("2026-06-02"))
        #expect(rated.status == .onTrack)
        #expect(rated.explanation.contains("7/14"))
    }

    @Test("the target evaluated is this year's, else the next, else the last; the baseline counts in the projection")
    func targetChoice() {
        var i = Self.indicator("≥ 80", unit: "%", year: 2027, baseline: 40, baselineYear: 2024)
        i.indicator.targets.append(Target(year: 2025, comparator: .atLeast, value: 50, text: "≥ 50"))
        #expect(IndicatorEvaluator.currentTarget(i.indicator.targets, on: Self.day("2025-05-01"))?.year == 2025)
        #expect(IndicatorEvaluator.currentTarget(i.indicator.targets, on: Self.day("2026-05-01"))?.year == 2027)
        #expect(IndicatorEvaluator.currentTarget(i.indicator.targets, on: Self.day("2031-05-01"))?.year == 2027)
        // One reported value plus the baseline: a line from 40 (end of 2024) to 60 (end of 2025) reaches 80 at the end of 2026, not 2027.
        let e = IndicatorEvaluator.evaluate(i, series: Self.series([("2025-12", 60)]), method: .latest, rating: nil, today: Self.day("2026-02-01"))
        #expect(e.projection?.points == 2)
        #expect(e.status == .onTrack)
        #expect(abs((e.projection?.value ?? 0) - 100) < 1)
    }

    @Test("least squares: exact on a line, and the value at the target's day")
    func projection() throws {
        let p = try #require(IndicatorEvaluator.project([(Self.day("2026-01-01"), 10), (Self.day("2026-01-11"), 20), (Self.day("2026-01-21"), 30)],
                                                      to: Self.day("2026-01-31")))
        #expect(abs(p.value - 40) < 1e-9)
        #expect(IndicatorEvaluator.project([(Self.day("2026-01-01"), 10)], to: Self.day("2026-12-31")) == nil)
        #expect(IndicatorEvaluator.project([(Self.day("2026-01-01"), 10), (Self.day("2026-01-01"), 12)], to: Self.day("2026-12-31")) == nil)
    }

    @Test("sums of numerators over sums of denominators, never an average of percentages")
    func aggregation() {
        let a = AgencyValue(agencyID: .init(1), reportID: .init(1), value: IndicatorValue(indicatorID: .init(1), numerator: 1_037, denominator: 1_378), submittedOn: nil)
        let b = AgencyValue(agencyID: .init(2), reportID: .init(2), value: IndicatorValue(indicatorID: .init(1), numerator: 1, denominator: 10), submittedOn: Self.day("2026-05-21"))
        let p = Self.month("2026-05")
        let ratio = IndicatorEvaluator.aggregate([a, b], period: p, method: .ratio, percent: true, monitoring: [])!
        #expect(abs(ratio.value - 1_038.0 / 1_388.0 * 100) < 1e-9)
        #expect(ratio.numerator == 1_038 && ratio.denominator == 1_388)
        let average = IndicatorEvaluator.aggregate([a, b], period: p, method: .average, percent: true, monitoring: [])!
        #expect(abs(average.value - (1_037.0 / 1_378.0 * 100 + 10) / 2) < 1e-9)
        #expect(IndicatorEvaluator.aggregate([a, b], period: p, method: .monitoring, percent: true, monitoring: [.init(2)])?.value == 10)
        #expect(IndicatorEvaluator.aggregate([a, b], period: p, method: .monitoring, percent: true, monitoring: [.init(9)]) == nil)
        #expect(IndicatorEvaluator.aggregate([a, b], period: p, method: .latest, percent: true, monitoring: [])?.sources.first?.agencyID == .init(2))
        #expect(abs((IndicatorEvaluator.aggregate([a, b], period: p, method: .sum, percent: false, monitoring: [])?.value ?? 0) - (1_037.0 / 1_378 + 0.1)) < 1e-9)
        #expect(AggregationMethod.byDefault(unit: "%", hasMonitoringAgency: false) == .ratio)
        #expect(AggregationMethod.byDefault(unit: "%", hasMonitoringAgency: true) == .monitoring)
        #expect(AggregationMethod.byDefault(unit: "Thứ bậc", hasMonitoringAgency: false) == .latest)
    }

    @Test("numbers as Vietnamese writes them")
    func format() {
        #expect(IndicatorEvaluator.format(37.6) == "37,6")
        #expect(IndicatorEvaluator.format(1_991) == "1.991")
        #expect(IndicatorEvaluator.format(1_234_567.891) == "1.234.567,89")
        #expect(IndicatorEvaluator.format(-2.5) == "-2,5")
        #expect(IndicatorEvaluator.format(0.004) == "0")
    }

    // MARK: - Tasks

    static func task(_ deadline: String, id: Int64 = 1) -> StoredTask {
        StoredTask(id: .init(id), planID: .init(1), planTitle: "", task: PlanTask(code: "1", group: nil, name: "x", leadAgencies: [], partnerAgencies: [],
                                                                                   product: nil, deadline: DeadlineParser.parse(deadline)), lead: [], partners: [])
    }

    static func progress(_ status: TaskProgressStatus, lead: Bool = true, agency: Int64 = 1, period: String = "2026-05", completedOn: String? = nil,
                         reason: String = "") -> LatestProgress {
        LatestProgress(agencyID: .init(agency), isLead: lead, period: month(period), reportID: .init(1),
                       progress: TaskProgress(taskID: .init(1), status: status, completedOn: completedOn.map(day), reason: reason))
    }

    @Test("deadlines on their boundaries: due today is not overdue, the day after is; quarter ends; leap day", arguments: [
        ("Quý II/2026", "2026-06-30", TaskStatus.notYetDue, nil as Int?),
        ("Quý II/2026", "2026-07-01", .overdue, 1),
        ("Quý I/2028", "2028-03-31", .notYetDue, nil),
        ("2/2028", "2028-02-29", .notYetDue, nil),
        ("2/2028", "2028-03-01", .overdue, 1),
        ("Tháng 2/2026", "2026-03-01", .overdue, 1),
        ("trước ngày 15/01/2026", "2026-01-15", .notYetDue, nil),
        ("2026 – 2030", "2030-12-31", .notYetDue, nil),
        ("2026 – 2030", "2031-01-01", .overdue, 1),
        ("Thường xuyên", "2040-01-01", .ongoing, nil),
        ("Hằng năm", "2040-01-01", .ongoing, nil),
        ("Sau khi có Quyết định ban hành Đề án của Thủ tướng Chính phủ", "2040-01-01", .waiting, nil),
    ])
    func boundaries(deadline: String, today: String, status: TaskStatus, overdue: Int?) {
        let e = TaskEvaluator.evaluate(Self.task(deadline), decision: nil, progress: [], today: Self.day(today))
        #expect(e.status == status, "\(deadline) on \(today)")
        #expect(e.daysOverdue == overdue)
    }

    @Test("completion by the lead agencies: on time, late by N days; a partner's word does not complete the task")
    func completion() {
        let t = Self.task("Quý II/2026")
        let today = Self.day("2026-08-01")
        #expect(TaskEvaluator.evaluate(t, decision: nil, progress: [Self.progress(.completed, completedOn: "2026-06-30")], today: today).status == .completedOnTime)
        let late = TaskEvaluator.evaluate(t, decision: nil, progress: [Self.progress(.completed, completedOn: "2026-07-10")], today: today)
        #expect(late.status == .completedLate && late.daysLate == 10)
        let partner = TaskEvaluator.evaluate(t, decision: nil, progress: [Self.progress(.completed, lead: false, completedOn: "2026-06-01")], today: today)
        #expect(partner.status == .overdue && partner.daysOverdue == 32)
        // Two lead agencies: done only when both say so; the later date counts.
        let one = TaskEvaluator.evaluate(t, decision: nil, progress: [Self.progress(.completed, agency: 1, completedOn: "2026-06-01"),
                                                                      Self.progress(.inProgress, agency: 2, reason: "Chờ kinh phí")], today: today)
        #expect(one.status == .overdue)
        #expect(one.reason == "Chờ kinh phí")
        let both = TaskEvaluator.evaluate(t, decision: nil, progress: [Self.progress(.completed, agency: 1, completedOn: "2026-06-01"),
                                                                       Self.progress(.completed, agency: 2, completedOn: "2026-07-02")], today: today)
        #expect(both.status == .completedLate && both.daysLate == 2 && both.completedOn == Self.day("2026-07-02"))
        let started = TaskEvaluator.evaluate(t, decision: nil, progress: [Self.progress(.inProgress)], today: Self.day("2026-06-10"))
        #expect(started.status == .inProgressOnTime && started.dueSoon)
    }

    @Test("a conditional task gets its due date from the recorded event and lead time; a cancelled one leaves the count")
    func decisions() {
        let t = Self.task("Sau khi có hướng dẫn của Bộ Khoa học và Công nghệ")
        let event = TaskDecision(kind: .event, document: "Công văn 123/BKHCN-CĐS", on: Self.day("2026-03-01"), leadDays: 90, recordedBy: "dieuphoi")
        #expect(event.due == Self.day("2026-05-30"))
        let waiting = TaskEvaluator.evaluate(t, decision: nil, progress: [], today: Self.day("2026-06-01"))
        #expect(waiting.status == .waiting)
        let due = TaskEvaluator.evaluate(t, decision: event, progress: [], today: Self.day("2026-05-30"))
        #expect(due.status == .notYetDue && due.due == Self.day("2026-05-30"))
        let overdue = TaskEvaluator.evaluate(t, decision: event, progress: [], today: Self.day("2026-06-01"))
        #expect(overdue.status == .overdue && overdue.daysOverdue == 2)
        let adjusted = TaskDecision(kind: .adjusted, document: "QĐ 45/QĐ-UBND", on: Self.day("2026-04-01"), newDue: Self.day("2026-12-31"), recordedBy: "x")
        #expect(TaskEvaluator.evaluate(Self.task("Quý I/2026"), decision: adjusted, progress: [], today: Self.day("2026-06-01")).status == .notYetDue)
        let cancelled = TaskDecision(kind: .cancelled, document: "QĐ 46/QĐ-UBND", on: Self.day("2026-04-01"), recordedBy: "x")
        #expect(TaskEvaluator.evaluate(Self.task("Quý I/2026"), decision: cancelled, progress: [], today: Self.day("2026-06-01")).status == .cancelled)
    }

    @Test("the lead's latest answer is the one shown, a later partner answer does not hide it")
    func latestAnswer() {
        let e = TaskEvaluator.evaluate(Self.task("12/2026"), decision: nil, progress: [
            Self.progress(.inProgress, lead: true, agency: 1, period: "2026-04"),
            Self.progress(.notStarted, lead: false, agency: 2, period: "2026-05"),
        ], today: Self.day("2026-06-01"))
        #expect(e.latest?.agencyID == .init(1))
    }

    // MARK: - Scores

    static func taskResult(_ status: TaskStatus, due: String) -> TaskEvaluation {
        TaskEvaluation(taskID: .init(1), status: status, due: day(due), daysOverdue: nil, daysLate: nil, dueSoon: false, completedOn: nil, latest: nil, reason: nil, decision: nil)
    }

    @Test("the score formula by hand: tasks 50, reports 30, indicators 20, late counts half")
    func score() {
        let tasks = [Self.taskResult(.completedOnTime, due: "2026-03-31"), Self.taskResult(.completedLate, due: "2026-03-31"),
                     Self.taskResult(.overdue, due: "2026-04-30"), Self.taskResult(.overdue, due: "2027-03-31")] // the last is outside the window
        let plan = StoredPlan.ID(1)
        let reports = [ReportDue(planID: plan, period: Self.month("2026-01"), due: Self.day("2026-01-20"), submittedOn: Self.day("2026-01-19")),
                       ReportDue(planID: plan, period: Self.month("2026-02"), due: Self.day("2026-02-20"), submittedOn: Self.day("2026-02-25")),
                       ReportDue(planID: plan, period: Self.month("2026-03"), due: Self.day("2026-03-20"), submittedOn: nil),
                       ReportDue(planID: plan, period: Self.month("2026-04"), due: Self.day("2026-04-20"), submittedOn: Self.day("2026-04-20"))]
        var achieved = IndicatorEvaluator.evaluate(Self.indicator("≥ 80", unit: "%"), series: Self.series([("2026-01", 90)]), method: .latest, rating: nil, today: Self.day("2026-05-01"))
        var missed = achieved
        missed.status = .missed
        achieved.status = .achieved
        let c = ScoreCalculator.card(agency: .init(7), tasks: tasks, reports: reports, indicators: [achieved, missed],
                                     from: Self.day("2026-01-01"), asOf: Self.day("2026-05-01"), weights: .defaults)
        #expect(c.tasksOnTime == 1 && c.tasksLate == 1 && c.tasksOverdue == 1)
        #expect(c.reportsOnTime == 2 && c.reportsLate == 1 && c.reportsMissing == 1)
        #expect(c.indicatorsGood == 1 && c.indicatorsTotal == 2)
        // Tnv = (1 + 0,5) / 3 = 0,5; Tbc = (2 + 0,5) / 4 = 0,625; Tct = 0,5 → (50·0,5 + 30·0,625 + 20·0,5) / 100 = 53,75.
        #expect(abs((c.score ?? 0) - 53.75) < 1e-9)
        // Without tasks in the window the task weight leaves both sides of the fraction.
        let noTasks = ScoreCalculator.card(agency: .init(7), tasks: [], reports: reports, indicators: [achieved, missed],
                                           from: Self.day("2026-01-01"), asOf: Self.day("2026-05-01"), weights: .defaults)
        #expect(abs((noTasks.score ?? 0) - 100 * (30 * 0.625 + 20 * 0.5) / 50) < 1e-9)
        #expect(ScoreCalculator.card(agency: .init(7), tasks: [], reports: [], indicators: [], from: Self.day("2026-01-01"), asOf: Self.day("2026-05-01"),
                                     weights: .defaults).score == nil)
        // A qualitative target not yet rated by the coordinator is not held against the agency.
        let unrated = IndicatorEvaluator.evaluate(Self.indicator("Đạt mức khá", unit: nil), series: [], method: .latest, rating: nil, today: Self.day("2026-05-01"))
        let withUnrated = ScoreCalculator.card(agency: .init(7), tasks: tasks, reports: reports, indicators: [achieved, missed, unrated],
                                               from: Self.day("2026-01-01"), asOf: Self.day("2026-05-01"), weights: .defaults)
        #expect(withUnrated.indicatorsTotal == 2 && abs((withUnrated.score ?? 0) - 53.75) < 1e-9)
    }

    @Test("ranking: higher score first, equal scores share a rank, no score no rank")
    func ranking() {
        func card(_ id: Int64, _ score: Double?) -> Scorecard { var c = Scorecard(agencyID: .init(id)); c.score = score; return c }
        let ranked = ScoreCalculator.rank([card(1, 80), card(2, 95), card(3, 80.001), card(4, nil), card(5, 60)],
                                          names: [.init(1): "Sở A", .init(2): "Sở B", .init(3): "Sở C", .init(4): "Sở D", .init(5): "Sở E"])
        #expect(ranked.map(\.agencyID.rawValue) == [2, 1, 3, 5, 4])
        #expect(ranked.map(\.rank) == [1, 2, 2, 4, nil])
    }

    @Test("weights outside their bounds are refused")
    func weights() {
        #expect(ScoreWeights.defaults.isValid)
        #expect(!ScoreWeights(tasks: 0, reports: 0, indicators: 0, lateCredit: 0.5).isValid)
        #expect(!ScoreWeights(tasks: -1, reports: 10, indicators: 10, lateCredit: 0.5).isValid)
        #expect(!ScoreWeights(tasks: 10, reports: 10, indicators: 10, lateCredit: 1.5).isValid)
    }

    @Test("day numbers and civil dates round-trip, Vietnam's day starts at 17:00 UTC")
    func days() async {
        await propertyCheck(input: Gen.int(in: -200_000...200_000)) { n in
            #expect(CivilDate(dayNumber: n).dayNumber == n)
        }
        #expect(CivilDate(vietnamDay: Date(timeIntervalSince1970: 1_780_000_000)).description == "2026-05-29")
        // 2026-05-28T16:59:59Z is 23:59:59 in Vietnam; a second later it is the 29th.
        let edge = CivilDate(iso: "2026-05-28")!
        let t = Double(edge.dayNumber) * 86_400 + 17 * 3600
        #expect(CivilDate(vietnamDay: Date(timeIntervalSince1970: t - 1)) == edge)
        #expect(CivilDate(vietnamDay: Date(timeIntervalSince1970: t)) == edge.adding(days: 1))
    }
}
