import ReconRocksDB
import Foundation
import GRDB

// MARK: - The host transaction commit protocol
//
// A plugin's output lives in two engines: its key/value tables (column families of
// the generation's RocksDB) and its SQLite database. Its cursor (the last OM
// sequence applied) must commit together with its output: after a crash, never
// one without the other. Each store keeps:
//
//   - `_meta` column family, key `cursor/<plugin>`: 24 bytes, big-endian
//     (sequence, txn_id, last_sql_txn_id), written in the same RocksDB batch as
//     the plugin's key/value writes;
//   - SQLite `_recon_cursor(id = 0, sequence, txn_id)`, written in the same SQLite
//     transaction as the plugin's SQL writes;
//   - SQLite `_recon_kv_redo(txn_id PRIMARY KEY, batch BLOB)`: serialized RocksDB
//     batches whose SQL half committed.
//
// commit(cursor: seq):
//   1. txn_id = last txn_id + 1 (commits of one store are serialized).
//   2. If the transaction wrote SQL: inside its open SQLite transaction write the
//      cursor row; if it also wrote key/value data, add the `_meta` cursor put to
//      the batch and insert the serialized batch into `_recon_kv_redo`; delete redo
//      rows whose batches are already durable; COMMIT. This is the commit point.
//   3. If it wrote key/value data (or nothing at all): apply the batch, which
//      carries the `_meta` cursor put, with sync (WAL disabled in bulk mode).
//      A key/value-only transaction is atomic by step 3 alone; an SQL-only one by
//      step 2 alone.
//   4. Redo rows are deleted lazily, by the next SQL commit (step 2), never before
//      their batch is durable.
// Effective cursor = whichever of the SQL row and the `_meta` value has the larger
// txn_id.
//
// Recovery when a store opens (and `recover()`): every redo row with txn_id greater
// than the `_meta` cursor's txn_id is applied to RocksDB with sync, in txn_id
// order (each carries its own `_meta` cursor put); then all redo rows are deleted.
// So a crash before the SQL COMMIT leaves neither output nor cursor; a crash after
// it leaves both once the store is reopened.
//
// `last_sql_txn_id` in `_meta` records the newest SQL commit the key/value side has
// seen. If the SQL cursor is older than that at open (SQLite `synchronous = NORMAL`
// plus power loss), the SQL output lost commits that the cursor claims:
// `recovery.sqlCommitsLost` asks for a full reprocess.
//
// Bulk mode (staged generation, not live): no redo rows, no syncs, WAL disabled; a
// crash discards the whole generation, and `TaskGeneration.flushAndSync()` makes
// it durable before the generation switch.
//
// Read views see both engines at one commit: a commit that writes both engines
// holds the store's view gate exclusively from its SQL COMMIT to the end of its
// key/value write, and a read view pins its RocksDB snapshot and its SQLite read
// snapshot while holding the gate shared.

/// One plugin's slice of one storage generation: its key/value column families
/// (indexed by the plugin's kv table index, in declaration order), its SQLite
/// database and its cursor. Thread-safe. See the commit protocol at the top of
/// this file.
public final class PluginStore: @unchecked Sendable {
    /// The plugin's name.
    public let name: String
    /// The plugin's key/value tables, in declaration order.
    public let kvTableNames: [String]
    /// What opening the store found and repaired.
    public private(set) var recovery: PluginStoreRecovery {
        get { state.withLock { $0.recovery } }
        set { state.withLock { $0.recovery = newValue } }
    }

    let db: RocksDB
    let families: [RocksDB.ColumnFamily]
    let meta: RocksDB.ColumnFamily
    let sql: SQLiteDatabase
    let cursorKey: [UInt8]
    let synchronous: SQLiteSynchronous
    /// Serializes commits: txn ids and cursor writes stay in order in both engines.
    let commitLock = NSLock()
    /// Commits that write both engines hold it exclusively; read views pin under it shared.
    let viewGate = ReadWriteLock(preferWriter: true)
    let state: LockedState<State>

