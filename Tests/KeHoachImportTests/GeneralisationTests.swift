import Foundation
import KeHoachCore
@testable import KeHoachImport
import Testing

/// Plans of other provinces are laid out differently: other column orders and header words, numbering by
/// `1.`, `a)`, `-`, `+`. These documents are made up in the shapes such plans take.
@Suite("Other provinces' layouts")
struct GeneralisationTests {
    func plan(_ text: String) throws -> PlanDocument {
        try PlanImporter.importPlan(data: Data(text.utf8), fileName: "other.txt")
    }

    @Test("the same table saved from Excel as CSV (semicolons, quoted cells with commas, quotes and line breaks)")
    func csvTable() throws {
        let csv = #"""
        KẾ HOẠCH;;;;;
        Chuyển đổi số tỉnh Hà Giang năm 2027;;;;;
        STT;Nhiệm vụ cụ thể;Sản phẩm/Kết quả;Thời hạn hoàn thành;Đơn vị chủ trì;Đơn vị phối hợp
        I.;Hạ tầng số;;;;
        1.;Nâng cấp mạng truyền số liệu chuyên dùng;Mạng được nâng cấp;Quý III/2027;Sở Khoa học và Công nghệ;"Viettel, VNPT"
        2.;"Xây dựng kho dữ liệu ""dùng chung""";Kho dữ liệu;6 tháng đầu năm 2027;"Sở Khoa học và
        Công nghệ";"Các sở, ban, ngành; UBND các xã, phường"
        3.;Cổng dữ liệu mở;Cổng dữ liệu;Quý IV/2027;Văn phòng UBND tỉnh;
        """#
        let p = try PlanImporter.importPlan(data: Data(("\u{FEFF}" + csv).utf8), fileName: "ha-giang.CSV")
        #expect(p.plan.title == "Kế hoạch Chuyển đổi số tỉnh Hà Giang năm 2027")
        #expect(p.tasks.map(\.code) == ["1", "2", "3"])
        #expect(p.tasks.allSatisfy { $0.group == "Hạ tầng số" })
        #expect(p.tasks[0].partnerAgencies == ["Viettel", "VNPT"])
        #expect(p.tasks[1].name == "Xây dựng kho dữ liệu \"dùng chung\"")
        #expect(p.tasks[1].leadAgencies == ["Sở Khoa học và Công nghệ"])
        #expect(p.tasks[1].partnerAgencies == ["Các sở, ban, ngành", "UBND các xã, phường"])
        // The row after a cell that spans two lines keeps its own line number in the file.
        #expect(p.tasks[2].line == 8)
        #expect(p.tasks[2].deadline?.due == CivilDate(year: 2027, month: 12, day: 31))
    }

    @Test("a task table with another column order and header wording")
    func otherColumns() throws {
        let text = """
        KẾ HOẠCH
        Chuyển đổi số tỉnh Hà Giang năm 2027

        STT\tNhiệm vụ cụ thể\tSản phẩm/Kết quả\tThời hạn hoàn thành\tĐơn vị chủ trì\tĐơn vị phối hợp
        I.\tHạ tầng số\t\t\t\t
        1.\tNâng cấp mạng truyền số liệu chuyên dùng\tMạng được nâng cấp\tQuý III/2027\tSở Khoa học và Công nghệ\tViettel, VNPT
        2.\tXây dựng kho dữ liệu dùng chung\tKho dữ liệu\t6 tháng đầu năm 2027\tSở KH&CN\tCác sở, ban, ngành; UBND các xã, phường
        II.\tNhân lực số\t\t\t\t
        1.\tBồi dưỡng kỹ năng số cho cán bộ cấp xã\tCác lớp bồi dưỡng\tHằng quý\tSở Nội vụ\tUBND cấp xã
        \tvà người dân\t\t\t\t
        """
        let p = try plan(text)
        #expect(p.plan.title == "Kế hoạch Chuyển đổi số tỉnh Hà Giang năm 2027")
        #expect(p.tasks.map(\.code) == ["I.1", "I.2", "II.1"])
        let first = p.tasks[0]
        #expect(first.product == "Mạng được nâng cấp")
        #expect(first.deadline?.due == CivilDate(year: 2027, month: 9, day: 30))
        #expect(first.leadAgencies == ["Sở Khoa học và Công nghệ"])
        #expect(first.partnerAgencies == ["Viettel", "VNPT"])
        #expect(p.tasks[1].deadline?.due == CivilDate(year: 2027, month: 6, day: 30))
        #expect(p.tasks[1].partnerAgencies == ["Các sở, ban, ngành", "UBND các xã, phường"])
        #expect(p.tasks[2].name == "Bồi dưỡng kỹ năng số cho cán bộ cấp xã và người dân")
        #expect(p.tasks[2].deadline?.every == .quarter)
        #expect(p.tasks[2].group == "Nhân lực số")
    }

    @Test("an indicator table with baseline and target columns named by year")
    func indicatorColumns() throws {
        let text = """
        PHỤ LỤC
        TT\tTên chỉ tiêu\tĐơn vị tính\tKết quả năm 2026\tChỉ tiêu năm 2027\tCơ quan chủ trì\tCơ quan theo dõi
        1\tTỷ lệ hồ sơ xử lý trực tuyến\t%\t72\t≥ 80\tCác sở, ngành\tVăn phòng UBND tỉnh
        2\tXếp hạng chỉ số chuyển đổi số\tThứ bậc\t40\t35\tSở Khoa học và Công nghệ\tSở Khoa học và Công nghệ
        """
        let p = try plan(text)
        #expect(p.indicators.count == 2)
        let a = p.indicators[0]
        #expect(a.baseline?.value == 72 && a.baseline?.year == 2026)
        #expect(a.targets == [Target(year: 2027, comparator: .atLeast, value: 80, text: "≥ 80")])
        #expect(a.leadAgencies == ["Các sở, ngành"])
        #expect(a.monitoringAgencies == ["Văn phòng UBND tỉnh"])
        let rank = p.indicators[1]
        #expect(rank.targets[0].comparator == .atMost)
        #expect(rank.direction == .lowerIsBetter)
    }

    @Test("a header over two rows (Word's merged cells): the years under 'Mục tiêu giai đoạn 2026 - 2030' are the targets; '-' rows are leaves of the item above; the column-number row is no row")
    func twoLevelHeader() throws {
        let text = """
        PHỤ LỤC
        TT\tChỉ tiêu\tĐơn vị tính\tƯớc thực hiện năm 2025\tMục tiêu giai đoạn 2026 - 2030\t\t
        \tChỉ tiêu\tĐơn vị tính\tƯớc thực hiện năm 2025\tNăm 2026\tNăm 2027\tNăm 2028
        1\t2\t3\t4\t5\t6\t7
        1\tTỷ lệ hồ sơ xử lý trực tuyến\t%\t70\t75\t80\t85
        2\tHạ tầng số\t\t\t\t\t
        -\tSố trạm 5G\tTrạm\t1.200\t1.500\t1.800\t2.000
        +\tSố xã có cáp quang\tXã\t90\t95\t100\t100
        """
        let p = try plan(text)
        #expect(p.indicators.map(\.code) == ["1", "2.1", "2.2"])
        let first = p.indicators[0]
        #expect(first.baseline?.value == 70 && first.baseline?.year == 2025)
        #expect(first.targets.map(\.year) == [2026, 2027, 2028] && first.targets.map(\.value) == [75, 80, 85])
        #expect(p.indicators[1].name == "Hạ tầng số – Số trạm 5G" && p.indicators[1].unit == "Trạm")
        #expect(p.indicators[1].targets.last?.value == 2000)
        #expect(p.warnings.isEmpty, "\(p.warnings)")
    }

    @Test("positions in a Word document: each task and warning says its table and row, and the JSON gives them back")
    func positions() throws {
        let want = try PlanJSON.decode(try Seeds.golden("004_f910a4e251fe8a8a"))
        var rng = SplitMix64(seed: 4)
        let docx = try GeneratedCorpusTests.docx(want, GeneratedCorpusTests.Layout.random(&rng))
        let got = try PlanImporter.importPlan(data: docx, fileName: "plan.docx")
        let task = try #require(got.tasks.first)
        #expect(task.table != nil && task.row != nil && task.paragraph == nil && task.line != nil)
        #expect(got.tasks[1].row.map { $0 > task.row! } == true)
        let json = try PlanJSON.encode(got)
        let back = try PlanJSON.decode(json)
        #expect(back.tasks.first?.table == task.table && back.tasks.first?.row == task.row)
    }

    @Test("PDF helpers: the page count the page tree declares, pdftotext's words read with their entities")
    func pdfHelpers() {
        let pdf = Data("%PDF-1.4\n1 0 obj << /Type /Pages /Kids [3 0 R] /Count 12 >>\n4 0 obj << /Type /Pages /Count 5 >>".utf8)
        #expect(PDFReader.pageCount(pdf) == 12)
        #expect(PDFReader.pageCount(Data("%PDF-1.5 compressed".utf8)) == nil)
        let xhtml = Data(#"<doc><page width="595"><word xMin="85.8" yMin="56.5" xMax="96.2" yMax="72.1">S&amp;T</word><word xMin="100" yMin="56.6" xMax="120" yMax="72">&#7910;y</word></page><page><word xMin="1" yMin="2" xMax="3" yMax="4">2</word></page></doc>"#.utf8)
        var pages: [[PDFReader.Word]] = []
        PDFReader.Words.scan(xhtml, into: &pages)
        #expect(pages.count == 2 && pages[0].map(\.text) == ["S&T", "Ủy"] && pages[0][0].x0 == 85.8 && pages[0][0].y == 56.5)
    }

    @Test("column rules: a row numbering the columns, a figure with thousands separators is no row number, a figure's measure")
    func columnRules() {
        #expect(TabTableReader.isColumnNumbers(["1", "2", "3", "4", "5"]))
        #expect(TabTableReader.isColumnNumbers(["A", "B", "1", "2", "3", "4=3/2", "5"]))
        #expect(!TabTableReader.isColumnNumbers(["1", "Tỷ lệ", "%", "70"]))
        #expect(!TabTableReader.isColumnNumbers(["3", "7", "9"]))
        #expect(RowCode.parse("240.000") == nil)
        #expect(RowCode.parse("6.1") != nil && RowCode.parse("13.2.1") != nil)
        #expect(TabTableReader.measure("Kế hoạch 2026 Lượng (Tấn)") == ("Lượng", "Tấn"))
        #expect(TabTableReader.measure("GIAI ĐOẠN 2026 - 2030 Năm 2027") == ("", nil))
        #expect(TableColumns.role("ƯTH Năm 2025") == .baseline(year: 2025))
        #expect(TableColumns.role("Năm hiện hành 2025 Kế hoạch") == .other)
        #expect(TableColumns.role("GIAI ĐOẠN 2026 - 2030 Năm 2028") == .target(year: 2028))
        #expect(TableColumns.role("Kết quả năm 2026") == .baseline(year: 2026))
        #expect(TableColumns.role("Dự toán HĐND tỉnh quyết định") == .budget)
        #expect(TableColumns.role("Cơ quan soạn thảo") == .lead && TableColumns.role("Hồ sơ") == .product)
        #expect(TabTableReader.helpers(in: "Ban Công tác đại biểu (Văn phòng Quốc hội phối hợp)") == ("Ban Công tác đại biểu", ["Văn phòng Quốc hội"]))
        #expect(TabTableReader.helpers(in: "Sở Tài chính (chủ trì)") == ("Sở Tài chính (chủ trì)", []))
        #expect(DocModel.cellLine("Ủy ban Đối ngoại [3]") == "Ủy ban Đối ngoại")
    }

    @Test("tasks written inline as a conclusions notice writes them: (1), (2) in numbered items, a body named before a colon, one task per lettered item")
    func inlineTasks() throws {
        let text = """
        THÔNG BÁO
        Kết luận của Chủ tịch UBND tỉnh tại cuộc họp về chuyển đổi số
        I. KẾT QUẢ
        Tỉnh đã đạt nhiều kết quả: (1) cung cấp dịch vụ công; (2) số hóa hồ sơ.
        II. NHIỆM VỤ TRỌNG TÂM
        1. Hoàn thiện thể chế: (1) Sở Tư pháp rà soát các quy định, hoàn thành trước ngày 15 tháng 12 năm 2026; (2) Sở Nội vụ chủ trì xây dựng quy chế, hoàn thành trong tháng 3 năm 2027.
        2. Phát triển hạ tầng số
        a) Sở Khoa học và Công nghệ: (1) triển khai mạng 5G, hoàn thành trong năm 2027; (2) vận hành trung tâm dữ liệu, nhiệm vụ thường xuyên.
        b) Các sở, ban, ngành: số hóa hồ sơ thủ tục hành chính, hoàn thành trước ngày 30/6/2027.
        III. TỔ CHỨC THỰC HIỆN
        a) Sở Tài chính: (1) bố trí kinh phí; (2) hướng dẫn thanh toán.
        """
        let p = try plan(text)
        // Section I (results) and III (organisation) assign nothing; II's items do.
        #expect(p.tasks.map(\.code) == ["II.1.1", "II.1.2", "II.2.a.1", "II.2.a.2", "II.2.b"])
        #expect(p.tasks[0].leadAgencies == ["Sở Tư pháp"] && p.tasks[0].deadline?.due == CivilDate(year: 2026, month: 12, day: 15))
        #expect(p.tasks[1].leadAgencies == ["Sở Nội vụ"] && p.tasks[1].deadline?.due == CivilDate(year: 2027, month: 3, day: 31))
        #expect(p.tasks[2].name == "Triển khai mạng 5G, hoàn thành trong năm 2027" && p.tasks[2].leadAgencies == ["Sở Khoa học và Công nghệ"])
        #expect(p.tasks[3].deadline?.kind == .ongoing && p.tasks[3].group == "Phát triển hạ tầng số")
        #expect(p.tasks[4].leadAgencies == ["Các sở, ban, ngành"] && p.tasks[4].deadline?.due == CivilDate(year: 2027, month: 6, day: 30))
    }

    @Test("narrative tasks numbered 1. and a) with 'Đơn vị chủ trì' fields, targets as - and + bullets")
    func narrative() throws {
        let text = """
        KẾ HOẠCH
        Ứng dụng công nghệ thông tin năm 2027

        I. MỤC TIÊU
        1. Mục tiêu cụ thể
        - Đến năm 2027:
        + 100% văn bản được ký số;
        + Tối thiểu 60% hồ sơ được xử lý trực tuyến.
        - Về dữ liệu:
        + Hoàn thành cơ sở dữ liệu đất đai.
        II. NHIỆM VỤ, GIẢI PHÁP
        1. Hạ tầng số
        a) Nâng cấp mạng LAN
        - Đơn vị chủ trì: Văn phòng UBND tỉnh.
        - Đơn vị phối hợp: Sở Tài chính.
        - Thời hạn hoàn thành: Tháng 6/2027.
        - Sản phẩm: Mạng LAN được nâng cấp.
        b) Thuê dịch vụ điện toán đám mây
        - Đơn vị chủ trì: Sở Khoa học và Công nghệ.
        - Thời hạn hoàn thành: Sau khi có hướng dẫn của Bộ Khoa học và Công nghệ.
        2. Nhân lực
        - Cơ quan chủ trì: Sở Nội vụ.
        - Thời gian thực hiện: Hằng năm.
        III. TỔ CHỨC THỰC HIỆN
        Các cơ quan báo cáo định kỳ 6 tháng, trước ngày 15 tháng cuối kỳ.
        """
        let p = try plan(text)
        #expect(p.tasks.map(\.code) == ["II.1.a", "II.1.b", "II.2"])
        #expect(p.tasks[0].leadAgencies == ["Văn phòng UBND tỉnh"])
        #expect(p.tasks[0].product == "Mạng LAN được nâng cấp")
        #expect(p.tasks[0].deadline?.due == CivilDate(year: 2027, month: 6, day: 30))
        #expect(p.tasks[1].deadline?.kind == .conditional)
        #expect(p.tasks[2].deadline?.every == .year)
        let targets = p.indicators.flatMap(\.targets)
        #expect(targets.count == 3)
        #expect(targets.allSatisfy { $0.year == 2027 })
        #expect(targets[1].comparator == .atLeast && targets[1].value == 60)
        #expect(targets[2].comparator == .text)
        #expect(p.plan.reporting?.cadence == .halfYearly)
        #expect(p.plan.reporting?.dueDay == 15)
    }

    @Test("reporting rules: several dates written out, every six months, every quarter", arguments: [
        ("Các sở, ngành báo cáo kết quả thực hiện về Sở Khoa học và Công nghệ trước ngày 01/6 và 15/11 hằng năm.", Cadence.halfYearly, nil as Int?, ["01/6", "15/11"]),
        ("Định kỳ 6 tháng, các cơ quan báo cáo kết quả về Sở Nội vụ.", .halfYearly, nil, []),
        ("Các đơn vị báo cáo hằng quý trước ngày 20 tháng cuối quý.", .quarterly, 20, []),
        ("Các cơ quan báo cáo trước ngày 15/12 hằng năm.", .yearly, nil, ["15/12"]),
        ("Báo cáo định kỳ hằng năm trước ngày 15/01/2027 để tổng hợp.", .yearly, nil, []), // a date with its year: a one-off
    ])
    func reportingRules(sentence: String, cadence: Cadence, day: Int?, dates: [String]) throws {
        let p = try plan("KẾ HOẠCH\nThực hiện chuyển đổi số năm 2026\nSTT\tNhiệm vụ\tCơ quan chủ trì\tThời hạn\n1\tXây dựng cơ sở dữ liệu\tSở Tài chính\tQuý IV/2026\nIII. TỔ CHỨC THỰC HIỆN\n" + sentence)
        #expect(p.plan.reporting?.cadence == cadence)
        #expect(p.plan.reporting?.dueDay == day)
        #expect((p.plan.reporting?.dueDates ?? []).map(\.vietnamese) == dates)
    }
}
