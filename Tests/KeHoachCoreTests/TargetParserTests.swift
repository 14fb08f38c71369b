import KeHoachCore
import Testing

@Suite("Targets")
struct TargetParserTests {
    struct Case: Sendable, CustomStringConvertible {
        var text: String
        var unit: String?
        var comparator: Comparator
        var value: Double?
        var max: Double?
        var description: String { text }
    }

    static let cases: [Case] = [
        Case(text: "≥ 80", comparator: .atLeast, value: 80),
        Case(text: "$\\geq 37,6$", comparator: .atLeast, value: 37.6),
        Case(text: "$\\geq 3\\%$ và tăng dần theo yêu cầu phát triển", comparator: .atLeast, value: 3),
        Case(text: "$> 0,623$", comparator: .greater, value: 0.623),
        Case(text: "> 0,623", comparator: .greater, value: 0.623),
        Case(text: "≤ 57", comparator: .atMost, value: 57),
        Case(text: "≤ 55", unit: "Thứ bậc", comparator: .atMost, value: 55),
        Case(text: "9-10", unit: "% GRDP", comparator: .range, value: 9, max: 10),
        Case(text: "9 – 10", comparator: .range, value: 9, max: 10),
        Case(text: "90", unit: "%", comparator: .atLeast, value: 90),
        Case(text: "10", unit: "Người/vạn dân", comparator: .atLeast, value: 10),
        Case(text: "45", unit: "Thứ bậc", comparator: .atMost, value: 45),
        Case(text: "tối thiểu 7%", comparator: .atLeast, value: 7),
        Case(text: "Năng suất lao động hàng năm tăng tối thiểu 7%", comparator: .atLeast, value: 7),
        Case(text: "ít nhất 50%", comparator: .atLeast, value: 50),
        Case(text: "Ít nhất 50% người dân trưởng thành sử dụng dịch vụ thanh toán điện tử", comparator: .atLeast, value: 50),
        Case(text: "trên 90%", comparator: .greater, value: 90),
        Case(text: "20% trở lên", comparator: .atLeast, value: 20),
        Case(text: "không quá 5%", comparator: .atMost, value: 5),
        Case(text: "dưới 10%", comparator: .less, value: 10),
        Case(text: "Có ≥ 70% thủ tục hành chính", comparator: .atLeast, value: 70),
        Case(text: "Tỷ trọng kinh tế số đạt 7% GRDP", comparator: .atLeast, value: 7),
        Case(text: "Triển khai phủ sóng 4G cho 100% bản", comparator: .atLeast, value: 100),
        Case(text: "Có", comparator: .yes, value: nil),
        Case(text: "Có.", comparator: .yes, value: nil),
        Case(text: "Đạt mức trung bình ở các lĩnh vực quan trọng của các tỉnh khu vực trung du và miền núi phía Bắc",
             unit: "Thứ bậc", comparator: .text, value: nil),
        Case(text: "", comparator: .text, value: nil),
    ]

    @Test("reads comparator, value and upper bound", arguments: cases)
    func parses(c: Case) {
        let v = TargetParser.parse(c.text, unit: c.unit)
        #expect(v.comparator == c.comparator)
        #expect(v.value == c.value)
        #expect(v.max == c.max)
    }

    @Test("LaTeX remnants are cleaned for display")
    func cleans() {
        #expect(TargetParser.clean("$\\geq 3\\%$ và tăng dần") == "≥ 3% và tăng dần")
        #expect(TargetParser.clean("$> 0,623$") == "> 0,623")
    }

    @Test("higher is better unless the comparator or a rank unit says otherwise")
    func direction() {
        #expect(Target(year: 2030, comparator: .atLeast, value: 80, text: "≥ 80").direction(unit: "%") == .higherIsBetter)
        #expect(Target(year: 2030, comparator: .atMost, value: 57, text: "≤ 57").direction(unit: "%") == .lowerIsBetter)
        #expect(Target(year: 2030, comparator: .less, value: 10, text: "dưới 10").direction(unit: nil) == .lowerIsBetter)
        #expect(Target(year: 2025, comparator: .equal, value: 45, text: "45").direction(unit: "Thứ bậc") == .lowerIsBetter)
        #expect(Target(year: 2030, comparator: .range, value: 9, max: 10, text: "9-10").direction(unit: "% GRDP") == .higherIsBetter)
        #expect(Target(year: 2030, comparator: .yes, value: nil, text: "Có").direction(unit: nil) == .higherIsBetter)
    }
}
