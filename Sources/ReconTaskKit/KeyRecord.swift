import CReconTask

/// A borrowed KeyInfo view (`recon_key_record`): a file or object, also open and
/// deleted keys.
public struct KeyRecord {
    /// The raw record, for code that reads the C ABI directly.
    public let raw: UnsafePointer<recon_key_record>
    /// Wraps a borrowed record.
    public init(_ raw: UnsafePointer<recon_key_record>) { self.raw = raw }

    /// The volume name.
    public var volume: BorrowedString { BorrowedString(raw.pointee.volume) }
    /// The bucket name.
    public var bucket: BorrowedString { BorrowedString(raw.pointee.bucket) }
    /// The full key name (OBS/LEGACY) or the file name (FSO).
    public var keyName: BorrowedString { BorrowedString(raw.pointee.key_name) }
    /// Logical size in bytes.
    public var dataSize: UInt64 { raw.pointee.data_size }
    /// Size including replication, computed by the host with Ozone's QuotaUtil rules.
    public var replicatedSize: UInt64 { raw.pointee.replicated_size }
    /// The replication config.
    public var replication: Replication { Replication(raw.pointee.replication) }
    /// Creation time, ms since the Unix epoch.
    public var creationTime: UInt64 { raw.pointee.creation_time }
    /// Modification time, ms since the Unix epoch.
    public var modificationTime: UInt64 { raw.pointee.modification_time }
    /// The object id.
    public var objectID: UInt64 { raw.pointee.object_id }
    /// The update id.
    public var updateID: UInt64 { raw.pointee.update_id }
    /// FSO: the parent directory's or bucket's object id; otherwise 0.
    public var parentObjectID: UInt64 { raw.pointee.parent_object_id }
    /// `true` for a file, `false` for not a file, `nil` when unknown.
    public var isFile: Bool? { raw.pointee.is_file < 0 ? nil : raw.pointee.is_file != 0 }
    /// Whether the latest version is a multipart key.
    public var isMultipart: Bool { raw.pointee.is_multipart != 0 }
    /// The key's versions, oldest first.
    public var versions: BorrowedList<KeyVersion> {
        BorrowedList(raw.pointee.versions, raw.pointee.version_count) { p in
            KeyVersion(p.assumingMemoryBound(to: recon_key_version.self))
        }
    }
    /// The latest version, or `nil` when the key has none.
    public var latestVersion: KeyVersion? { versions.last }
    /// The key's metadata.
    public var metadata: BorrowedList<StringPair> {
        BorrowedList(raw.pointee.metadata, raw.pointee.metadata_count)
    }
    /// The key's tags.
    public var tags: BorrowedList<StringPair> { BorrowedList(raw.pointee.tags, raw.pointee.tag_count) }
    /// The owner.
    public var owner: BorrowedString { BorrowedString(raw.pointee.owner) }
}

/// A borrowed key version (`recon_key_version`): one KeyLocationList.
public struct KeyVersion {
    /// The raw version.
    public let raw: UnsafePointer<recon_key_version>
    /// Wraps a borrowed version.
    public init(_ raw: UnsafePointer<recon_key_version>) { self.raw = raw }

    /// The version number.
    public var version: UInt64 { raw.pointee.version }
    /// The version's blocks.
    public var blocks: BorrowedList<Block> {
        BorrowedList(raw.pointee.blocks, raw.pointee.block_count) { p in
            Block(p.load(as: recon_block.self))
        }
    }
}

/// One block of a key version (a copy of the 32-byte `recon_block`).
public struct Block: Sendable, Hashable {
    /// The container id.
    public var containerID: Int64
    /// The block's local id within the container.
    public var localID: Int64
    /// Offset of the block in the key.
    public var offset: UInt64
    /// Length of the block in bytes.
    public var length: UInt64

    init(_ b: recon_block) {
        containerID = b.container_id
        localID = b.local_id
        offset = b.offset
        length = b.length
    }
}
