import Foundation
import KeHoachCore

/// Markdown as legal portals' pages are exported to it, and as people write it:
/// - pipe tables (`| STT | Nhiệm vụ | … |`, with or without the `|---|` row; a row broken over several
///   physical lines is joined until it has its cells);
/// - the export form where each cell stands on its own lines between lines holding only `|`, and a row ends
///   at two such lines in a row (an empty cell looks the same: see `CellPerLine`);
/// - headings (`#`), list items (`-`, `*`, `1.`), emphasis markers removed (by `SourceText.clean`).
/// Each block keeps the line of the file it starts on.
enum MarkdownReader {
    static func read(_ text: String) -> DocModel {
        let lines = TextFolding.nfc(text).split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var l = String(line)
            if l.hasSuffix("\r") { l.removeLast() }
            return l
        }
        var blocks: [DocBlock] = []
        let headers = CellPerLine.headerStarts(lines)
        var i = 0
        while i < lines.count {
            let t = lines[i].trimmedSpaces
            if t == "|" {
                let stop = headers.first { $0 > i } ?? lines.count
                let (table, next) = CellPerLine.table(lines, from: i, stop: stop)
                if let table { blocks.append(.table(table)) }
                i = max(next, i + 1)
                continue
            }
            if PipeTable.isRow(t) {
                let (table, next) = PipeTable.table(lines, from: i)
                if let table { blocks.append(.table(table)); i = next; continue }
            }
            if !t.isEmpty {
                // A line right under a paragraph's line continues it (Markdown's soft wrap: the portal's exports
                // wrap every ~80 characters, mid-name: "Bộ Công" / "an"), unless it starts a block of its own.
                if i > 0, !lines[i - 1].trimmedSpaces.isEmpty, case .paragraph(var last)? = blocks.last,
                   last.headingLevel == nil, !startsBlock(t) {
                    // Two spaces at a line's end are a hard line break: the same paragraph, on a new line.
                    last.text += (lines[i - 1].hasSuffix("  ") ? "\n" : " ") + t
                    blocks[blocks.count - 1] = .paragraph(last)
                } else {
                    blocks.append(.paragraph(paragraph(t, line: i + 1)))
                }
            }
            i += 1
        }
        return DocModel(blocks: blocks, format: "markdown")
    }

    /// Whether a line begins a block rather than continuing the paragraph above: a heading, a list item (`-`, `*`,
    /// `+`, `•`, `1.`, `a)`, `I.`), possibly in bold or italics (`**1. **`, `*- Thủy sản*`).
    static func startsBlock(_ t: String) -> Bool {
        if t.hasPrefix("#") || t.hasPrefix("* ") { return true }
        let s = Substring(t).drop(while: { $0 == "*" || $0 == "_" || $0 == " " })
        guard let f = s.first else { return true }
        if "-+•–".contains(f) { return true }
        let head = s.prefix(8)
        return RegexCache.shared.firstMatch(#"^(?:\d{1,3}(?:\.\d{1,3})*[.)]|[a-zđ]\)|[IVXL]{1,6}\.|\(\d{1,2}\)|\([ivx]{1,4}\))(?:\s|\*|$)"#, in: String(head)) != nil
    }

    static func paragraph(_ t: String, line: Int) -> DocParagraph {
        var text = Substring(t)
        var heading: Int? = nil
        if text.hasPrefix("#") {
            let level = text.prefix(while: { $0 == "#" }).count
            if level <= 6, text.dropFirst(level).first == " " || text.count == level {
                heading = level
                text = text.dropFirst(level).drop(while: { $0 == " " })
            }
        }
        // A list item marked `*` is a bullet as `-` is (`*` is also emphasis, which the cleaning removes).
        if heading == nil, text.hasPrefix("*"), let next = text.dropFirst().first, next == " " || next == "\t" {
            text = "- " + text.dropFirst().drop(while: { $0 == " " || $0 == "\t" })
        }
        return DocParagraph(text: String(text), headingLevel: heading, position: DocPosition(line: line))
    }
}

/// Pipe tables: `| a | b |` lines.
enum PipeTable {
    static func isRow(_ t: String) -> Bool {
        t.hasPrefix("|") && t.filter { $0 == "|" }.count >= 3
    }

    static func isSeparator(_ t: String) -> Bool {
        isRow(t) && t.allSatisfy { "|-: ".contains($0) }
    }

    /// Cells of one physical row; `\|` is a pipe inside a cell.
    static func cells(_ t: String) -> [String] {
        var s = t.replacingOccurrences(of: "\\|", with: "\u{1}")
        if s.hasPrefix("|") { s.removeFirst() }
        if s.hasSuffix("|") { s.removeLast() }
        return s.split(separator: "|", omittingEmptySubsequences: false).map {
            $0.replacingOccurrences(of: "\u{1}", with: "|").replacingOccurrences(of: "<br>", with: "\n")
                .replacingOccurrences(of: "<br/>", with: "\n").replacingOccurrences(of: "<br />", with: "\n")
                .trimmedSpaces
        }
    }

