import OzoneFormat
import ReconRocksDB

/// The OM DB the simulator owns: one RocksDB with a column family per OM table
/// (om-db-format.md §1, §3), created in `OMTable` order after `default`.
struct OMDatabase: Sendable {
    /// The open database.
    let db: RocksDB
    /// Column families by `OMTable` ordinal (nil for tables this DB lacks).
    private let families: [RocksDB.ColumnFamily?]

    /// The column family of `table`; throws when the DB has no such table.
    func cf(_ table: OMTable) throws -> RocksDB.ColumnFamily {
        guard let cf = families[Self.ordinal(table)] else { throw OMSimulatorError.missingTable(table.name) }
        return cf
    }

    /// The column family of `table`, or nil.
    func cfIfPresent(_ table: OMTable) -> RocksDB.ColumnFamily? {
        families[Self.ordinal(table)]
    }

    /// The position of `table` in `OMTable.allCases`.
    @inline(__always)
    static func ordinal(_ table: OMTable) -> Int {
        ordinals[table]!
    }

    private static let ordinals: [OMTable: Int] = Dictionary(
        uniqueKeysWithValues: OMTable.allCases.enumerated().map { ($0.element, $0.offset) })

    /// Creates a new OM DB at `path` (which must not hold one) with every table of Ozone master.
    static func create(at path: String, options: RocksDBOptions) throws -> OMDatabase {
        if (try? RocksDB.listColumnFamilies(path: path)) != nil {
            throw OMSimulatorError.alreadyExists(path)
        }
        var o = options
        o.createIfMissing = true
        let db = try RocksDB.open(path: path, columnFamilies: ["default"] + OMTable.allCases.map(\.name), options: o)
        return OMDatabase(db: db)
    }

    /// Opens an existing OM DB with every column family it has.
    static func open(at path: String, options: RocksDBOptions) throws -> OMDatabase {
        let names = try RocksDB.listColumnFamilies(path: path)
        var o = options
        o.createIfMissing = false
        let db = try RocksDB.open(path: path, columnFamilies: names, options: o)
        return OMDatabase(db: db)
    }

    private init(db: RocksDB) {
        self.db = db
        families = OMTable.allCases.map { db.columnFamily(named: $0.name) }
    }

    /// Options for serving: Snappy like the OM's RocksDB default, WAL kept `walTTLSeconds`.
    static func servingOptions(walTTLSeconds: UInt64) -> RocksDBOptions {
        var o = RocksDBOptions(blockCacheBytes: 64 << 20, writeBufferBytes: 32 << 20, compression: .snappy)
        o.walTTLSeconds = walTTLSeconds
        return o
    }

    /// Options for generating: large memtables, no automatic compaction (compacted at the end).
    static func bulkOptions() -> RocksDBOptions {
        var o = RocksDBOptions(blockCacheBytes: 32 << 20, writeBufferBytes: 128 << 20, compression: .snappy)
        o.bulkLoad = true
        return o
    }
}
