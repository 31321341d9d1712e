import ReconTaskKit

/// `GET /volumes` and `GET /buckets`, read from the OM replica at query time (as
/// Recon reads its OM DB copy), with Recon's `{totalCount, volumes|buckets}` shape;
/// `totalCount` is the number of entries in the page, as in Recon.
enum OMListing {
    /// `GET /volumes`: volumes in name order after `prevKey`, at most `limit`.
    static func volumes(_ paging: ListingParameters, _ view: ReadView) throws -> JSONValue {
        let keys = try pageKeys("volumeTable", prefix: "/", after: paging.prevKey.map { "/" + $0 }, limit: paging.limit, view)
        var volumes: [JSONValue] = []
        for key in keys {
            try view.withOMRecord("volumeTable", key) { record in
                if let volume = record?.volume { volumes.append(json(volume)) }
            }
        }
        return ["totalCount": .int(Int64(volumes.count)), "volumes": .array(volumes)]
    }

    /// `GET /buckets`: with `volume`, that volume's buckets after `prevKey`; without,
    /// every bucket (a `prevKey` then needs a volume and is refused by the caller).
    static func buckets(volume: String?, _ paging: ListingParameters, _ view: ReadView) throws -> JSONValue {
        let prefix = volume.map { "/" + $0 + "/" } ?? "/"
        let after = volume.flatMap { v in paging.prevKey.map { "/" + v + "/" + $0 } }
        let keys = try pageKeys("bucketTable", prefix: prefix, after: after, limit: paging.limit, view)
        var buckets: [JSONValue] = []
        for key in keys {
            try view.withOMRecord("bucketTable", key) { record in
                if let bucket = record?.bucket { buckets.append(json(bucket)) }
            }
        }
        return ["totalCount": .int(Int64(buckets.count)), "buckets": .array(buckets)]
    }

    /// Up to `limit` keys of `table` under `prefix`, strictly after `after`, copied (the
    /// records are read after the scan, never from inside its callback).
    private static func pageKeys(
        _ table: String, prefix: String, after: String?, limit: Int, _ view: ReadView
    ) throws -> [[UInt8]] {
        let start = after.map { Array($0.utf8) }
        var keys: [[UInt8]] = []
        try view.omScanPrefix(table, prefix: prefix) { key, _ in
            if let start, !start.lexicographicallyPrecedes(key) { return true }
            keys.append(Array(key))
            return keys.count < limit
        }
        return keys
    }

    /// A volume with Recon's `VolumeObjectDBInfo` field names.
    private static func json(_ v: VolumeRecord) -> JSONValue {
        [
            "name": .string(v.name.string),
            "quotaInBytes": .int(v.quotaInBytes), "quotaInNamespace": .int(v.quotaInNamespace),
            "usedNamespace": .int(Int64(clamping: v.usedNamespace)),
            "creationTime": .int(Int64(clamping: v.creationTime)),
            "modificationTime": .int(Int64(clamping: v.modificationTime)),
            "admin": .string(v.admin.string), "owner": .string(v.owner.string), "volume": .string(v.name.string),
        ]
    }

    /// A bucket with Recon's `BucketObjectDBInfo` field names.
    private static func json(_ b: BucketRecord) -> JSONValue {
        [
            "versioningEnabled": .bool(b.isVersioningEnabled),
            "name": .string(b.name.string),
            "quotaInBytes": .int(b.quotaInBytes), "quotaInNamespace": .int(b.quotaInNamespace),
            "usedNamespace": .int(Int64(clamping: b.usedNamespace)),
            "creationTime": .int(Int64(clamping: b.creationTime)),
            "modificationTime": .int(Int64(clamping: b.modificationTime)),
            "volumeName": .string(b.volume.string),
            "versioning": .bool(b.isVersioningEnabled),
            "usedBytes": .int(Int64(clamping: b.usedBytes)),
            "sourceVolume": b.isLink ? .string(b.sourceVolume.string) : .null,
            "sourceBucket": b.isLink ? .string(b.sourceBucket.string) : .null,
            "bucketLayout": .string(layoutName(b.layout)),
            "owner": .string(b.owner.string),
        ]
    }

    /// Ozone's `BucketLayout` enum name.
    private static func layoutName(_ layout: BucketLayout) -> String {
        switch layout {
        case .fso: "FILE_SYSTEM_OPTIMIZED"
        case .obs: "OBJECT_STORE"
        default: "LEGACY"
        }
    }
}
