import Foundation
import KeHoachCore

/// A page of a legal portal saved from a browser: paragraphs, headings, list items and tables (with rowspan
/// and colspan) in reading order. Scripts, styles, navigation, headers, footers, forms and buttons are page
/// furniture and skipped; so are paragraphs that only the portal adds (see `PageFurniture`). A tolerant
/// tokenizer, not an XML parser: real pages are not well-formed.
enum HTMLReader {
    static let skipped: Set<String> = ["script", "style", "noscript", "nav", "header", "footer", "form", "button", "select", "svg", "iframe", "template", "head", "aside", "menu"]
    static let blockTags: Set<String> = ["p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "table", "ul", "ol", "section", "article", "blockquote", "center", "dd", "dt", "pre", "body", "main"]

    static func read(_ html: String) -> DocModel {
        var blocks: [DocBlock] = []
        var ordinal = 0
        var text = ""
        var heading: Int? = nil
        var listDepth = 0
        var inItem = false
        var skipDepth = 0
        var skipTag = ""
        // Tables may nest: a stack of (rows, current row, current cell).
        struct OpenTable { var rows: [DocRow] = []; var row: [DocCell]? = nil; var cell: String? = nil; var span = (1, 1); var line = 0 }
        var tables: [OpenTable] = []
        var tableCount = 0

        /// Text goes to the open cell of the innermost table, if there is one.
        func inCell() -> Bool { tables.last?.cell != nil }
        func flushParagraph() {
            let t = TextFolding.collapseSpaces(text.replacingOccurrences(of: "\n", with: " "))
            text = ""
            guard !t.isEmpty else { return }
            if inCell() { return }
            ordinal += 1
            blocks.append(.paragraph(DocParagraph(text: t, headingLevel: heading, listLevel: inItem ? max(0, listDepth - 1) : nil,
                                                  position: DocPosition(line: ordinal, paragraph: ordinal))))
        }
        func appendText(_ s: String) {
            if inCell() { tables[tables.count - 1].cell! += s } else { text += s }
        }
        func closeCell() {
            guard !tables.isEmpty, let cell = tables[tables.count - 1].cell else { return }
            let lines = cell.split(separator: "\n").map { TextFolding.collapseSpaces(String($0)) }.filter { !$0.isEmpty }
            let (rs, cs) = tables[tables.count - 1].span
            if tables[tables.count - 1].row == nil { tables[tables.count - 1].row = [] }
            tables[tables.count - 1].row!.append(DocCell(lines.joined(separator: "\n"), rowSpan: rs, colSpan: cs))
            tables[tables.count - 1].cell = nil
        }
        func closeRow() {
            closeCell()
            guard !tables.isEmpty, let row = tables[tables.count - 1].row else { return }
            ordinal += 1
            let t = tables.count - 1
            tables[t].rows.append(DocRow(cells: row, position: DocPosition(line: ordinal, table: tableCount, row: tables[t].rows.count + 1)))
            tables[t].row = nil
        }

        let scanner = HTMLTokens(html)
        for token in scanner {
            switch token {
            case let .text(s):
                if skipDepth == 0 { appendText(HTMLTokens.decodeEntities(s)) }
            case let .open(name, attributes, selfClosing):
                if skipDepth > 0 {
                    if name == skipTag && !selfClosing { skipDepth += 1 }
                    continue
                }
                if skipped.contains(name) && !selfClosing { skipDepth = 1; skipTag = name; continue }
                switch name {
                case "br": appendText("\n")
                case "table":
                    flushParagraph()
                    if tables.isEmpty { tableCount += 1 }
                    tables.append(OpenTable(line: ordinal + 1))
                case "tr":
                    closeRow()
                    if !tables.isEmpty { tables[tables.count - 1].row = [] }
                case "td", "th":
                    closeCell()
                    guard !tables.isEmpty else { continue }
                    if tables[tables.count - 1].row == nil { tables[tables.count - 1].row = [] }
                    let rs = attributes["rowspan"].flatMap { Int($0.trimmedSpaces) } ?? 1
                    let cs = attributes["colspan"].flatMap { Int($0.trimmedSpaces) } ?? 1
                    tables[tables.count - 1].span = (min(max(rs, 1), 500), min(max(cs, 1), DocTable.maxColumns))
                    tables[tables.count - 1].cell = ""
                case "ul", "ol":
                    flushParagraph(); listDepth += 1
                case "li":
                    if inCell() { appendText("\n- ") } else { flushParagraph(); inItem = true }
                case "h1", "h2", "h3", "h4", "h5", "h6":
                    flushParagraph(); heading = Int(name.dropFirst())
                default:
                    if blockTags.contains(name) {
                        if inCell() { appendText("\n") } else { flushParagraph() }
                    }
                }
            case let .close(name):
                if skipDepth > 0 {
                    if name == skipTag { skipDepth -= 1 }
                    continue
                }
                switch name {
                case "td", "th": closeCell()
                case "tr": closeRow()
                case "table":
                    closeRow()
                    if let done = tables.popLast() {
                        let table = DocTable(rows: done.rows, position: DocPosition(line: done.line, table: tableCount))
                        if inCell() {
                            // A table inside a cell: its text joins the cell's.
                            appendText("\n" + done.rows.map { $0.cells.map(\.text).joined(separator: " ") }.joined(separator: "\n"))
                        } else if !done.rows.isEmpty {
                            blocks.append(.table(table))
                        }
                    }
                case "ul", "ol": flushParagraph(); listDepth = max(0, listDepth - 1)
                case "li": if !inCell() { flushParagraph(); inItem = false }
                case "h1", "h2", "h3", "h4", "h5", "h6": flushParagraph(); heading = nil
                default:
                    if blockTags.contains(name) {
                        if inCell() { appendText("\n") } else { flushParagraph() }
                    }
                }
            }
        }
        while !tables.isEmpty {
            closeRow()
            let done = tables.removeLast()
            if !done.rows.isEmpty { blocks.append(.table(DocTable(rows: done.rows, position: DocPosition(line: done.line, table: tableCount)))) }
        }
        flushParagraph()
        return DocModel(blocks: blocks, format: "html")
    }
}

/// Tags and text of an HTML page, in order. Comments, doctype and processing instructions are skipped.
struct HTMLTokens: Sequence, IteratorProtocol {
    enum Token { case text(String), open(String, [String: String], selfClosing: Bool), close(String) }
    let scalars: [Unicode.Scalar]
    var i = 0
    init(_ html: String) { scalars = Array(html.unicodeScalars) }

