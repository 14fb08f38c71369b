import Foundation
import KeHoachCore
import KeHoachImport
import Testing

/// Real plans of other issuers as legal portals publish them (../shared/corpus/real, Markdown saved from the
/// portal's pages): counts against the hand counts of its SOURCES.md, and rows checked by hand against the
/// document. Only the documents the importer reads correctly today are asserted here; the others are listed in
/// the README's importer section with what is still missing.
@Suite("Real plans of other provinces and the Government")
struct CorpusTests {
    static var directory: URL { Seeds.directory.deletingLastPathComponent().appendingPathComponent("corpus/real") }

    static func plan(_ file: String) throws -> PlanDocument {
        let data = try Data(contentsOf: directory.appendingPathComponent(file))
        return try PlanImporter.importPlan(data: data, fileName: file)
    }

    static func task(_ plan: PlanDocument, _ code: String) -> PlanTask? { plan.tasks.first { $0.code == code } }

    @Test("01 (2597/QĐ-TTg): 25 tasks in groups I–VII from the appendix's cell-per-line table, 10 narrative targets")
    func decision2597() throws {
        let plan = try Self.plan("01-ttg-2597-de-an-cds-ket-cau-ha-tang.md")
        #expect(plan.tasks.count == 25)
        #expect(plan.indicators.count == 10)
        #expect(plan.plan.number == "2597/QĐ-TTg")
        // Numbering restarts in each group: 5, 4, 6, 3, 1, 3, 3 rows under I … VII.
        let perGroup = Dictionary(grouping: plan.tasks) { $0.code.split(separator: ".").first.map(String.init) ?? "" }.mapValues(\.count)
        #expect(perGroup == ["I": 5, "II": 4, "III": 6, "IV": 3, "V": 1, "VI": 3, "VII": 3])
        // Rows checked by hand against the file: I.1 (lines 545–560), I.2 (563–577), I.3 (580–596), VII.1 (1016–1031), VII.3 (1050–1063).
        let rows: [(String, String, [String], [String], String)] = [
            ("I.1", "Rà soát toàn diện các luật, nghị định, thông tư", ["Bộ Xây dựng"], ["Các bộ, ngành liên quan"], "2026"),
            ("I.2", "Đề xuất sửa đổi hoặc ban hành mới các quy định về giá trị pháp lý", ["Bộ Xây dựng"], ["Các bộ, ngành liên quan"], "2026"),
            ("I.3", "Xây dựng và ban hành các tiêu chuẩn quốc gia, quy chuẩn kỹ thuật", ["Bộ Xây dựng"], ["Bộ Khoa học và Công nghệ"], "2026-2027"),
            ("VII.1", "Liên kết với các viện nghiên cứu, trường đại học nước ngoài", ["Bộ Xây dựng"], ["Các bộ, ngành liên quan"], "2026-2028"),
            ("VII.3", "Hợp tác đầu tư và tài chính, thu hút vốn đầu tư nước ngoài", ["Bộ Tài chính"], ["Bộ Xây dựng"], "2026-2030"),
        ]
        for (code, name, lead, partners, deadline) in rows {
            let t = try #require(Self.task(plan, code), "\(code)")
            #expect(t.name.hasPrefix(name), "\(code): \(t.name)")
            #expect(t.leadAgencies == lead && t.partnerAgencies == partners, "\(code): \(t.leadAgencies) \(t.partnerAgencies)")
            #expect(t.deadline?.text == deadline && t.deadline?.kind != .unknown, "\(code): \(String(describing: t.deadline))")
        }
        #expect(Self.task(plan, "I.1")?.product == "Các Văn bản quy phạm pháp luật được sửa đổi, bổ sung")
        #expect(Self.task(plan, "VII.3")?.deadline?.kind == .range)
        // Portal furniture is not part of any task or warning.
        #expect(!plan.tasks.contains { $0.name.contains("THƯ VIỆN PHÁP LUẬT") })
    }

