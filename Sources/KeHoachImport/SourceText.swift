import Foundation
import KeHoachCore

/// One line of the document as read: its 1-based number in the file and its cleaned text.
/// Tabs are kept (they separate table cells); other white space is collapsed.
struct SourceLine: Sendable, Hashable {
    var number: Int
    var text: String
    var isBlank: Bool { text.allSatisfy(\.isWhitespace) }
    var hasTabs: Bool { text.includes("\t") }
    /// Cells of a tab-separated line, each cleaned.
    var cells: [String] { text.utf8.split(separator: 0x09, omittingEmptySubsequences: false).map { TextFolding.collapseSpaces(String(Substring($0))) } }
    /// The line without tabs, white space collapsed (lines are already collapsed when read).
    var plain: String { hasTabs ? TextFolding.collapseSpaces(text) : text }
}

/// Checks raw bytes and turns them into cleaned lines.
enum SourceText {
    static let maxBytes = 10 * 1_048_576
    static let maxLines = 200_000

    /// Validates the bytes: not empty, not too large, UTF-8 text.
    static func decode(_ data: Data, maxBytes: Int = SourceText.maxBytes) throws(ImportError) -> String {
        if data.isEmpty { throw .empty }
        if data.count > maxBytes { throw .tooLarge(bytes: data.count, limit: maxBytes) }
        // Control bytes other than tab, CR, LF, FF mean a binary file.
        var controls = 0
        for b in data.prefix(65_536) where b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D && b != 0x0C {
            if b == 0 { throw .binary }
            controls += 1
        }
        if controls > 8 { throw .binary }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw .notUTF8(byteOffset: firstInvalidUTF8(data))
        }
        let trimmed = text.drop(while: { $0.isWhitespace || $0 == "\u{FEFF}" })
        if trimmed.isEmpty { throw .empty }
        return text
    }

    /// The offset of the first byte that is not part of a well-formed UTF-8 sequence.
    static func firstInvalidUTF8(_ data: Data) -> Int {
        let bytes = [UInt8](data)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let length: Int
            switch b {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return i
            }
            if i + length > bytes.count { return i }
            for k in 1..<length where bytes[i + k] & 0xC0 != 0x80 { return i }
            i += length
        }
        return max(0, bytes.count - 1)
    }

    /// Splits into lines and cleans each: NFC, CR removed, no-break spaces to spaces, Markdown emphasis and
    /// heading marks and simple HTML tags (`<i>`, `<b>`) dropped, `\*` escapes undone.
    static func lines(of text: String) -> [SourceLine] {
        let nfc = TextFolding.nfc(text)
        var result: [SourceLine] = []
        var n = 0
        // Split on the byte: splitting on the Character "\n" walks grapheme boundaries over the whole file (and
        // never splits "\r\n", one Character).
        for raw in nfc.utf8.split(separator: 0x0A, omittingEmptySubsequences: false) {
            n += 1
            if n > maxLines { break }
            result.append(SourceLine(number: n, text: clean(String(Substring(raw)))))
        }
        return result
    }

    static func clean(_ raw: String) -> String {
        var t = raw
        if t.utf8.last == 0x0D { t = String(Substring(t.utf8.dropLast())) }
        if t.unicodeScalars.contains(where: { $0 == "\u{00A0}" || $0 == "\u{FEFF}" }) {
            t = t.replacingOccurrences(of: "\u{00A0}", with: " ").replacingOccurrences(of: "\u{FEFF}", with: "")
        }
        if t.utf8.contains(where: { $0 == 0x2A || $0 == 0x23 || $0 == 0x3C || $0 == 0x5C }) {
            t = t.replacingOccurrences(of: "\\*", with: "").replacingOccurrences(of: "***", with: "")
                .replacingOccurrences(of: "**", with: "")
            for tag in ["<i>", "</i>", "<b>", "</b>", "<u>", "</u>", "<em>", "</em>", "<strong>", "</strong>", "<br>", "<br/>"] {
                t = t.replacingOccurrences(of: tag, with: "")
            }
            // Markdown headings and emphasis around a whole line.
            var s = Substring(t)
            while s.first == " " { s = s.dropFirst() }
            if s.hasPrefix("#") {
                s = s.drop(while: { $0 == "#" })
                t = String(s)
            }
            t = t.replacingOccurrences(of: "*", with: "")
        }
        // Collapse spaces inside each cell but keep tabs.
        if t.includes("\t") {
            return t.split(separator: "\t", omittingEmptySubsequences: false)
                .map { TextFolding.collapseSpaces(String($0)) }.joined(separator: "\t")
        }
        return TextFolding.collapseSpaces(t)
    }
}

