import Foundation
import KeHoachCore

/// Reads what a plan says about itself: title, number, issuer, date, span of years, reporting rule.
enum MetadataReader {
    static let documentTypes = ["KẾ HOẠCH": "Kế hoạch", "NGHỊ QUYẾT": "Nghị quyết", "QUYẾT ĐỊNH": "Quyết định",
                                "CHƯƠNG TRÌNH": "Chương trình", "ĐỀ ÁN": "Đề án", "BÁO CÁO": "Báo cáo"]

    /// The subject line under the document's type (`KẾ HOẠCH` / `QUYẾT ĐỊNH` / `CHƯƠNG TRÌNH` …), never a
    /// `Căn cứ …` line; for a decision that issues a plan, the attached plan's subject.
    static func title(_ lines: [SourceLine]) -> String {
        let texts = lines.filter { !$0.hasTabs }.prefix(4_000).map(\.plain)
        func subject(after i: Int) -> [String] {
            var subject: [String] = []
            for next in texts.dropFirst(i + 1) {
                if next.isEmpty { if subject.isEmpty { continue } else { break } }
                if next.allSatisfy({ $0 == "-" || $0 == "_" }) { break }
                if case .roman = Outline.mark(next) { break }
                if case .numbered = Outline.mark(next) { break }
                let k = TextFolding.searchKey(String(next.prefix(30)))
                if ["can cu", "theo de nghi", "xet de nghi", "dieu 1", "quyet dinh:", "(kem theo", "kem theo", "thuc hien chi dao"].contains(where: { k.hasPrefix($0) }) { break }
                if next.uppercased() == next, next.count > 3, k.hasPrefix("cua ") || k.hasPrefix("uy ban") || k.hasPrefix("ban chap hanh") { continue }
                subject.append(next)
                if subject.count >= 4 { break }
            }
            return subject
        }
        var first: (type: String, subject: String)? = nil
        for (i, t) in texts.enumerated() where i < 200 || first != nil {
            guard let type = documentTypes[t] else { continue } // the keys are in capitals
            let s = TextFolding.collapseSpaces(subject(after: i).joined(separator: " "))
            if first != nil {
                // A decision (or resolution) that issues a plan: the plan's own subject, if it has one.
                if ["Kế hoạch", "Chương trình", "Đề án"].contains(type), !s.isEmpty { return type + " " + s }
                continue
            }
            first = (type, s)
            if !["Quyết định", "Nghị quyết"].contains(type) { return s.isEmpty ? type : type + " " + s }
        }
        if let f = first {
            return f.subject.isEmpty ? f.type : f.type + " " + f.subject
        }
        let head = texts.prefix(60)
        let nonBlank = head.filter { !$0.isEmpty }
        if let list = nonBlank.first(where: { $0.utf8.count < 2_000 && TextFolding.searchKey(String($0.prefix(40))).hasPrefix("danh muc cac nhiem vu") && $0.count > 40 }) {
            return list
        }
        return nonBlank.first { $0.count > 8 && $0.count < 200 } ?? "Kế hoạch"
    }

    static func number(_ lines: [SourceLine]) -> String? {
        for l in lines.prefix(300) where !l.isBlank && (l.text.hasPrefix("Số") || l.text.hasPrefix("(Kèm")) {
            let t = l.plain
            if let m = Outline.firstMatch(#"^Số:?\s*([0-9]*)\s*([-/]?[A-ZĐ]+(?:[-/][A-ZĐ0-9][A-ZĐa-z0-9]*)+)"#, in: t) {
                let n = m[0]
                let symbol = m[1]
                if n.isEmpty { return symbol.hasPrefix("/") ? "…" + symbol : symbol }
                return n + symbol
            }
            if let m = Outline.firstMatch(#"^\(Kèm theo Kế hoạch số:?\s*([0-9]*)\s*(/[A-ZĐ][A-ZĐa-z]*-[A-ZĐ][A-ZĐa-z]*)"#, in: t) {
                return (m[0].isEmpty ? "…" : m[0]) + m[1]
            }
        }
        return nil
    }