    static func table(_ lines: [String], from start: Int) -> (DocTable?, Int) {
        var rows: [DocRow] = []
        var width = 0
        var i = start
        var pending: (cells: [String], line: Int)? = nil
        var separated = false
        func flush() {
            if let p = pending { rows.append(DocRow(cells: p.cells.map { DocCell($0) }, position: DocPosition(line: p.line))) }
            pending = nil
        }
        while i < lines.count {
            let t = lines[i].trimmedSpaces
            if t.isEmpty { break }
            if isSeparator(t) { separated = separated || t.contains("-"); i += 1; continue }
            if t.hasPrefix("|") {
                let cells = cells(t)
                // Stray lines of empty cells (`| |||||`) carry nothing.
                if cells.allSatisfy(\.isEmpty) { i += 1; continue }
                if width == 0 { width = cells.count }
                if let p = pending, p.cells.count < width {
                    // A row broken over physical lines: its first piece had fewer cells than the header.
                    var merged = p.cells
                    merged[merged.count - 1] += (merged[merged.count - 1].isEmpty ? "" : "\n") + (cells.first ?? "")
                    merged += cells.dropFirst()
                    pending = (merged, p.line)
                } else {
                    flush()
                    pending = (cells, i + 1)
                }
            } else if pending != nil {
                // A line without pipes inside a row: the text of the last cell goes on.
                pending!.cells[pending!.cells.count - 1] += "\n" + t
            } else { break }
            i += 1
        }
        flush()
        if !separated, let listed = documentList(lines[start..<i], start: start) { rows = listed }
        guard rows.count >= 2 else { return (nil, start) }
        return (DocTable(rows: rows, position: DocPosition(line: start + 1)), i)
    }

    /// Kinds of legal document that open a document's name ("Luật sửa đổi …", "Nghị quyết về việc …").
    static let documentKinds = ["luat ", "nghi quyet ", "phap lenh ", "nghi dinh ", "quyet dinh ", "thong tu ", "chi thi ", "de an ", "bo luat "]

    /// A list of documents to draft ("TT | Tên văn bản | Cơ quan trình | Cơ quan soạn thảo | … | Tiến độ | Hồ sơ")
    /// exported without its `|---|` row and broken apart: rows spread over several lines, empty numbers, stray
    /// `| |||||` lines. Its cells are read as one stream (a line ending or starting with `|` ends a cell; empty
    /// cells carry nothing); a cell naming a kind of document ("Luật …", "Nghị quyết …") in the name column's
    /// place starts a row, a numeral heading ("I. Văn bản thuộc thẩm quyền …") is a group row. A row's cells fill
    /// the columns after the number from the left, its last two the last two columns (the schedule and the
    /// dossier), so a cell the export lost leaves its own column empty. Nil when the header names no documents.
    static func documentList(_ lines: ArraySlice<String>, start: Int) -> [DocRow]? {
        guard let first = lines.first else { return nil }
        var header = cells(first.trimmedSpaces)
        while header.last?.isEmpty == true { header.removeLast() }
        guard header.count >= 4, TableColumns.role(header[0]) == .code,
              case let name = TextFolding.searchKey(header[1]), name.includes("van ban") || name.includes("du an") else { return nil }
        // The stream of cells, with the line each starts on.
        var stream: [(text: String, line: Int)] = []
        var current: [String] = []
        var currentLine = 0
        func end() {
            let text = current.joined(separator: "\n").trimmedWhitespace
            if !text.isEmpty { stream.append((text, currentLine)) }
            current = []
        }
        for (k, raw) in lines.enumerated().dropFirst() {
            let t = raw.trimmedSpaces
            if t.hasPrefix("|") { end() }
            var body = Substring(t)
            if body.hasPrefix("|") { body = body.dropFirst() }
            let endsCell = body.hasSuffix("|")
            let pieces = body.split(separator: "|", omittingEmptySubsequences: false)
            for (n, piece) in pieces.enumerated() {
                if n > 0 { end() }
                let text = piece.trimmedSpaces
                if !text.isEmpty { if current.isEmpty { currentLine = start + k + 1 }; current.append(text) }
            }
            if endsCell { end() }
        }
        end()
        let kinds = stream.filter { c in documentKinds.contains { TextFolding.searchKey(c.text).hasPrefix($0) } }.count
        guard kinds >= 2 else { return nil }
        var rows: [DocRow] = [DocRow(cells: header.map { DocCell($0) }, position: DocPosition(line: start + 1))]
        var row: [(text: String, line: Int)] = []
        func close() {
            guard !row.isEmpty else { return }
            let width = header.count - 1
            var filled = Array(repeating: "", count: width)
            let tail = min(2, max(0, row.count - 1))
            for (n, cell) in row.enumerated() {
                let column = n < row.count - tail ? n : width - (row.count - n)
                if column >= 0 && column < width { filled[column] = filled[column].isEmpty ? cell.text : filled[column] + "\n" + cell.text }
            }
            rows.append(DocRow(cells: [DocCell("")] + filled.map { DocCell($0) }, position: DocPosition(line: row[0].line)))
            row = []
        }
        for cell in stream {
            let key = TextFolding.searchKey(cell.text)
            if case .roman? = RowCode.parse(String(cell.text.prefix { $0 != " " })) {
                // "I. Văn bản thuộc thẩm quyền ban hành của Quốc hội": a group row.
                close()
                rows.append(DocRow(cells: [DocCell(cell.text)] + Array(repeating: DocCell(""), count: header.count - 1), position: DocPosition(line: cell.line)))
                continue
            }
            if documentKinds.contains(where: { key.hasPrefix($0) }) { close() }
            row.append(cell)
        }
        close()
        return rows
    }
}

