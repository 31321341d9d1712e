import ReconTaskKit

/// A volume, as the answers need it.
struct VolumeFacts {
    /// The volume name.
    var name: String
    /// Its object id.
    var objectID: UInt64
    /// Its space quota (negative: none).
    var quotaInBytes: Int64
    /// Its `objectInfo`.
    var info: JSONValue
}

/// A bucket, as the answers need it.
struct BucketFacts {
    /// The volume name.
    var volume: String
    /// The bucket name.
    var name: String
    /// The bucket's object id (its summary's key).
    var objectID: UInt64
    /// The volume's object id (FSO keys start with it).
    var volumeObjectID: UInt64
    /// Its layout.
    var layout: BucketLayout
    /// Its space quota (negative: none).
    var quotaInBytes: Int64
    /// Its `objectInfo`.
    var info: JSONValue

    /// `/volume/bucket`.
    var path: String { "/\(volume)/\(name)" }
}

/// Where a directory's totals and children live.
enum DirectoryPlace {
    /// An FSO directory: its object id.
    case fso(objectID: UInt64)
    /// A LEGACY directory (`dir/` key) or an OBS prefix: the prefix name (`a/b/`).
    case prefix(kind: EntityKind, name: [UInt8])
}

/// What a request path names.
enum NamespaceEntity {
    /// `/`.
    case root
    /// `/vol`.
    case volume(VolumeFacts)
    /// `/vol/bucket`.
    case bucket(BucketFacts)
    /// A directory (FSO, LEGACY) or, with `delimiter=/`, an OBS prefix.
    case directory(bucket: BucketFacts, place: DirectoryPlace, info: JSONValue)
    /// A key: its sizes.
    case key(bucket: BucketFacts, dataSize: UInt64, replicatedSize: UInt64, info: JSONValue)
    /// Nothing.
    case unknown

    /// Recon's `EntityType` name.
    var typeName: String {
        switch self {
        case .root: "ROOT"
        case .volume: "VOLUME"
        case .bucket: "BUCKET"
        case .directory: "DIRECTORY"
        case .key: "KEY"
        case .unknown: "UNKNOWN"
        }
    }
}
