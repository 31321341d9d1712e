import CRocksDB
import Foundation

/// How a RocksDB database is opened and tuned. The same options apply to every
/// column family of the database; all column families share one block cache, which
/// other databases can share too (``sharedBlockCache``).
///
/// We never load a database's own OPTIONS file: checkpoints written by newer RocksDB
/// versions may name options this library does not know (DESIGN §6).
public struct RocksDBOptions: Sendable, Equatable {
    /// Block compression.
    public enum Compression: String, Sendable, Equatable, CaseIterable {
        /// No compression.
        case none
        /// Snappy.
        case snappy
        /// LZ4.
        case lz4
        /// Zstandard.
        case zstd

        /// RocksDB's C constant.
        var cValue: Int32 {
            switch self {
            case .none: Int32(rocksdb_no_compression)
            case .snappy: Int32(rocksdb_snappy_compression)
            case .lz4: Int32(rocksdb_lz4_compression)
            case .zstd: Int32(rocksdb_zstd_compression)
            }
        }
    }

    /// The database's own LRU block cache in bytes; 0 disables the block cache.
    /// Ignored when ``sharedBlockCache`` is set.
    public var blockCacheBytes: Int
    /// A block cache shared with other databases, used instead of one of their own.
    public var sharedBlockCache: RocksDBBlockCache?
    /// Memtable size per column family in bytes.
    public var writeBufferBytes: Int
    /// `max_open_files`: -1 keeps every table file open.
    public var maxOpenFiles: Int
    /// Block compression.
    public var compression: Compression
    /// Create the database and any missing column family on open.
    public var createIfMissing: Bool
    /// Background threads for flushes and compactions.
    public var parallelism: Int
    /// Bloom filter bits per key for point lookups; 0 disables the filter.
    public var bloomBitsPerKey: Double
    /// How many of RocksDB's own LOG files to keep.
    public var keepLogFiles: Int
    /// `WAL_ttl_seconds`: with a value above 0, WAL files no longer needed for recovery are
    /// moved to `archive/` and deleted only after this many seconds, so
    /// ``RocksDB/updates(since:)`` can still read them (Ozone's OM keeps 1200 s). 0 deletes
    /// them at once (unless ``walSizeLimitMB`` keeps them).
    public var walTTLSeconds: UInt64 = 0
    /// `WAL_size_limit_MB`: with a value above 0, archived WAL files are kept up to this
    /// total size. 0 means no size-based retention.
    public var walSizeLimitMB: UInt64 = 0
    /// Tune for a one-off bulk load of unsorted keys by a writer that does not read:
    /// `PrepareForBulkLoad` (no automatic compactions, no write stalls on level-0 file
    /// count) and vector memtables (appends, sorted once at flush). Compact afterwards
    /// (``RocksDB/compactRange(_:)``); reads while loading are slow.
    public var bulkLoad = false
    /// Share of the write buffer given to a whole-key Bloom filter over each memtable
    /// (`memtable_prefix_bloom_size_ratio` with whole-key filtering); 0 disables it. A
    /// point read of a key the memtables lack then skips their skip lists: worth it for
    /// a database whose every write is preceded by a read of the same key.
    public var memtableBloomRatio = 0.0

    /// Creates options; every argument has a production default.
    public init(
        blockCacheBytes: Int = 64 << 20,
        writeBufferBytes: Int = 64 << 20,
        maxOpenFiles: Int = 512,
        compression: Compression = .lz4,
        createIfMissing: Bool = true,
        parallelism: Int = max(2, ProcessInfo.processInfo.activeProcessorCount),
        bloomBitsPerKey: Double = 10,
        keepLogFiles: Int = 3
    ) {
        self.blockCacheBytes = blockCacheBytes
        self.writeBufferBytes = writeBufferBytes
        self.maxOpenFiles = maxOpenFiles
        self.compression = compression
        self.createIfMissing = createIfMissing
        self.parallelism = parallelism
        self.bloomBitsPerKey = bloomBitsPerKey
        self.keepLogFiles = keepLogFiles
    }

