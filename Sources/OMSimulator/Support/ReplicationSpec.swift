import OzoneFormat

/// A replication config as the OM stores it on keys and buckets: RATIS/ONE, RATIS/THREE or
/// EC(data, parity, codec, chunk).
struct ReplicationSpec: Sendable, Hashable {
    var type: HddsReplicationType
    var factor: HddsReplicationFactor
    var ecData: Int32 = 0
    var ecParity: Int32 = 0
    var ecCodec: [UInt8] = []
    var ecChunkSize: Int32 = 0

    static let ratisThree = ReplicationSpec(type: .ratis, factor: .three)
    static let ratisOne = ReplicationSpec(type: .ratis, factor: .one)
    static let ecRS32 = ReplicationSpec(type: .ec, factor: .one, ecData: 3, ecParity: 2, ecCodec: Array("rs".utf8), ecChunkSize: 1 << 20)
    static let ecRS63 = ReplicationSpec(type: .ec, factor: .one, ecData: 6, ecParity: 3, ecCodec: Array("rs".utf8), ecChunkSize: 1 << 20)

    var isEC: Bool { type == .ec }

    /// Bytes a block (group) holds at most: 256 MiB per data block (`ozone.scm.block.size`).
    var blockCapacity: UInt64 {
        isEC ? UInt64(ecData) * OMGeneratorModel.blockSize : OMGeneratorModel.blockSize
    }

    /// `QuotaUtil.getReplicatedSize`.
    func replicatedSize(_ dataSize: UInt64) -> UInt64 {
        ReplicatedSize.compute(
            dataSize: dataSize, type: type, factor: factor,
            ec: isEC ? ECParameters(data: ecData, parity: ecParity, chunkSize: ecChunkSize) : nil)
    }

    /// The replication of a decoded bucket's `defaultReplicationConfig` (RATIS/THREE when absent).
    init(_ config: HddsDefaultReplicationConfig?) {
        guard let config else { self = .ratisThree; return }
        if config.type == .ec, config.hasEcReplicationConfig {
            let ec = config.ecReplicationConfig
            self.init(type: .ec, factor: .one, ecData: ec.data, ecParity: ec.parity,
                      ecCodec: Array(ec.codec.utf8), ecChunkSize: ec.ecChunkSize)
        } else {
            self.init(type: config.type, factor: config.factor)
        }
    }

    init(type: HddsReplicationType, factor: HddsReplicationFactor, ecData: Int32 = 0, ecParity: Int32 = 0,
         ecCodec: [UInt8] = [], ecChunkSize: Int32 = 0) {
        self.type = type
        self.factor = factor
        self.ecData = ecData
        self.ecParity = ecParity
        self.ecCodec = ecCodec
        self.ecChunkSize = ecChunkSize
    }

    /// Writes `ECReplicationConfig` fields into an open nested message.
    func writeEC(_ w: inout ProtoWriter) {
        w.int(1, Int64(ecData))
        w.int(2, Int64(ecParity))
        w.bytes(3, ecCodec)
        w.int(4, Int64(ecChunkSize))
    }
}

extension ReplicationSpec {
    /// The `ECReplicationConfig` message (EC only).
    var ecMessage: HddsECReplicationConfig {
        var ec = HddsECReplicationConfig()
        ec.data = ecData
        ec.parity = ecParity
        ec.codec = String(decoding: ecCodec, as: UTF8.self)
        ec.ecChunkSize = ecChunkSize
        return ec
    }

    /// The replication of a multipart upload's `MultipartKeyInfo`.
    init(_ info: OMMultipartKeyInfo) {
        if info.type == .ec, info.hasEcReplicationConfig {
            let ec = info.ecReplicationConfig
            self.init(type: .ec, factor: .one, ecData: ec.data, ecParity: ec.parity, ecCodec: Array(ec.codec.utf8), ecChunkSize: ec.ecChunkSize)
        } else {
            self.init(type: info.hasType ? info.type : .ratis, factor: info.hasFactor ? info.factor : .three)
        }
    }
}
