import OzoneFormat

/// Where the workload's picks seek, per table and bucket: keys that earlier picks landed
/// on. A pick seeks to a stored spot and moves it to the live key it found there, so when
/// that key is deleted the next pick from the spot steps over one tombstone, not over
/// every key ever deleted near a fixed seek target (RocksDB drops tombstones only at
/// compaction; seeking to generated words made omsim slower with every delete: 116
/// tombstones stepped over per keyTable pick after 30 s at 300k keys).
struct SeekSpots {
    private struct Slot: Hashable {
        var table: OMTable
        var bucket: Int
    }

    /// Spots kept per table and bucket.
    static let capacity = 1024

    private var spots: [Slot: [[UInt8]]] = [:]

    /// A stored spot of `table` in bucket `bucket` and its index, or nil when the pick
    /// should explore from a fresh random spot instead (always while few are stored,
    /// one pick in eight once the list is full).
    mutating func draw(_ table: OMTable, bucket: Int, random: inout SimulatorRandom) -> (index: Int, key: [UInt8])? {
        guard let list = spots[Slot(table: table, bucket: bucket)], !list.isEmpty else { return nil }
        let explore = list.count < Self.capacity ? random.chance(0.5) : random.chance(0.125)
        if explore { return nil }
        let index = random.below(list.count)
        return (index, list[index])
    }

    /// Stores `key` (where a pick landed) at `index` (the spot it was drawn from), or as a
    /// new spot (replacing a random one when the list is full).
    mutating func record(_ table: OMTable, bucket: Int, key: [UInt8], at index: Int?, random: inout SimulatorRandom) {
        let slot = Slot(table: table, bucket: bucket)
        var list = spots.removeValue(forKey: slot) ?? []
        if let index {
            list[index] = key
        } else if list.count < Self.capacity {
            list.append(key)
        } else {
            list[random.below(list.count)] = key
        }
        spots[slot] = list
    }
}
