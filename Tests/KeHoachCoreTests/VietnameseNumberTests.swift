import KeHoachCore
import PropertyBased
import Testing

@Suite("Vietnamese numbers")
struct VietnameseNumberTests {
    @Test("one formatter for reading (grouped) and one for form fields (typed back), both read back as themselves")
    func formats() {
        #expect(VietnameseNumber.display(1234.5) == "1.234,5" && VietnameseNumber.display(1991) == "1.991" && VietnameseNumber.display(37.6) == "37,6")
        #expect(VietnameseNumber.display(-0.125) == "-0,13" && VietnameseNumber.display(2_000_000) == "2.000.000")
        #expect(VietnameseNumber.input(1234.5) == "1234,5" && VietnameseNumber.input(48) == "48")
        for x in [0.5, 12.25, 1991, 1234.5, 387_716] {
            #expect(VietnameseNumber.parse(VietnameseNumber.display(x)) == x && VietnameseNumber.parse(VietnameseNumber.input(x)) == x)
        }
    }

    @Test("what a unit measures, said in one place: percentages, ranks, counts")
    func unitKinds() {
        #expect(UnitKind.of("%") == .percentage && UnitKind.of("% dân số") == .percentage)
        #expect(UnitKind.of("Thứ bậc") == .rank && UnitKind.of("Thứ hạng") == .rank)
        #expect(UnitKind.of("Tỷ đồng") == .count && UnitKind.of("Xã") == .count)
        #expect(UnitKind.of(nil) == .none && UnitKind.of("  ") == .none)
    }

    @Test("reads Vietnamese number formats", arguments: [
        ("1.991", 1991.0), ("92,50", 92.5), ("0,623", 0.623), ("1.000.000", 1_000_000), ("10", 10),
        ("01", 1), ("37,6", 37.6), ("0.7", 0.7), ("10,48", 10.48), ("387.716", 387_716),
    ])
    func parses(text: String, expected: Double) {
        #expect(VietnameseNumber.parse(text) == expected)
    }

    @Test("rejects what is not a number", arguments: ["", "abc", "1,2,3", "1.2.3,4,5", ".5", "5.", "12a", "-"])
    func rejects(text: String) {
        #expect(VietnameseNumber.parse(text) == nil)
    }

    @Test("keeps a percentage's sign and a fraction's parts")
    func quantities() throws {
        let p = try #require(VietnameseNumber.quantity("92,50%"))
        #expect(p.value == 92.5)
        #expect(p.isPercent)
        let f = try #require(VietnameseNumber.quantity("1.037/1.378"))
        #expect(f.numerator == 1037)
        #expect(f.denominator == 1378)
        #expect(abs(f.value - 1037.0 / 1378.0) < 1e-12)
        #expect(VietnameseNumber.quantity("5/0") == nil)
    }

    @Test("finds figures in running text and skips dates, years glued to letters and document symbols")
    func matchesInText() {
        let text = "Toàn tỉnh có 1.991 trạm BTS (1.037/1.378 đạt 92,50%) theo Quyết định số 933/QĐ-UBND ngày 05/6/2025, phủ sóng 5G, Nghị quyết 57-NQ/TW"
        let found = VietnameseNumber.matches(in: text).map(\.text)
        #expect(found == ["1.991", "1.037/1.378", "92,50%", "933"])
    }

    @Test("a number written the Vietnamese way reads back as itself")
    func roundTrip() async {
        await propertyCheck(input: Gen.int(in: 0...999_999_999), Gen.int(in: 0...99)) { whole, cents in
            let text = Self.vietnamese(whole) + (cents == 0 ? "" : "," + (cents < 10 ? "0" : "") + String(cents))
            let value = Double(whole) + Double(cents) / 100
            #expect(VietnameseNumber.parse(text).map { abs($0 - value) < 1e-6 } == true, "\(text)")
        }
    }

    /// 1234567 -> "1.234.567"
    static func vietnamese(_ n: Int) -> String {
        let digits = Array(String(n))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(".") }
            out.append(d)
        }
        return out
    }
}

@Suite("Vietnamese time")
struct VietnameseTimeTests {
    @Test("instants in Vietnam time (UTC+7), day rolling over at 17:00 UTC; stored stamps with or without milliseconds")
    func times() {
        #expect(VietnameseTime.text(stamp: "2026-11-27T02:02:47.712Z") == "09:02 27/11/2026")
        #expect(VietnameseTime.text(stamp: "2026-12-31T17:30:00Z") == "00:30 01/01/2027")
        #expect(VietnameseTime.text(stamp: "2026-06-30T16:59:59Z") == "23:59 30/06/2026")
        #expect(VietnameseTime.text(stamp: "hôm qua") == nil)
        #expect(AuditEntry(id: 1, at: "2026-11-27T02:02:47.712Z", username: "a", action: "report.submit", entity: "report", entityID: "12",
                           before: nil, after: nil).subject == "báo cáo số 12")
        #expect(AuditEntry(id: 1, at: "x", username: nil, action: "new.kind", entity: "thing", entityID: nil, before: nil, after: nil).actionLabel == "new.kind")
    }
}
