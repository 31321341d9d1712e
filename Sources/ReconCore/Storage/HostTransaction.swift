import Foundation
import GRDB
import OzoneFormat
import ReconRocksDB

/// The write transaction a plugin callback writes into (process, reprocess_*,
/// init_store). Plugins never commit: the host calls ``commit(cursor:)`` when the
/// callback succeeded and ``rollback()`` otherwise. The commit protocol is described
/// at the top of PluginStore.swift.
///
/// Use from one thread at a time. An abandoned transaction rolls back on deinit.
public final class HostTransaction {
    /// The store it writes to.
    public let store: PluginStore
    private let batch = RocksDB.IndexedWriteBatch()
    /// The store's bulk builder while its generation is in bulk mode (see
    /// ``BulkTableLoader``): writes to a table it collects wait in `collected`, not in
    /// the indexed batch, until the commit hands them over.
    private let bulkTables: BulkTableLoader?
    /// Per kv table: nil until asked, then whether this transaction collects its writes.
    private var collects: [Bool?]
    private var collected: [BulkRows]
    private var finished = false
    /// True while this transaction owns the SQLite writer (from its first statement).
    private var holdsSQL = false
    private var sqlWrites = false

    init(store: PluginStore) {
        self.store = store
        self.bulkTables = store.bulkTables
        let tables = bulkTables == nil ? 0 : store.kvTableCount
        self.collects = Array(repeating: nil, count: tables)
        self.collected = Array(repeating: BulkRows(), count: tables)
    }

    deinit {
        if !finished { rollback() }
    }

    /// Whether anything was written so far (key/value or SQL).
    public var hasWrites: Bool { batch.count > 0 || sqlWrites || collected.contains { !$0.isEmpty } }

    // MARK: Key/value

    /// Calls `body` with the value of `key` in kv table `table` as this transaction
    /// sees it (its own puts and deletes over committed data), borrowed during `body`.
    public func withKVValue<K: ContiguousBytes, R>(
        table: Int, key: K, _ body: (UnsafeRawBufferPointer?) throws -> R
    ) throws -> R {
        try checkOpen("kvGet")
        let cf = try store.family(table, "kvGet")
        try prepareRead(table)
        return try batch.withValue(db: store.db, cf, key: key, body)
    }

    /// The value of `key` as this transaction sees it, copied; nil when absent.
    public func kvGet<K: ContiguousBytes>(table: Int, key: K) throws -> [UInt8]? {
        try withKVValue(table: table, key: key) { $0.map { Array($0) } }
    }

    /// Puts `key` → `value` in kv table `table`.
    public func kvPut<K: ContiguousBytes, V: ContiguousBytes>(table: Int, key: K, value: V) throws {
        try checkOpen("kvPut")
        try store.checkTable(table, "kvPut")
        if collectsWrites(table) {
            key.withUnsafeBytes { k in value.withUnsafeBytes { v in collected[table].put(key: k, value: v) } }
            return
        }
        let cf = store.families[table]
        // Under the database's lifecycle lock: the batch reads the family's handle.
        try store.db.withHandle("kvPut", cf: cf) { _ in batch.put(cf, key: key, value: value) }
    }

    /// Deletes `key` from kv table `table`.
    public func kvDelete<K: ContiguousBytes>(table: Int, key: K) throws {
        try checkOpen("kvDelete")
        try store.checkTable(table, "kvDelete")
        if collectsWrites(table) {
            key.withUnsafeBytes { collected[table].delete(key: $0) }
            return
        }
        let cf = store.families[table]
        try store.db.withHandle("kvDelete", cf: cf) { _ in batch.delete(cf, key: key) }
    }

    /// Visits the **committed** entries of kv table `table` with keys in
    /// `[start, end)` (empty `end`: to the last key), in key order; this
    /// transaction's own uncommitted writes are not visible to the scan. `visit`
    /// returns false to stop. Returns false when stopped early.
    @discardableResult
    public func kvScan<S: ContiguousBytes, E: ContiguousBytes>(
        table: Int, start: S, end: E,
        _ visit: (_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) throws -> Bool
    ) throws -> Bool {
        try checkOpen("kvScan")
        let cf = try store.family(table, "kvScan")
        try prepareRead(table)
        return try store.db.forEach(cf, start: start, end: end, visit)
    }

