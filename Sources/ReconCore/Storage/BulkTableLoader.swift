import Foundation
import ReconRocksDB
import Synchronization

/// Bulk-builds the key/value tables of one store of a fresh staged generation
/// without memtable inserts: committed writes of a table collect in memory
/// (``BulkRows``); when that passes `threshold` bytes they are sorted, written as one
/// table file and ingested (``RocksDB/ingestSorted(_:file:_:)``). No WAL, no
/// skip lists, no flushes for those tables.
///
/// Reads must see every committed write, so a table is built this way only until
/// something reads it: the first read (``prepareRead(_:)``) ingests what is
/// collected and the table takes the ordinary write path from then on. Tables that
/// are only written during a reprocess (mapping tables) stay bulk-built to the end;
/// ``finish()`` ingests the rest before the generation leaves bulk mode.
///
/// Order: ingests of one table happen in the order their writes were collected (a
/// later ingest wins over an earlier one), and a table's collected writes are
/// ingested before any ordinary write to it.
final class BulkTableLoader: Sendable {
    private enum Mode {
        case collecting
        /// A reader asked for the table; its last collected writes are being ingested.
        case stopping
        case direct
    }

    /// One table's state, guarded by `condition`.
    private final class Table: @unchecked Sendable {
        let family: RocksDB.ColumnFamily
        let index: Int
        let condition = NSCondition()
        var mode = Mode.collecting
        var rows = BulkRows()
        /// Ingests run in ticket order: `nextTicket` is handed out when rows are taken,
        /// `turn` is the ticket allowed to ingest now.
        var nextTicket = 0
        var turn = 0
        /// The first ingest failure: the table's content is incomplete from then on.
        var failure: (any Error)?

        init(_ family: RocksDB.ColumnFamily, _ index: Int) {
            self.family = family
            self.index = index
        }
    }

    private let db: RocksDB
    private let tables: [Table]
    private let directory: URL
    private let filePrefix: String
    private let threshold: Int
    private let nextFile = Atomic<Int>(0)

    /// A loader for `families` (a store's tables, by index), writing its temporary
    /// table files to `directory` (created when missing) under names starting with
    /// `filePrefix`, ingesting whenever a table collected `threshold` bytes.
    init(db: RocksDB, families: [RocksDB.ColumnFamily], directory: URL, filePrefix: String, threshold: Int) throws {
        self.db = db
        self.tables = families.enumerated().map { Table($1, $0) }
        self.directory = directory
        self.filePrefix = filePrefix
        self.threshold = max(1 << 16, threshold)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw StorageError(.io, "createDirectory", "\(error)", path: directory.path)
        }
    }

    /// Whether writes to `table` are still collected (a hint: ``collect(_:_:)`` decides).
    /// While a reader's ingest is in flight it waits for it: an ordinary write must not
    /// reach the database before the collected writes it follows.
    func isCollecting(_ table: Int) -> Bool {
        let t = tables[table]
        t.condition.lock()
        defer { t.condition.unlock() }
        while t.mode == .stopping { t.condition.wait() }
        return t.mode == .collecting
    }

    /// Adds the committed writes `rows` of `table` to its collection and ingests the
    /// collection once it passed the threshold. Returns false (taking nothing) when the
    /// table no longer collects: the caller then writes `rows` the ordinary way.
    func collect(_ table: Int, _ rows: BulkRows) throws -> Bool {
        let t = tables[table]
        t.condition.lock()
        if let failure = t.failure {
            t.condition.unlock()
            throw failure
        }
        // A reader's ingest in flight: wait for it, then the caller writes the ordinary way.
        while t.mode == .stopping { t.condition.wait() }
        guard t.mode == .collecting else {
            let failure = t.failure
            t.condition.unlock()
            if let failure { throw failure }
            return false
        }
        if t.rows.isEmpty {
            // One allocation per collection (untouched pages cost no memory) instead of
            // copying the collection each time the buffer doubles.
            t.rows.reserve(bytes: threshold + threshold / 8, entries: threshold / 48)
        }
        t.rows.append(rows)
        guard t.rows.byteCount >= threshold else {
            t.condition.unlock()
            return true
        }
        let (taken, ticket) = take(t)
        t.condition.unlock()
        try ingestInTurn(t, ticket, taken, finishing: false)
        return true
    }

    /// Makes every committed write of `table` readable through the database: ingests
    /// what is collected and switches the table to the ordinary write path. Waits for
    /// ingests in flight. Cheap once the table is direct.
    func prepareRead(_ table: Int) throws {
        let t = tables[table]
        t.condition.lock()
        switch t.mode {
        case .direct:
            defer { t.condition.unlock() }
            if let failure = t.failure { throw failure }
        case .stopping:
            defer { t.condition.unlock() }
            while t.mode != .direct { t.condition.wait() }
            if let failure = t.failure { throw failure }
        case .collecting:
            t.mode = .stopping
            let (taken, ticket) = take(t)
            t.condition.unlock()
            try ingestInTurn(t, ticket, taken, finishing: true)
        }
    }

    /// Ingests everything still collected and makes every table direct (before the
    /// generation leaves bulk mode). Tables with collected rows are sorted and written
    /// in parallel, on threads started from the caller's (Linux threads inherit the
    /// nice value of the thread that starts them; a thread pool's would not).
    func finish() throws {
        let pending = tables.indices.filter { index in
            let t = tables[index]
            t.condition.lock()
            defer { t.condition.unlock() }
            return t.mode != .direct
        }
        let failures = Mutex<[any Error]>([])
        let done = DispatchGroup()
        for index in pending.dropFirst() {
            done.enter()
            let thread = Thread { [self] in
                defer { done.leave() }
                do { try prepareRead(index) } catch { failures.withLock { $0.append(error) } }
            }
            thread.name = "recond-ingest-\(index)"
            thread.start()
        }
        if let first = pending.first {
            do { try prepareRead(first) } catch { failures.withLock { $0.append(error) } }
        }
        done.wait()
        if let first = failures.withLock({ $0.first }) { throw first }
    }

    /// Takes the collected rows and a ticket; the caller holds the condition's lock.
    private func take(_ t: Table) -> (BulkRows, Int) {
        var taken = BulkRows()
        swap(&taken, &t.rows)
        defer { t.nextTicket += 1 }
        return (taken, t.nextTicket)
    }

    /// Waits for `ticket`'s turn, ingests `rows`, passes the turn on; `finishing`
    /// makes the table direct afterwards (also after a failure, which every later
    /// caller sees).
    private func ingestInTurn(_ t: Table, _ ticket: Int, _ rows: consuming BulkRows, finishing: Bool) throws {
        t.condition.lock()
        while t.turn != ticket { t.condition.wait() }
        let earlier = t.failure
        t.condition.unlock()
        var failure = earlier
        if failure == nil {
            do { try ingest(t, rows) } catch { failure = error }
        }
        t.condition.lock()
        t.turn += 1
        if t.failure == nil { t.failure = failure }
        if finishing { t.mode = .direct }
        t.condition.broadcast()
        t.condition.unlock()
        if let failure { throw failure }
    }

    private func ingest(_ t: Table, _ rows: consuming BulkRows) throws {
        guard !rows.isEmpty else { return }
        var rows = rows
        let n = nextFile.wrappingAdd(1, ordering: .relaxed).oldValue
        let file = directory.appendingPathComponent("\(filePrefix)-\(t.index)-\(n).sst").path
        try db.ingestSorted(t.family, file: file) { writer in
            try rows.forEachLatestSorted { key, value in
                if let value { try writer.put(key, value) } else { try writer.delete(key) }
            }
        }
    }
}
