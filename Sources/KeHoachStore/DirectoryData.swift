import KeHoachCore

/// The agency directories shipped with KeHoach: Lai Châu and Lào Cai, with the 2025 reorganisation.
/// Data, not code: the coordinator edits it in the application (aliases, successions) once loaded.
public struct DirectorySeed: Sendable {
    public struct Entry: Sendable {
        public var name: String
        public var kind: AgencyKind
        public var aliases: [String] = []
        public var placeholder = false
        /// Abolished on 1/7/2025 (or the date given) and succeeded by the named agency.
        public var succeededBy: String? = nil
        public var groups: [AgencyGroup] = []
        public init(name: String, kind: AgencyKind, aliases: [String] = [], placeholder: Bool = false, succeededBy: String? = nil,
                    groups: [AgencyGroup] = []) {
            self.name = name; self.kind = kind; self.aliases = aliases; self.placeholder = placeholder; self.succeededBy = succeededBy
            self.groups = groups
        }
    }

    public var provinceCode: String
    public var provinceName: String
    public var entries: [Entry]
    /// The decision behind the 2025 successions.
    public var successionDecision: String
    public var successionDate: CivilDate

    public init(provinceCode: String, provinceName: String, entries: [Entry], successionDecision: String, successionDate: CivilDate) {
        self.provinceCode = provinceCode; self.provinceName = provinceName; self.entries = entries
        self.successionDecision = successionDecision; self.successionDate = successionDate
    }

    static func dept(_ name: String, _ aliases: [String] = [], succeededBy: String? = nil) -> Entry {
        Entry(name: name, kind: .department, aliases: aliases, succeededBy: succeededBy, groups: succeededBy == nil ? [.departments] : [])
    }

    /// Lai Châu: the 20 provincial bodies of seed 002's footnote 2, bodies named in the older plans (000, 001)
    /// with their successors, and the 38 communes and wards (2 wards, 36 communes; most names still to be
    /// filled in by the coordinator, marked as placeholders).
    public static let laiChau: DirectorySeed = {
        var e: [Entry] = [
            dept("Sở Khoa học và Công nghệ", ["Sở KH&CN", "Sở KHCN"]),
            dept("Ban Quản lý Khu kinh tế tỉnh", ["Ban Quản lý các Khu kinh tế tỉnh", "BQL Khu kinh tế tỉnh"]),
            dept("Sở Công Thương", ["Sở Công thương"]),
            dept("Thanh tra tỉnh"),
            dept("Sở Giáo dục và Đào tạo", ["Sở GD&ĐT"]),
            dept("Sở Nội vụ"),
            dept("Sở Nông nghiệp và Môi trường", ["Sở NN&MT"]),
            dept("Sở Ngoại vụ"),
            dept("Sở Văn hóa, Thể thao và Du lịch", ["Sở VHTT&DL"]),
            dept("Sở Xây dựng"),
            dept("Sở Y tế"),
            dept("Bộ Chỉ huy Quân sự tỉnh", ["Bộ chỉ huy quân sự"]),
            dept("Sở Dân tộc và Tôn giáo"),
            dept("Sở Tài chính"),
            dept("Sở Tư pháp"),
            dept("Báo và Phát thanh, Truyền hình Lai Châu", ["Báo và Phát thanh truyền hình tỉnh"]),
            dept("Bảo hiểm xã hội tỉnh Lai Châu", ["Bảo hiểm xã hội tỉnh"]),
            dept("Văn phòng UBND tỉnh", ["Văn phòng Ủy ban nhân dân tỉnh"]),
            dept("Công an tỉnh"),
            dept("Trường Chính trị tỉnh"),
            // Named in the older plans.
            dept("Sở Thông tin và Truyền thông", ["Sở Thông tin truyền thông", "Sở TT&TT"], succeededBy: "Sở Khoa học và Công nghệ"),
            dept("Sở Kế hoạch và Đầu tư", ["Sở KH&ĐT"], succeededBy: "Sở Tài chính"),
            dept("Sở Tài nguyên và Môi trường", ["Sở TN&MT"], succeededBy: "Sở Nông nghiệp và Môi trường"),
            dept("Sở Giao thông vận tải", ["Sở GTVT"], succeededBy: "Sở Xây dựng"),
            dept("Sở Lao động - Thương binh và Xã hội", ["Sở LĐTB&XH"], succeededBy: "Sở Nội vụ"),
            dept("Đài Phát thanh và Truyền hình tỉnh", succeededBy: "Báo và Phát thanh, Truyền hình Lai Châu"),
            dept("Báo Lai Châu", succeededBy: "Báo và Phát thanh, Truyền hình Lai Châu"),
            dept("Cổng thông tin điện tử tỉnh"),
            dept("Bộ Chỉ huy Bộ đội Biên phòng tỉnh", ["Bộ chỉ huy bộ đội biên phòng"]),
            dept("Ngân hàng Nhà nước chi nhánh tỉnh Lai Châu", ["Ngân hàng Nhà nước Việt Nam"]),
            dept("Cục Thuế tỉnh Lai Châu"),
            dept("Trường Cao đẳng Lai Châu"),
            Entry(name: "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh", kind: .other),
            Entry(name: "Hiệp hội doanh nghiệp tỉnh Lai Châu", kind: .other),
            Entry(name: "Ban Tuyên giáo Tỉnh ủy", kind: .partyBody, aliases: ["Ban Tuyên giáo Tỉnh uỷ"]),
            Entry(name: "Viettel Lai Châu", kind: .enterprise, aliases: ["Viettel"], groups: [.telecomEnterprises]),
            Entry(name: "VNPT Lai Châu", kind: .enterprise, aliases: ["VNPT"], groups: [.telecomEnterprises]),
            Entry(name: "MobiFone Lai Châu", kind: .enterprise, aliases: ["Mobifone"], groups: [.telecomEnterprises]),
        ]
        e.append(Entry(name: "UBND phường Tân Phong", kind: .commune, groups: [.communes, .localities]))
        e.append(Entry(name: "UBND phường Đoàn Kết", kind: .commune, groups: [.communes, .localities]))
        for n in 1...36 {
            let number = n < 10 ? "0\(n)" : "\(n)"
            e.append(Entry(name: "UBND xã số \(number) (chờ cập nhật tên)", kind: .commune, placeholder: true, groups: [.communes, .localities]))
        }
        return DirectorySeed(provinceCode: "12", provinceName: "Lai Châu", entries: e,
                             successionDecision: "Nghị quyết 202/2025/QH15 và sắp xếp bộ máy (hiệu lực 01/7/2025)",
                             successionDate: CivilDate(year: 2025, month: 7, day: 1)!)
    }()

