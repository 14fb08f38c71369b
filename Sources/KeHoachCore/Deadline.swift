import Foundation

/// The kinds of deadline (thời hạn) in domain.md.
public enum DeadlineKind: String, Sendable, Codable, CaseIterable {
    /// Due on one day: the last day of a month, quarter or year, or a stated day.
    case date
    /// From 1 January of the first year to 31 December of the last.
    case range
    /// Due every year, quarter, month or reporting period.
    case recurring
    /// No due date; progress expected in every period (`Thường xuyên`).
    case ongoing
    /// Waits for an outside event (`Sau khi có Quyết định …`).
    case conditional
    /// Text the parser could not read; kept as written and reported as a warning.
    case unknown

    /// In the interface's words (filters, task pages, the import summary).
    public var label: String {
        switch self {
        case .date: "Hạn cụ thể"
        case .range: "Giai đoạn"
        case .recurring: "Định kỳ"
        case .ongoing: "Thường xuyên"
        case .conditional: "Có điều kiện"
        case .unknown: "Chưa rõ"
        }
    }
}

/// The repetition of a recurring deadline.
public enum Recurrence: String, Sendable, Codable {
    case year, quarter, month, period
}

/// A task's deadline, with the original words always kept.
public struct Deadline: Sendable, Hashable, Codable {
    public var text: String
    public var kind: DeadlineKind
    public var due: CivilDate?
    public var start: CivilDate?
    public var every: Recurrence?
    public var condition: String?

    public init(text: String, kind: DeadlineKind, due: CivilDate? = nil, start: CivilDate? = nil,
                every: Recurrence? = nil, condition: String? = nil) {
        self.text = text; self.kind = kind; self.due = due; self.start = start; self.every = every; self.condition = condition
    }

    enum CodingKeys: String, CodingKey { case text, kind, due, start, every, condition }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(text, forKey: .text)
        try c.encode(kind, forKey: .kind)
        try c.encode(due, forKey: .due)
        try c.encode(start, forKey: .start)
        try c.encode(every, forKey: .every)
        try c.encode(condition, forKey: .condition)
    }
}

