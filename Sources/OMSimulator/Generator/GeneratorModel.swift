import OzoneFormat

/// Constants of the simulated cluster.
enum OMGeneratorModel {
    /// `ozone.scm.block.size`: 256 MiB.
    static let blockSize: UInt64 = 256 * 1024 * 1024
    /// Logical time of the last generated transaction: 2025-06-01T00:00:00Z.
    static let endTimeMillis: UInt64 = 1_748_736_000_000
    /// Generated history spans two years before that.
    static let historyMillis: UInt64 = 2 * 365 * 24 * 3600 * 1000
    /// Ratis term written into `transactionInfoTable`.
    static let term: UInt64 = 1
    /// Volume names, by index (suffixed beyond the list).
    static let volumeWords = ["analytics", "sales", "platform", "ml", "infra", "media", "finance", "research"]
}

/// A volume being generated.
struct GenVolume {
    var name: [UInt8]
    var nameString: String
    var objectID: UInt64
    var creationTransaction: UInt64
    var owner: [UInt8]
    var bucketCount = 0
}

/// A bucket being generated, with its tree and running usage totals.
struct GenBucket {
    var volumeIndex: Int
    var volumeName: [UInt8]
    var volumeObjectID: UInt64
    var name: [UInt8]
    var nameString: String
    var style: BucketStyle
    var objectID: UInt64
    var creationTransaction: UInt64
    var replication: ReplicationSpec
    var versioned: Bool
    var owner: [UInt8]
    var keyACLs: [UInt8]
    var directoryACLs: [UInt8]
    var tree: DirectoryTree
    /// Names for flat buckets are numbered per bucket.
    var flatCounter: UInt64 = 0
    var usedBytes: UInt64 = 0
    var usedNamespace: UInt64 = 0
    var lastTransaction: UInt64 = 0

    /// True for buckets whose entries live in fileTable/directoryTable.
    var isFSO: Bool { style == .fso }
}
