import CReconTask
import ReconTaskKit

/// Recon's OmTableInsightTask: a row count for every OM table and logical/replicated
/// byte totals for open keys and files, deleted keys and multipart uploads, stored in
/// SQL; serves `/clusterState`, the `/keys/.../summary` routes, and `/volumes` and
/// `/buckets` (read from the OM replica).
final class TableInsightTask: ReconTask {
    static let name = "table_insight"
    static let version = "1.0.0"
    static let description = "Row counts of every OM table and size totals of open, deleted and multipart keys (SQL)"
    static let omTables = ["*"]
    static let routes: [Route] = [
        .get("/clusterState", admin: true),
        .get("/keys/open/summary", admin: true),
        .get("/keys/open/mpu/summary", admin: true),
        .get("/keys/deletePending/summary", admin: true),
        .get("/keys/deletePending/dirs/summary", admin: true),
        .get("/volumes", admin: true),
        .get("/buckets", admin: true),
    ]
    static let supportsReprocess = true

    /// Each reprocess worker's tallies, merged and written in reprocessMerge.
    private let workers = WorkerLocal<TableTally>()

    init(host: TaskHost, args: InitArgs) throws {}

    func initStore(_ tx: Transaction) throws {
        try TableStatsStore.create(tx)
    }

    /// Tallies the batch in memory, then writes each changed table's row once.
    func process(_ batch: EventBatch, _ tx: Transaction) throws {
        var deltas = TableTally()
        for event in batch { try deltas.apply(event) }
        try TableStatsStore.apply(deltas.byName, tx)
    }

    func reprocessBegin(workers count: Int, _ tx: Transaction) throws {
        workers.reset(workers: count) { TableTally() }
    }

    func reprocessChunk(worker: Int, _ records: EventBatch, _ tx: Transaction) throws {
        try workers.withSlot(worker) { tally in
            for event in records { tally.add(event.table, TableStats(table: event.table, record: event.record)) }
        }
    }

    func reprocessMerge(_ tx: Transaction) throws {
        var totals = TableTally()
        for partial in workers.drain() { totals.merge(partial) }
        try TableStatsStore.writeTotals(totals.byName, tx)
    }

    func handle(_ request: Request, _ view: ReadView, _ response: Response) throws {
        switch request.route.path {
        case "/volumes", "/buckets":
            try list(request, view, response)
        case "/clusterState":
            response.json(try InsightAnswers(view).clusterState())
        case "/keys/open/summary":
            response.json(try InsightAnswers(view).openKeysSummary())
        case "/keys/open/mpu/summary":
            response.json(try InsightAnswers(view).openMultipartSummary())
        case "/keys/deletePending/summary":
            response.json(try InsightAnswers(view).deletePendingSummary())
        case "/keys/deletePending/dirs/summary":
            response.json(try InsightAnswers(view).deletedDirectoriesSummary())
        default:
            response.json(["message": .string("no handler for \(request.route.path)")], status: 404)
        }
    }

    /// `/volumes` and `/buckets`: 400 for a bad `limit`, `prevKey` or `volume`.
    private func list(_ request: Request, _ view: ReadView, _ response: Response) throws {
        let paging: ListingParameters
        do {
            paging = try ListingParameters(request)
        } catch {
            response.json(["message": .string(error.message)], status: 400)
            return
        }
        if request.route.path == "/volumes" {
            response.json(try OMListing.volumes(paging, view))
            return
        }
        let volume = request.query("volume").flatMap { $0.isEmpty ? nil : $0 }
        if let volume, volume.contains("/") {
            response.json(["message": .string("volume must be a volume name (no '/'), not '\(volume)'")], status: 400)
            return
        }
        if volume == nil, paging.prevKey != nil {
            response.json(["message": "prevKey needs volume: bucket names repeat across volumes"], status: 400)
            return
        }
        response.json(try OMListing.buckets(volume: volume, paging, view))
    }
}

/// The one symbol the host looks up.
@c @implementation
public func recon_task_entry_v1(_ host: UnsafePointer<recon_host_info>?) -> UnsafePointer<recon_task_descriptor>? {
    ReconTaskExport.descriptor(for: TableInsightTask.self, host: host)
}
