import Foundation
import KeHoachCore

/// Reads tab-separated tables (Word or spreadsheet exports such as seed 001): a header row naming the
/// columns, group rows (`I.` with a title), data rows, rows continued over a page break (empty first cell,
/// merged cell by cell into the row above) and repeated header rows (skipped).
struct TabTableReader {
    var defaultYear: Int?

    struct Row {
        var line: Int
        var code: String
        var cells: [String]
        var group: String?
        var parentCode: String?
        var year: Int?
        var groupNumeral: String?
    }

    struct Result {
        var indicators: [Indicator] = []
        var tasks: [PlanTask] = []
        var consumed: Set<Int> = []
        /// Header rows that name a number and a name column but nothing else: (line, header cells).
        var incompleteHeaders: [(line: Int, cells: [String])] = []
        /// What each table row (by its index in the lines) was taken as, for the coverage count.
        var rowKinds: [Int: ImportCoverage.RowKind] = [:]
    }

    /// Longest merged cell: continuation rows stop adding text past it.
    static let maxCellBytes = 16_384

    func read(_ lines: [SourceLine], warnings: inout [ImportWarning]) -> Result {
        var result = Result()
        var i = 0
        while i < lines.count {
            let line = lines[i]
            guard line.hasTabs, TableColumns.role(line.cells[0]) == .code else { i += 1; continue }
            // A header over two rows ("GIAI ĐOẠN 2026 - 2030" above "Năm 2026 | … | Năm 2030"): one name per column.
            let twoLevel = Self.twoLevelHeader(lines, at: i)
            let header = twoLevel?.cells ?? line.cells
            guard let headerRoles = TableColumns.roles(header) else {
                if header.dropFirst().contains(where: { TableColumns.role($0) == .name }) {
                    result.incompleteHeaders.append((line.number, header))
                }
                i += 1; continue
            }
            let nameIndex = headerRoles.firstIndex(of: .name) ?? 1
            let kind = TableColumns.kind(headerRoles, nameHeader: header[nameIndex])
            var roles = headerRoles
            if kind == .tasks {
                // "Đơn vị" alone heads the lead agencies in a task table (a unit only in an indicator table).
                for (c, h) in header.enumerated() where roles[c] == .unit && TextFolding.searchKey(h) == "don vi" && !roles.contains(.lead) { roles[c] = .lead }
                // "Kết quả" alone is the target of an indicator table and the product of a task table.
                for (c, h) in header.enumerated() where roles[c] == .target(year: nil) && TextFolding.searchKey(h) == "ket qua" && !roles.contains(.product) { roles[c] = .product }
                // A task table's columns of years or figures are kept as written.
                for c in roles.indices { if case .target = roles[c] { roles[c] = .other } else if case .baseline = roles[c] { roles[c] = .other } }
            }
            var rows: [Row] = []
            var group: String? = nil
            var groupYear: Int? = nil
            var numeral: String? = nil
            var part: String? = nil
            var parent: (code: String, name: String)? = nil
            // Rows read since the last group row, and the numbered row the unnumbered lines below it belong to.
            var inGroup = 0
            var base: (code: String, lines: Int)? = nil
            // Leaf rows marked "-" under an item row ("1 | Cà Phê", then "- | Diện tích | Ha | …"): how many so far.
            var leaves = 0
            var lastNumbered: (code: String, name: String)? = nil
            var j = i + 1
            let unnumbered = kind == .tasks && Self.numbersNoRow(lines, after: twoLevel?.line ?? i)
            /// A group row: its title heads the rows below (and may set their year).
            func openGroup(_ title: String) {
                group = title; parent = nil; inGroup = 0; base = nil; leaves = 0; lastNumbered = nil
                if let y = Outline.yearOfHeading(title) { groupYear = y }
                result.rowKinds[j] = .group
            }
            result.consumed.insert(line.number)
            result.rowKinds[i] = .header
            if let second = twoLevel?.line {
                result.consumed.insert(lines[second].number)
                result.rowKinds[second] = .header
                j = second + 1
            }
            while j < lines.count {
                let l = lines[j]
                if l.isBlank { j += 1; continue }
                guard l.hasTabs else { break }
                var cells = l.cells
                if cells.count < header.count { cells += Array(repeating: "", count: header.count - cells.count) }
                if let rowRoles = TableColumns.roles(cells) {
                    // The header repeated on a new page is skipped; another header starts another table.
                    guard rowRoles == headerRoles else { break }
                    result.consumed.insert(l.number)
                    result.rowKinds[j] = .header
                    j += 1; continue
                }
                if Self.isColumnNumbers(cells) {
                    // The row numbering the columns under the header ("1 | 2 | 3 …", "A | B | 1 | 2 | 4=3/2").
                    result.consumed.insert(l.number)
                    result.rowKinds[j] = .header
                    j += 1; continue
                }
                if kind == .indicators, nameIndex < cells.count, cells[0].isEmpty, !cells[nameIndex].isEmpty,
                   cells.enumerated().allSatisfy({ $0.offset == nameIndex || $0.element.isEmpty }), let prev = rows.last,
                   let u = roles.firstIndex(of: .unit), u < prev.cells.count, !prev.cells[u].isEmpty,
                   Self.nextRow(lines, after: j).map({ Self.leafName($0, nameIndex: nameIndex, roles: roles) != nil }) == true {
                    // A label between leaves ("Trong đó:", "- Số đối tượng mua BHYT" over its "+" rows), after a row
                    // that was whole (it has its unit): it heads the leaves below, it does not continue the row above.
                    result.consumed.insert(l.number)
                    result.rowKinds[j] = .group
                    j += 1; continue
                }
                if kind == .indicators, nameIndex < cells.count, let leafName = Self.leafName(cells, nameIndex: nameIndex, roles: roles) {
                    // A leaf of the item row above: its measure ("Diện tích", "Sản lượng"), named after the item.
                    result.consumed.insert(l.number)
                    result.rowKinds[j] = .item
                    leaves += 1
                    cells[0] = ""
                    // Under an item row without figures ("3 | Cơ cấu kinh tế") or a numbered row of its own ("5 | Vốn
                    // đầu tư…", then "| Tỷ lệ so với GRDP | % | …"): coded and named under it.
                    let above = parent ?? lastNumbered
                    cells[nameIndex] = above.map { "\($0.name) – \(leafName)" } ?? leafName
                    rows.append(Row(line: l.number, code: above.map { "\($0.code).\(leaves)" } ?? String(leaves), cells: cells,
                                    group: group, parentCode: parent?.code, year: groupYear,
                                    groupNumeral: [part, numeral].compactMap { $0 }.joined(separator: ".").nilIfEmpty))
                    j += 1; continue
                }
                result.consumed.insert(l.number)
                result.rowKinds[j] = .item
                var first = cells[0]
                let rest = cells.dropFirst().filter { !$0.isEmpty }
                if first.isEmpty, rest.count == 1, nameIndex < cells.count, !cells[nameIndex].isEmpty, Self.isGroupTitle(cells[nameIndex]) {
                    // A group row without a number: one title in capitals.
                    openGroup(cells[nameIndex])
                    j += 1; continue
                }
                if rest.isEmpty, let (code, title) = Self.leadingCode(first) {
                    // A group row that is one merged cell: "I. NÂNG CAO NHẬN THỨC SỐ".
                    first = code
                    cells[0] = code
                    if nameIndex < cells.count { cells[nameIndex] = title }
                }
                if first.isEmpty, rest.count == 1, nameIndex < cells.count, case let title = cells[nameIndex], !title.isEmpty,
                   Self.isSentenceCaseGroup(title, previous: rows.last.map { nameIndex < $0.cells.count ? $0.cells[nameIndex] : "" }),
                   Self.nextRowIsNumbered(lines, after: j) {
                    // A group row without a number, in sentence case ("Nhiệm vụ giao Bộ trưởng Bộ Công an chỉ đạo"),
                    // between two numbered rows: it heads the rows below; it does not continue the row above.
                    openGroup(title)
                    j += 1; continue
                }
                if first.isEmpty, kind == .indicators, nameIndex < cells.count, Self.isTotalRow(cells[nameIndex]) {
                    // A total row ("Tổng I + II", "Cộng"): its figures add up the rows below, it is no indicator.
                    result.rowKinds[j] = .group
                    j += 1; continue
                }
                if first.isEmpty, unnumbered, nameIndex < cells.count, !cells[nameIndex].isEmpty {
                    // A table that numbers no row (its TT cells left empty): each row is numbered by its place.
                    let code = String(inGroup + 1)
                    rows.append(Row(line: l.number, code: code, cells: cells, group: group, parentCode: nil, year: groupYear,
                                    groupNumeral: [part, numeral].compactMap { $0 }.joined(separator: ".").nilIfEmpty))
                    inGroup += 1; base = (code, 1)
                    j += 1; continue
                }
                if first.isEmpty {
                    // Continuation of the row above, cut by a page break.
                    if var last = rows.popLast() {
                        for (c, text) in cells.enumerated() where !text.isEmpty && c < last.cells.count && last.cells[c].utf8.count < Self.maxCellBytes {
                            last.cells[c] = last.cells[c].isEmpty ? text : Paragraphs.join(last.cells[c], text)
                        }
                        rows.append(last)
                        result.rowKinds[j] = .continuation
                    } else if !rest.isEmpty {
                        warnings.append(ImportWarning(line: l.number, text: l.plain, reason: "dòng tiếp nối không có dòng phía trên"))
                        result.rowKinds[j] = .warned
                    } else {
                        result.rowKinds[j] = .continuation // an empty row
                    }
                    j += 1; continue
                }
                if let letter = RowCode.letter(first) {
                    // A part (A., B., C.): numbering restarts inside it.
                    part = letter
                    numeral = nil
                    openGroup(cells[nameIndex].isEmpty ? rest.joined(separator: " ") : cells[nameIndex])
                    j += 1; continue
                }
                switch RowCode.parse(first) {
                case let .roman(r) where Self.isNextPart(r, after: part):
                    // "I." right after part "H.": the letter I of parts A, B, … (Vietnamese lettering skips F and J),
                    // not the numeral one.
                    part = r; numeral = nil
                    openGroup(cells[nameIndex].isEmpty ? rest.joined(separator: " ") : cells[nameIndex])
                case let .roman(r):
                    numeral = r
                    openGroup(cells[nameIndex].isEmpty ? rest.joined(separator: " ") : cells[nameIndex])
                case let .number(code):
                    let otherCells = cells.enumerated().filter { $0.offset != 0 && $0.offset != nameIndex }.map(\.element)
                    if otherCells.allSatisfy(\.isEmpty) && kind == .indicators {
                        // A heading row inside the table (e.g. "6 Chỉ tiêu về thủ tục hành chính …").
                        parent = (code, cells[nameIndex].trimmed(of: ": "))
                        leaves = 0; lastNumbered = nil
                        result.rowKinds[j] = .group
                    } else {
                        var p: String? = nil
                        if let par = parent, code.hasPrefix(par.code + ".") { p = par.name } else { parent = nil }
                        rows.append(Row(line: l.number, code: code, cells: cells, group: p ?? group, parentCode: p, year: groupYear,
                                        groupNumeral: [part, numeral].compactMap { $0 }.joined(separator: ".").nilIfEmpty))
                        inGroup += 1; base = (code, 1)
                        if p == nil { lastNumbered = (code, cells[nameIndex]); leaves = 0 }
                    }
                case nil:
                    // Its width: up to its last cell with text (readers pad rows to the table's width).
                    let width = (l.cells.lastIndex(where: { !$0.isEmpty }) ?? -1) + 1, missing = header.count - width
                    if width >= 2, missing > 0, nameIndex >= missing, !l.cells[nameIndex - missing].isEmpty {
                        // A row shorter than the header, in a format that lost its merged cells (cell-per-line
                        // Markdown, text): its cells are the last columns. Below a row, the leading cells were
                        // merged with it: a line of its own under that row (`1.2`, `1.3`). First in its group, the
                        // row has no number: it is numbered by its place (an agency with one row, `D.1`).
                        var shifted = Array(repeating: "", count: missing) + l.cells.prefix(width)
                        if inGroup > 0, let prev = rows.last, let b = base {
                            for c in 0..<missing { shifted[c] = prev.cells[c] }
                            base = (b.code, b.lines + 1)
                            rows.append(Row(line: l.number, code: "\(b.code).\(b.lines + 1)", cells: shifted, group: prev.group,
                                            parentCode: prev.parentCode, year: prev.year, groupNumeral: prev.groupNumeral))
                        } else {
                            let code = String(inGroup + 1)
                            rows.append(Row(line: l.number, code: code, cells: shifted, group: group, parentCode: nil, year: groupYear,
                                            groupNumeral: [part, numeral].compactMap { $0 }.joined(separator: ".").nilIfEmpty))
                            base = (code, 1)
                        }
                        inGroup += 1
                        j += 1; continue
                    }
                    warnings.append(ImportWarning(line: l.number, text: l.plain, reason: "không đọc được số thứ tự \"\(first)\" của dòng"))
                    result.rowKinds[j] = .warned
                }
                j += 1
            }
            switch kind {
            case .indicators: result.indicators += indicators(rows, roles: roles, header: header, warnings: &warnings)
            case .tasks:
                var read = tasks(rows, roles: roles, header: header, warnings: &warnings)
                // A second table numbering its rows as the first did (I.1 in both): its codes carry the heading above
                // it, an appendix ("PLII.I.1") or a numbered section ("2.1"), so that both stay as written.
                let earlier = Set(result.tasks.map(\.code))
                if !earlier.isEmpty, read.contains(where: { earlier.contains($0.code) }), let label = Self.headingLabel(lines, before: i) {
                    for k in read.indices { read[k].code = "\(label).\(read[k].code)" }
                }
                result.tasks += read
            }
            i = j
        }
        return result
    }

