/// How Ozone numbers things, reproduced so generated DBs look like a Ratis-enabled OM's.
enum OMIdentifiers {
    /// `OmUtils.getObjectIdFromTxId`: `(epoch << 62) | (txIndex << 8)` with epoch 2 (Ratis
    /// on); the low 8 bits number the objects one transaction creates (missing parents).
    @inline(__always)
    static func objectID(transaction: UInt64, index: UInt64 = 0) -> UInt64 {
        (2 << 62) | (transaction << 8) | (index & 0xFF)
    }

    /// The transaction index an object id was derived from.
    @inline(__always)
    static func transaction(ofObjectID id: UInt64) -> UInt64 {
        (id & ~(3 << 62)) >> 8
    }

    /// A datanode block's local id (SCM's `UniqueId`-style, increasing): unique per
    /// (transaction, block index) with up to 4096 blocks per transaction.
    @inline(__always)
    static func localID(transaction: UInt64, block: Int) -> Int64 {
        Int64(113_750_153_625_600_000 &+ (transaction << 12) &+ UInt64(block & 0xFFF))
    }

    /// A writing client's id (`UniqueId.next()`-like, positive, increasing).
    @inline(__always)
    static func clientID(transaction: UInt64) -> Int64 {
        Int64(114_000_000_000_000_000 &+ (transaction << 4))
    }

    /// A block's commit sequence id on its datanode pipeline (grows with time).
    @inline(__always)
    static func blockCommitSequenceID(transaction: UInt64, block: Int) -> UInt64 {
        transaction &* 3 &+ UInt64(block)
    }

    /// A multipart upload id as Ozone writes it: `UUID.randomUUID() + "-" + UniqueId.next()`.
    static func uploadID(random: inout SimulatorRandom, transaction: UInt64) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(56)
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        let high = random.next()
        let low = random.next()
        // Version 4, variant 10xx, like java.util.UUID.randomUUID().
        let msb = (high & ~0xF000) | 0x4000
        let lsb = (low & ~(0xC << 60)) | (0x8 << 60)
        for (i, nibbleIndex) in (0..<32).enumerated() {
            if i == 8 || i == 12 || i == 16 || i == 20 { out.append(UInt8(ascii: "-")) }
            let word = nibbleIndex < 16 ? msb : lsb
            let shift = UInt64(60 - 4 * (nibbleIndex % 16))
            out.append(hex[Int((word >> shift) & 0xF)])
        }
        out.append(UInt8(ascii: "-"))
        KeyWriter.appendUnsigned(UInt64(clientID(transaction: transaction)), to: &out)
        return out
    }

    /// `transactionInfoTable` value `term#index` (`TransactionInfo`).
    static func transactionInfo(term: UInt64, index: UInt64) -> [UInt8] {
        var out: [UInt8] = []
        KeyWriter.appendUnsigned(term, to: &out)
        out.append(UInt8(ascii: "#"))
        KeyWriter.appendUnsigned(index, to: &out)
        return out
    }

    /// Parses a `term#index` value; nil when malformed.
    static func parseTransactionInfo(_ bytes: [UInt8]) -> (term: UInt64, index: UInt64)? {
        guard let hash = bytes.firstIndex(of: UInt8(ascii: "#")),
              let term = UInt64(String(decoding: bytes[..<hash], as: UTF8.self)),
              let index = UInt64(String(decoding: bytes[(hash + 1)...], as: UTF8.self)) else { return nil }
        return (term, index)
    }

    /// The key of the single `transactionInfoTable` row.
    static let transactionInfoKey: [UInt8] = Array("#TRANSACTIONINFO".utf8)
    /// The layout-version row of `metaTable`.
    static let layoutVersionKey: [UInt8] = Array("#LAYOUTVERSION".utf8)
}
