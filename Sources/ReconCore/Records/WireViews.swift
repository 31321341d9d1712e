import CReconTask
import OzoneFormat

/// Helpers shared by the record-view decoders: strings that point into the value
/// bytes (no copy), and the replication fields of KeyInfo-like messages.
enum WireViews {
    /// The bytes of `range` as a borrowed `recon_str` pointing into `bytes`.
    @inline(__always)
    static func str(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> recon_str {
        guard let base = bytes.baseAddress, !range.isEmpty else { return recon_str(ptr: nil, len: 0) }
        return recon_str(ptr: (base + range.lowerBound).assumingMemoryBound(to: CChar.self), len: range.count)
    }

    /// A varint as a signed 64-bit value (protobuf int64 and enums are two's complement).
    @inline(__always)
    static func int64(_ v: UInt64) -> Int64 { Int64(bitPattern: v) }

    /// Reads an `ECReplicationConfig` message (1 data, 2 parity, 4 ecChunkSize).
    static func ecConfig(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) throws(ProtoLightError) -> ECParameters {
        var w = ProtoWire(bytes, range: range)
        var ec = ECParameters(data: 0, parity: 0, chunkSize: 0)
        while let tag = try w.readTag() {
            switch (tag.field, tag.wireType) {
            case (1, ProtoWire.varint): ec.data = Int32(truncatingIfNeeded: try w.readVarint())
            case (2, ProtoWire.varint): ec.parity = Int32(truncatingIfNeeded: try w.readVarint())
            case (4, ProtoWire.varint): ec.chunkSize = Int32(truncatingIfNeeded: try w.readVarint())
            default: try w.skip(wireType: tag.wireType, field: tag.field)
            }
        }
        return ec
    }

    /// The ABI replication triple and Ozone's replicated size for `dataSize`.
    static func replication(type rawType: UInt64, factor rawFactor: UInt64, ec: ECParameters?, dataSize: UInt64)
        -> (recon_replication, UInt64)
    {
        let type = HddsReplicationType(rawValue: Int(truncatingIfNeeded: int64(rawType))) ?? .ratis
        let factor = HddsReplicationFactor(rawValue: Int(truncatingIfNeeded: int64(rawFactor))) ?? .one
        var r = recon_replication()
        switch type {
        case .ratis: r.type = RECON_REPL_RATIS.rawValue
        case .standAlone: r.type = RECON_REPL_STAND_ALONE.rawValue
        case .chained: r.type = RECON_REPL_CHAINED.rawValue
        case .ec: r.type = RECON_REPL_EC.rawValue
        case .none: r.type = RECON_REPL_NONE.rawValue
        }
        if type == .ec, let ec {
            r.ec_data = UInt32(clamping: ec.data)
            r.ec_parity = UInt32(clamping: ec.parity)
            r.ec_chunk_size = UInt32(clamping: ec.chunkSize)
        } else {
            r.factor = UInt32(clamping: factor.rawValue)
        }
        return (r, ReplicatedSize.compute(dataSize: dataSize, type: type, factor: factor, ec: ec))
    }
}