    /// A header over two rows: the row right under the header names no row (no number) and holds short labels
    /// ("Năm 2026", "Lượng (Tấn)", "Kế hoạch | Ước thực hiện"), the columns under a header cell spanning them.
    /// Returns the header with one name per column ("GIAI ĐOẠN 2026 - 2030 Năm 2026") and the second row's index.
    /// A table with its spans expanded (Word, web page) gives the second row full width, a spanning cell's text
    /// repeated or empty beside it; a cell-per-line export gives only the second row's own cells, which belong to
    /// `k = header + second - width` header cells: those naming one year when the labels name none ("Năm hiện
    /// hành 2025" over "Kế hoạch | Ước thực hiện"), those naming none or a span when every label names a year
    /// ("GIAI ĐOẠN 2026 - 2030" over "Năm 2026 …"), the labels shared out evenly in order.
    static func twoLevelHeader(_ lines: [SourceLine], at i: Int) -> (cells: [String], line: Int)? {
        var j = i + 1
        while j < lines.count, lines[j].isBlank { j += 1 }
        guard j < lines.count, lines[j].hasTabs else { return nil }
        // Readers pad rows to the table's width: a row's own cells end at its last text.
        func own(_ cells: [String]) -> [String] { Array(cells.prefix((cells.lastIndex { !$0.isEmpty } ?? -1) + 1)) }
        let header = own(lines[i].cells), second = lines[j].cells
        let labels = second.filter { !$0.isEmpty }
        guard labels.count >= 2, !RowCode.startsRow(second[0]), TableColumns.roles(second) == nil, !isColumnNumbers(second),
              labels.allSatisfy({ $0.count <= 80 && $0.contains(where: \.isLetter) && VietnameseNumber.quantity($0) == nil || Self.yearOf($0) != nil })
        else { return nil }
        // The rows' width: the widest of the next rows.
        var width = max(header.count, second.count)
        var k = j + 1, seen = 0
        while k < lines.count, seen < 12 {
            if lines[k].hasTabs { width = max(width, (lines[k].cells.lastIndex { !$0.isEmpty } ?? 0) + 1); seen += 1 } else if !lines[k].isBlank { break }
            k += 1
        }
        var out: [String] = []
        if second[0].isEmpty || zip(header.dropFirst(), second.dropFirst()).contains(where: { !$0.isEmpty && $0 == $1 }) {
            // Full width: a label under a spanning cell joins the nearest header text to its left.
            var parent = ""
            for c in 0..<second.count {
                let top = c < header.count ? header[c] : ""
                if !top.isEmpty { parent = top }
                let sub = second[c]
                out.append(sub.isEmpty || sub == top ? (top.isEmpty ? parent : top) : (parent.isEmpty ? sub : "\(parent) \(sub)"))
            }
            return (out, j)
        }
        let spans = header.count + labels.count - width
        guard own(second).count < width, spans >= 1, spans <= header.count - 2, labels.count >= spans else { return nil }
        let candidates = Array(2..<header.count)
        let labelYears = labels.filter { yearOf($0) != nil }.count
        var chosen: [Int]
        if labelYears == labels.count {
            chosen = candidates.filter { yearOf(header[$0]) == nil }.suffix(spans).map { $0 }
        } else if labelYears == 0 {
            chosen = candidates.filter { yearOf(header[$0]) != nil }.prefix(spans).map { $0 }
        } else {
            chosen = candidates.suffix(spans).map { $0 }
        }
        if chosen.count < spans { chosen = candidates.suffix(spans).map { $0 } }
        let each = labels.count / spans
        var next = 0
        for (c, top) in header.enumerated() {
            guard let s = chosen.firstIndex(of: c) else { out.append(top); continue }
            let n = s == spans - 1 ? labels.count - next : each
            for label in labels[next..<(next + n)] { out.append("\(top) \(label)") }
            next += n
        }
        return out.count == width ? (out, j) : nil
    }

