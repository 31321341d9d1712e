import CRocksDB

extension RocksDB {
    /// A cursor over the write batches kept in the write-ahead log (`GetUpdatesSince`):
    /// each step yields one batch as it was written, with the sequence number of its first
    /// operation. Reads live and archived WAL files (see ``RocksDBOptions/walTTLSeconds``).
    /// Keeps its database open while alive. Not thread-safe.
    public final class WALIterator {
        private let db: RocksDB
        private let raw: OpaquePointer

        init(db: RocksDB, raw: OpaquePointer) {
            self.db = db
            self.raw = raw
        }

        deinit {
            rocksdb_wal_iter_destroy(raw)
            db.releaseDependent()
        }

        /// Whether the iterator is positioned on a batch. When it turns false, call
        /// ``checkError()`` to tell the end of the log from a failure (a gap, a purged file).
        public var isValid: Bool { rocksdb_wal_iter_valid(raw) != 0 }

        /// Moves to the next batch. Only when ``isValid``.
        public func next() { rocksdb_wal_iter_next(raw) }

        /// Calls `body` with the current batch's first sequence number and its serialized
        /// bytes (RocksDB's WriteBatch format), borrowed for the call. Only when ``isValid``.
        public func withBatch<R>(_ body: (_ sequence: UInt64, _ data: UnsafeRawBufferPointer) throws -> R) rethrows -> R {
            var sequence: UInt64 = 0
            let batch = rocksdb_wal_iter_get_batch(raw, &sequence)!
            defer { rocksdb_writebatch_destroy(batch) }
            var size = 0
            let p = rocksdb_writebatch_data(batch, &size)
            return try body(sequence, UnsafeRawBufferPointer(start: p, count: size))
        }

        /// The current batch, copied: its first sequence number and serialized bytes.
        public var batch: (sequence: UInt64, data: [UInt8]) {
            withBatch { ($0, Array($1)) }
        }

        /// Throws the error that ended iteration early, if any.
        public func checkError() throws {
            try rocksCall("walIterator", path: db.path) { rocksdb_wal_iter_status(raw, $0) }
        }
    }

    /// A WAL cursor positioned on the batch that contains `sequence`, or on the first kept
    /// batch after it when that one is gone (RocksDB's non-strict seek; compare the first
    /// batch's sequence to decide whether anything is missing). Throws when `sequence` is
    /// past the latest sequence number or the WAL cannot be read.
    public func updates(since sequence: UInt64) throws -> WALIterator {
        try withHandle("updatesSince") { db in
            let it = try rocksCall("updatesSince", path: path) { err in
                rocksdb_get_updates_since(db, sequence, nil, err)
            }
            guard let it else {
                throw StorageError(.rocksdb, "updatesSince", "rocksdb_get_updates_since returned NULL", path: path)
            }
            retainDependent()
            return WALIterator(db: self, raw: it)
        }
    }
}
