import CRocksDB

/// An LRU block cache that several databases can share, so that the memory for
/// cached blocks has one bound for the whole process instead of one per database
/// (recond opens the OM replica and one or two task generations at once). Each
/// database keeps a reference until it is closed; the cache is freed after the last.
public final class RocksDBBlockCache: @unchecked Sendable {
    /// The C cache; RocksDB's caches are thread-safe.
    let raw: OpaquePointer

    /// A cache holding up to `bytes` bytes of blocks (at least 1 MiB).
    public init(bytes: Int) {
        raw = rocksdb_cache_create_lru(max(1 << 20, bytes))
    }

    deinit { rocksdb_cache_destroy(raw) }

    /// The most the cache holds, in bytes.
    public var capacity: Int { rocksdb_cache_get_capacity(raw) }

    /// The bytes of blocks it holds now.
    public var usage: Int { rocksdb_cache_get_usage(raw) }
}
