import Foundation
import KeHoachCore

/// Reads tables whose text was extracted from PDF (seed 004): no tabs, every cell broken over several lines,
/// cells of one row read column after column, a header repeated on each page.
///
/// Rows are found by their number at the start of a line (numbers follow each other, with small gaps for
/// numbers the document skips); group rows by a Roman numeral and a title. Inside a row, cells are found by
/// what they contain: the values (`48%`, `0.7`, `Có`), the deadline (`Quý II/2026`, `Thường xuyên`), and
/// where one agency's name starts without a separator before it (the lead column ends there).
struct BrokenTableReader {
    var defaultYear: Int?

    struct Header {
        var key: String
        var kind: TableKind
        var baselineYear: Int?
        var targetYear: Int?
        var deadlineBeforeProduct: Bool
    }

    struct RawRow {
        var line: Int
        var code: String
        var group: String?
        var groupNumeral: String?
        var lines: [String]
        /// Lines that came after a repeated page header, before the next row.
        var afterBreak: [String]
    }

    struct Result {
        var indicators: [Indicator] = []
        var tasks: [PlanTask] = []
    }

    /// More lines than any real row spans (the longest in the seeds is about 15).
    static let maxLinesPerRow = 80

    static func headerKey(_ text: String) -> String {
        TextFolding.searchKey(text).filter { $0.isLetter || $0.isNumber }
    }

