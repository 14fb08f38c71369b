import Foundation
import KeHoachCore
import Testing

@Suite("Follow-up rules")
struct FollowUpCoreTests {
    func day(_ iso: String) -> CivilDate { CivilDate(iso: iso)! }

    @Test("iCalendar: CRLF, lines folded at 75 octets without splitting a Vietnamese letter, TEXT escaped, all-day events")
    func icalendar() {
        let long = "Hạn nhiệm vụ 1.12 Xây dựng, vận hành Hệ thống thông tin giải quyết thủ tục hành chính; kết nối với Cổng Dịch vụ công quốc gia\\ và Đề án 06"
        let feed = ICalendar.feed(name: "KeHoach · Sở Khoa học và Công nghệ", events: [
            ICalendar.Event(uid: ICalendar.uid("task", "12"), date: day("2026-12-31"), summary: long, description: "dòng một\ndòng hai"),
        ], now: Date(timeIntervalSince1970: 1_795_000_000))
        let lines = feed.components(separatedBy: "\r\n")
        #expect(feed.hasSuffix("\r\n") && !feed.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        for line in lines { #expect(line.utf8.count <= 75) }
        // Unfolding gives the content line back, letter for letter.
        let unfolded = feed.replacingOccurrences(of: "\r\n ", with: "")
        #expect(unfolded.contains("SUMMARY:Hạn nhiệm vụ 1.12 Xây dựng\\, vận hành Hệ thống thông tin giải quyết thủ tục hành chính\\; kết nối với Cổng Dịch vụ công quốc gia\\\\ và Đề án 06"))
        #expect(unfolded.contains("DESCRIPTION:dòng một\\ndòng hai"))
        #expect(unfolded.contains("DTSTART;VALUE=DATE:20261231\r\nDTEND;VALUE=DATE:20270101"))
        #expect(unfolded.contains("UID:task-12@kehoach") && unfolded.contains("DTSTAMP:20261118T"))
        #expect(unfolded.contains("TZOFFSETFROM:+0700\r\nTZOFFSETTO:+0700"))
    }

    @Test("report reminders: three days ahead, on the day, missing after it; nothing earlier; a new date is a new event")
    func reportNotices() {
        let plan = StoredPlan.ID(3), agency = Agency.ID(7), period = Period("2026-11")!, due = day("2026-11-20")
        func notice(_ today: String) -> Notice? {
            Notice.reportDue(plan: plan, planTitle: "Kế hoạch chuyển đổi số năm 2026", period: period, periodLabel: period.label, due: due, agency: agency, today: day(today))
        }
        #expect(notice("2026-11-16") == nil)
        #expect(notice("2026-11-17")?.kind == .reportDueSoon && notice("2026-11-17")!.title.contains("còn 3 ngày"))
        #expect(notice("2026-11-19")?.key == notice("2026-11-17")?.key, "one 'due soon' however many days it runs")
        #expect(notice("2026-11-20")?.kind == .reportDueToday)
        #expect(notice("2026-11-21")?.kind == .reportMissing && notice("2026-12-15")?.key == notice("2026-11-21")?.key)
        #expect(notice("2026-11-21")?.link == "/reports/3/2026-11")
        let moved = Notice.reportDue(plan: plan, planTitle: "x", period: period, periodLabel: period.label, due: day("2026-11-25"), agency: agency, today: day("2026-11-23"))
        #expect(moved?.key != notice("2026-11-17")?.key)
        #expect(Notice.Kind.reportReturned.urgent && Notice.Kind.followUpRequested.urgent && !Notice.Kind.reportDueSoon.urgent)
    }

    @Test("answers judged as reports are: on time, late, missing, not yet due; the tally in words")
    func answers() {
        func item(due: String, answered: String?) -> FollowUp {
            FollowUp(id: .init(1), provinceID: .init(1), request: FollowUpRequest(kind: .explanation, planID: .init(1), agencyID: .init(2), taskID: .init(3),
                                                                             question: "?", due: day(due)),
                     status: answered == nil ? .open : .answered, requestedBy: "lanhdao", createdAt: "2026-11-01T01:00:00.000Z",
                     answer: answered == nil ? nil : "Vì …", answeredOn: answered.map(day))
        }
        let today = day("2026-11-27")
        let items = [item(due: "2026-11-20", answered: "2026-11-20"), item(due: "2026-11-20", answered: "2026-11-23"),
                     item(due: "2026-11-25", answered: nil), item(due: "2026-12-05", answered: nil)]
        #expect(items.map { $0.stateLabel(today: today) } == ["trả lời đúng hạn", "trả lời muộn 3 ngày", "chưa trả lời (quá hạn 2 ngày)", "chờ trả lời (hạn 05/12/2026)"])
        #expect(items.map { $0.isOverdue(today: today) } == [false, false, true, false])
        #expect(FollowUpTally(items, today: today).text == "1 trả lời đúng hạn, 1 trả lời muộn, 1 quá hạn chưa trả lời, 1 chưa đến hạn")
        let request = FollowUpRequest(kind: .explanation, planID: .init(1), agencyID: nil, question: " ", due: day("2026-11-20"))
        #expect(Set(request.problems(today: today).map(\.field)) == ["question", "due", "agency", "subject"])
    }
}
