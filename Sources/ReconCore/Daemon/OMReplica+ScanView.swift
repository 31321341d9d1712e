import ReconRocksDB

extension OMReplica {
    /// A consistent view of every OM table for a staged reprocess: the snapshot and
    /// the sequence it reflects are taken under the replica's write lock, so no delta
    /// lands between them.
    func makeScanView() throws -> RocksDBScanView {
        try writeLock.withLock { _ in
            try RocksDBScanView(db: db, sequence: try db.latestSequenceNumber)
        }
    }
}
