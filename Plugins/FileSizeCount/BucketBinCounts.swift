import ReconTaskKit

/// Signed file counts per (volume, bucket) and size slot, accumulated in memory: one
/// per reprocess worker, one per processed batch. A scan meets keys bucket by bucket,
/// so the last bucket's entry is compared bytewise first and reached without hashing;
/// other buckets are looked up through a reused scratch key, which allocates only when
/// a bucket is seen for the first time.
struct BucketBinCounts {
    /// Volume bytes, a 0 byte (never part of a name), bucket bytes → counts per slot.
    private(set) var counts: [[UInt8]: [Int64]] = [:]
    /// The key of the last bucket added to.
    private var scratch: [UInt8] = []
    /// Where the last bucket's counts are; `nil` after anything but an update in place.
    private var lastIndex: Dictionary<[UInt8], [Int64]>.Index?

    /// Adds `delta` files of `size` bytes to the bucket `volume`/`bucket`.
    mutating func add(volume: BorrowedString, bucket: BorrowedString, size: UInt64, delta: Int64) {
        let slot = SizeSlots.slot(of: size)
        if let index = lastIndex, isScratch(volume: volume.utf8, bucket: bucket.utf8) {
            counts.values[index][slot] += delta
            return
        }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: volume.utf8)
        scratch.append(0)
        scratch.append(contentsOf: bucket.utf8)
        let index: Dictionary<[UInt8], [Int64]>.Index
        if let found = counts.index(forKey: scratch) {
            index = found
        } else {
            counts[scratch] = Array(repeating: 0, count: SizeSlots.count)
            index = counts.index(forKey: scratch)!
        }
        counts.values[index][slot] += delta
        lastIndex = index
    }

    /// Whether `scratch` holds `volume`, a 0 byte and `bucket`.
    private func isScratch(volume: UnsafeRawBufferPointer, bucket: UnsafeRawBufferPointer) -> Bool {
        guard scratch.count == volume.count + 1 + bucket.count else { return false }
        return scratch.withUnsafeBytes { key in
            key[volume.count] == 0
                && UnsafeRawBufferPointer(rebasing: key[..<volume.count]).elementsEqual(volume)
                && UnsafeRawBufferPointer(rebasing: key[(volume.count + 1)...]).elementsEqual(bucket)
        }
    }

    /// Adds one key record's file with `delta` (+1 for a new file, -1 for a removed one).
    mutating func add(_ record: KeyRecord, delta: Int64) {
        add(volume: record.volume, bucket: record.bucket, size: record.dataSize, delta: delta)
    }

    /// Adds every count of `other` to this one.
    mutating func merge(_ other: BucketBinCounts) {
        lastIndex = nil
        for (key, slots) in other.counts {
            counts[key, default: Array(repeating: 0, count: SizeSlots.count)].withUnsafeMutableBufferPointer { mine in
                for (i, n) in slots.enumerated() { mine[i] += n }
            }
        }
    }

    /// Visits every non-zero (volume, bucket, upper bound, count) in no particular order.
    func forEachNonZero(_ visit: (_ volume: String, _ bucket: String, _ upperBound: Int64, _ count: Int64) throws -> Void) rethrows {
        for (key, slots) in counts {
            guard slots.contains(where: { $0 != 0 }) else { continue }
            let separator = key.firstIndex(of: 0) ?? key.endIndex
            let volume = String(decoding: key[..<separator], as: UTF8.self)
            let bucket = String(decoding: key[min(separator + 1, key.endIndex)...], as: UTF8.self)
            for (slot, n) in slots.enumerated() where n != 0 {
                try visit(volume, bucket, SizeSlots.upperBound(ofSlot: slot), n)
            }
        }
    }
}
