import ReconTaskKit

/// What the event rules need to know about a bucket.
struct BucketIdentity: Sendable, Equatable {
    /// The bucket's object id (a re-created bucket gets a new one).
    var objectID: UInt64
    /// Its layout.
    var layout: BucketLayout
}

/// Bucket lookups by volume and bucket name from the OM replica, cached: the last bucket
/// is compared bytewise first (a scan meets keys bucket by bucket), then a map.
struct BucketLookup {
    private var lastVolume: [UInt8] = []
    private var lastBucket: [UInt8] = []
    private var last: BucketIdentity?
    private var hasLast = false
    private var known: [[UInt8]: BucketIdentity?] = [:]

    /// The bucket `/volume/bucket`, or `nil` when the replica has no such bucket.
    mutating func identity(
        volume: BorrowedString, bucket: BorrowedString, in reader: some StoreReader
    ) throws -> BucketIdentity? {
        if hasLast && volume.utf8.elementsEqual(lastVolume) && bucket.utf8.elementsEqual(lastBucket) { return last }
        var key: [UInt8] = [NamePrefixes.slash]
        key.append(contentsOf: volume.utf8)
        key.append(NamePrefixes.slash)
        key.append(contentsOf: bucket.utf8)
        let found: BucketIdentity?
        if let cached = known[key] {
            found = cached
        } else {
            found = try reader.withOMRecord("bucketTable", key) { record in
                record?.bucket.map { BucketIdentity(objectID: $0.objectID, layout: $0.layout) }
            }
            known[key] = found
        }
        lastVolume = Array(volume.utf8)
        lastBucket = Array(bucket.utf8)
        last = found
        hasLast = true
        return found
    }
}
