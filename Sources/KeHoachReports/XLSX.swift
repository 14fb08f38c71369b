import Foundation
import KeHoachCore
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// A cell value of a spreadsheet.
public enum CellValue: Sendable, Hashable {
    case text(String)
    case number(Double)
    case empty

    public var text: String {
        switch self {
        case let .text(s): s
        case let .number(n): n.rounded() == n && abs(n) < 1e15 ? String(Int64(n)) : String(n)
        case .empty: ""
        }
    }
}

/// A sheet: a name and rows of cells (row 1 first). The first row is styled as a header.
public struct Sheet: Sendable, Hashable {
    public var name: String
    public var rows: [[CellValue]]
    /// Widths of the columns, in characters.
    public var columnWidths: [Double]
    /// A form to fill: the sheet is protected except these columns (0-based), below the header row.
    public var editableColumns: Set<Int>? = nil
    /// Columns whose numbers are dates, shown `dd/mm/yyyy`.
    public var dateColumns: Set<Int> = []
    /// Columns kept from view (an id the form needs back, not for people).
    public var hiddenColumns: Set<Int> = []
    /// Columns whose cells take one of a list of values (a drop-down list), with the message when another is typed.
    public var lists: [Int: (values: [String], error: String)] = [:]
    /// Printed landscape on A4, fitted to the page width, the header row repeated on every page.
    public var landscape = false
    public init(name: String, rows: [[CellValue]], columnWidths: [Double] = []) {
        self.name = name; self.rows = rows; self.columnWidths = columnWidths
    }

    public static func == (a: Sheet, b: Sheet) -> Bool { a.name == b.name && a.rows == b.rows && a.columnWidths == b.columnWidths }
    public func hash(into h: inout Hasher) { h.combine(name); h.combine(rows); h.combine(columnWidths) }
}

extension CellValue {
    /// A date as Excel keeps it: the number of days since 30/12/1899 (shown as a date by the column's format).
    public static func date(_ d: CivilDate) -> CellValue { .number(Double(d.dayNumber - CivilDate(year: 1899, month: 12, day: 30)!.dayNumber)) }
}

/// Why a spreadsheet could not be read, in Vietnamese.
public struct XLSXError: Error, Sendable, Equatable {
    public var message: String
}

/// Text and attribute values in XML (and HTML): the five markup characters escaped, characters XML 1.0 forbids
/// dropped.
public enum XMLText {
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r": out.unicodeScalars.append(ch)
            default:
                if ch.value < 0x20 || (0xFFFE...0xFFFF).contains(ch.value) { continue }
                out.unicodeScalars.append(ch)
            }
        }
        return out
    }
}

/// An Office Open XML package (.xlsx, .docx): its parts as deflated ZIP entries.
enum OOXMLPackage {
    static func write(_ parts: [(path: String, text: String)], modified: Date = Date(), failure: String) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for (path, text) in parts {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: modified,
                                 compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw XLSXError(message: failure) }
        return data
    }
}

/// Writes and reads Office Open XML workbooks (.xlsx): enough of the format for report forms, valid for Excel,
/// LibreOffice and openpyxl. Strings are written inline; shared strings written by other programs are read.
public enum XLSX {
    /// Limits when reading an uploaded workbook: a ZIP bomb or an oversized sheet is refused.
    public static let maxUncompressedBytes: Int64 = 40 * 1_048_576
    public static let maxEntries = 200

