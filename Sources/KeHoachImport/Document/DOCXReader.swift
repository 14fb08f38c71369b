import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import KeHoachCore
import KeHoachReports

/// A Word document (.docx): body paragraphs with their heading level and list numbering (computed from
/// numbering.xml as Word shows it: `1.`, `a)`, `I.`, `-`), tables with `gridSpan` and `vMerge` turned into
/// column and row spans, line breaks kept inside cells, footnotes kept as notes. Positions are the paragraph's
/// ordinal in the body, and the table and row.
enum DOCXReader {
    static let maxEntries = 2_000
    static let maxBytes = 60 * 1_048_576

    /// Reads the package `DocumentReader` opened (with `maxEntries` and `maxBytes`).
    static func read(_ package: OOXMLParts) throws(ImportError) -> DocModel {
        func part(_ path: String) throws(ImportError) -> Data? {
            do { return try package.part(path) } catch { throw error == .tooLarge ? .zipBomb : .damaged(format: "DOCX") }
        }
        guard let body = try part("word/document.xml") else { throw .damaged(format: "DOCX") }
        let numbering = try part("word/numbering.xml").map(Numbering.parse) ?? Numbering()
        let styles = try part("word/styles.xml").map(HeadingStyles.parse) ?? [:]
        var model = BodyParser.parse(body, numbering: numbering, headingStyles: styles)
        if let notes = try part("word/footnotes.xml") {
            let texts = BodyParser.parse(notes, numbering: Numbering(), headingStyles: [:]).paragraphs.map(\.text).filter { !$0.isEmpty }
            var n = (model.blocks.last?.position.line ?? 0)
            for t in texts {
                n += 1
                model.blocks.append(.paragraph(DocParagraph(text: t, isNote: true, position: DocPosition(line: n, paragraph: n))))
            }
        }
        let hasText = model.blocks.contains { block in
            switch block {
            case let .paragraph(p): !p.isNote && !p.text.isEmpty
            case let .table(t): t.rows.contains { $0.cells.contains { !$0.text.isEmpty } }
            }
        }
        if !hasText {
            throw package.names.contains { $0.hasPrefix("word/media/") } ? .imagesOnly : .empty
        }
        return model
    }

