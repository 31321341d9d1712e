import ReconRocksDB

/// An ``OMScanView`` over any RocksDB holding OM column families (the OM replica, a
/// checkpoint of it, or a test database), pinned to one RocksDB snapshot taken at
/// init. Scans use their own iterators (bounded, not filling the block cache), so
/// several workers read at once.
///
/// The caller pairs the snapshot with the OM sequence it reflects: create the view
/// between two delta applications, so that no write lands between reading the OM
/// sequence and taking the snapshot.
public final class RocksDBScanView: OMScanView, @unchecked Sendable {
    /// The OM sequence the snapshot reflects.
    public let sequence: UInt64
    /// The OM column families scanned.
    public let tables: [String]
    private let db: RocksDB
    private let snapshot: RocksDB.Snapshot
    private let families: [String: RocksDB.ColumnFamily]

    /// Pins a snapshot of `db` as the state at OM sequence `sequence`. `tables`
    /// defaults to every column family except "default"; naming a missing one throws.
    public init(db: RocksDB, sequence: UInt64, tables: [String]? = nil) throws {
        self.db = db
        self.sequence = sequence
        self.snapshot = try db.snapshot()
        let names = tables ?? db.columnFamilies.map(\.name).filter { $0 != "default" }
        var families: [String: RocksDB.ColumnFamily] = [:]
        for name in names {
            guard let cf = db.columnFamily(named: name) else {
                throw StorageError(.notFound, "scanView", "the OM database has no column family \(name)", path: db.path)
            }
            families[name] = cf
        }
        self.tables = names
        self.families = families
    }

    /// RocksDB's `estimate-num-keys` of the table (of the database, not the snapshot).
    public func approximateCount(table: String) -> UInt64 {
        guard let cf = families[table],
              let text = try? db.property("rocksdb.estimate-num-keys", of: cf) else { return 0 }
        return UInt64(text) ?? 0
    }

    /// Ranges balanced by the bytes they hold: first interpolated between the table's
    /// first and last key (see ``KeySpaceSplitter``), then, while some range holds more
    /// than 1/`count` of the table's bytes (RocksDB's approximate sizes), that range is
    /// cut again between its own first and last key. Real key spaces are skewed (one
    /// volume or bucket holds most keys); the second step follows the skew down, so a
    /// worker never gets a range far bigger than the others and finishes alone.
    public func partitions(table: String, count: Int) throws -> [ScanRange] {
        let cf = try family(table)
        guard count > 1, let (first, last) = try bounds(cf, .all) else { return [.all] }
        var ranges = KeySpaceSplitter.ranges(first: first, last: last, count: count)
        // The limit of the last range for size estimates: just after the last key.
        let end = last + [0]
        var sizes = try approximateSizes(cf, ranges, end: end)
        // Small tables are not worth more cuts: a range of less than 256 KiB is cheaper
        // to scan than to plan.
        let total = sizes.reduce(0, +)
        guard total >= UInt64(count) * (256 << 10) else { return ranges }
        let target = max(1, total / UInt64(count))
        var settled = [Bool](repeating: false, count: ranges.count)
        // Each cut adds at least one range; stop well before ranges become tiny.
        while ranges.count < count * 4 {
            guard let i = ranges.indices.filter({ !settled[$0] && sizes[$0] > target * 3 / 2 })
                .max(by: { sizes[$0] < sizes[$1] }) else { break }
            let pieces = try cut(cf, ranges[i], into: min(16, Int(sizes[i] / target) + 1))
            guard pieces.count > 1 else {
                settled[i] = true
                continue
            }
            let pieceSizes = try approximateSizes(cf, pieces, end: end)
            ranges.replaceSubrange(i...i, with: pieces)
            sizes.replaceSubrange(i...i, with: pieceSizes)
            settled.replaceSubrange(i...i, with: [Bool](repeating: false, count: pieces.count))
        }
        return ranges
    }

    /// The first and last key of `range` at the snapshot; nil when it is empty.
    private func bounds(_ cf: RocksDB.ColumnFamily, _ range: ScanRange) throws -> ([UInt8], [UInt8])? {
        let it = try db.makeIterator(
            cf, snapshot: snapshot, lowerBound: range.lower, upperBound: range.upper, fillCache: false)
        it.seekToFirst()
        guard it.isValid else {
            try it.checkError()
            return nil
        }
        let first = Array(it.key)
        it.seekToLast()
        guard it.isValid else {
            try it.checkError()
            return nil
        }
        return (first, Array(it.key))
    }

    /// `range` cut into up to `count` ranges interpolated between its own first and
    /// last key; the outer bounds stay those of `range`.
    private func cut(_ cf: RocksDB.ColumnFamily, _ range: ScanRange, into count: Int) throws -> [ScanRange] {
        guard let (first, last) = try bounds(cf, range) else { return [range] }
        var pieces = KeySpaceSplitter.ranges(first: first, last: last, count: count)
        guard pieces.count > 1 else { return [range] }
        pieces[0].lower = range.lower
        pieces[pieces.count - 1].upper = range.upper
        return pieces
    }

    private func approximateSizes(_ cf: RocksDB.ColumnFamily, _ ranges: [ScanRange], end: [UInt8]) throws -> [UInt64] {
        try db.approximateSizes(cf, ranges: ranges.map { ($0.lower ?? [], $0.upper ?? end) })
    }

    /// Iterates the range at the snapshot.
    public func scan(
        table: String, range: ScanRange,
        _ visit: (_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) throws -> Bool
    ) throws {
        let it = try db.makeIterator(
            try family(table), snapshot: snapshot, lowerBound: range.lower, upperBound: range.upper, fillCache: false)
        it.seekToFirst()
        while it.isValid {
            if try !visit(it.key, it.value) { return }
            it.next()
        }
        try it.checkError()
    }

    /// A point read at the snapshot; any column family of the database may be read.
    public func withValue<R>(table: String, key: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer?) throws -> R) throws -> R {
        guard let cf = families[table] ?? db.columnFamily(named: table) else { return try body(nil) }
        return try db.withValue(cf, key: key, snapshot: snapshot, body)
    }

    private func family(_ table: String) throws -> RocksDB.ColumnFamily {
        guard let cf = families[table] else {
            throw StorageError(.notFound, "scan", "the scan view has no table \(table)", path: db.path)
        }
        return cf
    }
}

/// The plugins' `om_get` / `om_get_record` during reprocess: point reads answered
/// from the view being scanned, so a chunk never sees a newer OM state than its
/// records. (`om_scan_prefix` is refused during reprocess before it gets here.)
struct ScanViewReplica: OMReplicaReading {
    let view: any OMScanView

    func get(table: String, key: UnsafeRawBufferPointer, into buffer: BorrowBuffer) throws -> Bool {
        try view.withValue(table: table, key: key) { value in
            guard let value else { return false }
            buffer.set(value)
            return true
        }
    }

    func scanPrefix(
        table: String, prefix: UnsafeRawBufferPointer,
        visit: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Bool
    ) throws {
        try view.scan(table: table, range: ScanRange(prefix: Array(prefix)), visit)
    }
}
