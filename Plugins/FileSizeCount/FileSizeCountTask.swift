import CReconTask
import ReconTaskKit

/// Recon's FileSizeCountTask: the number of files per volume, bucket and file-size bin
/// (upper bound inclusive), for OBS and LEGACY keys (keyTable) and FSO files
/// (fileTable), stored in SQL and served as `GET /utilization/fileCount`.
final class FileSizeCountTask: ReconTask {
    static let name = "file_size_count"
    static let version = "1.0.0"
    static let description = "File counts per volume, bucket and file-size bin (SQL)"
    static let omTables = ["keyTable", "fileTable"]
    static let routes: [Route] = [.get("/utilization/fileCount", admin: true)]
    static let supportsReprocess = true

    /// Each reprocess worker's counts, merged and written in reprocessMerge.
    private let workers = WorkerLocal<BucketBinCounts>()

    init(host: TaskHost, args: InitArgs) throws {}

    func initStore(_ tx: Transaction) throws {
        try FileCountStore.create(tx)
    }

    /// Counts the batch in memory (PUT +1, DELETE -1, UPDATE -old +new), then writes
    /// each changed row once.
    func process(_ batch: EventBatch, _ tx: Transaction) throws {
        var deltas = BucketBinCounts()
        for event in batch {
            switch event.action {
            case .put:
                if let record = event.keyRecord { deltas.add(record, delta: 1) }
            case .update:
                if let old = event.oldKeyRecord { deltas.add(old, delta: -1) }
                if let record = event.keyRecord { deltas.add(record, delta: 1) }
            case .delete:
                if let record = event.keyRecord { deltas.add(record, delta: -1) }
            default:
                throw ReconTaskError.invalid("file_size_count: unknown event action \(event.action)")
            }
        }
        try FileCountStore.apply(deltas, tx)
    }

    func reprocessBegin(workers count: Int, _ tx: Transaction) throws {
        workers.reset(workers: count) { BucketBinCounts() }
    }

    func reprocessChunk(worker: Int, _ records: EventBatch, _ tx: Transaction) throws {
        try workers.withSlot(worker) { counts in
            for event in records {
                if let record = event.keyRecord { counts.add(record, delta: 1) }
            }
        }
    }

    func reprocessMerge(_ tx: Transaction) throws {
        var totals = BucketBinCounts()
        for partial in workers.drain() { totals.merge(partial) }
        try FileCountStore.insertTotals(totals, tx)
        try FileCountStore.markBuilt(tx)
    }

    /// `GET /utilization/fileCount`: 400 for a bad `fileSize`, `[]` until the first full
    /// build switched in.
    func handle(_ request: Request, _ view: ReadView, _ response: Response) throws {
        let query: FileCountQuery
        do {
            query = try FileCountQuery(request)
        } catch {
            response.json(["message": .string(error.message)], status: 400)
            return
        }
        guard try FileCountStore.isBuilt(view) else {
            response.json([])
            return
        }
        response.json(try query.answer(view))
    }
}

/// The one symbol the host looks up.
@c @implementation
public func recon_task_entry_v1(_ host: UnsafePointer<recon_host_info>?) -> UnsafePointer<recon_task_descriptor>? {
    ReconTaskExport.descriptor(for: FileSizeCountTask.self, host: host)
}