    // MARK: SQL

    /// Runs one SQL statement with `params` bound to its `?` placeholders; `onRow`
    /// gets each result row (copied) and returns false to stop. The first statement
    /// opens the transaction's SQLite transaction. Transaction control, ATTACH,
    /// PRAGMA and `_recon_` names are refused.
    public func sqlExec(_ sql: String, params: [SQLValue] = [], onRow: (([SQLValue]) throws -> Bool)? = nil) throws {
        try sqlExecBorrowed(sql, parameterCount: params.count, bind: { binder in
            for (i, p) in params.enumerated() { try binder.bind(p, at: i) }
        }, onRow: onRow.map { handler in { row in try handler(row.values) } })
    }

    /// Runs one SQL statement without copies: `bind` binds the parameters (exactly
    /// `parameterCount` when given), `onRow` reads each row in place and returns
    /// false to stop. A row callback may run further statements.
    public func sqlExecBorrowed(
        _ sql: String, parameterCount: Int?, bind: (SQLBinder) throws -> Void,
        onRow: ((SQLRowView) throws -> Bool)?
    ) throws {
        try checkOpen("sqlExec")
        try beginSQLIfNeeded()
        let database = store.sql
        let wrote = try database.withWriter { db, state in
            try SQLExecutor.run(db, state: state, sql: sql, readOnly: false, path: database.path,
                                parameterCount: parameterCount, bind: bind, onRow: onRow)
        }
        if wrote { sqlWrites = true }
    }

    private func beginSQLIfNeeded() throws {
        guard !holdsSQL else { return }
        try store.checkWritable("sqlExec")
        store.sql.gate.acquire()
        holdsSQL = true
        do {
            try store.sql.execute("BEGIN IMMEDIATE")
        } catch {
            holdsSQL = false
            store.sql.gate.release()
            throw error
        }
    }

    private func endSQL(rollback: Bool) {
        guard holdsSQL else { return }
        if rollback { try? store.sql.execute("ROLLBACK") }
        holdsSQL = false
        store.sql.gate.release()
    }

    // MARK: Commit and rollback

    /// Writes the key/value batch (synced unless bulk-loading), its records in key
    /// order: the memtables insert them far faster so, and nothing reads the states
    /// between two records of one commit (see WriteBatchKeyOrder).
    private func writeBatch(bulk: Bool) throws {
        if let ordered = batch.withData({ WriteBatchKeyOrder.sorted($0) }) {
            try store.db.write(try RocksDB.WriteBatch(data: ordered), sync: !bulk, disableWAL: bulk)
        } else {
            try store.db.write(batch, sync: !bulk, disableWAL: bulk)
        }
    }

