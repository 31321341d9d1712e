import Foundation
import ReconRocksDB
import Synchronization

/// Bulk-builds the key/value tables of one store of a fresh staged generation
/// without memtable inserts or compactions: committed writes of a table collect in
/// memory (``BulkRows``); when that passes `threshold` bytes they are sorted and
/// spilled to a run file (``BulkRunFile``). When the table is needed, its runs are
/// merged once into non-overlapping table files ingested together
/// (``RocksDB/ingestSorted(_:filePrefix:fileBytes:compression:_:)``), which an empty column family
/// takes straight into its last level. No WAL, no skip lists, no flushes, no
/// level-0 files to compact for those tables.
///
/// Reads must see every committed write, so a table is built this way only until
/// something reads it: the first read (``prepareRead(_:)``) merges and ingests what is
/// collected and the table takes the ordinary write path from then on. Tables that
/// are only written during a reprocess (mapping tables) stay bulk-built to the end;
/// ``finish()`` ingests the rest before the generation leaves bulk mode.
///
/// Order: a later collection wins over an earlier one for the same key (runs are
/// numbered in the order their rows were taken), and a table's collected writes are
/// ingested before any ordinary write to it.
final class BulkTableLoader: Sendable {
    private enum Mode {
        case collecting
        /// A reader asked for the table; its collected writes are being ingested.
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
        /// The number handed to the next collection taken (runs merge in this order).
        var nextRun = 0
        /// Runs written, by number.
        var runs: [Int] = []
        var spillsInFlight = 0
        /// The first failure: the table's content is incomplete from then on.
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
    /// The read buffers of one table's merge, in bytes, split among its runs.
    static let mergeBufferBudget = 32 << 20
    /// Bulk-built table files carry no block compression: LZ4 was 15% of a 10M-key
    /// reprocess's CPU, spent on files read soon after; later compactions of a live
    /// store compress with `storage.kv.compression` as they rewrite them.
    static let bulkCompression = RocksDBOptions.Compression.none
    /// The most runs one merge pass reads at once (open files, buffers, heap depth).
    private let maxMergeFanIn: Int

    /// A loader for `families` (a store's tables, by index), writing its temporary
    /// run and table files to `directory` (created when missing) under names starting
    /// with `filePrefix`, spilling a table's collection once it holds `threshold` bytes
    /// and writing table files of about that size; a merge reads at most `maxMergeFanIn`
    /// runs at once (more are merged in rounds).
    init(
        db: RocksDB, families: [RocksDB.ColumnFamily], directory: URL, filePrefix: String, threshold: Int,
        maxMergeFanIn: Int = 64
    ) throws {
        self.db = db
        self.maxMergeFanIn = max(2, maxMergeFanIn)
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

    /// Adds the committed writes `rows` of `table` to its collection and spills the
    /// collection to a run once it passed the threshold. Returns false (taking nothing)
    /// when the table no longer collects: the caller then writes `rows` the ordinary way.
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
        var (taken, run) = take(t)
        t.spillsInFlight += 1
        t.condition.unlock()
        var failure: (any Error)?
        do { try BulkRunFile.write(&taken, to: runPath(t, run)) } catch { failure = error }
        t.condition.lock()
        t.spillsInFlight -= 1
        if failure == nil { t.runs.append(run) } else if t.failure == nil { t.failure = failure }
        t.condition.broadcast()
        t.condition.unlock()
        if let failure { throw failure }
        return true
    }

    /// Makes every committed write of `table` readable through the database: merges
    /// and ingests what is collected and switches the table to the ordinary write
    /// path. Waits for spills and ingests in flight. Cheap once the table is direct.
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
            var (rows, last) = take(t)
            while t.spillsInFlight > 0 { t.condition.wait() }
            let runs = t.runs.sorted()
            var failure = t.failure
            t.condition.unlock()
            if failure == nil {
                do { try ingest(t, &rows, runs: runs, last: last) } catch { failure = error }
            }
            for run in runs + [last] { unlink(runPath(t, run)) }
            t.condition.lock()
            if t.failure == nil { t.failure = failure }
            t.runs = []
            t.mode = .direct
            t.condition.broadcast()
            t.condition.unlock()
            if let failure { throw failure }
        }
    }

    /// Ingests everything still collected and makes every table direct (before the
    /// generation leaves bulk mode). Tables are merged and written in parallel, on
    /// threads started from the caller's (Linux threads inherit the nice value of the
    /// thread that starts them; a thread pool's would not).
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

    /// Takes the collected rows and numbers them; the caller holds the condition's lock.
    private func take(_ t: Table) -> (BulkRows, Int) {
        var taken = BulkRows()
        swap(&taken, &t.rows)
        defer { t.nextRun += 1 }
        return (taken, t.nextRun)
    }

    private func runPath(_ t: Table, _ run: Int) -> String {
        directory.appendingPathComponent("\(filePrefix)-\(t.index)-run-\(run)").path
    }

    /// Ingests the spilled `runs` (in order) and then `rows` (numbered `last`) as
    /// non-overlapping table files: sorted in memory when nothing was spilled, merged
    /// with the runs otherwise.
    private func ingest(_ t: Table, _ rows: inout BulkRows, runs: [Int], last: Int) throws {
        let n = nextFile.wrappingAdd(1, ordering: .relaxed).oldValue
        let files = directory.appendingPathComponent("\(filePrefix)-\(t.index)-\(n)").path
        if runs.isEmpty {
            guard !rows.isEmpty else { return }
            try db.ingestSorted(t.family, filePrefix: files, fileBytes: threshold, compression: Self.bulkCompression) { writer in
                try rows.forEachLatestSorted { key, value in try writer.add(key, value) }
            }
            return
        }
        var order = runs
        if !rows.isEmpty {
            try BulkRunFile.write(&rows, to: runPath(t, last))
            order.append(last)
        }
        rows = BulkRows()
        // A large namespace spills hundreds of runs: merge the oldest ones into one run
        // (it takes the place of the newest it holds, so later runs still win) until
        // one pass can read them all with a bounded number of files and buffers.
        while order.count > maxMergeFanIn {
            let group = Array(order.prefix(maxMergeFanIn))
            let merged = runPath(t, group.last!)
            let partial = merged + ".merging"
            defer { unlink(partial) }
            var out = try BulkRunFile(creating: partial)
            try BulkRunMerge.merge(try readers(t, group)) { key, value in try out.append(key, value) }
            try out.finish()
            for run in group { unlink(runPath(t, run)) }
            guard rename(partial, merged) == 0 else {
                throw FileSync.posixError("rename", merged)
            }
            order = [group.last!] + order.dropFirst(maxMergeFanIn)
        }
        let readers = try readers(t, order)
        try db.ingestSorted(t.family, filePrefix: files, fileBytes: threshold, compression: Self.bulkCompression) { writer in
            try BulkRunMerge.merge(readers) { key, value in try writer.add(key, value) }
        }
    }

    /// Readers of `runs`, their buffers sharing ``mergeBufferBudget``.
    private func readers(_ t: Table, _ runs: [Int]) throws -> [BulkRunReader] {
        let bufferBytes = min(1 << 20, max(64 << 10, Self.mergeBufferBudget / max(1, runs.count)))
        return try runs.map { try BulkRunReader(path: runPath(t, $0), bufferBytes: bufferBytes) }
    }
}
