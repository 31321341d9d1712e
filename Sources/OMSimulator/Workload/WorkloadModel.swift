import OzoneFormat

/// A bucket as the workload sees it: identity, layout and the `BucketInfo` row it keeps up
/// to date (usage, update id) in the same batch as every change to its keys, like the OM.
struct WorkBucket {
    var info: OMBucketInfo
    let volume: String
    let name: String
    let style: BucketStyle
    let objectID: UInt64
    let volumeObjectID: UInt64
    let replication: ReplicationSpec
    let versioned: Bool
    let owner: [UInt8]
    let keyACLs: [UInt8]
    let directoryACLs: [UInt8]
    /// `/vol/bucket` (bucketTable and lifecycle key).
    let bucketKey: [UInt8]
    /// `/vol/bucket/`.
    let namePrefix: [UInt8]
    /// `/volID/bucketID/`.
    let fsoPrefix: [UInt8]

    var isFSO: Bool { style == .fso }
    var volumeBytes: [UInt8] { Array(volume.utf8) }
    var nameBytes: [UInt8] { Array(name.utf8) }

    init(info: OMBucketInfo, volumeObjectID: UInt64) {
        self.info = info
        volume = info.volumeName
        name = info.bucketName
        style = BucketStyle(layout: info.hasBucketLayout ? info.bucketLayout : .legacy, name: info.bucketName)
        objectID = info.objectID
        self.volumeObjectID = volumeObjectID
        replication = ReplicationSpec(info.hasDefaultReplicationConfig ? info.defaultReplicationConfig : nil)
        versioned = info.isVersionEnabled
        owner = Array((info.hasOwner ? info.owner : "hadoop").utf8)
        keyACLs = ACLEncoding.encoded(field: 13, owner: owner, group: NameVocabulary.users[0])
        directoryACLs = ACLEncoding.encoded(field: 5, owner: owner, group: NameVocabulary.users[0])
        bucketKey = OMBucketKey(volume: volume, bucket: name).bytes
        namePrefix = OMObjectKey.bucketPrefix(volume: volume, bucket: name)
        fsoPrefix = OMFSOKey.bucketPrefix(volumeID: Int64(bitPattern: volumeObjectID), bucketID: Int64(bitPattern: objectID))
    }

    /// The prefix of the FSO children of `parentID`: `/volID/bucketID/parentID/`.
    func childrenPrefix(_ parentID: UInt64) -> [UInt8] {
        OMFSOKey.childrenPrefix(volumeID: Int64(bitPattern: volumeObjectID), bucketID: Int64(bitPattern: objectID),
                                parentID: Int64(bitPattern: parentID))
    }

    /// Adjusts the usage counters.
    mutating func adjustUsage(bytes: Int64, namespace: Int64) {
        info.usedBytes = UInt64(max(0, Int64(bitPattern: info.usedBytes) &+ bytes))
        info.usedNamespace = UInt64(max(0, Int64(bitPattern: info.usedNamespace) &+ namespace))
    }
}

/// A key or file opened by the workload and not committed yet.
struct PendingKey {
    var bucket: Int
    /// openKeyTable or openFileTable.
    var openTable: OMTable
    var openKey: [UInt8]
    /// Where it lands on commit (keyTable or fileTable key).
    var finalKey: [UInt8]
    /// The open `KeyInfo`.
    var value: [UInt8]
    /// FSO parent, 0 for names-based buckets.
    var parentID: UInt64
    /// Leaf name (FSO) or full key name.
    var leaf: [UInt8]
    /// Full key name below the bucket.
    var fullName: [UInt8]
}

/// Kinds of OM operation the workload performs; each is one RocksDB write batch.
public enum OMOperationKind: String, Sendable, CaseIterable, Codable {
    /// CreateKey/CreateFile: an openKeyTable/openFileTable entry (FSO: maybe a new parent directory).
    case createKey
    /// CommitKey: open entry → keyTable/fileTable (an existing key's old data → deletedTable, or a new version).
    case commitKey
    /// CreateKey on an existing name (committed later as an overwrite).
    case overwriteKey
    /// DeleteKey: keyTable/fileTable → deletedTable.
    case deleteKey
    /// RenameKey: delete + put under the new name (FSO: maybe another directory).
    case renameKey
    /// CreateDirectory: directoryTable row (FSO) or `dir/` keyTable row (LEGACY).
    case createDirectory
    /// Rename of an FSO directory (one row moves; children follow by parent id).
    case renameDirectory
    /// Delete of an FSO directory: directoryTable → deletedDirectoryTable.
    case deleteDirectory
    /// DirectoryDeletingService: children of a deleted directory → deletedTable /
    /// deletedDirectoryTable, then the directory's own row is dropped.
    case purgeDirectory
    /// KeyDeletingService: deletedTable rows removed once their blocks are gone.
    case purgeDeletedKeys
    /// InitiateMultipartUpload: multipartInfoTable + open entry.
    case initiateMultipartUpload
    /// CommitMultipartUploadPart.
    case uploadPart
    /// CompleteMultipartUpload: parts → one key.
    case completeMultipartUpload
    /// AbortMultipartUpload: parts → deletedTable.
    case abortMultipartUpload
}

/// How many operations of each kind a workload performed.
public struct OMWorkloadStats: Sendable, Equatable, Codable {
    /// Operations per kind.
    public var counts: [OMOperationKind: Int] = [:]
    /// All operations.
    public var total: Int { counts.values.reduce(0, +) }

    /// Empty statistics.
    public init() {}
}

/// Where the workload's timestamps come from.
public enum OMWorkloadClock: Sendable {
    /// Continue the generator's logical clock: deterministic, for tests.
    case logical
    /// The system clock (never going backwards), for a live demo.
    case wallClock
}
