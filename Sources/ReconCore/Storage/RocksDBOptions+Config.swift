import ReconRocksDB

extension RocksDBOptions {
    /// Options from the `storage.kv` section of `config.yaml`; with `blockCache` the
    /// database uses that shared cache instead of one of its own.
    public init(_ config: KVStorageConfig, createIfMissing: Bool = true, blockCache: RocksDBBlockCache? = nil) {
        self.init(
            blockCacheBytes: Int(clamping: config.blockCache),
            writeBufferBytes: Int(clamping: config.writeBuffer),
            maxOpenFiles: config.maxOpenFiles,
            compression: Compression(rawValue: config.compression.rawValue) ?? .lz4,
            createIfMissing: createIfMissing)
        sharedBlockCache = blockCache
    }
}
