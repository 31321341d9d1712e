import Synchronization

/// PROCESSING's map step: ONE shared, parallel scan of the view feeding every
/// plugin (never one scan per plugin).
///
/// The tables some reprocess-capable plugin consumes are cut into key ranges
/// (several per worker, biggest tables first) and queued; `workers` threads pull
/// ranges from the queue, read them in chunks of one table, decode each chunk ONCE
/// (``CEventBatch``) and hand it to every plugin consuming that table with
/// `reprocess_chunk(worker_id)`, each plugin on its own host transaction that is
/// committed after the chunk (bulk mode: no WAL, made durable by the flush before
/// the switch). A worker is one thread with one worker id, so calls with the same
/// worker id are serialized and different ids run concurrently (recon_task.h,
/// THREADING). The first failure stops every worker at its next record. Workers run
/// at `staging.nice`, below the API's and the live sync's priority.
final class ReprocessScan: Sendable {
    /// One queued range of one table and the plugins consuming it.
    struct Work: Sendable {
        var table: String
        var range: ScanRange
        var consumers: [Int]
    }

    private let view: any OMScanView
    private let plugins: [PluginInstance]
    private let staged: StagedGeneration
    private let workers: Int
    private let nice: Int
    private let chunking: ScanChunking
    private let decoder: (any OMRecordDecoding)?
    private let decodeTables: Set<String>
    private let recorder: StagingStatusRecorder
    private let fault: @Sendable (StagingFaultPoint) throws -> Void
    private let items: [Work]
    private let nextItem = Atomic<Int>(0)
    private let stop = Atomic<Bool>(false)

    /// The approximate number of records the scan will read.
    let total: UInt64

    /// Plans the scan: the tables `plugins` consume, split into ranges.
    init(
        view: any OMScanView, plugins: [PluginInstance], staged: StagedGeneration, workers: Int,
        nice: Int = 0, chunking: ScanChunking, decoder: (any OMRecordDecoding)?, recorder: StagingStatusRecorder,
        fault: @escaping @Sendable (StagingFaultPoint) throws -> Void
    ) throws {
        self.view = view
        self.plugins = plugins
        self.staged = staged
        self.workers = max(1, workers)
        self.nice = nice
        self.chunking = chunking
        self.decoder = decoder
        self.decodeTables = Set(plugins.flatMap(\.info.omTables))
        self.recorder = recorder
        self.fault = fault

        var tables: [(name: String, count: UInt64, consumers: [Int])] = []
        for table in view.tables {
            let consumers = plugins.indices.filter { plugins[$0].info.consumes(table: table) }
            if !consumers.isEmpty { tables.append((table, view.approximateCount(table: table), consumers)) }
        }
        tables.sort { $0.count != $1.count ? $0.count > $1.count : $0.name < $1.name }
        let perTable = self.workers == 1 ? 1 : self.workers * 4
        var items: [Work] = []
        for t in tables {
            for range in try view.partitions(table: t.name, count: perTable) {
                items.append(Work(table: t.name, range: range, consumers: t.consumers))
            }
        }
        self.items = items
        self.total = tables.reduce(0) { $0 + $1.count }
    }

    /// The planned work items (for tests and logs).
    var plan: [Work] { items }

    /// Runs the workers to the end of the queue; throws the first failure.
    func run() async throws {
        guard !items.isEmpty else { return }
        try await StagingThreads.parallel(min(workers, items.count), "recond-reprocess", nice: nice) { worker in
            do {
                try self.work(worker)
            } catch {
                self.stop.store(true, ordering: .relaxed)
                throw error
            }
        }
    }

    /// Stops every worker at its next record (the run then returns).
    func cancel() {
        stop.store(true, ordering: .relaxed)
    }

    private func work(_ worker: Int) throws {
        var chunk = ScanChunk(chunking: chunking, sequence: view.sequence)
        let pointReads = ScanViewReplica(view: view)
        while !stop.load(ordering: .relaxed) {
            let index = nextItem.wrappingAdd(1, ordering: .relaxed).oldValue
            guard index < items.count else { return }
            let item = items[index]
            try view.scan(table: item.table, range: item.range) { key, value in
                if stop.load(ordering: .relaxed) { return false }
                chunk.append(table: item.table, key: key, value: value)
                if chunk.isFull { try flush(&chunk, item, worker, pointReads) }
                return true
            }
            if chunk.count > 0 && !stop.load(ordering: .relaxed) { try flush(&chunk, item, worker, pointReads) }
        }
    }

    /// Decodes the chunk once and hands it to every consumer, one committed transaction each.
    private func flush(_ chunk: inout ScanChunk, _ item: Work, _ worker: Int, _ pointReads: ScanViewReplica) throws {
        let records = CEventBatch(chunk.batch, decoder: decoder, decodeTables: decodeTables)
        for index in item.consumers {
            let plugin = plugins[index]
            try fault(.reprocessChunk)
            try StagedWrite.run(staged.store(plugin), cursor: nil) { transaction in
                let ctx = StagedWrite.context(plugin, transaction, omReplica: pointReads, decoder: decoder)
                try records.withBatch(for: plugin.info) { try plugin.reprocessChunk(worker: worker, $0, ctx) }
            }
        }
        recorder.addScanned(chunk.count)
        chunk.reset()
    }
}
