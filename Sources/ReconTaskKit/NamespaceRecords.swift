import CReconTask

/// A borrowed DirectoryInfo view (`recon_dir_record`, FSO).
public struct DirectoryRecord {
    /// The raw record.
    public let raw: UnsafePointer<recon_dir_record>
    /// Wraps a borrowed record.
    public init(_ raw: UnsafePointer<recon_dir_record>) { self.raw = raw }

    /// The directory's name (one path component).
    public var name: BorrowedString { BorrowedString(raw.pointee.name) }
    /// The object id.
    public var objectID: UInt64 { raw.pointee.object_id }
    /// The update id.
    public var updateID: UInt64 { raw.pointee.update_id }
    /// The parent directory's or bucket's object id.
    public var parentObjectID: UInt64 { raw.pointee.parent_object_id }
    /// Creation time, ms since the Unix epoch.
    public var creationTime: UInt64 { raw.pointee.creation_time }
    /// Modification time, ms since the Unix epoch.
    public var modificationTime: UInt64 { raw.pointee.modification_time }
    /// The owner.
    public var owner: BorrowedString { BorrowedString(raw.pointee.owner) }
}

/// A borrowed VolumeInfo view (`recon_volume_record`). Quotas of -1/-2 mean "not set".
public struct VolumeRecord {
    /// The raw record.
    public let raw: UnsafePointer<recon_volume_record>
    /// Wraps a borrowed record.
    public init(_ raw: UnsafePointer<recon_volume_record>) { self.raw = raw }

    /// The volume name.
    public var name: BorrowedString { BorrowedString(raw.pointee.name) }
    /// The owner.
    public var owner: BorrowedString { BorrowedString(raw.pointee.owner) }
    /// The admin.
    public var admin: BorrowedString { BorrowedString(raw.pointee.admin) }
    /// The object id.
    public var objectID: UInt64 { raw.pointee.object_id }
    /// Creation time, ms since the Unix epoch.
    public var creationTime: UInt64 { raw.pointee.creation_time }
    /// Modification time, ms since the Unix epoch.
    public var modificationTime: UInt64 { raw.pointee.modification_time }
    /// Space quota in bytes.
    public var quotaInBytes: Int64 { raw.pointee.quota_in_bytes }
    /// Namespace quota.
    public var quotaInNamespace: Int64 { raw.pointee.quota_in_namespace }
    /// Namespace used (buckets).
    public var usedNamespace: UInt64 { raw.pointee.used_namespace }
}

/// A bucket layout (`recon_bucket_layout`).
public struct BucketLayout: RawRepresentable, Hashable, Sendable {
    /// The raw value.
    public let rawValue: UInt32
    /// Creates a layout from its raw value.
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// LEGACY.
    public static let legacy = BucketLayout(rawValue: RECON_LAYOUT_LEGACY.rawValue)
    /// FILE_SYSTEM_OPTIMIZED.
    public static let fso = BucketLayout(rawValue: RECON_LAYOUT_FSO.rawValue)
    /// OBJECT_STORE.
    public static let obs = BucketLayout(rawValue: RECON_LAYOUT_OBS.rawValue)
}

/// A borrowed BucketInfo view (`recon_bucket_record`).
public struct BucketRecord {
    /// The raw record.
    public let raw: UnsafePointer<recon_bucket_record>
    /// Wraps a borrowed record.
    public init(_ raw: UnsafePointer<recon_bucket_record>) { self.raw = raw }

    /// The volume name.
    public var volume: BorrowedString { BorrowedString(raw.pointee.volume) }
    /// The bucket name.
    public var name: BorrowedString { BorrowedString(raw.pointee.name) }
    /// The object id.
    public var objectID: UInt64 { raw.pointee.object_id }
    /// LEGACY, FSO or OBS.
    public var layout: BucketLayout { BucketLayout(rawValue: raw.pointee.layout) }
    /// Whether versioning is enabled.
    public var isVersioningEnabled: Bool { raw.pointee.versioning == 1 }
    /// Creation time, ms since the Unix epoch.
    public var creationTime: UInt64 { raw.pointee.creation_time }
    /// Modification time, ms since the Unix epoch.
    public var modificationTime: UInt64 { raw.pointee.modification_time }
    /// Space quota in bytes.
    public var quotaInBytes: Int64 { raw.pointee.quota_in_bytes }
    /// Namespace quota.
    public var quotaInNamespace: Int64 { raw.pointee.quota_in_namespace }
    /// Bytes used.
    public var usedBytes: UInt64 { raw.pointee.used_bytes }
    /// Namespace used (keys).
    public var usedNamespace: UInt64 { raw.pointee.used_namespace }
    /// The owner.
    public var owner: BorrowedString { BorrowedString(raw.pointee.owner) }
    /// A link's source volume; empty for a plain bucket.
    public var sourceVolume: BorrowedString { BorrowedString(raw.pointee.source_volume) }
    /// A link's source bucket; empty for a plain bucket.
    public var sourceBucket: BorrowedString { BorrowedString(raw.pointee.source_bucket) }
    /// Whether the bucket is a link to another bucket.
    public var isLink: Bool { !sourceBucket.isEmpty }
}

/// A borrowed MultipartKeyInfo view (`recon_multipart_record`).
public struct MultipartRecord {
    /// The raw record.
    public let raw: UnsafePointer<recon_multipart_record>
    /// Wraps a borrowed record.
    public init(_ raw: UnsafePointer<recon_multipart_record>) { self.raw = raw }

    /// The upload id.
    public var uploadID: BorrowedString { BorrowedString(raw.pointee.upload_id) }
    /// Creation time, ms since the Unix epoch.
    public var creationTime: UInt64 { raw.pointee.creation_time }
    /// The replication config.
    public var replication: Replication { Replication(raw.pointee.replication) }
    /// The object id.
    public var objectID: UInt64 { raw.pointee.object_id }
    /// The parent's object id (FSO).
    public var parentObjectID: UInt64 { raw.pointee.parent_object_id }
    /// Inline parts (schema 0); empty for split-table uploads.
    public var parts: BorrowedList<Part> {
        BorrowedList(raw.pointee.parts, raw.pointee.part_count) { p in Part(p.load(as: recon_part.self)) }
    }
    /// The sum of the parts' data sizes.
    public var dataSize: UInt64 { raw.pointee.data_size }
    /// The sum of the parts' replicated sizes.
    public var replicatedSize: UInt64 { raw.pointee.replicated_size }
}

/// One part of a multipart upload (a copy of `recon_part`).
public struct Part: Sendable, Hashable {
    /// The part number.
    public var partNumber: UInt32
    /// Logical bytes.
    public var dataSize: UInt64
    /// Replicated bytes.
    public var replicatedSize: UInt64

    init(_ p: recon_part) {
        partNumber = p.part_number
        dataSize = p.data_size
        replicatedSize = p.replicated_size
    }
}
