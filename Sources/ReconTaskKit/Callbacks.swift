import CReconTask

// The C functions in every Swift plugin's descriptor. They cannot be generic (a C
// function pointer captures nothing), so create() finds the Swift type by plugin name
// in the registry, and the other callbacks reach the instance through `void *plugin`.
// Each one catches every Swift error: nothing unwinds into the host.

func createThunk(
    _ host: UnsafePointer<recon_host>?, _ ctx: OpaquePointer?, _ args: UnsafePointer<recon_init_args>?,
    _ outPlugin: UnsafeMutablePointer<UnsafeMutableRawPointer?>?
) -> recon_status {
    guard let host, let args, let outPlugin else { return Int32(RECON_ERR_INVALID) }
    let functions: HostFunctions
    switch HostFunctions.check(host) {
    case .success(let f): functions = f
    case .failure(let error):
        // set_error may itself be missing; only call it when present.
        if let setError = host.pointee.set_error {
            var message = error.message
            message.withUTF8 { u in u.withMemoryRebound(to: CChar.self) { setError(ctx, $0.baseAddress, $0.count) } }
        }
        return error.code.status
    }
    let initArgs = InitArgs(args)
    guard let registered = registry.withLock({ $0[initArgs.pluginName] }) else {
        functions.setError(ctx, "no Swift task named '\(initArgs.pluginName)' is exported by this library")
        return Int32(RECON_ERR_INVALID)
    }
    let runtime = PluginRuntime(
        functions: functions, pluginName: initArgs.pluginName,
        kvTableNames: registered.kvTableNames, routes: registered.routes)
    do {
        let task = try registered.factory(TaskHost(CallContext(runtime: runtime, ctx: ctx)), initArgs)
        let instance = PluginInstance(task: task, runtime: runtime)
        outPlugin.pointee = Unmanaged.passRetained(instance).toOpaque()
        return Int32(RECON_OK)
    } catch {
        let (status, message) = ReconTaskError.statusAndMessage(for: error)
        functions.setError(ctx, message)
        return status
    }
}

func destroyThunk(_ plugin: UnsafeMutableRawPointer?) {
    guard let plugin else { return }
    Unmanaged<PluginInstance>.fromOpaque(plugin).release()
}

func initStoreThunk(_ plugin: UnsafeMutableRawPointer?, _ ctx: OpaquePointer?) -> recon_status {
    PluginInstance.run(plugin, ctx) { instance, call in
        try instance.task.initStore(Transaction(call))
    }
}

func processThunk(
    _ plugin: UnsafeMutableRawPointer?, _ ctx: OpaquePointer?, _ batch: UnsafePointer<recon_event_batch>?
) -> recon_status {
    PluginInstance.run(plugin, ctx) { instance, call in
        guard let batch else { throw ReconTaskError.invalid("process: batch is NULL") }
        try instance.task.process(EventBatch(batch), Transaction(call))
    }
}

func reprocessBeginThunk(_ plugin: UnsafeMutableRawPointer?, _ ctx: OpaquePointer?, _ workers: UInt32) -> recon_status {
    PluginInstance.run(plugin, ctx) { instance, call in
        try instance.task.reprocessBegin(workers: Int(workers), Transaction(call))
    }
}

func reprocessChunkThunk(
    _ plugin: UnsafeMutableRawPointer?, _ ctx: OpaquePointer?, _ worker: UInt32,
    _ records: UnsafePointer<recon_event_batch>?
) -> recon_status {
    PluginInstance.run(plugin, ctx) { instance, call in
        guard let records else { throw ReconTaskError.invalid("reprocess_chunk: records is NULL") }
        try instance.task.reprocessChunk(worker: Int(worker), EventBatch(records), Transaction(call))
    }
}

func reprocessMergeThunk(_ plugin: UnsafeMutableRawPointer?, _ ctx: OpaquePointer?) -> recon_status {
    PluginInstance.run(plugin, ctx) { instance, call in
        try instance.task.reprocessMerge(Transaction(call))
    }
}

func handleThunk(
    _ plugin: UnsafeMutableRawPointer?, _ ctx: OpaquePointer?, _ request: UnsafePointer<recon_request>?,
    _ response: OpaquePointer?
) -> recon_status {
    PluginInstance.run(plugin, ctx) { instance, call in
        guard let request else { throw ReconTaskError.invalid("handle: request is NULL") }
        let routes = instance.runtime.routes
        let index = Int(request.pointee.route_index)
        guard routes.indices.contains(index) else {
            throw ReconTaskError.invalid("handle: route index \(index) out of range")
        }
        try instance.task.handle(
            Request(request, route: routes[index]), ReadView(call),
            Response(response, instance.runtime.functions))
    }
}

func generationSwitchThunk(_ plugin: UnsafeMutableRawPointer?, _ ctx: OpaquePointer?) -> recon_status {
    PluginInstance.run(plugin, ctx) { instance, call in
        try instance.task.generationSwitched(ReadView(call))
    }
}
