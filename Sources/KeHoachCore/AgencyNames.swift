import Foundation

/// Groups of agencies a plan names instead of one agency.
public enum AgencyGroup: String, Sendable, Codable, CaseIterable {
    /// Các sở, ban, ngành (tỉnh).
    case departments
    /// UBND các huyện, thành phố: district level, abolished from 1/7/2025.
    case districts
    /// UBND cấp xã, UBND các xã, phường.
    case communes
    /// Các địa phương: communes and (before 2025) districts.
    case localities
    /// Các doanh nghiệp viễn thông / bưu chính, viễn thông.
    case telecomEnterprises
    /// Các cơ quan, đơn vị (có liên quan): every agency concerned.
    case relatedAgencies
}

/// Splitting, recognising and normalising agency names as plans write them.
public enum AgencyNames {
    /// Abbreviations expanded in names (whole words only).
    public static let abbreviations: [(String, String)] = [
        ("VHTT&DL", "Văn hóa, Thể thao và Du lịch"), ("VHTTDL", "Văn hóa, Thể thao và Du lịch"),
        ("GD&ĐT", "Giáo dục và Đào tạo"), ("GDĐT", "Giáo dục và Đào tạo"),
        ("KH&CN", "Khoa học và Công nghệ"), ("KHCN", "Khoa học và Công nghệ"),
        ("TT&TT", "Thông tin và Truyền thông"), ("TTTT", "Thông tin và Truyền thông"),
        ("KH&ĐT", "Kế hoạch và Đầu tư"), ("KHĐT", "Kế hoạch và Đầu tư"),
        ("TN&MT", "Tài nguyên và Môi trường"), ("TNMT", "Tài nguyên và Môi trường"),
        ("NN&MT", "Nông nghiệp và Môi trường"), ("NN&PTNT", "Nông nghiệp và Phát triển nông thôn"),
        ("LĐTB&XH", "Lao động - Thương binh và Xã hội"), ("LĐTBXH", "Lao động - Thương binh và Xã hội"),
        ("GTVT", "Giao thông vận tải"), ("DT&TG", "Dân tộc và Tôn giáo"),
        ("UBND", "Ủy ban nhân dân"), ("HĐND", "Hội đồng nhân dân"), ("BQL", "Ban Quản lý"),
        ("BCĐ", "Ban Chỉ đạo"), ("VP", "Văn phòng"), ("NHNN", "Ngân hàng Nhà nước"), ("BHXH", "Bảo hiểm xã hội"),
        ("MTTQVN", "Mặt trận Tổ quốc Việt Nam"), ("MTTQ", "Mặt trận Tổ quốc"), ("KKT", "Khu kinh tế"),
        ("CNTT", "công nghệ thông tin"), ("BCHQS", "Bộ Chỉ huy Quân sự"),
    ]

    /// Expands abbreviations: `Sở GD&ĐT` → `Sở Giáo dục và Đào tạo`, `UBND tỉnh` → `Ủy ban nhân dân tỉnh`.
    public static func expand(_ name: String) -> String {
        var out = TextFolding.collapseSpaces(name)
        for (abbr, full) in abbreviations {
            out = replaceWord(abbr, with: full, in: out)
        }
        return out
    }

    static func replaceWord(_ word: String, with replacement: String, in text: String) -> String {
        guard text.contains(word) else { return text }
        var result = ""
        var rest = Substring(text)
        while let r = rest.range(of: word) {
            let beforeOK = r.lowerBound == rest.startIndex || !rest[rest.index(before: r.lowerBound)].isLetter
            let afterOK = r.upperBound == rest.endIndex || !(rest[r.upperBound].isLetter || rest[r.upperBound] == "&")
            result += rest[..<r.lowerBound]
            result += (beforeOK && afterOK) ? replacement : word
            rest = rest[r.upperBound...]
        }
        return result + rest
    }

    /// The key that matches spellings of one name: abbreviations expanded, case and marks folded,
    /// punctuation dropped, `uỷ`/`ủy` and `Thể thao` with or without commas alike.
    ///
    /// `matchKey("Sở VHTT&DL") == matchKey("Sở Văn hóa Thể thao và Du lịch")`.
    public static func matchKey(_ name: String) -> String {
        let folded = TextFolding.searchKey(expand(name))
        let kept = folded.map { $0.isLetter || $0.isNumber ? $0 : " " }
        return TextFolding.collapseSpaces(String(kept))
    }

