import Foundation
import KeHoachCore
import PropertyBased
import Testing

@Suite("Deadlines")
struct DeadlineParserTests {
    struct Case: Sendable, CustomStringConvertible {
        var text: String
        var kind: DeadlineKind
        var due: String? = nil
        var start: String? = nil
        var every: Recurrence? = nil
        var description: String { text.replacingOccurrences(of: "\n", with: "⏎") }
    }

    /// Every distinct deadline text of the five seeds (tables and narrative), plus the domain's examples,
    /// and the same texts broken over lines as PDF extraction leaves them.
    static let cases: [Case] = [
        // date
        Case(text: "3/2025", kind: .date, due: "2025-03-31"),
        Case(text: "02/2025", kind: .date, due: "2025-02-28"),
        Case(text: "12/2025", kind: .date, due: "2025-12-31"),
        Case(text: "Tháng 10/2026", kind: .date, due: "2026-10-31"),
        Case(text: "Tháng \n10/2026", kind: .date, due: "2026-10-31"),
        Case(text: "Tháng 2/2026", kind: .date, due: "2026-02-28"),
        Case(text: "Tháng 2/2028", kind: .date, due: "2028-02-29"),
        Case(text: "Quý I/2026", kind: .date, due: "2026-03-31"),
        Case(text: "Quý \nI/2026", kind: .date, due: "2026-03-31"),
        Case(text: "Quý II/2026", kind: .date, due: "2026-06-30"),
        // Issue 14: wordings of other provinces' plans.
        Case(text: "Quí IV-2025", kind: .date, due: "2025-12-31"),
        Case(text: "Trước 30/6/2026", kind: .date, due: "2026-06-30"),
        Case(text: "trước ngày 01 tháng 01 năm 2026", kind: .date, due: "2026-01-01"),
        Case(text: "Bộ Công an tổng hợp, báo cáo Thủ tướng Chính phủ trước ngày 31 tháng 12 năm 2025.", kind: .date, due: "2025-12-31"),
        Case(text: "6 tháng đầu năm 2026", kind: .date, due: "2026-06-30"),
        Case(text: "Ban hành trong quý I năm 2026", kind: .date, due: "2026-03-31"),
        Case(text: "Quý IV/2025 - Quý II/2026", kind: .range, due: "2026-06-30", start: "2025-10-01"),
        Case(text: "Giai đoạn 2026-2030", kind: .range, due: "2030-12-31", start: "2026-01-01"),
        Case(text: "Bắt đầu triển khai từ năm 2026", kind: .ongoing, start: "2026-01-01"),
        Case(text: "Quý \nII/2026", kind: .date, due: "2026-06-30"),
        Case(text: "Quý III/2026", kind: .date, due: "2026-09-30"),
        Case(text: "Quý IV/2026", kind: .date, due: "2026-12-31"),
        Case(text: "Quý \nIV/2026", kind: .date, due: "2026-12-31"),
        Case(text: "2025", kind: .date, due: "2025-12-31"),
        Case(text: "2026", kind: .date, due: "2026-12-31"),
        Case(text: "Năm 2026", kind: .date, due: "2026-12-31"),
        Case(text: "Năm 2026 \nNăm 2026", kind: .unknown),
        // The time in the first clause of a longer text (corpus 02's deadline cells).
        Case(text: "Giai đoạn 2026 - 2027. Thực hiện rà soát, cập nhật các hướng dẫn kỹ thuật (nếu có)", kind: .range, due: "2027-12-31", start: "2026-01-01"),
        Case(text: "Ban hành trong năm 2026. Thực hiện rà soát, điều chỉnh (nếu có)", kind: .date, due: "2026-12-31"),
        Case(text: "Thí điểm trong giai đoạn 2026 - 2028, nghiên cứu xem xét mở rộng sau thí điểm.", kind: .range, due: "2028-12-31", start: "2026-01-01"),
        Case(text: "Thí điểm trong giai đoạn 2026 - 2027 và thực hiện mở rộng sau năm 2028", kind: .range, due: "2027-12-31", start: "2026-01-01"),
        Case(text: "Xây dựng các quy định, hướng dẫn và các báo cáo liên quan trong giai đoạn 2026 - 2027.", kind: .range, due: "2027-12-31", start: "2026-01-01"),
        Case(text: "Hoàn thành kiểm kê lần đầu trong năm 2026. Định kỳ cập nhật kết quả kiểm kê phát thải (nếu có)", kind: .date, due: "2026-12-31"),
        Case(text: "Cuối năm 2026", kind: .date, due: "2026-12-31"),
        Case(text: "Cuối năm \n2026", kind: .date, due: "2026-12-31"),
        Case(text: "trước ngày 15/01/2026", kind: .date, due: "2026-01-15"),
        Case(text: "hoàn thành trước ngày \n15/01/2026", kind: .date, due: "2026-01-15"),
        Case(text: "trong tháng 01/2026", kind: .date, due: "2026-01-31"),
        Case(text: "6 tháng đầu năm 2026", kind: .date, due: "2026-06-30"),
        // range
        Case(text: "2026 – 2030", kind: .range, due: "2030-12-31", start: "2026-01-01"),
        Case(text: "2026-2030", kind: .range, due: "2030-12-31", start: "2026-01-01"),
        Case(text: "2026 - 2030", kind: .range, due: "2030-12-31", start: "2026-01-01"),
        Case(text: "2025 – 2030", kind: .range, due: "2030-12-31", start: "2025-01-01"),
        Case(text: "2025- 2026", kind: .range, due: "2026-12-31", start: "2025-01-01"),
        Case(text: "Giai đoạn 2026–2030", kind: .range, due: "2030-12-31", start: "2026-01-01"),
        Case(text: "Giai đoạn \n2026–\n2030", kind: .range, due: "2030-12-31", start: "2026-01-01"),
        // recurring
        Case(text: "Hàng năm", kind: .recurring, every: .year),
        Case(text: "Hằng năm", kind: .recurring, every: .year),
        Case(text: "Hằng quý", kind: .recurring, every: .quarter),
        Case(text: "Hằng tháng", kind: .recurring, every: .month),
        Case(text: "Định kỳ", kind: .recurring, every: .period),
        // ongoing
        Case(text: "Thường xuyên", kind: .ongoing),
        Case(text: "Thường \nxuyên", kind: .ongoing),
        Case(text: "Nhiệm vụ thường xuyên", kind: .ongoing),
        Case(text: "Năm 2026 và các năm tiếp theo", kind: .ongoing, start: "2026-01-01"),
        Case(text: "2025 và những năm tiếp theo", kind: .ongoing, start: "2025-01-01"),
        Case(text: "Các năm tiếp theo", kind: .ongoing),
        Case(text: "Giai đoạn 2026-2030 và những năm tiếp theo", kind: .ongoing, start: "2026-01-01"),
        Case(text: "Theo Kế hoạch bồi dưỡng công chức, viên chức hàng năm", kind: .recurring, every: .year),
        Case(text: "Theo kế hoạch của Bộ Tư pháp", kind: .conditional),
        Case(text: "Tháng 12 hằng năm", kind: .recurring, every: .year),
        // conditional
        Case(text: "Sau khi có Quyết định ban hành Đề án của Thủ tướng Chính phủ", kind: .conditional),
        Case(text: "Sau khi có hướng dẫn của Bộ Thông tin và\nTruyền thông, Bộ Khoa học và Công nghệ", kind: .conditional),
        Case(text: "Sau khi có văn bản hướng dẫn thực hiện", kind: .conditional),
        Case(text: "Sau khi các văn bản Luật,\nNghị định được ban hành", kind: .conditional),
        Case(text: "Sau khi Thủ tướng Chính phủ ban hành Quyết định", kind: .conditional),
        Case(text: "Sau khi Thủ tướng Chính phủ ban hành", kind: .conditional),
        Case(text: "Sau khi Trung ương hoàn thành các nền tảng số", kind: .conditional),
        Case(text: "Sau khi Đề án được Trung ương ban hành", kind: .conditional),
        Case(text: "Theo tiến độ của các bộ, ngành Trung", kind: .conditional),
        Case(text: "Theo tiến độ của các bộ, ngành Trung ương", kind: .conditional),
        Case(text: "Theo chỉ đạo của Trung ương", kind: .conditional),
        // not a deadline
        Case(text: "", kind: .unknown),
        Case(text: "Kế hoạch của UBND tỉnh", kind: .unknown),
        Case(text: "Quý V/2026", kind: .unknown),
        Case(text: "13/2026", kind: .unknown),
    ]

