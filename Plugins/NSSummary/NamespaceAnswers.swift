import ReconTaskKit

/// Builds the four namespace answers in Recon's JSON shapes for a resolved path.
struct NamespaceAnswers {
    /// Recon's `DISK_USAGE_TOP_RECORDS_LIMIT`: subpaths kept when sorting.
    static let topSubPaths = 30

    let view: ReadView
    let request: NamespaceRequest
    let entity: NamespaceEntity
    let catalog: NamespaceCatalog
    let legacyFileSystemPaths: Bool

    /// Recon's `ResponseStatus` for the path.
    var status: String { if case .unknown = entity { "PATH_NOT_FOUND" } else { "OK" } }

    /// `/namespace/summary`: `path`, `type`, `countStats`, `objectInfo`, `status`.
    func summary() throws -> JSONValue {
        let counts: (volumes: Int64, buckets: Int64, dirs: Int64, keys: Int64)?
        var info: JSONValue = .null
        switch entity {
        case .root:
            let volumes = try catalog.volumes()
            let buckets = try volumes.flatMap { try catalog.buckets(of: $0) }
            let totals = try catalog.totals(buckets)
            counts = (Int64(volumes.count), Int64(buckets.count), totals.directories, totals.files)
        case .volume(let volume):
            let buckets = try catalog.buckets(of: volume)
            let totals = try catalog.totals(buckets)
            counts = (-1, Int64(buckets.count), totals.directories, totals.files)
            info = volume.info
        case .bucket(let bucket):
            let totals = try catalog.totals(bucket, delimited: request.delimited)
            counts = (-1, -1, totals.directories, totals.files)
            info = bucket.info
        case .directory(let bucket, let place, let dirInfo):
            let totals = try SummaryReader(view).totals(place, bucket: bucket)
            counts = (-1, -1, totals.directories, totals.files)
            info = dirInfo
        case .key(_, _, _, let keyInfo):
            counts = (-1, -1, -1, -1)
            info = keyInfo
        case .unknown:
            counts = nil
        }
        let countStats: JSONValue = counts.map {
            ["numVolume": .int($0.volumes), "numBucket": .int($0.buckets), "numDir": .int($0.dirs), "numKey": .int($0.keys)]
        } ?? .null
        return [
            "path": .string(request.normalizedPath), "type": .string(entity.typeName), "countStats": countStats,
            "objectInfo": info, "status": .string(status),
        ]
    }

    /// `/namespace/usage` (and `/namespace/du`): `status`, `path`, `size`,
    /// `sizeWithReplica`, `subPathCount`, `subPaths`, `sizeDirectKey`.
    func usage() throws -> JSONValue {
        var size: Int64 = 0
        var replicated: Int64 = -1
        var directKeys: Int64 = -1
        var subPaths: [SubPath] = []
        let lister = SubPathLister(
            view: view, normalizedPath: request.normalizedPath, listFiles: request.listFiles,
            delimited: request.delimited, legacyFileSystemPaths: legacyFileSystemPaths)
        switch entity {
        case .root:
            for volume in try catalog.volumes() {
                let totals = try catalog.totals(try catalog.buckets(of: volume))
                subPaths.append(SubPath(path: "/" + volume.name, size: totals.bytes, replicatedSize: totals.replicatedBytes, isKey: false))
            }
        case .volume(let volume):
            for bucket in try catalog.buckets(of: volume) {
                let totals = try catalog.totals(bucket, delimited: false)
                subPaths.append(SubPath(path: bucket.path, size: totals.bytes, replicatedSize: totals.replicatedBytes, isKey: false))
            }
        case .bucket(let bucket):
            let totals = try catalog.totals(bucket, delimited: request.delimited)
            (size, directKeys) = (totals.bytes, totals.bytes)
            if request.withReplica { replicated = totals.replicatedBytes }
            subPaths = try lister.children(of: bucket, place: nil)
        case .directory(let bucket, let place, _):
            let totals = try SummaryReader(view).totals(place, bucket: bucket)
            (size, directKeys) = (totals.bytes, totals.bytes)
            if request.withReplica { replicated = totals.replicatedBytes }
            subPaths = try lister.children(of: bucket, place: place)
        case .key(_, let dataSize, let replicatedSize, _):
            size = Int64(clamping: dataSize)
            if request.withReplica { replicated = Int64(clamping: replicatedSize) }
        case .unknown:
            break
        }
        switch entity {
        case .root, .volume:
            size = subPaths.reduce(0) { $0 + $1.size }
            if request.withReplica { replicated = subPaths.reduce(0) { $0 + $1.replicatedSize } }
        default:
            break
        }
        let count = subPaths.count
        if request.sortSubPaths {
            subPaths.sort { $0.size != $1.size ? $0.size > $1.size : $0.path < $1.path }
            if subPaths.count > Self.topSubPaths { subPaths.removeSubrange(Self.topSubPaths...) }
        } else {
            subPaths.sort { $0.path < $1.path }
        }
        let entries: [JSONValue] = subPaths.map { p in
            [
                "key": .bool(p.isKey), "path": .string(p.path), "size": .int(p.size),
                "sizeWithReplica": .int(request.withReplica ? p.replicatedSize : -1), "isKey": .bool(p.isKey),
            ]
        }
        return [
            "status": .string(status), "path": .string(request.normalizedPath), "size": .int(size),
            "sizeWithReplica": .int(replicated), "subPathCount": .int(Int64(count)), "subPaths": .array(entries),
            "sizeDirectKey": .int(directKeys),
        ]
    }

