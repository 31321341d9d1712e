/// RocksDB `ValueType` tag bytes that can appear in a serialized WriteBatch
/// (`db/dbformat.h`; om-db-format.md §7.4).
public enum WriteBatchTag: UInt8, Sendable, CaseIterable {
    case deletion = 0x00
    case value = 0x01
    case merge = 0x02
    case logData = 0x03
    case columnFamilyDeletion = 0x04
    case columnFamilyValue = 0x05
    case columnFamilyMerge = 0x06
    case singleDeletion = 0x07
    case columnFamilySingleDeletion = 0x08
    case beginPrepareXID = 0x09
    case endPrepareXID = 0x0A
    case commitXID = 0x0B
    case rollbackXID = 0x0C
    case noop = 0x0D
    case columnFamilyRangeDeletion = 0x0E
    case rangeDeletion = 0x0F
    case columnFamilyBlobIndex = 0x10
    case blobIndex = 0x11
    case beginPersistedPrepareXID = 0x12
    case beginUnprepareXID = 0x13
    case commitXIDAndTimestamp = 0x15
    case wideColumnEntity = 0x16
    case columnFamilyWideColumnEntity = 0x17
    case valuePreferredSeqno = 0x18
    case columnFamilyValuePreferredSeqno = 0x19

    /// The operation this tag records.
    public var op: WriteBatchOp {
        switch self {
        case .value, .columnFamilyValue: .put
        case .deletion, .columnFamilyDeletion: .delete
        case .singleDeletion, .columnFamilySingleDeletion: .singleDelete
        case .rangeDeletion, .columnFamilyRangeDeletion: .deleteRange
        case .merge, .columnFamilyMerge: .merge
        case .blobIndex, .columnFamilyBlobIndex: .putBlobIndex
        case .wideColumnEntity, .columnFamilyWideColumnEntity: .putEntity
        case .valuePreferredSeqno, .columnFamilyValuePreferredSeqno: .timedPut
        case .logData: .logData
        case .noop: .noop
        case .beginPrepareXID: .beginPrepare
        case .beginPersistedPrepareXID: .beginPersistedPrepare
        case .beginUnprepareXID: .beginUnprepare
        case .endPrepareXID: .endPrepare
        case .commitXID: .commit
        case .commitXIDAndTimestamp: .commitWithTimestamp
        case .rollbackXID: .rollback
        }
    }

    /// True when a varint32 column-family id follows the tag.
    public var hasColumnFamily: Bool {
        switch self {
        case .columnFamilyValue, .columnFamilyDeletion, .columnFamilySingleDeletion, .columnFamilyRangeDeletion,
             .columnFamilyMerge, .columnFamilyBlobIndex, .columnFamilyWideColumnEntity,
             .columnFamilyValuePreferredSeqno:
            true
        default:
            false
        }
    }
}

/// What a WriteBatch record does. Plain and column-family tags map to the same op; the
/// record's `columnFamilyID` is 0 (`default`) for tags without an id.
public enum WriteBatchOp: Sendable, Hashable {
    /// Put(key, value).
    case put
    /// Delete(key).
    case delete
    /// SingleDelete(key).
    case singleDelete
    /// DeleteRange(begin = key, end = value).
    case deleteRange
    /// Merge(key, operand = value).
    case merge
    /// BlobDB index put(key, blob index = value).
    case putBlobIndex
    /// Wide-column entity put(key, serialized columns = value).
    case putEntity
    /// TimedPut(key, value packed with its write time).
    case timedPut
    /// LogData(blob = key): WAL only, applies nothing.
    case logData
    /// Noop marker.
    case noop
    /// 2PC BeginPrepare marker.
    case beginPrepare
    /// 2PC BeginPersistedPrepare marker.
    case beginPersistedPrepare
    /// 2PC BeginUnprepare marker.
    case beginUnprepare
    /// 2PC EndPrepare(xid = key).
    case endPrepare
    /// 2PC Commit(xid = key).
    case commit
    /// 2PC Commit(xid = key, timestamp = value).
    case commitWithTimestamp
    /// 2PC Rollback(xid = key).
    case rollback

    /// True for the ops RocksDB counts in the header and gives one sequence number each:
    /// put, delete, singleDelete, deleteRange, merge, putBlobIndex, putEntity, timedPut.
    /// LogData and the markers take none.
    public var consumesSequenceNumber: Bool {
        switch self {
        case .put, .delete, .singleDelete, .deleteRange, .merge, .putBlobIndex, .putEntity, .timedPut: true
        default: false
        }
    }
}