    @Test("02 (2530/QĐ-TTg): Phụ lục I by lead agency, 58 task lines (33 rows, 25 under merged cells, 9 agencies without a number); Phụ lục II 24 projects; targets a)–k)")
    func decision2530() throws {
        let plan = try Self.plan("02-ttg-2530-khhd-chat-luong-khong-khi.md")
        #expect(plan.plan.number == "2530/QĐ-TTg")
        // SOURCES.md: 58 task lines in Phụ lục I (groups A–P) and 24 projects in Phụ lục II (groups I–VII).
        // Phụ lục II numbers its groups I–VII as Phụ lục I's group I (BỘ CÔNG AN, the letter after H) is numbered:
        // its codes carry the appendix (PLII.I.1), and no code is renamed with a warning.
        let appendixII = plan.tasks.filter { $0.code.hasPrefix("PLII.") }
        #expect(plan.tasks.count - appendixII.count == 58)
        #expect(plan.tasks.count == 82)
        let perGroup = Dictionary(grouping: appendixII) { String($0.code.split(separator: ".")[1]) }.mapValues(\.count)
        #expect(perGroup == ["I": 4, "II": 5, "III": 2, "IV": 5, "V": 3, "VI": 3, "VII": 2])
        #expect(Self.task(plan, "I.1")?.leadAgencies == ["Bộ Công an"])
        #expect(plan.warnings.isEmpty)
        // Rows checked by hand against the file: A.1 (lines 717–739), A.1.2 (742–749, a line under A.1's merged cells),
        // D.1 (1194–1218, an agency with one row and no number), D.1.2 (1221–1230), P.1 (1836–1862, the last row,
        // before "PHỤ LỤC II" which the portal left in its last cell).
        let rows: [(String, String, [String], String, DeadlineKind)] = [
            ("A.1", "Hoàn thiện Nghị định về xử lý vi phạm hành chính", ["Bộ Nông nghiệp và Môi trường"], "Bộ Khoa học và Công nghệ", .date),
            ("A.1.2", "Rà soát, cập nhật các hướng dẫn kỹ thuật về hệ số phát thải", ["Bộ Nông nghiệp và Môi trường"], "Bộ Khoa học và Công nghệ", .range),
            ("D.1", "Nghiên cứu, ứng dụng, chuyển giao công nghệ xử lý khí thải", ["Bộ Khoa học và Công nghệ"], "Bộ Nông nghiệp và Môi trường", .range),
            ("D.1.2", "Nghiên cứu ứng dụng và chuyển giao công nghệ tận thu", ["Bộ Khoa học và Công nghệ"], "Bộ Nông nghiệp và Môi trường", .range),
            ("P.1", "Tăng cường vai trò giám sát, vận động đoàn viên", ["Mặt trận Tổ quốc Việt Nam và các tổ chức thành viên"], "Bộ Nông nghiệp và Môi trường và các bộ, ngành liên quan", .range),
        ]
        for (code, name, lead, firstPartner, kind) in rows {
            let t = try #require(Self.task(plan, code), "\(code)")
            #expect(t.name.hasPrefix(name), "\(code): \(t.name)")
            #expect(t.leadAgencies == lead && t.partnerAgencies.first == firstPartner, "\(code): \(t.leadAgencies) \(t.partnerAgencies)")
            #expect(t.deadline?.kind == kind, "\(code): \(String(describing: t.deadline))")
        }
        #expect(Self.task(plan, "A.1.2")?.deadline?.due == CivilDate(year: 2027, month: 12, day: 31))
        #expect(!plan.tasks.contains { $0.name.contains("PHỤ LỤC") || ($0.product ?? "").contains("PHỤ LỤC") })
        // Every task has a deadline some rule reads ("Giai đoạn 2026 - 2027. Thực hiện rà soát …" included).
        #expect(!plan.tasks.contains { $0.deadline?.kind == .unknown })
        // Targets: the ten lettered items a)–k) of "2. Mục tiêu cụ thể giai đoạn 2026 - 2030", for 2030; a) is read as
        // its three bullets, and an item stating two figures gives one indicator per figure (as in the seeds).
        let letters = Set(plan.indicators.map { $0.code.split(separator: ".").dropFirst().first.map(String.init) ?? "" })
        #expect(letters == ["a", "b", "c", "d", "đ", "e", "g", "h", "i", "k"])
        #expect(plan.indicators.allSatisfy { $0.targets.first?.year == 2030 })
        #expect(plan.indicators.first { $0.code == "2.b" }?.targets.first?.value == 100)
    }

