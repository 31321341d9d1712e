import OzoneFormat
import ReconRocksDB

extension GeneratorSession {
    static let hsyncClientIDKey: [UInt8] = Array("hsyncClientId".utf8)

    /// Appends `/<decimal>` to the key.
    @inline(__always)
    mutating func appendSuffix(_ value: Int64) {
        key.slash()
        key.decimal(value)
    }

    /// A key or file being written: openKeyTable `/v/b/key/<clientID>` or openFileTable
    /// `/volID/bucketID/parentID/name/<clientID>` (keyName = full path, as master writes it).
    mutating func writeOpenKey(bucket b: Int) throws {
        let tx = nextTransaction()
        let size = SizeDistribution.sample(&random)
        beginRecord(bucket: b)
        let parent = placeNewFile(bucket: b, size: size)
        // A writer that is part-way: some of its blocks are allocated and counted.
        let written = size / UInt64(1 + random.below(3))
        appendBlocks(size: written, version: 0, transaction: tx, firstBlock: 0)
        record.endVersion(0)
        record.dataSize = written
        record.objectID = OMIdentifiers.objectID(transaction: tx)
        record.updateID = tx
        record.creationTime = time(tx)
        record.modificationTime = time(tx)
        let clientID = OMIdentifiers.clientID(transaction: tx)
        key.reset()
        if buckets[b].isFSO {
            let parentID = buckets[b].tree.objectIDs[parent]
            record.parentID = parentID
            if random.chance(0.2) {
                var id: [UInt8] = []
                KeyWriter.appendDecimal(clientID, to: &id)
                record.metadata.append((Self.hsyncClientIDKey, id))
            }
            key.fsoPrefix(volumeID: buckets[b].volumeObjectID, bucketID: buckets[b].objectID, parentID: parentID)
            key.append(scratch)
            appendSuffix(clientID)
            value.reset()
            record.encode(into: &value)
            try putCurrent(openFileTable, .openFileTable)
        } else {
            key.bucketPrefix(volume: buckets[b].volumeName, bucket: buckets[b].name)
            key.append(record.keyName)
            appendSuffix(clientID)
            value.reset()
            record.encode(into: &value)
            try putCurrent(openKeyTable, .openKeyTable)
        }
    }

    /// A deleted key waiting for block deletion: deletedTable `/v/b/fullName/<objectID>`
    /// (names also for FSO) → `RepeatedKeyInfo` (one key, two now and then) + bucket id.
    mutating func writeDeletedKey(bucket b: Int) throws {
        let created = nextTransaction()
        let deleted = nextTransaction()
        // Only keys with data go to deletedTable (`OmUtils.prepareKeyForDelete`).
        let size = max(1, SizeDistribution.sample(&random))
        beginRecord(bucket: b)
        let parent = placeNewFile(bucket: b, size: size)
        appendBlocks(size: size, version: 0, transaction: created, firstBlock: 0)
        record.endVersion(0)
        record.dataSize = size
        record.objectID = OMIdentifiers.objectID(transaction: created)
        record.updateID = deleted
        record.creationTime = time(created)
        record.modificationTime = time(deleted)
        if buckets[b].isFSO { record.parentID = buckets[b].tree.objectIDs[parent] }
        key.reset()
        key.bucketPrefix(volume: buckets[b].volumeName, bucket: buckets[b].name)
        key.append(record.keyName)
        appendSuffix(Int64(bitPattern: record.objectID))
        value.reset()
        let copies = random.chance(0.05) ? 2 : 1
        for _ in 0..<copies {
            let entry = value.begin(1)
            record.encode(into: &value)
            value.end(entry)
        }
        value.uint(2, buckets[b].objectID)
        try putCurrent(deletedTable, .deletedTable)
    }

    /// A deleted FSO directory waiting for the directory deleting service:
    /// deletedDirectoryTable `/volID/bucketID/parentID/name/<objectID>` → `KeyInfo`
    /// (keyName = full path, no data). It has no children (they would be orphans).
    mutating func writeDeletedDirectory(bucket b: Int) throws {
        let tx = nextTransaction()
        let parent = buckets[b].tree.parentForDirectory(&random)
        let ordinal = UInt64(buckets[b].tree.childCounters[parent])
        buckets[b].tree.childCounters[parent] += 1
        scratch.removeAll(keepingCapacity: true)
        NameVocabulary.appendDirectoryName(word: random.below(NameVocabulary.directoryWords.count), ordinal: ordinal, to: &scratch)
        let parentID = buckets[b].tree.objectIDs[parent]
        beginRecord(bucket: b)
        record.replication = buckets[b].replication
        buckets[b].tree.appendPath(parent, to: &record.keyName)
        record.keyName.append(contentsOf: scratch)
        record.endVersion(0)
        record.isFile = false
        record.objectID = OMIdentifiers.objectID(transaction: tx)
        record.updateID = tx
        record.parentID = parentID
        record.creationTime = time(tx)
        record.modificationTime = time(tx)
        key.reset()
        key.fsoPrefix(volumeID: buckets[b].volumeObjectID, bucketID: buckets[b].objectID, parentID: parentID)
        key.append(scratch)
        appendSuffix(Int64(bitPattern: record.objectID))
        value.reset()
        record.encode(into: &value)
        try putCurrent(deletedDirectoryTable, .deletedDirectoryTable)
    }
}
