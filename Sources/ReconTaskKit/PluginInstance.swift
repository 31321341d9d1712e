import CReconTask

/// What every call context of one plugin instance shares: the host's functions and the
/// names the descriptor declared.
final class PluginRuntime: Sendable {
    let functions: HostFunctions
    let pluginName: String
    let kvTableNames: [String]
    let routes: [Route]

    init(functions: HostFunctions, pluginName: String, kvTableNames: [String], routes: [Route]) {
        self.functions = functions
        self.pluginName = pluginName
        self.kvTableNames = kvTableNames
        self.routes = routes
    }
}

/// The object behind the descriptor's `void *plugin`: retained in create, released in
/// destroy.
final class PluginInstance: Sendable {
    let task: any ReconTask
    let runtime: PluginRuntime

    init(task: any ReconTask, runtime: PluginRuntime) {
        self.task = task
        self.runtime = runtime
    }

    /// Runs `body` for a callback, turning a thrown error into a status and a message.
    /// Nothing thrown escapes into the host.
    static func run(
        _ plugin: UnsafeMutableRawPointer?, _ ctx: OpaquePointer?,
        _ body: (PluginInstance, CallContext) throws -> Void
    ) -> recon_status {
        guard let plugin else { return Int32(RECON_ERR_INVALID) }
        let instance = Unmanaged<PluginInstance>.fromOpaque(plugin).takeUnretainedValue()
        let call = CallContext(runtime: instance.runtime, ctx: ctx)
        do {
            try body(instance, call)
            return Int32(RECON_OK)
        } catch {
            let (status, message) = ReconTaskError.statusAndMessage(for: error)
            instance.runtime.functions.setError(ctx, message)
            return status
        }
    }
}