    @Test("06 (3260-KH/ĐĐQH15): 45 bullets assigned by body under a)–p) and two numbered items, in hand-made Markdown")
    func dangDoan3260() throws {
        let plan = try Self.plan("06-ddqh-3260-kh-thuc-hien-nq57.md")
        #expect(plan.plan.number == "3260-KH/ĐĐQH15")
        // SOURCES.md: 2 bullets under II.1, 3 under II.2.1, 40 under II.2.2 in 14 bodies a)–p) (no đ, f, j).
        #expect(plan.tasks.count == 45)
        let perHeading = Dictionary(grouping: plan.tasks) { $0.code.split(separator: ".").dropLast().joined(separator: ".") }.mapValues(\.count)
        #expect(perHeading["II.1"] == 2 && perHeading["II.2.1"] == 3)
        #expect(plan.tasks.filter { $0.code.hasPrefix("II.2.2.") }.count == 40)
        #expect(Set(plan.tasks.compactMap { $0.code.hasPrefix("II.2.2.") ? $0.code.split(separator: ".")[3] : nil }).count == 14)
        // Rows checked by hand against the file: II.2.2.a.1 (line 56), a.6 (63), m.4 (125), n.1 (129), p.1 (136).
        let rows: [(String, String, String)] = [
            ("II.2.2.a.1", "Là cơ quan đầu mối, tham mưu, giúp việc tổng hợp", "Tổ đảng ở Thường trực Ủy ban KH,CN&MT"),
            ("II.2.2.a.6", "Thực hiện một số nội dung khác thuộc lĩnh vực KH,CN,ĐMST", "Tổ đảng ở Thường trực Ủy ban KH,CN&MT"),
            ("II.2.2.m.4", "Chỉ đạo việc quy định cụ thể, lượng hóa", "Đảng ủy cơ quan Văn phòng Quốc hội"),
            ("II.2.2.n.1", "Chủ trì giúp UBTVQH trong công tác tiếp công dân", "Lãnh đạo Ban Dân nguyện"),
            ("II.2.2.p.1", "Giám sát tại địa phương việc ban hành Kế hoạch", "Các Đoàn đại biểu Quốc hội, các đại biểu Quốc hội"),
        ]
        for (code, name, lead) in rows {
            let t = try #require(Self.task(plan, code), "\(code)")
            #expect(t.name.hasPrefix(name), "\(code): \(t.name)")
            #expect(t.leadAgencies.first == lead, "\(code): \(t.leadAgencies)")
            #expect(t.deadline == nil)
        }
        // The five bullets under II.1 and II.2.1 name no body: kept, each with a warning (the preview asks for a lead).
        #expect(plan.tasks.filter(\.leadAgencies.isEmpty).count == 5)
        #expect(plan.warnings.filter { $0.reason == "nhiệm vụ không có cơ quan chủ trì" }.count == 5)
    }

    @Test("04 (624/TB-VPCP): 123 table tasks — Phụ lục I's three tables (9, 46, 19) under numbered headings, Phụ lục II's 49 rows in sentence-case group rows — and section III's 31 inline tasks")
    func conclusions624() throws {
        let plan = try Self.plan("04-vpcp-624-tb-ket-luan-bcd-khcn-cds.md")
        // SOURCES.md: Phụ lục I 74 tasks (1.–9., 1.–46., 1.–19.), Phụ lục II 49 task rows (labels 1–48, 22 and 37 twice),
        // body section III 31 inline tasks.
        #expect(plan.tasks.count == 123 + 31)
        #expect(plan.tasks.filter { $0.code.hasPrefix("III.") }.count == 31)
        let appendixII = plan.tasks.filter { $0.code.hasPrefix("PLII.") }
        #expect(appendixII.count == 49)
        // The second and third tables restart at 1: their codes carry the heading above them ("2. Các nhiệm vụ về
        // chuyển đổi số quá hạn chưa hoàn thành"), which is not read as a row of the table before it.
        #expect(plan.tasks.filter { !$0.code.contains(".") }.count == 9)
        #expect(plan.tasks.filter { $0.code.hasPrefix("2.") }.count == 46 && plan.tasks.filter { $0.code.hasPrefix("3.") }.count == 19)
        #expect(!plan.tasks.contains { $0.name.contains("quá hạn chưa hoàn thành") })
        // Phụ lục II's group rows ("Nhiệm vụ giao Bộ trưởng Bộ Công an chỉ đạo", no number) head their rows instead of
        // being glued to the name of the row above.
        #expect(Set(appendixII.compactMap(\.group)).count >= 14)
        #expect(plan.tasks.filter { $0.name.contains("Nhiệm vụ giao") }.count <= 1)
        // The duplicated labels 22 and 37 are kept with a warning each; III.1, addressed to "Các đồng chí Bộ trưởng, Thủ
        // trưởng cơ quan ngang bộ …", names no body to lead it.
        #expect(plan.warnings.map(\.reason).sorted() == ["nhiệm vụ không có cơ quan chủ trì", "số thứ tự PLII.22 bị lặp; đặt mã PLII.22b", "số thứ tự PLII.37 bị lặp; đặt mã PLII.37b"])
        // Inline tasks read by hand (lines 147–300): III.3.1 "(1) Thanh tra Chính phủ ban hành trước ngày 25 tháng 11 năm
        // 2025", III.4.2 (bodies addressed together), III.5.a.2 (the body named before the colon), III.5.c (one task, its
        // lead before "chủ trì"), III.6.a.1 (its text wrapped before a capital letter).
        let inline: [(String, String, [String], CivilDate?)] = [
            ("III.3.1", "Thanh tra Chính phủ ban hành", ["Thanh tra Chính phủ"], CivilDate(year: 2025, month: 11, day: 25)),
            ("III.4.2", "Các bộ, ngành, địa phương tổ chức tổng rà soát", ["Các bộ, ngành, địa phương"], CivilDate(year: 2025, month: 12, day: 22)),
            ("III.5.a.2", "Chủ trì, phối hợp với các bộ, ngành, Tập đoàn FPT, CMC", ["Bộ Khoa học và Công nghệ"], CivilDate(year: 2025, month: 12, day: 10)),
            ("III.5.c", "Văn phòng Chính phủ chủ trì tham mưu sửa đổi", ["Văn phòng Chính phủ"], CivilDate(year: 2025, month: 12, day: 31)),
            ("III.6.a.1", "Chủ trì, phối hợp với Bộ Khoa học và Công nghệ và các bộ", ["Bộ Tài chính"], CivilDate(year: 2025, month: 12, day: 31)),
        ]
        for (code, name, lead, due) in inline {
            let t = try #require(Self.task(plan, code), "\(code)")
            #expect(t.name.hasPrefix(name) && t.leadAgencies == lead && t.deadline?.due == due, "\(code): \(t.name) \(t.leadAgencies) \(String(describing: t.deadline))")
        }
        #expect(Self.task(plan, "III.5.b.5")?.deadline?.kind == .ongoing) // "…, nhiệm vụ thường xuyên"
        #expect(Self.task(plan, "III.5.a.3")?.deadline == nil)
        // Rows checked by hand against the file: 1 (line 348), 2.1 (487), 3.1 (1143), PLII.1 (1440), PLII.48 (2577).
        let rows: [(String, String, [String], CivilDate?)] = [
            ("1", "Khẩn trương xây dựng kế hoạch và tổ chức triển khai", ["Các cơ quan Trung ương và địa phương"], CivilDate(year: 2025, month: 10, day: 18)),
            ("2.1", "Ban hành Chiến lược dữ liệu, Chiến lược chuyển đổi số", ["Các bộ, ngành", "địa phương"], CivilDate(year: 2025, month: 9, day: 30)),
            ("3.1", "Bộ Tài chính chủ trì, phối hợp với Bộ Khoa học và Công nghệ", ["Bộ Tài chính"], CivilDate(year: 2025, month: 9, day: 30)),
            ("PLII.1", "Chủ trì, làm việc với các bộ, cơ quan", ["Bộ Khoa học và Công nghệ"], CivilDate(year: 2025, month: 10, day: 10)),
            ("PLII.48", "Chủ trì xây dựng phương án cung cấp điện", ["EVN"], CivilDate(year: 2025, month: 11, day: 30)),
        ]
        for (code, name, lead, due) in rows {
            let t = try #require(Self.task(plan, code), "\(code)")
            #expect(t.name.hasPrefix(name), "\(code): \(t.name)")
            #expect(t.leadAgencies == lead, "\(code): \(t.leadAgencies)")
            #expect(t.deadline?.due == due, "\(code): \(String(describing: t.deadline))")
        }
        #expect(Self.task(plan, "PLII.1")?.group == "Nhiệm vụ giao Bộ trưởng Bộ Khoa học và Công nghệ chỉ đạo")
        #expect(Self.task(plan, "1")?.extra?["Văn bản giao nhiệm vụ"] == "Thông báo số 07-TB/CQTTBCĐ ngày 15/10/2025")
    }

