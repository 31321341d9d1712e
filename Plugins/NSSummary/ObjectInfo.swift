import ReconTaskKit

/// The `objectInfo` member of `/namespace/summary`, copied out of the OM records.
enum ObjectInfo {
    /// A volume's metadata.
    static func volume(_ v: VolumeRecord) -> JSONValue {
        [
            "name": .string(v.name.string), "quotaInBytes": .int(quota(v.quotaInBytes)),
            "quotaInNamespace": .int(quota(v.quotaInNamespace)), "usedNamespace": .int(Int64(clamping: v.usedNamespace)),
            "creationTime": .int(Int64(clamping: v.creationTime)), "modificationTime": .int(Int64(clamping: v.modificationTime)),
            "admin": .string(v.admin.string), "owner": .string(v.owner.string), "volume": .string(v.name.string),
        ]
    }

    /// A bucket's metadata.
    static func bucket(_ b: BucketRecord) -> JSONValue {
        [
            "name": .string(b.name.string), "quotaInBytes": .int(quota(b.quotaInBytes)),
            "quotaInNamespace": .int(quota(b.quotaInNamespace)), "usedNamespace": .int(Int64(clamping: b.usedNamespace)),
            "creationTime": .int(Int64(clamping: b.creationTime)), "modificationTime": .int(Int64(clamping: b.modificationTime)),
            "volumeName": .string(b.volume.string), "versioning": .bool(b.isVersioningEnabled),
            "usedBytes": .int(Int64(clamping: b.usedBytes)),
            "sourceVolume": b.isLink ? .string(b.sourceVolume.string) : .null,
            "sourceBucket": b.isLink ? .string(b.sourceBucket.string) : .null,
            "bucketLayout": .string(layoutName(b.layout)), "owner": .string(b.owner.string),
        ]
    }

    /// An FSO directory's metadata.
    static func directory(_ d: DirectoryRecord) -> JSONValue {
        [
            "name": .string(d.name.string), "creationTime": .int(Int64(clamping: d.creationTime)),
            "modificationTime": .int(Int64(clamping: d.modificationTime)), "owner": .string(d.owner.string),
        ]
    }

    /// A key's metadata (also a LEGACY `dir/` key's).
    static func key(_ k: KeyRecord, name: String) -> JSONValue {
        [
            "name": .string(name), "volumeName": .string(k.volume.string), "bucketName": .string(k.bucket.string),
            "keyName": .string(k.keyName.string), "dataSize": .int(Int64(clamping: k.dataSize)),
            "replicatedSize": .int(Int64(clamping: k.replicatedSize)),
            "creationTime": .int(Int64(clamping: k.creationTime)), "modificationTime": .int(Int64(clamping: k.modificationTime)),
            "isFile": k.isFile.map { .bool($0) } ?? .null, "owner": .string(k.owner.string),
        ]
    }

    /// An OBS prefix (no OM record): its name.
    static func prefix(_ name: String) -> JSONValue { ["name": .string(name)] }

    /// Recon's layout names.
    static func layoutName(_ layout: BucketLayout) -> String {
        switch layout {
        case .fso: "FILE_SYSTEM_OPTIMIZED"
        case .obs: "OBJECT_STORE"
        default: "LEGACY"
        }
    }

    /// A quota as Recon reports it: -1 when not set (Ozone stores -1 or -2).
    static func quota(_ value: Int64) -> Int64 { value < 0 ? -1 : value }
}
