import ReconRocksDB

extension RocksDBOptions {
    /// Options from the `storage.kv` section of `config.yaml`.
    public init(_ config: KVStorageConfig, createIfMissing: Bool = true) {
        self.init(
            blockCacheBytes: Int(clamping: config.blockCache),
            writeBufferBytes: Int(clamping: config.writeBuffer),
            maxOpenFiles: config.maxOpenFiles,
            compression: Compression(rawValue: config.compression.rawValue) ?? .lz4,
            createIfMissing: createIfMissing)
    }
}
