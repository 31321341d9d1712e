import ReconTaskKit

/// What one OM table holds (or what a change adds to it): a count and, for open keys
/// and files, deleted keys and multipart uploads, logical and replicated bytes.
struct TableStats: Equatable {
    /// Rows; for deletedTable the number of keys in its lists (Recon's rule).
    var count: Int64 = 0
    /// Logical bytes (`dataSize`).
    var unreplicatedSize: Int64 = 0
    /// Bytes including replication.
    var replicatedSize: Int64 = 0

    /// Adds `rhs` to `lhs`, field by field.
    static func += (lhs: inout TableStats, rhs: TableStats) {
        lhs.count += rhs.count
        lhs.unreplicatedSize += rhs.unreplicatedSize
        lhs.replicatedSize += rhs.replicatedSize
    }

    /// Subtracts `rhs` from `lhs`, field by field.
    static func -= (lhs: inout TableStats, rhs: TableStats) {
        lhs.count -= rhs.count
        lhs.unreplicatedSize -= rhs.unreplicatedSize
        lhs.replicatedSize -= rhs.replicatedSize
    }

    /// Whether every field is 0.
    var isZero: Bool { self == TableStats() }

    /// Every field floored at 0 (Recon never reports negative totals).
    var clampedAtZero: TableStats {
        TableStats(count: max(0, count), unreplicatedSize: max(0, unreplicatedSize), replicatedSize: max(0, replicatedSize))
    }

    /// What one record of `table` contributes: one row (open keys and files, MPUs and
    /// every table without sizes), or for deletedTable one per listed key; sizes for
    /// the four tables Recon tracks sizes of. `record` is `nil` when the table is not
    /// decoded.
    init(table: BorrowedString, record: Record?) {
        switch record {
        case .key(let key) where table == "openKeyTable" || table == "openFileTable":
            self.init(count: 1, unreplicatedSize: Self.bytes(key.dataSize), replicatedSize: Self.bytes(key.replicatedSize))
        case .keyList(let keys):
            self.init(count: Int64(keys.count))
            for key in keys {
                unreplicatedSize += Self.bytes(key.dataSize)
                replicatedSize += Self.bytes(key.replicatedSize)
            }
        case .multipart(let upload):
            self.init(count: 1, unreplicatedSize: Self.bytes(upload.dataSize), replicatedSize: Self.bytes(upload.replicatedSize))
        default:
            self.init(count: 1)
        }
    }

    /// Stats with the given fields.
    init(count: Int64 = 0, unreplicatedSize: Int64 = 0, replicatedSize: Int64 = 0) {
        self.count = count
        self.unreplicatedSize = unreplicatedSize
        self.replicatedSize = replicatedSize
    }

    /// A byte count as a signed SQL integer.
    private static func bytes(_ n: UInt64) -> Int64 { Int64(clamping: n) }
}
