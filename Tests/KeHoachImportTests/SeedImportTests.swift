import Foundation
import KeHoachCore
import KeHoachImport
import Testing

/// The five real plans: what a coordinator would check first (counts, codes, targets, agencies, deadlines).
@Suite("Seed plans")
struct SeedImportTests {
    @Test("the import of each seed matches its golden JSON, checked by hand against the document", arguments: Seeds.names)
    func golden(name: String) throws {
        let actual = PlanJSON.encode(try Seeds.plan(name))
        let expected = try Seeds.golden(name)
        if actual != expected {
            let out = FileManager.default.temporaryDirectory.appendingPathComponent(name + ".actual.json")
            try actual.write(to: out)
            Issue.record("\(name): import differs from Fixtures/golden/\(name).json; actual written to \(out.path)")
        }
    }

    @Test("JSON → plan → JSON is identical", arguments: Seeds.names)
    func roundTrip(name: String) throws {
        let json = PlanJSON.encode(try Seeds.plan(name))
        let back = try PlanImporter.importPlan(data: json, fileName: name + ".json")
        #expect(PlanJSON.encode(back) == json)
        #expect(back == (try Seeds.plan(name)))
    }

    @Test("001: 36 indicators, headings 6 and 13 are not indicators, targets for 2030 and 2045, 75 tasks in 7 groups")
    func laiChauAppendices() throws {
        let plan = try Seeds.plan(Seeds.names[1])
        // Coverage: 111 rows read as the 36 indicators and 75 tasks, the header on each page (19), group and heading
        // rows (7 task groups; the indicator groups "Đến năm 2030" and "Đến năm 2045"; the headings 6 and 13), rows
        // continued over a page break (10, e.g. lines 50, 79, 86); nothing unread.
        let coverage = try #require(plan.coverage)
        #expect(coverage.rows == [.item: 111, .header: 19, .group: 11, .continuation: 10])
        let codes = plan.indicators.map(\.code)
        var expected: [String] = (1...5).map { String($0) }
        expected += (1...12).map { "6.\($0)" }
        expected += (7...12).map { String($0) }
        expected += ["13.1", "13.2"]
        expected += (14...24).map { String($0) }
        #expect(codes == expected)
        #expect(plan.indicators.filter { $0.targets.first?.year == 2030 }.count == 33)
        #expect(plan.indicators.filter { $0.targets.first?.year == 2045 }.map(\.code) == ["22", "23", "24"])
        #expect(plan.tasks.count == 75)
        #expect(Set(plan.tasks.compactMap(\.group)).count == 7)
        let perGroup = Dictionary(grouping: plan.tasks, by: { $0.code.split(separator: ".").first.map(String.init) ?? "" }).mapValues(\.count)
        #expect(perGroup == ["I": 13, "II": 5, "III": 16, "IV": 7, "V": 17, "VI": 15, "VII": 2])
        // The duplicated VI.12 keeps both tasks.
        let twelve = plan.tasks.filter { $0.code.hasPrefix("VI.12") }
        #expect(twelve.map(\.code) == ["VI.12", "VI.12b"])
        #expect(twelve.map { $0.leadAgencies } == [["Sở Tài nguyên và Môi trường"], ["Sở Xây dựng"]])
        #expect(plan.warnings.contains { $0.line == 178 && $0.reason.contains("VI.12") })
        // A continuation row after a page break is merged into the row above (task I.11, lines 76 and 79).
        let t = try #require(plan.tasks.first { $0.code == "I.11" })
        #expect(t.leadAgencies == ["Sở Thông tin và Truyền thông", "Sở Khoa học và Công nghệ"])
        #expect(t.deadline?.text == "Sau khi có hướng dẫn của Bộ Thông tin và Truyền thông, Bộ Khoa học và Công nghệ")
        #expect(t.deadline?.kind == .conditional)
        // Row 22's target is split over a page break too.
        let i22 = try #require(plan.indicators.first { $0.code == "22" })
        #expect(i22.targets.first?.text == "Phát triển vững chắc, góp phần đưa Lai Châu trở thành tỉnh có kinh tế, xã hội trên mức trung bình của cả nước")
        #expect(i22.targets.first?.comparator == .text)
        // Targets as written: ≥ 37,6 (LaTeX), 9-10, > 0,623, ≤ 57 for a rank-like index.
        let byCode = Dictionary(uniqueKeysWithValues: plan.indicators.map { ($0.code, $0) })
        #expect(byCode["3"]?.targets.first.map { ($0.comparator, $0.value) }.map { $0 == (.atLeast, 37.6) } == true)
        #expect(byCode["4"]?.targets.first.map { ($0.comparator, $0.value, $0.max) }.map { $0 == (.range, 9, 10) } == true)
        #expect(byCode["9"]?.targets.first.map { ($0.comparator, $0.value) }.map { $0 == (.greater, 0.623) } == true)
        #expect(byCode["21"]?.direction == .lowerIsBetter)
        #expect(byCode["24"]?.direction == .lowerIsBetter)
        #expect(byCode["6.10"]?.monitoringAgencies == ["Sở Thông tin truyền thông"])
    }

