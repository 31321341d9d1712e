import OzoneFormat
import ReconRocksDB

extension GeneratorSession {
    static let etagKey: [UInt8] = Array("ETag".utf8)
    static let tagChoices: [(key: [UInt8], value: [UInt8])] = [
        ("tier", "cold"), ("tier", "hot"), ("project", "alpha"), ("retention", "short"),
    ].map { (Array($0.0.utf8), Array($0.1.utf8)) }

    /// The replication of a new key in bucket `b`: mostly the bucket default.
    mutating func keyReplication(_ b: Int) -> ReplicationSpec {
        if random.chance(0.92) { return buckets[b].replication }
        let r = random.below(4)
        return r == 0 ? .ratisThree : r == 1 ? .ratisOne : r == 2 ? .ecRS32 : .ecRS63
    }

    /// Resets `record` with the fields every key of bucket `b` shares.
    mutating func beginRecord(bucket b: Int) {
        record.reset()
        record.volume = buckets[b].volumeName
        record.bucket = buckets[b].name
        record.owner = buckets[b].owner
        record.encodedACLs = buckets[b].keyACLs
        record.replication = keyReplication(b)
    }

    /// Appends blocks holding `size` bytes to `record` for key version `version`, numbering
    /// local ids from `firstBlock`; returns the next block number.
    @discardableResult
    mutating func appendBlocks(size: UInt64, version: UInt64, transaction: UInt64, firstBlock: Int, partNumber: Int32 = -1) -> Int {
        var remaining = size
        var index = firstBlock
        let capacity = record.replication.blockCapacity
        while remaining > 0 {
            let length = min(remaining, capacity)
            let container = allocator.place(length: length, random: &random)
            record.blocks.append(BlockRecord(
                containerID: container, localID: OMIdentifiers.localID(transaction: transaction, block: index),
                length: length, createVersion: version,
                blockCommitSequenceID: OMIdentifiers.blockCommitSequenceID(transaction: transaction, block: index),
                partNumber: partNumber))
            remaining -= length
            index += 1
        }
        return index
    }

    /// Picks where a new file of bucket `b` goes and names it: `scratch` = leaf name,
    /// `record.keyName` = full name below the bucket (`a/b/leaf`). Returns the parent's
    /// tree index (0 for the bucket; always 0 for flat buckets).
    mutating func placeNewFile(bucket b: Int, size: UInt64) -> Int {
        let stem = random.below(NameVocabulary.fileStems.count)
        let ext = NameVocabulary.fileExtension(size: size, random: &random)
        scratch.removeAll(keepingCapacity: true)
        record.keyName.removeAll(keepingCapacity: true)
        if buckets[b].style == .legacyFlat {
            buckets[b].flatCounter += 1
            NameVocabulary.appendFileName(stem: stem, ordinal: buckets[b].flatCounter, fileExtension: ext, to: &scratch)
            record.keyName.append(contentsOf: scratch)
            return 0
        }
        let parent = buckets[b].tree.parentForFile(&random)
        let ordinal = UInt64(buckets[b].tree.fileCounters[parent])
        buckets[b].tree.fileCounters[parent] += 1
        NameVocabulary.appendFileName(stem: stem, ordinal: ordinal, fileExtension: ext, to: &scratch)
        buckets[b].tree.appendPath(parent, to: &record.keyName)
        record.keyName.append(contentsOf: scratch)
        return parent
    }

    /// Grows the bucket's tree now and then before a new file.
    mutating func maybeGrowTree(bucket b: Int) throws {
        switch buckets[b].style {
        case .fso, .legacyFileSystem:
            if buckets[b].tree.count < 3 || random.chance(1.0 / 14) { try writeDirectory(bucket: b) }
        case .obs:
            if buckets[b].tree.count < 3 || random.chance(1.0 / 40) { try writeDirectory(bucket: b) }
        case .legacyFlat:
            break
        }
    }