    struct State {
        var cursor: PluginCursor
        var lastTxnID: UInt64
        var lastSQLTxnID: UInt64
        /// Redo rows up to this txn id have durable batches and can be deleted.
        var redoDurableUpTo: UInt64?
        /// Incremented before every SQL COMMIT (read views detect SQL changes with it).
        var sqlCommitCounter: UInt64 = 0
        /// Whether the SQL database holds plugin tables (read views pin SQL eagerly).
        var usesSQL: Bool
        var bulkLoad: Bool
        /// Bulk builds the kv tables while in bulk mode (nil outside it).
        var bulkTables: BulkTableLoader?
        var poisoned: StorageError?
        var closed = false
        var recovery: PluginStoreRecovery
        var faultInjector: (@Sendable (CommitFaultPoint) throws -> Void)?
    }

    /// Test hook: called at each ``CommitFaultPoint`` of every commit; throwing makes
    /// the commit fail there, leaving the disk as a crash at that point would.
    /// Production code never sets it.
    package var commitFaultInjector: (@Sendable (CommitFaultPoint) throws -> Void)? {
        get { state.withLock { $0.faultInjector } }
        set { state.withLock { $0.faultInjector = newValue } }
    }

    private init(
        name: String, kvTableNames: [String], db: RocksDB, families: [RocksDB.ColumnFamily],
        meta: RocksDB.ColumnFamily, sql: SQLiteDatabase, synchronous: SQLiteSynchronous, bulkLoad: Bool
    ) {
        self.name = name
        self.kvTableNames = kvTableNames
        self.db = db
        self.families = families
        self.meta = meta
        self.sql = sql
        self.synchronous = synchronous
        self.cursorKey = Array("cursor/\(name)".utf8)
        let zero = PluginStoreRecovery(replayedBatches: 0, sqlCommitsLost: false, cursor: .zero)
        self.state = LockedState(State(
            cursor: .zero, lastTxnID: 0, lastSQLTxnID: 0, usesSQL: false, bulkLoad: bulkLoad, recovery: zero))
    }

    /// Opens the store of plugin `name` on the generation's RocksDB and its SQLite
    /// file, creating what is missing, and runs recovery.
    /// In bulk mode its kv tables are bulk-built (``BulkTableLoader``) with temporary
    /// table files in `ingestDirectory`.
    static func open(
        name: String, kvTables: [String], db: RocksDB, sqlPath: String, options: TaskStorageOptions, bulkLoad: Bool,
        ingestDirectory: URL
    ) throws -> PluginStore {
        var families: [RocksDB.ColumnFamily] = []
        for table in kvTables {
            families.append(try db.createColumnFamily(PluginStorageSpec.columnFamilyName(plugin: name, table: table)))
        }
        let meta = try db.createColumnFamily(TaskGeneration.metaColumnFamily)
        let sql = try SQLiteDatabase(
            path: sqlPath, synchronous: bulkLoad ? "OFF" : options.sqlSynchronous.pragmaValue, label: "recon.sql.\(name)")
        let store = PluginStore(
            name: name, kvTableNames: kvTables, db: db, families: families, meta: meta, sql: sql,
            synchronous: options.sqlSynchronous, bulkLoad: bulkLoad)
        if bulkLoad {
            let loader = try BulkTableLoader(
                db: db, families: families, directory: ingestDirectory, filePrefix: name,
                threshold: options.rocksDB.writeBufferBytes)
            store.state.withLock { $0.bulkTables = loader }
        }
        do {
            try sql.gate.withGate {
                try sql.execute("""
                    CREATE TABLE IF NOT EXISTS _recon_cursor(
                        id INTEGER PRIMARY KEY CHECK (id = 0), sequence INTEGER NOT NULL, txn_id INTEGER NOT NULL)
                    """)
                try sql.execute("CREATE TABLE IF NOT EXISTS _recon_kv_redo(txn_id INTEGER PRIMARY KEY, batch BLOB NOT NULL)")
                store.commitLock.lock()
                defer { store.commitLock.unlock() }
                try store.recoverLocked()
            }
        } catch {
            sql.close()
            throw error
        }
        return store
    }

    // MARK: Public API

    /// The effective cursor: 0/0 for a fresh store.
    public func cursor() -> PluginCursor { state.withLock { $0.cursor } }

    /// The number of key/value tables.
    public var kvTableCount: Int { families.count }

    /// Whether the store is in bulk mode (see ``TaskStorageOptions/bulkLoad``).
    public var isBulkLoad: Bool { state.withLock { $0.bulkLoad } }

