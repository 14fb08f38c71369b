import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import PostgresNIO

/// Where a PostgreSQL database is: `postgres://user:password@host:5432/db` or, on a Unix socket,
/// `postgres://user@/db?host=/run/postgresql` (the directory that holds `.s.PGSQL.5432`).
public struct PostgresLocation: Sendable, CustomStringConvertible {
    public var host: String?
    public var socketDirectory: String?
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String

    public static func isPostgres(_ location: String) -> Bool {
        location.hasPrefix("postgres://") || location.hasPrefix("postgresql://")
    }

    public init?(_ url: String) {
        guard Self.isPostgres(url), let c = URLComponents(string: url) else { return nil }
        let query = Dictionary((c.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { a, _ in a })
        port = c.port ?? query["port"].flatMap { Int($0) } ?? 5432
        user = c.percentEncodedUser.flatMap { $0.removingPercentEncoding } ?? ProcessInfo.processInfo.environment["USER"] ?? "postgres"
        password = c.percentEncodedPassword.flatMap { $0.removingPercentEncoding }
        let path = c.path.hasPrefix("/") ? String(c.path.dropFirst()) : c.path
        database = path.isEmpty ? user : path
        if let dir = query["host"], dir.hasPrefix("/") {
            socketDirectory = dir
        } else if let h = c.host, !h.isEmpty {
            host = h
        } else {
            socketDirectory = "/var/run/postgresql"
        }
    }

    /// The location without the password, for logs and messages.
    public var description: String {
        if let socketDirectory { return "postgres://\(user)@/\(database)?host=\(socketDirectory)&port=\(port)" }
        return "postgres://\(user)@\(host ?? "127.0.0.1"):\(port)/\(database)"
    }

    var configuration: PostgresConnection.Configuration {
        var config: PostgresConnection.Configuration
        if let socketDirectory {
            config = .init(unixSocketPath: "\(socketDirectory)/.s.PGSQL.\(port)", username: user, password: password, database: database)
        } else {
            config = .init(host: host ?? "127.0.0.1", port: port, username: user, password: password, database: database, tls: .disable)
        }
        config.options.connectTimeout = .seconds(3)
        return config
    }
}

/// PostgreSQL through PostgresNIO: a bounded set of connections, each used by one blocking worker thread at a
/// time (the store's transactions are synchronous code, as with GRDB). A connection that fails is dropped and
/// a new one is opened by the next transaction, so the server recovers by itself after PostgreSQL restarts;
/// meanwhile transactions fail with `StoreError.unavailable`.
/// Writes take a transaction-scoped advisory lock: one writer at a time across every process, the same
/// guarantee SQLite gives, so read-then-write checks inside a transaction hold.
public final class PostgresPool: SQLPool {
    public let location: PostgresLocation
    let group: any EventLoopGroup
    let idle = NIOLockedValueBox<[PostgresConnectionDB]>([])
    let nextID = NIOLockedValueBox<Int>(0)
    let logger: Logger
    public var dialect: SQLDialect { .postgres }
    /// The lock every write transaction takes (an arbitrary constant: "KH").
    static let writeLock = 0x4B48

