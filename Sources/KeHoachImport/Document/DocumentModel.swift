import Foundation
import KeHoachCore

/// Where a block of a document was read: a line of a text file, or a page, paragraph, table and row of a
/// document that has no lines (DOCX, PDF, HTML, XLSX). `line` is always set: the text file's own line, or the
/// block's ordinal in reading order (the number warnings cite), so positions sort in reading order.
public struct DocPosition: Sendable, Hashable {
    public var line: Int
    public var page: Int?
    public var paragraph: Int?
    public var table: Int?
    public var row: Int?

    public init(line: Int, page: Int? = nil, paragraph: Int? = nil, table: Int? = nil, row: Int? = nil) {
        self.line = line; self.page = page; self.paragraph = paragraph; self.table = table; self.row = row
    }

    /// "dòng 12", "bảng 2, hàng 5", "trang 3, đoạn 40" as a user reads it.
    public var description: String { SourcePlace.text(line: line, page: page, paragraph: paragraph, table: table, row: row) }
}

/// A paragraph: its text, whether it is a heading (level 1 …), a list item (level 0 …) and the numbering the
/// document shows before it (`1.`, `a)`, `-`), kept apart from the text.
public struct DocParagraph: Sendable, Hashable {
    public var text: String
    public var headingLevel: Int?
    public var listLevel: Int?
    public var numbering: String?
    /// A footnote or endnote (kept, never read as plan content).
    public var isNote: Bool
    public var position: DocPosition

    public init(text: String, headingLevel: Int? = nil, listLevel: Int? = nil, numbering: String? = nil, isNote: Bool = false, position: DocPosition) {
        self.text = text; self.headingLevel = headingLevel; self.listLevel = listLevel; self.numbering = numbering
        self.isNote = isNote; self.position = position
    }

    /// The paragraph as it reads: numbering, then text.
    public var displayText: String {
        guard let numbering, !numbering.isEmpty else { return text }
        return numbering + " " + text
    }
}

/// A table cell as the document has it: text with its line breaks, and how many rows and columns it spans.
public struct DocCell: Sendable, Hashable {
    public var text: String
    public var rowSpan: Int
    public var colSpan: Int
    /// The source line of the text's first line, where the reader knows it (Markdown): a page's layout table
    /// holds a whole document in one cell, whose paragraphs keep their own lines.
    public var line: Int?
    public init(_ text: String, rowSpan: Int = 1, colSpan: Int = 1, line: Int? = nil) {
        self.text = text; self.rowSpan = max(1, rowSpan); self.colSpan = max(1, colSpan); self.line = line
    }
}

public struct DocRow: Sendable, Hashable {
    public var cells: [DocCell]
    public var position: DocPosition
    public init(cells: [DocCell], position: DocPosition) { self.cells = cells; self.position = position }
}

public struct DocTable: Sendable, Hashable {
    /// `text`: tab-separated lines of a text file, read as the tables they always were; `layout`: a table of a
    /// structured document, which may be a page's layout rather than data.
    public enum Origin: Sendable, Hashable { case text, layout }
    public var rows: [DocRow]
    public var position: DocPosition
    public var format: Origin
    public init(rows: [DocRow], position: DocPosition, format: Origin = .layout) { self.rows = rows; self.position = position; self.format = format }

    /// Most columns a table may have (a wider one is damaged, or not a plan table).
    static let maxColumns = 64

    /// The table as a rectangle: spans expanded. A cell spanning columns keeps its text in its first column; a
    /// cell spanning rows gives its text to every row it spans (a lead agency merged over three tasks leads
    /// all three), except in the first column, where the rows below stay empty: they continue the row above
    /// (one task written over several rows).
    public func grid() -> [[String]] {
        var out: [[String?]] = Array(repeating: [], count: rows.count)
        for (r, row) in rows.enumerated() {
            var c = 0
            for cell in row.cells {
                while c < out[r].count, out[r][c] != nil { c += 1 }
                guard c < Self.maxColumns else { break }
                for dr in 0..<min(cell.rowSpan, rows.count - r) {
                    for dc in 0..<cell.colSpan where c + dc < Self.maxColumns {
                        let rr = r + dr
                        while out[rr].count <= c + dc { out[rr].append(nil) }
                        let text: String
                        if dc > 0 { text = "" } else if dr == 0 { text = cell.text } else { text = c == 0 ? "" : cell.text }
                        if out[rr][c + dc] == nil { out[rr][c + dc] = text }
                    }
                }
                c += cell.colSpan
            }
        }
        let width = out.map(\.count).max() ?? 0
        return out.map { row in (0..<width).map { $0 < row.count ? row[$0] ?? "" : "" } }
    }
}

