import CReconTask

/// Builds a `recon_task_descriptor` in memory that is never freed.
enum DescriptorBuilder {
    static func build<T: ReconTask>(_ type: T.Type) -> UnsafePointer<recon_task_descriptor> {
        var d = recon_task_descriptor()
        d.struct_size = UInt32(MemoryLayout<recon_task_descriptor>.size)
        d.abi_major = UInt16(RECON_TASK_ABI_MAJOR)
        d.abi_minor = UInt16(RECON_TASK_ABI_MINOR)
        d.name = cString(T.name)
        d.version = cString(T.version)
        d.description = cString(T.description)
        d.built_with = cString(T.builtWith)

        let omTables = T.omTables
        d.om_table_count = omTables.count
        d.om_tables = UnsafePointer(array(omTables.map { Optional(cString($0)) }))

        let kvTables = T.kvTables
        d.kv_table_count = kvTables.count
        d.kv_tables = UnsafePointer(array(kvTables.map { recon_kv_table(name: cString($0), flags: 0) }))

        let routes = T.routes
        d.route_count = routes.count
        d.routes = UnsafePointer(array(routes.map {
            recon_route(method: cString($0.method), path: cString($0.path), flags: $0.flags)
        }))

        d.create = createThunk
        d.destroy = destroyThunk
        d.init_store = initStoreThunk
        d.process = processThunk
        if T.supportsReprocess {
            d.reprocess_begin = reprocessBeginThunk
            d.reprocess_chunk = reprocessChunkThunk
            d.reprocess_merge = reprocessMergeThunk
        }
        if !routes.isEmpty { d.handle = handleThunk }
        d.on_generation_switch = generationSwitchThunk

        let descriptor = UnsafeMutablePointer<recon_task_descriptor>.allocate(capacity: 1)
        descriptor.initialize(to: d)
        return UnsafePointer(descriptor)
    }

    /// A NUL-terminated copy of `s`, never freed.
    static func cString(_ s: String) -> UnsafePointer<CChar> {
        let utf8 = Array(s.utf8)
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: utf8.count + 1)
        for (i, b) in utf8.enumerated() { buffer[i] = CChar(bitPattern: b) }
        buffer[utf8.count] = 0
        return UnsafePointer(buffer)
    }

    /// A copy of `elements` in memory that is never freed; `nil` when empty.
    static func array<E>(_ elements: [E]) -> UnsafeMutablePointer<E>? {
        guard !elements.isEmpty else { return nil }
        let buffer = UnsafeMutablePointer<E>.allocate(capacity: elements.count)
        buffer.initialize(from: elements, count: elements.count)
        return buffer
    }
}
