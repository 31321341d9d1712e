/// Builds serialized WriteBatches byte-identical to RocksDB's `WriteBatch` (write_batch.cc):
/// column family 0 uses the plain tag, any other id the column-family tag plus a varint32 id;
/// counted ops bump the header count, LogData does not.
///
/// ```swift
/// var batch = WriteBatchBuilder(sequence: 42)
/// batch.put(columnFamily: 5, key: Array("/v/b/k".utf8), value: keyInfoBytes)
/// batch.delete(columnFamily: 3, key: Array("/v".utf8))
/// let data = batch.bytes
/// ```
///
/// Keys and values must each be shorter than 4 GiB (RocksDB rejects larger ones too).
public struct WriteBatchBuilder: Sendable {
    /// The batch so far, header included; always a valid batch.
    public private(set) var bytes: [UInt8]

    /// An empty batch (RocksDB starts with 12 zero bytes; `sequence` is set when written).
    public init(sequence: UInt64 = 0) {
        bytes = [UInt8](repeating: 0, count: WriteBatchReader.headerSize)
        self.sequence = sequence
    }

    /// Header sequence number: the sequence of the first counted op.
    public var sequence: UInt64 {
        get { bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: 0, as: UInt64.self)) } }
        set { bytes.withUnsafeMutableBytes { $0.storeBytes(of: newValue.littleEndian, toByteOffset: 0, as: UInt64.self) } }
    }

    /// Header count: number of counted ops so far.
    public private(set) var count: UInt32 {
        get { bytes.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: 8, as: UInt32.self)) } }
        set { bytes.withUnsafeMutableBytes { $0.storeBytes(of: newValue.littleEndian, toByteOffset: 8, as: UInt32.self) } }
    }

    /// `Put(cf, key, value)`.
    public mutating func put(columnFamily: UInt32 = 0, key: some Collection<UInt8>, value: some Collection<UInt8>) {
        appendCounted(plain: .value, cf: .columnFamilyValue, columnFamily: columnFamily)
        appendSlice(key)
        appendSlice(value)
    }

    /// `Delete(cf, key)`.
    public mutating func delete(columnFamily: UInt32 = 0, key: some Collection<UInt8>) {
        appendCounted(plain: .deletion, cf: .columnFamilyDeletion, columnFamily: columnFamily)
        appendSlice(key)
    }

    /// `SingleDelete(cf, key)`.
    public mutating func singleDelete(columnFamily: UInt32 = 0, key: some Collection<UInt8>) {
        appendCounted(plain: .singleDeletion, cf: .columnFamilySingleDeletion, columnFamily: columnFamily)
        appendSlice(key)
    }

    /// `DeleteRange(cf, begin, end)`: deletes keys in `[begin, end)`.
    public mutating func deleteRange(columnFamily: UInt32 = 0, begin: some Collection<UInt8>, end: some Collection<UInt8>) {
        appendCounted(plain: .rangeDeletion, cf: .columnFamilyRangeDeletion, columnFamily: columnFamily)
        appendSlice(begin)
        appendSlice(end)
    }

    /// `Merge(cf, key, operand)`.
    public mutating func merge(columnFamily: UInt32 = 0, key: some Collection<UInt8>, value: some Collection<UInt8>) {
        appendCounted(plain: .merge, cf: .columnFamilyMerge, columnFamily: columnFamily)
        appendSlice(key)
        appendSlice(value)
    }

    /// `PutLogData(blob)`: WAL-only, not counted, takes no sequence number.
    public mutating func putLogData(_ blob: some Collection<UInt8>) {
        bytes.append(WriteBatchTag.logData.rawValue)
        appendSlice(blob)
    }

    private mutating func appendCounted(plain: WriteBatchTag, cf: WriteBatchTag, columnFamily: UInt32) {
        count &+= 1
        if columnFamily == 0 {
            bytes.append(plain.rawValue)
        } else {
            bytes.append(cf.rawValue)
            WriteBatchWire.appendVarint32(columnFamily, to: &bytes)
        }
    }

    private mutating func appendSlice(_ slice: some Collection<UInt8>) {
        precondition(slice.count <= Int(UInt32.max), "WriteBatch slice too large")
        WriteBatchWire.appendVarint32(UInt32(slice.count), to: &bytes)
        bytes.append(contentsOf: slice)
    }
}
