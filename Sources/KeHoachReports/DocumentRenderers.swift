import Foundation
import KeHoachCore

/// The same administrative document as a workbook: the report's text on the first sheet (tables in place),
/// each appendix on its own sheet with the plan's columns.
public enum DocumentWorkbook {
    public static func sheets(_ doc: AdministrativeDocument) -> [Sheet] {
        func text(_ s: String) -> CellValue { s.isEmpty ? .empty : .text(s) }
        func cells(_ row: [String]) -> [CellValue] {
            row.map { s in
                // Whole numbers (row numbers) stay numbers; codes like `1.10` and Vietnamese figures (`37,6`) stay as written.
                if let n = Int(s), !s.hasPrefix("0") || s == "0" { return .number(Double(n)) }
                return text(s)
            }
        }
        // Footnotes: `(1)` in the text, the notes listed after the signature.
        var notes: [String] = []
        func marked(_ s: String) -> String {
            AdministrativeDocument.Inline.parts(s).map { part in
                switch part {
                case let .text(t): return t
                case let .note(n): notes.append(n); return "(\(notes.count))"
                }
            }.joined()
        }
        var rows: [[CellValue]] = [
            [text(doc.parentBody), .empty, .empty, text(AdministrativeDocument.nationalName)],
            [text(doc.issuingBody), .empty, .empty, text(AdministrativeDocument.motto)],
            [text(doc.numberLine), .empty, .empty, text(doc.placeAndDate)],
            [],
            [text(doc.kind)], [text(doc.subject)], [],
        ]
        for section in doc.sections {
            if !section.heading.isEmpty { rows.append([text(section.heading)]) }
            for block in section.blocks {
                switch block {
                case let .paragraph(p), let .subheading(p), let .minorHeading(p): rows.append([text(marked(p))])
                case let .bullets(lines): rows += lines.map { [text("- " + marked($0))] }
                case let .table(t): rows.append(t.header.map(text)); rows += t.rows.map(cells); rows.append([])
                }
            }
        }
        rows.append([])
        rows.append([text("Nơi nhận:"), .empty, .empty, text([doc.signerAuthority, doc.signerTitle].compactMap { $0 }.joined(separator: "\n"))])
        rows += doc.recipients.map { [text("- " + $0)] }
        if let name = doc.signerName { rows.append([.empty, .empty, .empty, text(name)]) }
        if !notes.isEmpty {
            rows.append([])
            rows.append([text("Chú thích:")])
            rows += notes.enumerated().map { [text("(\($0.offset + 1)) \($0.element)")] }
        }
        var sheets = [Sheet(name: "Báo cáo", rows: rows, columnWidths: [60, 40, 14, 40, 16, 16])]
        for a in doc.appendices {
            sheets.append(Sheet(name: a.label, rows: [[text("\(a.label). \(a.title)")], a.table.header.map(text)] + a.table.rows.map(cells),
                                columnWidths: a.table.widths.map { Double($0) * 1.6 }))
        }
        return sheets
    }

    public static func write(_ doc: AdministrativeDocument) throws -> Data { try XLSX.write(sheets(doc)) }
}

/// The document as one HTML page that prints on A4 (portrait body; the appendices follow on new pages).
public enum DocumentHTML {
    /// How the page gets its style: inline (a file written by the command line) or a stylesheet URL (the web
    /// application, whose content security policy allows no inline style).
    public enum Style: Sendable { case inline, link(String) }

    public static let css = """
    @page{size:A4;margin:20mm 15mm 20mm 30mm}
    body{font-family:"Times New Roman",Times,"Liberation Serif",serif;font-size:14pt;line-height:1.35;color:#000;max-width:170mm;margin:1em auto;padding:0 1em}
    .heading{display:grid;grid-template-columns:38% 62%;text-align:center;gap:0 1em}
    .heading p{margin:0}.issuer{font-weight:bold}.nation{font-weight:bold;font-size:12.5pt}.motto{font-weight:bold;text-decoration:underline}
    .date{font-style:italic;margin-top:.6em!important}
    h1{font-size:14pt;text-align:center;margin:1.2em 0 0}.subject{text-align:center;font-weight:bold;margin:0 0 1.2em}
    h2{font-size:14pt;margin:.8em 0 .3em}h3{font-size:14pt;margin:.5em 0 .2em}
    p.text{text-align:justify;text-indent:1cm;margin:.2em 0}
    table.data{border-collapse:collapse;width:100%;font-size:12pt;margin:.4em 0}
    table.data th,table.data td{border:1px solid #000;padding:2pt 4pt;vertical-align:top}
    table.data thead{display:table-header-group}table.data tr{break-inside:avoid}
    tr.group td{font-weight:bold}
    .closing{display:grid;grid-template-columns:45% 55%;margin-top:1.5em;break-inside:avoid}
    .recipients{font-size:11pt}.recipients strong{font-size:12pt;font-style:italic}.sign{text-align:center;font-weight:bold}
    .sign em{display:block;font-weight:normal;margin-top:5em}.sign em.name{font-style:normal;font-weight:bold}
    section.appendix{break-before:page}section.appendix h2{text-align:center;margin:0}
    h3.minor{font-style:italic}sup a{text-decoration:none;color:inherit}
    .notes{font-size:11pt;border-top:1px solid #000;margin-top:1.5em;padding-top:.3em}.notes p{margin:.1em 0;text-align:justify}
    .caption{text-align:center;font-style:italic;margin:0 0 .6em}
    @media print{body{margin:0;max-width:none;padding:0}}
    @media screen and (max-width:40rem){body{font-size:12pt}table.data{display:block;overflow-x:auto}}
    """

