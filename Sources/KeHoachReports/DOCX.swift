import Foundation
import KeHoachCore
import ZIPFoundation

/// Writes an administrative document as Office Open XML (.docx) with ZIPFoundation: A4 portrait for the body,
/// landscape for the appendices, Times New Roman 14 pt (tables 12 pt), margins of Decree 30/2020/NĐ-CP, the
/// page number centred in the top margin from page 2 on. No converter at run time.
public enum DOCX {
    /// Text width of the portrait body and of the landscape appendices, in twentieths of a point.
    static let portraitWidth = 11906 - 1701 - 1134
    static let landscapeWidth = 16838 - 1134 - 1134

    public static func write(_ doc: AdministrativeDocument, modified: Date = Date()) throws -> Data {
        var parts: [(path: String, text: String)] = []
        func add(_ path: String, _ text: String) { parts.append((path, text)) }
        let xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
        add("[Content_Types].xml", xml + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/><Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>"#)
        add("_rels/.rels", xml + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>"#)
        add("word/_rels/document.xml.rels", xml + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>"#)
        add("word/settings.xml", xml + #"<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:defaultTabStop w:val="720"/><w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr><w:characterSpacingControl w:val="doNotCompress"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>"#)
        add("word/styles.xml", xml + #"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Times New Roman"/><w:color w:val="000000"/><w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="vi-VN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="80" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style><w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="80" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style></w:styles>"#)
        add("word/header1.xml", xml + #"<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:hdr>"#)
        let stamp = ISO8601DateFormatter().string(from: modified)
        add("docProps/core.xml", xml + #"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>"# + XMLText.escape(doc.kind + " " + doc.subject) + "</dc:title><dc:creator>" + XMLText.escape(doc.issuingBody) + #"</dc:creator><dc:language>vi-VN</dc:language><dcterms:created xsi:type="dcterms:W3CDTF">"# + stamp + #"</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">"# + stamp + "</dcterms:modified></cp:coreProperties>")
        add("docProps/app.xml", xml + #"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>KeHoach</Application></Properties>"#)
        let (document, notes) = documentXML(doc)
        add("word/document.xml", document)
        add("word/footnotes.xml", footnotesXML(notes))
        return try OOXMLPackage.write(parts, modified: modified, failure: "Không tạo được tệp Word.")
    }

    // MARK: - document.xml

    struct Run {
        var text: String
        var bold = false
        var italic = false
        var underline = false
        var size = 28
        /// A footnote's reference mark instead of text.
        var footnote: Int? = nil
    }

    static func run(_ r: Run) -> String {
        if let n = r.footnote {
            return #"<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="\#(n)"/></w:r>"#
        }
        var props = ""
        if r.bold { props += "<w:b/><w:bCs/>" }
        if r.italic { props += "<w:i/><w:iCs/>" }
        if r.underline { props += #"<w:u w:val="single"/>"# }
        if r.size != 28 { props += #"<w:sz w:val="\#(r.size)"/><w:szCs w:val="\#(r.size)"/>"# }
        let lines = r.text.split(separator: "\n", omittingEmptySubsequences: false)
        let body = lines.map { #"<w:t xml:space="preserve">\#(XMLText.escape(String($0)))</w:t>"# }.joined(separator: "<w:br/>")
        return "<w:r>" + (props.isEmpty ? "" : "<w:rPr>\(props)</w:rPr>") + body + "</w:r>"
    }

    enum Align: String { case left, center, right, both }

    static func paragraph(_ runs: [Run], align: Align = .both, firstLine: Int = 0, before: Int = 0, after: Int = 80, keepNext: Bool = false,
                          pageBreakBefore: Bool = false) -> String {
        var p = "<w:pPr>"
        if keepNext { p += "<w:keepNext/>" }
        if pageBreakBefore { p += "<w:pageBreakBefore/>" }
        p += #"<w:spacing w:before="\#(before)" w:after="\#(after)"/>"#
        if firstLine > 0 { p += #"<w:ind w:firstLine="\#(firstLine)"/>"# }
        p += #"<w:jc w:val="\#(align.rawValue)"/></w:pPr>"#
        return "<w:p>" + p + runs.map(run).joined() + "</w:p>"
    }

    static func cell(_ width: Int, _ content: String, borders: Bool) -> String {
        let b = borders ? "" : #"<w:tcBorders><w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/><w:right w:val="nil"/></w:tcBorders>"#
        return #"<w:tc><w:tcPr><w:tcW w:w="\#(width)" w:type="dxa"/>\#(b)</w:tcPr>"# + (content.isEmpty ? "<w:p/>" : content) + "</w:tc>"
    }

    static func table(_ t: AdministrativeDocument.Table, width: Int) -> String {
        let total = max(t.widths.reduce(0, +), 1)
        let widths = t.widths.map { $0 * width / total }
        let border = #"w:val="single" w:sz="4" w:space="0" w:color="000000""#
        var s = #"<w:tbl><w:tblPr><w:tblW w:w="\#(width)" w:type="dxa"/><w:tblBorders><w:top \#(border)/><w:left \#(border)/><w:bottom \#(border)/><w:right \#(border)/><w:insideH \#(border)/><w:insideV \#(border)/></w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>"#
        s += widths.map { #"<w:gridCol w:w="\#($0)"/>"# }.joined() + "</w:tblGrid>"
        func row(_ cells: [String], header: Bool) -> String {
            var r = "<w:tr>" + (header ? "<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>" : "<w:trPr><w:cantSplit/></w:trPr>")
            for (i, w) in widths.enumerated() {
                let text = i < cells.count ? cells[i] : ""
                r += cell(w, paragraph([Run(text: text, bold: header, size: 24)], align: header || i == 0 ? .center : .left, after: 0), borders: true)
            }
            return r + "</w:tr>"
        }
        s += row(t.header, header: true)
        for r in t.rows {
            // A row with only its second cell is a group heading in the plan's layout.
            let isGroup = r.count > 2 && r[0].isEmpty && !r[1].isEmpty && r.dropFirst(2).allSatisfy(\.isEmpty)
            s += isGroup ? groupRow(r[1], widths: widths) : row(r, header: false)
        }
        return s + "</w:tbl>"
    }

    static func groupRow(_ text: String, widths: [Int]) -> String {
        #"<w:tr><w:tc><w:tcPr><w:tcW w:w="\#(widths.reduce(0, +))" w:type="dxa"/><w:gridSpan w:val="\#(widths.count)"/></w:tcPr>"#
            + paragraph([Run(text: text, bold: true, size: 24)], align: .left, after: 0) + "</w:tc></w:tr>"
    }

    static func sectionProperties(landscape: Bool) -> String {
        let size = landscape ? #"<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>"# : #"<w:pgSz w:w="11906" w:h="16838"/>"#
        let margins = landscape ? #"<w:pgMar w:top="1701" w:right="1134" w:bottom="1134" w:left="1134" w:header="567" w:footer="567" w:gutter="0"/>"#
            : #"<w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1701" w:header="567" w:footer="567" w:gutter="0"/>"#
        // `titlePg` with no first-page header: no number on the first page of the body.
        return #"<w:sectPr><w:headerReference w:type="default" r:id="rId3"/>\#(size)\#(margins)\#(landscape ? "" : "<w:titlePg/>")</w:sectPr>"#
    }

    /// The footnotes part: Word's two separators, then each note (10 pt) in the order of its mark.
    static func footnotesXML(_ notes: [String]) -> String {
        let w = #"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#
        var s = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes \#(w)>"#
        s += #"<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>"#
        s += #"<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"#
        for (i, note) in notes.enumerated() {
            s += #"<w:footnote w:id="\#(i + 1)"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/><w:jc w:val="both"/></w:pPr>"#
                + #"<w:r><w:rPr><w:vertAlign w:val="superscript"/><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr><w:footnoteRef/></w:r>"#
                + run(Run(text: " " + note, size: 20)) + "</w:p></w:footnote>"
        }
        return s + "</w:footnotes>"
    }

    static func documentXML(_ doc: AdministrativeDocument) -> (String, [String]) {
        var body = ""
        var notes: [String] = []
        /// A paragraph's text as runs, its inline footnotes as marks numbered through the document.
        func runs(_ text: String, bold: Bool = false, italic: Bool = false) -> [Run] {
            AdministrativeDocument.Inline.parts(text).map { part in
                switch part {
                case let .text(t): return Run(text: t, bold: bold, italic: italic)
                case let .note(n): notes.append(n); return Run(text: "", footnote: notes.count)
                }
            }
        }
        // Heading block: issuer on the left, national name and motto on the right, place and date under them.
        let left = (doc.parentBody.isEmpty ? "" : paragraph([Run(text: doc.parentBody, size: 24)], align: .center, after: 0))
            + doc.issuerLines.map { paragraph([Run(text: $0, bold: true, size: 24)], align: .center, after: 0) }.joined()
            + paragraph([Run(text: "———", size: 20)], align: .center, after: 60)
            + paragraph([Run(text: doc.numberLine, size: 26)], align: .center, after: 0)
        let right = paragraph([Run(text: AdministrativeDocument.nationalName, bold: true, size: 24)], align: .center, after: 0)
            + paragraph([Run(text: AdministrativeDocument.motto, bold: true, underline: true, size: 26)], align: .center, after: 200)
            + paragraph([Run(text: doc.placeAndDate, italic: true)], align: .center, after: 0)
        let leftWidth = 3500, rightWidth = portraitWidth - 3500
        let noMargins = #"<w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar>"#
        body += #"<w:tbl><w:tblPr><w:tblW w:w="\#(portraitWidth)" w:type="dxa"/><w:tblLayout w:type="fixed"/>\#(noMargins)</w:tblPr><w:tblGrid><w:gridCol w:w="\#(leftWidth)"/><w:gridCol w:w="\#(rightWidth)"/></w:tblGrid><w:tr>"#
            + cell(leftWidth, left, borders: false) + cell(rightWidth, right, borders: false) + "</w:tr></w:tbl>"
        body += paragraph([Run(text: doc.kind, bold: true)], align: .center, before: 360, after: 0)
        body += paragraph([Run(text: doc.subject, bold: true)], align: .center, after: 360)
        for section in doc.sections {
            if !section.heading.isEmpty { body += paragraph([Run(text: section.heading, bold: true)], align: .both, firstLine: 567, before: 120, keepNext: true) }
            for block in section.blocks {
                switch block {
                case let .paragraph(text): body += paragraph(runs(text), firstLine: 567)
                case let .subheading(text): body += paragraph(runs(text, bold: true), firstLine: 567, before: 80, keepNext: true)
                case let .minorHeading(text): body += paragraph(runs(text, bold: true, italic: true), firstLine: 567, before: 40, keepNext: true)
                case let .bullets(lines): for l in lines { body += paragraph(runs("- " + l), firstLine: 567) }
                case let .table(t): body += table(t, width: portraitWidth) + paragraph([], after: 0)
                }
            }
        }
        // Recipients on the left, signature on the right.
        let recipients = paragraph([Run(text: "Nơi nhận:", bold: true, italic: true, size: 24)], align: .left, after: 0)
            + doc.recipients.map { paragraph([Run(text: "- " + $0, size: 22)], align: .left, after: 0) }.joined()
        let signature = (doc.signerAuthority.map { paragraph([Run(text: $0, bold: true)], align: .center, after: 0) } ?? "")
            + paragraph([Run(text: doc.signerTitle, bold: true)], align: .center, after: 1200)
            + (doc.signerName.map { paragraph([Run(text: $0, bold: true)], align: .center, after: 0) }
                ?? paragraph([Run(text: "(Ký, ghi rõ họ tên, đóng dấu)", italic: true, size: 24)], align: .center, after: 0))
        body += #"<w:tbl><w:tblPr><w:tblW w:w="\#(portraitWidth)" w:type="dxa"/><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid><w:gridCol w:w="\#(leftWidth + 700)"/><w:gridCol w:w="\#(rightWidth - 700)"/></w:tblGrid><w:tr><w:trPr><w:cantSplit/></w:trPr>"#
            + cell(leftWidth + 700, recipients, borders: false) + cell(rightWidth - 700, signature, borders: false) + "</w:tr></w:tbl>"
        if doc.appendices.isEmpty {
            body += sectionProperties(landscape: false)
        } else {
            // The body's section ends here (portrait); the appendices follow in landscape.
            body += "<w:p><w:pPr>" + sectionProperties(landscape: false) + "</w:pPr></w:p>"
            for (i, a) in doc.appendices.enumerated() {
                body += paragraph([Run(text: a.label.vietnameseUppercased, bold: true)], align: .center, after: 0, pageBreakBefore: i > 0)
                body += paragraph([Run(text: a.title, bold: true)], align: .center, after: 0)
                body += paragraph([Run(text: "(Kèm theo \(doc.kind.lowercased().capitalizedFirst) \(doc.citation) của \(doc.issuerName))", italic: true)],
                                  align: .center, after: 200)
                // A table is followed by a paragraph; after the last one it is a hairline, not a blank page.
                body += table(a.table, width: landscapeWidth)
                    + (i == doc.appendices.count - 1 ? #"<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/><w:rPr><w:sz w:val="2"/></w:rPr></w:pPr></w:p>"# : paragraph([], after: 0))
            }
            body += sectionProperties(landscape: true)
        }
        return (#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>"#
            + body + "</w:body></w:document>", notes)
    }
}

extension String {
    /// `báo cáo` → `Báo cáo`.
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}

#if canImport(FoundationXML)
import FoundationXML
#endif

extension DOCX {
    /// The document's body as readable lines, one per paragraph (`P center bold | BÁO CÁO`), table row
    /// (`  | TT | Chỉ tiêu | …`) and section (`SECTION landscape`): what a golden file compares, independent of
    /// XML formatting.
    public static func outline(_ data: Data) throws -> String {
        let archive: Archive
        do { archive = try ZIPInput.archive(data) } catch { throw XLSXError(message: "Tệp không phải là tệp Word (.docx).") }
        guard let entry = archive["word/document.xml"], entry.uncompressedSize < 50 * 1_048_576 else { throw XLSXError(message: "Tệp Word không có nội dung.") }
        var xml = Data()
        _ = try archive.extract(entry) { xml.append($0) }
        final class Delegate: NSObject, XMLParserDelegate {
            var lines: [String] = []
            var depth = 0          // table nesting
            var text = "", flags: Set<String> = [], align = "left"
            var row: [String]? = nil, cell = ""
            var inText = false, inCell = false
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
                switch name {
                case "w:p": text = ""; flags = []; align = "left"
                case "w:jc": align = attributes["w:val"] ?? "left"
                case "w:b": flags.insert("bold")
                case "w:i": flags.insert("italic")
                case "w:u": flags.insert("underline")
                case "w:t": inText = true
                case "w:br": text += "⏎"
                case "w:tbl": depth += 1
                case "w:tr": row = []
                case "w:tc": inCell = true; cell = ""
                case "w:pgSz": lines.append("SECTION " + (attributes["w:orient"] == "landscape" ? "landscape" : "portrait"))
                case "w:titlePg": lines.append("  first page without header")
                case "w:footnoteReference": text += "[^\(attributes["w:id"] ?? "")]"
                case "w:fldChar", "w:instrText": break
                default: break
                }
            }
            func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { text += string } }
            func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
                switch name {
                case "w:t": inText = false
                case "w:p":
                    if inCell { cell += (cell.isEmpty ? "" : " / ") + text }
                    else if !text.isEmpty { lines.append("P \(align)\(flags.isEmpty ? "" : " " + flags.sorted().joined(separator: " ")) | \(text)") }
                case "w:tc": inCell = false; row?.append(cell)
                case "w:tr": lines.append(String(repeating: "  ", count: depth) + "| " + (row ?? []).joined(separator: " | ")); row = nil
                case "w:tbl": depth -= 1; if depth == 0 { lines.append("END TABLE") }
                default: break
                }
            }
        }
        func lines(_ xml: Data) throws -> [String] {
            let parser = XMLParser(data: xml)
            let delegate = Delegate()
            parser.delegate = delegate
            guard parser.parse() else { throw XLSXError(message: "Nội dung tệp Word không đọc được.") }
            return delegate.lines
        }
        var out = try lines(xml)
        if let entry = archive["word/footnotes.xml"], entry.uncompressedSize < 10 * 1_048_576 {
            var notes = Data()
            _ = try archive.extract(entry) { notes.append($0) }
            let read = try lines(notes)
            if !read.isEmpty { out.append("FOOTNOTES"); out += read }
        }
        return out.joined(separator: "\n") + "\n"
    }
}
