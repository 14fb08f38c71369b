import Foundation
import KeHoachCore

/// The small SQL interface the store is written against, so that one implementation of `Store` runs on SQLite
/// (GRDB) and on PostgreSQL (PostgresNIO). Statements are written in SQLite's dialect with `?` placeholders;
/// the PostgreSQL connection rewrites the few differences (`$n` placeholders, `INSERT OR IGNORE`).
public enum SQLDialect: Sendable { case sqlite, postgres }

/// One value read from or bound to a statement.
public enum SQLValue: Sendable, Hashable {
    case null
    case int(Int64)
    case double(Double)
    case text(String)
    case blob(Data)

    /// PostgreSQL's name of the type a value is bound as (nil for NULL, which fits any type).
    var postgresType: String? {
        switch self {
        case .null: nil
        case .int: "int8"
        case .double: "float8"
        case .text: "text"
        case .blob: "bytea"
        }
    }
}

/// Types a statement accepts as an argument.
public protocol SQLEncodable: Sendable {
    var sqlValue: SQLValue { get }
}

/// Types read from a column. `nil` when the value cannot be read as that type.
public protocol SQLDecodable {
    static func decode(_ value: SQLValue) -> Self?
}

extension Int64: SQLEncodable, SQLDecodable {
    public var sqlValue: SQLValue { .int(self) }
    public static func decode(_ value: SQLValue) -> Int64? {
        switch value {
        case let .int(v): v
        case let .double(v): v.isFinite && v.rounded() == v && abs(v) < 9.2e18 ? Int64(v) : nil
        case let .text(s): Int64(s)
        default: nil
        }
    }
}

extension Int: SQLEncodable, SQLDecodable {
    public var sqlValue: SQLValue { .int(Int64(self)) }
    public static func decode(_ value: SQLValue) -> Int? { Int64.decode(value).map(Int.init) }
}

extension Bool: SQLEncodable, SQLDecodable {
    // Stored as 0/1 in both databases (INTEGER columns), as SQLite does.
    public var sqlValue: SQLValue { .int(self ? 1 : 0) }
    public static func decode(_ value: SQLValue) -> Bool? { Int64.decode(value).map { $0 != 0 } }
}

extension Double: SQLEncodable, SQLDecodable {
    public var sqlValue: SQLValue { .double(self) }
    public static func decode(_ value: SQLValue) -> Double? {
        switch value {
        case let .double(v): v
        case let .int(v): Double(v)
        case let .text(s): Double(s)
        default: nil
        }
    }
}

extension String: SQLEncodable, SQLDecodable {
    public var sqlValue: SQLValue { .text(self) }
    public static func decode(_ value: SQLValue) -> String? {
        switch value {
        case let .text(s): s
        case let .int(v): String(v)
        case let .double(v): String(v)
        case let .blob(d): String(data: d, encoding: .utf8)
        case .null: nil
        }
    }
}

extension Data: SQLEncodable, SQLDecodable {
    public var sqlValue: SQLValue { .blob(self) }
    public static func decode(_ value: SQLValue) -> Data? {
        switch value {
        case let .blob(d): d
        case let .text(s): Data(s.utf8)
        default: nil
        }
    }
}

extension Optional: SQLEncodable where Wrapped: SQLEncodable {
    public var sqlValue: SQLValue { self?.sqlValue ?? .null }
}

/// The arguments of one statement, written as an array literal: `[id, name, nil]`.
public struct SQLArguments: ExpressibleByArrayLiteral, Sendable {
    public var values: [SQLValue]
    public init(arrayLiteral elements: (any SQLEncodable)?...) { values = elements.map { $0?.sqlValue ?? .null } }
    public init(_ elements: [(any SQLEncodable)?]) { values = elements.map { $0?.sqlValue ?? .null } }
    public init(values: [SQLValue]) { self.values = values }
}

/// Column names of a result, shared by its rows.
public final class SQLColumns: Sendable {
    public let names: [String]
    let index: [String: Int]
    public init(_ names: [String]) {
        self.names = names
        var index: [String: Int] = [:]
        for (i, name) in names.enumerated() where index[name.lowercased()] == nil { index[name.lowercased()] = i }
        self.index = index
    }
    func position(_ name: String) -> Int? { index[name] ?? index[name.lowercased()] }
}

/// One row of a result. Reading a column that is absent, or a NULL or mistyped value as a non-optional type,
/// is a programming error and stops the process, as GRDB does.
public struct SQLRow: Sendable {
    public let columns: SQLColumns
    public let values: [SQLValue]
    public init(columns: SQLColumns, values: [SQLValue]) { self.columns = columns; self.values = values }

    public func value(_ name: String) -> SQLValue {
        guard let i = columns.position(name) else { preconditionFailure("no column \(name) in \(columns.names)") }
        return values[i]
    }

    public subscript<T: SQLDecodable>(_ name: String) -> T {
        let v = value(name)
        guard let decoded = T.decode(v) else { preconditionFailure("column \(name): cannot read \(v) as \(T.self)") }
        return decoded
    }

    public subscript<T: SQLDecodable>(_ name: String) -> T? {
        let v = value(name)
        if case .null = v { return nil }
        return T.decode(v)
    }

    public subscript<T: SQLDecodable>(_ index: Int) -> T {
        guard let decoded = T.decode(values[index]) else { preconditionFailure("column \(index): cannot read \(values[index]) as \(T.self)") }
        return decoded
    }

    public subscript<T: SQLDecodable>(_ index: Int) -> T? {
        if case .null = values[index] { return nil }
        return T.decode(values[index])
    }

