/// Recon's file-size binning, shared by the NSSummary histogram and FileSizeCount.
///
/// Bin `i` covers sizes in `(2^(i+9), 2^(i+10)]` (upper bounds inclusive); bin 0 covers
/// `[0, 1024]`; the last bin (40) holds every size of 2^49 + 1 and more, including
/// sizes of 1 PiB and beyond.
public enum FileSizeBins {
    /// The number of bins: 41.
    public static let count = 41
    /// The upper bound of the first bin: 1024 bytes.
    public static let minUpperBound: UInt64 = 1 << 10
    /// 1 PiB: sizes at or above it land in the last bin.
    public static let maxUpperBound: UInt64 = 1 << 50

    /// The bin index of `size`: `max(0, ceil(log2(size)) - 10)`, or 40 from 1 PiB up.
    @inline(__always)
    public static func index(of size: UInt64) -> Int {
        if size >= maxUpperBound { return count - 1 }
        if size <= minUpperBound { return 0 }
        return (64 - (size - 1).leadingZeroBitCount) - 10
    }

    /// The upper bound Recon stores for `size`: `2^(10 + index)` below 1 PiB, and
    /// `Int64.max` (Java's `Long.MAX_VALUE`) from 1 PiB up.
    @inline(__always)
    public static func upperBound(of size: UInt64) -> Int64 {
        if size >= maxUpperBound { return Int64.max }
        return Int64(1) << (10 + index(of: size))
    }
}
