import CReconTask
import ReconTaskKit

/// Container to key mappings and per-container key counts
final class ContainerKeyMapperTask: ReconTask {
    static let name = "container_key_mapper"
    static let version = "0.1.0"
    static let description = "Container to key mappings and per-container key counts"
    static let omTables = ["volumeTable", "bucketTable", "keyTable", "fileTable", "directoryTable"]

    init(host: TaskHost, args: InitArgs) throws {}

    func process(_ batch: EventBatch, _ tx: Transaction) throws {}
}

/// The one symbol the host looks up.
@c @implementation
public func recon_task_entry_v1(_ host: UnsafePointer<recon_host_info>?) -> UnsafePointer<recon_task_descriptor>? {
    ReconTaskExport.descriptor(for: ContainerKeyMapperTask.self, host: host)
}
