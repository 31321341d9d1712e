import ReconTaskKit

/// Resolves a request path against the OM replica, Recon-style: `/vol` in volumeTable,
/// `/vol/bucket` in bucketTable, then by layout: FSO one directoryTable lookup per
/// component (the last may be a fileTable file); LEGACY with file-system paths a `dir/`
/// or plain key in keyTable; OBS and flat LEGACY a key, or with `delimiter=/` an OBS
/// prefix that holds keys.
struct PathResolver {
    let view: ReadView
    let legacyFileSystemPaths: Bool

    /// What `request`'s path names.
    func resolve(_ request: NamespaceRequest) throws -> NamespaceEntity {
        let parts = request.components
        guard let volumeName = parts.first else { return .root }
        guard let volume = try volume(volumeName) else { return .unknown }
        if parts.count == 1 { return .volume(volume) }
        guard let bucket = try bucket(volume: volume, name: parts[1]) else { return .unknown }
        if parts.count == 2 { return .bucket(bucket) }
        let rest = Array(parts[2...])
        if bucket.layout == .fso { return try resolveFSO(bucket, rest) }
        let keyName = rest.joined(separator: "/")
        switch NamesLayout(bucket.layout, legacyFileSystemPaths: legacyFileSystemPaths) {
        case .legacyPaths:
            if let info = try keyInfo(bucket, keyName + "/", name: rest[rest.count - 1]) {
                return .directory(bucket: bucket, place: .prefix(kind: .legacyPrefix, name: Array((keyName + "/").utf8)), info: info)
            }
            return try namedKey(bucket, keyName, name: rest[rest.count - 1]) ?? .unknown
        case .objectStore:
            if !(request.delimited && request.trailingSlash), let key = try namedKey(bucket, keyName, name: rest[rest.count - 1]) {
                return key
            }
            guard request.delimited else { return .unknown }
            let prefix = Array((keyName + "/").utf8)
            let exists = try prefix.withUnsafeBytes { name in
                try SummaryReader(view).summary(.prefix(.objectStorePrefix, bucket: bucket.objectID, name: name), name: name) != nil
            }
            return exists ? .directory(bucket: bucket, place: .prefix(kind: .objectStorePrefix, name: prefix), info: ObjectInfo.prefix(keyName + "/")) : .unknown
        case .flat, nil:
            return try namedKey(bucket, keyName, name: rest[rest.count - 1]) ?? .unknown
        }
    }

    /// The volume `name`, or `nil`.
    func volume(_ name: String) throws -> VolumeFacts? {
        try view.withOMRecord("volumeTable", "/" + name) { record in
            record?.volume.map { v in
                VolumeFacts(name: name, objectID: v.objectID, quotaInBytes: v.quotaInBytes, info: ObjectInfo.volume(v))
            }
        }
    }

    /// The bucket `/volume/name`, or `nil`.
    func bucket(volume: VolumeFacts, name: String) throws -> BucketFacts? {
        try view.withOMRecord("bucketTable", "/\(volume.name)/\(name)") { record in
            record?.bucket.map { b in
                BucketFacts(
                    volume: volume.name, name: name, objectID: b.objectID, volumeObjectID: volume.objectID,
                    layout: b.layout, quotaInBytes: b.quotaInBytes, info: ObjectInfo.bucket(b))
            }
        }
    }

    private func resolveFSO(_ bucket: BucketFacts, _ rest: [String]) throws -> NamespaceEntity {
        var parent = bucket.objectID
        for (index, component) in rest.enumerated() {
            let key = FSOKeys.child(bucket, parent: parent, name: component)
            let directory = try view.withOMRecord("directoryTable", key) { record in
                record?.directory.map { ($0.objectID, ObjectInfo.directory($0)) }
            }
            if let directory {
                if index == rest.count - 1 { return .directory(bucket: bucket, place: .fso(objectID: directory.0), info: directory.1) }
                parent = directory.0
                continue
            }
            guard index == rest.count - 1 else { return .unknown }
            return try view.withOMRecord("fileTable", key) { record in
                record?.key.map { .key(bucket: bucket, dataSize: $0.dataSize, replicatedSize: $0.replicatedSize, info: ObjectInfo.key($0, name: component)) }
            } ?? .unknown
        }
        return .unknown
    }

    private func namedKey(_ bucket: BucketFacts, _ keyName: String, name: String) throws -> NamespaceEntity? {
        try view.withOMRecord("keyTable", "\(bucket.path)/\(keyName)") { record in
            record?.key.map { .key(bucket: bucket, dataSize: $0.dataSize, replicatedSize: $0.replicatedSize, info: ObjectInfo.key($0, name: name)) }
        }
    }

    private func keyInfo(_ bucket: BucketFacts, _ keyName: String, name: String) throws -> JSONValue? {
        try view.withOMRecord("keyTable", "\(bucket.path)/\(keyName)") { record in
            record?.key.map { ObjectInfo.key($0, name: name) }
        }
    }
}

/// FSO keys: `/volumeId/bucketId/parentId/name`, ids in signed decimal as Ozone writes
/// its `long` object ids.
enum FSOKeys {
    /// The prefix of the children of `parent`: `/volumeId/bucketId/parentId/`.
    static func childrenPrefix(_ bucket: BucketFacts, parent: UInt64) -> String {
        "/\(Int64(bitPattern: bucket.volumeObjectID))/\(Int64(bitPattern: bucket.objectID))/\(Int64(bitPattern: parent))/"
    }

    /// The key of child `name` of `parent`.
    static func child(_ bucket: BucketFacts, parent: UInt64, name: String) -> String {
        childrenPrefix(bucket, parent: parent) + name
    }
}

/// Reads stored summaries through a read view.
struct SummaryReader {
    let view: ReadView

    init(_ view: ReadView) { self.view = view }

    /// The summary of `id`, or `nil`.
    func summary(_ id: EntityID, name: UnsafeRawBufferPointer) throws -> Summary? {
        try view.withKVValue(SummaryCache.table, EntityKeys.storageKey(id, name: name)) { bytes in
            guard let bytes else { return nil }
            guard let summary = SummaryCodec.decode(bytes) else {
                throw ReconTaskError.failed("nssummary: a stored summary is corrupt")
            }
            return summary
        }
    }

    /// The totals of object `objectID` (zero when it has none).
    func objectTotals(_ objectID: UInt64) throws -> Totals {
        try summary(.object(objectID), name: UnsafeRawBufferPointer(start: nil, count: 0))?.totals ?? Totals()
    }

    /// The totals of a directory.
    func totals(_ place: DirectoryPlace, bucket: BucketFacts) throws -> Totals {
        switch place {
        case .fso(let objectID):
            return try objectTotals(objectID)
        case .prefix(let kind, let name):
            return try name.withUnsafeBytes { n in
                try summary(.prefix(kind, bucket: bucket.objectID, name: n), name: n)?.totals ?? Totals()
            }
        }
    }
}