    /// The one year a header cell names ("Năm 2026", "Kế hoạch 2027"); nil for none or a span ("2026 - 2030").
    static func yearOf(_ text: String) -> Int? {
        let years = TableColumns.years(in: text)
        return Set(years).count == 1 ? years[0] : nil
    }

    /// A row numbering the columns under the header: "1 | 2 | 3 …" or "A | B | 1 | 2 | 4=3/2 | 5".
    static func isColumnNumbers(_ cells: [String]) -> Bool {
        let filled = cells.filter { !$0.isEmpty }
        guard filled.count >= 3 else { return false }
        var numbers: [Int] = []
        for c in filled {
            if c.count == 1, let f = c.first, f.isASCII, f.isUppercase { continue }
            let lead = c.prefix { $0.isASCII && $0.isNumber }
            guard let n = Int(lead), c.dropFirst(lead.count).allSatisfy({ "=+-*/x() ".contains($0) || ($0.isASCII && $0.isNumber) }) else { return false }
            numbers.append(n)
        }
        return numbers.count >= 3 && zip(numbers, numbers.dropFirst()).allSatisfy { $1 == $0 + 1 }
    }

    /// The name of a leaf row in an indicator table: a "-" or "+" in the number column ("- | Diện tích | Ha | …"),
    /// or an empty number column and the name opening with one ("| - Nông, lâm nghiệp, thủy sản | % | …").
    /// A row with no number but its own unit (and figures) ("| Nông, lâm nghiệp, thủy sản | % | 34,48 | …", the
    /// cell's "-" dropped by the reader) is a leaf too, not the rest of the row above cut by a page break.
    static func leafName(_ cells: [String], nameIndex: Int, roles: [ColumnRole]) -> String? {
        let name = cells[nameIndex]
        guard !name.isEmpty, cells.enumerated().contains(where: { $0.offset != 0 && $0.offset != nameIndex && !$0.element.isEmpty }) else { return nil }
        let marks: Set<String> = ["-", "+", "–", "*", "•"]
        if marks.contains(cells[0]) { return name }
        if cells[0].isEmpty, let u = roles.firstIndex(of: .unit), u < cells.count, !cells[u].isEmpty {
            return name
        }
        if cells[0].isEmpty, let f = name.first, marks.contains(String(f)), name.dropFirst().first == " " {
            return String(name.dropFirst(2)).trimmedSpaces
        }
        return nil
    }

