import CReconTask
import ReconTaskKit

/// File counts per volume, bucket and file-size bin (SQL)
final class FileSizeCountTask: ReconTask {
    static let name = "file_size_count"
    static let version = "0.1.0"
    static let description = "File counts per volume, bucket and file-size bin (SQL)"
    static let omTables = ["keyTable", "fileTable"]

    init(host: TaskHost, args: InitArgs) throws {}

    func process(_ batch: EventBatch, _ tx: Transaction) throws {}
}

/// The one symbol the host looks up.
@c @implementation
public func recon_task_entry_v1(_ host: UnsafePointer<recon_host_info>?) -> UnsafePointer<recon_task_descriptor>? {
    ReconTaskExport.descriptor(for: FileSizeCountTask.self, host: host)
}
