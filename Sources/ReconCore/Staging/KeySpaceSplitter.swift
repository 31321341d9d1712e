/// Splits a table's key space into ranges for parallel scan workers without reading
/// the table: it interpolates between the first and the last key over the four bytes
/// that follow their common prefix.
///
/// OM keys are paths (`/volume/bucket/key`, `/volumeId/bucketId/parentId/name`), so
/// the bytes right after the common prefix carry most of the spread. Real
/// distributions are skewed (one hot bucket), so callers ask for several ranges per
/// worker and let workers pull ranges from a shared queue: a dense range then costs
/// one worker longer while the others keep pulling.
enum KeySpaceSplitter {
    /// Up to `count` disjoint ranges in key order covering every key (the first
    /// range has no lower bound, the last no upper bound). One range (`.all`) when
    /// `count <= 1` or the keys leave no room to split.
    static func ranges(first: [UInt8], last: [UInt8], count: Int) -> [ScanRange] {
        guard count > 1, first.lexicographicallyPrecedes(last) else { return [.all] }
        var prefixLength = 0
        while prefixLength < first.count, prefixLength < last.count, first[prefixLength] == last[prefixLength] {
            prefixLength += 1
        }
        let prefix = Array(first[..<prefixLength])
        let a = word(first, after: prefixLength)
        let b = word(last, after: prefixLength)
        guard b > a else { return [.all] }

        var bounds: [[UInt8]] = []
        for i in 1..<count {
            let w = a + (b - a) * UInt64(i) / UInt64(count)
            guard w > a else { continue }
            let bound = prefix + [UInt8(truncatingIfNeeded: w >> 24), UInt8(truncatingIfNeeded: w >> 16),
                                  UInt8(truncatingIfNeeded: w >> 8), UInt8(truncatingIfNeeded: w)]
            if let previous = bounds.last, !previous.lexicographicallyPrecedes(bound) { continue }
            bounds.append(bound)
        }
        guard !bounds.isEmpty else { return [.all] }
        var ranges: [ScanRange] = []
        ranges.reserveCapacity(bounds.count + 1)
        var lower: [UInt8]? = nil
        for bound in bounds {
            ranges.append(ScanRange(lower: lower, upper: bound))
            lower = bound
        }
        ranges.append(ScanRange(lower: lower, upper: nil))
        return ranges
    }

    /// The four bytes of `key` after `offset` as a big-endian number, zero-padded.
    private static func word(_ key: [UInt8], after offset: Int) -> UInt64 {
        var w: UInt64 = 0
        for i in 0..<4 {
            w <<= 8
            if offset + i < key.count { w |= UInt64(key[offset + i]) }
        }
        return w
    }
}
