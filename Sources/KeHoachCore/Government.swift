/// The Government's ministries and ministerial-level agencies after the 2025 reorganisation (from March 2025),
/// the bodies older plans name in their place, and the agencies under the Government that national plans assign
/// tasks to. Data for national plans: the directory of a ministry's or the national instance is built from it
/// (`DirectorySeed.government`), and agency splitting knows these names whole.
public enum Government {
    public struct Body: Sendable, Hashable {
        public var name: String
        /// Short forms plans write (`Bộ KH&CN`, `VTV`).
        public var aliases: [String]
        public init(_ name: String, _ aliases: [String] = []) { self.name = name; self.aliases = aliases }
    }

    /// 14 ministries and 3 ministerial-level agencies.
    public static let ministries: [Body] = [
        Body("Bộ Quốc phòng", ["BQP"]),
        Body("Bộ Công an", ["BCA"]),
        Body("Bộ Ngoại giao", ["BNG"]),
        Body("Bộ Nội vụ", ["BNV"]),
        Body("Bộ Tư pháp", ["BTP"]),
        Body("Bộ Tài chính", ["BTC"]),
        Body("Bộ Công Thương", ["Bộ Công thương", "BCT"]),
        Body("Bộ Nông nghiệp và Môi trường", ["Bộ NN&MT"]),
        Body("Bộ Xây dựng", ["BXD"]),
        Body("Bộ Văn hóa, Thể thao và Du lịch", ["Bộ VHTTDL", "Bộ VHTT&DL"]),
        Body("Bộ Khoa học và Công nghệ", ["Bộ KH&CN", "Bộ KHCN"]),
        Body("Bộ Giáo dục và Đào tạo", ["Bộ GD&ĐT", "Bộ GDĐT"]),
        Body("Bộ Y tế", ["BYT"]),
        Body("Bộ Dân tộc và Tôn giáo"),
        Body("Ngân hàng Nhà nước Việt Nam", ["NHNN"]),
        Body("Thanh tra Chính phủ", ["TTCP"]),
        Body("Văn phòng Chính phủ", ["VPCP"]),
    ]

    /// Bodies abolished or merged in 2025, each with the body that took over its tasks (the main one where its
    /// fields were divided: Bộ Thông tin và Truyền thông's press and publishing went to Bộ Văn hóa, Thể thao và
    /// Du lịch; Bộ Lao động - Thương binh và Xã hội's social protection to Bộ Y tế and vocational education to Bộ
    /// Giáo dục và Đào tạo).
    public static let predecessors: [(name: String, aliases: [String], successor: String)] = [
        ("Bộ Kế hoạch và Đầu tư", ["Bộ KH&ĐT", "Bộ KHĐT"], "Bộ Tài chính"),
        ("Bộ Thông tin và Truyền thông", ["Bộ TT&TT", "Bộ TTTT"], "Bộ Khoa học và Công nghệ"),
        ("Bộ Tài nguyên và Môi trường", ["Bộ TN&MT", "Bộ TNMT"], "Bộ Nông nghiệp và Môi trường"),
        ("Bộ Nông nghiệp và Phát triển nông thôn", ["Bộ NN&PTNT", "Bộ NNPTNT"], "Bộ Nông nghiệp và Môi trường"),
        ("Bộ Giao thông vận tải", ["Bộ GTVT"], "Bộ Xây dựng"),
        ("Bộ Lao động - Thương binh và Xã hội", ["Bộ LĐTBXH", "Bộ LĐ-TB&XH", "Bộ Lao động, Thương binh và Xã hội"], "Bộ Nội vụ"),
        ("Ủy ban Dân tộc", ["Uỷ ban Dân tộc", "UBDT"], "Bộ Dân tộc và Tôn giáo"),
    ]

    /// Agencies under the Government that national plans name (Bảo hiểm xã hội Việt Nam now under Bộ Tài chính).
    public static let agencies: [Body] = [
        Body("Đài Truyền hình Việt Nam", ["VTV"]),
        Body("Đài Tiếng nói Việt Nam", ["VOV"]),
        Body("Thông tấn xã Việt Nam", ["TTXVN"]),
        Body("Bảo hiểm xã hội Việt Nam", ["BHXH Việt Nam", "BHXHVN"]),
        Body("Viện Hàn lâm Khoa học và Công nghệ Việt Nam"),
        Body("Viện Hàn lâm Khoa học xã hội Việt Nam"),
        Body("Đại học Quốc gia Hà Nội"),
        Body("Đại học Quốc gia Thành phố Hồ Chí Minh"),
    ]
}