    /// The bulk builder of the kv tables, while in bulk mode.
    var bulkTables: BulkTableLoader? { state.withLock { $0.bulkTables } }

    /// Ingests every bulk-collected write, so that the database holds all committed
    /// writes (before a flush, a read view, or leaving bulk mode).
    func finishBulkTables() throws {
        try bulkTables?.finish()
    }

    /// Starts a write transaction. Several may be open at once (e.g. reprocess
    /// workers): their key/value writes proceed in parallel, their SQL statements
    /// take the SQLite writer in turn (the first statement waits until no other open
    /// transaction holds it), and commits are serialized.
    public func beginTransaction() throws -> HostTransaction {
        try checkWritable("beginTransaction")
        return HostTransaction(store: self)
    }

    /// A read view: one RocksDB snapshot and one SQLite read snapshot, consistent with
    /// each other and stable for the life of the view.
    public func readView() throws -> ReadView {
        if state.withLock({ $0.closed }) {
            throw StorageError(.closed, "readView", "the store of \(name) is closed")
        }
        try finishBulkTables()
        viewGate.lockRead()
        defer { viewGate.unlock() }
        let snapshot = try db.snapshot()
        let (counter, usesSQL) = state.withLock { ($0.sqlCommitCounter, $0.usesSQL) }
        var reader: SQLReader? = nil
        if usesSQL {
            let r = try sql.acquireReader()
            do { try r.beginSnapshot() } catch {
                sql.returnReader(r)
                throw error
            }
            reader = r
        }
        return ReadView(store: self, snapshot: snapshot, reader: reader, sqlCommitCounter: counter)
    }

    /// Re-applies redo batches after a commit failed between its SQL commit and its
    /// key/value write (``StorageError/Kind-swift.enum/needsRecovery``), then accepts
    /// transactions again.
    public func recover() throws {
        try sql.gate.withGate {
            commitLock.lock()
            defer { commitLock.unlock() }
            try recoverLocked()
        }
    }

    // MARK: Internals used by transactions, views and the generation

    /// Throws when the store cannot take writes.
    func checkWritable(_ operation: String) throws {
        let (closed, poisoned) = state.withLock { ($0.closed, $0.poisoned) }
        if closed { throw StorageError(.closed, operation, "the store of \(name) is closed") }
        if let poisoned {
            throw StorageError(.needsRecovery, operation,
                               "an earlier commit of \(name) is incomplete (\(poisoned.message)); call recover()")
        }
    }

    /// The column family of kv table `table`.
    func family(_ table: Int, _ operation: String) throws -> RocksDB.ColumnFamily {
        try checkTable(table, operation)
        return families[table]
    }

    /// Checks that `table` is one of the store's kv tables (without touching its family:
    /// the bulk-collecting write path needs no handle).
    @inline(__always)
    func checkTable(_ table: Int, _ operation: String) throws {
        guard table >= 0 && table < families.count else {
            throw StorageError(.invalidArgument, operation,
                               "kv table index \(table) is out of range: \(name) declares \(families.count) tables")
        }
    }

    /// Calls the fault injector, if any.
    func injectFault(_ point: CommitFaultPoint) throws {
        if let injector = state.withLock({ $0.faultInjector }) { try injector(point) }
    }