    /// Commits the writes together with the cursor `sequence` (see the protocol in
    /// PluginStore.swift). A transaction without writes still records the cursor.
    ///
    /// Errors before the commit point leave nothing behind (like ``rollback()``).
    /// An error after it (the key/value half could not be applied) leaves the store
    /// needing ``PluginStore/recover()``: the transaction is committed and the next
    /// open or `recover()` completes it; new transactions fail with `needsRecovery`
    /// until then.
    public func commit(cursor sequence: UInt64) throws {
        try checkOpen("commit")
        finished = true
        do {
            try store.checkWritable("commit")
            try handOverCollected()
        } catch {
            endSQL(rollback: true)
            throw error
        }
        let store = self.store
        store.commitLock.lock()
        defer { store.commitLock.unlock() }
        let (txnID, lastSQL, bulk, redoDurable) = store.state.withLock {
            ($0.lastTxnID + 1, $0.lastSQLTxnID, $0.bulkLoad, $0.redoDurableUpTo)
        }
        let hasKV = batch.count > 0

        guard sqlWrites else {
            // Key/value only (or nothing): one RocksDB batch carries output and cursor.
            endSQL(rollback: true)
            try putCursor(PluginStore.encodeKVCursor(sequence: sequence, txnID: txnID, lastSQLTxnID: lastSQL))
            try writeBatch(bulk: bulk)
            store.state.withLock { s in
                s.cursor = PluginCursor(sequence: sequence, txnID: txnID)
                s.lastTxnID = txnID
            }
            try store.injectFault(.afterKVWrite)
            return
        }

        // SQL (and maybe key/value): the SQLite COMMIT is the commit point.
        do {
            if hasKV {
                try putCursor(PluginStore.encodeKVCursor(sequence: sequence, txnID: txnID, lastSQLTxnID: txnID))
            }
            try store.sql.execute(
                "INSERT OR REPLACE INTO _recon_cursor(id, sequence, txn_id) VALUES (0, ?, ?)",
                [Int64(bitPattern: sequence), Int64(bitPattern: txnID)])
            if let redoDurable {
                try store.sql.execute("DELETE FROM _recon_kv_redo WHERE txn_id <= ?", [Int64(bitPattern: redoDurable)])
            }
            if hasKV && !bulk {
                try batch.withData { data in
                    try store.sql.execute(
                        "INSERT INTO _recon_kv_redo(txn_id, batch) VALUES (?, ?)",
                        [Int64(bitPattern: txnID), Data(data)])
                }
            }
            try store.injectFault(.beforeSQLCommit)
        } catch {
            endSQL(rollback: true)
            throw error
        }

        if hasKV { store.viewGate.lockWrite() }
        defer { if hasKV { store.viewGate.unlock() } }
        store.state.withLock { $0.sqlCommitCounter &+= 1 }
        do {
            try store.sql.execute("COMMIT")
        } catch {
            endSQL(rollback: true)
            throw error
        }
        endSQL(rollback: false)
        store.state.withLock { s in
            s.cursor = PluginCursor(sequence: sequence, txnID: txnID)
            s.lastTxnID = txnID
            s.lastSQLTxnID = txnID
            s.usesSQL = true
            if s.redoDurableUpTo == redoDurable { s.redoDurableUpTo = nil }
        }

        if hasKV {
            do {
                try store.injectFault(.afterSQLCommit)
                try writeBatch(bulk: bulk)
            } catch {
                let reason = (error as? StorageError) ?? StorageError(.injectedFault, "commit", "\(error)")
                store.state.withLock { $0.poisoned = reason }
                throw error
            }
            if !bulk { store.state.withLock { $0.redoDurableUpTo = txnID } }
            try store.injectFault(.afterKVWrite)
        } else {
            try store.injectFault(.afterSQLCommit)
        }
    }

    /// Discards every write. Idempotent; also done on deinit.
    public func rollback() {
        finished = true
        endSQL(rollback: true)
        batch.clear()
        for i in collected.indices { collected[i].removeAll() }
    }

    // MARK: Bulk-built tables

    /// Whether writes to `table` are collected for the bulk builder (asked once per
    /// transaction and table).
    private func collectsWrites(_ table: Int) -> Bool {
        guard let bulkTables else { return false }
        if let known = collects[table] { return known }
        let answer = bulkTables.isCollecting(table)
        collects[table] = answer
        return answer
    }

    /// Before a read of `table`: every committed write must be in the database, and
    /// this transaction's own writes in its indexed batch.
    private func prepareRead(_ table: Int) throws {
        guard let bulkTables, collects[table] != false else { return }
        try bulkTables.prepareRead(table)
        collects[table] = false
        try moveToBatch(table)
    }

    /// At commit: the bulk builder takes each table's collected writes; a table it no
    /// longer collects (a reader stopped it meanwhile) gets them through the batch.
    private func handOverCollected() throws {
        guard let bulkTables else { return }
        for table in collected.indices where !collected[table].isEmpty {
            if try !bulkTables.collect(table, collected[table]) { try moveToBatch(table) }
            collected[table].removeAll()
        }
    }

    private func moveToBatch(_ table: Int) throws {
        guard !collected[table].isEmpty else { return }
        let cf = try store.family(table, "kvPut")
        try store.db.withHandle("kvPut", cf: cf) { _ in
            collected[table].forEach { key, value in
                if let value { batch.put(cf, key: key, value: value) } else { batch.delete(cf, key: key) }
            }
        }
        collected[table].removeAll()
    }

    private func putCursor(_ value: [UInt8]) throws {
        try store.db.withHandle("commit", cf: store.meta) { _ in
            batch.put(store.meta, key: store.cursorKey, value: value)
        }
    }

    private func checkOpen(_ operation: String) throws {
        if finished { throw StorageError(.invalidArgument, operation, "the transaction is already committed or rolled back") }
    }
}
