import ReconTaskKit

/// `GET /containers?prevKey=&limit=`: containers that have keys, by id, with their key
/// counts, in Recon's shape `{data: {totalCount, prevKey, containers: [{ContainerID,
/// NumberOfKeys, pipelines}]}}`.
///
/// Recon answers from SCM's container manager; recond has no SCM, so the list is the
/// plugin's own per-container mapping counts, `totalCount` is the number of containers
/// with at least one mapping, and `pipelines` is always empty.
enum ContainersEndpoint {
    /// Answers one request.
    static func answer(_ request: Request, _ view: ReadView, _ response: Response) throws {
        let prevKey = try QueryParameters.integer(request, "prevKey", default: 0, minimum: 0)
        let limit = try QueryParameters.limit(request, allowUnlimited: false) ?? Int.max
        guard try StoreState.isBuilt(view) else {
            response.json(body(total: 0, prevKey: prevKey, containers: []))
            return
        }
        var containers: [JSONValue] = []
        var last = prevKey
        if limit > 0 {
            let start = BigEndian.bytes(UInt64(prevKey) + 1)
            try view.kvScan(StorageLayout.containerCounts, from: start) { key, value in
                guard key.count == 8 else { return true }
                let id = Int64(bitPattern: BigEndian.read(key, at: 0))
                let count = LittleEndian.decode(UInt64.self, from: value) ?? 0
                containers.append([
                    "ContainerID": .int(id), "NumberOfKeys": .int(Int64(clamping: count)), "pipelines": [],
                ])
                last = id
                return containers.count < limit
            }
        }
        let total = try ContainerCounts.totalContainers(in: view)
        response.json(body(total: total, prevKey: last, containers: containers))
    }

    /// The response document; `prevKey` is the last container id listed (the cursor for
    /// the next page), or the request's `prevKey` when the page is empty.
    private static func body(total: UInt64, prevKey: Int64, containers: [JSONValue]) -> JSONValue {
        ["data": ["totalCount": .int(Int64(clamping: total)), "prevKey": .int(prevKey), "containers": .array(containers)]]
    }
}
