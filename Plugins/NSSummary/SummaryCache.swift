import ReconTaskKit

/// The summaries one `process` batch touches, read through from storage once and
/// written back once by ``flush()``: an entity updated by many events of a batch costs
/// one read and one write.
struct SummaryCache: SummaryTarget {
    /// The `summary` table.
    static let table: KVTable = "summary"

    /// One loaded entity: its summary (`nil` = absent or removed) and its prefix name.
    private struct Slot {
        var summary: Summary?
        var name: [UInt8]
    }

    private let tx: Transaction
    private var slots: [EntityID: Slot] = [:]
    /// Entities to write back (or delete).
    private var dirty: Set<EntityID> = []

    /// A cache over `tx`.
    init(_ tx: Transaction) { self.tx = tx }

    /// The summary of object `objectID`, or `nil` when it has none.
    mutating func objectSummary(_ objectID: UInt64) throws -> Summary? {
        try load(.object(objectID), name: UnsafeRawBufferPointer(start: nil, count: 0)).summary
    }

    /// Calls `body` with the summary of `id`, creating it when absent.
    mutating func update(_ id: EntityID, name: UnsafeRawBufferPointer, _ body: (inout Summary) -> Void) throws {
        var slot = try load(id, name: name)
        var summary = slot.summary ?? Summary()
        body(&summary)
        slot.summary = summary
        slots[id] = slot
        dirty.insert(id)
    }

    /// Removes the summary of object `objectID`.
    mutating func removeObject(_ objectID: UInt64) {
        remove(.object(objectID), name: [])
    }

    /// Removes every prefix summary of bucket `bucket` (stored or made in this batch).
    mutating func removePrefixes(ofBucket bucket: UInt64) throws {
        for kind in [EntityKind.objectStorePrefix, .legacyPrefix] {
            let range = EntityKeys.prefixRange(kind, bucket: bucket)
            var found: [(EntityID, [UInt8])] = []
            try tx.kvScan(Self.table, from: range.start, to: range.end) { key, _ in
                if let parsed = EntityKeys.parse(key) { found.append((parsed.id, parsed.name)) }
                return true
            }
            for (id, name) in found { remove(id, name: name) }
        }
        for (id, slot) in slots where id.kind != .object && id.id == bucket { remove(id, name: slot.name) }
    }

    /// Writes every changed summary back; prefixes that hold nothing are deleted.
    func flush() throws {
        var value: [UInt8] = []
        for id in dirty {
            guard let slot = slots[id] else { continue }
            let key = EntityKeys.storageKey(id, name: slot.name)
            if let summary = slot.summary, !(id.kind != .object && summary.totals.isZero && summary.markers == 0) {
                SummaryCodec.encode(summary, into: &value)
                try tx.kvPut(Self.table, key, value)
            } else {
                try tx.kvDelete(Self.table, key)
            }
        }
    }

    private mutating func remove(_ id: EntityID, name: [UInt8]) {
        slots[id] = Slot(summary: nil, name: name)
        dirty.insert(id)
    }

    private mutating func load(_ id: EntityID, name: UnsafeRawBufferPointer) throws -> Slot {
        if let cached = slots[id] { return cached }
        let key = EntityKeys.storageKey(id, name: name)
        let stored = try tx.withKVValue(Self.table, key) { bytes -> Summary? in
            guard let bytes else { return nil }
            guard let summary = SummaryCodec.decode(bytes) else {
                throw ReconTaskError.failed("nssummary: the stored summary under key \(key) is corrupt")
            }
            return summary
        }
        let slot = Slot(summary: stored, name: Array(name))
        slots[id] = slot
        return slot
    }
}
