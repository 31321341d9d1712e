import CRocksDB

extension RocksDB {
    /// A point-in-time view of a ``RocksDB``: reads and iterators given this snapshot
    /// see the database as it was when the snapshot was taken. Released on deinit.
    /// Keeps its database open (see ``RocksDB/close()``).
    public final class Snapshot: @unchecked Sendable {
        let db: RocksDB
        let raw: OpaquePointer
        /// Read options pinned to this snapshot; shared by point reads.
        let readOptions: OpaquePointer

        init(db: RocksDB, raw: OpaquePointer) {
            self.db = db
            self.raw = raw
            readOptions = rocksdb_readoptions_create()
            rocksdb_readoptions_set_snapshot(readOptions, raw)
        }

        deinit {
            rocksdb_readoptions_destroy(readOptions)
            rocksdb_release_snapshot(db.handle, raw)
            db.releaseDependent()
        }
    }
}
