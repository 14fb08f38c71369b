import KeHoachCore
import PropertyBased
import Testing

@Suite("Periods and reporting calendars")
struct PeriodTests {
    @Test("identifiers like DHIS2's", arguments: [
        ("2026-05", Period.Kind.month, 2026, 5), ("2026Q2", .quarter, 2026, 2), ("2026S1", .halfYear, 2026, 1), ("2026", .year, 2026, 1),
        ("2026q4", .quarter, 2026, 4),
    ])
    func parse(text: String, kind: Period.Kind, year: Int, index: Int) throws {
        let p = try #require(Period(text))
        #expect(p.kind == kind && p.year == year && p.index == index)
        #expect(Period(p.description) == p)
    }

    @Test("rejects what is not a period", arguments: ["", "2026-13", "2026-00", "2026Q5", "2026S3", "26Q1", "2026-5", "abcd", "2026W12"])
    func rejects(text: String) { #expect(Period(text) == nil) }

    @Test("dates, labels, next and previous")
    func dates() throws {
        let q1 = try #require(Period("2028Q1"))
        #expect(q1.start.description == "2028-01-01" && q1.end.description == "2028-03-31")
        #expect(try #require(Period("2028-02")).end.description == "2028-02-29")
        #expect(q1.label == "quý I/2028")
        #expect(try #require(Period("2026Q4")).next == Period("2027Q1"))
        #expect(try #require(Period("2027-01")).previous == Period("2026-12"))
        #expect(Period.containing(CivilDate(year: 2026, month: 8, day: 15)!, kind: .halfYear).description == "2026S2")
    }

    @Test("Lào Cai: monthly, before the 20th; Lai Châu: quarterly, before the 5th of the quarter's last month")
    func dueDates() throws {
        let laoCai = ReportingCalendar(rule: ReportingRule(cadence: .monthly, dueDay: 20, text: ""))
        #expect(laoCai.due(try #require(Period("2026-05"))).description == "2026-05-20")
        let laiChau = ReportingCalendar(rule: ReportingRule(cadence: .quarterly, dueDay: 5, dueMonthOfPeriod: 3, text: ""))
        #expect(laiChau.due(try #require(Period("2026Q1"))).description == "2026-03-05")
        #expect(laiChau.due(try #require(Period("2026Q2"))).description == "2026-06-05")
        #expect(laiChau.due(try #require(Period("2026Q4"))).description == "2026-12-05")
        // The consolidated report covers the last period already due: Q3 on 23 November (Q4 is due 5 December),
        // and the day itself counts.
        #expect(laiChau.lastDue(on: CivilDate(year: 2026, month: 11, day: 23)!).description == "2026Q3")
        #expect(laiChau.lastDue(on: CivilDate(year: 2026, month: 12, day: 5)!).description == "2026Q4")
        #expect(laoCai.lastDue(on: CivilDate(year: 2026, month: 11, day: 23)!).description == "2026-11")
        #expect(laoCai.lastDue(on: CivilDate(year: 2026, month: 11, day: 19)!).description == "2026-10")
        let yearly = ReportingCalendar(rule: nil)
        #expect(yearly.due(try #require(Period("2026"))).description == "2026-12-31")
        let february = ReportingCalendar(kind: .month, dueDay: 31)
        #expect(february.due(try #require(Period("2026-02"))).description == "2026-02-28")
        // The current period: the one whose report is due next.
        #expect(laoCai.current(on: CivilDate(year: 2026, month: 5, day: 20)!).description == "2026-05")
        #expect(laoCai.current(on: CivilDate(year: 2026, month: 5, day: 21)!).description == "2026-06")
        #expect(laiChau.current(on: CivilDate(year: 2026, month: 3, day: 6)!).description == "2026Q2")
        #expect(laiChau.current(on: CivilDate(year: 2026, month: 12, day: 6)!).description == "2027Q1")
    }

    @Test("dates written out (trước ngày 01/6 và 15/11 hằng năm): one per half-year, in order; a list that does not fit the cadence is ignored")
    func writtenDates() throws {
        let dates = [MonthDay(month: 11, day: 15)!, MonthDay(month: 6, day: 1)!]
        let twice = ReportingCalendar(rule: ReportingRule(cadence: .halfYearly, dueDay: nil, dueDates: dates, text: ""))
        #expect(twice.due(try #require(Period("2026S1"))).description == "2026-06-01")
        #expect(twice.due(try #require(Period("2026S2"))).description == "2026-11-15")
        #expect(twice.current(on: CivilDate(year: 2026, month: 6, day: 2)!).description == "2026S2")
        #expect(twice.lastDue(on: CivilDate(year: 2026, month: 11, day: 26)!).description == "2026S2")
        #expect(twice.lastDue(on: CivilDate(year: 2026, month: 11, day: 14)!).description == "2026S1")
        let misfit = ReportingCalendar(rule: ReportingRule(cadence: .quarterly, dueDay: nil, dueDates: dates, text: ""))
        #expect(misfit.due(try #require(Period("2026Q2"))).description == "2026-06-30")
        #expect(MonthDay(month: 2, day: 30) == nil && MonthDay(month: 6, day: 1)?.vietnamese == "01/6")
    }

    @Test("timeliness: on time up to the due day, late by days, missing after it, pending before")
    func timeliness() {
        let due = CivilDate(year: 2026, month: 6, day: 5)!
        #expect(Timeliness.of(due: due, submittedOn: due, today: due) == .onTime)
        #expect(Timeliness.of(due: due, submittedOn: CivilDate(year: 2026, month: 6, day: 8)!, today: due) == .late(days: 3))
        #expect(Timeliness.of(due: due, submittedOn: nil, today: CivilDate(year: 2026, month: 7, day: 5)!) == .missing(daysOverdue: 30))
        #expect(Timeliness.of(due: due, submittedOn: nil, today: due) == .pending)
        #expect(CivilDate(year: 2028, month: 3, day: 1)!.days(since: CivilDate(year: 2028, month: 2, day: 28)!) == 2)
    }

    @Test("next and previous are inverses, and periods follow each other without gaps")
    func properties() async {
        await propertyCheck(input: Gen.int(in: 1990...2100), Gen.int(in: 1...12), Gen.int(in: 0...3)) { year, month, k in
            let kind = Period.Kind.allCases[k]
            let p = Period.containing(CivilDate(year: year, month: month, day: 1)!, kind: kind)
            #expect(p.next.previous == p && p.previous.next == p)
            #expect(p.next.start.days(since: p.end) == 1)
            #expect(Period(p.description) == p)
        }
    }
}

@Suite("Evidence documents")
struct DocumentReferenceTests {
    @Test("number, symbol and date are read from the words", arguments: [
        ("Quyết định số 933/QĐ-UBND ngày 05/6/2025", "Quyết định", "933", "QĐ-UBND", "2025-06-05"),
        ("Kế hoạch số 4732/KH-UBND ngày 21/11/2024 của UBND tỉnh", "Kế hoạch", "4732", "KH-UBND", "2024-11-21"),
        ("Công văn 5511/BKHCN-CĐSQG ngày 10/10/2025", "Công văn", "5511", "BKHCN-CĐSQG", "2025-10-10"),
        ("Nghị quyết số 09-NQ/TU ngày 25 tháng 02 năm 2022", "Nghị quyết", "09", "NQ/TU", "2022-02-25"),
    ])
    func parse(text: String, type: String, number: String, symbol: String, date: String) {
        let r = DocumentReference.parse(text)
        #expect(r.type == type && r.number == number && r.symbol == symbol && r.date?.description == date)
        #expect(r.text == text)
    }

