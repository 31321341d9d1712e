import ReconRocksDB
import Foundation

/// One open storage generation (`<tasks>/gen-N/`): its RocksDB (`kv/`, one column
/// family per plugin kv table plus `_meta`) and one SQLite database per plugin
/// (`sql/<plugin>.sqlite`). Thread-safe.
///
/// Readers pin a generation with a lease (``acquire()``/``release()``,
/// ``lease()`` or ``withLease(_:)``) so that a newer generation can be switched in
/// while they finish; the owner then calls ``retire(deleteFiles:)``, which closes
/// the generation (and deletes its directory) when the last lease is released.
public final class TaskGeneration: @unchecked Sendable {
    /// The generation's id.
    public let id: GenerationID
    /// Its directory.
    public let directory: URL
    /// The options it was opened with (``TaskStorageOptions/bulkLoad`` is the initial mode).
    public let options: TaskStorageOptions
    /// The generation's RocksDB (for metrics and tools; plugins go through their store).
    public let keyValueDatabase: RocksDB

    /// The column family holding the cursors.
    public static let metaColumnFamily = "_meta"

    private let storesLock = NSLock()
    private let state: LockedState<State>

    private struct State {
        var stores: [String: PluginStore] = [:]
        var bulkLoad: Bool
        var closed = false
        var leases = 0
        var retired = false
        var deleteOnRetire = false
        var finished = false
    }

    private init(id: GenerationID, directory: URL, options: TaskStorageOptions, db: RocksDB) {
        self.id = id
        self.directory = directory
        self.options = options
        self.keyValueDatabase = db
        self.state = LockedState(State(bulkLoad: options.bulkLoad))
    }

    deinit { close() }

    /// The key/value directory of a generation.
    public static func kvDirectory(of directory: URL) -> URL { directory.appendingPathComponent("kv", isDirectory: true) }

    /// Where a generation in bulk mode writes table files before ingesting them
    /// (removed when it leaves bulk mode).
    public static func ingestDirectory(of directory: URL) -> URL {
        directory.appendingPathComponent("ingest", isDirectory: true)
    }

    /// The SQL directory of a generation.
    public static func sqlDirectory(of directory: URL) -> URL { directory.appendingPathComponent("sql", isDirectory: true) }

    /// Opens (creating what is missing) the generation in `directory`, with the
    /// stores of `plugins` opened and recovered.
    public static func open(
        at directory: URL, id: GenerationID, plugins: [PluginStorageSpec] = [], options: TaskStorageOptions = TaskStorageOptions()
    ) throws -> TaskGeneration {
        for p in plugins { try validate(p) }
        let kvDir = kvDirectory(of: directory)
        let sqlDir = sqlDirectory(of: directory)
        do {
            try FileManager.default.createDirectory(at: sqlDir, withIntermediateDirectories: true)
        } catch {
            throw StorageError(.io, "createDirectory", "\(error)", path: sqlDir.path)
        }
        var families: [String] = ["default", metaColumnFamily]
        if FileManager.default.fileExists(atPath: kvDir.appendingPathComponent("CURRENT").path) {
            families += try RocksDB.listColumnFamilies(path: kvDir.path)
        }
        for p in plugins {
            families += p.kvTables.map { PluginStorageSpec.columnFamilyName(plugin: p.name, table: $0) }
        }
        var seen = Set<String>()
        families = families.filter { seen.insert($0).inserted }
        var rocksOptions = options.rocksDB
        rocksOptions.createIfMissing = true
        let db = try RocksDB.open(path: kvDir.path, columnFamilies: families, options: rocksOptions)
        let generation = TaskGeneration(id: id, directory: directory, options: options, db: db)
        do {
            for p in plugins { _ = try generation.pluginStore(named: p.name, kvTables: p.kvTables) }
        } catch {
            generation.close()
            throw error
        }
        return generation
    }

