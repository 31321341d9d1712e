import CRocksDB
import Foundation

extension RocksDB {
    /// A write batch with an index over its keys, so that reads can see the batch's
    /// own uncommitted writes on top of the database (`rocksdb_writebatch_wi_*`).
    /// A later write to the same key replaces the earlier one. Not thread-safe.
    public final class IndexedWriteBatch {
        let raw: OpaquePointer

        /// An empty batch; `reservedBytes` pre-sizes its buffer.
        public init(reservedBytes: Int = 0) {
            raw = rocksdb_writebatch_wi_create(reservedBytes, 1)
        }

        deinit { rocksdb_writebatch_wi_destroy(raw) }

        /// Adds a put of `key` → `value` in `cf`.
        public func put<K: ContiguousBytes, V: ContiguousBytes>(_ cf: ColumnFamily, key: K, value: V) {
            key.withUnsafeBytes { k in
                value.withUnsafeBytes { v in
                    rocksdb_writebatch_wi_put_cf(raw, cf.handle, cBytes(k), k.count, cBytes(v), v.count)
                }
            }
        }

        /// Adds a delete of `key` in `cf`.
        public func delete<K: ContiguousBytes>(_ cf: ColumnFamily, key: K) {
            key.withUnsafeBytes { k in rocksdb_writebatch_wi_delete_cf(raw, cf.handle, cBytes(k), k.count) }
        }

        /// The number of updates added (including overwritten ones).
        public var count: Int { Int(rocksdb_writebatch_wi_count(raw)) }

        /// Removes every update.
        public func clear() { rocksdb_writebatch_wi_clear(raw) }

        /// Calls `body` with the value of `key` as seen through this batch on top of
        /// `db` (or `snapshot` of it): the batch's own put or delete wins. The buffer is
        /// valid during `body` only.
        public func withValue<K: ContiguousBytes, R>(
            db: RocksDB, _ cf: ColumnFamily, key: K, snapshot: Snapshot? = nil,
            _ body: (UnsafeRawBufferPointer?) throws -> R
        ) throws -> R {
            try withExtendedLifetime(snapshot) {
                try db.withHandle("get", cf: cf, snapshot: snapshot) { h in
                    let ro = snapshot?.readOptions ?? db.readOptions
                    var len = 0
                    let p = try key.withUnsafeBytes { k in
                        try rocksCall("get", path: db.path) { err in
                            rocksdb_writebatch_wi_get_from_batch_and_db_cf(raw, h, ro, cf.handle, cBytes(k), k.count, &len, err)
                        }
                    }
                    guard let p else { return try body(nil) }
                    defer { rocksdb_free(p) }
                    return try body(UnsafeRawBufferPointer(start: p, count: len))
                }
            }
        }

        /// The value of `key` through this batch on top of `db`, copied; nil when absent.
        public func get<K: ContiguousBytes>(db: RocksDB, _ cf: ColumnFamily, key: K, snapshot: Snapshot? = nil) throws -> [UInt8]? {
            try withValue(db: db, cf, key: key, snapshot: snapshot) { $0.map { Array($0) } }
        }

        /// Calls `body` with the serialized batch (RocksDB's WriteBatch format), borrowed.
        public func withData<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
            var size = 0
            let p = rocksdb_writebatch_wi_data(raw, &size)
            return try body(UnsafeRawBufferPointer(start: p, count: size))
        }

        /// The serialized batch, copied; ``WriteBatch/init(data:)`` reads it back.
        public var data: [UInt8] { withData { Array($0) } }
    }
}
