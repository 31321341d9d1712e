import Foundation

/// Finds the latest event for a (table, key) among the events of one ``OMEventBatch``
/// (Recon's per-round `table → key → latest event` map, recon-anchor.md §2.2) without
/// allocating per event: an open-addressing table of event indexes, keyed by a hash of
/// the table index and key bytes; keys are compared against the batch's own storage.
/// ``reset()`` keeps the capacity, so one index serves every response.
struct PreImageIndex {
    private var slots: [Int32]
    private var hashes: [UInt64]
    private var used = 0
    private var mask: Int

    /// An empty index with room for about `capacity / 2` keys before it grows.
    init(capacity: Int = 4096) {
        var size = 16
        while size < capacity { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
        hashes = [UInt64](repeating: 0, count: size)
        mask = size - 1
    }

    /// Forgets every entry, keeping (up to a bound) the capacity.
    mutating func reset() {
        guard used > 0 else { return }
        if slots.count > 1 << 20 {
            self = PreImageIndex()
            return
        }
        for i in slots.indices { slots[i] = -1 }
        used = 0
    }

    /// The hash of a (table, key) pair: FNV-1a over the key, seeded with the table.
    static func hash(table: UInt16, key: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(table)
        for byte in key {
            h ^= UInt64(byte)
            h &*= 0x0000_0100_0000_01b3
        }
        return h ^ (h >> 29)
    }

    /// Looks up (table, key) in `batch`: the slot where it is or would go, and the
    /// index of its latest event when present.
    func find(hash: UInt64, table: UInt16, key: UnsafeRawBufferPointer, in batch: OMEventBatch) -> (slot: Int, event: Int?) {
        var i = Int(truncatingIfNeeded: hash) & mask
        while true {
            let e = slots[i]
            if e < 0 { return (i, nil) }
            if hashes[i] == hash {
                let event = batch.events[Int(e)]
                if event.tableIndex == table && Self.equal(batch.storage, event.key, key) { return (i, Int(e)) }
            }
            i = (i + 1) & mask
        }
    }

    /// Records `event` as the latest for the key found at `slot` by ``find(hash:table:key:in:)``.
    mutating func set(slot: Int, hash: UInt64, event: Int) {
        if slots[slot] < 0 {
            slots[slot] = Int32(event)
            hashes[slot] = hash
            used += 1
            if used * 2 > slots.count { grow() }
        } else {
            slots[slot] = Int32(event)
        }
    }

    private mutating func grow() {
        let oldSlots = slots
        let oldHashes = hashes
        let size = slots.count * 2
        slots = [Int32](repeating: -1, count: size)
        hashes = [UInt64](repeating: 0, count: size)
        mask = size - 1
        for (e, h) in zip(oldSlots, oldHashes) where e >= 0 {
            var i = Int(truncatingIfNeeded: h) & mask
            while slots[i] >= 0 { i = (i + 1) & mask }
            slots[i] = e
            hashes[i] = h
        }
    }

    private static func equal(_ storage: [UInt8], _ range: Range<Int>, _ key: UnsafeRawBufferPointer) -> Bool {
        guard range.count == key.count else { return false }
        if key.isEmpty { return true }
        return storage.withUnsafeBytes { s in
            memcmp(s.baseAddress! + range.lowerBound, key.baseAddress!, key.count) == 0
        }
    }
}
