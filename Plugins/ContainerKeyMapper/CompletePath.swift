import ReconTaskKit

/// A key's complete path as Recon prints it: `volume/bucket/dir1/dir2/name` (no leading
/// slash, like Recon's `ReconUtils.constructFullPath`).
///
/// OBS and LEGACY keys (parent object id 0) are `volume/bucket/keyName`. FSO files walk
/// the plugin's directory index from the file's parent up to the bucket, whose object id
/// is the second component of the file's OM DB key (`/volID/bucketID/parentID/name`).
/// When a directory on the way is missing (deleted, its children not yet purged) the
/// path is empty, as Recon answers when an NSSummary parent is missing.
enum CompletePath {
    /// More directory levels than this means the index is inconsistent: answer empty.
    static let maximumDepth = 10_000

    /// The complete path of `key`, stored under its OM DB key.
    static func of(_ key: KeySnapshot, in reader: some StoreReader) throws -> String {
        let prefix = "\(key.volume)/\(key.bucket)/"
        guard key.parentObjectID != 0 else { return prefix + key.keyName }
        guard let bucketID = bucketObjectID(ofFSOKey: key.omKey) else { return "" }
        var names: [String] = []
        var parent = key.parentObjectID
        while parent != bucketID {
            guard names.count < maximumDepth, let entry = try DirectoryIndex.lookup(parent, in: reader) else { return "" }
            names.append(entry.name)
            parent = entry.parent
        }
        var path = prefix
        for name in names.reversed() {
            path += name
            path += "/"
        }
        return path + key.keyName
    }

    /// The bucket object id in an FSO key `/volID/bucketID/...`, or `nil`. Ozone prints
    /// ids as signed Java longs (object ids with bit 63 set are negative).
    static func bucketObjectID(ofFSOKey omKey: [UInt8]) -> UInt64? {
        let parts = omKey.split(separator: UInt8(ascii: "/"), maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count >= 3, parts[0].isEmpty else { return nil }
        return Int64(String(decoding: parts[2], as: UTF8.self)).map { UInt64(bitPattern: $0) }
    }
}