    /// Encodes the `_meta` cursor value.
    static func encodeKVCursor(sequence: UInt64, txnID: UInt64, lastSQLTxnID: UInt64) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(24)
        for v in [sequence, txnID, lastSQLTxnID] {
            for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: v >> UInt64(shift))) }
        }
        return out
    }

    /// Decodes the `_meta` cursor value: (sequence, txnID, lastSQLTxnID).
    static func decodeKVCursor(_ b: UnsafeRawBufferPointer) -> (UInt64, UInt64, UInt64)? {
        guard b.count == 24 else { return nil }
        func word(_ i: Int) -> UInt64 { (0..<8).reduce(0) { ($0 << 8) | UInt64(b[i * 8 + $1]) } }
        return (word(0), word(1), word(2))
    }

    /// Replays redo batches newer than the `_meta` cursor and reloads the cursors.
    /// Caller holds `sql.gate` and `commitLock`.
    private func recoverLocked() throws {
        let kvBefore = try readKVCursor()
        var rows: [(UInt64, Data)] = []
        try sql.withWriter { db, _ in
            try SQLErrors.wrap("recover", path: sql.path) {
                for row in try Row.fetchAll(db, sql: "SELECT txn_id, batch FROM _recon_kv_redo ORDER BY txn_id") {
                    let txn: Int64 = row[0]
                    let blob: Data = row[1]
                    rows.append((UInt64(bitPattern: txn), blob))
                }
            }
        }
        var replayed = 0
        for (txn, blob) in rows where txn > kvBefore.txnID {
            try db.write(try RocksDB.WriteBatch(data: blob), sync: true)
            replayed += 1
        }
        if !rows.isEmpty { try sql.execute("DELETE FROM _recon_kv_redo") }

        let kv = try readKVCursor()
        var sqlCursor = PluginCursor.zero
        var userTables = 0
        try sql.withWriter { db, _ in
            try SQLErrors.wrap("recover", path: sql.path) {
                if let row = try Row.fetchOne(db, sql: "SELECT sequence, txn_id FROM _recon_cursor WHERE id = 0") {
                    let s: Int64 = row[0]
                    let t: Int64 = row[1]
                    sqlCursor = PluginCursor(sequence: UInt64(bitPattern: s), txnID: UInt64(bitPattern: t))
                }
                userTables = try Int.fetchOne(db, sql: """
                    SELECT count(*) FROM sqlite_master WHERE type IN ('table', 'view')
                    AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_recon\\_%' ESCAPE '\\'
                    """) ?? 0
            }
        }
        let kvCursor = PluginCursor(sequence: kv.sequence, txnID: kv.txnID)
        let effective = sqlCursor.txnID > kvCursor.txnID ? sqlCursor : kvCursor
        let lost = kv.lastSQLTxnID > sqlCursor.txnID
        state.withLock { s in
            s.cursor = effective
            s.lastTxnID = max(sqlCursor.txnID, kvCursor.txnID)
            s.lastSQLTxnID = sqlCursor.txnID
            s.redoDurableUpTo = nil
            s.usesSQL = s.usesSQL || userTables > 0
            s.poisoned = nil
            s.recovery = PluginStoreRecovery(replayedBatches: replayed, sqlCommitsLost: lost, cursor: effective)
        }
    }

    private func readKVCursor() throws -> (sequence: UInt64, txnID: UInt64, lastSQLTxnID: UInt64) {
        try db.withValue(meta, key: cursorKey) { value in
            guard let value else { return (0, 0, 0) }
            guard let c = Self.decodeKVCursor(value) else {
                throw StorageError(.corruption, "cursor", "the _meta cursor of \(name) is \(value.count) bytes, expected 24", path: db.path)
            }
            return c
        }
    }

    /// Makes the SQLite database durable: a TRUNCATE checkpoint with full syncs.
    func syncSQL() throws {
        try sql.gate.withGate {
            let bulk = isBulkLoad
            if bulk { try sql.execute("PRAGMA synchronous = FULL") }
            defer { if bulk { try? sql.execute("PRAGMA synchronous = OFF") } }
            var busy: Int64 = 0
            try sql.withWriter { db, _ in
                try SQLErrors.wrap("checkpoint", path: sql.path) {
                    if let row = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)") { busy = row[0] }
                }
            }
            if busy != 0 && (bulk || synchronous != .full) {
                throw StorageError(.sqlite, "checkpoint", "the WAL checkpoint could not complete (readers hold it)", path: sql.path)
            }
        }
    }

    /// Leaves bulk mode (after ``syncSQL()`` and a RocksDB flush made it durable).
    func endBulkLoad() throws {
        guard isBulkLoad else { return }
        try finishBulkTables()
        try sql.setSynchronous(synchronous.pragmaValue)
        state.withLock { s in
            s.bulkLoad = false
            s.bulkTables = nil
        }
    }

    /// Closes the SQLite connections; the RocksDB belongs to the generation.
    func close() {
        let already = state.withLock { s -> Bool in
            defer { s.closed = true }
            return s.closed
        }
        if !already { sql.close() }
    }
}

extension SQLiteSynchronous {
    /// The `PRAGMA synchronous` value.
    var pragmaValue: String {
        switch self {
        case .full: return "FULL"
        case .normal: return "NORMAL"
        }
    }
}
