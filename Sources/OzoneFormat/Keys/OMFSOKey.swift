/// FSO key `/volID/bucketID/parentID/name` (`getOzonePathKey`): fileTable and directoryTable,
/// and the base of open-file and deleted-directory keys.
///
/// Ids are Java `long`s printed as signed decimal. Object ids usually have bit 63 set, so
/// they print negative: convert the proto's `uint64` with `Int64(bitPattern:)` (or use
/// `init(volumeObjectID:bucketObjectID:parentObjectID:name:)`). For an entry directly under
/// the bucket, `parentID` is the bucket's object id. The leaf name never contains `/` and is
/// never empty.
public struct OMFSOKey: OMDBKey {
    /// Volume object id (signed).
    public var volumeID: Int64
    /// Bucket object id (signed).
    public var bucketID: Int64
    /// Parent directory's object id, or the bucket's for top-level entries (signed).
    public var parentID: Int64
    /// Leaf file or directory name.
    public var name: String

    /// The ids of a parsed key and the byte range of its name, for callers that want no `String`.
    public struct Components: Sendable, Hashable {
        /// Volume object id.
        public var volumeID: Int64
        /// Bucket object id.
        public var bucketID: Int64
        /// Parent object id.
        public var parentID: Int64
        /// Byte range of the leaf name.
        public var name: Range<Int>
    }

    /// A key from signed ids, as they appear in the key string.
    public init(volumeID: Int64, bucketID: Int64, parentID: Int64, name: String) {
        self.volumeID = volumeID
        self.bucketID = bucketID
        self.parentID = parentID
        self.name = name
    }

    /// A key from the proto's unsigned object ids (bit patterns are kept).
    public init(volumeObjectID: UInt64, bucketObjectID: UInt64, parentObjectID: UInt64, name: String) {
        self.init(volumeID: Int64(bitPattern: volumeObjectID), bucketID: Int64(bitPattern: bucketObjectID),
                  parentID: Int64(bitPattern: parentObjectID), name: name)
    }

    /// Parses the ids and finds the name without building strings; nil when malformed.
    public static func components(in bytes: UnsafeRawBufferPointer) -> Components? {
        let n = bytes.count
        guard n >= 8, bytes[0] == KeyBytes.slash,
              let s1 = KeyBytes.firstSlash(bytes, from: 1, to: n),
              let volumeID = KeyBytes.parseDecimal(bytes, 1..<s1),
              let s2 = KeyBytes.firstSlash(bytes, from: s1 + 1, to: n),
              let bucketID = KeyBytes.parseDecimal(bytes, (s1 + 1)..<s2),
              let s3 = KeyBytes.firstSlash(bytes, from: s2 + 1, to: n),
              let parentID = KeyBytes.parseDecimal(bytes, (s2 + 1)..<s3),
              s3 + 1 < n, KeyBytes.firstSlash(bytes, from: s3 + 1, to: n) == nil else { return nil }
        return Components(volumeID: volumeID, bucketID: bucketID, parentID: parentID, name: (s3 + 1)..<n)
    }

    public init?(parsing bytes: UnsafeRawBufferPointer) {
        guard let c = Self.components(in: bytes) else { return nil }
        self.init(volumeID: c.volumeID, bucketID: c.bucketID, parentID: c.parentID,
                  name: KeyBytes.string(bytes, c.name))
    }

    public func append(to out: inout [UInt8]) {
        Self.appendChildrenPrefix(volumeID: volumeID, bucketID: bucketID, parentID: parentID, to: &out)
        out.append(contentsOf: name.utf8)
    }

    /// The scan prefix of every FSO entry in a bucket: `/volID/bucketID/` (`getBucketKeyPrefixFSO`).
    public static func bucketPrefix(volumeID: Int64, bucketID: Int64) -> [UInt8] {
        var out: [UInt8] = []
        out.append(KeyBytes.slash)
        KeyBytes.appendDecimal(volumeID, to: &out)
        out.append(KeyBytes.slash)
        KeyBytes.appendDecimal(bucketID, to: &out)
        out.append(KeyBytes.slash)
        return out
    }

    /// The scan prefix of a directory's children: `/volID/bucketID/parentID/`.
    public static func childrenPrefix(volumeID: Int64, bucketID: Int64, parentID: Int64) -> [UInt8] {
        var out: [UInt8] = []
        appendChildrenPrefix(volumeID: volumeID, bucketID: bucketID, parentID: parentID, to: &out)
        return out
    }

    static func appendChildrenPrefix(volumeID: Int64, bucketID: Int64, parentID: Int64, to out: inout [UInt8]) {
        out.append(KeyBytes.slash)
        KeyBytes.appendDecimal(volumeID, to: &out)
        out.append(KeyBytes.slash)
        KeyBytes.appendDecimal(bucketID, to: &out)
        out.append(KeyBytes.slash)
        KeyBytes.appendDecimal(parentID, to: &out)
        out.append(KeyBytes.slash)
    }
}
