import OzoneFormat
import ReconRocksDB

extension GeneratorSession {
    /// An incomplete multipart upload with 1–4 committed parts: multipartInfoTable
    /// `/v/b/key/<uploadID>` → `MultipartKeyInfo`, plus the upload's open entry in
    /// openKeyTable or openFileTable. With `splitParts` the parts live in
    /// multipartPartsTable (schema 1, Ozone 2.2+), otherwise inline (schema 0).
    mutating func writeMultipartUpload(bucket b: Int, splitParts: Bool) throws {
        let initiated = nextTransaction()
        beginRecord(bucket: b)
        let parent = placeNewFile(bucket: b, size: 64 << 20)
        let fullName = record.keyName
        let leaf = scratch
        let replication = record.replication
        let uploadID = OMIdentifiers.uploadID(random: &random, transaction: initiated)
        let objectID = OMIdentifiers.objectID(transaction: initiated)
        let parentID = buckets[b].isFSO ? buckets[b].tree.objectIDs[parent] : 0
        var partName: [UInt8] = []
        nested.reset()
        var lastTransaction = initiated
        for part in 1...(1 + random.below(4)) {
            let tx = nextTransaction()
            lastTransaction = tx
            let size = SizeDistribution.partSample(&random)
            partName.removeAll(keepingCapacity: true)
            partName.append(KeyWriter.slash)
            partName.append(contentsOf: buckets[b].volumeName)
            partName.append(KeyWriter.slash)
            partName.append(contentsOf: buckets[b].name)
            partName.append(KeyWriter.slash)
            partName.append(contentsOf: fullName)
            partName.append(KeyWriter.slash)
            KeyWriter.appendDecimal(OMIdentifiers.clientID(transaction: tx), to: &partName)
            record.blocks.removeAll(keepingCapacity: true)
            record.versions.removeAll(keepingCapacity: true)
            appendBlocks(size: size, version: 0, transaction: tx, firstBlock: 0, partNumber: Int32(part))
            record.endVersion(0)
            record.isMultipart = true
            if splitParts {
                value.reset()
                value.bytes(1, partName)
                value.uint(2, UInt64(part))
                value.bytes(3, etags[random.below(etags.count)])
                let list = value.begin(4)
                value.uint(1, 0)
                for block in record.blocks { KeyInfoRecord.encodeBlock(block, into: &value) }
                value.bool(4, true)
                value.end(list)
                value.uint(5, size)
                value.uint(6, time(tx))
                value.uint(7, OMIdentifiers.objectID(transaction: tx))
                value.uint(8, tx)
                key.reset()
                key.append(uploadID)
                key.slash()
                let p = UInt32(part)
                key.append([UInt8(truncatingIfNeeded: p >> 24), UInt8(truncatingIfNeeded: p >> 16),
                            UInt8(truncatingIfNeeded: p >> 8), UInt8(truncatingIfNeeded: p)])
                try putCurrent(multipartPartsTable, .multipartPartsTable)
            } else {
                record.dataSize = size
                record.objectID = OMIdentifiers.objectID(transaction: tx)
                record.updateID = tx
                record.parentID = parentID
                record.creationTime = time(tx)
                record.modificationTime = time(tx)
                let entry = nested.begin(5)
                nested.bytes(1, partName)
                nested.uint(2, UInt64(part))
                let info = nested.begin(3)
                record.encode(into: &nested)
                nested.end(info)
                nested.end(entry)
            }
        }
        value.reset()
        value.bytes(1, uploadID)
        value.uint(2, time(initiated))
        value.int(3, Int64(replication.type.rawValue))
        if !replication.isEC { value.int(4, Int64(replication.factor.rawValue)) }
        value.raw(nested.bytes)
        value.uint(6, objectID)
        value.uint(7, lastTransaction)
        value.uint(8, parentID)
        if replication.isEC {
            let ec = value.begin(9)
            replication.writeEC(&value)
            value.end(ec)
        }
        if splitParts { value.uint(10, 1) }
        value.bytes(11, buckets[b].volumeName)
        value.bytes(12, buckets[b].name)
        value.bytes(13, fullName)
        value.bytes(14, buckets[b].owner)
        value.raw(ACLEncoding.encoded(field: 15, owner: buckets[b].owner, group: NameVocabulary.users[0]))
        key.reset()
        key.bucketPrefix(volume: buckets[b].volumeName, bucket: buckets[b].name)
        key.append(fullName)
        key.slash()
        key.append(uploadID)
        try putCurrent(multipartInfoTable, .multipartInfoTable)

        // The upload's own open entry: no data yet, one empty multipart version.
        record.blocks.removeAll(keepingCapacity: true)
        record.versions.removeAll(keepingCapacity: true)
        record.endVersion(0)
        record.isMultipart = true
        record.keyName = fullName
        record.dataSize = 0
        record.objectID = objectID
        record.updateID = initiated
        record.parentID = parentID
        record.creationTime = time(initiated)
        record.modificationTime = time(initiated)
        key.reset()
        if buckets[b].isFSO {
            key.fsoPrefix(volumeID: buckets[b].volumeObjectID, bucketID: buckets[b].objectID, parentID: parentID)
            key.append(leaf)
        } else {
            key.bucketPrefix(volume: buckets[b].volumeName, bucket: buckets[b].name)
            key.append(fullName)
        }
        key.slash()
        key.append(uploadID)
        value.reset()
        record.encode(into: &value)
        try putCurrent(buckets[b].isFSO ? openFileTable : openKeyTable, buckets[b].isFSO ? .openFileTable : .openKeyTable)
    }
}
