import Logging
import OzoneFormat
import Synchronization

/// What one ``DeltaApplier/apply(_:to:)`` did.
public struct DeltaApplyResult: Sendable {
    /// The events of every applied batch, in order; nil when no batch was applied.
    public var events: OMEventBatch?
    /// Write batches applied.
    public var batches: Int
    /// Bytes of write batches applied.
    public var bytes: Int
    /// The replica's sequence number afterwards.
    public var sequence: UInt64
}

/// Turns one OM delta response into events with Recon's rules (recon-anchor.md §2.2,
/// om-db-format.md §7.3) and applies its write batches to the replica.
///
/// Every batch of the response is parsed and checked first — complete records, the
/// header count, a sequence that continues the replica's (`start == latest + 1`),
/// column families the replica has — so a corrupt batch or a gap anywhere applies
/// nothing. Then events are derived batch by batch against the replica before the
/// response (a key's pre-image from an earlier batch of the response comes from that
/// batch's event), and the response's batches are written as one synced write batch in
/// key order (split after a batch holding a DeleteRange, whose effect later pre-images
/// must see);
/// the replica's new sequence number is checked before the events are returned.
///
/// Events: the pre-image of a key is its latest event in this response, else a point
/// read of the replica. PUT with a pre-image → UPDATE with the old value; PUT after a
/// DELETE of the key in this response → PUT that still carries the deleted value as
/// old value (as Recon does); DELETE → DELETE carrying the deleted value; DELETE of an
/// absent key → nothing (also a second DELETE in a row, where Recon would repeat the
/// event); SingleDelete like DELETE; merge, DeleteRange, LogData and markers give no
/// event. Only tables of the OM catalog (``OMTable``) give events.
///
/// Apart from the event batch's shared storage, deriving allocates nothing per event.
/// Calls are serialized; one applier serves every response.
public final class DeltaApplier: Sendable {
    private struct Scratch {
        var index = PreImageIndex()
        var oldValue: [UInt8] = []
        /// Column-family id → (table name, table index in the current event batch).
        var tables: [UInt32: (name: String, index: UInt16)] = [:]
    }

    private let scratch = Mutex(Scratch())
    private let logger: Logger

    /// An applier logging to `logger`.
    public init(logger: Logger) {
        self.logger = logger
    }

    /// Validates, derives events for and applies every batch of `updates` to `replica`.
    public func apply(_ updates: OMDeltaUpdates, to replica: OMReplica) throws(OMSyncError) -> DeltaApplyResult {
        let start: UInt64
        do {
            start = try replica.latestSequenceNumber
        } catch {
            throw .applyFailed("cannot read the replica's sequence number: \(error)")
        }
        let ranges = try validate(updates.batches, from: start, replica: replica)
        guard let first = ranges.first(where: { $0 != nil }) ?? nil, let last = ranges.last(where: { $0 != nil }) ?? nil else {
            return DeltaApplyResult(events: nil, batches: 0, bytes: 0, sequence: start)
        }
        let lastIndex = ranges.lastIndex(where: { $0 != nil })!
        var events = OMEventBatch(firstSequence: first.lowerBound, lastSequence: last.upperBound)
        var bytes = 0
        var applied = 0
        try scratch.withLock { (s: inout Scratch) throws(OMSyncError) in
            s.index.reset()
            s.tables.removeAll(keepingCapacity: true)
            var pending: [Int] = []
            for (i, batch) in updates.batches.enumerated() {
                guard ranges[i] != nil else { continue }
                let hadRangeDelete = try derive(batch, replica: replica, into: &events, scratch: &s)
                pending.append(i)
                bytes += batch.count
                applied += 1
                if hadRangeDelete {
                    // Later pre-images must see what the DeleteRange removed.
                    try write(pending, of: updates.batches, ranges: ranges, to: replica, sync: i == lastIndex)
                    pending.removeAll(keepingCapacity: true)
                    s.index.reset()
                }
            }
            if !pending.isEmpty {
                try write(pending, of: updates.batches, ranges: ranges, to: replica, sync: true)
            }
        }
        return DeltaApplyResult(events: events, batches: applied, bytes: bytes, sequence: last.upperBound)
    }

