import Foundation
import KeHoachCore

/// What a table column holds, recognised from its header words.
enum ColumnRole: Equatable {
    case code, name, unit, baseline(year: Int?), target(year: Int?), lead, partners, monitoring, product, deadline, other
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
        if k.includes("san pham") || k.includes("ket qua dau ra") || k.includes("ket qua du kien") || k.includes("hinh thuc van ban") { return .product }
        if k.includes("thoi gian") || k.includes("thoi han") || k.includes("tien do") { return .deadline }
        if k.includes("phoi hop") { return .partners }
        if k.includes("theo doi") || k.includes("tong hop") || k.includes("danh gia") { return .monitoring }
        if k.includes("chu tri") || (k.includes("thuc hien") && (k.includes("co quan") || k.includes("don vi"))) { return .lead }
        if k.hasPrefix("don vi") || k == "dvt" { return .unit }
        if k.includes("muc tieu nam") || k.includes("chi tieu nam") || k.includes("ke hoach nam") { return .target(year: year) }
        if (k.hasPrefix("ket qua") && !k.includes("nhiem vu")) || k.includes("thuc hien nam") || k.includes("hien trang") {
            if k.hasPrefix("ket qua san pham") { return .product }
            return year == nil ? .target(year: nil) : .baseline(year: year)
        }
        if k.includes("nhiem vu") || k.includes("noi dung") || k.includes("chi tieu") || k.includes("muc tieu") || k.includes("ten")
            || k.includes("giai phap") || k.includes("hoat dong") || k.includes("du an") { return .name }
        return .other
    }

    /// Roles for a header; nil when the cells do not make a plan table (needs a code column and a name column
    /// plus at least one more known column).
    static func roles(_ cells: [String]) -> [ColumnRole]? {
        guard let first = cells.first, first.count <= 12, role(first) == .code else { return nil }
        let roles = cells.map(role)
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
