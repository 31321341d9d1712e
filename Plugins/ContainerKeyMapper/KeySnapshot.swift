import ReconTaskKit

/// The parts of one OM key an answer needs, copied out of the host's borrowed record
/// (which is only valid until the next host call).
struct KeySnapshot {
    /// The OM DB key.
    var omKey: [UInt8]
    /// The volume name.
    var volume: String
    /// The bucket name.
    var bucket: String
    /// The key name (OBS/LEGACY) or file name (FSO).
    var keyName: String
    /// The parent's object id (FSO), 0 otherwise.
    var parentObjectID: UInt64
    /// Logical size in bytes.
    var dataSize: UInt64
    /// Creation time, ms since the epoch.
    var creationTime: UInt64
    /// Modification time, ms since the epoch.
    var modificationTime: UInt64
    /// Per requested version: the blocks of that version in the requested container, as
    /// (container id, local id).
    var blocks: [(version: UInt64, blocks: [(container: Int64, local: Int64)])]

    /// Copies `record` (stored under `omKey`), keeping the blocks of `versions` that lie in
    /// `container`.
    init(_ record: KeyRecord, omKey: [UInt8], versions: [UInt64], container: Int64) {
        self.omKey = omKey
        volume = record.volume.string
        bucket = record.bucket.string
        keyName = record.keyName.string
        parentObjectID = record.parentObjectID
        dataSize = record.dataSize
        creationTime = record.creationTime
        modificationTime = record.modificationTime
        blocks = versions.map { wanted in
            var found: [(container: Int64, local: Int64)] = []
            for version in record.versions where version.version == wanted {
                for block in version.blocks where block.containerID == container {
                    found.append((block.containerID, block.localID))
                }
            }
            return (wanted, found)
        }
    }

    /// Reads the key from the OM replica: keyTable first, then fileTable (as Recon does);
    /// `nil` when neither holds it (deleted since the mapping was recorded).
    static func read(
        omKey: [UInt8], versions: [UInt64], container: Int64, from reader: some StoreReader
    ) throws -> KeySnapshot? {
        for table in ["keyTable", "fileTable"] {
            let snapshot = try reader.withOMRecord(table, omKey) { record in
                record?.key.map { KeySnapshot($0, omKey: omKey, versions: versions, container: container) }
            }
            if let snapshot { return snapshot }
        }
        return nil
    }
}
