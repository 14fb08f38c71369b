/// A reference to an administrative document given as evidence: "Quyết định số 933/QĐ-UBND ngày 05/6/2025".
public struct DocumentReference: Sendable, Hashable, Codable {
    /// Loại văn bản: Quyết định, Kế hoạch, Công văn …
    public var type: String?
    public var number: String?
    /// Ký hiệu: QĐ-UBND, KH-UBND, NQ/TU …
    public var symbol: String?
    public var date: CivilDate?
    public var text: String

    public init(type: String?, number: String?, symbol: String?, date: CivilDate?, text: String) {
        self.type = type; self.number = number; self.symbol = symbol; self.date = date; self.text = text
    }

    /// What was read from the reference (`Quyết định · số 933 · QĐ-UBND · ngày 05/06/2025`), or nil when neither
    /// its number nor its date was found.
    public var reading: String? {
        guard number != nil || date != nil else { return nil }
        return [type, number.map { "số \($0)" }, symbol, date.map { "ngày \($0.vietnamese)" }].compactMap { $0 }.joined(separator: " · ")
    }

    static let types = ["Quyết định", "Kế hoạch", "Công văn", "Nghị quyết", "Chỉ thị", "Thông báo", "Báo cáo", "Tờ trình",
                        "Thông tư", "Nghị định", "Hướng dẫn", "Chương trình", "Đề án", "Văn bản", "Biên bản", "Hợp đồng", "Quy chế"]

    /// Reads number, symbol and date; the words are always kept.
    ///
    /// ```swift
    /// DocumentReference.parse("Quyết định số 933/QĐ-UBND ngày 05/6/2025")
    /// // type "Quyết định", number "933", symbol "QĐ-UBND", date 2025-06-05
    /// ```
    public static func parse(_ raw: String) -> DocumentReference {
        let text = TextFolding.collapseSpaces(raw)
        let type = types.first { text.hasPrefix($0) || text.hasPrefix($0.lowercased()) }
        var number: String? = nil
        var symbol: String? = nil
        if let m = RegexCache.shared.firstMatch(#"(?:số|Số|so)?\s*(\d{1,6})\s*/\s*([A-ZĐ0-9]+(?:[-/][A-ZĐ0-9]+)*)"#, in: text) {
            number = m[0]; symbol = m[1]
        } else if let m = RegexCache.shared.firstMatch(#"(?:số|Số)\s*(\d{1,6})-([A-ZĐ]+/[A-ZĐ]+)"#, in: text) {
            number = m[0]; symbol = m[1]
        }
        var date: CivilDate? = nil
        if let m = RegexCache.shared.firstMatch(#"ngày\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})"#, in: text),
           let d = Int(m[0]), let mo = Int(m[1]), let y = Int(m[2]) {
            date = CivilDate(year: y, month: mo, day: d)
        } else if let m = RegexCache.shared.firstMatch(#"ngày\s*(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})"#, in: text),
                  let d = Int(m[0]), let mo = Int(m[1]), let y = Int(m[2]) {
            date = CivilDate(year: y, month: mo, day: d)
        }
        return DocumentReference(type: type, number: number, symbol: symbol, date: date, text: text)
    }
}