    /// The cells of columns no field holds, under their header as written.
    static func extra(_ row: Row, roles: [ColumnRole], header: [String]) -> [String: String]? {
        var out: [String: String] = [:]
        for (c, role) in roles.enumerated() where role == .other && c < row.cells.count && c < header.count && !row.cells[c].isEmpty {
            out[header[c].isEmpty ? "Cột \(c + 1)" : header[c]] = row.cells[c]
        }
        return out.isEmpty ? nil : out
    }

    /// The label of the heading right above line `index` (not past another table's rows): an appendix's number
    /// ("PHỤ LỤC II" → "PLII") or a numbered heading's ("2. Các nhiệm vụ … quá hạn" → "2").
    static func headingLabel(_ lines: [SourceLine], before index: Int) -> String? {
        for k in stride(from: index - 1, through: max(0, index - 20), by: -1) {
            let line = lines[k]
            if line.hasTabs { return nil }
            if line.isBlank { continue }
            let words = line.plain.split(separator: " ")
            if words.count >= 3, TextFolding.searchKey(words[0] + " " + words[1]) == "phu luc" {
                let label = words[2].filter { $0.isLetter || $0.isNumber }
                return label.isEmpty || label.count > 6 ? nil : "PL" + label
            }
            switch Outline.mark(line.plain) {
            case let .numbered(label, _), let .roman(label, _): return label
            default: continue
            }
        }
        return nil
    }

