import CReconTask
import ReconTaskKit

/// Container ↔ key mappings and per-container key counts (Recon's ContainerKeyMapperTask,
/// FSO and OBS/LEGACY together), plus the two container endpoints. See README.md for the
/// storage layout and the rules.
final class ContainerKeyMapperTask: ReconTask {
    static let name = "container_key_mapper"
    static let version = "1.0.0"
    static let description = "Container to key mappings and per-container key counts"
    static let omTables = ["keyTable", "fileTable", "directoryTable"]
    static let kvTables = StorageLayout.tableNames
    static let supportsReprocess = true
    static let routes: [Route] = [
        .get("/containers", admin: true),
        .get("/containers/{id}/keys", admin: true),
    ]

    private let builder = ReprocessBuilder()

    /// The plugin takes no configuration.
    init(host: TaskHost, args: InitArgs) throws {}

    /// Applies one batch: mapping differences per touched key, counts once per container.
    func process(_ batch: EventBatch, _ tx: Transaction) throws {
        var applier = BatchApplier()
        for event in batch {
            try applier.apply(event, tx)
        }
        try applier.finish(tx)
    }

    /// Prepares one count map per scan worker.
    func reprocessBegin(workers: Int, _ tx: Transaction) throws {
        builder.begin(workers: workers)
    }

    /// Writes the chunk's mappings and directories, counting per container in memory.
    func reprocessChunk(worker: Int, _ records: EventBatch, _ tx: Transaction) throws {
        try builder.chunk(worker: worker, records, tx)
    }

    /// Writes the summed counts, the container total and the built marker.
    func reprocessMerge(_ tx: Transaction) throws {
        try builder.merge(tx)
    }

    /// Routes the request; bad parameters answer 400 with a JSON message.
    func handle(_ request: Request, _ view: ReadView, _ response: Response) throws {
        do {
            switch request.routeIndex {
            case 0: try ContainersEndpoint.answer(request, view, response)
            default: try ContainerKeysEndpoint.answer(request, view, response)
            }
        } catch let bad as BadRequest {
            bad.write(to: response)
        }
    }
}

/// The one symbol the host looks up.
@c @implementation
public func recon_task_entry_v1(_ host: UnsafePointer<recon_host_info>?) -> UnsafePointer<recon_task_descriptor>? {
    ReconTaskExport.descriptor(for: ContainerKeyMapperTask.self, host: host)
}
