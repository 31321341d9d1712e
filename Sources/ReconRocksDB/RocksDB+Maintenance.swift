import CRocksDB

extension RocksDB {
    /// Compacts the whole key range of `cf` (`CompactRange(nullptr, nullptr)`), merging its
    /// level-0 files into the bottom level. Blocks until done. Used after a bulk load.
    public func compactRange(_ cf: ColumnFamily) throws {
        try withHandle("compactRange", cf: cf) { db in
            rocksdb_compact_range_cf(db, cf.handle, nil, 0, nil, 0)
        }
    }

    /// Sum of the sizes of the live table files of `cf`, in bytes
    /// ("rocksdb.live-sst-files-size"); 0 when unknown.
    public func liveTableBytes(_ cf: ColumnFamily) throws -> UInt64 {
        try property("rocksdb.live-sst-files-size", of: cf).flatMap { UInt64($0) } ?? 0
    }
}
