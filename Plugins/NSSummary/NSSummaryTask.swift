import CReconTask
import ReconTaskKit

/// Namespace summaries (Recon's NSSummaryTask): materialized subtree totals — files,
/// bytes, replicated bytes, directories, file-size histogram — for every bucket and
/// directory of FSO, LEGACY and OBS buckets, plus OBS prefixes; served by Recon's
/// `/namespace/summary|usage|du|quota|dist` endpoints. See README.md.
final class NSSummaryTask: ReconTask {
    static let name = "nssummary"
    static let version = "1.0.0"
    static let description = "Namespace summaries: subtree file counts, sizes and size histograms per bucket and directory"
    static let omTables = ["volumeTable", "bucketTable", "keyTable", "fileTable", "directoryTable", "deletedDirectoryTable"]
    static let kvTables = ["summary", "partials", "meta"]
    static let supportsReprocess = true
    static let routes: [Route] = [
        .get("/namespace/summary"), .get("/namespace/usage"), .get("/namespace/du"),
        .get("/namespace/quota"), .get("/namespace/dist"),
    ]

    /// The options.
    private let config: NSSummaryConfig
    /// Per-worker reprocess state.
    private let workers = WorkerLocal<ReprocessWorker>()

    init(host: TaskHost, args: InitArgs) throws {
        config = try NSSummaryConfig(try args.config)
        host.log(.info, "nssummary ready (legacy_filesystem_paths: \(config.legacyFileSystemPaths))")
    }

    func process(_ batch: EventBatch, _ tx: Transaction) throws {
        var applier = EventApplier(tx, legacyFileSystemPaths: config.legacyFileSystemPaths)
        for event in batch { try applier.apply(event) }
        try applier.finish()
    }

    func reprocessBegin(workers count: Int, _ tx: Transaction) throws {
        workers.reset(workers: count) { ReprocessWorker() }
    }

    func reprocessChunk(worker: Int, _ records: EventBatch, _ tx: Transaction) throws {
        let threshold = max(1, config.reprocessFlushEntries)
        try workers.withSlot(worker) { state in
            try state.add(records, tx, config: config)
            if state.partial.count >= threshold { try state.flush(worker: worker, tx) }
        }
    }

    func reprocessMerge(_ tx: Transaction) throws {
        var merge = ReprocessMerge()
        merge.add(workers.drain())
        let flushed = try merge.addFlushed(tx)
        merge.materialize()
        try merge.write(tx)
        tx.log(.info, "nssummary: merged \(merge.all.count) entities (\(flushed) partial summaries flushed by the workers)")
    }

    func handle(_ request: Request, _ view: ReadView, _ response: Response) throws {
        let route: NamespaceRoute
        switch request.route.path {
        case "/namespace/summary": route = .summary
        case "/namespace/quota": route = .quota
        case "/namespace/dist": route = .dist
        default: route = .usage
        }
        let parsed: NamespaceRequest
        do {
            parsed = try NamespaceRequest(request)
        } catch let invalid as NamespaceRequest.Invalid {
            response.json(["message": .string(invalid.message)], status: 400)
            return
        }
        guard try BuiltMarker.isPresent(view) else {
            response.json(NamespaceAnswers.initializing(route, path: parsed.normalizedPath))
            return
        }
        let resolver = PathResolver(view: view, legacyFileSystemPaths: config.legacyFileSystemPaths)
        let answers = NamespaceAnswers(
            view: view, request: parsed, entity: try resolver.resolve(parsed),
            catalog: NamespaceCatalog(view: view, resolver: resolver), legacyFileSystemPaths: config.legacyFileSystemPaths)
        switch route {
        case .summary: response.json(try answers.summary())
        case .usage: response.json(try answers.usage())
        case .quota: response.json(try answers.quota())
        case .dist: response.json(try answers.dist())
        }
    }
}

/// The one symbol the host looks up.
@c @implementation
public func recon_task_entry_v1(_ host: UnsafePointer<recon_host_info>?) -> UnsafePointer<recon_task_descriptor>? {
    ReconTaskExport.descriptor(for: NSSummaryTask.self, host: host)
}
