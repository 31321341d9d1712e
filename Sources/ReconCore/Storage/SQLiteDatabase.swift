import ReconRocksDB
import Foundation
import GRDB

/// One plugin's SQLite database in one generation: a GRDB `DatabasePool` whose
/// writer connection is owned by at most one host transaction at a time (the
/// ``gate``), plus a small pool of read-only connections that hold a read snapshot
/// for the life of a read view (WAL mode lets them read while the writer writes).
final class SQLiteDatabase: @unchecked Sendable {
    /// The database file.
    let path: String
    /// Held by whoever uses the writer connection (a transaction from its first SQL
    /// statement to its end, flushAndSync, recovery). Thread-agnostic.
    let gate = OwnershipGate()

    private let pool: DatabasePool
    /// Guarded by `gate`.
    private let writerState = SQLConnectionState()
    private let readerConfiguration: Configuration
    private let readers = LockedState(ReaderPool())
    private static let maxIdleReaders = 4

    private struct ReaderPool {
        var idle: [SQLReader] = []
        var closed = false
    }

    /// Opens (creating when missing) the database at `path` in WAL mode with
    /// foreign keys on and the given `PRAGMA synchronous` level.
    init(path: String, synchronous: String, label: String) throws {
        self.path = path
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.allowsUnsafeTransactions = true  // host transactions span several calls
        config.busyMode = .timeout(10)
        config.maximumReaderCount = 1
        config.label = label
        pool = try SQLErrors.wrap("open", path: path) { try DatabasePool(path: path, configuration: config) }

        var rc = Configuration()
        rc.readonly = true
        rc.allowsUnsafeTransactions = true  // a read view's snapshot spans several calls
        rc.busyMode = .timeout(10)
        rc.label = label + ".reader"
        readerConfiguration = rc

        try setSynchronous(synchronous)
    }

    /// Sets `PRAGMA synchronous` on the writer (OFF, NORMAL or FULL).
    func setSynchronous(_ level: String) throws {
        try gate.withGate {
            try SQLErrors.wrap("synchronous", path: path) {
                try pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = \(level)") }
            }
        }
    }

    /// Runs `body` on the writer connection. The caller holds ``gate``. Nested calls
    /// (from a row callback) reuse the connection.
    func withWriter<R>(_ body: (Database, SQLConnectionState) throws -> R) throws -> R {
        if let db = writerState.active { return try body(db, writerState) }
        return try pool.writeWithoutTransaction { db in
            writerState.active = db
            defer { writerState.active = nil }
            return try body(db, writerState)
        }
    }

    /// Runs internal SQL on the writer (caller holds ``gate``), converting errors.
    func execute(_ sql: String, _ arguments: StatementArguments = StatementArguments()) throws {
        try withWriter { db, _ in
            try SQLErrors.wrap("execute", path: path) { try db.execute(sql: sql, arguments: arguments) }
        }
    }

    /// A reader connection from the pool (opened when none is idle).
    func acquireReader() throws -> SQLReader {
        let reused: SQLReader? = try readers.withLock { r in
            if r.closed { throw StorageError(.closed, "readView", "the SQL database is closed", path: path) }
            return r.idle.popLast()
        }
        if let reused { return reused }
        let queue = try SQLErrors.wrap("openReader", path: path) {
            try DatabaseQueue(path: path, configuration: readerConfiguration)
        }
        return SQLReader(queue: queue, path: path)
    }

    /// Gives a reader back (its snapshot already ended).
    func returnReader(_ reader: SQLReader) {
        let keep = readers.withLock { r -> Bool in
            guard !r.closed, r.idle.count < Self.maxIdleReaders else { return false }
            r.idle.append(reader)
            return true
        }
        if !keep { reader.close() }
    }

    /// Closes every connection. Idempotent.
    func close() {
        let idle: [SQLReader]? = readers.withLock { r in
            if r.closed { return nil }
            r.closed = true
            defer { r.idle.removeAll() }
            return r.idle
        }
        guard let idle else { return }
        idle.forEach { $0.close() }
        try? pool.close()
    }
}

/// A read-only SQLite connection that can hold one read snapshot across calls.
final class SQLReader {
    private let queue: DatabaseQueue
    private let state = SQLConnectionState()
    private let path: String
    private(set) var inSnapshot = false

    init(queue: DatabaseQueue, path: String) {
        self.queue = queue
        self.path = path
    }

    /// Starts a read transaction and pins its snapshot (the first read does that in WAL mode).
    func beginSnapshot() throws {
        try SQLErrors.wrap("beginSnapshot", path: path) {
            try queue.inDatabase { db in
                try db.execute(sql: "BEGIN DEFERRED")
                _ = try Row.fetchOne(db, sql: "SELECT rootpage FROM sqlite_master LIMIT 1")
            }
        }
        inSnapshot = true
    }

    /// Ends the read transaction.
    func endSnapshot() {
        guard inSnapshot else { return }
        inSnapshot = false
        try? queue.inDatabase { db in try db.execute(sql: "ROLLBACK") }
    }

    /// Runs `body` on the connection; nested calls reuse it.
    func withConnection<R>(_ body: (Database, SQLConnectionState) throws -> R) throws -> R {
        if let db = state.active { return try body(db, state) }
        return try queue.inDatabase { db in
            state.active = db
            defer { state.active = nil }
            return try body(db, state)
        }
    }

    func close() {
        endSnapshot()
        try? queue.close()
    }
}