    /// A committed key (keyTable) or file (fileTable), with 2–3 versions now and then in
    /// versioned buckets.
    mutating func writeCommittedKey(bucket b: Int) throws {
        try maybeGrowTree(bucket: b)
        let created = nextTransaction()
        let committed = nextTransaction()
        let size = SizeDistribution.sample(&random)
        beginRecord(bucket: b)
        let parent = placeNewFile(bucket: b, size: size)
        record.objectID = OMIdentifiers.objectID(transaction: created)
        record.updateID = committed
        record.creationTime = time(created)
        record.modificationTime = time(committed)
        let versions = buckets[b].versioned && random.chance(0.3) ? 2 + random.below(2) : 1
        var block = 0
        var used: UInt64 = 0
        for version in 0..<versions {
            let versionSize = version == versions - 1 ? size : SizeDistribution.sample(&random)
            block = appendBlocks(size: versionSize, version: UInt64(version), transaction: created, firstBlock: block)
            record.endVersion(UInt64(version))
            used &+= record.replication.replicatedSize(versionSize)
        }
        record.dataSize = size
        key.reset()
        let style = buckets[b].style
        if style == .fso {
            let parentID = buckets[b].tree.objectIDs[parent]
            key.fsoPrefix(volumeID: buckets[b].volumeObjectID, bucketID: buckets[b].objectID, parentID: parentID)
            key.append(scratch)
            record.keyName.removeAll(keepingCapacity: true)
            record.keyName.append(contentsOf: scratch)
            record.parentID = parentID
        } else {
            key.bucketPrefix(volume: buckets[b].volumeName, bucket: buckets[b].name)
            key.append(record.keyName)
            if style == .obs {
                if random.chance(0.6) { record.metadata.append((Self.etagKey, etags[random.below(etags.count)])) }
                if random.chance(0.1) { record.tags.append(Self.tagChoices[random.below(Self.tagChoices.count)]) }
            }
        }
        value.reset()
        record.encode(into: &value)
        try putCurrent(style == .fso ? fileTable : keyTable, style == .fso ? .fileTable : .keyTable)
        buckets[b].usedBytes &+= used
        buckets[b].usedNamespace += 1
        buckets[b].lastTransaction = committed
    }

    /// A directory: a directoryTable row (FSO), a `name/` keyTable row (LEGACY with paths),
    /// or just a new virtual prefix (OBS).
    mutating func writeDirectory(bucket b: Int) throws {
        let parent = buckets[b].tree.parentForDirectory(&random)
        let ordinal = UInt64(buckets[b].tree.childCounters[parent])
        buckets[b].tree.childCounters[parent] += 1
        scratch.removeAll(keepingCapacity: true)
        NameVocabulary.appendDirectoryName(word: random.below(NameVocabulary.directoryWords.count), ordinal: ordinal, to: &scratch)
        switch buckets[b].style {
        case .fso:
            let tx = nextTransaction()
            let objectID = OMIdentifiers.objectID(transaction: tx)
            let parentID = buckets[b].tree.objectIDs[parent]
            key.reset()
            key.fsoPrefix(volumeID: buckets[b].volumeObjectID, bucketID: buckets[b].objectID, parentID: parentID)
            key.append(scratch)
            let directory = DirectoryRecord(
                name: scratch[...], creationTime: time(tx), modificationTime: time(tx), objectID: objectID,
                updateID: tx, parentID: parentID, owner: buckets[b].owner, encodedACLs: buckets[b].directoryACLs)
            value.reset()
            directory.encode(into: &value)
            try putCurrent(directoryTable, .directoryTable)
            _ = buckets[b].tree.add(parent: parent, name: scratch, objectID: objectID)
            buckets[b].usedNamespace += 1
            buckets[b].lastTransaction = tx
        case .legacyFileSystem:
            let tx = nextTransaction()
            beginRecord(bucket: b)
            record.replication = buckets[b].replication
            buckets[b].tree.appendPath(parent, to: &record.keyName)
            record.keyName.append(contentsOf: scratch)
            record.keyName.append(KeyWriter.slash)
            record.endVersion(0)
            record.isFile = false
            record.objectID = OMIdentifiers.objectID(transaction: tx)
            record.updateID = tx
            record.creationTime = time(tx)
            record.modificationTime = time(tx)
            key.reset()
            key.bucketPrefix(volume: buckets[b].volumeName, bucket: buckets[b].name)
            key.append(record.keyName)
            value.reset()
            record.encode(into: &value)
            try putCurrent(keyTable, .keyTable)
            _ = buckets[b].tree.add(parent: parent, name: scratch, objectID: record.objectID)
            buckets[b].usedNamespace += 1
            buckets[b].lastTransaction = tx
        case .obs:
            _ = buckets[b].tree.add(parent: parent, name: scratch, objectID: 0)
        case .legacyFlat:
            break
        }
    }
}
