import Foundation
import KeHoachCore
import KeHoachImport
import KeHoachReports
import KeHoachStore

/// A province's list of agencies and communes, as a coordinator uploads it (CSV saved from Excel, or the Excel
/// workbook itself): one row per agency with its name, kind and code. A first row naming the columns (`Tên`, `Loại`,
/// `Mã`, in any order) is read as such; without it the columns are name, kind, code.
public enum AgencyList {
    /// Why a list was refused, row by row (rows numbered as in the file).
    public struct Refusal: Error, Sendable {
        public var problems: [String]
        public var message: String { problems.prefix(20).joined(separator: "; ") + (problems.count > 20 ? "; … (\(problems.count) lỗi)" : "") }
    }

    public static let maxRows = 5_000

    /// The kind a list writes (`Sở, ban, ngành`, `xã`, `phường`, `department` …), or, left empty, the one the name
    /// implies (`UBND xã …`, `Phường …` are communes; any other a provincial body); nil for words it does not know.
    public static func kind(_ written: String, name: String) -> AgencyKind? {
        let k = TextFolding.searchKey(written)
        if k.isEmpty {
            let n = TextFolding.searchKey(name)
            return ["xa ", "phuong ", "dac khu ", "ubnd xa ", "ubnd phuong ", "ubnd dac khu ", "uy ban nhan dan xa ", "uy ban nhan dan phuong "]
                .contains { n.hasPrefix($0) } ? .commune : .department
        }
        if let raw = AgencyKind(rawValue: k) { return raw }
        let words = Set(k.split(separator: " ").map(String.init))
        if !words.isDisjoint(with: ["xa", "phuong", "commune"]) || k.contains("dac khu") { return .commune }
        if k.contains("doanh nghiep") || k == "dn" { return .enterprise }
        if k.contains("dang") || k.contains("tinh uy") { return .partyBody }
        if !words.isDisjoint(with: ["so", "ban", "nganh", "department"]) || k.contains("co quan") { return .department }
        if k == "khac" { return .other }
        return nil
    }

    /// The rows of an uploaded list, or every problem with its row.
    public static func read(_ data: Data, fileName: String) -> Result<[AgencyListRow], Refusal> {
        let table: [[String]]
        if fileName.lowercased().hasSuffix(".xlsx") {
            do {
                guard let sheet = try XLSX.read(data).first else { return .failure(Refusal(problems: ["tệp Excel không có trang tính nào"])) }
                table = sheet.rows.map { $0.map(\.text) }
            } catch let error as XLSXError {
                return .failure(Refusal(problems: [error.message]))
            } catch {
                return .failure(Refusal(problems: ["không đọc được tệp Excel"]))
            }
        } else {
            guard let text = String(data: data, encoding: .utf8) else {
                return .failure(Refusal(problems: ["tệp không phải văn bản UTF-8 (lưu từ Excel bằng «CSV UTF-8»)"]))
            }
            table = CSVText.tabText(text).components(separatedBy: "\n").map { $0.components(separatedBy: "\t") }
        }
        var columns = (name: 0, kind: 1, code: 2)
        var first = 0
        if let head = table.first {
            let keys = head.map { TextFolding.searchKey($0) }
            if let n = keys.firstIndex(where: { $0.hasPrefix("ten") }) {
                columns.name = n
                columns.kind = keys.firstIndex { $0.hasPrefix("loai") } ?? -1
                columns.code = keys.firstIndex { $0.hasPrefix("ma") } ?? -1
                first = 1
            }
        }
        func cell(_ row: [String], _ i: Int) -> String { i >= 0 && i < row.count ? row[i].trimmedWhitespace : "" }
        var rows: [AgencyListRow] = []
        var problems: [String] = []
        for (n, row) in table.enumerated().dropFirst(first) {
            let name = cell(row, columns.name)
            if name.isEmpty {
                if row.contains(where: { !$0.trimmedWhitespace.isEmpty }) { problems.append("dòng \(n + 1): thiếu tên cơ quan") }
                continue
            }
            guard let kind = kind(cell(row, columns.kind), name: name) else {
                problems.append("dòng \(n + 1): loại «\(cell(row, columns.kind).prefix(40))» không rõ (ghi: sở, ban, ngành; xã, phường; cơ quan Đảng; doanh nghiệp; khác)")
                continue
            }
            let code = cell(row, columns.code)
            rows.append(.init(name: name, kind: kind, code: code.isEmpty ? nil : code))
        }
        if rows.count > maxRows { problems.append("danh sách có \(rows.count) dòng, tối đa \(maxRows)") }
        if rows.isEmpty && problems.isEmpty { problems.append("danh sách không có dòng nào") }
        return problems.isEmpty ? .success(rows) : .failure(Refusal(problems: problems))
    }
}
