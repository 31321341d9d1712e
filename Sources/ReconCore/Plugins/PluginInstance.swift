import CReconTask
import Logging

/// A created plugin: the loaded library's descriptor plus the instance its
/// `create` returned. Every ABI call goes through here, which turns statuses and
/// `set_error` messages into ``PluginCallError``s.
///
/// Threading follows recon_task.h: the task controller serializes process and
/// reprocess calls per plugin; `handle` may run on many threads at once.
final class PluginInstance: @unchecked Sendable {
    let loaded: LoadedPlugin
    let runtime: PluginRuntime
    private let instance: UnsafeMutableRawPointer?
    private var d: recon_task_descriptor { loaded.descriptor.pointee }

    /// The plugin's checked self-description.
    var info: PluginDescriptorInfo { loaded.info }
    /// The plugin's name.
    var name: String { loaded.info.name }

    private init(loaded: LoadedPlugin, runtime: PluginRuntime, instance: UnsafeMutableRawPointer?) {
        self.loaded = loaded
        self.runtime = runtime
        self.instance = instance
    }

    /// Calls the plugin's `create` with its config; a failure is a load refusal.
    static func create(_ loaded: LoadedPlugin, logger: Logger, reprocessWorkers: Int) throws(PluginLoadError) -> PluginInstance {
        let runtime = PluginRuntime(info: loaded.info, logger: logger)
        let ctx = HostContext(plugin: runtime, access: .control)
        let arena = CArena(chunkSize: 4096)
        func str(_ s: String) -> recon_str {
            let (p, n) = arena.copy(s)
            return recon_str(ptr: p, len: n)
        }
        var args = recon_init_args(
            struct_size: UInt32(MemoryLayout<recon_init_args>.size),
            plugin_name: str(loaded.info.name), config_json: str(loaded.config.configJSON),
            plugin_path: str(loaded.config.path), reprocess_workers: UInt32(reprocessWorkers))
        var out: UnsafeMutableRawPointer?
        let status = withExtendedLifetime(arena) {
            ctx.withCPointer { c in loaded.descriptor.pointee.create(HostServiceTable.pointer, c, &args, &out) }
        }
        guard status == recon_status(RECON_OK) else {
            let message = ctx.errorMessage ?? ctx.lastHostError ?? "no message"
            throw PluginLoadError(
                plugin: loaded.config.name, path: loaded.config.path,
                reason: "create failed (\(PluginCallError.statusName(status))): \(message)")
        }
        return PluginInstance(loaded: loaded, runtime: runtime, instance: out)
    }

    /// A context for a call on this plugin.
    func context(
        _ access: HostContext.Access, omReplica: (any OMReplicaReading)? = nil, allowOMScan: Bool = true,
        recordDecoder: (any OMRecordDecoding)? = nil
    ) -> HostContext {
        HostContext(plugin: runtime, access: access, omReplica: omReplica, allowOMScan: allowOMScan, recordDecoder: recordDecoder)
    }

    /// Prepares a fresh generation's store (`init_store`); a no-op when the plugin has none.
    func initStore(_ ctx: HostContext) throws(PluginCallError) {
        guard let fn = d.init_store else { return }
        try check("init_store", ctx) { c in fn(instance, c) }
    }

    /// Applies one batch (`process`).
    func process(_ batch: UnsafePointer<recon_event_batch>, _ ctx: HostContext) throws(PluginCallError) {
        let fn = d.process!
        try check("process", ctx) { c in fn(instance, c, batch) }
    }

    /// Starts a reprocess with `workers` scan workers.
    func reprocessBegin(workers: Int, _ ctx: HostContext) throws(PluginCallError) {
        guard let fn = d.reprocess_begin else { return }
        try check("reprocess_begin", ctx) { c in fn(instance, c, UInt32(workers)) }
    }

    /// Hands one chunk of the shared scan to worker `worker`.
    func reprocessChunk(worker: Int, _ records: UnsafePointer<recon_event_batch>, _ ctx: HostContext) throws(PluginCallError) {
        guard let fn = d.reprocess_chunk else { return }
        try check("reprocess_chunk", ctx) { c in fn(instance, c, UInt32(worker), records) }
    }

    /// Asks the plugin to merge its workers' partial results.
    func reprocessMerge(_ ctx: HostContext) throws(PluginCallError) {
        guard let fn = d.reprocess_merge else { return }
        try check("reprocess_merge", ctx) { c in fn(instance, c) }
    }

    /// Tells the plugin a new generation is live.
    func onGenerationSwitch(_ ctx: HostContext) throws(PluginCallError) {
        guard let fn = d.on_generation_switch else { return }
        try check("on_generation_switch", ctx) { c in fn(instance, c) }
    }

    /// Answers a request for one of the plugin's routes into `response`.
    func handle(_ request: UnsafePointer<recon_request>, _ ctx: HostContext, _ response: HTTPResponseBuffer) throws(PluginCallError) {
        guard let fn = d.handle else {
            throw PluginCallError(plugin: name, callback: "handle", status: recon_status(RECON_ERR_INVALID), message: "plugin has no handle callback")
        }
        try check("handle", ctx) { c in response.withCPointer { r in fn(instance, c, request, r) } }
    }

    /// Releases the instance (`destroy`). Call once, at shutdown.
    func destroy() {
        d.destroy?(instance)
    }

    private func check(_ callback: String, _ ctx: HostContext, _ body: (OpaquePointer) -> recon_status) throws(PluginCallError) {
        ctx.errorMessage = nil
        ctx.lastHostError = nil
        let status = ctx.withCPointer(body)
        guard status == recon_status(RECON_OK) else {
            throw PluginCallError(
                plugin: name, callback: callback, status: status,
                message: ctx.errorMessage ?? ctx.lastHostError.map { "host call failed: \($0)" }
                    ?? "the plugin set no error message")
        }
    }
}