/// The cell-per-line export (thuvienphapluat.vn pages saved as Markdown): a table starts with a line holding
/// only `|`; each cell's text stands on the lines between two such lines; two in a row end a row, and so does
/// an empty cell, which cannot be told apart by the text alone. The header row (the first, with no empty
/// cell) gives the number of columns; an empty token inside a row is an empty cell when the row started with
/// a number and what follows still fits in the row, otherwise it ends the row (rows under merged cells have
/// fewer cells and no number).
enum CellPerLine {
    struct Token { var text: String; var line: Int; var raw: String }

    /// Lines that open a table with a numbered header (`|`, `STT`, `|`): a page that wraps the document in a
    /// layout table of its own (legal portals do) holds the plan's tables inside it, and each starts there.
    static func headerStarts(_ lines: [String]) -> [Int] {
        var out: [Int] = []
        for i in 0..<max(0, lines.count - 2) where lines[i].trimmedSpaces == "|" {
            let cell = SourceText.clean(lines[i + 1]).trimmedSpaces
            if TableColumns.role(cell) == .code, lines[i + 2].trimmedSpaces == "|" { out.append(i) }
        }
        return out
    }

    static func table(_ lines: [String], from start: Int, stop: Int) -> (DocTable?, Int) {
        // The region: pipe lines and the text between them, up to a blank line or the next numbered header.
        var tokens: [Token] = []
        var current: [String] = []
        var currentLine = 0
        var i = start + 1
        var end = start + 1
        var cutCell: Int? = nil
        while i < min(lines.count, stop) {
            let raw = lines[i]
            let t = raw.trimmedSpaces
            if t == "|" {
                if let first = current.first, Self.opensAppendix(SourceText.clean(first)) {
                    // "PHỤ LỤC II" left inside the last cell of the table above: the table ended before it.
                    end = currentLine - 1
                    current = []
                    break
                }
                tokens.append(Token(text: current.map { SourceText.clean($0) }.joined(separator: "\n").trimmedWhitespace,
                                    line: current.isEmpty ? i + 1 : currentLine, raw: current.joined(separator: "\n").trimmedSpaces))
                current = []
                end = i + 1
            } else if t.isEmpty || (t.hasPrefix("#") && !current.isEmpty) {
                // A blank line ends the table, and so does a heading (the portal's "## Văn bản liên quan" right under
                // a table whose last cell it left open); text after the last pipe line is not the table's.
                break
            } else {
                if current.isEmpty { currentLine = i + 1 }
                current.append(raw)
            }
            i += 1
        }
        if let first = current.first, i >= stop,
           Self.opensAppendix(SourceText.clean(first)) || tokens.last.map({ $0.raw.isEmpty }) == true {
            // An appendix heading, or text after a row that had ended ("|" twice): a heading between two
            // tables ("2. Các nhiệm vụ về chuyển đổi số quá hạn chưa hoàn thành"), not a cell.
            end = currentLine - 1
        } else if !current.isEmpty, i >= stop {
            // Cut at the next table's header: the text since the last pipe line is a last cell.
            tokens.append(Token(text: current.map { SourceText.clean($0) }.joined(separator: "\n").trimmedWhitespace,
                                line: currentLine, raw: current.joined(separator: "\n")))
            end = stop
            cutCell = currentLine
        }
        guard tokens.count >= 2 else { return (nil, end) }
        var rows = Self.rows(tokens)
        if let line = cutCell, rows.count > 2, let last = rows.last, last.cells.count == 1, last.position.line == line {
            // That text began a row of its own, after the last row was complete: a heading between two tables.
            rows.removeLast()
            end = line - 1
        }
        guard rows.count >= 2, rows[0].cells.count >= 2 else {
            // Not a table (a signature block laid out with pipes): its text stays as paragraphs.
            return (nil, start + 1)
        }
        return (DocTable(rows: rows, position: DocPosition(line: start + 1)), end)
    }