    /// The worker threads of every pool of the process: at most this many transactions run at once, each
    /// holding one connection.
    static let threads: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 16)
        pool.start()
        return pool
    }()

    public init(_ location: PostgresLocation) async throws {
        self.location = location
        group = MultiThreadedEventLoopGroup.singleton
        var logger = Logger(label: "kehoach.postgres")
        logger.logLevel = .critical
        self.logger = logger
        try await migrate()
    }

    func connect() throws -> PostgresConnection {
        let id = nextID.withLockedValue { $0 += 1; return $0 }
        do {
            return try PostgresConnection.connect(on: group.next(), configuration: location.configuration, id: id, logger: logger).wait()
        } catch {
            throw StoreError.unavailable("không kết nối được PostgreSQL \(location): \(Self.describe(error))")
        }
    }

    static func describe(_ error: any Error) -> String {
        if let e = error as? PSQLError {
            if let message = e.serverInfo?[.message] { return message }
            return "\(e.code)"
        }
        if case let .server(e)? = error as? PostgresError { return e.fields[.message] ?? "\(e)" }
        return String(reflecting: error)
    }

    /// Runs `body` on a worker thread with a connection of its own inside a transaction.
    func transaction<T: Sendable>(_ begin: [String], readOnly: Bool, _ body: @escaping @Sendable (any SQLDB) throws -> T) async throws -> T {
        try await Self.threads.runIfActive { [self] in
            let db = try idle.withLockedValue { $0.popLast() }.flatMap { $0.connection.isClosed ? nil : $0 }
                ?? PostgresConnectionDB(connect(), logger: logger)
            let connection = db.connection
            do {
                // BEGIN (and the write lock) are sent without waiting for their answers: a failure shows in the
                // first statement's answer, and each transaction saves those round trips.
                for statement in begin { db.send(statement) }
                let result = try body(db)
                if readOnly { db.send("COMMIT") } else { try db.simple("COMMIT") }
                idle.withLockedValue { $0.append(db) }
                return result
            } catch {
                if connection.isClosed || Self.isConnectionFailure(error) {
                    _ = try? connection.close().wait()
                    throw StoreError.unavailable("mất kết nối PostgreSQL: \(Self.describe(error))")
                }
                if (try? db.simple("ROLLBACK")) != nil {
                    idle.withLockedValue { $0.append(db) }
                } else {
                    _ = try? connection.close().wait()
                }
                if error is PSQLError || error is PostgresError || error is PostgresDecodingError { throw StoreError.database(Self.describe(error)) }
                throw error
            }
        }
    }

    static func isConnectionFailure(_ error: any Error) -> Bool {
        if case .unavailable = error as? StoreError { return true }
        // Prepared statements answer with PostgresNIO's older error type.
        if let e = error as? PostgresError {
            guard case let .server(message) = e else { return true }  // closed connection, protocol error
            return isConnectionState(message.fields[.sqlState] ?? "")
        }
        guard let e = error as? PSQLError else { return error is ChannelError || error is IOError }
        return e.code == .server ? isConnectionState(e.serverInfo?[.sqlState] ?? "") : true
    }

    /// 08…: connection exception; 57P…: operator intervention (shutdown, restart); 53…: resources.
    static func isConnectionState(_ state: String) -> Bool {
        state.hasPrefix("08") || state.hasPrefix("57P") || state.hasPrefix("53")
    }

    public func read<T: Sendable>(_ body: @escaping @Sendable (any SQLDB) throws -> T) async throws -> T {
        try await transaction(["BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"], readOnly: true, body)
    }

    public func write<T: Sendable>(exclusive: Bool, _ body: @escaping @Sendable (any SQLDB) throws -> T) async throws -> T {
        try await transaction(exclusive ? ["BEGIN", "SELECT pg_advisory_xact_lock(\(Self.writeLock))"] : ["BEGIN"], readOnly: false, body)
    }

    public func close() async {
        let connections = idle.withLockedValue { all in defer { all = [] }; return all }
        for c in connections { try? await c.connection.close() }
    }

    deinit {
        for c in idle.withLockedValue({ $0.map(\.connection) }) { c.close().whenComplete { _ in withExtendedLifetime(c) {} } }
    }

    /// Applies the numbered migrations not yet applied (the same numbering as SQLite's), each in a
    /// transaction, under the write lock so that two instances starting together do not both migrate.
    func migrate() async throws {
        try await write { db in
            let pg = db as! PostgresConnectionDB
            try pg.simple("CREATE TABLE IF NOT EXISTS schema_migration (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
            let applied = Set(try String.fetchAll(db, sql: "SELECT name FROM schema_migration"))
            for step in Migrations.steps where !applied.contains(step.name) {
                try pg.simple(step.postgres)
                try db.execute(sql: "INSERT INTO schema_migration (name, applied_at) VALUES (?, ?)",
                               arguments: [step.name, SQLStore.isoStyle.format(Date())])
            }
        }
    }
}

