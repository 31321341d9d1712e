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

extension RocksDB {
    /// The approximate bytes that the table files of `cf` hold in each key range
    /// `[start, limit)` (`GetApproximateSizes`; memtables are not counted).
    public func approximateSizes(_ cf: ColumnFamily, ranges: [(start: [UInt8], limit: [UInt8])]) throws -> [UInt64] {
        guard !ranges.isEmpty else { return [] }
        var sizes = [UInt64](repeating: 0, count: ranges.count)
        let starts = ranges.map(\.start)
        let limits = ranges.map(\.limit)
        try withHandle("approximateSizes", cf: cf) { db in
            try withBorrowedKeys(starts) { startPointers, startLengths in
                try withBorrowedKeys(limits) { limitPointers, limitLengths in
                    try rocksCall("approximateSizes", path: path) { err in
                        rocksdb_approximate_sizes_cf(
                            db, cf.handle, Int32(ranges.count), startPointers, startLengths,
                            limitPointers, limitLengths, &sizes, err)
                    }
                }
            }
        }
        return sizes
    }
}

/// Calls `body` with C pointers and lengths of `keys`, borrowed for its duration.
private func withBorrowedKeys<R>(
    _ keys: [[UInt8]], _ body: ([UnsafePointer<CChar>?], [Int]) throws -> R
) throws -> R {
    let copies = keys.map { key -> UnsafeMutableRawPointer in
        let p = UnsafeMutableRawPointer.allocate(byteCount: max(1, key.count), alignment: 1)
        key.withUnsafeBytes { if let base = $0.baseAddress { p.copyMemory(from: base, byteCount: key.count) } }
        return p
    }
    defer { copies.forEach { $0.deallocate() } }
    return try body(copies.map { UnsafePointer($0.assumingMemoryBound(to: CChar.self)) }, keys.map(\.count))
}

extension RocksDB {
    /// Runs the compactions of every database of this process (RocksDB's shared
    /// default environment, its low-priority pool) at the lowest CPU priority
    /// (nice 19), so they take only CPU that foreground work leaves idle. Flushes keep
    /// normal priority. Process-wide and permanent; call once at startup.
    public static func lowerCompactionPriority() {
        guard let env = rocksdb_create_default_env() else { return }
        rocksdb_env_lower_thread_pool_cpu_priority(env)
        rocksdb_env_destroy(env)
    }
}