    /// Recognises a group name: `Các sở, ban, ngành` → `.departments`, `UBND cấp xã` → `.communes`.
    public static func group(_ name: String) -> AgencyGroup? {
        let k = matchKey(name)
        let words = k.split(separator: " ")
        guard words.count <= 14 else { return nil }
        if k.includes("doanh nghiep") && (k.includes("vien thong") || k.includes("buu chinh")) { return .telecomEnterprises }
        if k.includes("huyen") && (k.hasPrefix("uy ban nhan dan") || k.hasPrefix("cac huyen") || k.includes("cac huyen")) { return .districts }
        if k.hasPrefix("uy ban nhan dan") && (k.includes("cap xa") || k.includes(" xa phuong") || k.includes("cac xa") || k.hasSuffix(" xa")) { return .communes }
        if k == "cac xa phuong" || k == "xa phuong" || k.hasPrefix("cac xa phuong") { return .communes }
        if k.hasPrefix("cac so") || k.hasPrefix("so ban nganh") || k.hasPrefix("cac ban nganh") { return .departments }
        if k.hasPrefix("cac dia phuong") || k == "dia phuong" { return .localities }
        if k.hasPrefix("cac co quan") || k.hasPrefix("co quan lien quan") || k.hasPrefix("cac don vi") { return .relatedAgencies }
        return nil
    }

    /// Splits a cell that names several agencies.
    ///
    /// Separators are `;` always, and `,` or `và` only where the next words begin another agency:
    /// `Sở Văn hóa, Thể thao và Du lịch` stays whole, `Sở Công Thương, Sở Xây dựng` is two,
    /// `Các sở, ban, ngành, UBND các huyện, thành phố` is a group and a group.
    public static func split(_ cell: String) -> [String] {
        let cleaned = TextFolding.collapseSpaces(cell)
        var parts: [String] = []
        for piece in cleaned.split(separator: ";") {
            parts.append(contentsOf: splitOnAgencyStarts(String(piece)))
        }
        return parts.map(tidy).filter { !$0.isEmpty }
    }

    /// Trims separators and trailing full stops.
    static func tidy(_ s: String) -> String {
        var t = TextFolding.collapseSpaces(s)
        while let last = t.last, ".,;:".contains(last) { t.removeLast(); t = t.trimmedSpaces }
        while let first = t.first, ".,;:-+".contains(first) { t.removeFirst(); t = t.trimmedSpaces }
        if t.lowercased().hasPrefix("và ") { t = String(t.dropFirst(3)) }
        return t
    }

    static func splitOnAgencyStarts(_ text: String) -> [String] {
        // Unicode scalars, not Characters: text is NFC, and walking grapheme clusters was a twentieth of an import.
        let chars = Array(text.unicodeScalars)
        func string(_ a: Int, _ b: Int) -> String { TextFolding.string(chars[a..<b]) }
        let capitals: Set<Unicode.Scalar> = ["S", "B", "U", "Ủ", "Ủ"]
        var result: [String] = []
        var begin = 0
        var i = 0
        while i < chars.count {
            // A separator ", " or " và " followed by an agency start ends the current name.
            var sepLength = 0
            if chars[i] == "," { sepLength = i + 1 < chars.count && chars[i + 1] == " " ? 2 : 1 }
            else if chars[i] == " ", i + 4 < chars.count, chars[i + 1] == "v", chars[i + 2] == "à", chars[i + 3] == " " { sepLength = 4 }
            if sepLength > 0, i > begin {
                let nextStart = i + sepLength
                let after = string(nextStart, min(chars.count, nextStart + 48))
                if startsAgency(after) || (sepLength >= 2 && startsAbbreviation(after)), case let current = string(begin, i),
                   !isInsideGroupList(current, next: Substring(after)) {
                    result.append(current)
                    begin = nextStart
                    i = nextStart
                    continue
                }
            } else if chars[i] == " ", i > begin, i + 1 < chars.count, capitals.contains(chars[i + 1]) {
                // Names run together with no separator, as cells pasted line by line come out:
                // `Bộ Thông tin và Truyền thông Bộ Khoa học và Công nghệ`, `Sở Khoa học và Công nghệ Sở Công Thương`.
                let nextStart = i + 1
                let after = string(nextStart, min(chars.count, nextStart + 24))
                if startsTopLevel(after), case let current = string(begin, i), startsTopLevel(current),
                   current.split(separator: " ").count >= 2, !endsWithLink(current) {
                    result.append(current)
                    begin = nextStart
                    i = nextStart
                    continue
                }
            }
            i += 1
        }
        if begin < chars.count { result.append(string(begin, chars.count)) }
        return result
    }

    /// A department, a ministry or a people's committee: bodies whose names never hold another such name, so that
    /// one of them starting right after another (no separator) starts a new name.
    static func startsTopLevel(_ text: String) -> Bool {
        for head in ["Sở ", "Bộ "] where text.hasPrefix(head) {
            return text.dropFirst(head.count).first?.isUppercase == true
        }
        return text.hasPrefix("UBND ") || text.hasPrefix("Ủy ban nhân dân") || text.hasPrefix("Uỷ ban nhân dân")
    }

