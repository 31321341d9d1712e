import ReconTaskKit

/// `GET /containers/{id}/keys?prevKey=&limit=`: the keys with blocks in one container, in
/// Recon's shape `{totalCount, lastKey, keys: [{Volume, Bucket, Key, CompletePath,
/// DataSize, Versions, Blocks, CreationTime, ModificationTime}]}`.
///
/// Keys come in OM DB key order. `prevKey` is the OM DB key to continue after
/// (exclusive; it need not exist), `limit` counts keys (every version of a key in the
/// container is in the same entry), default 1000, -1 = unlimited. `totalCount` is the
/// container's number of (key, version) mappings. Each key is read from the OM replica
/// at query time (keyTable, then fileTable); a key missing there is left out, and
/// `lastKey` is the last key visited, listed or not, so paging always advances.
enum ContainerKeysEndpoint {
    /// One key of the page: its OM DB key and its versions in the container.
    private struct Entry {
        /// The OM DB key.
        var omKey: [UInt8]
        /// Its versions with blocks in the container, ascending.
        var versions: [UInt64]
    }

    /// Answers one request.
    static func answer(_ request: Request, _ view: ReadView, _ response: Response) throws {
        let container = try QueryParameters.containerID(request)
        let limit = try QueryParameters.limit(request, allowUnlimited: true)
        let prevKey = Array((request.queryParameters.value(for: "prevKey")?.string ?? "").utf8)
        guard try StoreState.isBuilt(view) else {
            response.json(["totalCount": 0, "lastKey": "", "keys": []])
            return
        }
        let entries = try page(of: container, after: prevKey, limit: limit, view)
        var keys: [JSONValue] = []
        for entry in entries {
            guard let key = try KeySnapshot.read(omKey: entry.omKey, versions: entry.versions, container: container, from: view)
            else { continue }
            keys.append(try json(key, view))
        }
        let total = try ContainerCounts.count(container, in: view)
        let lastKey = entries.last.map { String(decoding: $0.omKey, as: UTF8.self) } ?? ""
        response.json(["totalCount": .int(Int64(clamping: total)), "lastKey": .string(lastKey), "keys": .array(keys)])
    }

    /// Up to `limit` keys of `container` after `prevKey` (all when `limit` is `nil`).
    private static func page(of container: Int64, after prevKey: [UInt8], limit: Int?, _ view: ReadView) throws -> [Entry] {
        if limit == 0 { return [] }
        var start = MappingKeys.containerStart(container)
        if !prevKey.isEmpty {
            start += prevKey
            start.append(StorageLayout.separator + 1)
        }
        var entries: [Entry] = []
        try view.kvScan(StorageLayout.containerKeys, from: start, to: MappingKeys.containerEnd(container)) { key, _ in
            guard let (omKey, version) = MappingKeys.parseContainerKey(key) else { return true }
            if let last = entries.last, last.omKey.elementsEqual(omKey) {
                entries[entries.count - 1].versions.append(version)
                return true
            }
            if let limit, entries.count == limit { return false }
            entries.append(Entry(omKey: Array(omKey), versions: [version]))
            return true
        }
        return entries
    }

    /// One key's entry.
    private static func json(_ key: KeySnapshot, _ view: ReadView) throws -> JSONValue {
        let blocks: [(key: String, value: JSONValue)] = key.blocks.map { version, blocks in
            (String(version), .array(blocks.map { ["containerID": .int($0.container), "localID": .int($0.local)] }))
        }
        return [
            "Volume": .string(key.volume),
            "Bucket": .string(key.bucket),
            "Key": .string(key.keyName),
            "CompletePath": .string(try CompletePath.of(key, in: view)),
            "DataSize": .int(Int64(clamping: key.dataSize)),
            "Versions": .array(key.blocks.map { .int(Int64(clamping: $0.version)) }),
            "Blocks": .object(blocks),
            "CreationTime": .string(ISOTime.format(millis: key.creationTime)),
            "ModificationTime": .string(ISOTime.format(millis: key.modificationTime)),
        ]
    }
}
