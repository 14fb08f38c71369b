import Foundation
import KeHoachCore
import PropertyBased
import Testing

@Suite("Agency names")
struct AgencyNamesTests {
    @Test("splits cells that name several agencies, not names that contain commas or 'và'", arguments: [
        ("Sở Văn hóa, Thể thao và Du lịch", ["Sở Văn hóa, Thể thao và Du lịch"]),
        ("Sở Khoa học và Công nghệ", ["Sở Khoa học và Công nghệ"]),
        ("Sở Công Thương, Sở Tài nguyên và môi trường, Sở Xây dựng", ["Sở Công Thương", "Sở Tài nguyên và môi trường", "Sở Xây dựng"]),
        ("Sở Giáo dục và Đào tạo; Trường Cao đẳng Lai Châu", ["Sở Giáo dục và Đào tạo", "Trường Cao đẳng Lai Châu"]),
        ("Các sở, ban, ngành, UBND các huyện, thành phố", ["Các sở, ban, ngành", "UBND các huyện, thành phố"]),
        ("Ban Tuyên giáo Tỉnh uỷ, các sở, ban, ngành, địa phương", ["Ban Tuyên giáo Tỉnh uỷ", "các sở, ban, ngành, địa phương"]),
        ("Sở Khoa học và Công nghệ và các sở, ngành, địa phương", ["Sở Khoa học và Công nghệ", "các sở, ngành, địa phương"]),
        ("Sở Tư pháp; Báo và Phát thanh truyền hình tỉnh; các sở, ban, ngành tỉnh; UBND xã, phường và các cơ quan có liên quan.",
         ["Sở Tư pháp", "Báo và Phát thanh truyền hình tỉnh", "các sở, ban, ngành tỉnh", "UBND xã, phường", "các cơ quan có liên quan"]),
        ("Bộ chỉ huy quân sự; Bộ chỉ huy bộ đội biên phòng, Công an tỉnh", ["Bộ chỉ huy quân sự", "Bộ chỉ huy bộ đội biên phòng", "Công an tỉnh"]),
        ("Sở Y tế, Sở Giáo dục và Đào tạo, Bảo hiểm xã hội tỉnh", ["Sở Y tế", "Sở Giáo dục và Đào tạo", "Bảo hiểm xã hội tỉnh"]),
        ("Sở Thông tin và Truyền thông.", ["Sở Thông tin và Truyền thông"]),
        ("Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh", ["Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh"]),
        // Names run together (cells pasted line by line), and abbreviation lists: written from corpus 01 and 09.
        ("Bộ Thông tin và Truyền thông Bộ Khoa học và Công nghệ", ["Bộ Thông tin và Truyền thông", "Bộ Khoa học và Công nghệ"]),
        ("Sở Khoa học và Công nghệ Sở Công Thương", ["Sở Khoa học và Công nghệ", "Sở Công Thương"]),
        ("Bộ Văn hóa, Thể thao và Du lịch Bộ Công an", ["Bộ Văn hóa, Thể thao và Du lịch", "Bộ Công an"]),
        ("Sở Nội vụ Bộ Chỉ huy Quân sự tỉnh", ["Sở Nội vụ", "Bộ Chỉ huy Quân sự tỉnh"]),
        ("VTV, VOV, TTXVN", ["VTV", "VOV", "TTXVN"]),
        // A comma with no space joins the parts of an abbreviation (KH,CN&MT: khoa học, công nghệ và môi trường).
        ("Tổ đảng ở Thường trực Ủy ban KH,CN&MT", ["Tổ đảng ở Thường trực Ủy ban KH,CN&MT"]),
        ("Bộ Thông tin và Truyền thông, VTV, VOV và TTXVN", ["Bộ Thông tin và Truyền thông", "VTV", "VOV", "TTXVN"]),
        // … but not a unit of a department, a name that holds a province's committee, or a short abbreviation.
        ("Văn phòng UBND tỉnh", ["Văn phòng UBND tỉnh"]),
        ("Văn phòng Sở Khoa học và Công nghệ", ["Văn phòng Sở Khoa học và Công nghệ"]),
        ("Trung tâm Công nghệ thông tin thuộc Sở Khoa học và Công nghệ", ["Trung tâm Công nghệ thông tin thuộc Sở Khoa học và Công nghệ"]),
        ("Sở Văn hóa, TT và DL", ["Sở Văn hóa, TT và DL"]),
        ("", []),
    ])
    func splits(cell: String, expected: [String]) {
        #expect(AgencyNames.split(cell) == expected)
    }