    static func e(_ s: String) -> String { XMLText.escape(s) }

    static func table(_ t: AdministrativeDocument.Table) -> String {
        var s = "<table class=\"data\"><thead><tr>" + t.header.map { "<th scope=\"col\">\(e($0))</th>" }.joined() + "</tr></thead><tbody>"
        for r in t.rows {
            if r.count > 2, r[0].isEmpty, !r[1].isEmpty, r.dropFirst(2).allSatisfy(\.isEmpty) {
                s += "<tr class=\"group\"><td colspan=\"\(t.header.count)\">\(e(r[1]))</td></tr>"
            } else {
                s += "<tr>" + r.map { "<td>\(e($0))</td>" }.joined() + "</tr>"
            }
        }
        return s + "</tbody></table>"
    }

    public static func render(_ doc: AdministrativeDocument, style: Style) -> String {
        var s = "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        s += "<title>\(e(doc.kind + " " + doc.subject))</title>"
        switch style {
        case .inline: s += "<style>\(css)</style>"
        case let .link(url): s += "<link rel=\"stylesheet\" href=\"\(e(url))\">"
        }
        s += "</head><body><div class=\"heading\"><div>"
        if !doc.parentBody.isEmpty { s += "<p>\(e(doc.parentBody))</p>" }
        s += "<p class=\"issuer\">\(doc.issuerLines.map(e).joined(separator: "<br>"))</p><p>———</p><p>\(e(doc.numberLine))</p></div><div>"
        s += "<p class=\"nation\">\(e(AdministrativeDocument.nationalName))</p><p class=\"motto\">\(e(AdministrativeDocument.motto))</p>"
        s += "<p class=\"date\">\(e(doc.placeAndDate))</p></div></div>"
        s += "<h1>\(e(doc.kind))</h1><p class=\"subject\">\(e(doc.subject))</p>"
        var notes: [String] = []
        /// Text with its footnotes as numbered marks linking to the notes after the signature.
        func inline(_ text: String) -> String {
            AdministrativeDocument.Inline.parts(text).map { part in
                switch part {
                case let .text(t): return e(t)
                case let .note(n):
                    notes.append(n)
                    return "<sup><a href=\"#cc\(notes.count)\" id=\"cc\(notes.count)-ref\" aria-label=\"chú thích \(notes.count)\">\(notes.count)</a></sup>"
                }
            }.joined()
        }
        for section in doc.sections {
            if !section.heading.isEmpty { s += "<h2>\(e(section.heading))</h2>" }
            for block in section.blocks {
                switch block {
                case let .paragraph(p): s += "<p class=\"text\">\(inline(p))</p>"
                case let .subheading(p): s += "<h3>\(inline(p))</h3>"
                case let .minorHeading(p): s += "<h3 class=\"minor\">\(inline(p))</h3>"
                case let .bullets(lines): s += lines.map { "<p class=\"text\">- \(inline($0))</p>" }.joined()
                case let .table(t): s += table(t)
                }
            }
        }
        s += "<div class=\"closing\"><div class=\"recipients\"><strong>Nơi nhận:</strong><br>" + doc.recipients.map { "- " + e($0) }.joined(separator: "<br>")
        s += "</div><div class=\"sign\">" + (doc.signerAuthority.map { e($0) + "<br>" } ?? "") + e(doc.signerTitle)
        s += doc.signerName.map { "<em class=\"name\">\(e($0))</em>" } ?? "<em>(Ký, ghi rõ họ tên, đóng dấu)</em>"
        s += "</div></div>"
        if !notes.isEmpty {
            s += "<div class=\"notes\">" + notes.enumerated().map { "<p id=\"cc\($0.offset + 1)\"><sup><a href=\"#cc\($0.offset + 1)-ref\">\($0.offset + 1)</a></sup> \(e($0.element))</p>" }.joined() + "</div>"
        }
        for a in doc.appendices {
            s += "<section class=\"appendix\"><h2>\(e(a.label.vietnameseUppercased))</h2><h2>\(e(a.title))</h2>"
            s += "<p class=\"caption\">(Kèm theo \(e(doc.kind.lowercased())) \(e(doc.citation)) của \(e(doc.issuerName)))</p>"
            s += table(a.table) + "</section>"
        }
        return s + "</body></html>"
    }
}
