import Foundation

/// A table of data given out as a file: CSV (RFC 4180, UTF-8 with a byte-order mark so spreadsheets read the
/// Vietnamese letters, CRLF, every text quoted and a leading `=`, `+`, `-` or `@` kept from being read as a formula)
/// or JSON (an array of objects keyed by the same column names, numbers as numbers, empty as null). One definition of
/// the columns for both.
public struct DataTable: Sendable, Hashable {
    public enum Cell: Sendable, Hashable {
        case text(String)
        case number(Double)
        case integer(Int)
        case empty

        public static func of(_ value: Double?) -> Cell { value.map { .number($0) } ?? .empty }
        public static func of(_ value: Int?) -> Cell { value.map { .integer($0) } ?? .empty }
        public static func of(_ value: String?) -> Cell { value.map { .text($0) } ?? .empty }
    }

    public var columns: [String]
    public var rows: [[Cell]]

    public init(columns: [String], rows: [[Cell]] = []) { self.columns = columns; self.rows = rows }

    /// The table as CSV; `comments` go first as `# ` lines (what the file is, when it was made).
    public func csv(comments: [String] = []) -> String {
        var lines = comments.map { "# " + $0.replacingOccurrences(of: "\n", with: " ") }
        lines.append(columns.joined(separator: ","))
        for row in rows { lines.append(row.map(Self.csvField).joined(separator: ",")) }
        return "\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n"
    }

    static func csvField(_ cell: Cell) -> String {
        switch cell {
        case let .text(s):
            let safe = s.first.map { "=+-@".contains($0) } == true ? "'" + s : s
            return "\"" + safe.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        case let .number(x): return Self.plain(x)
        case let .integer(i): return String(i)
        case .empty: return ""
        }
    }

    /// A number as data: `92.5`, `1200`, never `1.2e3` nor Vietnamese separators.
    public static func plain(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        var s = String(format: "%.6f", x)
        while s.hasSuffix("0") { s.removeLast() }
        return s
    }

    /// The rows as JSON objects.
    public var objects: [[String: Any]] {
        rows.map { row in
            var o: [String: Any] = [:]
            for (c, cell) in zip(columns, row) {
                switch cell {
                case let .text(s): o[c] = s
                case let .number(x): o[c] = x
                case let .integer(i): o[c] = i
                case .empty: o[c] = NSNull()
                }
            }
            return o
        }
    }
}