    @Test("recognises groups", arguments: [
        ("Các sở, ban, ngành", AgencyGroup.departments), ("Các sở, ngành", .departments), ("Sở, ban, ngành", .departments),
        ("UBND các huyện, thành phố", .districts), ("UBND các huyện/thành phố", .districts), ("UBND huyện, thành phố", .districts),
        ("UBND cấp xã", .communes), ("UBND các xã, phường", .communes), ("UBND xã, phường", .communes), ("Các xã, phường", .communes),
        ("Các doanh nghiệp viễn thông", .telecomEnterprises), ("Các doanh nghiệp bưu chính, viễn thông", .telecomEnterprises),
        ("Các địa phương", .localities), ("Các cơ quan, đơn vị, địa phương", .relatedAgencies), ("các cơ quan có liên quan", .relatedAgencies),
    ])
    func groups(name: String, group: AgencyGroup) {
        #expect(AgencyNames.group(name) == group)
    }

    @Test("a named agency is not a group", arguments: ["Sở Khoa học và Công nghệ", "UBND xã Yên Bình", "Công an tỉnh", "Văn phòng UBND tỉnh"])
    func notGroups(name: String) {
        #expect(AgencyNames.group(name) == nil)
    }

    @Test("expands abbreviations", arguments: [
        ("Sở GD&ĐT", "Sở Giáo dục và Đào tạo"),
        ("Sở VHTT&DL", "Sở Văn hóa, Thể thao và Du lịch"),
        ("UBND tỉnh", "Ủy ban nhân dân tỉnh"),
        ("BQL Khu kinh tế", "Ban Quản lý Khu kinh tế"),
        ("Sở KH&CN", "Sở Khoa học và Công nghệ"),
        ("Văn phòng UBND tỉnh", "Văn phòng Ủy ban nhân dân tỉnh"),
        ("Trung tâm CNTT&TT", "Trung tâm CNTT&TT"),
    ])
    func expands(short: String, full: String) {
        #expect(AgencyNames.expand(short) == full)
    }

    @Test("spellings of one agency share a match key")
    func matchKeys() {
        #expect(AgencyNames.matchKey("Sở VHTT&DL") == AgencyNames.matchKey("Sở Văn hóa Thể thao và Du lịch"))
        #expect(AgencyNames.matchKey("Sở Văn hóa, Thể thao và Du lịch") == AgencyNames.matchKey("sở văn hoá thể thao và du lịch"))
        #expect(AgencyNames.matchKey("Sở GD&ĐT") == AgencyNames.matchKey("SỞ GIÁO DỤC VÀ ĐÀO TẠO"))
    }

    @Test("search keys fold case and marks, đ included")
    func searchKeys() {
        #expect(TextFolding.searchKey("Sở Khoa học và Công nghệ") == "so khoa hoc va cong nghe")
        #expect(TextFolding.searchKey("ĐIỆN TỬ") == "dien tu")
        #expect(TextFolding.searchKey("  Đài   Phát thanh ") == "dai phat thanh")
        #expect(TextFolding.searchKey("Thủy lợi") == TextFolding.searchKey("Thuỷ lợi"))
    }

    @Test("search keys are idempotent and have no marks or capitals")
    func searchKeyProperties() async {
        await propertyCheck(input: Gen.character(in: " "..."ỹ").string(of: 0...30)) { text in
            let k = TextFolding.searchKey(text)
            #expect(TextFolding.searchKey(k) == k)
            #expect(!k.contains("đ") && !k.contains("Đ"))
        }
    }

    @Test("splitting never loses or invents words")
    func splitKeepsWords() async {
        let pieces = ["Sở Khoa học và Công nghệ", "Các sở, ban, ngành", "UBND các xã, phường", "Công an tỉnh", "Sở Văn hóa, Thể thao và Du lịch"]
        await propertyCheck(input: Gen.int(in: 0...4).array(of: 1...4), Gen.int(in: 0...2)) { picks, sep in
            let separator = [", ", "; ", " và "][sep]
            let cell = picks.map { pieces[$0] }.joined(separator: separator)
            let parts = AgencyNames.split(cell)
            let rejoined = parts.joined(separator: " ").split(separator: " ").filter { $0 != "và" }.map { $0.trimmingCharacters(in: .punctuationCharacters) }
            let original = cell.split(separator: " ").filter { $0 != "và" }.map { $0.trimmingCharacters(in: .punctuationCharacters) }
            #expect(rejoined == original)
        }
    }
}
