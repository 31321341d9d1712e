import CRocksDB
import Foundation

extension RocksDB {
    /// An ordered set of updates applied atomically by `RocksDB.write(_:sync:disableWAL:)`.
    /// Column families must stay open while they are added (the batch stores their ids).
    /// Not thread-safe.
    public final class WriteBatch {
        let raw: OpaquePointer

        /// An empty batch.
        public init() {
            raw = rocksdb_writebatch_create()
        }

        /// A batch rebuilt from its serialized form (``data``, or a WAL record from
        /// another RocksDB), e.g. to replay it.
        public init<D: ContiguousBytes>(data: D) throws {
            let r: OpaquePointer? = data.withUnsafeBytes { d in
                // RocksDB's format: 8-byte sequence, 4-byte count, then records.
                guard d.count >= 12 else { return nil }
                return rocksdb_writebatch_create_from(cBytes(d), d.count)
            }
            guard let r else {
                throw StorageError(.invalidArgument, "WriteBatch(data:)", "serialized batch is shorter than its 12-byte header")
            }
            raw = r
        }

        deinit { rocksdb_writebatch_destroy(raw) }

        /// Adds a put of `key` → `value` in `cf`.
        public func put<K: ContiguousBytes, V: ContiguousBytes>(_ cf: ColumnFamily, key: K, value: V) {
            key.withUnsafeBytes { k in
                value.withUnsafeBytes { v in
                    rocksdb_writebatch_put_cf(raw, cf.handle, cBytes(k), k.count, cBytes(v), v.count)
                }
            }
        }

        /// Adds a delete of `key` in `cf`.
        public func delete<K: ContiguousBytes>(_ cf: ColumnFamily, key: K) {
            key.withUnsafeBytes { k in rocksdb_writebatch_delete_cf(raw, cf.handle, cBytes(k), k.count) }
        }

        /// Adds a delete of every key in `[start, end)` of `cf`.
        public func deleteRange<S: ContiguousBytes, E: ContiguousBytes>(_ cf: ColumnFamily, start: S, end: E) {
            start.withUnsafeBytes { s in
                end.withUnsafeBytes { e in
                    rocksdb_writebatch_delete_range_cf(raw, cf.handle, cBytes(s), s.count, cBytes(e), e.count)
                }
            }
        }

        /// The number of updates in the batch.
        public var count: Int { Int(rocksdb_writebatch_count(raw)) }

        /// Removes every update.
        public func clear() { rocksdb_writebatch_clear(raw) }

        /// Calls `body` with the serialized batch, borrowed (valid until the batch changes).
        public func withData<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
            var size = 0
            let p = rocksdb_writebatch_data(raw, &size)
            return try body(UnsafeRawBufferPointer(start: p, count: size))
        }

        /// The serialized batch, copied (RocksDB's WriteBatch wire format).
        public var data: [UInt8] { withData { Array($0) } }
    }
}