    /// `/namespace/quota`: `status`, `allowed` (-1 when no quota), `used`.
    func quota() throws -> JSONValue {
        let answer: (status: String, allowed: Int64, used: Int64)
        switch entity {
        case .root:
            let buckets = try catalog.volumes().flatMap { try catalog.buckets(of: $0) }
            answer = ("OK", -1, try catalog.totals(buckets).replicatedBytes)
        case .volume(let volume):
            answer = ("OK", ObjectInfo.quota(volume.quotaInBytes), try catalog.totals(try catalog.buckets(of: volume)).bytes)
        case .bucket(let bucket):
            answer = ("OK", ObjectInfo.quota(bucket.quotaInBytes), try catalog.totals(bucket, delimited: false).bytes)
        case .directory, .key:
            answer = ("TYPE_NOT_APPLICABLE", 0, 0)
        case .unknown:
            answer = ("PATH_NOT_FOUND", 0, 0)
        }
        return ["status": .string(answer.status), "allowed": .int(answer.allowed), "used": .int(answer.used)]
    }

    /// `/namespace/dist`: `status`, `dist` (41 file counts by size bin).
    func dist() throws -> JSONValue {
        let totals: Totals?
        switch entity {
        case .root:
            totals = try catalog.totals(try catalog.volumes().flatMap { try catalog.buckets(of: $0) })
        case .volume(let volume):
            totals = try catalog.totals(try catalog.buckets(of: volume))
        case .bucket(let bucket):
            totals = try catalog.totals(bucket, delimited: false)
        case .directory(let bucket, let place, _):
            totals = try SummaryReader(view).totals(place, bucket: bucket)
        case .key:
            return ["status": "TYPE_NOT_APPLICABLE", "dist": .null]
        case .unknown:
            return ["status": "PATH_NOT_FOUND", "dist": .null]
        }
        return ["status": "OK", "dist": .array((totals ?? Totals()).bins.map { .int($0) })]
    }

    /// The answer of `route` while the store is not built yet: Recon's shape with
    /// status `INITIALIZING`.
    static func initializing(_ route: NamespaceRoute, path: String) -> JSONValue {
        switch route {
        case .summary:
            ["path": .string(path), "type": .null, "countStats": .null, "objectInfo": .null, "status": "INITIALIZING"]
        case .usage:
            [
                "status": "INITIALIZING", "path": .string(path), "size": 0, "sizeWithReplica": -1, "subPathCount": 0,
                "subPaths": [], "sizeDirectKey": -1,
            ]
        case .quota:
            ["status": "INITIALIZING", "allowed": 0, "used": 0]
        case .dist:
            ["status": "INITIALIZING", "dist": .null]
        }
    }
}

/// The namespace routes.
enum NamespaceRoute: CaseIterable {
    case summary, usage, quota, dist
}
