import ReconRocksDB
/// How task storage generations are opened.
public struct TaskStorageOptions: Sendable, Equatable {
    /// Options of each generation's RocksDB.
    public var rocksDB: RocksDBOptions
    /// `PRAGMA synchronous` of the per-plugin SQLite databases outside bulk mode.
    /// With `.normal`, atomicity of output and cursor holds across process crashes
    /// but the last SQL commits may be lost on power loss (detected at open, see
    /// ``PluginStoreRecovery/sqlCommitsLost``).
    public var sqlSynchronous: SQLiteSynchronous
    /// Bulk mode for a staged generation that is not live yet: key/value writes skip
    /// the WAL, SQLite runs with `synchronous = OFF` and no redo log is kept. A crash
    /// loses the generation (it is not CURRENT, so startup deletes it); everything is
    /// made durable by ``TaskGeneration/flushAndSync()`` before the switch.
    public var bulkLoad: Bool

    /// Creates options.
    public init(rocksDB: RocksDBOptions = RocksDBOptions(), sqlSynchronous: SQLiteSynchronous = .full, bulkLoad: Bool = false) {
        self.rocksDB = rocksDB
        self.sqlSynchronous = sqlSynchronous
        self.bulkLoad = bulkLoad
    }

    /// Options from the `storage:` section of `config.yaml`; with `blockCache` every
    /// generation opened with them shares that block cache.
    public init(_ config: StorageConfig, bulkLoad: Bool = false, blockCache: RocksDBBlockCache? = nil) {
        self.init(
            rocksDB: RocksDBOptions(config.kv, blockCache: blockCache), sqlSynchronous: config.sql.synchronous,
            bulkLoad: bulkLoad)
    }
}

/// The storage a plugin declares: its name and its key/value tables in declaration order.
public struct PluginStorageSpec: Sendable, Equatable {
    /// The plugin's name, `[a-z][a-z0-9_]{0,63}`.
    public var name: String
    /// Its key/value tables, `[a-z0-9_]{1,64}` each, in the order of the descriptor.
    public var kvTables: [String]

    /// Creates a spec.
    public init(name: String, kvTables: [String]) {
        self.name = name
        self.kvTables = kvTables
    }

    /// The RocksDB column family of table `table`: "<plugin>/<table>".
    public static func columnFamilyName(plugin: String, table: String) -> String { plugin + "/" + table }
}

/// A plugin's position in the OM update stream as committed with its output: the
/// last OM sequence number applied and the host transaction that committed it.
public struct PluginCursor: Sendable, Hashable, CustomStringConvertible {
    /// The last OM sequence number the plugin's committed output reflects.
    public var sequence: UInt64
    /// The id of the host transaction that committed it (1, 2, ... per store).
    public var txnID: UInt64

    /// Creates a cursor.
    public init(sequence: UInt64, txnID: UInt64) {
        self.sequence = sequence
        self.txnID = txnID
    }

    /// The cursor of a fresh store: 0/0.
    public static let zero = PluginCursor(sequence: 0, txnID: 0)

    /// "seq N (txn T)".
    public var description: String { "seq \(sequence) (txn \(txnID))" }
}

/// Points in ``HostTransaction/commit(cursor:)`` where a test can make the commit
/// fail, leaving the disk exactly as a crash at that point would.
public enum CommitFaultPoint: String, Sendable, CaseIterable {
    /// SQL writes and the cursor row are in the open SQLite transaction, not committed.
    case beforeSQLCommit
    /// SQLite committed (the commit point); the key/value batch is not applied yet.
    case afterSQLCommit
    /// The key/value batch (with its cursor) is durable.
    case afterKVWrite
}

/// What opening a ``PluginStore`` found and repaired.
public struct PluginStoreRecovery: Sendable, Equatable {
    /// Key/value batches replayed from the SQL redo table (commits interrupted
    /// between their SQL commit and their key/value write).
    public var replayedBatches: Int
    /// True when the key/value side records SQL commits the SQL database does not
    /// have (possible only with `synchronous = NORMAL` after a power loss): the
    /// plugin's output is incomplete and needs a full reprocess.
    public var sqlCommitsLost: Bool
    /// The effective cursor after recovery.
    public var cursor: PluginCursor
}