    @Test("maps deadline texts to kind, due, start and every", arguments: cases)
    func parses(c: Case) {
        let d = DeadlineParser.parse(c.text)
        #expect(d.kind == c.kind)
        #expect(d.due?.description == c.due)
        #expect(d.start?.description == c.start)
        #expect(d.every == c.every)
        if c.kind == .conditional { #expect(d.condition == d.text) } else { #expect(d.condition == nil) }
        // The original words are kept (white space tidied).
        #expect(d.text == TextFolding.collapseSpaces(c.text))
    }

    @Test("any text parses without crashing and keeps its words")
    func anyText() async {
        await propertyCheck(input: Gen.character(in: " "..."ỹ").string(of: 0...40)) { text in
            let d = DeadlineParser.parse(text)
            #expect(d.text == TextFolding.collapseSpaces(text))
            if let due = d.due, let start = d.start { #expect(start <= due) }
        }
    }
}

@Suite("Calendar dates")
struct CivilDateTests {
    @Test func monthEnds() {
        #expect(CivilDate.endOfMonth(2028, 2)?.description == "2028-02-29")
        #expect(CivilDate.endOfMonth(2100, 2)?.description == "2100-02-28")
        #expect(CivilDate.endOfMonth(2000, 2)?.description == "2000-02-29")
        #expect(CivilDate.endOfQuarter(2026, 3)?.description == "2026-09-30")
        #expect(CivilDate(year: 2025, month: 2, day: 29) == nil)
        #expect(CivilDate(iso: "2026-04-31") == nil)
        #expect(CivilDate(iso: "2026-06-05") == CivilDate(year: 2026, month: 6, day: 5))
    }
}
