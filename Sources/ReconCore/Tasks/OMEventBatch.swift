/// What happened to one OM key, with Recon's rules (recon_task.h, `recon_action`).
public enum OMEventAction: UInt8, Sendable {
    /// A key that did not exist.
    case put = 1
    /// A put over an existing key; the old value is kept.
    case update = 2
    /// A delete; the value is the deleted value.
    case delete = 3
}

/// One event's place in its batch's shared byte storage.
public struct OMEventRecord: Sendable, Equatable {
    /// The action.
    public var action: OMEventAction
    /// Index into ``OMEventBatch/tables``.
    public var tableIndex: UInt16
    /// Key bytes in ``OMEventBatch/storage``.
    public var key: Range<Int>
    /// New value (put/update) or deleted value (delete).
    public var value: Range<Int>
    /// The previous value (update, or a put right after a delete in the same batch).
    public var oldValue: Range<Int>?
    /// OM sequence number of the write batch that held it.
    public var sequence: UInt64
}

/// A batch of OM events in one contiguous byte store, so that deriving and
/// handing out events costs no allocation per event.
public struct OMEventBatch: Sendable {
    /// Every key and value, back to back.
    public private(set) var storage: [UInt8] = []
    /// The events, in OM order.
    public private(set) var events: [OMEventRecord] = []
    /// OM column families named by the events.
    public private(set) var tables: [String] = []
    /// First OM sequence number covered.
    public var firstSequence: UInt64
    /// Last OM sequence number covered: the cursor committed after processing.
    public var lastSequence: UInt64

    /// An empty batch covering `[firstSequence, lastSequence]`.
    public init(firstSequence: UInt64, lastSequence: UInt64) {
        self.firstSequence = firstSequence
        self.lastSequence = lastSequence
    }

    /// Number of events.
    public var count: Int { events.count }

    /// Empties the batch, keeping its buffers for reuse (no allocation on the next fill).
    public mutating func removeAll(keepingCapacity: Bool = true) {
        storage.removeAll(keepingCapacity: keepingCapacity)
        events.removeAll(keepingCapacity: keepingCapacity)
        tables.removeAll(keepingCapacity: keepingCapacity)
    }

    /// Reserves room for `events` events and `bytes` bytes of keys and values.
    public mutating func reserveCapacity(events: Int, bytes: Int) {
        self.events.reserveCapacity(events)
        storage.reserveCapacity(bytes)
    }

    /// Appends an event, copying its bytes into the shared storage.
    public mutating func append(
        _ action: OMEventAction, table: String, key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer,
        oldValue: UnsafeRawBufferPointer? = nil, sequence: UInt64
    ) {
        let tableIndex: Int
        if let i = tables.lastIndex(of: table) {
            tableIndex = i
        } else {
            tables.append(table)
            tableIndex = tables.count - 1
        }
        let k = appendBytes(key)
        let v = appendBytes(value)
        let o = oldValue.map { appendBytes($0) }
        events.append(OMEventRecord(action: action, tableIndex: UInt16(tableIndex), key: k, value: v, oldValue: o, sequence: sequence))
    }

    /// Convenience for tests and simulators: appends from arrays.
    public mutating func append(_ action: OMEventAction, table: String, key: [UInt8], value: [UInt8], oldValue: [UInt8]? = nil, sequence: UInt64) {
        key.withUnsafeBytes { k in
            value.withUnsafeBytes { v in
                if let oldValue {
                    oldValue.withUnsafeBytes { o in append(action, table: table, key: k, value: v, oldValue: o, sequence: sequence) }
                } else {
                    append(action, table: table, key: k, value: v, sequence: sequence)
                }
            }
        }
    }

    /// The table of an event.
    public func table(of event: OMEventRecord) -> String { tables[Int(event.tableIndex)] }

    /// The bytes of a range in the shared storage.
    public func bytes(_ range: Range<Int>) -> ArraySlice<UInt8> { storage[range] }

    private mutating func appendBytes(_ bytes: UnsafeRawBufferPointer) -> Range<Int> {
        let start = storage.count
        storage.append(contentsOf: bytes)
        return start..<storage.count
    }
}