    /// The store of plugin `name`, opened (and recovered) on first use. Column
    /// families missing for `kvTables` are created. Asking again with other tables
    /// fails: a changed table list needs a new generation.
    public func pluginStore(named name: String, kvTables: [String]) throws -> PluginStore {
        let spec = PluginStorageSpec(name: name, kvTables: kvTables)
        try Self.validate(spec)
        storesLock.lock()
        defer { storesLock.unlock() }
        let (existing, closed, bulk) = state.withLock { ($0.stores[name], $0.closed, $0.bulkLoad) }
        if closed { throw StorageError(.closed, "pluginStore", "generation \(id) is closed", path: directory.path) }
        if let existing {
            guard existing.kvTableNames == kvTables else {
                throw StorageError(.invalidArgument, "pluginStore",
                                   "\(name) was opened with kv tables \(existing.kvTableNames), now asked for \(kvTables)")
            }
            return existing
        }
        let store = try PluginStore.open(
            name: name, kvTables: kvTables, db: keyValueDatabase,
            sqlPath: Self.sqlDirectory(of: directory).appendingPathComponent("\(name).sqlite").path,
            options: options, bulkLoad: bulk, ingestDirectory: Self.ingestDirectory(of: directory))
        state.withLock { $0.stores[name] = store }
        return store
    }

    /// The store of plugin `name` opened earlier (by ``open(at:id:plugins:options:)``
    /// or ``pluginStore(named:kvTables:)``); throws `notFound` otherwise.
    public func pluginStore(named name: String) throws -> PluginStore {
        let (store, closed) = state.withLock { ($0.stores[name], $0.closed) }
        if closed { throw StorageError(.closed, "pluginStore", "generation \(id) is closed", path: directory.path) }
        guard let store else {
            throw StorageError(.notFound, "pluginStore", "no store opened for plugin \(name) in \(id)", path: directory.path)
        }
        return store
    }

    /// The stores opened so far, by plugin name.
    public var pluginStores: [String: PluginStore] { state.withLock { $0.stores } }

    /// Whether the generation is in bulk mode.
    public var isBulkLoad: Bool { state.withLock { $0.bulkLoad } }

    /// Makes everything written so far durable: checkpoints every SQLite WAL into its
    /// database with full syncs, flushes every RocksDB memtable, syncs the WAL and
    /// the directories. Call before ``GenerationDirectory/markComplete(_:createdAt:)``
    /// and the switch, with no transaction in flight.
    public func flushAndSync() throws {
        let stores = try openStores("flushAndSync")
        for store in stores { try store.finishBulkTables() }
        for store in stores { try store.syncSQL() }
        try keyValueDatabase.flush()
        try keyValueDatabase.flushWAL(sync: true)
        try FileSync.syncDirectory(Self.kvDirectory(of: directory))
        try FileSync.syncDirectory(Self.sqlDirectory(of: directory))
        try FileSync.syncDirectory(directory)
    }

    /// Leaves bulk mode: ``flushAndSync()``, then normal durable commits (WAL,
    /// syncs, redo log) from now on. No transaction may be in flight.
    public func endBulkLoad() throws {
        guard isBulkLoad else { return }
        try flushAndSync()
        for store in try openStores("endBulkLoad") { try store.endBulkLoad() }
        state.withLock { $0.bulkLoad = false }
        try? FileManager.default.removeItem(at: Self.ingestDirectory(of: directory))
    }

    /// Closes every store and the RocksDB. Idempotent. Open read views keep their
    /// snapshots readable until released.
    public func close() {
        let stores: [PluginStore]? = state.withLock { s in
            if s.closed { return nil }
            s.closed = true
            return Array(s.stores.values)
        }
        guard let stores else { return }
        stores.forEach { $0.close() }
        keyValueDatabase.close()
    }

    /// Whether ``close()`` was called.
    public var isClosed: Bool { state.withLock { $0.closed } }

    // MARK: Leases

    /// Pins the generation for a reader. False when it is already retired (read the
    /// live generation again). Pair with ``release()``.
    public func acquire() -> Bool {
        state.withLock { s in
            if s.retired || s.closed { return false }
            s.leases += 1
            return true
        }
    }