    /// Heading styles by style id (`Heading1`, or a localised id whose name is "heading 1").
    enum HeadingStyles {
        static func parse(_ data: Data) -> [String: Int] {
            final class D: NSObject, XMLParserDelegate {
                var result: [String: Int] = [:]
                var current: String?
                func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
                    if name == "w:style" { current = attributes["w:styleId"] }
                    if name == "w:name", let id = current, let v = attributes["w:val"]?.lowercased(), v.hasPrefix("heading "), let level = Int(v.dropFirst(8)) {
                        result[id] = level
                    }
                    if name == "w:outlineLvl", let id = current, result[id] == nil, let v = attributes["w:val"].flatMap(Int.init), v < 9 { result[id] = v + 1 }
                }
            }
            let d = D()
            let p = XMLParser(data: data)
            p.delegate = d
            _ = p.parse()
            return d.result
        }
    }

    /// List numbering: each (numId, level) has a format and a text pattern (`%1.`, `%2)`); counters go up as
    /// paragraphs use them and deeper levels restart.
    struct Numbering {
        struct Level { var format = "decimal"; var text = "%1."; var start = 1 }
        var abstract: [String: [Int: Level]] = [:]
        var nums: [String: String] = [:]
        var counters: [String: [Int: Int]] = [:]

        static func parse(_ data: Data) -> Numbering {
            final class D: NSObject, XMLParserDelegate {
                var n = Numbering()
                var abstractID: String?
                var level: Int?
                var lvl = Level()
                var numID: String?
                func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes a: [String: String] = [:]) {
                    switch name {
                    case "w:abstractNum": abstractID = a["w:abstractNumId"]
                    case "w:lvl": level = a["w:ilvl"].flatMap(Int.init); lvl = Level()
                    case "w:numFmt": if level != nil { lvl.format = a["w:val"] ?? "decimal" }
                    case "w:lvlText": if level != nil { lvl.text = a["w:val"] ?? "" }
                    case "w:start": if level != nil { lvl.start = min(max(a["w:val"].flatMap(Int.init) ?? 1, 0), 10_000) }
                    case "w:num": numID = a["w:numId"]
                    case "w:abstractNumId": if let id = numID, let v = a["w:val"] { n.nums[id] = v }
                    default: break
                    }
                }
                func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
                    if name == "w:lvl", let id = abstractID, let l = level { n.abstract[id, default: [:]][l] = lvl; level = nil }
                    if name == "w:abstractNum" { abstractID = nil }
                    if name == "w:num" { numID = nil }
                }
            }
            let d = D()
            let p = XMLParser(data: data)
            p.delegate = d
            _ = p.parse()
            return d.n
        }

        /// The label of the next paragraph numbered (numId, level): `2.`, `b)`, `II.`, `-`.
        mutating func next(numID: String, level: Int) -> String? {
            guard numID != "0", (0...8).contains(level), let abstractID = nums[numID], let levels = abstract[abstractID] else { return nil }
            let def = levels[level] ?? Level()
            var c = counters[numID] ?? [:]
            c[level] = min(max((c[level] ?? (def.start - 1)) + 1, 0), 10_000)
            for deeper in c.keys where deeper > level { c[deeper] = nil }
            counters[numID] = c
            if def.format == "bullet" { return Self.bullet(def.text) }
            if def.format == "none" { return nil }
            var label = def.text
            for l in 0...min(level, 8) {
                let value = c[l] ?? (levels[l]?.start ?? 1)
                label = label.replacingOccurrences(of: "%\(l + 1)", with: Self.format(value, levels[l]?.format ?? "decimal"))
            }
            return label.isEmpty ? nil : label
        }

        static func bullet(_ text: String) -> String {
            // Symbol-font bullets (, o, §) read as a dash.
            let t = text.trimmedSpaces
            return t == "-" || t == "–" || t == "+" ? t : "-"
        }

        static func format(_ n: Int, _ format: String) -> String {
            switch format {
            case "lowerLetter": return letters(n).lowercased()
            case "upperLetter": return letters(n)
            case "upperRoman": return roman(n)
            case "lowerRoman": return roman(n).lowercased()
            default: return String(n)
            }
        }

        static func letters(_ n: Int) -> String {
            let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
            guard n > 0 else { return "" }
            return String(repeating: alphabet[(n - 1) % 26], count: (n - 1) / 26 + 1)
        }

        static func roman(_ n: Int) -> String {
            guard n > 0, n < 4000 else { return String(n) }
            let table: [(Int, String)] = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
            var n = n, out = ""
            for (v, s) in table { while n >= v { out += s; n -= v } }
            return out
        }
    }

    /// The body: paragraphs and tables in order. Cells hold paragraphs (joined with line breaks) and may hold
    /// tables of their own (their text joins the cell's).
    final class BodyParser: NSObject, XMLParserDelegate {
        var numbering: Numbering
        let headingStyles: [String: Int]
        var blocks: [DocBlock] = []
        var ordinal = 0
        var tableCount = 0

        // The paragraph being read.
        var text = ""
        var inText = false
        var style: String?
        var numID: String?
        var level = 0
        var inParagraphProperties = false
        var inRunProperties = false

        struct RawCell { var text: String; var colSpan: Int; var merge: String? }
        struct OpenTable { var rows: [[RawCell]] = []; var row: [RawCell]? = nil; var cellText: [String]? = nil; var colSpan = 1; var merge: String? = nil; var rowOrdinals: [Int] = [] }
        var tables: [OpenTable] = []

        init(numbering: Numbering, headingStyles: [String: Int]) {
            self.numbering = numbering; self.headingStyles = headingStyles
        }

        static func parse(_ data: Data, numbering: Numbering, headingStyles: [String: Int]) -> DocModel {
            let d = BodyParser(numbering: numbering, headingStyles: headingStyles)
            let p = XMLParser(data: data)
            p.delegate = d
            _ = p.parse()
            return DocModel(blocks: d.blocks, format: "docx")
        }

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes a: [String: String] = [:]) {
            switch name {
            case "w:p": text = ""; style = nil; numID = nil; level = 0
            case "w:pPr": inParagraphProperties = true
            case "w:rPr": inRunProperties = true
            case "w:pStyle": if inParagraphProperties { style = a["w:val"] }
            case "w:numId": if inParagraphProperties { numID = a["w:val"] }
            case "w:ilvl": if inParagraphProperties { level = a["w:val"].flatMap(Int.init) ?? 0 }
            case "w:t": inText = true
            case "w:tab": if !inParagraphProperties { text += " " }
            case "w:br", "w:cr": text += "\n"
            case "w:tbl": tables.append(OpenTable())
            case "w:tr": if !tables.isEmpty { tables[tables.count - 1].row = [] }
            case "w:tc": if !tables.isEmpty { tables[tables.count - 1].cellText = []; tables[tables.count - 1].colSpan = 1; tables[tables.count - 1].merge = nil }
            case "w:gridSpan": if !tables.isEmpty { tables[tables.count - 1].colSpan = min(max(a["w:val"].flatMap(Int.init) ?? 1, 1), DocTable.maxColumns) }
            case "w:vMerge": if !tables.isEmpty { tables[tables.count - 1].merge = a["w:val"] ?? "continue" }
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if inText { text += string }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            switch name {
            case "w:t": inText = false
            case "w:pPr": inParagraphProperties = false
            case "w:rPr": inRunProperties = false
            case "w:p": endParagraph()
            case "w:tc":
                guard !tables.isEmpty, let cell = tables[tables.count - 1].cellText else { return }
                let t = tables.count - 1
                let raw = RawCell(text: cell.joined(separator: "\n"), colSpan: tables[t].colSpan, merge: tables[t].merge)
                tables[t].row?.append(raw)
                tables[t].cellText = nil
            case "w:tr":
                guard !tables.isEmpty, let row = tables[tables.count - 1].row else { return }
                let t = tables.count - 1
                tables[t].rows.append(row)
                tables[t].row = nil
                if t == 0 { ordinal += 1; tables[t].rowOrdinals.append(ordinal) }
            case "w:tbl":
                guard let done = tables.popLast() else { return }
                let table = Self.table(done, number: tables.isEmpty ? tableCount + 1 : tableCount)
                if tables.isEmpty {
                    tableCount += 1
                    if !table.rows.isEmpty { blocks.append(.table(table)) }
                } else if tables[tables.count - 1].cellText != nil {
                    // A table inside a cell: its rows become lines of the cell.
                    let lines = table.rows.map { $0.cells.map(\.text).joined(separator: " ") }
                    tables[tables.count - 1].cellText!.append(contentsOf: lines)
                }
            default: break
            }
        }

        func endParagraph() {
            let t = text.split(separator: "\n", omittingEmptySubsequences: false).map { TextFolding.collapseSpaces(String($0)) }.joined(separator: "\n")
                .trimmedWhitespace
            let label = numID.flatMap { numbering.next(numID: $0, level: level) }
            text = ""
            if !tables.isEmpty, tables[tables.count - 1].cellText != nil {
                let line = [label, t.isEmpty ? nil : t].compactMap { $0 }.joined(separator: " ")
                if !line.isEmpty { tables[tables.count - 1].cellText!.append(line) }
                return
            }
            guard !t.isEmpty else { return }
            ordinal += 1
            let heading = style.flatMap { headingStyles[$0] } ?? style.flatMap { s in
                s.lowercased().hasPrefix("heading") ? Int(s.dropFirst(7)) : nil
            }
            blocks.append(.paragraph(DocParagraph(text: t, headingLevel: heading, listLevel: numID == nil ? nil : level, numbering: label,
                                                  position: DocPosition(line: ordinal, paragraph: ordinal))))
        }

        /// Vertical merges as row spans: a "restart" cell spans the "continue" cells below it in its grid column.
        static func table(_ open: OpenTable, number: Int) -> DocTable {
            // Grid column of each cell.
            var placed: [[(col: Int, cell: RawCell)]] = []
            for row in open.rows {
                var c = 0
                var out: [(Int, RawCell)] = []
                for cell in row { out.append((c, cell)); c += cell.colSpan }
                placed.append(out)
            }
            var rows: [DocRow] = []
            for (r, row) in placed.enumerated() {
                var cells: [DocCell] = []
                for (col, cell) in row {
                    if cell.merge == "continue" { continue }
                    var span = 1
                    if cell.merge == "restart" {
                        var rr = r + 1
                        while rr < placed.count, let below = placed[rr].first(where: { $0.col == col }), below.cell.merge == "continue" { span += 1; rr += 1 }
                    }
                    // Keep the grid position of cells after a skipped "continue" cell: `DocTable.grid` fills
                    // positions covered by spans from above, so later cells land in their own columns.
                    cells.append(DocCell(cell.text, rowSpan: span, colSpan: cell.colSpan))
                }
                let line = r < open.rowOrdinals.count ? open.rowOrdinals[r] : (open.rowOrdinals.last ?? 0)
                rows.append(DocRow(cells: cells, position: DocPosition(line: line, table: number, row: r + 1)))
            }
            return DocTable(rows: rows, position: DocPosition(line: open.rowOrdinals.first ?? 0, table: number))
        }
    }
}