    @Test("004: 34 indicators in 6 groups with baselines, 92 tasks numbered 1–93 without 83, monthly reporting by the 20th")
    func laoCai() throws {
        let plan = try Seeds.plan(Seeds.names[4])
        #expect(plan.indicators.count == 34)
        #expect(Set(plan.indicators.compactMap(\.group)).count == 6)
        let targetOnly = plan.indicators.filter { $0.baseline == nil }.map(\.code)
        #expect(targetOnly.contains("IV.13") && targetOnly.contains("IV.14"))
        #expect(plan.indicators.allSatisfy { $0.targets.count == 1 && $0.targets[0].year == 2026 })
        let first = try #require(plan.indicators.first)
        #expect(first.code == "I.1")
        #expect(first.name == "Tỷ lệ phủ sóng mạng di động băng rộng 5G trên dân số")
        #expect(first.baseline?.value == 48 && first.baseline?.year == 2025)
        #expect(first.targets[0].value == 50 && first.targets[0].comparator == .atLeast)
        #expect(first.leadAgencies == ["Các doanh nghiệp viễn thông"])
        #expect(first.monitoringAgencies == ["Sở Khoa học và Công nghệ"])
        let centre = try #require(plan.indicators.first { $0.code == "I.4" })
        #expect(centre.name == "Có Trung tâm an ninh mạng cấp tỉnh")
        #expect(centre.targets[0].comparator == .yes)

        #expect(plan.tasks.count == 92)
        #expect(plan.tasks.map(\.code) == (1...93).filter { $0 != 83 }.map(String.init))
        #expect(Set(plan.tasks.compactMap(\.group)).count == 9)
        #expect(plan.tasks.allSatisfy { !$0.leadAgencies.isEmpty && $0.deadline != nil && $0.product != nil })
        #expect(plan.tasks.allSatisfy { $0.deadline?.kind != .unknown })
        let t20 = try #require(plan.tasks.first { $0.code == "20" })
        #expect(t20.name == "Duy trì cập nhật, khai thác sử dụng Hệ thống thông tin giám sát, đánh giá thực hiện Nghị quyết 57-NQ/TW phục vụ chỉ đạo, điều hành")
        #expect(t20.leadAgencies == ["Ban Chỉ đạo tỉnh"])
        #expect(t20.partnerAgencies == ["Sở Khoa học và Công nghệ"])
        #expect(t20.product == "Dữ liệu, báo cáo trên hệ thống")
        #expect(t20.deadline?.kind == .ongoing)
        let t4 = try #require(plan.tasks.first { $0.code == "4" })
        #expect(t4.deadline?.due == CivilDate(year: 2026, month: 3, day: 31))
        // A task whose name runs on after a page break (11) and one cut mid-line (24).
        #expect(plan.tasks.first { $0.code == "11" }?.name.hasSuffix("trên địa bàn tỉnh Lào Cai") == true)
        #expect(plan.tasks.first { $0.code == "24" }?.leadAgencies == ["Sở Tài chính"])
        #expect(plan.tasks.first { $0.code == "65" }?.leadAgencies == ["Văn phòng UBND tỉnh"])

        #expect(plan.plan.reporting?.cadence == .monthly)
        #expect(plan.plan.reporting?.dueDay == 20)
        #expect(plan.plan.title == "Kế hoạch Chuyển đổi số tỉnh Lào Cai năm 2026")
        #expect(plan.plan.issuer == "UBND tỉnh Lào Cai")
        #expect(plan.plan.issuedOn == CivilDate(year: 2025, month: 12, day: 31))
        #expect(plan.plan.number == "…/KH-UBND")
        #expect(plan.plan.span == YearSpan(from: 2026, to: 2026))
    }

