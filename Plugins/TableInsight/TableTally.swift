import ReconTaskKit

/// Stats per OM table, accumulated in memory (one per reprocess worker, one per
/// processed batch). An OM DB has a few dozen tables and records arrive grouped by
/// table, so a linear list with a last-hit shortcut finds the entry without hashing
/// or allocating.
struct TableTally {
    /// (table name bytes, stats), in first-seen order.
    private(set) var entries: [(name: [UInt8], stats: TableStats)] = []
    /// The index of the entry found last, tried first.
    private var last = 0

    /// Adds `stats` to `table`.
    mutating func add(_ table: BorrowedString, _ stats: TableStats) {
        entries[index(of: table)].stats += stats
    }

    /// Subtracts `stats` from `table`.
    mutating func subtract(_ table: BorrowedString, _ stats: TableStats) {
        entries[index(of: table)].stats -= stats
    }

    /// Applies one OM event: PUT adds the new record, DELETE removes the deleted one,
    /// UPDATE removes the old and adds the new (so sizes, and deletedTable's key count,
    /// follow the change).
    mutating func apply(_ event: Event) throws {
        let table = event.table
        switch event.action {
        case .put:
            add(table, TableStats(table: table, record: event.record))
        case .delete:
            subtract(table, TableStats(table: table, record: event.record))
        case .update:
            add(table, TableStats(table: table, record: event.record))
            subtract(table, TableStats(table: table, record: event.oldRecord))
        default:
            throw ReconTaskError.invalid("table_insight: unknown event action \(event.action)")
        }
    }

    /// Adds every entry of `other`.
    mutating func merge(_ other: TableTally) {
        for entry in other.entries {
            entry.name.withUnsafeBytes { raw in
                let i = index(ofBytes: raw)
                entries[i].stats += entry.stats
            }
        }
    }

    /// The stats by table name.
    var byName: [String: TableStats] {
        Dictionary(entries.map { (String(decoding: $0.name, as: UTF8.self), $0.stats) }, uniquingKeysWith: { a, _ in a })
    }

    /// The index of `table`'s entry, appended when new.
    private mutating func index(of table: BorrowedString) -> Int { index(ofBytes: table.utf8) }

    /// The index of the entry named `name`, appended when new.
    private mutating func index(ofBytes name: UnsafeRawBufferPointer) -> Int {
        if last < entries.count, entries[last].name.elementsEqual(name) { return last }
        if let i = entries.firstIndex(where: { $0.name.elementsEqual(name) }) {
            last = i
            return i
        }
        entries.append((Array(name), TableStats()))
        last = entries.count - 1
        return last
    }
}
