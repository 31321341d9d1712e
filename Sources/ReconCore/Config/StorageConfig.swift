import ReconRocksDB
/// The storage section (`storage:`): the key-value and SQL stores that hold task output.
public struct StorageConfig: Sendable, Equatable {
    /// The key-value store (task tables).
    public var kv: KVStorageConfig
    /// The SQL store (derived relational tables).
    public var sql: SQLStorageConfig

    /// Creates a storage section; every argument defaults to the documented default.
    public init(kv: KVStorageConfig = .defaults, sql: SQLStorageConfig = .defaults) {
        self.kv = kv
        self.sql = sql
    }

    /// The built-in defaults: RocksDB and SQLite with their defaults.
    public static let defaults = StorageConfig()
}

/// Key-value store settings (`storage.kv`).
public struct KVStorageConfig: Sendable, Equatable {
    /// The engine; only RocksDB exists. Default ``KVBackend/rocksdb``.
    public var backend: KVBackend
    /// RocksDB block cache size in bytes. Default 256 MiB.
    public var blockCache: UInt64
    /// RocksDB write buffer (memtable) size in bytes. Default 64 MiB.
    public var writeBuffer: UInt64
    /// RocksDB `max_open_files`: -1 (unlimited) or 16...1_000_000. Default 512.
    public var maxOpenFiles: Int
    /// Block compression. Default ``KVCompression/lz4``.
    public var compression: KVCompression
    /// Whether RocksDB compactions run at the lowest CPU priority (nice 19), behind the
    /// API, the sync and the reprocess. Default false: on a saturated machine starved
    /// compactions slow the sync (docs/benchmarks.md). Bulk-built tables leave nothing
    /// to compact, so a rebuild gains little from it.
    public var lowPriorityCompactions: Bool

    /// Creates key-value settings; every argument defaults to the documented default.
    public init(
        backend: KVBackend = .rocksdb,
        blockCache: UInt64 = 256 << 20,
        writeBuffer: UInt64 = 64 << 20,
        maxOpenFiles: Int = 512,
        compression: KVCompression = .lz4,
        lowPriorityCompactions: Bool = false
    ) {
        self.backend = backend
        self.blockCache = blockCache
        self.writeBuffer = writeBuffer
        self.maxOpenFiles = maxOpenFiles
        self.compression = compression
        self.lowPriorityCompactions = lowPriorityCompactions
    }

    /// The built-in defaults: RocksDB, 256 MiB cache, 64 MiB write buffer, 512 files, LZ4,
    /// compactions at normal priority.
    public static let defaults = KVStorageConfig()
}

/// Key-value store engines (`storage.kv.backend`).
public enum KVBackend: String, Sendable, Equatable, CaseIterable {
    /// RocksDB through its C API (`rocksdb`).
    case rocksdb = "rocksdb"
}

/// RocksDB block compression (`storage.kv.compression`).
public enum KVCompression: String, Sendable, Equatable, CaseIterable {
    /// No compression (`none`).
    case none = "none"
    /// Snappy (`snappy`).
    case snappy = "snappy"
    /// LZ4 (`lz4`).
    case lz4 = "lz4"
    /// Zstandard (`zstd`).
    case zstd = "zstd"
}

/// SQL store settings (`storage.sql`).
public struct SQLStorageConfig: Sendable, Equatable {
    /// The engine; only SQLite is available in this build. Default ``SQLBackend/sqlite``.
    public var backend: SQLBackend
    /// SQLite `PRAGMA synchronous`. Default ``SQLiteSynchronous/full``.
    public var synchronous: SQLiteSynchronous

    /// Creates SQL settings; every argument defaults to the documented default.
    public init(backend: SQLBackend = .sqlite, synchronous: SQLiteSynchronous = .full) {
        self.backend = backend
        self.synchronous = synchronous
    }

    /// The built-in defaults: SQLite with `synchronous = FULL`.
    public static let defaults = SQLStorageConfig()
}

/// SQL engines available in this build (`storage.sql.backend`).
///
/// `postgres` is part of the schema but refused at load time until the backend exists.
public enum SQLBackend: String, Sendable, Equatable, CaseIterable {
    /// SQLite files inside the data directory (`sqlite`).
    case sqlite = "sqlite"
}

/// SQLite durability level (`storage.sql.synchronous`).
public enum SQLiteSynchronous: String, Sendable, Equatable, CaseIterable {
    /// `PRAGMA synchronous = FULL`: durable across power loss (`full`).
    case full = "full"
    /// `PRAGMA synchronous = NORMAL`: faster; the last transactions may roll back after power loss (`normal`).
    case normal = "normal"
}