    @Test("000: 10 targets on 5 indicators for 2027 and 2030, 13 tasks with the ongoing deadline")
    func plan1033() throws {
        let plan = try Seeds.plan(Seeds.names[0])
        #expect(plan.indicators.count == 5)
        #expect(plan.indicators.allSatisfy { $0.targets.map(\.year) == [2027, 2030] })
        let fiveG = try #require(plan.indicators.first { $0.name.contains("5G") })
        #expect(fiveG.targets.allSatisfy { $0.comparator == .text })
        let share = try #require(plan.indicators.first)
        #expect(share.targets.map(\.value) == [7, 10])
        #expect(share.unit == "% GRDP")
        #expect(plan.tasks.map(\.code) == (1...7).map { "III.\($0)" } + (1...6).map { "III.8.\($0)" })
        #expect(plan.tasks.allSatisfy { $0.deadline?.kind == .ongoing && $0.deadline?.text == "Năm 2026 và các năm tiếp theo" })
        #expect(plan.tasks.allSatisfy { !$0.leadAgencies.isEmpty && !$0.partnerAgencies.isEmpty })
        #expect(plan.tasks[6].leadAgencies == ["Công an tỉnh"])
        #expect(plan.tasks[0].partnerAgencies.first == "Sở Tư pháp")
        #expect(plan.plan.reporting?.cadence == .yearly)
    }

    @Test("003: 26 bullets for 2025 and 21 for 2030; several figures give several targets; no figure is qualitative")
    func resolution09() throws {
        let plan = try Seeds.plan(Seeds.names[3])
        let targets = plan.indicators.flatMap(\.targets)
        // Bullets are counted by the distinct source texts of their targets' lines.
        let t2025 = targets.filter { $0.year == 2025 }
        let t2030 = targets.filter { $0.year == 2030 }
        #expect(t2025.count == 35)
        #expect(t2030.count == 26)
        let split = plan.indicators.filter { $0.code.hasPrefix("2.2.1.a.2") }.map { $0.targets[0].value }
        #expect(split == [90, 80, 60])
        let qualitative = targets.filter { $0.comparator == .text }
        #expect(qualitative.count == 3)
        #expect(qualitative.contains { $0.text.hasPrefix("Ứng dụng rộng rãi các nền tảng thanh toán") && $0.year == 2025 })
        #expect(plan.plan.number == "09-NQ/TU")
        #expect(plan.plan.issuedOn == CivilDate(year: 2022, month: 2, day: 25))
        #expect(plan.plan.span == YearSpan(from: 2021, to: 2030))
    }

    @Test("002: the 2026 targets, the quarterly rule by the 5th of the quarter's last month, the 2025 results")
    func laiChau2026() throws {
        let plan = try Seeds.plan(Seeds.names[2])
        #expect(plan.indicators.flatMap(\.targets).allSatisfy { $0.year == 2026 })
        #expect(plan.indicators.count == 34)
        let last = try #require(plan.indicators.last)
        #expect(last.name == "Quy mô kinh tế số" && last.targets[0].value == 9 && last.unit == "% GRDP")
        let rule = try #require(plan.plan.reporting)
        #expect(rule.cadence == .quarterly && rule.dueDay == 5 && rule.dueMonthOfPeriod == 3)
        let obs = plan.observations
        #expect(obs.allSatisfy { $0.year == 2025 })
        let connected = try #require(obs.first { $0.text.hasPrefix("100% sở, ban, ngành tỉnh (18/18") })
        #expect(connected.value == 100 && connected.numerator == 18 && connected.denominator == 18)
        #expect(obs.contains { $0.name == "Tỷ lệ số hóa kết quả giải quyết TTHC" && $0.value == 92.5 && $0.unit == "%" })
        #expect(obs.contains { $0.value == 1991 && $0.unit == "trạm" })
        #expect(plan.tasks.isEmpty)
    }

    @Test("the summary names counts by group and every warning with its line")
    func summary() throws {
        let text = PlanSummary.text(try Seeds.plan(Seeds.names[1]))
        #expect(text.contains("Nhiệm vụ: 75"))
        #expect(text.contains("Chỉ tiêu: 36"))
        #expect(text.contains("dòng 178"))
        // In words: deadline kinds and the reporting cadence, not their codes.
        #expect(text.contains("Thời hạn: ") && !text.contains("ongoing") && !text.contains("date ") && !text.contains("yearly"), "\(text)")
        #expect(text.contains("Hạn cụ thể") || text.contains("Thường xuyên") || text.contains("Giai đoạn"))
    }
}
