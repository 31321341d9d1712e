import CReconTask
import Logging

/// The Swift object behind one `recon_ctx *`: which plugin is calling, what it may
/// touch during this call, and the buffers that hold borrowed return values.
/// Used by one thread at a time (the ABI's threading rule).
final class HostContext {
    /// What the call may do.
    enum Access {
        /// create/destroy: diagnostics and metrics only.
        case control
        /// A storage session (write transaction or read view).
        case storage(TaskStorageSession)
    }

    let plugin: PluginRuntime
    let access: Access
    let omReplica: (any OMReplicaReading)?
    /// False during reprocess: the host runs the one shared scan.
    let allowOMScan: Bool
    /// Decodes OM values for om_get_record; nil when no decoder is installed.
    let recordDecoder: (any OMRecordDecoding)?

    /// The message set by the plugin for the status it returns.
    var errorMessage: String?
    /// Why the last failed host call on this context failed.
    var lastHostError: String?
    /// Backing store for `last_error`'s borrowed answer.
    let lastErrorBuffer = BorrowBuffer(capacity: 128)
    /// Backing store for values returned as borrowed `recon_bytes`.
    let valueBuffer = BorrowBuffer()
    /// Backing store for decoded records returned by om_get_record.
    var recordArena: CArena?

    init(
        plugin: PluginRuntime, access: Access, omReplica: (any OMReplicaReading)? = nil,
        allowOMScan: Bool = true, recordDecoder: (any OMRecordDecoding)? = nil
    ) {
        self.plugin = plugin
        self.access = access
        self.omReplica = omReplica
        self.allowOMScan = allowOMScan
        self.recordDecoder = recordDecoder
    }

    /// Runs `body` with this context as a `recon_ctx *`.
    func withCPointer<R>(_ body: (OpaquePointer) throws -> R) rethrows -> R {
        try withExtendedLifetime(self) {
            try body(OpaquePointer(Unmanaged.passUnretained(self).toOpaque()))
        }
    }

    /// The context behind a `recon_ctx *` handed back by a plugin.
    static func from(_ ctx: OpaquePointer?) -> HostContext? {
        guard let ctx else { return nil }
        return Unmanaged<HostContext>.fromOpaque(UnsafeRawPointer(ctx)).takeUnretainedValue()
    }

    /// The storage session, or a status explaining why there is none.
    func session(writing: Bool) -> Result<TaskStorageSession, HostCallError> {
        guard case .storage(let session) = access else {
            return .failure(HostCallError(RECON_ERR_INVALID, "storage is not available in create/destroy"))
        }
        if writing && !session.isWritable {
            return .failure(HostCallError(RECON_ERR_INVALID, "this context is read-only (query handlers must not write)"))
        }
        return .success(session)
    }

    /// Validates a key/value table index against the plugin's declaration.
    func checkTable(_ table: UInt32) -> HostCallError? {
        guard Int(table) < plugin.info.kvTables.count else {
            return HostCallError(RECON_ERR_INVALID, "kv table index \(table) is out of range: the plugin declares \(plugin.info.kvTables.count) tables")
        }
        return nil
    }
}

/// A failed host call: the status the plugin sees, and the message the host logs.
struct HostCallError: Error {
    var status: recon_status
    var message: String
    init(_ status: Int, _ message: String) {
        self.status = recon_status(status)
        self.message = message
    }
}
