import CRocksDB
import Foundation

/// A RocksDB database opened through the C API, with its column families.
///
/// Thread safety: every method may be called from any thread. ``close()`` waits for
/// calls in flight; if snapshots or iterators are still alive it only forbids new
/// calls, and the database really closes when the last of them is released (they
/// keep working until then). Byte buffers handed to closures are borrowed for the
/// duration of the closure only.
public final class RocksDB: @unchecked Sendable {
    /// The database directory.
    public let path: String
    /// The options it was opened with.
    public let options: RocksDBOptions

    let cOptions: RocksDBCOptions
    /// Identifies this database's column family handles.
    private let token: UniqueToken
    /// Valid until the real close; never touched once `closing` is set except by
    /// dependents (snapshots, iterators), which keep the real close waiting.
    let handle: OpaquePointer
    /// The default read options (no snapshot).
    let readOptions: OpaquePointer
    /// Write options indexed by `sync + 2 * disableWAL`.
    private let writeOptions: [OpaquePointer]

    /// Guards `closing` against calls in flight: calls take it shared.
    private let lifecycle = ReadWriteLock()
    /// Written under both `lifecycle` (exclusive) and `state`.
    private var closing = false
    private let state: LockedState<LifecycleState>

    private struct LifecycleState {
        var families: [String: ColumnFamily]
        var dependents = 0
        var closing = false
        var closed = false
    }

    private init(
        path: String, options: RocksDBOptions, cOptions: RocksDBCOptions, handle: OpaquePointer,
        families: [String: ColumnFamily], token: UniqueToken
    ) {
        self.path = path
        self.token = token
        self.options = options
        self.cOptions = cOptions
        self.handle = handle
        self.readOptions = rocksdb_readoptions_create()
        var w: [OpaquePointer] = []
        for i in 0..<4 {
            let o = rocksdb_writeoptions_create()!
            rocksdb_writeoptions_set_sync(o, UInt8(i & 1))
            rocksdb_writeoptions_disable_WAL(o, Int32(i >> 1))
            w.append(o)
        }
        self.writeOptions = w
        self.state = LockedState(LifecycleState(families: families))
    }

    deinit {
        // Dependents retain the database, so none is alive here.
        reallyClose()
        rocksdb_readoptions_destroy(readOptions)
        writeOptions.forEach { rocksdb_writeoptions_destroy($0) }
    }

    // MARK: Opening