    /// Whether a one-letter numeral (I, V, X) is the next part letter after `part` (at most two letters on: H → I,
    /// U → V, W → X).
    static func isNextPart(_ r: String, after part: String?) -> Bool {
        guard let p = part?.unicodeScalars.first, r.count == 1, let c = r.unicodeScalars.first else { return false }
        return c.value > p.value && c.value - p.value <= 2
    }

    /// "I. NÂNG CAO NHẬN THỨC SỐ", "A. BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "2 Xây dựng …": the code and the title.
    static func leadingCode(_ text: String) -> (String, String)? {
        guard let m = Outline.firstMatch(#"^([IVX]+|[A-Z]|\d{1,3}(?:\.\d{1,3})*)[.)]?\s+(\S.*)$"#, in: text) else { return nil }
        guard RowCode.parse(m[0]) != nil || RowCode.letter(m[0]) != nil else { return nil }
        return (m[0], m[1])
    }

    /// A group title in sentence case: short, opening with a capital letter, after a row whose text ended (not on
    /// a comma or a linking word, which a page break would have cut).
    static func isSentenceCaseGroup(_ title: String, previous: String?) -> Bool {
        guard let f = title.first, f.isUppercase, title.count <= 200 else { return false }
        guard let prev = previous, !prev.isEmpty else { return true } // the table's first row
        let tail = TextFolding.searchKey(String(prev.suffix(12)))
        return !prev.hasSuffix(",") && !prev.hasSuffix("-") && !["va", "cua", "cac", "voi", "tai", "theo", "trong"].contains { tail.hasSuffix(" " + $0) }
    }

    /// A lead cell naming who helps in brackets ("Ban Công tác đại biểu (Văn phòng Quốc hội phối hợp)", "Ủy ban
    /// Đối ngoại (Văn phòng Quốc hội phối hợp chuẩn bị)"): the lead without the brackets, and the helpers, who are
    /// partners.
    static func helpers(in cell: String) -> (lead: String, partners: [String]) {
        guard cell.contains("("), cell.contains("phối hợp") else { return (cell, []) }
        var lead = cell
        var partners: [String] = []
        for m in RegexCache.shared.allMatches(#"(\(([^()]+?)\s+phối hợp[^()]*\))"#, in: cell) {
            partners += AgencyNames.split(m[1])
            lead = lead.replacingOccurrences(of: m[0], with: " ")
        }
        return (TextFolding.collapseSpaces(lead).trimmedSpaces, partners)
    }

    /// A total row's name: "Tổng I + II", "TỔNG CỘNG", "Cộng".
    static func isTotalRow(_ name: String) -> Bool {
        let k = TextFolding.searchKey(name)
        return name.count <= 40 && (k == "cong" || k == "tong" || k.hasPrefix("tong cong") || k.hasPrefix("tong so") || k.hasPrefix("cong ")
            || (k.hasPrefix("tong ") && !k.dropFirst(5).contains { $0.isLetter && !"ivx".contains($0) }))
    }

    /// Whether the table's rows below line `i` leave their number empty, all of them (group rows aside), and at
    /// least two of them hold text.
    static func numbersNoRow(_ lines: [SourceLine], after i: Int) -> Bool {
        var k = i + 1, unnumbered = 0
        while k < lines.count, lines[k].hasTabs || lines[k].isBlank {
            if lines[k].hasTabs {
                let cells = lines[k].cells
                if case .number? = RowCode.parse(cells[0]) { return false }
                if cells[0].isEmpty, cells.dropFirst().contains(where: { !$0.isEmpty }) { unnumbered += 1 }
            } else if k + 1 < lines.count, !lines[k + 1].hasTabs { break }
            k += 1
        }
        return unnumbered >= 2
    }

    /// The cells of the next non-blank line, when it is a table row.
    static func nextRow(_ lines: [SourceLine], after j: Int) -> [String]? {
        var k = j + 1
        while k < lines.count, lines[k].isBlank { k += 1 }
        return k < lines.count && lines[k].hasTabs ? lines[k].cells : nil
    }

    /// Whether the next non-blank line is a table row whose first cell is a row number.
    static func nextRowIsNumbered(_ lines: [SourceLine], after j: Int) -> Bool {
        var k = j + 1
        while k < lines.count, lines[k].isBlank { k += 1 }
        guard k < lines.count, lines[k].hasTabs, let first = lines[k].cells.first else { return false }
        if case .number = RowCode.parse(first) { return true }
        return false
    }

    /// A group title: mostly capital letters, short.
    static func isGroupTitle(_ text: String) -> Bool {
        let letters = text.filter(\.isLetter)
        guard letters.count >= 4, text.count <= 300 else { return false }
        return Double(letters.filter(\.isUppercase).count) / Double(letters.count) > 0.8
    }

    func cell(_ row: Row, _ roles: [ColumnRole], _ match: (ColumnRole) -> Bool) -> String? {
        guard let idx = roles.firstIndex(where: match), idx < row.cells.count else { return nil }
        let v = row.cells[idx]
        return v.isEmpty ? nil : v
    }

    /// What a target column measures when a table gives several figures a year ("Kế hoạch 2026 Lượng (Tấn)",
    /// "Kế hoạch 2026 Giá trị tham gia xuất khẩu (Nghìn USD)"): the header's words after its last year, split into
    /// a name and the unit in brackets. Empty when the header ends with its year.
    static func measure(_ header: String) -> (name: String, unit: String?) {
        guard let r = header.range(of: #"20\d\d(?!.*20\d\d)"#, options: .regularExpression) else { return ("", nil) }
        var rest = String(header[r.upperBound...]).trimmedSpaces
        var unit: String? = nil
        if rest.hasSuffix(")"), let open = rest.lastIndex(of: "(") {
            unit = String(rest[rest.index(after: open)..<rest.index(before: rest.endIndex)]).trimmedSpaces.nilIfEmpty
            rest = String(rest[..<open]).trimmedSpaces
        }
        return (rest, unit)
    }

    func indicators(_ rows: [Row], roles: [ColumnRole], header: [String], warnings: inout [ImportWarning]) -> [Indicator] {
        // Several figures a year: one indicator per figure, its targets from its own columns.
        var measures: [(name: String, unit: String?)] = []
        for (c, role) in roles.enumerated() where c < header.count {
            if case .target = role, case let m = Self.measure(header[c]), !measures.contains(where: { $0.name == m.name }) { measures.append(m) }
        }
        guard measures.count > 1 else { return indicators(rows, roles: roles, header: header, measure: nil, warnings: &warnings) }
        var out: [Indicator] = []
        let split = zip(measures.indices, measures).map { k, m in
            var own = roles
            for c in own.indices where c < header.count { if case .target = own[c], Self.measure(header[c]).name != m.name { own[c] = .other } }
            var each: [ImportWarning] = []
            return indicators(rows, roles: own, header: header, measure: (m.name, m.unit, Character(UnicodeScalar(UInt8(97 + min(k, 25))))), warnings: &each)
        }
        // A figure the row leaves empty in every year (no quantity for "Sữa và sản phẩm từ sữa") is not a target;
        // a row with no figure at all is warned about once.
        for (r, row) in rows.enumerated() {
            let read = split.indices.compactMap { k in r < split[k].count && !split[k][r].targets.isEmpty ? split[k][r] : nil }
            if read.isEmpty {
                warnings.append(ImportWarning(line: row.line, text: row.cells.joined(separator: " | "), reason: "chỉ tiêu không có giá trị mục tiêu"))
            }
            out += read
        }
        return out
    }

    func indicators(_ rows: [Row], roles: [ColumnRole], header: [String], measure: (name: String, unit: String?, letter: Character)?,
                    warnings: inout [ImportWarning]) -> [Indicator] {
        let codes = Self.codes(rows)
        return zip(rows, codes).map { row, code in
            let unit = measure?.unit ?? cell(row, roles) { $0 == .unit }
            var targets: [Target] = []
            var baseline: Baseline? = nil
            for (idx, role) in roles.enumerated() where idx < row.cells.count && !row.cells[idx].isEmpty {
                switch role {
                case let .target(year):
                    let text = TargetParser.clean(row.cells[idx])
                    let v = TargetParser.parse(text, unit: unit)
                    targets.append(Target(year: year ?? row.year ?? defaultYear, comparator: v.comparator, value: v.value, max: v.max, text: text))
                case let .baseline(year):
                    let q = VietnameseNumber.quantity(row.cells[idx])
                    baseline = Baseline(year: year, value: q?.value, text: row.cells[idx])
                default: break
                }
            }
            if targets.isEmpty {
                warnings.append(ImportWarning(line: row.line, text: row.cells.joined(separator: " | "), reason: "chỉ tiêu không có giá trị mục tiêu"))
            }
            let name = cell(row, roles) { $0 == .name } ?? ""
            var indicator = Indicator(code: measure.map { "\(code)\($0.letter)" } ?? code, group: row.group,
                                      name: measure.map { $0.name.isEmpty ? name : "\(name) – \($0.name)" } ?? name, unit: unit,
                                      baseline: baseline, targets: targets,
                                      leadAgencies: AgencyNames.split(cell(row, roles) { $0 == .lead } ?? ""),
                                      monitoringAgencies: AgencyNames.split(cell(row, roles) { $0 == .monitoring } ?? ""),
                                      line: row.line)
            indicator.extra = Self.extra(row, roles: roles, header: header)
            return indicator
        }
    }

    /// Numbering restarts in each group (I.1, II.1 …; B.IV.3 in parts) or runs through the table (1 … 93): the
    /// group's numeral goes first only where numbers repeat across groups.
    static func codes(_ rows: [Row]) -> [String] {
        let codes = rows.map(\.code)
        let restarts = Set(codes).count < codes.count && Set(rows.compactMap(\.groupNumeral)).count > 1
        return rows.map { restarts ? [$0.groupNumeral, $0.code].compactMap { $0 }.joined(separator: ".") : $0.code }
    }

    func tasks(_ rows: [Row], roles: [ColumnRole], header: [String], warnings: inout [ImportWarning]) -> [PlanTask] {
        let codes = Self.codes(rows)
        return zip(rows, codes).map { row, code in
            let (leadCell, helpers) = Self.helpers(in: cell(row, roles) { $0 == .lead } ?? "")
            let lead = AgencyNames.split(leadCell)
            if lead.isEmpty {
                warnings.append(ImportWarning(line: row.line, text: cell(row, roles) { $0 == .name } ?? "", reason: "nhiệm vụ không có cơ quan chủ trì"))
            }
            let deadlineText = cell(row, roles) { $0 == .deadline }
            let deadline = deadlineText.map(DeadlineParser.parse)
            if let d = deadline, d.kind == .unknown {
                warnings.append(ImportWarning(line: row.line, text: d.text, reason: "không đọc được thời hạn"))
            }
            var task = PlanTask(code: code, group: row.group, name: cell(row, roles) { $0 == .name } ?? "",
                                leadAgencies: lead, partnerAgencies: AgencyNames.split(cell(row, roles) { $0 == .partners } ?? "") + helpers,
                                product: cell(row, roles) { $0 == .product }, deadline: deadline, line: row.line)
            task.extra = Self.extra(row, roles: roles, header: header)
            return task
        }
    }
}


extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
