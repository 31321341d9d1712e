import Foundation
import OzoneFormat
import ReconRocksDB
import Synchronization

/// The local copy of the OM DB (DESIGN §3): one RocksDB opened with exactly the
/// column families its checkpoint has, so column-family ids equal the OM's and WAL
/// batches from the OM apply unchanged.
///
/// Its RocksDB sequence number equals the OM's: the checkpoint starts at the OM's
/// sequence, every OM write batch is applied once and in order, and nothing else is
/// ever written (this is how Recon tracks it, om-db-format.md §9).
///
/// Thread safety: reads may run from any thread, concurrently with ``apply(_:expectedLastSequence:sync:)``
/// (called by the sync engine only). Buffers handed to closures are borrowed for the
/// closure's duration.
public final class OMReplica: Sendable {
    /// The OM tables a checkpoint must have to be installed.
    public static let requiredTables: [OMTable] = [.volumeTable, .bucketTable, .keyTable]

    /// The replica's directory (`<data>/om/db-<n>`).
    public let directory: URL
    let db: RocksDB
    private let familiesByID: [UInt32: RocksDB.ColumnFamily]
    private let familiesByName: [String: RocksDB.ColumnFamily]
    /// Serializes writes with snapshot creation, so a snapshot's sequence is exact.
    let writeLock = Mutex(())

    private init(directory: URL, db: RocksDB) {
        self.directory = directory
        self.db = db
        var byID: [UInt32: RocksDB.ColumnFamily] = [:]
        var byName: [String: RocksDB.ColumnFamily] = [:]
        for cf in db.columnFamilies {
            byID[cf.id] = cf
            byName[cf.name] = cf
        }
        familiesByID = byID
        familiesByName = byName
    }

    /// Opens the DB at `directory` with exactly the column families it has and our
    /// own `options` (its OPTIONS file is never loaded; `createIfMissing` is ignored).
    public static func open(at directory: URL, options: RocksDBOptions = RocksDBOptions()) throws -> OMReplica {
        var options = options
        options.createIfMissing = false
        let families = try RocksDB.listColumnFamilies(path: directory.path)
        let db = try RocksDB.open(path: directory.path, columnFamilies: families, options: options)
        return OMReplica(directory: directory, db: db)
    }

    // MARK: Catalog

    /// The names of every column family, sorted (OM tables and any others).
    public var columnFamilyNames: [String] { familiesByName.keys.sorted() }

    /// The name of the column family with OM id `id`, or nil.
    public func columnFamilyName(id: UInt32) -> String? { familiesByID[id]?.name }

    /// The OM id of the column family `name`, or nil when absent.
    public func columnFamilyID(named name: String) -> UInt32? { familiesByName[name]?.id }

    /// The column family with id `id`.
    func family(id: UInt32) -> RocksDB.ColumnFamily? { familiesByID[id] }

    /// True when the DB has a column family called `name`.
    public func hasTable(_ name: String) -> Bool { familiesByName[name] != nil }

    private func family(_ table: String) throws -> RocksDB.ColumnFamily {
        guard let cf = familiesByName[table] else {
            throw StorageError(.notFound, "om replica", "the OM replica has no table '\(table)'", path: directory.path)
        }
        return cf
    }

    // MARK: Sequence

    /// The replica's RocksDB latest sequence number = the last OM sequence applied.
    public var latestSequenceNumber: UInt64 {
        get throws { try db.latestSequenceNumber }
    }

    // MARK: Reads

    /// Calls `body` with the value of `key` in `table` (nil when absent), borrowed.
    public func withValue<K: ContiguousBytes, R>(
        table: String, key: K, snapshot: OMReplicaSnapshot? = nil, _ body: (UnsafeRawBufferPointer?) throws -> R
    ) throws -> R {
        try db.withValue(try family(table), key: key, snapshot: snapshot?.snapshot, body)
    }

