/// One record of a serialized WriteBatch, with borrowed slices into the batch bytes.
///
/// `key` and `value` point into the buffer the `WriteBatchReader` was created on and are
/// valid only while that buffer is; copy them (`Array(record.key)`) to keep them.
public struct WriteBatchRecord {
    /// The operation.
    public let op: WriteBatchOp
    /// The raw tag byte.
    public let tag: WriteBatchTag
    /// Column-family id; 0 (`default`) when the tag carries none.
    public let columnFamilyID: UInt32
    /// The key; the begin key for `deleteRange`; the blob for `logData`; the xid for
    /// `endPrepare`, `commit`, `commitWithTimestamp` and `rollback`; empty for the other markers.
    public let key: UnsafeRawBufferPointer
    /// The value; the end key for `deleteRange`; the timestamp for `commitWithTimestamp`;
    /// empty for ops without one.
    public let value: UnsafeRawBufferPointer
    /// For ops that consume one (`op.consumesSequenceNumber`): header sequence + number of
    /// earlier such ops. For LogData and markers: the sequence the next op would get.
    public let sequence: UInt64
    /// Byte offset of the tag in the batch.
    public let offset: Int
}
