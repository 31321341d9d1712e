/// A validated, borrowed view of a serialized RocksDB WriteBatch (om-db-format.md §7.4):
/// `sequence fixed64 LE | count fixed32 LE | record*`.
///
/// `init` checks the whole batch first — every record complete, every tag known, the header
/// count equal to the counted records — and throws otherwise, so iteration never yields a
/// prefix of a corrupt batch. Iterating allocates nothing; records borrow from `bytes`, which
/// must outlive the reader and its records.
///
/// ```swift
/// try data.withUnsafeBytes { raw in
///     for record in try WriteBatchReader(raw) where record.op == .put { ... }
/// }
/// ```
public struct WriteBatchReader: Sequence {
    /// Size of the header: sequence (8) + count (4).
    public static let headerSize = 12

    /// The whole batch, header included.
    public let bytes: UnsafeRawBufferPointer
    /// The sequence number of the first counted op (header bytes 0..<8).
    public let sequence: UInt64
    /// The number of counted ops (header bytes 8..<12); see `WriteBatchOp.consumesSequenceNumber`.
    public let count: UInt32
    /// The number of records of every kind, LogData and markers included.
    public let recordCount: Int

    /// Validates `bytes` as a complete WriteBatch.
    public init(_ bytes: UnsafeRawBufferPointer) throws(WriteBatchError) {
        let header = try Self.header(of: bytes)
        var position = Self.headerSize
        var found: UInt32 = 0
        var records = 0
        while position < bytes.count {
            let raw = try WriteBatchWire.readRecord(bytes, &position)
            if raw.tag.op.consumesSequenceNumber { found &+= 1 }
            records += 1
        }
        guard found == header.count else { throw .countMismatch(header: header.count, found: found) }
        self.bytes = bytes
        self.sequence = header.sequence
        self.count = header.count
        self.recordCount = records
    }

    /// Reads only the 12-byte header, without validating the records.
    public static func header(of bytes: UnsafeRawBufferPointer) throws(WriteBatchError) -> (sequence: UInt64, count: UInt32) {
        guard bytes.count >= headerSize else { throw .tooSmall(size: bytes.count) }
        let sequence = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
        let count = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
        return (sequence, count)
    }

    /// The sequence number of the last counted op, or nil for a batch without any.
    /// After applying the batch, a DB's latest sequence number is this value.
    public var lastSequence: UInt64? {
        count == 0 ? nil : sequence &+ UInt64(count) &- 1
    }

    /// Validates `bytes` (an array, `Data`, ...) and calls `body` with the reader. Records
    /// must not escape `body`.
    public static func withReader<Bytes: Sequence<UInt8>, Result>(
        _ bytes: Bytes, _ body: (WriteBatchReader) throws -> Result
    ) throws -> Result {
        if let result = try bytes.withContiguousStorageIfAvailable({ buffer in
            try body(WriteBatchReader(UnsafeRawBufferPointer(buffer)))
        }) {
            return result
        }
        return try Array(bytes).withUnsafeBytes { try body(WriteBatchReader($0)) }
    }

    public var underestimatedCount: Int { recordCount }

    public func makeIterator() -> Iterator {
        Iterator(bytes: bytes, position: Self.headerSize, nextSequence: sequence)
    }

    /// Walks the records of a validated batch in order.
    public struct Iterator: IteratorProtocol {
        let bytes: UnsafeRawBufferPointer
        var position: Int
        var nextSequence: UInt64

        public mutating func next() -> WriteBatchRecord? {
            guard position < bytes.count else { return nil }
            let offset = position
            // The batch was validated in init, so this cannot fail; stop rather than trap if it did.
            guard let raw = try? WriteBatchWire.readRecord(bytes, &position) else {
                position = bytes.count
                return nil
            }
            let sequence = nextSequence
            if raw.tag.op.consumesSequenceNumber { nextSequence &+= 1 }
            return WriteBatchRecord(
                op: raw.tag.op, tag: raw.tag, columnFamilyID: raw.columnFamilyID,
                key: UnsafeRawBufferPointer(rebasing: bytes[raw.key]),
                value: UnsafeRawBufferPointer(rebasing: bytes[raw.value]),
                sequence: sequence, offset: offset)
        }
    }
}
