import Foundation
import KeHoachCore
import KeHoachReports

/// Plain text (as exported from Word or PDF): one paragraph per line, consecutive tab-separated lines as a
/// table. Line numbers are the file's.
enum PlainTextReader {
    static func read(_ text: String, format: String = "text") -> DocModel {
        var blocks: [DocBlock] = []
        var rows: [DocRow] = []
        func closeTable() {
            if !rows.isEmpty { blocks.append(.table(DocTable(rows: rows, position: rows[0].position, format: .text))) }
            rows = []
        }
        for line in SourceText.lines(of: text) {
            if line.hasTabs {
                rows.append(DocRow(cells: line.text.split(separator: "\t", omittingEmptySubsequences: false).map { DocCell(String($0)) },
                                   position: DocPosition(line: line.number)))
            } else if line.isBlank {
                // Blank lines are kept: they separate paragraphs, and a table reader decides whether the rows
                // on both sides of one belong together (a page break of a PDF export).
                closeTable()
                blocks.append(.paragraph(DocParagraph(text: "", position: DocPosition(line: line.number))))
            } else {
                closeTable()
                blocks.append(.paragraph(DocParagraph(text: line.text, position: DocPosition(line: line.number))))
            }
        }
        closeTable()
        return DocModel(blocks: blocks, format: format)
    }
}

/// A plan table in a workbook: every sheet with cells becomes a table (the interpretation keeps those with a
/// recognisable header); a sheet's rows are numbered as the sheet numbers them.
enum WorkbookReader {
    static func read(_ data: Data) throws(ImportError) -> DocModel {
        let sheets: [Sheet]
        do { sheets = try XLSX.read(data) } catch let error as XLSXError {
            throw error.message.contains("quá lớn") ? .zipBomb : .damaged(format: "XLSX")
        } catch { throw .damaged(format: "XLSX") }
        var blocks: [DocBlock] = []
        var ordinal = 0
        for (s, sheet) in sheets.enumerated() {
            var rows: [DocRow] = []
            for (r, cells) in sheet.rows.enumerated() {
                ordinal += 1
                let texts = cells.map(\.text)
                if texts.allSatisfy({ $0.trimmedSpaces.isEmpty }) { continue }
                rows.append(DocRow(cells: texts.map { DocCell($0) }, position: DocPosition(line: ordinal, table: s + 1, row: r + 1)))
            }
            if !rows.isEmpty {
                // Lines of text above the header (the title) are paragraphs, so the metadata reader finds them.
                let headerIndex = rows.firstIndex { row in
                    let first = row.cells.first { !$0.text.trimmedSpaces.isEmpty }?.text ?? ""
                    return TableColumns.role(first) == .code
                } ?? 0
                for row in rows[..<headerIndex] {
                    let t = row.cells.map(\.text).filter { !$0.isEmpty }.joined(separator: " ")
                    blocks.append(.paragraph(DocParagraph(text: t, position: row.position)))
                }
                if headerIndex < rows.count {
                    blocks.append(.table(DocTable(rows: Array(rows[headerIndex...]), position: DocPosition(line: rows[headerIndex].position.line, table: s + 1))))
                }
            }
        }
        return DocModel(blocks: blocks, format: "xlsx")
    }
}
