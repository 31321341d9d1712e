import CReconTask
import ReconTaskKit

/// Namespace summaries: subtree file counts, sizes and size histograms per bucket and directory
final class NSSummaryTask: ReconTask {
    static let name = "nssummary"
    static let version = "0.1.0"
    static let description = "Namespace summaries: subtree file counts, sizes and size histograms per bucket and directory"
    static let omTables = ["volumeTable", "bucketTable", "keyTable", "fileTable", "directoryTable", "deletedDirectoryTable"]

    init(host: TaskHost, args: InitArgs) throws {}

    func process(_ batch: EventBatch, _ tx: Transaction) throws {}
}

/// The one symbol the host looks up.
@c @implementation
public func recon_task_entry_v1(_ host: UnsafePointer<recon_host_info>?) -> UnsafePointer<recon_task_descriptor>? {
    ReconTaskExport.descriptor(for: NSSummaryTask.self, host: host)
}
