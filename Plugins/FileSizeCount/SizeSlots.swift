import ReconTaskKit

/// The 42 distinct upper bounds Recon stores per bucket: the 41 bins of
/// ``FileSizeBins`` (1024 … 2^50) and, for sizes of 1 PiB and more, `Int64.max`
/// (Java's `Long.MAX_VALUE`), which Recon keeps apart from the 2^50 bin.
enum SizeSlots {
    /// The number of slots: 41 bins plus the "1 PiB and more" slot.
    static let count = FileSizeBins.count + 1

    /// The slot of a file of `size` bytes.
    @inline(__always)
    static func slot(of size: UInt64) -> Int {
        size >= FileSizeBins.maxUpperBound ? count - 1 : FileSizeBins.index(of: size)
    }

    /// The upper bound stored for `slot`: `2^(10 + slot)`, or `Int64.max` for the last.
    static func upperBound(ofSlot slot: Int) -> Int64 {
        slot == count - 1 ? Int64.max : Int64(1) << (10 + slot)
    }
}