    /// Calls `body` with the value of `key` in column family `cf`, borrowed.
    func withValue<R>(_ cf: RocksDB.ColumnFamily, key: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer?) throws -> R) throws -> R {
        try db.withValue(cf, key: key, body)
    }

    /// The value of `key` in `table`, copied, or nil when absent.
    public func get<K: ContiguousBytes>(table: String, key: K, snapshot: OMReplicaSnapshot? = nil) throws -> [UInt8]? {
        try withValue(table: table, key: key, snapshot: snapshot) { $0.map { Array($0) } }
    }

    /// Visits the entries of `table` with keys in `[start, end)` in key order (an empty
    /// `end` means to the last key), optionally pinned to `snapshot`. `body` gets
    /// borrowed key and value and returns false to stop. Returns false when stopped.
    @discardableResult
    public func forEach<S: ContiguousBytes, E: ContiguousBytes>(
        table: String, snapshot: OMReplicaSnapshot? = nil, start: S, end: E,
        _ body: (_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) throws -> Bool
    ) throws -> Bool {
        try db.forEach(try family(table), start: start, end: end, snapshot: snapshot?.snapshot, body)
    }

    /// Visits every entry of `table` (see ``forEach(table:snapshot:start:end:_:)``).
    @discardableResult
    public func forEach(
        table: String, snapshot: OMReplicaSnapshot? = nil,
        _ body: (_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) throws -> Bool
    ) throws -> Bool {
        try forEach(table: table, snapshot: snapshot, start: [UInt8](), end: [UInt8](), body)
    }

    /// Visits the entries of `table` whose keys start with `prefix`, in key order.
    @discardableResult
    public func forEach(
        table: String, prefix: UnsafeRawBufferPointer, snapshot: OMReplicaSnapshot? = nil,
        _ body: (_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) throws -> Bool
    ) throws -> Bool {
        let start = Array(prefix)
        let end = KeyRange.prefixSuccessor(start) ?? []
        return try forEach(table: table, snapshot: snapshot, start: start, end: end, body)
    }

    /// RocksDB's estimate of the number of keys in `table` (for progress), or nil.
    public func approximateKeyCount(table: String) -> UInt64? {
        guard let cf = familiesByName[table], let text = try? db.property("rocksdb.estimate-num-keys", of: cf) else { return nil }
        return UInt64(text)
    }

    // MARK: Snapshots

    /// A consistent point-in-time view for long scans; release it by dropping it.
    /// May be shared across threads (parallel scan workers).
    public func makeSnapshot() throws -> OMReplicaSnapshot {
        try writeLock.withLock { _ in
            let snapshot = try db.snapshot()
            return OMReplicaSnapshot(snapshot: snapshot, sequence: try db.latestSequenceNumber)
        }
    }

    /// Runs `body` with a consistent view of every table, released afterwards.
    public func withSnapshot<R>(_ body: (OMReplicaSnapshot) throws -> R) throws -> R {
        let snapshot = try makeSnapshot()
        return try withExtendedLifetime(snapshot) { try body(snapshot) }
    }

    // MARK: Writes

    /// Applies one serialized OM write batch atomically and checks that the replica's
    /// sequence number is now `expectedLastSequence`. The sync engine is the only caller.
    func apply(_ batch: [UInt8], expectedLastSequence: UInt64, sync: Bool) throws(OMSyncError) {
        do {
            try writeLock.withLock { _ in
                let writeBatch = try RocksDB.WriteBatch(data: batch)
                try db.write(writeBatch, sync: sync)
            }
        } catch {
            throw .applyFailed("\(error)")
        }
        let latest: UInt64
        do {
            latest = try db.latestSequenceNumber
        } catch {
            throw .applyFailed("\(error)")
        }
        guard latest == expectedLastSequence else {
            throw .applyFailed("replica sequence is \(latest) after the write, expected \(expectedLastSequence)")
        }
    }

    /// Closes the DB (reads in flight finish first; live snapshots keep it open until released).
    public func close() { db.close() }

    /// Whether ``close()`` was called.
    public var isClosed: Bool { db.isClosed }
}

/// A point-in-time view of an ``OMReplica``, from ``OMReplica/makeSnapshot()``.
public final class OMReplicaSnapshot: Sendable {
    let snapshot: RocksDB.Snapshot
    /// The replica's sequence number when the view was taken.
    public let sequence: UInt64

    init(snapshot: RocksDB.Snapshot, sequence: UInt64) {
        self.snapshot = snapshot
        self.sequence = sequence
    }
}

/// Key-range helpers.
enum KeyRange {
    /// The smallest key greater than every key starting with `prefix` (the prefix with
    /// its last non-0xFF byte incremented), or nil when there is none (scan to the end).
    static func prefixSuccessor(_ prefix: [UInt8]) -> [UInt8]? {
        var end = prefix
        while let last = end.last {
            if last < 0xFF {
                end[end.count - 1] = last + 1
                return end
            }
            end.removeLast()
        }
        return nil
    }
}
