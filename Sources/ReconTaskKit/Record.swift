import CReconTask

/// The host's decoded view of one OM value (`recon_record`), borrowed for the call.
/// Nothing is copied: each case wraps a pointer into host memory.
public enum Record {
    /// KeyInfo: keyTable, fileTable, openKeyTable, openFileTable.
    case key(KeyRecord)
    /// DirectoryInfo: directoryTable, deletedDirectoryTable.
    case directory(DirectoryRecord)
    /// VolumeInfo: volumeTable.
    case volume(VolumeRecord)
    /// BucketInfo: bucketTable.
    case bucket(BucketRecord)
    /// RepeatedKeyInfo: deletedTable.
    case keyList(BorrowedList<KeyRecord>)
    /// MultipartKeyInfo: multipartInfoTable.
    case multipart(MultipartRecord)
    /// A kind this SDK does not know (added by a newer host), with its raw value.
    case other(kind: UInt32, raw: UnsafePointer<recon_record>)

    /// Wraps a decoded record; `nil` for NULL or `RECON_RECORD_NONE`.
    public init?(_ raw: UnsafePointer<recon_record>?) {
        guard let raw else { return nil }
        let r = raw.pointee
        switch r.kind {
        case RECON_RECORD_NONE.rawValue:
            return nil
        case RECON_RECORD_KEY.rawValue:
            guard let p = r.key else { return nil }
            self = .key(KeyRecord(p))
        case RECON_RECORD_DIRECTORY.rawValue:
            guard let p = r.directory else { return nil }
            self = .directory(DirectoryRecord(p))
        case RECON_RECORD_VOLUME.rawValue:
            guard let p = r.volume else { return nil }
            self = .volume(VolumeRecord(p))
        case RECON_RECORD_BUCKET.rawValue:
            guard let p = r.bucket else { return nil }
            self = .bucket(BucketRecord(p))
        case RECON_RECORD_KEY_LIST.rawValue:
            self = .keyList(BorrowedList(r.key_list, r.key_list_count) { slot in
                KeyRecord(slot.load(as: UnsafePointer<recon_key_record>.self))
            })
        case RECON_RECORD_MULTIPART.rawValue:
            guard let p = r.multipart else { return nil }
            self = .multipart(MultipartRecord(p))
        default:
            self = .other(kind: r.kind, raw: raw)
        }
    }

    /// The key record, or `nil` for another kind.
    public var key: KeyRecord? { if case .key(let v) = self { v } else { nil } }
    /// The directory record, or `nil` for another kind.
    public var directory: DirectoryRecord? { if case .directory(let v) = self { v } else { nil } }
    /// The volume record, or `nil` for another kind.
    public var volume: VolumeRecord? { if case .volume(let v) = self { v } else { nil } }
    /// The bucket record, or `nil` for another kind.
    public var bucket: BucketRecord? { if case .bucket(let v) = self { v } else { nil } }
    /// The deleted-key list, or `nil` for another kind.
    public var keyList: BorrowedList<KeyRecord>? { if case .keyList(let v) = self { v } else { nil } }
    /// The multipart record, or `nil` for another kind.
    public var multipart: MultipartRecord? { if case .multipart(let v) = self { v } else { nil } }
}

/// How data is replicated (a copy of the small `recon_replication` struct).
public struct Replication: Sendable, Hashable {
    /// RATIS, STAND_ALONE, CHAINED or EC.
    public var type: ReplicationType
    /// RATIS/STAND_ALONE: 1 or 3; EC: 0.
    public var factor: UInt32
    /// EC data blocks.
    public var ecData: UInt32
    /// EC parity blocks.
    public var ecParity: UInt32
    /// EC chunk size in bytes.
    public var ecChunkSize: UInt32

    init(_ r: recon_replication) {
        type = ReplicationType(rawValue: r.type)
        factor = r.factor
        ecData = r.ec_data
        ecParity = r.ec_parity
        ecChunkSize = r.ec_chunk_size
    }
}

/// A replication type (`recon_replication_type`).
public struct ReplicationType: RawRepresentable, Hashable, Sendable {
    /// The raw value.
    public let rawValue: UInt32
    /// Creates a type from its raw value.
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// Not set.
    public static let none = ReplicationType(rawValue: RECON_REPL_NONE.rawValue)
    /// Ratis (replicated).
    public static let ratis = ReplicationType(rawValue: RECON_REPL_RATIS.rawValue)
    /// Stand-alone.
    public static let standAlone = ReplicationType(rawValue: RECON_REPL_STAND_ALONE.rawValue)
    /// Chained.
    public static let chained = ReplicationType(rawValue: RECON_REPL_CHAINED.rawValue)
    /// Erasure coded.
    public static let ec = ReplicationType(rawValue: RECON_REPL_EC.rawValue)
}
