import SwiftProtobuf

/// What an OM table stores as its value (om-db-format.md §2, §3).
///
/// Protobuf values are the raw serialized message: no prefix, no version byte, no length.
public enum OMValueKind: Sendable, Hashable {
    /// `hadoop.ozone.KeyInfo` (`OMKeyInfo`; fast path `OMKeyInfoLight`).
    case keyInfo
    /// `hadoop.ozone.DirectoryInfo` (`OMDirectoryInfo`; fast path `OMDirectoryInfoLight`).
    case directoryInfo
    /// `hadoop.ozone.VolumeInfo` (`OMVolumeInfo`).
    case volumeInfo
    /// `hadoop.ozone.BucketInfo` (`OMBucketInfo`).
    case bucketInfo
    /// `hadoop.ozone.RepeatedKeyInfo` (`OMRepeatedKeyInfo`).
    case repeatedKeyInfo
    /// `hadoop.ozone.MultipartKeyInfo` (`OMMultipartKeyInfo`).
    case multipartKeyInfo
    /// `hadoop.ozone.MultipartPartInfo` (`OMMultipartPartInfo`, 2.2+).
    case multipartPartInfo
    /// `hadoop.ozone.PersistedUserVolumeInfo` (`OMPersistedUserVolumeInfo`).
    case persistedUserVolumeInfo
    /// `hadoop.ozone.PersistedPrefixInfo` (`OMPersistedPrefixInfo`).
    case persistedPrefixInfo
    /// `hadoop.ozone.S3Secret` (`OMS3Secret`).
    case s3Secret
    /// `hadoop.ozone.LifecycleConfiguration` (`OMLifecycleConfiguration`).
    case lifecycleConfiguration
    /// `hadoop.ozone.LifecycleScanState` (`OMLifecycleScanState`).
    case lifecycleScanState
    /// A UTF-8 string (transactionInfoTable `term#index`, metaTable, snapshotRenamedTable).
    case utf8String
    /// An 8-byte big-endian signed long (dTokenTable renew time).
    case bigEndianInt64
    /// A protobuf message this module does not declare; the associated value is its full name.
    case otherProto(String)

    /// The generated Swift type for this value, or nil when the value is not a message we declare.
    public var messageType: (any SwiftProtobuf.Message.Type)? {
        switch self {
        case .keyInfo: OMKeyInfo.self
        case .directoryInfo: OMDirectoryInfo.self
        case .volumeInfo: OMVolumeInfo.self
        case .bucketInfo: OMBucketInfo.self
        case .repeatedKeyInfo: OMRepeatedKeyInfo.self
        case .multipartKeyInfo: OMMultipartKeyInfo.self
        case .multipartPartInfo: OMMultipartPartInfo.self
        case .persistedUserVolumeInfo: OMPersistedUserVolumeInfo.self
        case .persistedPrefixInfo: OMPersistedPrefixInfo.self
        case .s3Secret: OMS3Secret.self
        case .lifecycleConfiguration: OMLifecycleConfiguration.self
        case .lifecycleScanState: OMLifecycleScanState.self
        case .utf8String, .bigEndianInt64, .otherProto: nil
        }
    }
}