/// One PostgreSQL connection, used by one worker thread at a time, with the statements it has prepared: each
/// statement text (with its argument types) is parsed and planned once per connection, then only bound and
/// executed.
final class PostgresConnectionDB: SQLDB, @unchecked Sendable {
    let connection: PostgresConnection
    let logger: Logger
    var dialect: SQLDialect { .postgres }
    var prepared: [String: PreparedQuery] = [:]
    /// Statements of one text prepared per connection at most; beyond (generated texts: searches with many
    /// words, bulk inserts of odd sizes) statements run unnamed.
    static let maxPrepared = 300

    init(_ connection: PostgresConnection, logger: Logger) { self.connection = connection; self.logger = logger }

    /// Statements without arguments, several separated by `;` (PostgresNIO speaks only the extended protocol,
    /// which takes one statement at a time).
    func simple(_ sql: String) throws {
        for statement in SQLDialect.statements(sql) {
            _ = try connection.query(PostgresQuery(unsafeSQL: statement), logger: logger).wait()
        }
    }

    /// Sends a statement without waiting for its answer (the connection runs statements in order).
    func send(_ sql: String) {
        _ = connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
    }

    static func data(_ value: SQLValue) -> PostgresData {
        switch value {
        case .null: PostgresData(type: .null)
        case let .int(i): PostgresData(int64: i)
        case let .double(d): PostgresData(double: d)
        case let .text(s): PostgresData(string: s)
        case let .blob(b): PostgresData(bytes: [UInt8](b))
        }
    }

    /// The rows, and whether their cells are in binary although the row description says text (PostgresNIO's
    /// prepared statements describe before binding and keep the description's text format).
    func query(_ sql: String, _ arguments: SQLArguments) throws -> (rows: [PostgresRow], binary: Bool) {
        let types = arguments.values.map(\.postgresType)
        let key = types.map { $0 ?? "-" }.joined(separator: ",") + "|" + sql
        let statement: PreparedQuery
        if let known = prepared[key] {
            statement = known
        } else {
            let text = SQLDialect.postgres(sql, types: types)
            guard prepared.count < Self.maxPrepared else {
                var binds = PostgresBindings(capacity: arguments.values.count)
                for value in arguments.values { binds.append(Self.data(value)) }
                return (try connection.query(PostgresQuery(unsafeSQL: text, binds: binds), logger: logger).wait().rows, false)
            }
            statement = try connection.prepare(query: text).wait()
            prepared[key] = statement
        }
        return (try statement.execute(arguments.values.map(Self.data)).wait(), true)
    }

    func execute(sql: String, arguments: SQLArguments) throws {
        _ = try query(sql, arguments)
    }

    func rows(sql: String, arguments: SQLArguments) throws -> [SQLRow] {
        let (rows, binary) = try query(sql, arguments)
        guard let first = rows.first else { return [] }
        let columns = SQLColumns(first.map(\.columnName))
        return try rows.map { row in
            SQLRow(columns: columns, values: try row.map { cell in
                try Self.value(binary ? PostgresCell(bytes: cell.bytes, dataType: cell.dataType, format: .binary, columnName: cell.columnName,
                                                     columnIndex: cell.columnIndex) : cell)
            })
        }
    }

