/// How the shared scan cuts tables into chunks: a chunk ends at `maxRecords`
/// records or `maxBytes` bytes of keys and values, whichever comes first, and
/// always at the end of a partition (a chunk holds records of one table).
struct ScanChunking: Sendable, Equatable {
    /// Records per chunk at most.
    var maxRecords: Int
    /// Key and value bytes per chunk at most (a single larger record still makes a chunk).
    var maxBytes: Int

    /// 8192 records or 4 MiB.
    static let `default` = ScanChunking(maxRecords: 8192, maxBytes: 4 << 20)
}

/// One scan worker's chunk under construction: an ``OMEventBatch`` of PUTs at the
/// view's sequence. Appending copies the borrowed key and value into the batch's
/// one byte store, so the scan allocates per chunk (the arrays' geometric growth),
/// never per record.
struct ScanChunk {
    let chunking: ScanChunking
    let sequence: UInt64
    private(set) var batch: OMEventBatch

    init(chunking: ScanChunking, sequence: UInt64) {
        self.chunking = chunking
        self.sequence = sequence
        self.batch = OMEventBatch(firstSequence: sequence, lastSequence: sequence)
    }

    /// Records held.
    var count: Int { batch.count }

    /// Whether the chunk reached a limit.
    var isFull: Bool { batch.count >= chunking.maxRecords || batch.storage.count >= chunking.maxBytes }

    /// Adds one record of `table`.
    mutating func append(table: String, key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) {
        batch.append(.put, table: table, key: key, value: value, sequence: sequence)
    }

    /// Empties the chunk for the next records, reusing its buffers.
    mutating func reset() {
        batch.removeAll(keepingCapacity: true)
    }
}