    mutating func next() -> Token? {
        // Comments, doctype and processing instructions are skipped in a loop (a page of many comments must not
        // recurse once per comment).
        while true {
            guard i < scalars.count else { return nil }
            if starts("<!--") {
                i += 4
                while i < scalars.count, !starts("-->") { i += 1 }
                i = Swift.min(scalars.count, i + 3)
                continue
            }
            if scalars[i] == "<", i + 1 < scalars.count, scalars[i + 1] == "!" || scalars[i + 1] == "?" {
                while i < scalars.count, scalars[i] != ">" { i += 1 }
                i += 1
                continue
            }
            break
        }
        guard i < scalars.count else { return nil }
        if scalars[i] != "<" {
            var s = String.UnicodeScalarView()
            while i < scalars.count, scalars[i] != "<" { s.append(scalars[i]); i += 1 }
            return .text(String(s))
        }
        let start = i
        i += 1
        var closing = false
        if i < scalars.count, scalars[i] == "/" { closing = true; i += 1 }
        var name = ""
        while i < scalars.count, scalars[i].properties.isAlphabetic || ("0"..."9").contains(scalars[i]) || scalars[i] == "-" || scalars[i] == ":" {
            name.unicodeScalars.append(scalars[i]); i += 1
        }
        if name.isEmpty {
            // A lone "<" in text.
            i = start + 1
            return .text("<")
        }
        var attributes: [String: String] = [:]
        var selfClosing = false
        while i < scalars.count, scalars[i] != ">" {
            let c = scalars[i]
            if c == "/" { selfClosing = true; i += 1; continue }
            if c.properties.isWhitespace { i += 1; continue }
            var key = ""
            while i < scalars.count, !scalars[i].properties.isWhitespace, scalars[i] != "=", scalars[i] != ">", scalars[i] != "/" {
                key.unicodeScalars.append(scalars[i]); i += 1
            }
            if key.isEmpty { i += 1; continue }
            var value = ""
            while i < scalars.count, scalars[i].properties.isWhitespace { i += 1 }
            if i < scalars.count, scalars[i] == "=" {
                i += 1
                while i < scalars.count, scalars[i].properties.isWhitespace { i += 1 }
                if i < scalars.count, scalars[i] == "\"" || scalars[i] == "'" {
                    let q = scalars[i]; i += 1
                    while i < scalars.count, scalars[i] != q { value.unicodeScalars.append(scalars[i]); i += 1 }
                    i += 1
                } else {
                    while i < scalars.count, !scalars[i].properties.isWhitespace, scalars[i] != ">" { value.unicodeScalars.append(scalars[i]); i += 1 }
                }
            }
            if attributes.count < 64 { attributes[key.lowercased()] = Self.decodeEntities(value) }
        }
        i += 1
        let lower = name.lowercased()
        if closing { return .close(lower) }
        if ["br", "img", "hr", "meta", "link", "input", "col", "wbr"].contains(lower) { selfClosing = true }
        return .open(lower, attributes, selfClosing: selfClosing)
    }

    func starts(_ s: String) -> Bool {
        var k = i
        for c in s.unicodeScalars {
            guard k < scalars.count, scalars[k] == c else { return false }
            k += 1
        }
        return true
    }

    static let named: [String: String] = ["nbsp": " ", "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "ndash": "–", "mdash": "—",
                                          "hellip": "…", "laquo": "«", "raquo": "»", "ldquo": "“", "rdquo": "”", "lsquo": "‘", "rsquo": "’", "bull": "•", "le": "≤", "ge": "≥"]

    static func decodeEntities(_ s: String) -> String {
        guard s.contains("&") else { return s }
        var out = ""
        var rest = Substring(s)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            if let semi = after.prefix(12).firstIndex(of: ";") {
                let name = after[..<semi]
                var decoded: String? = named[String(name)]
                if name.hasPrefix("#x") || name.hasPrefix("#X") { decoded = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String($0) } }
                else if name.hasPrefix("#") { decoded = UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init).map { String($0) } }
                if let decoded {
                    out += decoded
                    rest = after[after.index(after: semi)...]
                    continue
                }
            }
            out += "&"
            rest = after
        }
        return out + rest
    }
}
