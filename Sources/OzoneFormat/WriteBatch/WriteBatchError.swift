/// Why a serialized WriteBatch was rejected. The reader reports these before yielding any
/// record, so a rejected batch never looks like a shorter complete one.
public enum WriteBatchError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Fewer than the 12 header bytes.
    case tooSmall(size: Int)
    /// The record starting at `offset` is cut off or has a malformed varint.
    case corruptRecord(offset: Int, tag: UInt8)
    /// A tag byte RocksDB's `ReadRecordFromWriteBatch` does not accept.
    case unknownTag(offset: Int, tag: UInt8)
    /// The header count differs from the number of counted records found.
    case countMismatch(header: UInt32, found: UInt32)

    public var description: String {
        switch self {
        case .tooSmall(let size):
            "malformed WriteBatch (too small): \(size) bytes, header needs 12"
        case .corruptRecord(let offset, let tag):
            "corrupt WriteBatch record with tag 0x\(String(tag, radix: 16)) at offset \(offset)"
        case .unknownTag(let offset, let tag):
            "unknown WriteBatch tag 0x\(String(tag, radix: 16)) at offset \(offset)"
        case .countMismatch(let header, let found):
            "WriteBatch has wrong count: header says \(header), found \(found)"
        }
    }
}