    @Test("free words stay words")
    func free() {
        let r = DocumentReference.parse("biên bản họp nội bộ")
        #expect(r.number == nil && r.date == nil && r.text == "biên bản họp nội bộ")
    }
}

@Suite("Report validation")
struct ReportValidationTests {
    let today = CivilDate(year: 2026, month: 6, day: 10)!
    let task = StoredTask.ID(1)
    let rate = StoredIndicator.ID(7)
    let count = StoredIndicator.ID(8)

    func problems(_ tasks: [TaskProgress] = [], _ values: [IndicatorValue] = [], previous: [IndicatorValue]? = nil, submitting: Bool = true,
                  factor: Double = 3) -> [FieldProblem] {
        ReportValidation.problems(ReportInput(tasks: tasks, indicators: values, difficulties: "", proposals: ""),
                                  previous: previous.map { ReportInput(tasks: [], indicators: $0, difficulties: "", proposals: "") },
                                  today: today, submitting: submitting, percentIndicators: [rate], countIndicators: [count], outlierFactor: factor)
    }

    @Test("a percentage within 0–100")
    func percent() {
        #expect(problems([TaskProgress(taskID: task, status: .inProgress, percent: 120)]).map(\.field) == ["task.1.percent"])
        #expect(problems([], [IndicatorValue(indicatorID: rate, value: -1)]).map(\.field) == ["indicator.7.value"])
        #expect(problems([TaskProgress(taskID: task, status: .inProgress, percent: 100)]).isEmpty)
    }