    static func issuedOn(_ lines: [SourceLine]) -> CivilDate? {
        for l in lines.prefix(300) where l.text.contains("ngày") {
            if let m = Outline.firstMatch(#"[A-ZĐ][\p{L} ]+, ngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4})"#, in: l.plain),
               let d = Int(m[0]), let mo = Int(m[1]), let y = Int(m[2]) { return CivilDate(year: y, month: mo, day: d) }
            if let m = Outline.firstMatch(#"Kèm theo [^)]*ngày (\d{1,2})/(\d{1,2})/(\d{4})"#, in: l.plain),
               let d = Int(m[0]), let mo = Int(m[1]), let y = Int(m[2]) { return CivilDate(year: y, month: mo, day: d) }
        }
        return nil
    }

    static func province(_ text: String) -> String? {
        var counts: [String: Int] = [:]
        for m in Outline.allMatches(#"tỉnh ([A-ZĐ][\p{Ll}]+ [A-ZĐ][\p{Ll}]+)"#, in: text) { counts[m[0], default: 0] += 1 }
        return counts.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key
    }

    static func issuer(_ lines: [SourceLine], fullText: String) -> String? {
        let province = province(fullText)
        // The issuer shows in the heading and the signature block: read the first and last lines only.
        let ends = (lines.prefix(40) + lines.suffix(60)).map { String($0.plain.prefix(300)) }.joined(separator: " ")
        let k = TextFolding.searchKey(ends)
        for l in lines.prefix(80) where l.text.includes("Kèm theo") {
            if let m = Outline.firstMatch(#"Kèm theo [^)]* của (UBND tỉnh [\p{L} ]+|Ủy ban nhân dân tỉnh [\p{L} ]+)\)"#, in: l.plain) {
                return AgencyShort.ubnd(m[0])
            }
        }
        let head = TextFolding.searchKey(lines.prefix(30).map { String($0.plain.prefix(300)) }.joined(separator: " "))
        if head.includes("ban chap hanh dang bo tinh") { return "Ban Chấp hành Đảng bộ tỉnh" + (province.map { " " + $0 } ?? "") }
        if k.includes("tm. uy ban nhan dan") || k.includes("uy ban nhan dan tinh ban hanh") || k.includes("uy ban nhan dan tinh yeu cau") {
            return "UBND tỉnh" + (province.map { " " + $0 } ?? "")
        }
        return province.map { "UBND tỉnh " + $0 }
    }

    /// Years from the title (`giai đoạn 2021 - 2025, định hướng đến năm 2030`, `năm 2026`), else from the
    /// first "giai đoạn" in the text; nil when neither says.
    static func span(title: String, paragraphs: [Paragraph]) -> YearSpan? {
        func years(_ text: String) -> [Int] {
            let noDates = text.replacingOccurrences(of: #"\d{1,2}/\d{1,2}/\d{4}"#, with: " ", options: .regularExpression)
            return Outline.allMatches(#"(?:^|\D)(20\d\d)(?!\d)"#, in: noDates).compactMap { Int($0[0]) }
        }
        let t = years(title)
        if let lo = t.min(), let hi = t.max(), !TextFolding.searchKey(title).includes("quyet dinh so") || t.count > 1 {
            return YearSpan(from: lo, to: hi)
        }
        for p in paragraphs.prefix(30) where p.text.includes("giai đoạn") {
            if let m = Outline.firstMatch(#"giai đoạn (20\d\d) ?[-–] ?(20\d\d)"#, in: p.text), let a = Int(m[0]), let b = Int(m[1]) {
                return YearSpan(from: a, to: b)
            }
        }
        return nil
    }

    /// The periodic reporting rule: `báo cáo kết quả thực hiện định kỳ hằng tháng trước ngày 20`,
    /// `Định kỳ hàng quý (trước ngày 05 tháng cuối quý)`, `Định kỳ hàng năm hoặc đột xuất`.
    static func reporting(_ paragraphs: [Paragraph]) -> ReportingRule? {
        var candidates: [(score: Int, rule: ReportingRule)] = []
        for p in paragraphs where p.text.includes("báo cáo") || p.text.includes("Báo cáo") || p.text.includes("BÁO CÁO") {
            let sentences = p.text.split(separator: ".", omittingEmptySubsequences: true).map(String.init)
            for s in sentences where s.includes("báo cáo") || s.includes("Báo cáo") || s.includes("BÁO CÁO") {
                let k = TextFolding.searchKey(String(s.prefix(1_000)))
                // Due dates written out: "trước ngày 01/6 và 15/11 hằng năm" (one per report of the year).
                let dates = dueDates(k)
                guard k.includes("bao cao"), k.includes("dinh ky") || k.includes("hang thang") || k.includes("hang quy") || !dates.isEmpty else { continue }
                let cadence: Cadence
                if dates.count == 2 { cadence = .halfYearly }
                else if dates.count == 4 { cadence = .quarterly }
                else if k.includes("hang thang") || k.includes("hang thang") { cadence = .monthly }
                else if k.includes("hang quy") { cadence = .quarterly }
                else if k.includes("6 thang") || k.includes("sau thang") { cadence = .halfYearly }
                else if k.includes("hang nam") || dates.count == 1 { cadence = .yearly }
                else { continue }
                let day = Outline.firstMatch(#"truoc ngay (\d{1,2})(?!\d|\s*/)"#, in: k).flatMap { Int($0[0]) }
                let month: Int? = k.includes("thang cuoi quy") ? 3 : (k.includes("thang dau quy") ? 1 : nil)
                var text = TextFolding.collapseSpaces(s)
                while let f = text.first, "-+•".contains(f) { text = TextFolding.collapseSpaces(String(text.dropFirst())) }
                if text.count > 300 { text = String(text.prefix(300)) + "…" }
                let score = (day != nil || !dates.isEmpty ? 2 : 0) + (k.includes("dinh ky") ? 1 : 0)
                candidates.append((score, ReportingRule(cadence: cadence, dueDay: day, dueMonthOfPeriod: month,
                                                        dueDates: [1, 2, 4].contains(dates.count) ? dates : nil, text: text)))
            }
        }
        return candidates.max { $0.score < $1.score }?.rule
    }
}

extension MetadataReader {
    /// The days and months after "trước ngày" in a reporting sentence (folded): `truoc ngay 01/6 va 15/11 hang nam`
    /// → 1 June, 15 November. A date with its year (`15/01/2026`) is a one-off, not a rule: none.
    static func dueDates(_ k: String) -> [MonthDay] {
        guard let m = Outline.firstMatch(#"truoc (?:ngay )?(\d{1,2}/\d{1,2}(?:\s*(?:,|va|;)\s*(?:ngay\s+)?\d{1,2}/\d{1,2})*)(?!\s*/|\d)"#, in: k) else { return [] }
        var out: [MonthDay] = []
        for pair in m[0].split(whereSeparator: { !$0.isNumber && $0 != "/" }) {
            let parts = pair.split(separator: "/")
            guard parts.count == 2, let d = Int(parts[0]), let mo = Int(parts[1]), let md = MonthDay(month: mo, day: d) else { continue }
            out.append(md)
        }
        return out.sorted()
    }
}

enum AgencyShort {
    static func ubnd(_ s: String) -> String {
        TextFolding.collapseSpaces(s.replacingOccurrences(of: "Ủy ban nhân dân", with: "UBND"))
    }
}
