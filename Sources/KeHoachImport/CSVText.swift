import Foundation

/// A plan's table saved from Excel as CSV (comma- or semicolon-separated, quoted cells that may hold line breaks)
/// turned into the tab-separated lines the table reader knows. Line numbers in warnings stay those of the file:
/// a quoted cell spanning lines keeps its row on its first line and leaves the others blank.
public enum CSVText {
    /// Semicolon when the first line has more of them than commas outside quotes (Excel's choice where the
    /// decimal mark is a comma, as in Vietnamese settings), otherwise comma.
    static func delimiter(of text: Substring) -> Character {
        var commas = 0, semicolons = 0, quoted = false
        for c in text {
            if c == "\"" { quoted.toggle() } else if !quoted {
                if c == "\n" || c == "\r\n" { break }
                if c == "," { commas += 1 } else if c == ";" { semicolons += 1 }
            }
        }
        return semicolons > commas ? ";" : ","
    }

    public static func tabText(_ text: String) -> String {
        let body = text.drop { $0 == "\u{FEFF}" }
        let separator = delimiter(of: body)
        var lines: [String] = []
        var row: [String] = []
        var cell = ""
        var quoted = false, afterQuote = false
        var spanned = 0 // line breaks inside quoted cells of the current row
        func endRow() {
            row.append(cell); cell = ""
            // A line of text saved in a table's first column ("KẾ HOẠCH;;;;") is text, not a table row.
            if row.dropFirst().allSatisfy({ $0.allSatisfy(\.isWhitespace) }) { row = [row[0]] }
            lines.append(row.map { $0.replacingOccurrences(of: "\t", with: " ") }.joined(separator: "\t"))
            lines.append(contentsOf: repeatElement("", count: spanned))
            row = []; spanned = 0
        }
        for c in body {
            if quoted {
                if c == "\"" { quoted = false; afterQuote = true } else if c == "\n" || c == "\r\n" || c == "\r" { cell.append(" "); spanned += 1 } else { cell.append(c) }
                continue
            }
            if c == "\"" {
                if afterQuote { cell.append("\"") } // "" inside a quoted cell
                quoted = true; afterQuote = false
                continue
            }
            afterQuote = false
            if c == separator { row.append(cell); cell = "" } else if c == "\n" || c == "\r\n" || c == "\r" { endRow() } else { cell.append(c) }
        }
        if !cell.isEmpty || !row.isEmpty { endRow() }
        return lines.joined(separator: "\n")
    }
}
