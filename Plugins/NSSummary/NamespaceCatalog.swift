import ReconTaskKit

/// Volumes and buckets listed from the OM replica, and their totals summed from the
/// buckets' summaries (Recon keeps no summary above the bucket either).
struct NamespaceCatalog {
    let view: ReadView
    let resolver: PathResolver

    /// Every volume, in key order.
    func volumes() throws -> [VolumeFacts] {
        var names: [String] = []
        try view.omScanPrefix("volumeTable", prefix: "/") { key, _ in
            names.append(String(decoding: UnsafeRawBufferPointer(rebasing: key.dropFirst()), as: UTF8.self))
            return true
        }
        return try names.compactMap { try resolver.volume($0) }
    }

    /// The buckets of `volume`, in key order.
    func buckets(of volume: VolumeFacts) throws -> [BucketFacts] {
        let prefix = "/\(volume.name)/"
        var names: [String] = []
        try view.omScanPrefix("bucketTable", prefix: prefix) { key, _ in
            names.append(String(decoding: UnsafeRawBufferPointer(rebasing: key.dropFirst(prefix.utf8.count)), as: UTF8.self))
            return true
        }
        return try names.compactMap { try resolver.bucket(volume: volume, name: $0) }
    }

    /// The totals of `bucket` as Recon reports them: an OBS bucket has no directories
    /// unless prefixes were asked for.
    func totals(_ bucket: BucketFacts, delimited: Bool) throws -> Totals {
        var totals = try SummaryReader(view).objectTotals(bucket.objectID)
        if bucket.layout == .obs && !delimited { totals.directories = 0 }
        return totals
    }

    /// The summed totals of `buckets` (Recon's view).
    func totals(_ buckets: [BucketFacts]) throws -> Totals {
        var sum = Totals()
        for bucket in buckets { sum.add(try totals(bucket, delimited: false), sign: 1) }
        return sum
    }
}