    public static func write(_ sheets: [Sheet]) throws -> Data {
        var parts: [(path: String, text: String)] = []
        func add(_ path: String, _ text: String) { parts.append((path, text)) }
        let overrides = sheets.indices.map {
            #"<Override PartName="/xl/worksheets/sheet\#($0 + 1).xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        }.joined()
        add("[Content_Types].xml", #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"# + overrides + "</Types>")
        add("_rels/.rels", #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#)
        let sheetList = sheets.enumerated().map { #"<sheet name="\#(XMLText.escape(String($0.element.name.prefix(31))))" sheetId="\#($0.offset + 1)" r:id="rId\#($0.offset + 1)"/>"# }.joined()
        // The header row printed on every page of a landscape form.
        let titles = sheets.enumerated().filter { $0.element.landscape }.map {
            #"<definedName name="_xlnm.Print_Titles" localSheetId="\#($0.offset)">'\#(XMLText.escape(String($0.element.name.prefix(31)).replacingOccurrences(of: "'", with: "''")))'!$1:$1</definedName>"#
        }.joined()
        add("xl/workbook.xml", #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"# + sheetList + "</sheets>"
            + (titles.isEmpty ? "" : "<definedNames>\(titles)</definedNames>") + "</workbook>")
        let rels = sheets.indices.map { #"<Relationship Id="rId\#($0 + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet\#($0 + 1).xml"/>"# }.joined()
        add("xl/_rels/workbook.xml.rels", #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"# + rels + #"<Relationship Id="rId\#(sheets.count + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#)
        add("xl/styles.xml", #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts><fonts count="2"><font><sz val="11"/><name val="Times New Roman"/></font><font><b/><sz val="11"/><name val="Times New Roman"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment wrapText="1" vertical="top"/></xf><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment wrapText="1" vertical="top"/></xf><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1" applyProtection="1"><alignment wrapText="1" vertical="top"/><protection locked="0"/></xf><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1" applyProtection="1"><alignment vertical="top"/><protection locked="0"/></xf><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1"><alignment vertical="top"/></xf></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"#)
        for (i, sheet) in sheets.enumerated() {
            add("xl/worksheets/sheet\(i + 1).xml", sheetXML(sheet))
        }
        return try OOXMLPackage.write(parts, failure: "Không tạo được tệp Excel.")
    }

    /// Cell styles (styles.xml): 1 header, 2 text, 3 text to fill (unlocked), 4 date to fill, 5 date.
    static func style(row: Int, column: Int, of sheet: Sheet) -> Int {
        if row == 0 { return 1 }
        let editable = sheet.editableColumns?.contains(column) ?? false
        if sheet.dateColumns.contains(column) { return editable ? 4 : 5 }
        return editable ? 3 : 2
    }

    static func sheetXML(_ sheet: Sheet) -> String {
        var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
        if sheet.landscape { xml += #"<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>"# }
        xml += #"<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>"#
        let width = max(sheet.columnWidths.count, sheet.editableColumns.map { ($0.max() ?? -1) + 1 } ?? 0)
        if width > 0 {
            xml += "<cols>" + (0 ..< width).map { c in
                let w = c < sheet.columnWidths.count ? sheet.columnWidths[c] : 12
                // Empty cells of a column to fill take its style (unlocked), so the whole column can be typed in.
                let style = sheet.editableColumns?.contains(c) == true ? #" style="\#(sheet.dateColumns.contains(c) ? 4 : 3)""# : ""
                return #"<col min="\#(c + 1)" max="\#(c + 1)" width="\#(w)" customWidth="1"\#(sheet.hiddenColumns.contains(c) ? #" hidden="1""# : "")\#(style)/>"#
            }.joined() + "</cols>"
        }
        xml += "<sheetData>"
        for (r, row) in sheet.rows.enumerated() {
            xml += #"<row r="\#(r + 1)">"#
            for (c, cell) in row.enumerated() {
                let ref = column(c) + String(r + 1)
                let style = #" s="\#(Self.style(row: r, column: c, of: sheet))""#
                switch cell {
                case let .text(s): xml += #"<c r="\#(ref)" t="inlineStr"\#(style)><is><t xml:space="preserve">\#(XMLText.escape(s))</t></is></c>"#
                case let .number(n): xml += #"<c r="\#(ref)"\#(style)><v>\#(CellValue.number(n).text)</v></c>"#
                case .empty: if r > 0, sheet.editableColumns?.contains(c) == true { xml += #"<c r="\#(ref)"\#(style)/>"# }
                }
            }
            xml += "</row>"
        }
        xml += "</sheetData>"
        if sheet.editableColumns != nil {
            // Protected without a password: the form's own columns stay as they are; rows may be resized for long text.
            xml += #"<sheetProtection sheet="1" objects="1" scenarios="1" formatRows="0"/>"#
        }
        let last = max(sheet.rows.count, 2)
        let validations = sheet.lists.sorted { $0.key < $1.key }.map { c, list in
            let values = list.values.joined(separator: ",")
            return #"<dataValidation type="list" allowBlank="1" showErrorMessage="1" errorTitle="Giá trị không hợp lệ" error="\#(XMLText.escape(list.error))" sqref="\#(column(c))2:\#(column(c))\#(last)"><formula1>"\#(XMLText.escape(values))"</formula1></dataValidation>"#
        }
        if !validations.isEmpty { xml += #"<dataValidations count="\#(validations.count)">"# + validations.joined() + "</dataValidations>" }
        if sheet.landscape {
            xml += #"<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3" footer="0.3"/><pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>"#
        }
        return xml + "</worksheet>"
    }

    /// `A`, `B`, … `Z`, `AA` for a 0-based column.
    public static func column(_ index: Int) -> String {
        var n = index + 1
        var s = ""
        while n > 0 { let r = (n - 1) % 26; s = String(UnicodeScalar(UInt8(65 + r))) + s; n = (n - 1) / 26 }
        return s
    }

    // MARK: - Reading

    /// Reads every sheet's cells by their references (`A1` …); refuses what is not a workbook or is too large.
    public static func read(_ data: Data) throws -> [Sheet] {
        let package: OOXMLParts
        do { package = try OOXMLParts(data, maxEntries: maxEntries, maxBytes: Int(maxUncompressedBytes)) } catch {
            throw XLSXError(message: error == .tooLarge ? "Tệp Excel quá lớn sau khi giải nén (có thể là tệp độc hại)." : "Tệp không phải là tệp Excel (.xlsx).")
        }
        func text(_ path: String) throws -> Data? {
            do { return try package.part(path) } catch {
                throw XLSXError(message: error == .tooLarge ? "Tệp Excel quá lớn sau khi giải nén." : "Tệp Excel bị hỏng (phần XML không đúng mã UTF-8).")
            }
        }
        guard let workbook = try text("xl/workbook.xml") else { throw XLSXError(message: "Tệp Excel thiếu phần workbook.") }
        let rels = try text("xl/_rels/workbook.xml.rels").map { Elements.parse($0, names: ["Relationship"]) } ?? []
        let targets = Dictionary(rels.compactMap { r in r.attributes["Id"].flatMap { id in r.attributes["Target"].map { (id, $0) } } }, uniquingKeysWith: { a, _ in a })
        let shared = try text("xl/sharedStrings.xml").map(SharedStrings.parse) ?? []
        var sheets: [Sheet] = []
        for s in Elements.parse(workbook, names: ["sheet"]) {
            guard let name = s.attributes["name"], let rid = s.attributes["r:id"] ?? s.attributes.first(where: { $0.key.hasSuffix(":id") })?.value,
                  var target = targets[rid] else { continue }
            if target.hasPrefix("/") { target.removeFirst() } else { target = "xl/" + target }
            guard let xml = try text(target) else { continue }
            sheets.append(Sheet(name: name, rows: SheetCells.parse(xml, shared: shared)))
        }
        return sheets
    }
}

/// Elements with their attributes (for small parts: workbook, relationships).
struct Elements {
    struct Element { var name: String; var attributes: [String: String] }

    static func parse(_ data: Data, names: Set<String>) -> [Element] {
        final class Delegate: NSObject, XMLParserDelegate {
            var names: Set<String> = []
            var found: [Element] = []
            func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
                let local = elementName.split(separator: ":").last.map(String.init) ?? elementName
                if names.contains(local) { found.append(Element(name: local, attributes: attributeDict)) }
            }
        }
        let delegate = Delegate()
        delegate.names = names
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        parser.shouldResolveExternalEntities = false
        parser.parse()
        return delegate.found
    }
}

enum SharedStrings {
    static func parse(_ data: Data) -> [String] {
        final class Delegate: NSObject, XMLParserDelegate {
            var strings: [String] = []
            var current: String? = nil
            var inText = false
            func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
                if elementName == "si" { current = "" }
                if elementName == "t" { inText = true }
            }
            func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { current? += string } }
            func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
                if elementName == "t" { inText = false }
                if elementName == "si" { strings.append(current ?? ""); current = nil }
            }
        }
        let d = Delegate()
        let p = XMLParser(data: data)
        p.delegate = d
        p.shouldResolveExternalEntities = false
        p.parse()
        return d.strings
    }
}

enum SheetCells {
    /// Rows of cells, placed by their references; missing cells are empty.
    static func parse(_ data: Data, shared: [String]) -> [[CellValue]] {
        final class Delegate: NSObject, XMLParserDelegate {
            var shared: [String] = []
            var cells: [(row: Int, col: Int, value: CellValue)] = []
            var ref = ""
            var type = ""
            var buffer = ""
            var collecting = false
            var inline = ""
            func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
                switch elementName {
                case "c": ref = attributeDict["r"] ?? ""; type = attributeDict["t"] ?? ""; buffer = ""; inline = ""
                case "v": collecting = true; buffer = ""
                case "t": collecting = true
                default: break
                }
            }
            func parser(_ parser: XMLParser, foundCharacters string: String) {
                if collecting { if type == "inlineStr" { inline += string } else { buffer += string } }
            }
            func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
                switch elementName {
                case "v", "t": collecting = false
                case "c":
                    guard let (r, c) = SheetCells.position(ref), r <= 100_000, c <= 200 else { return }
                    let value: CellValue
                    switch type {
                    case "s": value = Int(buffer).flatMap { $0 < shared.count ? shared[$0] : nil }.map { CellValue.text($0) } ?? .empty
                    case "inlineStr": value = inline.isEmpty ? .empty : .text(inline)
                    case "str", "e": value = buffer.isEmpty ? .empty : .text(buffer)
                    case "b": value = .number(buffer == "1" ? 1 : 0)
                    default: value = Double(buffer).map { CellValue.number($0) } ?? (buffer.isEmpty ? .empty : .text(buffer))
                    }
                    cells.append((r, c, value))
                default: break
                }
            }
        }
        let d = Delegate()
        d.shared = shared
        let p = XMLParser(data: data)
        p.delegate = d
        p.shouldResolveExternalEntities = false
        p.parse()
        let rows = (d.cells.map(\.row).max() ?? -1) + 1
        var out = Array(repeating: [CellValue](), count: rows)
        for cell in d.cells {
            if out[cell.row].count <= cell.col { out[cell.row] += Array(repeating: CellValue.empty, count: cell.col - out[cell.row].count + 1) }
            out[cell.row][cell.col] = cell.value
        }
        return out
    }

    /// `B12` → (11, 1), 0-based.
    static func position(_ ref: String) -> (Int, Int)? {
        var col = 0
        var digits = ""
        for ch in ref.uppercased() {
            guard let a = ch.asciiValue else { return nil }
            if a >= 65, a <= 90, digits.isEmpty {
                col = col * 26 + Int(a - 64)
                if col > 16_384 { return nil } // past Excel's last column (XFD); also keeps a long name from overflowing
            } else if a >= 48, a <= 57, digits.count < 9 { digits.append(ch) } else { return nil }
        }
        guard col > 0, let row = Int(digits), row > 0 else { return nil }
        return (row - 1, col - 1)
    }
}