public enum DocBlock: Sendable, Hashable {
    case paragraph(DocParagraph)
    case table(DocTable)

    public var position: DocPosition {
        switch self {
        case let .paragraph(p): p.position
        case let .table(t): t.position
        }
    }
}

/// A document in reading order, whatever file it came from: every reader produces one, and everything that
/// interprets a plan reads it.
public struct DocModel: Sendable, Hashable {
    public var blocks: [DocBlock]
    /// The reader's name for the summary (`docx`, `pdf`, `html`, `markdown`, `xlsx`, `csv`, `text`).
    public var format: String
    public init(blocks: [DocBlock], format: String) { self.blocks = blocks; self.format = format }

    /// The formats as users call them.
    static let formatNames = ["docx": "Word (.docx)", "pdf": "PDF", "html": "trang web (HTML)", "markdown": "Markdown",
                              "xlsx": "Excel (.xlsx)", "csv": "bảng CSV", "text": "văn bản thuần"]

    /// Paragraphs of DOCX, HTML and XLSX are whole; those of text, Markdown and PDF are lines that wrap.
    var paragraphsAreWhole: Bool { ["docx", "html", "xlsx", "markdown"].contains(format) }

    public var tables: [DocTable] { blocks.compactMap { if case let .table(t) = $0 { t } else { nil } } }
    public var paragraphs: [DocParagraph] { blocks.compactMap { if case let .paragraph(p) = $0 { p } else { nil } } }

    /// The document as the interpreting rules read it: one line per paragraph (numbering first), one line per
    /// table row with its cells separated by tabs (a cell's line breaks joined: bullet lines with "; ", other
    /// lines with a space), a blank line after each table. Each line carries its block's `line`.
    /// A text file's lines were cleaned as they were read (`SourceText.lines`); other readers give text as the
    /// document has it (no-break spaces, tabs, emphasis marks), cleaned here.
    var textIsClean: Bool { format == "text" || format == "csv" }

    static func cleanLine(_ piece: Substring) -> String {
        SourceText.clean(piece.contains("\t") ? piece.replacingOccurrences(of: "\t", with: " ") : String(piece))
    }

    func sourceLines() -> [SourceLine] {
        func clean(_ piece: Substring) -> String { textIsClean ? String(piece) : Self.cleanLine(piece) }
        var out: [SourceLine] = []
        var last = 0
        func add(_ number: Int, _ text: String) {
            // Lines stay in reading order even when a reader numbered blocks out of order.
            let n = max(number, last)
            last = n
            out.append(SourceLine(number: n, text: text))
        }
        for (b, block) in blocks.enumerated() {
            switch block {
            case let .paragraph(p):
                guard !p.isNote else { continue }
                let text = p.displayText
                if text.utf8.contains(0x0A) {
                    for piece in text.split(separator: "\n", omittingEmptySubsequences: false) { add(p.position.line, clean(piece)) }
                } else {
                    add(p.position.line, textIsClean ? text : Self.cleanLine(Substring(text)))
                }
                // A Word or web paragraph is whole: a blank line ends it, as a text file's blank line does.
                if paragraphsAreWhole { add(p.position.line, "") }
            case let .table(t):
                let grid = t.grid()
                // A table is read as a table from its header row on (a first cell such as `STT`); rows before it,
                // and tables without one (layout tables: a signature block, a portal's page frame), are text:
                // each cell's lines as paragraphs.
                let headerRow = t.format == .text ? 0 : grid.firstIndex { cells in
                    let first = cells.first?.trimmedSpaces ?? ""
                    return TableColumns.role(SourceText.clean(first)) == .code && cells.filter { !$0.isEmpty }.count >= 2
                } ?? grid.count
                for (r, cells) in grid.enumerated() where r < headerRow {
                    let line = r < t.rows.count ? t.rows[r].position.line : t.position.line
                    if r < t.rows.count, t.rows[r].cells.allSatisfy({ $0.rowSpan == 1 && $0.line != nil }) {
                        // Cells that know their lines: each line of text at its own.
                        for cell in t.rows[r].cells {
                            for (k, piece) in cell.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !piece.isEmpty {
                                add((cell.line ?? line) + k, clean(piece))
                            }
                        }
                        continue
                    }
                    for cell in cells {
                        for piece in cell.split(whereSeparator: \.isNewline) {
                            add(line, clean(piece))
                        }
                    }
                }
                if headerRow >= grid.count { continue }
                for (r, cells) in grid.enumerated() where r >= headerRow {
                    let line = r < t.rows.count ? t.rows[r].position.line : t.position.line
                    var texts = textIsClean ? cells : cells.map(Self.cellLine)
                    // A row whose only text is in one cell past the first would lose its place: keep the tabs.
                    if texts.count == 1 { texts.append("") }
                    add(line, texts.joined(separator: "\t"))
                }
                // A blank line closes the table, unless the document has one there already.
                if b + 1 < blocks.count, case let .paragraph(p) = blocks[b + 1], p.text.isEmpty { continue }
                add(last, "")
            }
        }
        return out
    }

