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
            guard line.hasTabs, let headerRoles = TableColumns.roles(line.cells) else {
                if line.hasTabs, TableColumns.role(line.cells[0]) == .code, line.cells.dropFirst().contains(where: { TableColumns.role($0) == .name }) {
                    result.incompleteHeaders.append((line.number, line.cells))
                }
                i += 1; continue
            }
            let header = line.cells
            let nameIndex = headerRoles.firstIndex(of: .name) ?? 1
            let kind = TableColumns.kind(headerRoles, nameHeader: header[nameIndex])
            var roles = headerRoles
            if kind == .tasks {
                // "Đơn vị" alone heads the lead agencies in a task table (a unit only in an indicator table).
                for (c, h) in header.enumerated() where roles[c] == .unit && TextFolding.searchKey(h) == "don vi" && !roles.contains(.lead) { roles[c] = .lead }
                // "Kết quả" alone is the target of an indicator table and the product of a task table.
                for (c, h) in header.enumerated() where roles[c] == .target(year: nil) && TextFolding.searchKey(h) == "ket qua" && !roles.contains(.product) { roles[c] = .product }
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
            var j = i + 1
            /// A group row: its title heads the rows below (and may set their year).
            func openGroup(_ title: String) {
                group = title; parent = nil; inGroup = 0; base = nil
                if let y = Outline.yearOfHeading(title) { groupYear = y }
                result.rowKinds[j] = .group
            }
            result.consumed.insert(line.number)
            result.rowKinds[i] = .header
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
                        parent = (code, cells[nameIndex])
                        result.rowKinds[j] = .group
                    } else {
                        var p: String? = nil
                        if let par = parent, code.hasPrefix(par.code + ".") { p = par.name } else { parent = nil }
                        rows.append(Row(line: l.number, code: code, cells: cells, group: p ?? group, parentCode: p, year: groupYear,
                                        groupNumeral: [part, numeral].compactMap { $0 }.joined(separator: ".").nilIfEmpty))
                        inGroup += 1; base = (code, 1)
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

    func indicators(_ rows: [Row], roles: [ColumnRole], header: [String], warnings: inout [ImportWarning]) -> [Indicator] {
        let codes = Self.codes(rows)
        return zip(rows, codes).map { row, code in
            let unit = cell(row, roles) { $0 == .unit }
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
            var indicator = Indicator(code: code, group: row.group, name: cell(row, roles) { $0 == .name } ?? "", unit: unit,
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
            let lead = AgencyNames.split(cell(row, roles) { $0 == .lead } ?? "")
            if lead.isEmpty {
                warnings.append(ImportWarning(line: row.line, text: cell(row, roles) { $0 == .name } ?? "", reason: "nhiệm vụ không có cơ quan chủ trì"))
            }
            let deadlineText = cell(row, roles) { $0 == .deadline }
            let deadline = deadlineText.map(DeadlineParser.parse)
            if let d = deadline, d.kind == .unknown {
                warnings.append(ImportWarning(line: row.line, text: d.text, reason: "không đọc được thời hạn"))
            }
            var task = PlanTask(code: code, group: row.group, name: cell(row, roles) { $0 == .name } ?? "",
                                leadAgencies: lead, partnerAgencies: AgencyNames.split(cell(row, roles) { $0 == .partners } ?? ""),
                                product: cell(row, roles) { $0 == .product }, deadline: deadline, line: row.line)
            task.extra = Self.extra(row, roles: roles, header: header)
            return task
        }
    }
}


extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
