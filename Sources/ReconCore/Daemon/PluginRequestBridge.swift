import CReconTask

/// Lays out a ``PluginHTTPRequest`` as a `recon_request` in an arena.
enum PluginRequestBridge {
    /// Calls `body` with the C request, valid during the call.
    static func withCRequest<R>(
        _ request: PluginHTTPRequest, routeIndex: Int, _ body: (UnsafePointer<recon_request>) throws -> R
    ) rethrows -> R {
        let arena = CArena(chunkSize: 4096)
        func str(_ s: String) -> recon_str {
            let (p, n) = arena.copy(s)
            return recon_str(ptr: p, len: n)
        }
        func pairs(_ list: [(String, String)]) -> UnsafeMutablePointer<recon_str_pair> {
            let out = arena.allocate(recon_str_pair.self, count: list.count)
            for (i, (name, value)) in list.enumerated() {
                (out + i).initialize(to: recon_str_pair(name: str(name), value: str(value)))
            }
            return out
        }
        let (bodyPtr, bodyLen) = request.body.withUnsafeBytes { arena.copy($0) }
        var c = recon_request(
            struct_size: UInt32(MemoryLayout<recon_request>.size), route_index: UInt32(routeIndex),
            method: str(request.method), path: str(request.path),
            path_param_count: request.pathParams.count, path_params: pairs(request.pathParams),
            query_param_count: request.queryParams.count, query_params: pairs(request.queryParams),
            body: recon_bytes(ptr: bodyPtr, len: bodyLen))
        return try withExtendedLifetime(arena) { try withUnsafePointer(to: &c) { try body($0) } }
    }
}
