import Foundation
import KeHoachCore

/// What a table column holds, recognised from its header words.
enum ColumnRole: Equatable {
    case code, name, unit, baseline(year: Int?), target(year: Int?), lead, partners, monitoring, product, deadline, other
    /// A budget estimate ("Dự toán"): the table is a budget form, not a plan table.
    case budget
}

enum TableKind { case indicators, tasks }

enum TableColumns {
    /// The role of one header cell: `TT`, `Chỉ tiêu`, `Đơn vị`, `Kết quả năm 2025`, `Mục tiêu năm 2026`,
    /// `Cơ quan chủ trì` (`Đơn vị chủ trì`, `Chủ trì`, `Cơ quan, đơn vị chủ trì`, `Đơn vị/Cơ quan thực hiện`),
    /// `Phối hợp`, `Cơ quan theo dõi, tổng hợp`, `Sản phẩm` (`Kết quả dự kiến`, `Kết quả/Sản phẩm`, `Sản phẩm
    /// đầu ra`, `Hình thức văn bản`), `Thời gian hoàn thành` (`Thời hạn`, `Thời gian thực hiện/triển khai`,
    /// `Tiến độ`), `Nhiệm vụ`, `Nội dung`, `Tên nhiệm vụ/dự án`. A status column (`Tình trạng`, a progress
    /// report's `Kết quả thực hiện`), money (`Kinh phí`, `Nguồn vốn`), notes and anything else are `other`:
    /// kept in `extra` under their header.
    static func role(_ header: String) -> ColumnRole {
        let k = TextFolding.searchKey(header).replacingOccurrences(of: "/", with: " ")
        let year = Outline.firstMatch(#"(20\d\d)"#, in: k).flatMap { Int($0[0]) }
        if ["stt", "tt", "so tt", "so thu tu"].contains(k) { return .code }
        if k.includes("tinh trang") || k.includes("kinh phi") || k.includes("nguon von") || k.includes("nguon luc") || k.includes("ghi chu")
            || (k.includes("ket qua thuc hien") && year == nil) || k.includes("van ban giao") || k.includes("thuoc nhom") { return .other }
        // A budget form's columns ("Dự toán HĐND tỉnh quyết định", "Dự toán 2026") are no plan table's.
        if k.includes("du toan") { return .budget }
        // The estimate of the current year ("ƯTH Năm 2025", "Năm hiện hành 2025 Ước thực hiện") is the baseline; its
        // own plan figure ("Năm hiện hành 2025 Kế hoạch") is kept as written.
        if k.hasPrefix("uth") || k.includes(" uth ") || k.includes("uoc thuc hien") || k.includes("uoc th ")
            || (year != nil && k.includes("danh gia thuc hien")) { return .baseline(year: year) }
        if k.includes("hien hanh") { return .other }
        if k.includes("san pham") || k.includes("ket qua dau ra") || k.includes("ket qua du kien") || k.includes("hinh thuc van ban") { return .product }
        if k.includes("thoi gian") || k.includes("thoi han") || k.includes("tien do") { return .deadline }
        if k.includes("phoi hop") { return .partners }
        if k.includes("theo doi") || k.includes("tong hop") || k.includes("danh gia") { return .monitoring }
        // A drafting programme: the drafting body leads ("Cơ quan soạn thảo"), the dossier is the product ("Hồ sơ").
        if k.includes("chu tri") || k.includes("soan thao") || (k.includes("thuc hien") && (k.includes("co quan") || k.includes("don vi"))) { return .lead }
        if k == "ho so" || k.hasPrefix("ho so trinh") { return .product }
        if k.hasPrefix("don vi") || k == "dvt" { return .unit }
        if k.includes("muc tieu nam") || k.includes("chi tieu nam") || k.includes("ke hoach nam") { return .target(year: year) }
        if (k.hasPrefix("ket qua") && !k.includes("nhiem vu")) || k.includes("thuc hien nam") || k.includes("hien trang") {
            if k.hasPrefix("ket qua san pham") { return .product }
            return year == nil ? .target(year: nil) : .baseline(year: year)
        }
        // A column of one year's figure: "Năm 2026", "Kế hoạch 2027 Lượng (Tấn)", "GIAI ĐOẠN 2026 - 2030 Năm 2028",
        // "Dự kiến năm 2027": the target for that year (the last year the header names).
        if let last = years(in: k).last,
           k.hasPrefix("nam ") || k.hasPrefix("ke hoach") || k.hasPrefix("du kien") || k.hasPrefix("giai doan") || k.hasSuffix("nam \(last)") {
            return .target(year: last)
        }
        if k.includes("nhiem vu") || k.includes("noi dung") || k.includes("chi tieu") || k.includes("muc tieu") || k.includes("ten")
            || k.includes("giai phap") || k.includes("hoat dong") || k.includes("du an") { return .name }
        return .other
    }

    /// The years a header names, in order ("GIAI ĐOẠN 2026 - 2030 Năm 2027" → 2026, 2030, 2027).
    static func years(in text: String) -> [Int] {
        RegexCache.shared.allMatches(#"(?<!\d)(20\d\d)(?!\d)"#, in: text).compactMap { Int($0[0]) }
    }

    /// Roles for a header; nil when the cells do not make a plan table (needs a code column and a name column
    /// plus at least one more known column).
    static func roles(_ cells: [String]) -> [ColumnRole]? {
        guard let first = cells.first, first.count <= 12, role(first) == .code else { return nil }
        var roles = cells.map(role)
        guard !roles.contains(.budget) else { return nil }
        // A list of products with a figure per year ("TT | Sản phẩm | Kế hoạch 2026 …"): the products are the names.
        if !roles.contains(.name), roles.count > 2, roles[1] == .product, roles.contains(where: { if case .target = $0 { true } else { false } }) {
            roles[1] = .name
        }
        guard roles.first == .code, roles.contains(.name) else { return nil }
        let known = roles.filter { $0 != .other && $0 != .code && $0 != .name }.count
        return known >= 1 ? roles : nil
    }

    static func kind(_ roles: [ColumnRole], nameHeader: String) -> TableKind {
        let k = TextFolding.searchKey(nameHeader)
        if k.includes("nhiem vu") || roles.contains(.partners) || roles.contains(.deadline) || roles.contains(.product) { return .tasks }
        return .indicators
    }
}

/// A code of a table row: `1`, `6.1`, `13.2` (numbers) or `I`, `II.` (group numerals).
enum RowCode {
    case number(String)
    case roman(String)

    static func parse(_ cell: String) -> RowCode? {
        var t = cell.trimmedSpaces
        while let l = t.last, l == "." || l == ")" { t.removeLast() }
        guard !t.isEmpty, t.count <= 8 else { return nil }
        if t.allSatisfy({ "IVX".contains($0) }), Outline.romanValue(t) != nil { return .roman(t) }
        let parts = t.split(separator: ".", omittingEmptySubsequences: false)
        // "240.000" is a number written with thousands separators (a total row's value), not a code.
        if parts.count >= 2, parts.dropFirst().allSatisfy({ $0.count == 3 }) { return nil }
        if parts.allSatisfy({ !$0.isEmpty && $0.count <= 3 && $0.allSatisfy { $0.isASCII && $0.isNumber } }) { return .number(t) }
        return nil
    }

    /// A cell that starts a row: a number, a group numeral or a part letter.
    static func startsRow(_ cell: String) -> Bool {
        guard !cell.isEmpty, cell.count <= 8 else { return false }
        return parse(cell) != nil || letter(cell) != nil
    }

    /// A part letter: `A`, `B.`, `C)` (parts whose numbering restarts inside).
    static func letter(_ cell: String) -> String? {
        var t = cell.trimmedSpaces
        while let l = t.last, l == "." || l == ")" { t.removeLast() }
        guard t.count == 1, let c = t.first, c.isASCII, c.isUppercase, !"IVX".contains(c) else { return nil }
        return t
    }
}
