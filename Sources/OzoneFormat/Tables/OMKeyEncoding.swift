/// How an OM table's key bytes are built (om-db-format.md §4). All but `.tokenIdentifier`
/// and `.multipartPart` are UTF-8 strings without prefix or terminator.
public enum OMKeyEncoding: Sendable, Hashable {
    /// `/vol` — `OMVolumeKey`.
    case volume
    /// `/vol/bucket` — `OMBucketKey`.
    case bucket
    /// `/vol/bucket/name` (key name, prefix name or snapshot name; may contain `/`) — `OMObjectKey`.
    case objectPath
    /// `/vol/bucket/<objectID>` (snapshotRenamedTable) — `OMObjectKey` whose key is the signed decimal id.
    case objectPathWithObjectID
    /// `/vol/bucket/key/<clientID>` — `OMOpenKey`.
    case openObjectPath
    /// `/vol/bucket/key/<objectID>` — `OMDeletedKey` (names even for FSO buckets).
    case deletedObjectPath
    /// `/vol/bucket/key/<uploadID>` — `OMMultipartKey`.
    case multipartObjectPath
    /// `/volID/bucketID/parentID/name`, ids as signed decimal — `OMFSOKey`.
    case fsoPath
    /// `/volID/bucketID/parentID/name/<clientID>` — `OMOpenFileKey`.
    case openFSOPath
    /// `/volID/bucketID/parentID/name/<objectID>` — `OMDeletedDirectoryKey`.
    case deletedFSOPath
    /// Binary: UTF-8 uploadID, `/`, big-endian Int32 part number — `OMMultipartPartKey`.
    case multipartPart
    /// A user name, no leading `/`.
    case userName
    /// A plain string id (access id, tenant id, `#TRANSACTIONINFO`, `#LAYOUTVERSION`, `<trxId>-<time>`).
    case plainString
    /// A serialized `OzoneTokenIdentifier` protobuf (binary).
    case tokenIdentifier
}