    /// Opens the database at `path` with exactly `columnFamilies` ("default" is added
    /// when missing). With `options.createIfMissing`, creates the database and the
    /// families it lacks; opening fails if the database has families not listed.
    public static func open(
        path: String, columnFamilies: [String] = ["default"], options: RocksDBOptions = RocksDBOptions()
    ) throws -> RocksDB {
        var names = columnFamilies
        if !names.contains("default") { names.insert("default", at: 0) }
        guard Set(names).count == names.count else {
            throw StorageError(.invalidArgument, "open", "duplicate column family names in \(names)", path: path)
        }
        if options.createIfMissing {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        let c = RocksDBCOptions(options)
        let cfOptions = [OpaquePointer?](repeating: c.options, count: names.count)
        var handles = [OpaquePointer?](repeating: nil, count: names.count)
        let db: OpaquePointer? = try withCStringArray(names) { cNames in
            try cfOptions.withUnsafeBufferPointer { cfo in
                try handles.withUnsafeMutableBufferPointer { hs in
                    try rocksCall("open", path: path) { err in
                        rocksdb_open_column_families(
                            c.options, path, Int32(names.count), cNames, cfo.baseAddress, hs.baseAddress, err)
                    }
                }
            }
        }
        guard let db else { throw StorageError(.rocksdb, "open", "rocksdb_open_column_families returned NULL", path: path) }
        var families: [String: ColumnFamily] = [:]
        let token = UniqueToken()
        for (name, h) in zip(names, handles) {
            guard let h else { continue }
            families[name] = ColumnFamily(name: name, id: rocksdb_column_family_handle_get_id(h), handle: h, owner: token)
        }
        return RocksDB(path: path, options: options, cOptions: c, handle: db, families: families, token: token)
    }

    /// The column family names stored in the database at `path`.
    public static func listColumnFamilies(path: String) throws -> [String] {
        let c = RocksDBCOptions(RocksDBOptions(blockCacheBytes: 0, createIfMissing: false))
        var count = 0
        let list = try rocksCall("listColumnFamilies", path: path) { err in
            rocksdb_list_column_families(c.options, path, &count, err)
        }
        guard let list else { return [] }
        defer { rocksdb_list_column_families_destroy(list, count) }
        return (0..<count).compactMap { list[$0].map { String(cString: $0) } }
    }

    // MARK: Column families

    /// The column family called `name`, or nil when it is not open.
    public func columnFamily(named name: String) -> ColumnFamily? {
        state.withLock { $0.families[name] }
    }

    /// The "default" column family.
    public var defaultColumnFamily: ColumnFamily {
        state.withLock { $0.families["default"]! }
    }

    /// Every open column family, sorted by name.
    public var columnFamilies: [ColumnFamily] {
        state.withLock { $0.families.values.sorted { $0.name < $1.name } }
    }

    /// Creates the column family `name`, or returns it when it already exists.
    @discardableResult
    public func createColumnFamily(_ name: String) throws -> ColumnFamily {
        try withHandle("createColumnFamily") { db in
            try state.withLock { s in
                if let existing = s.families[name] { return existing }
                let h = try rocksCall("createColumnFamily", path: path) { err in
                    rocksdb_create_column_family(db, cOptions.options, name, err)
                }
                guard let h else { throw StorageError(.rocksdb, "createColumnFamily", "NULL handle for \(name)", path: path) }
                let cf = ColumnFamily(name: name, id: rocksdb_column_family_handle_get_id(h), handle: h, owner: token)
                s.families[name] = cf
                return cf
            }
        }
    }

    // MARK: Reads

    /// Calls `body` with the value of `key` (nil when absent), borrowed from RocksDB
    /// without a copy (`rocksdb_get_pinned_cf`). The buffer is valid during `body` only;
    /// `body` must not close this database.
    public func withValue<K: ContiguousBytes, R>(
        _ cf: ColumnFamily, key: K, snapshot: Snapshot? = nil,
        _ body: (UnsafeRawBufferPointer?) throws -> R
    ) throws -> R {
        try withExtendedLifetime(snapshot) {
            try withHandle("get", cf: cf, snapshot: snapshot) { db in
                let ro = snapshot?.readOptions ?? readOptions
                let slice = try key.withUnsafeBytes { k in
                    try rocksCall("get", path: path) { err in
                        rocksdb_get_pinned_cf(db, ro, cf.handle, cBytes(k), k.count, err)
                    }
                }
                guard let slice else { return try body(nil) }
                defer { rocksdb_pinnableslice_destroy(slice) }
                var len = 0
                let p = rocksdb_pinnableslice_value(slice, &len)
                return try body(UnsafeRawBufferPointer(start: p, count: len))
            }
        }
    }

    /// The value of `key` in `cf`, copied, or nil when absent.
    public func get<K: ContiguousBytes>(_ cf: ColumnFamily, key: K, snapshot: Snapshot? = nil) throws -> [UInt8]? {
        try withValue(cf, key: key, snapshot: snapshot) { $0.map { Array($0) } }
    }

    // MARK: Writes

    /// Writes one key (a batch of one).
    public func put<K: ContiguousBytes, V: ContiguousBytes>(
        _ cf: ColumnFamily, key: K, value: V, sync: Bool = false
    ) throws {
        try withHandle("put", cf: cf) { db in
            try key.withUnsafeBytes { k in
                try value.withUnsafeBytes { v in
                    try rocksCall("put", path: path) { err in
                        rocksdb_put_cf(db, writeOptions(sync: sync, disableWAL: false), cf.handle,
                                       cBytes(k), k.count, cBytes(v), v.count, err)
                    }
                }
            }
        }
    }

    /// Deletes one key.
    public func delete<K: ContiguousBytes>(_ cf: ColumnFamily, key: K, sync: Bool = false) throws {
        try withHandle("delete", cf: cf) { db in
            try key.withUnsafeBytes { k in
                try rocksCall("delete", path: path) { err in
                    rocksdb_delete_cf(db, writeOptions(sync: sync, disableWAL: false), cf.handle, cBytes(k), k.count, err)
                }
            }
        }
    }

    /// Applies `batch` atomically. `sync` waits for the WAL to reach the disk;
    /// `disableWAL` skips the WAL (durable only after ``flush(wait:)``).
    public func write(_ batch: WriteBatch, sync: Bool = true, disableWAL: Bool = false) throws {
        try withHandle("write") { db in
            try rocksCall("write", path: path) { err in
                rocksdb_write(db, writeOptions(sync: sync, disableWAL: disableWAL), batch.raw, err)
            }
        }
    }

    /// Applies an indexed batch atomically (same flags as for a ``WriteBatch``).
    public func write(_ batch: IndexedWriteBatch, sync: Bool = true, disableWAL: Bool = false) throws {
        try withHandle("write") { db in
            try rocksCall("write", path: path) { err in
                rocksdb_write_writebatch_wi(db, writeOptions(sync: sync, disableWAL: disableWAL), batch.raw, err)
            }
        }
    }

    @inline(__always)
    private func writeOptions(sync: Bool, disableWAL: Bool) -> OpaquePointer {
        writeOptions[(sync ? 1 : 0) + (disableWAL ? 2 : 0)]
    }

    // MARK: Snapshots, durability, checkpoints

    /// A consistent point-in-time view for reads and iterators.
    public func snapshot() throws -> Snapshot {
        try withHandle("snapshot") { db in
            retainDependent()
            return Snapshot(db: self, raw: rocksdb_create_snapshot(db))
        }
    }

    /// The sequence number of the last write.
    public var latestSequenceNumber: UInt64 {
        get throws { try withHandle("latestSequenceNumber") { rocksdb_get_latest_sequence_number($0) } }
    }

    /// Flushes the memtables of `columnFamilies` (all when nil) to table files, which
    /// makes writes done with `disableWAL` durable.
    public func flush(columnFamilies: [ColumnFamily]? = nil, wait: Bool = true) throws {
        let families = columnFamilies ?? self.columnFamilies
        try withHandle("flush") { db in
            let fo = rocksdb_flushoptions_create()
            defer { rocksdb_flushoptions_destroy(fo) }
            rocksdb_flushoptions_set_wait(fo, wait ? 1 : 0)
            for cf in families {
                guard cf.owner === token else { throw foreignFamily(cf, "flush") }
                try rocksCall("flush", path: path) { rocksdb_flush_cf(db, fo, cf.handle, $0) }
            }
        }
    }

    /// Writes the WAL buffer to its file, and fsyncs it when `sync`.
    public func flushWAL(sync: Bool = true) throws {
        try withHandle("flushWAL") { db in
            try rocksCall("flushWAL", path: path) { rocksdb_flush_wal(db, sync ? 1 : 0, $0) }
        }
    }

    /// Creates an openable copy of the database at `directory` (which must not exist),
    /// hard-linking table files. With `logSizeForFlush` 0 the memtables are flushed first.
    public func createCheckpoint(at directory: String, logSizeForFlush: UInt64 = 0) throws {
        try withHandle("checkpoint") { db in
            let cp = try rocksCall("checkpoint", path: path) { rocksdb_checkpoint_object_create(db, $0) }
            guard let cp else { throw StorageError(.rocksdb, "checkpoint", "NULL checkpoint object", path: path) }
            defer { rocksdb_checkpoint_object_destroy(cp) }
            try rocksCall("checkpoint", path: directory) { rocksdb_checkpoint_create(cp, directory, logSizeForFlush, $0) }
        }
    }

    /// A RocksDB property such as "rocksdb.estimate-num-keys", or nil when unknown.
    public func property(_ name: String, of cf: ColumnFamily? = nil) throws -> String? {
        try withHandle("property") { db in
            let p: UnsafeMutablePointer<CChar>?
            if let cf {
                guard cf.owner === token else { throw foreignFamily(cf, "property") }
                p = rocksdb_property_value_cf(db, cf.handle, name)
            } else {
                p = rocksdb_property_value(db, name)
            }
            guard let p else { return nil }
            defer { rocksdb_free(p) }
            return String(cString: p)
        }
    }

    // MARK: Closing

    /// Whether ``close()`` was called.
    public var isClosed: Bool { state.withLock { $0.closing } }

    /// Closes the database. Idempotent. Calls in flight finish first; snapshots and
    /// iterators still alive keep the files open until they are released.
    public func close() {
        lifecycle.lockWrite()
        let closeNow: Bool = state.withLock { s in
            if s.closing { return false }
            s.closing = true
            return s.dependents == 0
        }
        closing = true
        lifecycle.unlock()
        if closeNow { reallyClose() }
    }

    private func reallyClose() {
        let families: [ColumnFamily]? = state.withLock { s in
            if s.closed { return nil }
            s.closed = true
            s.closing = true
            return Array(s.families.values)
        }
        guard let families else { return }
        for cf in families { rocksdb_column_family_handle_destroy(cf.handle) }
        rocksdb_close(handle)
    }

    // MARK: Internals

    /// Runs `body` with the C handle unless the database is closing. Calls pinned by
    /// a snapshot (a dependent) may run while a close is pending.
    @inline(__always)
    package func withHandle<R>(
        _ operation: String, cf: ColumnFamily? = nil, snapshot: Snapshot? = nil,
        _ body: (OpaquePointer) throws -> R
    ) throws -> R {
        lifecycle.lockRead()
        defer { lifecycle.unlock() }
        if closing && snapshot == nil {
            throw StorageError(.closed, operation, "the database is closed", path: path)
        }
        if let cf, cf.owner !== token { throw foreignFamily(cf, operation) }
        if let snapshot, snapshot.db !== self {
            throw StorageError(.invalidArgument, operation, "the snapshot belongs to another database", path: path)
        }
        return try body(handle)
    }

    /// Checks that `cf` belongs to this database (for objects that use its handle
    /// outside ``withHandle(_:cf:snapshot:_:)``).
    func check(_ cf: ColumnFamily, _ operation: String) throws {
        if cf.owner !== token { throw foreignFamily(cf, operation) }
    }

    private func foreignFamily(_ cf: ColumnFamily, _ operation: String) -> StorageError {
        StorageError(.invalidArgument, operation, "column family '\(cf.name)' belongs to another database", path: path)
    }

    /// Called (inside `withHandle`) by an object that needs the database open.
    func retainDependent() {
        state.withLock { $0.dependents += 1 }
    }

    /// Called when such an object is gone; performs a pending close.
    func releaseDependent() {
        let closeNow = state.withLock { s -> Bool in
            s.dependents -= 1
            return s.dependents == 0 && s.closing && !s.closed
        }
        if closeNow { reallyClose() }
    }
}

/// An identity for objects that must match (a column family and its database).
final class UniqueToken: Sendable {}
