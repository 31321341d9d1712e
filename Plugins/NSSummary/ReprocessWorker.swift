import ReconTaskKit

/// One reprocess worker's state: its partial map, its bucket lookups and how often it
/// flushed. Memory is bounded by the flush threshold, never by the number of keys:
/// files only add to their parent's (or prefixes') entries.
struct ReprocessWorker {
    /// The reprocess partials table: `worker (2 bytes) · flush number (4 bytes) · entity
    /// storage key` → encoded partial summary. Emptied by the merge.
    static let partialsTable: KVTable = "partials"

    /// The partial summaries since the last flush.
    var partial = PartialMap()
    private var buckets = BucketLookup()
    private var flushes: UInt32 = 0

    /// Adds one chunk of the shared scan.
    mutating func add(_ records: EventBatch, _ tx: Transaction, config: NSSummaryConfig) throws {
        for event in records {
            switch event.table {
            case "fileTable":
                guard let file = event.keyRecord else { continue }
                let size = file.dataSize, replicated = file.replicatedSize
                partial.updateObject(file.parentObjectID) { $0.totals.addFile(size: size, replicated: replicated, sign: 1) }
            case "keyTable":
                guard let key = event.keyRecord,
                      let bucket = try buckets.identity(volume: key.volume, bucket: key.bucket, in: tx),
                      let layout = NamesLayout(bucket.layout, legacyFileSystemPaths: config.legacyFileSystemPaths)
                else { continue }
                try NameRules.apply(
                    &partial, layout: layout, bucket: bucket.objectID, name: key.keyName.utf8,
                    size: key.dataSize, replicated: key.replicatedSize, sign: 1, trackPrefixDirectories: false)
            case "directoryTable":
                guard let directory = event.record?.directory else { continue }
                let parent = directory.parentObjectID
                partial.updateObject(directory.objectID) { $0.parent = parent }
            case "bucketTable":
                guard let bucket = event.record?.bucket else { continue }
                partial.updateObject(bucket.objectID) { _ in }
            default:
                continue
            }
        }
    }

    /// Writes the partial map to the partials table and empties it.
    mutating func flush(worker: Int, _ tx: Transaction) throws {
        guard partial.count > 0 else { return }
        var head: [UInt8] = [UInt8(truncatingIfNeeded: worker >> 8), UInt8(truncatingIfNeeded: worker)]
        for shift in stride(from: 24, through: 0, by: -8) { head.append(UInt8(truncatingIfNeeded: flushes >> UInt32(shift))) }
        var value: [UInt8] = []
        for (id, entity) in partial.entities {
            var key = head
            key.append(contentsOf: EntityKeys.storageKey(id, name: entity.name))
            SummaryCodec.encode(entity.summary, into: &value)
            try tx.kvPut(Self.partialsTable, key, value)
        }
        flushes += 1
        partial.removeAll()
    }
}
