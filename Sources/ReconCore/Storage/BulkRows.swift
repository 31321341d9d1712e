import Foundation

/// Puts and deletes of one key/value table collected for a bulk build, in the order
/// they were made: keys and values packed in one byte buffer, one small entry per
/// write (no allocation per row). ``forEachLatestSorted(_:)`` sorts them into the
/// strictly increasing key order a table file needs, keeping the last write of each
/// key.
///
/// Each entry carries its key's first 8 bytes as a number, so the sort is a radix
/// sort on those (no key bytes touched, no comparisons) followed by a comparison sort
/// of each group of entries sharing them; keys led by an id (a container's mappings)
/// fall into small groups that arrive nearly in order.
struct BulkRows {
    private struct Entry {
        var offset: Int
        var keyLength: UInt32
        /// `UInt32.max` marks a delete.
        var valueLength: UInt32
        /// The key's first 8 bytes, big-endian, zero-padded: ordering by it never
        /// contradicts the bytewise order of the keys.
        var prefix: UInt64
    }

    private static let deleteMark = UInt32.max
    private var bytes: [UInt8] = []
    private var entries: [Entry] = []

    /// Whether no write was collected.
    var isEmpty: Bool { entries.isEmpty }
    /// The number of writes collected.
    var count: Int { entries.count }
    /// The memory held: keys, values and one entry per write.
    var byteCount: Int { bytes.count + entries.count * MemoryLayout<Entry>.stride }

    /// Collects a put of `key` → `value`.
    mutating func put(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) {
        precondition(value.count < Int(Self.deleteMark), "a value of 4 GiB or more")
        entries.append(Entry(
            offset: bytes.count, keyLength: UInt32(key.count), valueLength: UInt32(value.count), prefix: Self.prefix(key)))
        bytes.append(contentsOf: key)
        bytes.append(contentsOf: value)
    }

    /// Collects a delete of `key`.
    mutating func delete(key: UnsafeRawBufferPointer) {
        entries.append(Entry(
            offset: bytes.count, keyLength: UInt32(key.count), valueLength: Self.deleteMark, prefix: Self.prefix(key)))
        bytes.append(contentsOf: key)
    }

    /// Appends every write of `other` after this one's.
    mutating func append(_ other: BulkRows) {
        let shift = bytes.count
        bytes.append(contentsOf: other.bytes)
        entries.reserveCapacity(entries.count + other.entries.count)
        for var entry in other.entries {
            entry.offset += shift
            entries.append(entry)
        }
    }

    /// Makes room for `bytes` bytes of keys and values in `entries` writes, so that
    /// collecting up to that much never copies what is already collected.
    mutating func reserve(bytes byteCount: Int, entries entryCount: Int) {
        bytes.reserveCapacity(byteCount)
        entries.reserveCapacity(entryCount)
    }

    /// Drops every write, keeping the capacity.
    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        entries.removeAll(keepingCapacity: true)
    }

    /// Visits the writes in the order they were made: the key, and the value (nil
    /// for a delete), borrowed during `body`.
    func forEach(_ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer?) throws -> Void) rethrows {
        try bytes.withUnsafeBytes { buffer in
            for entry in entries { try visit(entry, buffer, body) }
        }
    }

    /// Sorts the writes by key (a key's writes stay in the order they were made) and
    /// visits the last write of each key, in strictly increasing key order.
    mutating func forEachLatestSorted(_ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer?) throws -> Void) rethrows {
        guard !entries.isEmpty else { return }
        try bytes.withUnsafeBytes { buffer in
            let base = buffer.baseAddress!
            entries.withUnsafeMutableBufferPointer { all in
                Self.radixSortByPrefix(all)
                var start = 0
                while start < all.count {
                    var end = start + 1
                    while end < all.count && all[end].prefix == all[start].prefix { end += 1 }
                    if end - start > 1 {
                        var group = UnsafeMutableBufferPointer(rebasing: all[start..<end])
                        group.sort { a, b in
                            let c = memcmp(base + a.offset, base + b.offset, Int(min(a.keyLength, b.keyLength)))
                            if c != 0 { return c < 0 }
                            if a.keyLength != b.keyLength { return a.keyLength < b.keyLength }
                            return a.offset < b.offset
                        }
                    }
                    start = end
                }
            }
            for i in entries.indices {
                let entry = entries[i]
                if i + 1 < entries.count {
                    let next = entries[i + 1]
                    if next.keyLength == entry.keyLength && next.prefix == entry.prefix
                        && memcmp(base + entry.offset, base + next.offset, Int(entry.keyLength)) == 0 {
                        continue // a later write of the same key wins
                    }
                }
                try visit(entry, buffer, body)
            }
        }
    }

    /// The first 8 bytes of `key`, big-endian, zero-padded.
    private static func prefix(_ key: UnsafeRawBufferPointer) -> UInt64 {
        if key.count >= 8 { return UInt64(bigEndian: key.loadUnaligned(as: UInt64.self)) }
        var value: UInt64 = 0
        for (i, byte) in key.enumerated() { value |= UInt64(byte) << UInt64(56 - 8 * i) }
        return value
    }

    /// Stable LSD radix sort of `entries` by prefix, one pass per byte that differs
    /// among them (the byte histograms are counted in one pass first).
    private static func radixSortByPrefix(_ entries: UnsafeMutableBufferPointer<Entry>) {
        let n = entries.count
        guard n > 1 else { return }
        var counts = [Int](repeating: 0, count: 8 * 256)
        counts.withUnsafeMutableBufferPointer { counts in
            for entry in entries {
                var p = entry.prefix
                for byte in 0..<8 {
                    counts[byte &* 256 &+ Int(p & 0xFF)] &+= 1
                    p >>= 8
                }
            }
            let scratch = UnsafeMutableBufferPointer<Entry>.allocate(capacity: n)
            defer { scratch.deallocate() }
            var source = entries, target = scratch
            for byte in 0..<8 {
                let histogram = UnsafeMutableBufferPointer(rebasing: counts[(byte * 256)..<(byte * 256 + 256)])
                // A byte every entry shares orders nothing.
                if histogram.contains(n) { continue }
                var next = 0
                for digit in 0..<256 {
                    let count = histogram[digit]
                    histogram[digit] = next
                    next &+= count
                }
                let shift = UInt64(8 * byte)
                for entry in source {
                    let digit = Int((entry.prefix >> shift) & 0xFF)
                    (target.baseAddress! + histogram[digit]).initialize(to: entry)
                    histogram[digit] &+= 1
                }
                swap(&source, &target)
            }
            if source.baseAddress != entries.baseAddress {
                _ = entries.update(fromContentsOf: source)
            }
        }
    }

    private func visit(
        _ entry: Entry, _ buffer: UnsafeRawBufferPointer,
        _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer?) throws -> Void
    ) rethrows {
        let keyEnd = entry.offset + Int(entry.keyLength)
        let key = UnsafeRawBufferPointer(rebasing: buffer[entry.offset..<keyEnd])
        if entry.valueLength == Self.deleteMark {
            try body(key, nil)
        } else {
            try body(key, UnsafeRawBufferPointer(rebasing: buffer[keyEnd..<(keyEnd + Int(entry.valueLength))]))
        }
    }
}