    /// Lào Cai: the bodies named in seed 004. Its communes (about 99 after the 2025 merger with Yên Bái,
    /// unverified) are not listed yet except the one the plan names.
    public static let laoCai: DirectorySeed = {
        let e: [Entry] = [
            dept("Sở Khoa học và Công nghệ"),
            dept("Sở Văn hóa, Thể thao và Du lịch", ["Sở VHTT&DL"]),
            dept("Sở Giáo dục và Đào tạo", ["Sở GD&ĐT"]),
            dept("Sở Nội vụ"),
            dept("Sở Tài chính"),
            dept("Sở Xây dựng"),
            dept("Sở Công Thương"),
            dept("Sở Y tế"),
            dept("Sở Nông nghiệp và Môi trường"),
            dept("Công an tỉnh"),
            dept("Văn phòng UBND tỉnh"),
            dept("Bảo hiểm xã hội tỉnh"),
            dept("Ngân hàng Nhà nước khu vực IV", ["Ngân hàng nhà nước khu vực 4", "Chi nhánh Ngân hàng Nhà nước khu vực IV"]),
            dept("Đài Phát thanh và Truyền hình tỉnh", ["Đài PTTH tỉnh"]),
            dept("Báo Lào Cai", ["Báo"]),
            dept("Sở Thông tin và Truyền thông", succeededBy: "Sở Khoa học và Công nghệ"),
            dept("Sở Kế hoạch và Đầu tư", succeededBy: "Sở Tài chính"),
            dept("Sở Tài nguyên và Môi trường", succeededBy: "Sở Nông nghiệp và Môi trường"),
            Entry(name: "Ban Chỉ đạo tỉnh", kind: .other, aliases: ["Ban Chỉ đạo phát triển khoa học, công nghệ, đổi mới sáng tạo, chuyển đổi số và Đề án 06 tỉnh"]),
            Entry(name: "Văn phòng Tỉnh ủy", kind: .partyBody),
            Entry(name: "Mặt trận Tổ quốc Việt Nam tỉnh", kind: .other),
            Entry(name: "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Lào Cai", kind: .other),
            Entry(name: "Hiệp hội doanh nghiệp", kind: .other, aliases: ["Hiệp hội Doanh nghiệp tỉnh"]),
            Entry(name: "Viettel Lào Cai", kind: .enterprise, aliases: ["Viettel"], groups: [.telecomEnterprises]),
            Entry(name: "VNPT Lào Cai", kind: .enterprise, aliases: ["VNPT"], groups: [.telecomEnterprises]),
            Entry(name: "FPT Lào Cai", kind: .enterprise, aliases: ["FPT"], groups: [.telecomEnterprises]),
            Entry(name: "MobiFone Lào Cai", kind: .enterprise, aliases: ["Mobifone"], groups: [.telecomEnterprises]),
            Entry(name: "UBND xã Yên Bình", kind: .commune, groups: [.communes, .localities]),
        ]
        return DirectorySeed(provinceCode: "15", provinceName: "Lào Cai", entries: e,
                             successionDecision: "Nghị quyết 202/2025/QH15 và sắp xếp bộ máy (hiệu lực 01/7/2025)",
                             successionDate: CivilDate(year: 2025, month: 7, day: 1)!)
    }()

    public static let all: [DirectorySeed] = [laiChau, laoCai]

    /// The central level (for a ministry's or the national instance, and plans of the Government): the 14
    /// ministries and 3 ministerial-level agencies after the 2025 reorganisation, the agencies under the
    /// Government, and the bodies older plans name, each succeeded by the body that took over its tasks.
    /// Not loaded by default (`kehoach directory --government` adds it).
    public static let government: DirectorySeed = {
        var e: [Entry] = Government.ministries.map { dept($0.name, $0.aliases) }
        e += Government.agencies.map { Entry(name: $0.name, kind: .other, aliases: $0.aliases) }
        e += Government.predecessors.map { dept($0.name, $0.aliases, succeededBy: $0.successor) }
        return DirectorySeed(provinceCode: "00", provinceName: "Trung ương", entries: e,
                             successionDecision: "Nghị quyết 176/2025/QH15 về cơ cấu tổ chức của Chính phủ (hiệu lực 01/3/2025)",
                             successionDate: CivilDate(year: 2025, month: 3, day: 1)!)
    }()
}