    /// Equal options; a shared block cache compares by identity.
    public static func == (a: RocksDBOptions, b: RocksDBOptions) -> Bool {
        a.blockCacheBytes == b.blockCacheBytes && a.sharedBlockCache === b.sharedBlockCache
            && a.writeBufferBytes == b.writeBufferBytes && a.maxOpenFiles == b.maxOpenFiles
            && a.compression == b.compression && a.createIfMissing == b.createIfMissing
            && a.parallelism == b.parallelism && a.bloomBitsPerKey == b.bloomBitsPerKey
            && a.keepLogFiles == b.keepLogFiles && a.walTTLSeconds == b.walTTLSeconds
            && a.walSizeLimitMB == b.walSizeLimitMB && a.bulkLoad == b.bulkLoad
    }
}

/// The C option objects built from ``RocksDBOptions``; owned by one ``RocksDB`` and
/// destroyed after it closes.
final class RocksDBCOptions {
    let options: OpaquePointer
    private let tableOptions: OpaquePointer
    /// Kept alive for as long as the database uses it.
    private let cache: RocksDBBlockCache?

    init(_ o: RocksDBOptions) {
        options = rocksdb_options_create()
        let create: UInt8 = o.createIfMissing ? 1 : 0
        rocksdb_options_set_create_if_missing(options, create)
        rocksdb_options_set_create_missing_column_families(options, create)
        let threads = Int32(clamping: max(1, o.parallelism))
        rocksdb_options_increase_parallelism(options, threads)
        rocksdb_options_set_max_background_jobs(options, max(2, threads))
        rocksdb_options_set_write_buffer_size(options, max(1 << 20, o.writeBufferBytes))
        // Many column families share the WAL: cap it so one idle family cannot pin it.
        rocksdb_options_set_max_total_wal_size(options, UInt64(max(1 << 20, o.writeBufferBytes)) * 4)
        rocksdb_options_set_max_open_files(options, Int32(clamping: o.maxOpenFiles))
        rocksdb_options_set_keep_log_file_num(options, max(1, o.keepLogFiles))
        rocksdb_options_set_max_log_file_size(options, 16 << 20)
        rocksdb_options_set_level_compaction_dynamic_level_bytes(options, 1)
        // Write flushed and compacted files back as they grow (not all at their sync):
        // the machine's dirty-page limits are gigabytes, so without this a file's whole
        // content waits for the sync that finishes it.
        rocksdb_options_set_bytes_per_sync(options, 1 << 20)
        rocksdb_options_set_compression(options, o.compression.cValue)
        if o.bulkLoad {
            rocksdb_options_prepare_for_bulk_load(options)
            rocksdb_options_set_allow_concurrent_memtable_write(options, 0)
            rocksdb_options_set_memtable_vector_rep(options)
        }
        if o.memtableBloomRatio > 0 {
            rocksdb_options_set_memtable_prefix_bloom_size_ratio(options, min(0.25, o.memtableBloomRatio))
            rocksdb_options_set_memtable_whole_key_filtering(options, 1)
        }
        rocksdb_options_set_WAL_ttl_seconds(options, o.walTTLSeconds)
        rocksdb_options_set_WAL_size_limit_MB(options, o.walSizeLimitMB)

        tableOptions = rocksdb_block_based_options_create()
        if let c = o.sharedBlockCache ?? (o.blockCacheBytes > 0 ? RocksDBBlockCache(bytes: o.blockCacheBytes) : nil) {
            cache = c
            rocksdb_block_based_options_set_block_cache(tableOptions, c.raw)
        } else {
            cache = nil
            rocksdb_block_based_options_set_no_block_cache(tableOptions, 1)
        }
        if o.bloomBitsPerKey > 0 {
            // The table options take ownership of the policy.
            rocksdb_block_based_options_set_filter_policy(
                tableOptions, rocksdb_filterpolicy_create_bloom_full(o.bloomBitsPerKey))
        }
        // Readable by every RocksDB since 6.6 (and by the 8.6+ readers Ozone cares about).
        rocksdb_block_based_options_set_format_version(tableOptions, 5)
        rocksdb_options_set_block_based_table_factory(options, tableOptions)
    }

    deinit {
        rocksdb_options_destroy(options)
        rocksdb_block_based_options_destroy(tableOptions)
    }
}