    /// An appendix heading in capitals ("PHỤ LỤC II", "PHỤ LỤC 01"): never a cell's text.
    static func opensAppendix(_ text: String) -> Bool {
        let t = text.trimmedSpaces
        return t.hasPrefix("PHỤ LỤC") || t.hasPrefix("PHỤ\u{00A0}LỤC")
    }

    /// A cell holding only an ellipsis or a run of dots: where a portal elided part of a table.
    static func isElision(_ text: String) -> Bool {
        text.count >= 3 && text.allSatisfy { $0 == "…" || $0 == "." || $0 == " " } && text.contains { $0 == "…" || $0 == "." }
    }

    static func looksLikeRowStart(_ text: String) -> Bool {
        RowCode.startsRow(text.split(whereSeparator: \.isNewline).first.map(String.init) ?? "")
    }

    /// The table's width when its header has two levels: the header row names fewer columns than the rows have
    /// (a cell spanning the years above "Năm 2026 | … | Năm 2030"), and the second header row comes right after
    /// it. The rows' width is then the most frequent length of a run of filled cells, longer than the first
    /// header row and no longer than both header rows together. Nil for a one-level header.
    static func twoLevelWidth(_ tokens: [Token]) -> Int? {
        var runs: [Int] = []
        var run = 0
        for tok in tokens {
            if tok.raw.isEmpty { if run > 0 { runs.append(run) }; run = 0 } else { run += 1 }
        }
        if run > 0 { runs.append(run) }
        guard runs.count > 3, let firstEmpty = tokens.firstIndex(where: { $0.raw.isEmpty }), firstEmpty + 1 < tokens.count,
              !tokens[firstEmpty + 1].raw.isEmpty, !looksLikeRowStart(tokens[firstEmpty + 1].text) else { return nil }
        let header = runs[0], second = runs[1]
        guard second >= 2 else { return nil }
        var counts: [Int: Int] = [:]
        for r in runs.dropFirst(2) where r > header && r <= header + second { counts[r, default: 0] += 1 }
        guard let (width, n) = counts.max(by: { ($0.value, $0.key) < ($1.value, $1.key) }), n >= 2 else { return nil }
        return width
    }

    static func rows(_ tokens: [Token]) -> [DocRow] {
        var rows: [DocRow] = []
        var cells: [Token] = []
        var width = twoLevelWidth(tokens) ?? 0
        var afterBoundary = true
        func end() {
            if !cells.isEmpty {
                rows.append(DocRow(cells: cells.map { DocCell($0.text, line: $0.line) }, position: DocPosition(line: cells.first { !$0.text.isEmpty }?.line ?? cells[0].line)))
                if width == 0 { width = cells.count }
            }
            cells = []
        }
        var k = 0
        while k < tokens.count {
            let tok = tokens[k]
            let empty = tok.raw.isEmpty
            if !empty, Self.isElision(tok.text) {
                // The portal cut the table here ("…........"): the row being read ends, the mark is not a cell.
                end(); afterBoundary = true
                k += 1; continue
            }
            if !empty {
                if width > 0 && cells.count >= width { end() }
                cells.append(tok); afterBoundary = false
                k += 1; continue
            }
            if cells.isEmpty {
                // An empty first cell right after a row ended (a group row without a number); otherwise stray.
                if afterBoundary && rows.count > 0, k + 1 < tokens.count, !tokens[k + 1].raw.isEmpty { cells.append(tok); afterBoundary = false }
                k += 1; continue
            }
            if width == 0 || cells.count >= width { end(); afterBoundary = true; k += 1; continue }
            // Empty cell or end of row? Look at the next chunk (the tokens up to the next empty one).
            var next: [Token] = []
            var m = k + 1
            while m < tokens.count, !tokens[m].raw.isEmpty { next.append(tokens[m]); m += 1 }
            let numbered = looksLikeRowStart(cells[0].text) || cells[0].raw.isEmpty
            let fits = cells.count + 1 + next.count <= width
            // A number before an empty cell or another figure is a figure ("11 | Hạt giống Takii | | 400 | | 400",
            // "Người | | 55 | 60 | 60"), not a row's number: a row's number is followed by its name.
            let nextStartsRow = next.first.map { first in
                guard looksLikeRowStart(first.text) else { return false }
                guard case .number = RowCode.parse(first.text) else { return true }
                return next.count >= 2 && next[1].text.contains(where: \.isLetter)
            } ?? false
            if numbered && fits && !nextStartsRow {
                cells.append(tok)
            } else {
                end(); afterBoundary = true
            }
            k += 1
        }
        end()
        return rows
    }
}