    /// A cell's text on one line: bullet lines (`- Bộ Xây dựng;`) joined with "; ", other wrapped lines with a space.
    static func cellLine(_ text: String) -> String {
        // A footnote's marker inside a cell ("Ủy ban Đối ngoại [3]") is not the cell's text.
        let text = text.contains("[") ? text.replacingOccurrences(of: #"\s*\[\d{1,3}\]"#, with: "", options: .regularExpression) : text
        var pieces = text.split(whereSeparator: \.isNewline).map { Self.cleanLine($0) }
            .filter { !$0.isEmpty }
        let bullets = pieces.filter { Self.isBullet($0) }.count
        // One bullet opening the cell marks nothing: "- Hoàn thiện Nghị định …" is the text.
        if bullets == 1, let first = pieces.first, Self.isBullet(first) {
            pieces[0] = String(first.dropFirst().drop(while: { $0 == " " }))
        }
        guard pieces.count > 1 else { return pieces.first ?? "" }
        // A list: bullet lines, each perhaps wrapped over more lines.
        if bullets >= 2 && Self.isBullet(pieces[0]) {
            var items: [String] = []
            for p in pieces {
                if Self.isBullet(p) || items.isEmpty {
                    var t = Substring(p)
                    if Self.isBullet(p) { t = t.dropFirst().drop(while: { $0 == " " }) }
                    items.append(String(t).trimmed(of: " ;,."))
                } else {
                    items[items.count - 1] = Paragraphs.join(items[items.count - 1], p)
                }
            }
            return items.filter { !$0.isEmpty }.joined(separator: "; ")
        }
        return pieces.dropFirst().reduce(pieces[0], Paragraphs.join)
    }

    static func isBullet(_ line: String) -> Bool {
        guard let f = line.first else { return false }
        return ("-+•–*").contains(f) && line.dropFirst().first == " "
    }

    /// Each line number's place in a Word, web, spreadsheet or PDF document (a table row's table and row, a
    /// paragraph's ordinal, a PDF's page); empty for text and Markdown, whose line numbers are the file's.
    func positionsByLine() -> [Int: DocPosition] {
        guard !["text", "csv", "markdown"].contains(format) else { return [:] }
        var out: [Int: DocPosition] = [:]
        for block in blocks {
            switch block {
            case let .paragraph(p): if out[p.position.line] == nil { out[p.position.line] = p.position }
            case let .table(t):
                for (r, row) in t.rows.enumerated() where out[row.position.line] == nil {
                    var p = row.position
                    p.table = p.table ?? t.position.table
                    p.row = p.row ?? (p.table == nil ? nil : r + 1)
                    p.page = p.page ?? t.position.page
                    out[row.position.line] = p
                }
            }
        }
        return out
    }

    /// Table rows in the document, for the coverage count.
    var tableRowCount: Int { tables.reduce(0) { $0 + $1.rows.count } }
}