    /// A header starts with `STT` and names a task or target column within its first lines.
    func header(at i: Int, in lines: [SourceLine]) -> (Header, next: Int)? {
        let first = lines[i].plain
        guard !lines[i].hasTabs, first.hasPrefix("STT") || first.hasPrefix("TT ") || first.hasPrefix("Stt") else { return nil }
        let k = TextFolding.searchKey(String(first.prefix(200)))
        guard k.hasPrefix("stt ") || k == "stt" || k.hasPrefix("tt ") else { return nil }
        var text = first
        var j = i + 1
        while j < lines.count, j - i < 30 {
            let l = lines[j]
            if l.isBlank { j += 1; continue }
            let t = l.plain
            if isGroupLine(t) != nil || rowStart(t) != nil { break }
            text += " " + t
            j += 1
        }
        let hk = TextFolding.searchKey(text)
        let kind: TableKind
        if hk.includes("nhiem vu") { kind = .tasks } else if hk.includes("muc tieu") || hk.includes("chi tieu") { kind = .indicators } else { return nil }
        guard hk.includes("chu tri") || hk.includes("thoi han") || hk.includes("thoi gian") || hk.includes("ket qua") else { return nil }
        let baselineYear = Outline.firstMatch(#"ket qua nam (20\d\d)"#, in: hk).flatMap { Int($0[0]) }
        let targetYear = Outline.firstMatch(#"(?:muc tieu|chi tieu|ke hoach) nam (20\d\d)"#, in: hk).flatMap { Int($0[0]) }
        let dPos = hk.range(of: "thoi han") ?? hk.range(of: "thoi gian")
        let pPos = hk.range(of: "san pham")
        let deadlineBeforeProduct = dPos == nil || pPos == nil || dPos!.lowerBound < pPos!.lowerBound
        return (Header(key: Self.headerKey(text), kind: kind, baselineYear: baselineYear, targetYear: targetYear,
                       deadlineBeforeProduct: deadlineBeforeProduct), j)
    }

    /// `I Nhận thức số`, `IV Chính quyền số`: a Roman numeral and a short title.
    func isGroupLine(_ t: String) -> (numeral: String, title: String)? {
        let numeral = t.prefix(while: { "IVX".contains($0) })
        guard !numeral.isEmpty, Outline.romanValue(String(numeral)) != nil else { return nil }
        var rest = t.dropFirst(numeral.count)
        if rest.first == "." { rest = rest.dropFirst() }
        guard rest.first == " " else { return nil }
        let title = TextFolding.collapseSpaces(String(rest))
        guard let f = title.first, f.isUppercase, title.count <= 90 else { return nil }
        return (String(numeral), title)
    }

    /// `12` or `12 Text…` at the start of a line.
    func rowStart(_ t: String) -> (number: Int, rest: String)? {
        let digits = t.prefix(while: { $0.isASCII && $0.isNumber })
        guard !digits.isEmpty, digits.count <= 3, let n = Int(digits) else { return nil }
        let rest = t.dropFirst(digits.count)
        if rest.isEmpty { return (n, "") }
        guard rest.first == " " else { return nil }
        let text = TextFolding.collapseSpaces(String(rest))
        guard let f = text.first, f.isUppercase else { return nil }
        return (n, text)
    }

    func read(_ lines: [SourceLine], skip: Set<Int>, warnings: inout [ImportWarning]) -> Result {
        var result = Result()
        var i = 0
        while i < lines.count {
            guard !skip.contains(lines[i].number), let (header, next) = header(at: i, in: lines) else { i += 1; continue }
            var rows: [RawRow] = []
            var group: String? = nil
            var numeral: String? = nil
            var last = 0
            var afterBreak = false
            var j = next
            while j < lines.count {
                let l = lines[j]
                if l.isBlank { j += 1; continue }
                let t = l.plain
                let k = TextFolding.searchKey(String(t.prefix(24)))
                if k.hasPrefix("phu luc") || k.hasPrefix("noi nhan") || k.hasPrefix("tm. uy ban") { break }
                // A repeated header: skip the lines that spell it again.
                if k.hasPrefix("stt ") || k == "stt" {
                    var acc = Self.headerKey(t)
                    var m = j + 1
                    while m < lines.count, acc.count < header.key.count {
                        let lk = Self.headerKey(lines[m].plain)
                        if lines[m].isBlank { m += 1; continue }
                        guard header.key.hasPrefix(acc + lk) else { break }
                        acc += lk
                        m += 1
                    }
                    j = m; afterBreak = true
                    continue
                }
                if let g = isGroupLine(t), rowStart(t) == nil {
                    group = g.title; numeral = g.numeral
                    if header.kind == .indicators { last = 0 }
                    afterBreak = false
                    j += 1; continue
                }
                if let r = rowStart(t), r.number > last, r.number <= last + 3 || (last == 0 && r.number == 1) {
                    last = r.number
                    rows.append(RawRow(line: l.number, code: String(r.number), group: group, groupNumeral: numeral,
                                       lines: r.rest.isEmpty ? [] : [r.rest], afterBreak: []))
                    afterBreak = false
                    j += 1; continue
                }
                if let lastRow = rows.last, lastRow.lines.count + lastRow.afterBreak.count >= Self.maxLinesPerRow {
                    // No real table cell runs this long: the table has ended without a marker.
                    warnings.append(ImportWarning(line: l.number, text: t, reason: "dòng \(lastRow.code) quá dài; coi như hết bảng"))
                    break
                }
                if rows.isEmpty {
                    if warnings.count < 1_000 { warnings.append(ImportWarning(line: l.number, text: t, reason: "dòng trước dòng đầu tiên của bảng")) }
                    if j - next > 200 { break }
                } else if afterBreak {
                    rows[rows.count - 1].afterBreak.append(t)
                } else {
                    rows[rows.count - 1].lines.append(t)
                }
                j += 1
            }
            switch header.kind {
            case .indicators:
                let codes = rows.map { [$0.groupNumeral, $0.code].compactMap { $0 }.joined(separator: ".") }
                for (row, code) in zip(rows, codes) {
                    result.indicators.append(indicator(row, code: code, header: header, warnings: &warnings))
                }
            case .tasks:
                let plain = Set(rows.map(\.code)).count == rows.count
                let widths = rows.filter { $0.lines.count >= 3 }.map { $0.lines[0].count }.sorted()
                let nameWidth = widths.isEmpty ? 40 : widths[widths.count / 2]
                for row in rows {
                    let code = plain ? row.code : [row.groupNumeral, row.code].compactMap { $0 }.joined(separator: ".")
                    result.tasks.append(task(row, code: code, header: header, nameWidth: nameWidth, warnings: &warnings))
                }
            }
            i = j
        }
        return result
    }

    static func joinLines(_ lines: [String]) -> String {
        lines.reduce("") { $0.isEmpty ? $1 : Paragraphs.join($0, $1) }
    }

    // MARK: - Indicators

    struct Token { var text: String; var range: Range<Int> }

    /// Rows are cut by Unicode scalar offsets (plans are NFC): walking Characters (grapheme clusters) made this
    /// reader a fifth of an import's time.
    static func text(_ scalars: ArraySlice<Unicode.Scalar>) -> String { TextFolding.string(scalars) }

    static func words(_ text: String) -> [Token] {
        var out: [Token] = []
        let chars = Array(text.unicodeScalars)
        var i = 0
        while i < chars.count {
            if chars[i] == " " { i += 1; continue }
            var j = i
            while j < chars.count, chars[j] != " " { j += 1 }
            out.append(Token(text: Self.text(chars[i..<j]), range: i..<j))
            i = j
        }
        return out
    }

    /// A value cell: `48%`, `9,5%`, `10,48`, `0.7`, `Có`, `Không`.
    static func isValue(_ w: String) -> Bool {
        if w == "Có" || w == "Không" { return true }
        if w.hasSuffix("%"), VietnameseNumber.parse(String(w.dropLast())) != nil { return true }
        if w.includes(",") || w.includes(".") {
            if let _ = VietnameseNumber.parse(w), w.first?.isNumber == true { return !(w.split(separator: ".").last?.count == 3 && !w.includes(",")) }
        }
        return false
    }

    func indicator(_ row: RawRow, code: String, header: Header, warnings: inout [ImportWarning]) -> Indicator {
        let text = Self.joinLines(row.lines)
        let words = Self.words(text)
        // Runs of one or two value words; the run that agencies follow is the values column.
        var runs: [Range<Int>] = []
        var w = 0
        while w < words.count {
            if Self.isValue(words[w].text) {
                var e = w
                while e + 1 < words.count, Self.isValue(words[e + 1].text), e - w < 1 { e += 1 }
                runs.append(w..<(e + 1))
                w = e + 1
            } else { w += 1 }
        }
        let chars = Array(text.unicodeScalars)
        let chosen = runs.last { r in
            r.upperBound == words.count || AgencyNames.startsAgency(Self.text(chars[words[r.upperBound].range.lowerBound...]), columnStart: true)
        } ?? runs.last
        var name = text
        var agencies = ""
        var values: [String] = []
        if let r = chosen {
            name = Self.text(chars[..<words[r.lowerBound].range.lowerBound])
            agencies = r.upperBound < words.count ? Self.text(chars[words[r.upperBound].range.lowerBound...]) : ""
            values = words[r].map(\.text)
        } else {
            warnings.append(ImportWarning(line: row.line, text: text, reason: "không tìm thấy giá trị mục tiêu trong dòng"))
            if let a = Self.firstAgencyStart(in: text, from: 8) {
                name = Self.text(chars[..<a]); agencies = Self.text(chars[a...])
            }
        }
        // Text after a page break continues the name unless it names an agency.
        for extra in row.afterBreak {
            if AgencyNames.startsAgency(extra, columnStart: true) { agencies = Paragraphs.join(agencies, extra) } else { name = Paragraphs.join(TextFolding.collapseSpaces(name), extra) }
        }
        name = TextFolding.collapseSpaces(name)
        let (lead, monitoring) = Self.splitColumns(TextFolding.collapseSpaces(agencies))
        var baseline: Baseline? = nil
        var targets: [Target] = []
        let unit: String? = values.contains { $0.hasSuffix("%") } || TextFolding.searchKey(name).hasPrefix("ty le") ? "%" : nil
        func target(_ v: String) -> Target {
            let parsed = TargetParser.parse(v, unit: unit)
            return Target(year: header.targetYear ?? defaultYear, comparator: parsed.comparator, value: parsed.value, max: parsed.max, text: v)
        }
        if values.count >= 2 {
            let q = VietnameseNumber.quantity(values[0])
            baseline = Baseline(year: header.baselineYear, value: values[0] == "Có" ? 1 : q?.value, text: values[0])
            targets.append(target(values[1]))
        } else if values.count == 1 {
            targets.append(target(values[0]))
        }
        return Indicator(code: code, group: row.group, name: name, unit: unit, baseline: baseline, targets: targets,
                         leadAgencies: AgencyNames.split(lead), monitoringAgencies: AgencyNames.split(monitoring), line: row.line)
    }

    /// Splits two agency columns read one after the other: the second starts where an agency's name begins
    /// without a separator (`,` `;` `và`) before it. `Các doanh nghiệp viễn thông Sở Khoa học và Công nghệ`.
    static func splitColumns(_ text: String) -> (String, String) {
        guard let cut = secondColumnStart(in: text) else { return (text, "") }
        let chars = Array(text.unicodeScalars)
        return (Self.text(chars[..<cut]).trimmedSpaces, Self.text(chars[cut...]).trimmedSpaces)
    }

    static func secondColumnStart(in text: String) -> Int? {
        let chars = Array(text.unicodeScalars)
        for t in words(text) where t.range.lowerBound > 0 {
            guard chars[t.range.lowerBound].properties.isUppercase, AgencyNames.startsAgency(head(chars, t.range.lowerBound), columnStart: true) else { continue }
            let before = Self.text(chars[..<t.range.lowerBound]).trimmedSpaces
            guard let last = before.last, !",;(".contains(last), canEndName(before), !insideParentheses(before) else { continue }
            return t.range.lowerBound
        }
        return nil
    }

    /// Words after which an agency's name cannot end (`Văn phòng` UBND tỉnh, `Liên hiệp` các Hội …).
    static func canEndName(_ before: String) -> Bool {
        let endings = [" và", " các", " của", " tại", " theo", " với", "Văn phòng", "UBND", "Ủy ban", "Uỷ ban", "Liên hiệp", "Ban", "Sở", "Bộ"]
        return !endings.contains { before.hasSuffix($0) } && before != "Các"
    }

    static func insideParentheses(_ before: String) -> Bool {
        before.filter { $0 == "(" }.count > before.filter { $0 == ")" }.count
    }

    /// The few characters after `start`: enough to recognise an agency's or a deadline's first words.
    static func head(_ chars: [Unicode.Scalar], _ start: Int, length: Int = 48) -> String {
        Self.text(chars[start..<min(chars.count, start + length)])
    }

    static func firstAgencyStart(in text: String, from minimum: Int) -> Int? {
        let chars = Array(text.unicodeScalars)
        for t in words(text) where t.range.lowerBound >= minimum {
            guard chars[t.range.lowerBound].properties.isUppercase, AgencyNames.startsAgency(head(chars, t.range.lowerBound), columnStart: true) else { continue }
            let before = Self.text(chars[..<t.range.lowerBound]).trimmedSpaces
            guard canEndName(before), !insideParentheses(before) else { continue }
            return t.range.lowerBound
        }
        return nil
    }

    // MARK: - Tasks

    func task(_ row: RawRow, code: String, header: Header, nameWidth: Int, warnings: inout [ImportWarning]) -> PlanTask {
        // Cells are read column by column, so the name ends before the first line that starts with an
        // agency; a line much wider than the name column holds the end of the name and the start of the
        // lead agency (cut where the agency's name begins).
        var nameLines: [String] = []
        var restLines: [String] = []
        for (idx, l) in row.lines.enumerated() {
            if !restLines.isEmpty { restLines.append(l); continue }
            if idx > 0, AgencyNames.startsAgency(l, columnStart: true) {
                let soFar = Self.joinLines(nameLines)
                if !Self.insideParentheses(soFar), Self.canEndName(soFar) { restLines.append(l); continue }
            }
            if l.count > nameWidth + 6, let cut = Self.firstAgencyStart(in: l, from: idx == 0 ? 10 : 1) {
                let chars = Array(l.unicodeScalars)
                nameLines.append(Self.text(chars[..<cut]))
                restLines.append(Self.text(chars[cut...]))
                continue
            }
            nameLines.append(l)
        }
        var name = Self.joinLines(nameLines)
        var rest = Self.joinLines(restLines)
        if restLines.isEmpty, let cut = Self.firstAgencyStart(in: name, from: 10) {
            let chars = Array(name.unicodeScalars)
            rest = Self.text(chars[cut...]); name = Self.text(chars[..<cut])
        }
        var product: String? = nil
        for extra in row.afterBreak {
            if AgencyNames.startsAgency(extra, columnStart: true) { rest = Paragraphs.join(rest, extra) } else { name = Paragraphs.join(name, extra) }
        }
        name = TextFolding.collapseSpaces(name)
        rest = TextFolding.collapseSpaces(rest)

        var agencies = rest
        var deadline: Deadline? = nil
        if let (start, length) = Self.deadlineStart(in: rest) {
            let chars = Array(rest.unicodeScalars)
            agencies = Self.text(chars[..<start])
            let dText = Self.text(chars[start..<(start + length)])
            deadline = DeadlineParser.parse(dText)
            var after = TextFolding.collapseSpaces(Self.text(chars[(start + length)...]))
            // PDF extraction sometimes repeats the deadline cell.
            if let d = deadline, after.hasPrefix(d.text) { after = TextFolding.collapseSpaces(String(after.dropFirst(d.text.count))) }
            product = after.isEmpty ? nil : after
        } else {
            warnings.append(ImportWarning(line: row.line, text: rest, reason: "không tìm thấy thời hạn hoàn thành trong dòng"))
        }
        let (lead, partners) = Self.splitColumns(TextFolding.collapseSpaces(agencies))
        let leadList = AgencyNames.split(lead)
        if leadList.isEmpty {
            warnings.append(ImportWarning(line: row.line, text: name, reason: "nhiệm vụ không có cơ quan chủ trì"))
        }
        return PlanTask(code: code, group: row.group, name: name, leadAgencies: leadList, partnerAgencies: AgencyNames.split(partners),
                        product: product, deadline: deadline, line: row.line)
    }

    /// The first place in the text where a deadline cell starts, and its length.
    static func deadlineStart(in text: String) -> (Int, Int)? {
        let chars = Array(text.unicodeScalars)
        for t in words(text) {
            // A cell starts with a capital letter or a digit, and a deadline with one of a few words.
            guard let f = t.text.first, f.isNumber || (f.isUppercase && deadlineFirstWords.contains(t.text.lowercased())) else { continue }
            let tail = Self.text(chars[t.range.lowerBound..<min(chars.count, t.range.lowerBound + 200)])
            if let length = leadingDeadline(in: tail) { return (t.range.lowerBound, length) }
        }
        return nil
    }

    static let deadlineFirstWords: Set<String> = [
        "thường", "nhiệm", "liên", "hằng", "hàng", "định", "giai", "trước", "trong", "cuối", "đến", "hoàn", "quý", "tháng", "năm",
        "sau", "theo", "ngày",
    ]

    static let deadlinePatterns: [String] = [
        #"^(?:nhiệm vụ )?thường xuyên"#, #"^liên tục"#, #"^(?:hằng|hàng) (?:năm|quý|tháng)"#, #"^định kỳ"#,
        #"^(?:giai đoạn )?20\d\d ?[-–—] ?20\d\d"#,
        #"^(?:(?:trước|trong|cuối|đến|hoàn thành) )?(?:ngày )?\d{1,2}/\d{1,2}/20\d\d"#,
        #"^(?:(?:trước|trong|cuối|đến|hoàn thành) )?quý (?:IV|III|II|I|[1-4]) ?(?:/|năm) ?20\d\d"#,
        #"^6 tháng (?:đầu|cuối) năm 20\d\d"#,
        #"^(?:(?:trước|trong|cuối|đến|hoàn thành) )?tháng \d{1,2} ?(?:/|năm) ?20\d\d"#,
        #"^(?:(?:trong|cuối|đến|trước) )?năm 20\d\d(?: và các năm tiếp theo)?"#,
        #"^\d{1,2}/20\d\d"#, #"^20\d\d(?![-–/\d])"#,
        #"^(?:sau khi|theo tiến độ|theo chỉ đạo|theo hướng dẫn)[^.;]*"#,
    ]

    static let deadlineRegexes: [NSRegularExpression] = deadlinePatterns.compactMap {
        try? NSRegularExpression(pattern: $0, options: [.caseInsensitive])
    }

    /// Length (in characters) of a deadline at the very start of the text, if there is one.
    static func leadingDeadline(in text: String) -> Int? {
        let ns = text as NSString
        for re in deadlineRegexes {
            if let m = re.firstMatch(in: text, range: NSRange(location: 0, length: min(ns.length, 200))) {
                let matched = ns.substring(with: m.range)
                // A match must end at a word boundary.
                let end = m.range.location + m.range.length
                if end < ns.length, let c = ns.substring(with: NSRange(location: end, length: 1)).first, c.isLetter || c.isNumber { continue }
                return matched.unicodeScalars.count
            }
        }
        return nil
    }
}
