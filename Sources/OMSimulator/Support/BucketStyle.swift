import OzoneFormat

/// The four kinds of bucket the simulator writes. LEGACY buckets come in two styles: with
/// file-system paths (`ozone.om.enable.filesystem.paths`: every directory has a
/// `dir/` entry in keyTable) and flat (plain key names without `/`). Ozone records no style
/// per bucket, so the simulator marks it in the bucket name (`legacy-fs-…`, `legacy-flat-…`).
public enum BucketStyle: String, Sendable, CaseIterable, Codable {
    /// FILE_SYSTEM_OPTIMIZED: directoryTable + fileTable, keys from object ids.
    case fso
    /// OBJECT_STORE: keyTable with names; `/` in names is only a convention.
    case obs
    /// LEGACY with file-system paths: keyTable, directories as `name/` entries.
    case legacyFileSystem
    /// LEGACY without directories: keyTable, flat names.
    case legacyFlat

    /// The bucket layout stored in `BucketInfo.bucketLayout`.
    public var layout: OMBucketLayoutProto {
        switch self {
        case .fso: .fileSystemOptimized
        case .obs: .objectStore
        case .legacyFileSystem, .legacyFlat: .legacy
        }
    }

    /// The prefix of generated bucket names of this style.
    var namePrefix: String {
        switch self {
        case .fso: "fso"
        case .obs: "obs"
        case .legacyFileSystem: "legacy-fs"
        case .legacyFlat: "legacy-flat"
        }
    }

    /// The style of an existing bucket, from its layout and name.
    init(layout: OMBucketLayoutProto, name: String) {
        switch layout {
        case .fileSystemOptimized: self = .fso
        case .objectStore: self = .obs
        case .legacy: self = name.contains("flat") ? .legacyFlat : .legacyFileSystem
        }
    }
}