    @Test("numerator not above denominator, both given, whole numbers")
    func fractions() {
        #expect(problems([], [IndicatorValue(indicatorID: rate, numerator: 19, denominator: 18)]).map(\.field) == ["indicator.7.numerator"])
        #expect(problems([], [IndicatorValue(indicatorID: rate, numerator: 18)]).map(\.field) == ["indicator.7.denominator"])
        #expect(problems([], [IndicatorValue(indicatorID: rate, numerator: 1.5, denominator: 18)]).map(\.field) == ["indicator.7.numerator"])
        #expect(problems([], [IndicatorValue(indicatorID: rate, numerator: 18, denominator: 18)]).isEmpty)
    }

    @Test("whole numbers for counts")
    func counts() {
        #expect(problems([], [IndicatorValue(indicatorID: count, value: 2.5)]).map(\.field) == ["indicator.8.value"])
        #expect(problems([], [IndicatorValue(indicatorID: count, value: 27)]).isEmpty)
    }

    @Test("a completion date not in the future, and only for completed tasks")
    func completion() {
        #expect(problems([TaskProgress(taskID: task, status: .completed, completedOn: CivilDate(year: 2026, month: 6, day: 11)!)]).map(\.field) == ["task.1.completedOn"])
        #expect(problems([TaskProgress(taskID: task, status: .completed)]).map(\.field) == ["task.1.completedOn"])
        #expect(problems([TaskProgress(taskID: task, status: .completed)], submitting: false).isEmpty) // a draft may be incomplete
        #expect(problems([TaskProgress(taskID: task, status: .inProgress, completedOn: today)]).map(\.field) == ["task.1.completedOn"])
        #expect(problems([TaskProgress(taskID: task, status: .completed, completedOn: today)]).isEmpty)
    }

    @Test("a submission needs a status for every task and a reason when it cannot be done")
    func submission() {
        #expect(problems([TaskProgress(taskID: task)]).map(\.field) == ["task.1.status"])
        #expect(problems([TaskProgress(taskID: task, status: .cannotDo)]).map(\.field) == ["task.1.reason"])
        #expect(problems([TaskProgress(taskID: task, status: .cannotDo, reason: "Chưa có kinh phí")]).isEmpty)
    }

    @Test("a value far from last period's asks for confirmation")
    func outliers() {
        let p = problems([], [IndicatorValue(indicatorID: count, value: 270)], previous: [IndicatorValue(indicatorID: count, value: 27)])
        #expect(p.count == 1 && p[0].needsConfirmation && p[0].message.contains("27"))
        #expect(problems([], [IndicatorValue(indicatorID: count, value: 30)], previous: [IndicatorValue(indicatorID: count, value: 27)]).isEmpty)
        #expect(problems([], [IndicatorValue(indicatorID: rate, numerator: 9, denominator: 100)], previous: [IndicatorValue(indicatorID: rate, value: 92.5)]).first?.needsConfirmation == true)
        // The threshold is configurable: 40 after 27 passes at 3×, asks at 1.2×; so does a fall to 20.
        #expect(problems([], [IndicatorValue(indicatorID: count, value: 40)], previous: [IndicatorValue(indicatorID: count, value: 27)]).isEmpty)
        #expect(problems([], [IndicatorValue(indicatorID: count, value: 40)], previous: [IndicatorValue(indicatorID: count, value: 27)], factor: 1.2).count == 1)
        #expect(problems([], [IndicatorValue(indicatorID: count, value: 20)], previous: [IndicatorValue(indicatorID: count, value: 27)], factor: 1.2).count == 1)
    }
}
