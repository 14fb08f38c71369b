import Foundation
import GRDB

/// SQLite through GRDB: WAL journal, foreign keys on, full synchronisation, GRDB's migrator.
final class SQLitePool: SQLPool {
    let pool: DatabasePool
    var dialect: SQLDialect { .sqlite }

    /// `through`: the last migration to apply (tests of upgrades); all of them by default.
    init(path: String, through last: String? = nil) throws {
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(10)
        // A write is on disk before it is acknowledged (WAL with full synchronisation): a report the server
        // answered for survives a power cut.
        config.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        pool = try DatabasePool(path: path, configuration: config)
        var migrator = DatabaseMigrator()
        for step in Migrations.steps {
            migrator.registerMigration(step.name) { db in try db.execute(sql: step.sqlite) }
        }
        if let last { try migrator.migrate(pool, upTo: last) } else { try migrator.migrate(pool) }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLDB) throws -> T) async throws -> T {
        do { return try await pool.read { db in try body(SQLiteConnection(db)) } } catch let error as DatabaseError { throw Self.mapped(error) }
    }

    func write<T: Sendable>(exclusive: Bool, _ body: @escaping @Sendable (any SQLDB) throws -> T) async throws -> T {
        do { return try await pool.write { db in try body(SQLiteConnection(db)) } } catch let error as DatabaseError { throw Self.mapped(error) }
    }

    /// A full disk and a database locked by another process past the busy timeout are conditions of the machine,
    /// not errors of the request: they get their own answers (507, 503). The transaction was rolled back.
    static func mapped(_ error: DatabaseError) -> any Error {
        switch error.resultCode {
        case .SQLITE_FULL: StoreError.full("tệp cơ sở dữ liệu")
        case .SQLITE_BUSY, .SQLITE_LOCKED: StoreError.unavailable("cơ sở dữ liệu đang bận")
        default: error
        }
    }

    func close() async { try? pool.close() }
}

/// GRDB's `Database` seen through `SQLDB`. Statements are prepared once per connection and cached.
final class SQLiteConnection: SQLDB {
    let db: Database
    init(_ db: Database) { self.db = db }
    var dialect: SQLDialect { .sqlite }

    static func arguments(_ a: SQLArguments) -> StatementArguments {
        StatementArguments(a.values.map { v -> (any DatabaseValueConvertible)? in
            switch v {
            case .null: nil
            case let .int(i): i
            case let .double(d): d
            case let .text(s): s
            case let .blob(b): b
            }
        })
    }

    func execute(sql: String, arguments: SQLArguments) throws {
        if arguments.values.isEmpty {
            try db.execute(sql: sql)  // may hold several statements (migrations)
        } else {
            try db.cachedStatement(sql: sql).execute(arguments: Self.arguments(arguments))
        }
    }

    func rows(sql: String, arguments: SQLArguments) throws -> [SQLRow] {
        let statement = try db.cachedStatement(sql: sql)
        let columns = SQLColumns(statement.columnNames)
        let cursor = try Row.fetchCursor(statement, arguments: Self.arguments(arguments))
        var out: [SQLRow] = []
        while let row = try cursor.next() {
            var values: [SQLValue] = []
            values.reserveCapacity(row.count)
            for dbValue in row.databaseValues {
                switch dbValue.storage {
                case .null: values.append(.null)
                case let .int64(i): values.append(.int(i))
                case let .double(d): values.append(.double(d))
                case let .string(s): values.append(.text(s))
                case let .blob(b): values.append(.blob(b))
                }
            }
            out.append(SQLRow(columns: columns, values: values))
        }
        return out
    }

    func lastInsertedRowID() throws -> Int64 { db.lastInsertedRowID }
}

extension SQLStore {
    /// An SQLite database brought only up to migration `last`, as an older release left it (tests of upgrades).
    @_spi(Testing) public static func sqlite(path: String, migratedThrough last: String) throws -> SQLStore {
        SQLStore(pool: try SQLitePool(path: path, through: last), path: path, clock: { Date() })
    }

    // MARK: - Backup

    /// An online, consistent copy of the database into a new file.
    public func backup(to destination: String) throws {
        if FileManager.default.fileExists(atPath: destination) { throw StoreError.invalid("tệp \(destination) đã tồn tại") }
        guard let sqlite = ((pool as? ObservedPool)?.base ?? pool) as? SQLitePool else {
            throw StoreError.invalid("sao lưu PostgreSQL bằng pg_dump; lệnh backup dành cho tệp SQLite")
        }
        let target = try DatabaseQueue(path: destination)
        try sqlite.pool.backup(to: target)
    }

    /// Replaces the database at `path` with a backup, after checking that the backup opens and migrates.
    public static func restore(backup source: String, to path: String) throws {
        guard FileManager.default.fileExists(atPath: source) else { throw StoreError.notFound(source) }
        let check = try DatabaseQueue(path: source)
        let ok = try check.read { db in try db.tableExists("plan") && db.tableExists("audit") }
        guard ok else { throw StoreError.invalid("\(source) không phải bản sao lưu KeHoach") }
        try check.close()
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            try FileManager.default.removeItem(atPath: path + suffix)
        }
        let from = try DatabaseQueue(path: source)
        let to = try DatabaseQueue(path: path)
        try from.backup(to: to)
    }
}