    /// Ends a lease taken with ``acquire()``. The last release of a retired
    /// generation closes it (and deletes its files when asked): in the caller's thread,
    /// or with `retireInBackground` on a thread of its own, so that a request does not
    /// wait for RocksDB to close, files to be deleted and the heap to be trimmed.
    public func release(retireInBackground: Bool = false) {
        let finish = state.withLock { s -> Bool in
            precondition(s.leases > 0, "TaskGeneration.release() without acquire()")
            s.leases -= 1
            return s.leases == 0 && s.retired && !s.finished
        }
        guard finish else { return }
        if retireInBackground {
            let thread = Thread { [self] in finishRetirement() }
            thread.name = "recond-retire"
            thread.start()
        } else {
            finishRetirement()
        }
    }

    /// A lease object that releases itself on deinit; nil when retired.
    public func lease() -> GenerationLease? {
        acquire() ? GenerationLease(generation: self) : nil
    }

    /// Runs `body` under a lease.
    public func withLease<R>(_ body: (TaskGeneration) throws -> R) throws -> R {
        guard acquire() else {
            throw StorageError(.closed, "withLease", "generation \(id) is retired", path: directory.path)
        }
        defer { release() }
        return try body(self)
    }

    /// The number of leases held.
    public var leaseCount: Int { state.withLock { $0.leases } }

    /// Whether ``retire(deleteFiles:)`` was called.
    public var isRetired: Bool { state.withLock { $0.retired } }

    /// No new leases; close (and with `deleteFiles`, delete the directory) as soon as
    /// the last lease is released (see ``release(retireInBackground:)``), or now when
    /// none is held. Call after the switch
    /// to a newer generation. A failed deletion is left to
    /// ``GenerationDirectory/removeLeftovers()`` at the next start.
    public func retire(deleteFiles: Bool = true) {
        let finish = state.withLock { s -> Bool in
            if s.retired { return false }
            s.retired = true
            s.deleteOnRetire = deleteFiles
            return s.leases == 0 && !s.finished
        }
        if finish { finishRetirement() }
    }

    private func finishRetirement() {
        let delete = state.withLock { s -> Bool? in
            if s.finished { return nil }
            s.finished = true
            return s.deleteOnRetire
        }
        guard let delete else { return }
        close()
        if delete { try? FileManager.default.removeItem(at: directory) }
        // A retired generation frees its stores' memtables, caches and SQL pages at once;
        // hand that heap back to the OS, or recond's RSS keeps the old generation's mark.
        HeapTrim.returnFreeMemory()
    }

    // MARK: Helpers

    private func openStores(_ operation: String) throws -> [PluginStore] {
        try state.withLock { s in
            if s.closed { throw StorageError(.closed, operation, "generation \(id) is closed", path: directory.path) }
            return s.stores.values.sorted { $0.name < $1.name }
        }
    }

    private static func validate(_ spec: PluginStorageSpec) throws {
        func ok(_ s: String, first: (UInt8) -> Bool, max: Int) -> Bool {
            let u = Array(s.utf8)
            guard !u.isEmpty, u.count <= max, first(u[0]) else { return false }
            return u.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }
        }
        guard ok(spec.name, first: { $0 >= 0x61 && $0 <= 0x7A }, max: 64) else {
            throw StorageError(.invalidArgument, "pluginStore", "plugin name \(spec.name.debugDescription) must match [a-z][a-z0-9_]{0,63}")
        }
        for t in spec.kvTables where !ok(t, first: { _ in true }, max: 64) {
            throw StorageError(.invalidArgument, "pluginStore", "kv table name \(t.debugDescription) of \(spec.name) must match [a-z0-9_]{1,64}")
        }
        guard Set(spec.kvTables).count == spec.kvTables.count else {
            throw StorageError(.invalidArgument, "pluginStore", "\(spec.name) declares a kv table twice: \(spec.kvTables)")
        }
    }
}