    /// `… thuộc`, `… của`: the next name belongs to this one (`Văn phòng thuộc Sở …`), it is not another agency.
    static func endsWithLink(_ text: String) -> Bool {
        guard let last = text.split(separator: " ").last else { return false }
        return ["thuộc", "của", "với", "các", "trực"].contains(last.lowercased())
    }

    /// An abbreviation standing alone in a list (`VTV, VOV, TTXVN`, `BHXH`): three or more capitals (`&` and digits
    /// allowed inside) up to the next separator or the end.
    static func startsAbbreviation(_ text: String) -> Bool {
        let token = text.prefix { $0 != "," && $0 != ";" && $0 != " " }
        guard token.count >= 3, token.first?.isUppercase == true,
              token.allSatisfy({ $0.isUppercase || $0 == "&" || $0.isNumber }) else { return false }
        let rest = text.dropFirst(token.count)
        return rest.isEmpty || rest.first == "," || rest.first == ";" || rest.hasPrefix(" và ")
    }

    /// `Các sở, ban, ngành, địa phương`: the words after a group's comma stay in the group.
    static func isInsideGroupList(_ current: String, next: Substring) -> Bool {
        let k = TextFolding.searchKey(String(next.prefix(12)))
        let cur = TextFolding.searchKey(current)
        let groupHead = cur.hasPrefix("cac so") || cur.hasPrefix("so, ban") || cur.hasPrefix("cac co quan") || cur.hasPrefix("cac ban")
        return groupHead && (k.hasPrefix("dia phuong") || k.hasPrefix("don vi") || k.hasPrefix("ban") || k.hasPrefix("nganh") || k.hasPrefix("doan the"))
    }

    /// Words that begin an agency's name (after a separator).
    static let startWords: [String] = [
        "Sở ", "Các sở", "Các Sở", "các sở", "Các ban", "Các cơ quan", "các cơ quan", "Các đơn vị", "các đơn vị", "Các địa phương", "các địa phương",
        "Các doanh nghiệp", "các doanh nghiệp", "doanh nghiệp", "Doanh nghiệp", "Các huyện", "các huyện", "Các xã", "các xã", "Các thành viên", "các thành viên",
        "Các Hội", "các Hội", "UBND", "Ủy ban", "Uỷ ban", "Văn phòng", "Công an", "Bộ ", "Báo ", "Đài ", "Trường ", "Cục ",
        "Liên hiệp", "Hiệp hội", "Hội ", "Bảo hiểm", "Ngân hàng", "Tỉnh đoàn", "Tỉnh ủy", "Tỉnh uỷ", "Tỉnh Đoàn", "Mặt trận",
        "Cổng thông tin", "Cổng Thông tin", "Trung tâm", "Chi nhánh", "Kho bạc", "Thanh tra", "Bưu điện", "Điện lực", "Quỹ ",
        "Hội đồng", "Thông tấn", "Viettel", "VNPT", "FPT", "Mobifone", "MobiFone", "BQL", "Ban ", "cơ quan báo chí", "Cơ quan", "sở ngành", "sở, ngành",
        "địa phương", "Đoàn ", "Viện ", "Đơn vị ", "đơn vị ", "chủ đầu tư", "báo chí", "ngân hàng", "các cơ sở", "các viện", "các trường", "Tập đoàn", "Tổng công ty", "Công ty", "HĐND", "Bộ đội", "Bộ Chỉ huy", "Bộ chỉ huy",
        "Tổ đảng", "Đảng ủy", "Đảng uỷ", "Đảng đoàn", "Đảng bộ", "Ban cán sự",
    ]

    /// `startWords` by their first character, so that most words are rejected by one lookup.
    static let startWordsByFirst: [Character: [String]] = Dictionary(grouping: startWords, by: { $0.first! })

    /// Whether a text begins with the name of an agency or group. With `columnStart`, the text must also
    /// begin with a capital letter, as a table cell does (`Các sở, ngành`, not `các xã` inside `UBND các xã`).
    public static func startsAgency<S: StringProtocol>(_ text: S, columnStart: Bool = false) -> Bool {
        guard let f = text.first, let candidates = startWordsByFirst[f] else { return false }
        if columnStart {
            guard f.isUppercase else { return false }
            if text.hasPrefix("Các ") { return true }
        }
        for w in candidates where text.hasPrefix(w) {
            switch w {
            case "Sở ", "Ban ", "Bộ ", "Cục ", "Viện ", "Đoàn ", "Hội ", "Quỹ ", "Trường ", "Báo ", "Đài ":
                // A proper name follows: "Sở Khoa học", "Ban Quản lý" (not "Sở hữu", "Ban hành").
                let after = text.dropFirst(w.count)
                if let c = after.first, c.isUppercase || w == "Báo " || w == "Đài " { return true }
                if w == "Bộ " && after.hasPrefix("chỉ huy") { return true }
            default:
                return true
            }
        }
        return false
    }
}