    static func value(_ cell: PostgresCell) throws -> SQLValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int2, .int4, .int8, .oid: return .int(try cell.decode(Int64.self))
        case .float4, .float8: return .double(try cell.decode(Double.self))
        case .bool: return .int(try cell.decode(Bool.self) ? 1 : 0)
        case .bytea:
            let buffer = try cell.decode(ByteBuffer.self)
            return .blob(Data(buffer.readableBytesView))
        case .numeric:
            let d = try cell.decode(Decimal.self)
            let double = NSDecimalNumber(decimal: d).doubleValue
            if double.rounded() == double, abs(double) < 9e15 { return .int(Int64(double)) }
            return .double(double)
        default: return .text(try cell.decode(String.self))
        }
    }

    func lastInsertedRowID() throws -> Int64 {
        let result = try connection.query(PostgresQuery(unsafeSQL: "SELECT lastval()"), logger: logger).wait()
        guard let row = result.rows.first else { throw StoreError.invalid("lastval") }
        return try row.decode(Int64.self)
    }
}

/// A fresh, empty database for a test or a bench run: an SQLite file in `directory`, or, when
/// `KEHOACH_TEST_POSTGRES` names a PostgreSQL server (`scripts/pg-cluster start` prints one), a new database
/// on it, copied from a migrated template so that each test starts in milliseconds.
public enum ThrowawayDatabase {
    public static var postgresServer: String? { ProcessInfo.processInfo.environment["KEHOACH_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 } }

    public static func open(in directory: URL, clock: @escaping @Sendable () -> Date = { Date() }) async throws -> SQLStore {
        guard let server = postgresServer else {
            return try SQLStore(path: directory.appendingPathComponent("test.sqlite").path, clock: clock)
        }
        return try await SQLStore.open(try await create(on: server), clock: clock)
    }

    static let template = "kehoach_template_\(Migrations.steps.count)"
    static let templateReady = NIOLockedValueBox<Bool>(false)
    static let counter = NIOLockedValueBox<Int>(0)

    /// Creates a new, empty database `name` on `server` (dropping one of that name) and returns its URL.
    public static func create(on server: String, named name: String) async throws -> String {
        guard var location = PostgresLocation(server) else { throw StoreError.invalid("địa chỉ PostgreSQL không đọc được: \(server)") }
        try await withAdmin(location) { admin in
            _ = try await admin.simpleQuery("DROP DATABASE IF EXISTS \(name)").get()
            _ = try await admin.simpleQuery("CREATE DATABASE \(name)").get()
        }
        location.database = name
        return location.description
    }

    /// Creates a new database on `server`, copied from the migrated template, and returns its URL.
    public static func create(on server: String) async throws -> String {
        guard var location = PostgresLocation(server) else { throw StoreError.invalid("địa chỉ PostgreSQL không đọc được: \(server)") }
        // One template per process run, migrated once; other tests copy it.
        try await templateLock.withLock {
            guard !templateReady.withLockedValue({ $0 }) else { return }
            let pool = try await PostgresPool(PostgresLocation(try await create(on: server, named: template))!)
            await pool.close()
            templateReady.withLockedValue { $0 = true }
        }
        let n = counter.withLockedValue { $0 += 1; return $0 }
        let name = "kehoach_t\(ProcessInfo.processInfo.processIdentifier)_\(n)_\(UInt32.random(in: 0 ... .max))"
        try await withAdmin(location) { admin in
            _ = try await admin.simpleQuery("CREATE DATABASE \(name) TEMPLATE \(template)").get()
        }
        location.database = name
        return location.description
    }

    static let templateLock = AsyncLock()

    static func withAdmin(_ location: PostgresLocation, _ body: (PostgresConnection) async throws -> Void) async throws {
        var admin = location; admin.database = "postgres"
        let connection = try await PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.next(), configuration: admin.configuration,
                                                              id: 0, logger: Logger(label: "kehoach.test-db")).get()
        do { try await body(connection) } catch { try? await connection.close(); throw error }
        try? await connection.close()
    }
}

/// A lock held across suspension points (creating the template database once).
actor AsyncLock {
    var busy = false
    var waiting: [CheckedContinuation<Void, Never>] = []
    func withLock(_ body: () async throws -> Void) async throws {
        while busy { await withCheckedContinuation { waiting.append($0) } }
        busy = true
        defer { busy = false; if !waiting.isEmpty { waiting.removeFirst().resume() } }
        try await body()
    }
}
