import ReconRocksDB
import Foundation

/// A read-only view of one plugin's store, pinned to one commit: a RocksDB snapshot
/// and an SQLite read snapshot taken together. Commits made after the view was
/// opened are invisible to it. Used by query handlers; use from one thread at a
/// time. Release it with ``close()`` (or let it go): it holds a RocksDB snapshot
/// and, for plugins with SQL tables, a pooled SQLite connection.
public final class ReadView {
    /// The store it reads.
    public let store: PluginStore
    private var snapshot: RocksDB.Snapshot?
    private var reader: SQLReader?
    private let sqlCommitCounter: UInt64
    private var closed = false

    init(store: PluginStore, snapshot: RocksDB.Snapshot, reader: SQLReader?, sqlCommitCounter: UInt64) {
        self.store = store
        self.snapshot = snapshot
        self.reader = reader
        self.sqlCommitCounter = sqlCommitCounter
    }

    deinit { close() }

    /// Calls `body` with the value of `key` in kv table `table` (nil when absent),
    /// borrowed during `body`.
    public func withKVValue<K: ContiguousBytes, R>(
        table: Int, key: K, _ body: (UnsafeRawBufferPointer?) throws -> R
    ) throws -> R {
        let snapshot = try pinned("kvGet")
        return try store.db.withValue(try store.family(table, "kvGet"), key: key, snapshot: snapshot, body)
    }

    /// The value of `key` in kv table `table`, copied; nil when absent.
    public func kvGet<K: ContiguousBytes>(table: Int, key: K) throws -> [UInt8]? {
        try withKVValue(table: table, key: key) { $0.map { Array($0) } }
    }

    /// Visits the entries of kv table `table` with keys in `[start, end)` (empty
    /// `end`: to the last key) in key order; `visit` returns false to stop. Returns
    /// false when stopped early.
    @discardableResult
    public func kvScan<S: ContiguousBytes, E: ContiguousBytes>(
        table: Int, start: S, end: E,
        _ visit: (_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) throws -> Bool
    ) throws -> Bool {
        let snapshot = try pinned("kvScan")
        return try store.db.forEach(try store.family(table, "kvScan"), start: start, end: end, snapshot: snapshot, visit)
    }

    /// Runs one read-only SQL statement (writing statements are refused); `onRow`
    /// gets each row, copied, and returns false to stop.
    public func sqlExec(_ sql: String, params: [SQLValue] = [], onRow: (([SQLValue]) throws -> Bool)? = nil) throws {
        try sqlExecBorrowed(sql, parameterCount: params.count, bind: { binder in
            for (i, p) in params.enumerated() { try binder.bind(p, at: i) }
        }, onRow: onRow.map { handler in { row in try handler(row.values) } })
    }

    /// Runs one read-only SQL statement without copies (see
    /// ``HostTransaction/sqlExecBorrowed(_:parameterCount:bind:onRow:)``).
    public func sqlExecBorrowed(
        _ sql: String, parameterCount: Int?, bind: (SQLBinder) throws -> Void,
        onRow: ((SQLRowView) throws -> Bool)?
    ) throws {
        try checkOpen("sqlExec")
        let r = try sqlReader()
        let path = store.sql.path
        _ = try r.withConnection { db, state in
            try SQLExecutor.run(db, state: state, sql: sql, readOnly: true, path: path,
                                parameterCount: parameterCount, bind: bind, onRow: onRow)
        }
    }

    /// The view's SQLite connection. A store that had no SQL tables when the view
    /// opened gets one lazily, valid only if no SQL commit happened since.
    private func sqlReader() throws -> SQLReader {
        if let reader { return reader }
        let r = try store.sql.acquireReader()
        do {
            try r.beginSnapshot()
        } catch {
            store.sql.returnReader(r)
            throw error
        }
        // The snapshot is pinned; it shows the view's state if no SQL commit started since.
        guard store.state.withLock({ $0.sqlCommitCounter }) == sqlCommitCounter else {
            r.endSnapshot()
            store.sql.returnReader(r)
            throw StorageError(.snapshotUnavailable, "sqlExec",
                               "\(store.name) created its SQL tables after this read view opened; open a new view")
        }
        reader = r
        return r
    }

    /// Releases the RocksDB snapshot and the SQLite connection. Idempotent; later calls fail.
    public func close() {
        guard !closed else { return }
        closed = true
        if let reader {
            reader.endSnapshot()
            store.sql.returnReader(reader)
            self.reader = nil
        }
        snapshot = nil
    }

    private func pinned(_ operation: String) throws -> RocksDB.Snapshot {
        guard let snapshot else { throw StorageError(.closed, operation, "the read view is closed") }
        return snapshot
    }

    private func checkOpen(_ operation: String) throws {
        if closed { throw StorageError(.closed, operation, "the read view is closed") }
    }
}
