import ReconTaskKit

/// Materialized subtree totals of one bucket, directory or prefix: files, bytes,
/// replicated bytes, directories below, and the 41-bin file-size histogram.
///
/// Counts are signed so partial deltas can be summed in any order; stored totals are
/// never negative.
struct Totals: Equatable, Sendable {
    /// Files (keys) in the subtree.
    var files: Int64 = 0
    /// Sum of the files' data sizes.
    var bytes: Int64 = 0
    /// Sum of the files' replicated sizes.
    var replicatedBytes: Int64 = 0
    /// Directories (or prefixes) strictly below.
    var directories: Int64 = 0
    /// File counts per ``FileSizeBins`` bin; empty means all zero.
    var histogram: [Int64] = []

    /// Whether every count is zero.
    var isZero: Bool {
        files == 0 && bytes == 0 && replicatedBytes == 0 && directories == 0 && histogram.allSatisfy { $0 == 0 }
    }

    /// Adds (`sign` = 1) or removes (`sign` = -1) one file of `size` bytes.
    @inline(__always)
    mutating func addFile(size: UInt64, replicated: UInt64, sign: Int64) {
        files &+= sign
        bytes &+= sign &* Int64(truncatingIfNeeded: size)
        replicatedBytes &+= sign &* Int64(truncatingIfNeeded: replicated)
        if histogram.isEmpty { histogram = [Int64](repeating: 0, count: FileSizeBins.count) }
        histogram[FileSizeBins.index(of: size)] &+= sign
    }

    /// Adds `other` times `sign` (1 or -1), plus `extraDirectories` times `sign`.
    mutating func add(_ other: Totals, sign: Int64, extraDirectories: Int64 = 0) {
        files &+= sign &* other.files
        bytes &+= sign &* other.bytes
        replicatedBytes &+= sign &* other.replicatedBytes
        directories &+= sign &* (other.directories &+ extraDirectories)
        guard !other.histogram.isEmpty else { return }
        if histogram.isEmpty { histogram = [Int64](repeating: 0, count: FileSizeBins.count) }
        for i in 0..<FileSizeBins.count { histogram[i] &+= sign &* other.histogram[i] }
    }

    /// The histogram as 41 numbers (zeros when empty).
    var bins: [Int64] { histogram.isEmpty ? [Int64](repeating: 0, count: FileSizeBins.count) : histogram }
}

/// What the plugin stores per entity: the subtree totals plus the tree link.
struct Summary: Equatable, Sendable {
    /// The subtree totals.
    var totals = Totals()
    /// FSO directories: the parent's object id (a bucket or directory); 0 for buckets and
    /// for detached (deleted or not yet linked) directories. Unused for prefixes.
    var parent: UInt64 = 0
    /// LEGACY prefixes: how many `dir/` marker keys name this directory (0 or 1).
    var markers: Int64 = 0
}
