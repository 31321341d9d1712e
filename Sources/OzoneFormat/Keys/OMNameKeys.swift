/// volumeTable key `/vol` (`OmMetadataManagerImpl.getVolumeKey`).
public struct OMVolumeKey: OMDBKey {
    /// Volume name; never empty, never contains `/`.
    public var volume: String

    /// A key for `volume`.
    public init(volume: String) { self.volume = volume }

    public init?(parsing bytes: UnsafeRawBufferPointer) {
        let n = bytes.count
        guard n >= 2, bytes[0] == KeyBytes.slash,
              KeyBytes.firstSlash(bytes, from: 1, to: n) == nil else { return nil }
        volume = KeyBytes.string(bytes, 1..<n)
    }

    public func append(to out: inout [UInt8]) {
        out.append(KeyBytes.slash)
        out.append(contentsOf: volume.utf8)
    }
}

/// bucketTable / lifecycle tables key `/vol/bucket` (`getBucketKey`).
public struct OMBucketKey: OMDBKey {
    /// Volume name.
    public var volume: String
    /// Bucket name.
    public var bucket: String

    /// A key for `volume`/`bucket`.
    public init(volume: String, bucket: String) {
        self.volume = volume
        self.bucket = bucket
    }

    public init?(parsing bytes: UnsafeRawBufferPointer) {
        let n = bytes.count
        guard n >= 4, bytes[0] == KeyBytes.slash,
              let cut = KeyBytes.firstSlash(bytes, from: 1, to: n), cut > 1, cut + 1 < n,
              KeyBytes.firstSlash(bytes, from: cut + 1, to: n) == nil else { return nil }
        volume = KeyBytes.string(bytes, 1..<cut)
        bucket = KeyBytes.string(bytes, (cut + 1)..<n)
    }

    public func append(to out: inout [UInt8]) {
        out.append(KeyBytes.slash)
        out.append(contentsOf: volume.utf8)
        out.append(KeyBytes.slash)
        out.append(contentsOf: bucket.utf8)
    }
}

/// Names-based key `/vol/bucket/key` (`getOzoneKey`): keyTable, prefixTable, snapshotInfoTable,
/// snapshotRenamedTable, and the base of open, deleted and multipart keys.
///
/// The key name may contain `/` (and ends with `/` for LEGACY directories); it is never empty.
public struct OMObjectKey: OMDBKey {
    /// Volume name.
    public var volume: String
    /// Bucket name.
    public var bucket: String
    /// Key name (prefix name, snapshot name, ...): everything after the bucket's `/`.
    public var key: String

    /// Byte ranges of the three parts inside a parsed key, for callers that want no `String`.
    public struct Ranges: Sendable, Hashable {
        /// Range of the volume name.
        public var volume: Range<Int>
        /// Range of the bucket name.
        public var bucket: Range<Int>
        /// Range of the key name.
        public var key: Range<Int>
    }

    /// A key for `volume`/`bucket`/`key`.
    public init(volume: String, bucket: String, key: String) {
        self.volume = volume
        self.bucket = bucket
        self.key = key
    }

    /// The byte ranges of `/vol/bucket/key` without building strings; nil when malformed.
    public static func ranges(in bytes: UnsafeRawBufferPointer) -> Ranges? {
        let n = bytes.count
        guard n >= 6, bytes[0] == KeyBytes.slash,
              let first = KeyBytes.firstSlash(bytes, from: 1, to: n), first > 1,
              let second = KeyBytes.firstSlash(bytes, from: first + 1, to: n), second > first + 1,
              second + 1 < n else { return nil }
        return Ranges(volume: 1..<first, bucket: (first + 1)..<second, key: (second + 1)..<n)
    }

    public init?(parsing bytes: UnsafeRawBufferPointer) {
        guard let r = Self.ranges(in: bytes) else { return nil }
        volume = KeyBytes.string(bytes, r.volume)
        bucket = KeyBytes.string(bytes, r.bucket)
        key = KeyBytes.string(bytes, r.key)
    }

    public func append(to out: inout [UInt8]) {
        Self.appendBucketPrefix(volume: volume, bucket: bucket, to: &out)
        out.append(contentsOf: key.utf8)
    }

    /// The scan prefix of every key in a bucket: `/vol/bucket/` (`getBucketKeyPrefix`).
    public static func bucketPrefix(volume: String, bucket: String) -> [UInt8] {
        var out: [UInt8] = []
        appendBucketPrefix(volume: volume, bucket: bucket, to: &out)
        return out
    }

    static func appendBucketPrefix(volume: String, bucket: String, to out: inout [UInt8]) {
        out.append(KeyBytes.slash)
        out.append(contentsOf: volume.utf8)
        out.append(KeyBytes.slash)
        out.append(contentsOf: bucket.utf8)
        out.append(KeyBytes.slash)
    }
}