    public static func fetchAll(_ db: any SQLDB, sql: String, arguments: SQLArguments = []) throws -> [SQLRow] {
        try db.rows(sql: sql, arguments: arguments)
    }

    public static func fetchOne(_ db: any SQLDB, sql: String, arguments: SQLArguments = []) throws -> SQLRow? {
        try db.rows(sql: sql, arguments: arguments).first
    }
}

extension SQLDecodable {
    /// The first column of the first row.
    public static func fetchOne(_ db: any SQLDB, sql: String, arguments: SQLArguments = []) throws -> Self? {
        guard let row = try db.rows(sql: sql, arguments: arguments).first, let v = row.values.first else { return nil }
        return decode(v)
    }

    /// The first column of every row (NULLs skipped).
    public static func fetchAll(_ db: any SQLDB, sql: String, arguments: SQLArguments = []) throws -> [Self] {
        try db.rows(sql: sql, arguments: arguments).compactMap { $0.values.first.flatMap(decode) }
    }
}

/// A connection inside a transaction (`SQLPool.read` or `write`).
public protocol SQLDB: AnyObject {
    var dialect: SQLDialect { get }
    func execute(sql: String, arguments: SQLArguments) throws
    func rows(sql: String, arguments: SQLArguments) throws -> [SQLRow]
    /// The id of the row the last INSERT of this connection created.
    func lastInsertedRowID() throws -> Int64
}

extension SQLDB {
    public func execute(sql: String) throws { try execute(sql: sql, arguments: []) }

    /// After rows were inserted with their ids, PostgreSQL's id sequence of `table` moves past them (SQLite
    /// needs nothing: its next rowid follows the largest).
    public func advanceIDSequence(_ table: String) throws {
        guard dialect == .postgres else { return }
        _ = try rows(sql: "SELECT setval(pg_get_serial_sequence('\(table)', 'id'), (SELECT MAX(id) FROM \(table)))", arguments: [])
    }

    /// Locks the selected rows until commit on PostgreSQL; SQLite has one writer at a time anyway.
    public var forUpdate: String { dialect == .postgres ? " FOR UPDATE" : "" }

    /// Inserts rows with as few statements as the engines allow (one round trip per few hundred rows on
    /// PostgreSQL, instead of one per row).
    public func insertRows(into table: String, columns: [String], rows: [[SQLValue]]) throws {
        guard !rows.isEmpty else { return }
        let perStatement = max(1, min(500, 30_000 / max(1, columns.count)))
        let placeholders = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        var start = 0
        while start < rows.count {
            let chunk = rows[start ..< min(rows.count, start + perStatement)]
            let sql = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
                + Array(repeating: placeholders, count: chunk.count).joined(separator: ", ")
            try execute(sql: sql, arguments: SQLArguments(values: chunk.flatMap { $0 }))
            start += chunk.count
        }
    }
}

/// A database: reads see one consistent snapshot; writes are serialised (one writer at a time, across every
/// process using the database) and all-or-nothing.
public protocol SQLPool: Sendable {
    var dialect: SQLDialect { get }
    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLDB) throws -> T) async throws -> T
    /// A write transaction. `exclusive: false` skips the database-wide write lock on PostgreSQL: for writes that
    /// lock the rows they check themselves (a report's save); SQLite always has one writer.
    func write<T: Sendable>(exclusive: Bool, _ body: @escaping @Sendable (any SQLDB) throws -> T) async throws -> T
    func close() async
}

extension SQLPool {
    public func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDB) throws -> T) async throws -> T {
        try await write(exclusive: true, body)
    }
}

extension SQLDialect {
    /// Rewrites a statement written for SQLite into PostgreSQL: `?` → `$1…` (outside quoted text), each cast to
    /// the type of the value bound to it when `types` gives one (so that a statement prepared once takes its
    /// arguments in binary whatever PostgreSQL would have guessed), `INSERT OR IGNORE INTO … ` → `INSERT INTO …
    /// ON CONFLICT DO NOTHING`.
    static func postgres(_ sql: String, types: [String?] = []) -> String {
        var out = ""
        out.reserveCapacity(sql.utf8.count + 16)
        var n = 0
        var inQuote = false
        for ch in sql {
            if ch == "'" { inQuote.toggle() }
            if ch == "?" && !inQuote {
                n += 1
                out += "$\(n)"
                if n <= types.count, let type = types[n - 1] { out += "::" + type }
            } else {
                out.append(ch)
            }
        }
        if let r = out.range(of: "INSERT OR IGNORE INTO", options: [.caseInsensitive, .anchored]) {
            out.replaceSubrange(r, with: "INSERT INTO")
            out += " ON CONFLICT DO NOTHING"
        }
        return out
    }
}

extension SQLArguments {
    public static func + (lhs: SQLArguments, rhs: SQLArguments) -> SQLArguments { SQLArguments(values: lhs.values + rhs.values) }
}

extension SQLDialect {
    /// Splits a script into statements at `;` outside quoted text and `$$` bodies.
    static func statements(_ sql: String) -> [String] {
        var out: [String] = []
        var current = ""
        var inQuote = false, inDollar = false
        var previous: Character = " "
        for ch in sql {
            if ch == "'" && !inDollar { inQuote.toggle() }
            if ch == "$" && previous == "$" && !inQuote { inDollar.toggle() }
            if ch == ";" && !inQuote && !inDollar {
                let t = current.trimmedWhitespace
                if !t.isEmpty { out.append(t) }
                current = ""
            } else {
                current.append(ch)
            }
            previous = ch == "$" && previous == "$" ? " " : ch
        }
        let t = current.trimmedWhitespace
        if !t.isEmpty { out.append(t) }
        return out
    }
}
