import Foundation
import KeHoachCore
import KeHoachReports

/// Chooses the reader by what the bytes are (never by the file's name): PDF, DOCX, XLSX by their signatures;
/// an OLE container is a password-protected OOXML file or a Word/Excel 97 file; text is HTML, Markdown, CSV or
/// plain text by its content. Plan JSON is not a document: `PlanImporter` decodes it before coming here.
public enum DocumentReader {
    /// The kinds of text.
    enum Kind: String, Sendable { case html, markdown, csv, text }

    static let ole: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

    /// What the bytes are when they are not text: a PDF, or an OOXML package (opened once, with the limits that
    /// refuse a ZIP bomb); nil for text. Containers that cannot be read say why.
    enum Binary { case pdf, docx(OOXMLParts), xlsx }

    static func binaryKind(_ data: Data) throws(ImportError) -> Binary? {
        let head = [UInt8](data.prefix(8))
        if head.starts(with: Array("%PDF-".utf8)) { return .pdf }
        if head.starts(with: ole) {
            // Encrypted OOXML packages are stored in an OLE container with an "EncryptionInfo" stream.
            let marker = Data("EncryptionInfo".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
            throw data.range(of: marker) != nil ? .encrypted : .legacyOffice
        }
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) || head.starts(with: [0x50, 0x4B, 0x05, 0x06]) {
            let parts: OOXMLParts
            do { parts = try OOXMLParts(data, maxEntries: DOCXReader.maxEntries, maxBytes: DOCXReader.maxBytes) } catch {
                throw error == .tooLarge ? .zipBomb : .damaged(format: "ZIP")
            }
            if parts.names.contains("word/document.xml") { return .docx(parts) }
            if parts.names.contains("xl/workbook.xml") { return .xlsx }
            throw .damaged(format: "ZIP (không phải DOCX hay XLSX)")
        }
        if head.starts(with: Array("{\\rtf".utf8)) { throw .legacyOffice }
        return nil
    }

    static func textKind(_ text: String, fileName: String) -> Kind {
        let trimmed = text.drop(while: { $0.isWhitespace || $0 == "\u{FEFF}" })
        let head = String(decoding: trimmed.utf8.prefix(4_000), as: UTF8.self).lowercased()
        if head.hasPrefix("<!doctype html") || head.hasPrefix("<html") || head.hasPrefix("<?xml") && head.contains("<html")
            || (head.hasPrefix("<") && (head.contains("<body") || head.contains("<table") || head.contains("<p"))) { return .html }
        var pipeLines = 0, pipeRows = 0, headings = 0, tabs = 0, boldLines = 0, starItems = 0
        var firstLine: Substring.UTF8View.SubSequence? = nil
        // Byte-level checks: this runs over every line of a long plan before any reader.
        for u in trimmed.utf8.prefix(400_000).split(separator: 0x0A, maxSplits: 20_000, omittingEmptySubsequences: true) {
            var start = u.startIndex, end = u.endIndex
            while start < end, u[start] == 0x20 || u[start] == 0x0D { start = u.index(after: start) }
            while end > start, u[u.index(before: end)] == 0x20 || u[u.index(before: end)] == 0x0D { end = u.index(before: end) }
            let t = u[start..<end]
            if firstLine == nil, !t.isEmpty { firstLine = u }
            if t.elementsEqual("|".utf8) { pipeLines += 1 } else if t.first == 0x7C, t.last == 0x7C, t.count > 2 { pipeRows += 1 }
            if t.starts(with: "# ".utf8) || t.starts(with: "## ".utf8) || t.starts(with: "### ".utf8) { headings += 1 }
            // Lines wholly in bold (`**I. MỤC ĐÍCH, YÊU CẦU**`) and `*` list items, as Markdown writes them.
            if t.count > 4 && t.starts(with: "**".utf8) && t.reversed().starts(with: "**".utf8) { boldLines += 1 }
            if t.starts(with: "* ".utf8) { starItems += 1 }
            if u.contains(0x09) { tabs += 1 }
        }
        if pipeLines >= 4 || pipeRows >= 2 || ((headings >= 2 || (headings + starItems >= 1 && boldLines >= 3)) && tabs == 0) { return .markdown }
        if tabs == 0, let first = firstLine, CSVHeader.looksLikeHeader(Substring(decoding: first, as: UTF8.self)) { return .csv }
        if tabs == 0, fileName.lowercased().hasSuffix(".csv") { return .csv }
        return .text
    }

    /// The document model of a file that is not plan JSON.
    static func read(_ data: Data, fileName: String) throws(ImportError) -> DocModel {
        switch try binaryKind(data) {
        case .pdf: return try PDFReader.read(data)
        case let .docx(parts): return try DOCXReader.read(parts)
        case .xlsx: return try WorkbookReader.read(data)
        case nil: break
        }
        let text = try SourceText.decode(data)
        switch textKind(text, fileName: fileName) {
        case .html: return HTMLReader.read(text)
        case .markdown: return MarkdownReader.read(text)
        case .csv: return PlainTextReader.read(CSVText.tabText(text), format: "csv")
        default: return PlainTextReader.read(text)
        }
    }
}

/// A CSV plan table's first line: `STT;Nhiệm vụ;…` or `"TT","Chỉ tiêu",…`.
enum CSVHeader {
    static func looksLikeHeader(_ line: Substring) -> Bool {
        let separators = line.filter { $0 == ";" || $0 == "," }.count
        guard separators >= 2 else { return false }
        let first = line.prefix { $0 != ";" && $0 != "," }.trimmed(of: "\" \u{FEFF}")
        return TableColumns.role(first) == .code
    }
}