/// Reads deadline texts: `3/2025`, `Quý II/2026`, `Cuối năm 2026`, `2026 – 2030`, `Hằng quý`, `Thường xuyên`,
/// `Năm 2026 và các năm tiếp theo`, `Sau khi có hướng dẫn của Bộ …`, and the same broken over lines by PDF
/// extraction (`Quý` / `II/2026`).
public enum DeadlineParser {
    public static func parse(_ raw: String) -> Deadline {
        let text = TextFolding.collapseSpaces(raw)
            .replacingOccurrences(of: "–", with: "-").replacingOccurrences(of: "—", with: "-")
        let original = TextFolding.collapseSpaces(raw)
        let key = TextFolding.searchKey(text).trimmed(of: " .;,")
        func make(_ kind: DeadlineKind, due: CivilDate? = nil, start: CivilDate? = nil, every: Recurrence? = nil, condition: String? = nil) -> Deadline {
            Deadline(text: original, kind: kind, due: due, start: start, every: every, condition: condition)
        }
        guard !key.isEmpty else { return make(.unknown) }

        // Every year, as another plan sets it: Theo Kế hoạch bồi dưỡng công chức, viên chức hàng năm.
        if key.hasPrefix("theo ") || key.hasPrefix("thang "), key.hasSuffix("hang nam") {
            return make(.recurring, every: .year)
        }
        // Conditional: waits for an outside event.
        let conditionalStarts = ["sau khi", "theo tien do", "theo chi dao", "theo huong dan", "khi co", "theo yeu cau", "theo ke hoach"]
        if conditionalStarts.contains(where: { key.hasPrefix($0) }) {
            return make(.conditional, condition: original)
        }
        // Ongoing.
        // From a year on, every year: Năm 2026 và các năm tiếp theo, 2025 và những năm tiếp theo (from Jan 1 of that year).
        if key.includes("nam tiep theo") {
            let year = firstMatch(#"(20\d\d)"#, in: key).flatMap { Int($0[0]) }
            return make(.ongoing, start: year.flatMap { CivilDate.startOfYear($0) })
        }
        if key.includes("thuong xuyen") || key.hasPrefix("lien tuc") || key == "hang ngay" {
            return make(.ongoing)
        }
        // Recurring.
        let recurring: [(String, Recurrence)] = [
            ("hang nam", .year), ("hang quy", .quarter), ("hang thang", .month), ("dinh ky", .period),
        ]
        for (word, every) in recurring where key.hasPrefix(word) || key == word {
            return make(.recurring, every: every)
        }

        // From a year on: Bắt đầu triển khai từ năm 2026, Từ năm 2026.
        if let m = firstMatch(#"^(?:bat dau\s+)?(?:trien khai\s+|thuc hien\s+)?tu\s+nam\s+(20\d\d)$"#, in: key), let y = Int(m[0]) {
            return make(.ongoing, start: CivilDate.startOfYear(y))
        }
        // A range of quarters: Quý IV/2025 - Quý II/2026 (from the first day of the first to the last of the second).
        let quarter = #"qu[yi]\s*([ivx]+|[1-4])\s*(?:/|-|nam)\s*(20\d\d)"#
        if let m = firstMatch("^(?:tu\\s+)?" + quarter + #"\s*(?:-|den)\s*"# + quarter + "$", in: key),
           let q1 = quarterNumber(m[0]), let y1 = Int(m[1]), let q2 = quarterNumber(m[2]), let y2 = Int(m[3]),
           let start = CivilDate(year: y1, month: q1 * 3 - 2, day: 1), let due = CivilDate.endOfQuarter(y2, q2), start < due {
            return make(.range, due: due, start: start)
        }
        // Range of years: 2026-2030, Giai đoạn 2026 - 2030, 2025- 2026.
        if let m = firstMatch(#"(?:^|\D)(20\d\d)\s*-\s*(20\d\d)(?:\D|$)"#, in: key), let a = Int(m[0]), let b = Int(m[1]), a <= b,
           key.count <= 40 {
            return make(.range, due: CivilDate.endOfYear(b), start: CivilDate.startOfYear(a))
        }
        // A day written out: trước ngày 01 tháng 01 năm 2026.
        if let m = firstMatch(#"ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(20\d\d)"#, in: key),
           let d = Int(m[0]), let mo = Int(m[1]), let y = Int(m[2]), let date = CivilDate(year: y, month: mo, day: d) {
            return make(.date, due: date)
        }
        // A day: trước ngày 15/01/2026, ngày 30/6/2026.
        if let m = firstMatch(#"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(20\d\d)"#, in: key),
           let d = Int(m[0]), let mo = Int(m[1]), let y = Int(m[2]), let date = CivilDate(year: y, month: mo, day: d) {
            return make(.date, due: date)
        }
        // A quarter: Quý II/2026, quý 4 năm 2026, Quí IV-2025.
        if let m = firstMatch(quarter, in: key), let y = Int(m[1]),
           let q = quarterNumber(m[0]), let date = CivilDate.endOfQuarter(y, q) {
            return make(.date, due: date)
        }
        // First half: 6 tháng đầu năm 2026.
        if let m = firstMatch(#"6 thang dau nam\s*(20\d\d)"#, in: key), let y = Int(m[0]) {
            return make(.date, due: CivilDate.endOfMonth(y, 6))
        }
        // A month: 3/2025, Tháng 10/2026, trong tháng 01/2026, tháng 5 năm 2026.
        if let m = firstMatch(#"(?:^|[^\d/])(\d{1,2})\s*(?:/|nam)\s*(20\d\d)(?:\D|$)"#, in: key), let mo = Int(m[0]), let y = Int(m[1]),
           let date = CivilDate.endOfMonth(y, mo) {
            return make(.date, due: date)
        }
        // A year: 2025, Năm 2026, Cuối năm 2026, trong năm 2026.
        if let m = firstMatch(#"^(?:(?:cuoi|trong|truoc|den)\s+)?(?:nam\s+)?(20\d\d)$"#, in: key), let y = Int(m[0]) {
            return make(.date, due: CivilDate.endOfYear(y))
        }
        // A longer text: its first clause holds the time ("Ban hành trong năm 2026. Thực hiện rà soát, điều chỉnh
        // (nếu có)", "Thí điểm trong giai đoạn 2026 - 2027 và thực hiện mở rộng sau năm 2028"), after a verb.
        if let inner = firstTime(text) {
            let d = parse(inner)
            return make(d.kind, due: d.due, start: d.start, every: d.every, condition: d.condition)
        }
        return make(.unknown)
    }

    /// The time named in a text's first clause, when the text says more than the time: "trong năm 2026",
    /// "giai đoạn 2026 - 2027", "Quý II/2026"; nil when the clause names none.
    static func firstTime(_ text: String) -> String? {
        func cut(_ s: Substring, at separators: [String]) -> Substring {
            separators.reduce(s) { part, sep in part.range(of: sep).map { part[..<$0.lowerBound] } ?? part }
        }
        // The first sentence; in it the clause before "và", and before a comma, tried first ("Thí điểm trong giai
        // đoạn 2026 - 2028, nghiên cứu …"; "… các quy định, hướng dẫn và các báo cáo liên quan trong năm 2026").
        let sentence = cut(Substring(text), at: [". ", "; ", ";", "\n"])
        let beforeAnd = cut(sentence, at: [" và "])
        let clauses = [cut(beforeAnd, at: [", "]), beforeAnd, sentence]
        let times = [#"(?:giai doan\s+)?20\d\d\s*-\s*20\d\d"#, #"qu[yi]\s*(?:[ivx]+|[1-4])\s*(?:/|-|nam)\s*20\d\d"#,
                     #"\d{1,2}\s*/\s*\d{1,2}\s*/\s*20\d\d"#, #"(?:thang\s+)?\d{1,2}\s*/\s*20\d\d"#, #"nam\s+20\d\d"#]
        for clause in clauses {
            let key = TextFolding.searchKey(String(clause))
            for pattern in times {
                guard let m = RegexCache.shared.firstMatch("(?:^|\\s)(?:(?:trong|den|truoc|tu)\\s+)?(" + pattern + ")(?:\\D|$)", in: key) else { continue }
                // Only when the text says more than the time itself (else the rules above have spoken), and names
                // no other year in the clause ("Năm 2026 Năm 2026", two cells run together, stays unread).
                guard m[0].count < key.count || clause.count < text.count else { return nil }
                var rest = key
                if let r = rest.range(of: m[0]) { rest.replaceSubrange(r, with: " ") }
                return RegexCache.shared.firstMatch(#"(20\d\d)"#, in: rest) == nil ? m[0] : nil
            }
        }
        return nil
    }

    static func quarterNumber(_ s: String) -> Int? {
        switch s { case "i", "1": 1; case "ii", "2": 2; case "iii", "3": 3; case "iv", "4": 4; default: nil }
    }

    static func firstMatch(_ pattern: String, in text: String) -> [String]? {
        RegexCache.shared.firstMatch(pattern, in: text)
    }

    /// Whether a text reads as a deadline of a known kind (used to find the deadline cell in broken tables).
    public static func isDeadline(_ text: String) -> Bool { parse(text).kind != .unknown }
}
