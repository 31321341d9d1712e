/// Every column family of an Ozone Manager DB (`OMDBDefinition`, om-db-format.md §3).
///
/// The raw value is the column-family name exactly as RocksDB stores it. Column-family
/// *ids* are per DB instance and never part of this catalog: read them from the opened DB.
/// A DB may carry column families not listed here (older or newer OMs); callers open those
/// as extra families and ignore them (`OMTable(name:)` returns nil for them).
public enum OMTable: String, CaseIterable, Sendable, Hashable {
    case userTable
    case dTokenTable
    case s3SecretTable
    case volumeTable
    case bucketTable
    case prefixTable
    case transactionInfoTable
    case metaTable
    case keyTable
    case deletedTable
    case openKeyTable
    case multipartInfoTable
    /// 2.2+ only.
    case multipartPartsTable
    case fileTable
    case openFileTable
    case directoryTable
    case deletedDirectoryTable
    case tenantStateTable
    case tenantAccessIdTable
    case principalToAccessIdsTable
    case snapshotInfoTable
    case snapshotRenamedTable
    case compactionLogTable
    /// Ozone master and the HDDS-8342 branch only.
    case lifecycleConfigurationTable
    /// Ozone master and the HDDS-8342 branch only.
    case lifecycleScanStateTable

    /// The RocksDB column-family name.
    public var name: String { rawValue }

    /// The table for a column-family name, or nil for a family this catalog does not know.
    public init?(name: String) { self.init(rawValue: name) }

    /// The table for a column-family name given as raw bytes (as `rocksdb_list_column_families` returns them).
    public init?(nameBytes: some Collection<UInt8>) {
        self.init(rawValue: String(decoding: nameBytes, as: UTF8.self))
    }

    /// What the value bytes of this table hold.
    public var valueKind: OMValueKind {
        switch self {
        case .userTable: .persistedUserVolumeInfo
        case .dTokenTable: .bigEndianInt64
        case .s3SecretTable: .s3Secret
        case .volumeTable: .volumeInfo
        case .bucketTable: .bucketInfo
        case .prefixTable: .persistedPrefixInfo
        case .transactionInfoTable, .metaTable, .snapshotRenamedTable: .utf8String
        case .keyTable, .openKeyTable, .fileTable, .openFileTable, .deletedDirectoryTable: .keyInfo
        case .deletedTable: .repeatedKeyInfo
        case .multipartInfoTable: .multipartKeyInfo
        case .multipartPartsTable: .multipartPartInfo
        case .directoryTable: .directoryInfo
        case .tenantStateTable: .otherProto("hadoop.ozone.TenantState")
        case .tenantAccessIdTable: .otherProto("hadoop.ozone.ExtendedUserAccessIdInfo")
        case .principalToAccessIdsTable: .otherProto("hadoop.ozone.TenantUserPrincipalInfo")
        case .snapshotInfoTable: .otherProto("hadoop.ozone.SnapshotInfo")
        case .compactionLogTable: .otherProto("hadoop.hdds.CompactionLogEntryProto")
        case .lifecycleConfigurationTable: .lifecycleConfiguration
        case .lifecycleScanStateTable: .lifecycleScanState
        }
    }

    /// How the key bytes of this table are built.
    public var keyEncoding: OMKeyEncoding {
        switch self {
        case .userTable: .userName
        case .dTokenTable: .tokenIdentifier
        case .s3SecretTable, .tenantStateTable, .tenantAccessIdTable, .principalToAccessIdsTable,
             .transactionInfoTable, .metaTable, .compactionLogTable:
            .plainString
        case .volumeTable: .volume
        case .bucketTable, .lifecycleConfigurationTable, .lifecycleScanStateTable: .bucket
        case .prefixTable, .snapshotInfoTable: .objectPath
        case .snapshotRenamedTable: .objectPathWithObjectID
        case .keyTable: .objectPath
        case .openKeyTable: .openObjectPath
        case .deletedTable: .deletedObjectPath
        case .multipartInfoTable: .multipartObjectPath
        case .multipartPartsTable: .multipartPart
        case .fileTable, .directoryTable: .fsoPath
        case .openFileTable: .openFSOPath
        case .deletedDirectoryTable: .deletedFSOPath
        }
    }

    /// True for the tables of FILE_SYSTEM_OPTIMIZED buckets, whose keys are built from object ids.
    public var isFSO: Bool {
        switch self {
        case .fileTable, .openFileTable, .directoryTable, .deletedDirectoryTable: true
        default: false
        }
    }
}
