/// Erasure-coding parameters that matter for sizes (`hadoop.hdds.ECReplicationConfig`).
public struct ECParameters: Sendable, Hashable {
    /// Data blocks per stripe.
    public var data: Int32
    /// Parity blocks per stripe.
    public var parity: Int32
    /// Bytes per chunk (cell).
    public var chunkSize: Int32

    /// Parameters as given.
    public init(data: Int32, parity: Int32, chunkSize: Int32) {
        self.data = data
        self.parity = parity
        self.chunkSize = chunkSize
    }

    /// Parameters of a decoded `ECReplicationConfig` message.
    public init(_ config: HddsECReplicationConfig) {
        self.init(data: config.data, parity: config.parity, chunkSize: config.ecChunkSize)
    }
}

/// Ozone's `QuotaUtil.getReplicatedSize` (om-db-format.md §6): the bytes a key occupies on
/// datanodes. Not stored in the OM DB; always computed from size and replication.
public enum ReplicatedSize {
    /// - RATIS: `dataSize × factor`.
    /// - EC(d, p, chunk): `stripe = d × chunk`, `full = dataSize / stripe`,
    ///   `partial = min(chunk, dataSize % stripe)`, result `dataSize + full × p × chunk + partial × p`.
    /// - anything else (STAND_ALONE, CHAINED, NONE): `dataSize`.
    ///
    /// Where Java would throw (EC without parameters, a stripe of zero or negative size) this
    /// returns `dataSize`. Arithmetic wraps like Java's `long` instead of trapping.
    public static func compute(
        dataSize: UInt64, type: HddsReplicationType, factor: HddsReplicationFactor, ec: ECParameters?
    ) -> UInt64 {
        switch type {
        case .ratis:
            return dataSize &* UInt64(factor.rawValue)
        case .ec:
            guard let ec, ec.data > 0, ec.chunkSize > 0, ec.parity >= 0 else { return dataSize }
            let chunk = UInt64(ec.chunkSize)
            let parity = UInt64(ec.parity)
            let stripe = UInt64(ec.data) * chunk
            let fullStripes = dataSize / stripe
            let partialFirstChunk = min(chunk, dataSize % stripe)
            return dataSize &+ fullStripes &* parity &* chunk &+ partialFirstChunk &* parity
        default:
            return dataSize
        }
    }
}