    /// Writes the (validated, consecutive) batches at `indexes` to the replica as one
    /// write batch: the first one's header with the summed count, then every batch's
    /// records, sorted by key when only puts and deletes are there. The replica's
    /// sequence afterwards is the OM's; no state between two records is ever read.
    private func write(
        _ indexes: [Int], of batches: [[UInt8]], ranges: [ClosedRange<UInt64>?], to replica: OMReplica, sync: Bool
    ) throws(OMSyncError) {
        guard let first = indexes.first, let last = indexes.last, let start = ranges[first], let end = ranges[last] else { return }
        if indexes.count == 1 {
            try replica.apply(batches[first], expectedLastSequence: end.upperBound, sync: sync)
            return
        }
        var merged: [UInt8] = []
        merged.reserveCapacity(indexes.reduce(WriteBatchReader.headerSize) { $0 + batches[$1].count - WriteBatchReader.headerSize })
        withUnsafeBytes(of: start.lowerBound.littleEndian) { merged.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt32(truncatingIfNeeded: end.upperBound - start.lowerBound + 1).littleEndian) { merged.append(contentsOf: $0) }
        for i in indexes { merged.append(contentsOf: batches[i][WriteBatchReader.headerSize...]) }
        // Applied whole, the records may go in key order: the memtables insert them far
        // faster so, and the outcome is the same (see WriteBatchKeyOrder).
        try replica.apply(WriteBatchKeyOrder.sorted(merged) ?? merged, expectedLastSequence: end.upperBound, sync: sync)
    }

    /// Parses every batch and checks sequence continuity and column families. Returns
    /// each batch's sequence range (nil for a batch without counted ops).
    private func validate(_ batches: [[UInt8]], from start: UInt64, replica: OMReplica) throws(OMSyncError) -> [ClosedRange<UInt64>?] {
        var expected = start &+ 1
        var ranges: [ClosedRange<UInt64>?] = []
        ranges.reserveCapacity(batches.count)
        for (i, batch) in batches.enumerated() {
            let result: Result<ClosedRange<UInt64>?, OMSyncError> = batch.withUnsafeBytes { raw in
                let reader: WriteBatchReader
                do {
                    reader = try WriteBatchReader(raw)
                } catch let error as WriteBatchError {
                    return .failure(.corruptBatch(index: i, error))
                } catch {
                    return .failure(.corruptBatch(index: i, .tooSmall(size: raw.count)))
                }
                for record in reader where replica.family(id: record.columnFamilyID) == nil {
                    return .failure(.unknownColumnFamily(index: i, id: record.columnFamilyID))
                }
                guard let lastSequence = reader.lastSequence else { return .success(nil) }
                guard reader.sequence == expected else {
                    return .failure(.gap(index: i, expected: expected, found: reader.sequence))
                }
                return .success(reader.sequence...lastSequence)
            }
            let range = try result.get()
            if let range { expected = range.upperBound &+ 1 }
            ranges.append(range)
        }
        return ranges
    }