    @Test("08 (552/KH-UBND, Đồng Tháp): 19 tasks under an upper-case header CHỦ TRÌ / PHỐI HỢP / THỜI GIAN, groups I–IV")
    func dongThap552() throws {
        let plan = try Self.plan("08-dongthap-552-kh-doi-moi-cong-nghe.md")
        #expect(plan.tasks.count == 19)
        #expect(plan.plan.number == "552/KH-UBND")
        let perGroup = Dictionary(grouping: plan.tasks) { $0.code.split(separator: ".").first.map(String.init) ?? "" }.mapValues(\.count)
        #expect(perGroup == ["I": 4, "II": 5, "III": 5, "IV": 5])
        // Rows checked by hand against the file.
        let rows: [(String, String, String, DeadlineKind)] = [
            ("I.1", "Rà soát, kịp thời cụ thể hoá các cơ chế, chính sách", "Sở Tài chính", .ongoing),
            ("II.2", "Phát triển hệ sinh thái đổi mới sáng tạo", "Sở Khoa học và Công nghệ", .range),
            ("III.2", "Hướng dẫn hợp tác xã, nông dân ứng dụng công nghệ số", "Sở Nông nghiệp và Môi trường", .range),
            ("IV.2", "Đổi mới chương trình, nội dung giảng dạy", "Sở Giáo dục và Đào tạo", .range),
        ]
        for (code, name, lead, kind) in rows {
            let t = try #require(Self.task(plan, code), "\(code)")
            #expect(t.name.hasPrefix(name), "\(code): \(t.name)")
            #expect(t.leadAgencies == [lead], "\(code): \(t.leadAgencies)")
            #expect(t.deadline?.kind == kind, "\(code): \(String(describing: t.deadline))")
        }
    }

