import CReconTask
import ReconTaskKit

/// Row counts of every OM table and size totals of open, deleted and multipart keys (SQL)
final class TableInsightTask: ReconTask {
    static let name = "table_insight"
    static let version = "0.1.0"
    static let description = "Row counts of every OM table and size totals of open, deleted and multipart keys (SQL)"
    static let omTables = ["*"]

    init(host: TaskHost, args: InitArgs) throws {}

    func process(_ batch: EventBatch, _ tx: Transaction) throws {}
}

/// The one symbol the host looks up.
@c @implementation
public func recon_task_entry_v1(_ host: UnsafePointer<recon_host_info>?) -> UnsafePointer<recon_task_descriptor>? {
    ReconTaskExport.descriptor(for: TableInsightTask.self, host: host)
}