    /// Appends the events of one (validated) batch. Returns true when the batch holds
    /// a DeleteRange on an OM table (the pre-image index is then stale after applying).
    private func derive(
        _ batch: [UInt8], replica: OMReplica, into events: inout OMEventBatch, scratch s: inout Scratch
    ) throws(OMSyncError) -> Bool {
        let outcome: Result<Bool, OMSyncError> = batch.withUnsafeBytes { raw in
            guard let reader = try? WriteBatchReader(raw) else {
                return .failure(.corruptBatch(index: -1, .tooSmall(size: raw.count)))
            }
            var rangeDelete = false
            let sequence = reader.sequence
            do {
                for record in reader {
                    switch record.op {
                    case .put, .delete, .singleDelete:
                        guard let table = tableInfo(record.columnFamilyID, replica: replica, events: events, scratch: &s) else { continue }
                        try derive(record, table: table, sequence: sequence, replica: replica, into: &events, scratch: &s)
                    case .deleteRange:
                        if let name = replica.columnFamilyName(id: record.columnFamilyID), OMTable(name: name) != nil {
                            logger.warning("OM write batch at sequence \(sequence) holds a DeleteRange on \(name); it is applied but gives no events")
                            rangeDelete = true
                        }
                    default:
                        continue
                    }
                }
            } catch {
                return .failure(.applyFailed("reading a pre-image from the replica failed: \(error)"))
            }
            return .success(rangeDelete)
        }
        return try outcome.get()
    }

    /// The name of an OM-catalog column family and its table index in the event
    /// batch (nil until the batch has an event for it), or nil for other families.
    private func tableInfo(
        _ id: UInt32, replica: OMReplica, events: OMEventBatch, scratch s: inout Scratch
    ) -> (name: String, index: UInt16?)? {
        if let known = s.tables[id] { return (known.name, known.index) }
        guard let name = replica.columnFamilyName(id: id), OMTable(name: name) != nil else { return nil }
        guard let index = events.tables.lastIndex(of: name) else { return (name, nil) }
        s.tables[id] = (name, UInt16(index))
        return (name, UInt16(index))
    }

    /// Appends the event (if any) for one put or delete record.
    private func derive(
        _ record: WriteBatchRecord, table: (name: String, index: UInt16?), sequence: UInt64,
        replica: OMReplica, into events: inout OMEventBatch, scratch s: inout Scratch
    ) throws {
        let isPut = record.op == .put
        var found: (slot: Int, event: Int?, hash: UInt64)?
        if let index = table.index {
            let hash = PreImageIndex.hash(table: index, key: record.key)
            let (slot, event) = s.index.find(hash: hash, table: index, key: record.key, in: events)
            found = (slot, event, hash)
        }
        if let latest = found?.event {
            let previous = events.events[latest]
            if !isPut && previous.action == .delete { return }
            s.oldValue.removeAll(keepingCapacity: true)
            s.oldValue.append(contentsOf: events.storage[previous.value])
            s.oldValue.withUnsafeBytes { old in
                if isPut {
                    let action: OMEventAction = previous.action == .delete ? .put : .update
                    events.append(action, table: table.name, key: record.key, value: record.value, oldValue: old, sequence: sequence)
                } else {
                    events.append(.delete, table: table.name, key: record.key, value: old, sequence: sequence)
                }
            }
        } else {
            guard let cf = replica.family(id: record.columnFamilyID) else { return }
            let appended = try replica.withValue(cf, key: record.key) { old -> Bool in
                switch (isPut, old) {
                case (true, let old?):
                    events.append(.update, table: table.name, key: record.key, value: record.value, oldValue: old, sequence: sequence)
                case (true, nil):
                    events.append(.put, table: table.name, key: record.key, value: record.value, sequence: sequence)
                case (false, let old?):
                    events.append(.delete, table: table.name, key: record.key, value: old, sequence: sequence)
                case (false, nil):
                    return false
                }
                return true
            }
            if !appended { return }
        }
        if let found {
            s.index.set(slot: found.slot, hash: found.hash, event: events.count - 1)
        } else {
            // The table's first event in this batch: its index is known only now.
            let index = events.events[events.count - 1].tableIndex
            s.tables[record.columnFamilyID] = (table.name, index)
            let hash = PreImageIndex.hash(table: index, key: record.key)
            let (slot, _) = s.index.find(hash: hash, table: index, key: record.key, in: events)
            s.index.set(slot: slot, hash: hash, event: events.count - 1)
        }
    }
}