    @Test("08's targets: 12 paragraphs under six italic topic bullets ('*- Thủy sản*') for 2030, 4 bullets for 2035")
    func dongThap552Targets() throws {
        let plan = try Self.plan("08-dongthap-552-kh-doi-moi-cong-nghe.md")
        // SOURCES.md counts 16 targets; a paragraph stating two figures gives one indicator per figure (18 in all).
        let items = Dictionary(grouping: plan.indicators, by: \.line)
        #expect(items.count == 16)
        let for2030 = plan.indicators.filter { $0.targets.first?.year == 2030 }
        #expect(Set(for2030.compactMap(\.line)).count == 12)
        #expect(Set(for2030.compactMap(\.group)) == ["Nông nghiệp Công nghệ cao", "Thủy sản", "Công nghiệp Chế biến", "Du lịch và dịch vụ",
                                                      "Hệ sinh thái đổi mới sáng tạo", "Nguồn nhân lực"])
        // The 2035 bullets are a list of their own: no topic, and not merged into the 2030 topic above them.
        let for2035 = plan.indicators.filter { $0.targets.first?.year == 2035 }
        #expect(for2035.count == 4 && for2035.allSatisfy { $0.group == nil && $0.targets.count == 1 })
        // Rows checked by hand against the file: lines 134 (50%), 150 (70%), 154 (02 vùng), 199 (top 03, 40%).
        #expect(plan.indicators.first { $0.line == 134 }?.targets.first?.value == 50)
        #expect(plan.indicators.first { $0.line == 150 }?.name.hasPrefix("Đảm bảo diện tích nuôi cá tra") == true)
        #expect(plan.indicators.first { $0.line == 154 }?.targets.first?.value == 2)
        #expect(plan.indicators.first { $0.line == 199 }?.code == "2.2.1")
    }

    @Test("07 (980/KH-UBND, Nghệ An): the appendix table inside the portal's page frame, deadline before product")
    func ngheAn980() throws {
        let plan = try Self.plan("07-nghean-980-kh-phong-thu-dan-su.md")
        #expect(plan.plan.number == "980/KH-UBND")
        // Rows checked by hand against the file (lines 198–260).
        let i1 = try #require(Self.task(plan, "I.1"))
        #expect(i1.name.hasPrefix("Tổ chức lại Ban Chỉ huy Phòng thủ dân sự cấp tỉnh, cấp xã"))
        #expect(i1.leadAgencies == ["Bộ CHQS tỉnh", "UBND cấp xã"])
        #expect(i1.deadline?.due == CivilDate(year: 2025, month: 11, day: 30))
        #expect(i1.product == "Quyết định của Chủ tịch UBND cấp tỉnh, cấp xã")
        let ii1 = try #require(Self.task(plan, "II.1"))
        #expect(ii1.leadAgencies == ["Sở Tài chính"] && ii1.deadline?.kind == .ongoing && ii1.product == nil)
        for code in ["II.2", "II.3"] {
            let t = try #require(Self.task(plan, code))
            #expect(t.leadAgencies == ["Sở Tài chính"] && t.deadline?.due == CivilDate(year: 2025, month: 12, day: 31), "\(code)")
        }
        #expect(Self.task(plan, "II.4")?.leadAgencies == ["Sở, ban, ngành, tổ chức chính trị - xã hội"])
        // SOURCES.md: 18 visible rows. The portal cut the table ("…......") and numbering resumes at 2 with no group
        // row: that row is read (its numeral repeated, so coded II.2b with a warning), and the last row ends before
        // the portal's footer instead of taking its address and telephone number.
        #expect(plan.tasks.count == 18)
        let resumed = try #require(Self.task(plan, "II.2b"))
        #expect(resumed.name.hasPrefix("Thành lập bộ máy quản lý Quỹ và ban hành Quy chế") && resumed.leadAgencies == ["Sở Tài chính"])
        let last = try #require(Self.task(plan, "VIII.2"))
        #expect(last.leadAgencies == ["Sở Nông nghiệp và Môi trường"] && last.deadline?.due == CivilDate(year: 2025, month: 12, day: 31))
        #expect(last.product == "Quyết định của Giám đốc Sở NN&MT")
        #expect(Self.task(plan, "II.4b")?.deadline?.every == .year) // "Tháng 12 hằng năm"
    }

    @Test("coverage: every table row is counted once, and the parts add up (01: 25 tasks + 7 group rows + 1 header = 33 rows; 08: 19 + 4 + 1); 14, with nothing to track, refused")
    func coverage() throws {
        for (file, items, groups) in [("01-ttg-2597-de-an-cds-ket-cau-ha-tang.md", 25, 7), ("08-dongthap-552-kh-doi-moi-cong-nghe.md", 19, 4)] {
            let c = try #require(try Self.plan(file).coverage)
            #expect(c.count(.item) == items && c.count(.group) == groups && c.count(.header) == 1, "\(file): \(c.rows)")
            #expect(c.total == items + groups + 1, "\(file)")
        }
        // 14 has no task, no indicator table and no measurable target (its "Mục tiêu cụ thể" are aims without a
        // figure; its "Chỉ tiêu" column is a measured parameter): nothing to track, refused with the first table
        // named by its line and header cells, nothing stored.
        #expect(throws: ImportError.missingColumns(line: 494, found: ["TT", "Tên điểm quan trắc", "Kiểu/loại quan trắc",
                                                                      "Vị trí lấy mẫu (theo tọa độ VN-2000)", "Mô tả điểm quan trắc", "Ghi chú"])) {
            try Self.plan("14-daklak-0134-kh-quan-trac-moi-truong-ntts.md")
        }
    }

    @Test("12 (2954/QĐ-UBND, Sơn La): Phụ lục 01's 23 leaf rows under a two-level header (ƯTH 2025, years 2026–2030 under GIAI ĐOẠN); Phụ lục 02's 19 products, Lượng and Giá trị a year each")
    func sonLa2954() throws {
        let plan = try Self.plan("12-sonla-2954-kh-xuat-khau.md")
        #expect(plan.tasks.isEmpty)
        let first = plan.indicators.filter { $0.code.hasPrefix("I") }
        #expect(first.count == 23)
        // Read by hand (lines 711–1337): Cà Phê's area (I.1.1), Dứa's output (II.6.2), the dairy herd (III.1).
        let coffee = try #require(plan.indicators.first { $0.code == "I.1.1" })
        #expect(coffee.name == "Cà Phê – Diện tích" && coffee.unit == "Ha" && coffee.group == "CÂY CÔNG NGHIỆP")
        #expect(coffee.baseline?.value == 26_120 && coffee.baseline?.year == 2025)
        #expect(coffee.targets.map(\.year) == [2026, 2027, 2028, 2029, 2030] && coffee.targets.map(\.value) == [27_000, 27_500, 28_000, 29_000, 30_000])
        #expect(plan.indicators.first { $0.code == "II.6.2" }?.targets.last?.value == 3_500)
        let herd = try #require(plan.indicators.first { $0.code == "III.1" })
        #expect(herd.name == "Tổng đàn" && herd.unit == "Con" && herd.targets.last?.value == 29_000)
        // Phụ lục 02 (lines 1348–1920): 19 products; 15 give both figures, 4 (9, 11, 18, 19) only the value.
        let exports = plan.indicators.filter { $0.code.first?.isNumber == true }
        #expect(Set(exports.map { $0.code.dropLast() }).count == 19)
        #expect(exports.count == 15 * 2 + 4)
        let mango = try #require(plan.indicators.first { $0.code == "1a" })
        #expect(mango.name == "Xoài – Lượng" && mango.unit == "Tấn" && mango.targets.first?.value == 13_500 && mango.targets.first?.year == 2026)
        let milk = try #require(plan.indicators.first { $0.code == "9b" })
        #expect(milk.name == "Sữa và sản phẩm từ sữa – Giá trị tham gia xuất khẩu" && milk.unit == "Nghìn USD" && milk.targets.last?.value == 35_000)
        #expect(plan.indicators.first { $0.code == "9a" } == nil) // no quantity in the document
    }

    @Test("13 (0204/KH-UBND, Cà Mau): Mẫu biểu 01's 38 value rows under 13 numbered indicators (plan and estimate under 'Năm hiện hành 2025'); the four budget forms warned about, not read")
    func caMau0204() throws {
        let plan = try Self.plan("13-camau-0204-kh-tai-chinh-ngan-sach-3-nam.md")
        #expect(plan.indicators.count == 38)
        #expect(plan.tasks.isEmpty)
        // Read by hand (lines 535–1240): GRDP (1), the services share (3.3), investment as a share of GRDP (5.1, a row
        // without a number under row 5), district beds (13.4, no figure for 2026–2028), organ donors (13.11).
        let grdp = try #require(plan.indicators.first { $0.code == "1" })
        #expect(grdp.unit == "Tỷ đồng" && grdp.baseline?.value == 172_033 && grdp.targets.map(\.value) == [193_549, 218_628, 247_907])
        #expect(grdp.extra?["Năm hiện hành 2025 Kế hoạch"] == "172.033")
        #expect(plan.indicators.first { $0.code == "3.3" }?.name == "Cơ cấu kinh tế – Dịch vụ")
        let share = try #require(plan.indicators.first { $0.code == "5.1" })
        #expect(share.name == "Vốn đầu tư phát triển toàn xã hội trên địa bàn – Tỷ lệ so với GRDP" && share.unit == "%" && share.targets.last?.value == 40)
        #expect(plan.indicators.first { $0.code == "13.4" }?.targets.isEmpty == true)
        let donors = try #require(plan.indicators.first { $0.code == "13.11" })
        #expect(donors.name == "Y tế – Người hiến bộ phận cơ thể" && donors.baseline?.value == 55 && donors.targets.map(\.value) == [60, 60, 60])
        #expect(plan.warnings.filter { $0.reason.contains("không nhận ra được cột") }.count == 4)
    }

    @Test("05 (1339/NQ-UBTVQH15): a drafting programme's pipe table broken over lines, numbers empty: 11 documents (2 under I, 9 under II), the drafting body leading")
    func ubtvqh1339() throws {
        let plan = try Self.plan("05-ubtvqh-1339-kh-sua-luat-sap-xep-bo-may.md")
        #expect(plan.tasks.count == 11 && plan.indicators.isEmpty)
        #expect(plan.tasks.filter { $0.code.hasPrefix("I.") }.count == 2 && plan.tasks.filter { $0.code.hasPrefix("II.") }.count == 9)
        // Read by hand (lines 41–73): I.1 (the law, over three lines), II.1 (a helper in brackets), II.4 (no reviewing
        // body: its cell is missing), II.7 (a footnote marker in a cell), II.9 (no time given).
        let law = try #require(Self.task(plan, "I.1"))
        #expect(law.name.hasPrefix("Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Quốc hội"))
        #expect(law.leadAgencies.first?.hasPrefix("Ban soạn thảo do UBTVQH thành lập") == true)
        #expect(law.deadline?.due == CivilDate(year: 2025, month: 2, day: 28))
        #expect(law.product?.hasPrefix("Hồ sơ trình UBTVQH gồm có") == true)
        let dissolve = try #require(Self.task(plan, "II.1"))
        #expect(dissolve.leadAgencies == ["Ban Công tác đại biểu"] && dissolve.partnerAgencies == ["Viện Nghiên cứu lập pháp"])
        #expect(dissolve.deadline?.due == CivilDate(year: 2025, month: 1, day: 10))
        let secretariat = try #require(Self.task(plan, "II.4"))
        #expect(secretariat.name.hasSuffix("tổ chức của Ban Thư ký"))
        #expect(secretariat.deadline?.due == CivilDate(year: 2025, month: 1, day: 10) && secretariat.extra?["Cơ quan thẩm tra/chuẩn bị ý kiến"] == nil)
        #expect(Self.task(plan, "II.7")?.extra?["Cơ quan thẩm tra/chuẩn bị ý kiến"] == "Ủy ban Tài chính, Ngân sách chủ trì thẩm tra")
        let foreign = try #require(Self.task(plan, "II.9"))
        #expect(foreign.leadAgencies == ["Ủy ban Đối ngoại"] && foreign.partnerAgencies == ["Văn phòng Quốc hội"])
        #expect(foreign.deadline?.kind == .unknown)
        #expect(plan.warnings.count == 5) // the five "Theo kết quả rà soát, đề xuất của các cơ quan"
    }

    @Test("09 (308/KH-UBND, Hà Nội): 7 narrative task blocks")
    func haNoi308() throws {
        let plan = try Self.plan("09-hanoi-308-kh-du-lieu-nq214.md")
        #expect(plan.tasks.count == 7)
        #expect(plan.plan.number == "308/KH-UBND")
    }

    @Test("10 (141/KH-UBND, Bắc Ninh): 16 task blocks (several under one numbered item, labels in italics that vary), 5 numbered targets under MỤC TIÊU CHỦ YẾU")
    func bacNinh141() throws {
        let plan = try Self.plan("10-bacninh-141-kh-nang-luc-xay-dung-phap-luat.md")
        #expect(plan.tasks.count == 16)
        #expect(plan.indicators.count == 5)
        #expect(plan.indicators.map(\.code) == ["1", "2", "3", "4.1", "5"])
        #expect(plan.indicators[0].targets.first?.value == 100)
        // Rows read by hand (lines 92–365): III.1, III.4.2, III.5.3, III.7.2, III.9.
        let one = try #require(Self.task(plan, "III.1"))
        #expect(one.leadAgencies == ["Các Sở, ngành, đơn vị", "UBND cấp xã"] && one.partnerAgencies == ["Sở Nội vụ", "Sở Tư pháp"])
        #expect(one.deadline?.kind == .ongoing)
        let training = try #require(Self.task(plan, "III.4.2"))
        #expect(training.name.hasPrefix("Tổ chức tập huấn, bồi dưỡng kiến thức, kỹ năng xây dựng pháp luật"))
        #expect(training.leadAgencies == ["Sở Tư pháp"] && training.partnerAgencies == ["Các cơ quan, đơn vị, địa phương liên quan"])
        #expect(training.deadline?.every == .year) // "Theo kế hoạch công tác tư pháp hàng năm"
        let third = try #require(Self.task(plan, "III.5.3"))
        #expect(third.name.hasPrefix("Thực hiện cơ chế đặc thù, áp dụng chế độ thù lao"))
        #expect(third.leadAgencies == ["Các cơ quan, đơn vị, địa phương"] && third.partnerAgencies == ["Sở Tư pháp"])
        let ai = try #require(Self.task(plan, "III.7.2"))
        #expect(ai.name == "Ra mắt AI pháp luật hỗ trợ cho cán bộ, công chức, viên chức trên địa bàn tỉnh")
        #expect(ai.leadAgencies == ["Sở Khoa học và Công nghệ"] && ai.partnerAgencies == ["Sở Tư pháp"])
        #expect(ai.deadline?.due == CivilDate(year: 2025, month: 12, day: 31))
        let nine = try #require(Self.task(plan, "III.9"))
        #expect(nine.leadAgencies == ["Sở Tư pháp"] && nine.partnerAgencies.first == "Văn phòng UBND tỉnh" && nine.deadline?.every == .year)
    }

    @Test("11 (174/KH-UBND, TP Hồ Chí Minh): 22 'Chỉ tiêu' lines under 6 Mục tiêu (one without its dash), 5 'Hoạt động' blocks whose lead sits inside a sentence")
    func hoChiMinh174() throws {
        let plan = try Self.plan("11-hcm-174-kh-binh-dang-gioi.md")
        #expect(plan.indicators.count == 22)
        #expect(plan.tasks.count == 5)
        // Read by hand (lines 111–365): Chỉ tiêu 1 of Mục tiêu 1, the undashed Chỉ tiêu 3 of Mục tiêu 2, activities 1 and 3
        // of III.1, activity 2 of III.2.
        let first = try #require(plan.indicators.first)
        #expect(first.targets.count == 1 && first.targets[0].value == 60 && first.targets[0].year == 2025)
        #expect(plan.indicators.contains { $0.name.hasPrefix("Tỷ lệ nữ giám đốc/chủ doanh nghiệp") && $0.targets.first?.value == 27 })
        let one = try #require(Self.task(plan, "III.1.a"))
        #expect(one.leadAgencies == ["Sở Nội vụ"])
        #expect(one.partnerAgencies.first == "các sở, ban, ngành, đoàn thể Thành phố")
        let three = try #require(Self.task(plan, "III.1.c"))
        #expect(three.leadAgencies.first == "Sở Văn hóa và Thể thao" && three.leadAgencies.count == 2) // two "+" lines, two leads
        #expect(Self.task(plan, "III.2.b")?.leadAgencies == ["Sở Giáo dục và Đào tạo", "Sở Y tế"])
    }

    @Test("03 (2623/QĐ-TTg): 8 numbered items under NỘI DUNG with labelled fields wrapped over lines, item 5's two decrees as tasks of their own: 9 tasks")
    func decision2623() throws {
        let plan = try Self.plan("03-ttg-2623-kh-luat-bao-ve-du-lieu-ca-nhan.md")
        #expect(plan.tasks.count == 9)
        #expect(plan.indicators.isEmpty)
        // Rows read by hand against the document (lines 135–276 of the file): items 1, 2, 4, 5 (its first decree), 7.
        let one = try #require(Self.task(plan, "II.1"))
        #expect(one.name == "Tổ chức tuyên truyền, phổ biến, giáo dục pháp luật về bảo vệ dữ liệu cá nhân")
        #expect(one.leadAgencies.prefix(4) == ["Bộ Công an", "Bộ Tư pháp", "Bộ Giáo dục và Đào tạo", "Bộ Văn hóa, Thể thao và Du lịch"])
        #expect(one.leadAgencies.contains("Thông tấn xã Việt Nam"))
        #expect(one.deadline?.kind == .ongoing && one.deadline?.start == CivilDate(year: 2025, month: 1, day: 1))
        let two = try #require(Self.task(plan, "II.2"))
        #expect(two.leadAgencies == ["Bộ Công an"])
        #expect(two.partnerAgencies == ["các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ", "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương"])
        // Item 4's time is given per actor in "+" lines: the task is due with its last step.
        #expect(Self.task(plan, "II.4")?.deadline?.due == CivilDate(year: 2025, month: 12, day: 31))
        let decree = try #require(Self.task(plan, "II.5.1"))
        #expect(decree.name == "Nghị định quy định chi tiết một số điều Luật Bảo vệ dữ liệu cá nhân")
        #expect(decree.group == "Xây dựng Nghị định của Chính phủ")
        #expect(decree.partnerAgencies == ["Văn phòng Chính phủ", "Bộ Tư pháp", "các cơ quan có liên quan"])
        #expect(decree.deadline?.due == CivilDate(year: 2026, month: 1, day: 1))
        #expect(Self.task(plan, "II.5.2")?.deadline?.kind == .conditional)
        let seven = try #require(Self.task(plan, "II.7"))
        #expect(seven.leadAgencies == ["Bộ Công an"] && seven.deadline?.due == CivilDate(year: 2026, month: 12, day: 31))
    }
}
