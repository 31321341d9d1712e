import ReconTaskKit

/// The plugin's SQL storage: `file_count_by_size(volume, bucket, file_size, count)`
/// with Recon's columns (file_size is the bin's upper bound), and the `_built` marker
/// written by the first full build.
enum FileCountStore {
    /// Rows per multi-row INSERT during the bulk write of a rebuild.
    private static let rowsPerInsert = 200

    /// Creates the tables of a fresh generation.
    static func create(_ tx: Transaction) throws {
        try tx.sql("""
            CREATE TABLE IF NOT EXISTS file_count_by_size (
                volume TEXT NOT NULL, bucket TEXT NOT NULL, file_size INTEGER NOT NULL,
                count INTEGER NOT NULL, PRIMARY KEY (volume, bucket, file_size)) WITHOUT ROWID
            """)
        try tx.sql("CREATE TABLE IF NOT EXISTS file_size_count_meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL)")
    }

    /// Records that a full build completed (the store is no longer initializing).
    static func markBuilt(_ tx: Transaction) throws {
        try tx.sql("INSERT OR REPLACE INTO file_size_count_meta (name, value) VALUES ('_built', 1)")
    }

    /// Whether a full build has completed in this generation.
    static func isBuilt(_ reader: some StoreReader) throws -> Bool {
        !(try reader.sql("SELECT value FROM file_size_count_meta WHERE name = '_built'")).isEmpty
    }

    /// Writes the totals of a rebuild into the empty table, in multi-row INSERTs.
    static func insertTotals(_ totals: BucketBinCounts, _ tx: Transaction) throws {
        var pending: [SQLValue] = []
        pending.reserveCapacity(rowsPerInsert * 4)
        func flush() throws {
            guard !pending.isEmpty else { return }
            let rows = Array(repeating: "(?, ?, ?, ?)", count: pending.count / 4).joined(separator: ", ")
            try tx.sql("INSERT INTO file_count_by_size (volume, bucket, file_size, count) VALUES \(rows)", pending)
            pending.removeAll(keepingCapacity: true)
        }
        try totals.forEachNonZero { volume, bucket, bound, count in
            guard count > 0 else { return }
            pending.append(contentsOf: [.text(volume), .text(bucket), .int(bound), .int(count)])
            if pending.count == rowsPerInsert * 4 { try flush() }
        }
        try flush()
    }

    /// Applies a batch's changes: one read-modify-write per changed row; a row whose
    /// count drops to 0 (or below) is deleted.
    static func apply(_ deltas: BucketBinCounts, _ tx: Transaction) throws {
        try deltas.forEachNonZero { volume, bucket, bound, delta in
            let key: [SQLValue] = [.text(volume), .text(bucket), .int(bound)]
            let old = try tx.sql(
                "SELECT count FROM file_count_by_size WHERE volume = ? AND bucket = ? AND file_size = ?", key
            ).first?.first?.intValue ?? 0
            let new = old + delta
            if new > 0 {
                try tx.sql(
                    "INSERT OR REPLACE INTO file_count_by_size (volume, bucket, file_size, count) VALUES (?, ?, ?, ?)",
                    key + [.int(new)])
            } else if old != 0 {
                try tx.sql("DELETE FROM file_count_by_size WHERE volume = ? AND bucket = ? AND file_size = ?", key)
            }
        }
    }
}
