import ReconTaskKit

/// The plugin's SQL storage: `om_table_stats(table_name, row_count, unreplicated_size,
/// replicated_size)`, one row per OM table, and the `_built` marker written by the
/// first full build.
enum TableStatsStore {
    /// Creates the tables of a fresh generation.
    static func create(_ tx: Transaction) throws {
        try tx.sql("""
            CREATE TABLE IF NOT EXISTS om_table_stats (
                table_name TEXT PRIMARY KEY, row_count INTEGER NOT NULL,
                unreplicated_size INTEGER NOT NULL, replicated_size INTEGER NOT NULL) WITHOUT ROWID
            """)
        try tx.sql("CREATE TABLE IF NOT EXISTS table_insight_meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL)")
    }

    /// Writes the totals of a full build: a row for every catalog table and every table
    /// seen, then the `_built` marker.
    static func writeTotals(_ totals: [String: TableStats], _ tx: Transaction) throws {
        var rows = totals
        for table in OMTableCatalog.all where rows[table] == nil { rows[table] = TableStats() }
        for (table, stats) in rows { try put(table, stats.clampedAtZero, tx) }
        try tx.sql("INSERT OR REPLACE INTO table_insight_meta (name, value) VALUES ('_built', 1)")
    }

    /// Applies a batch's changes: one read-modify-write per changed table.
    static func apply(_ deltas: [String: TableStats], _ tx: Transaction) throws {
        for (table, delta) in deltas where !delta.isZero {
            var stats = try read(table, tx) ?? TableStats()
            stats += delta
            try put(table, stats.clampedAtZero, tx)
        }
    }

    /// Whether a full build has completed in this generation.
    static func isBuilt(_ reader: some StoreReader) throws -> Bool {
        !(try reader.sql("SELECT value FROM table_insight_meta WHERE name = '_built'")).isEmpty
    }

    /// The stored stats of `table`, or `nil` when it has no row.
    static func read(_ table: String, _ reader: some StoreReader) throws -> TableStats? {
        guard let row = try reader.sql(
            "SELECT row_count, unreplicated_size, replicated_size FROM om_table_stats WHERE table_name = ?", [.text(table)]
        ).first else { return nil }
        return TableStats(count: row[0].intValue ?? 0, unreplicatedSize: row[1].intValue ?? 0, replicatedSize: row[2].intValue ?? 0)
    }

    /// Writes `table`'s row.
    private static func put(_ table: String, _ stats: TableStats, _ tx: Transaction) throws {
        try tx.sql(
            "INSERT OR REPLACE INTO om_table_stats (table_name, row_count, unreplicated_size, replicated_size) VALUES (?, ?, ?, ?)",
            [.text(table), .int(stats.count), .int(stats.unreplicatedSize), .int(stats.replicatedSize)])
    }
}
