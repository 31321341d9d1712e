import Foundation
import OzoneFormat
import ReconRocksDB
import SwiftProtobuf

extension WorkloadState {
    /// An upload in progress, as read back from multipartInfoTable.
    struct Upload {
        var bucket: Int
        var key: [UInt8]
        var fullName: [UInt8]
        var uploadID: String
        var info: OMMultipartKeyInfo
        var splitParts: Bool { info.schemaVersion == 1 }
    }

    /// One committed part: its number and its data as a `KeyInfo`, plus its
    /// multipartPartsTable key when it lives there.
    struct Part {
        var number: UInt32
        var keyInfo: OMKeyInfo
        var tableKey: [UInt8]?
    }

    /// A random incomplete upload.
    mutating func pickUpload() throws -> Upload? {
        guard let picked = try pickAnywhere(.multipartInfoTable, fso: false),
              let parsed = OMMultipartKey(parsing: picked.key),
              let b = bucketByName[parsed.path.volume + "/" + parsed.path.bucket] else { return nil }
        return Upload(bucket: b, key: picked.key, fullName: Array(parsed.path.key.utf8), uploadID: parsed.uploadID,
                      info: try OMMultipartKeyInfo(serializedBytes: picked.value))
    }

    /// The upload's open entry key (openFileTable for FSO, openKeyTable otherwise).
    func uploadOpenKey(_ upload: Upload) -> (table: OMTable, key: [UInt8]) {
        let bucket = buckets[upload.bucket]
        var key: [UInt8]
        if bucket.isFSO {
            key = bucket.childrenPrefix(upload.info.parentID)
            let leafStart = (upload.fullName.lastIndex(of: KeyWriter.slash)).map { $0 + 1 } ?? 0
            key.append(contentsOf: upload.fullName[leafStart...])
        } else {
            key = bucket.namePrefix
            key.append(contentsOf: upload.fullName)
        }
        key.append(KeyWriter.slash)
        key.append(contentsOf: Array(upload.uploadID.utf8))
        return (bucket.isFSO ? .openFileTable : .openKeyTable, key)
    }

    /// The committed parts of `upload`, in part-number order.
    func parts(of upload: Upload) throws -> [Part] {
        if !upload.splitParts {
            return upload.info.partKeyInfoList.map { Part(number: $0.partNumber, keyInfo: $0.partKeyInfo, tableKey: nil) }
        }
        let prefix = OMMultipartPartKey.prefix(uploadID: upload.uploadID)
        var out: [Part] = []
        let bucket = buckets[upload.bucket]
        try database.db.forEach(try database.cf(.multipartPartsTable), start: prefix, end: Self.upperBound(prefix)) { k, v in
            let part = try OMMultipartPartInfo(serializedBytes: Array(v))
            var info = OMKeyInfo()
            info.volumeName = bucket.volume
            info.bucketName = bucket.name
            info.keyName = String(decoding: upload.fullName, as: UTF8.self)
            info.dataSize = part.dataSize
            info.type = upload.info.type
            if upload.info.hasFactor { info.factor = upload.info.factor }
            if upload.info.hasEcReplicationConfig { info.ecReplicationConfig = upload.info.ecReplicationConfig }
            info.keyLocationList = [part.keyLocationList]
            info.creationTime = part.modificationTime
            info.modificationTime = part.modificationTime
            info.latestVersion = 0
            info.objectID = part.objectID
            info.updateID = part.updateID
            info.parentID = upload.info.parentID
            info.isFile = true
            out.append(Part(number: part.partNumber, keyInfo: info, tableKey: Array(k)))
            return true
        }
        return out
    }

    /// InitiateMultipartUpload: a multipartInfoTable row (parts inline or, half the time,
    /// in multipartPartsTable) and the upload's open entry.
    mutating func initiateMultipartUpload() throws -> OMOperationKind {
        guard let b = randomBucket() else { return try createKey(overwrite: false) }
        let bucket = buckets[b]
        let sibling = bucket.isFSO || bucket.style == .legacyFlat ? nil : try pickNamesEntry(bucket: b)
        let tx = begin()
        beginRecord(bucket: b, transaction: tx)
        let leaf = newLeaf(size: 64 << 20, transaction: tx)
        var parentID: UInt64 = 0
        var fullName: [UInt8]
        if bucket.isFSO {
            parentID = randomDirectory(bucket: b)
            fullName = self.fullName(bucket: b, parentID: parentID, leaf: leaf) ?? leaf
        } else {
            fullName = sibling.map { Self.parentPath(ofName: $0[bucket.namePrefix.count...]) } ?? []
            fullName.append(contentsOf: leaf)
        }
        let uploadID = OMIdentifiers.uploadID(random: &random, transaction: tx)
        let now = time(tx)
        var info = OMMultipartKeyInfo()
        info.uploadID = String(decoding: uploadID, as: UTF8.self)
        info.creationTime = now
        info.type = record.replication.type
        if record.replication.isEC { info.ecReplicationConfig = record.replication.ecMessage } else { info.factor = record.replication.factor }
        info.objectID = record.objectID
        info.updateID = tx
        info.parentID = parentID
        if random.chance(0.5) { info.schemaVersion = 1 }
        info.volumeName = bucket.volume
        info.bucketName = bucket.name
        info.keyName = String(decoding: fullName, as: UTF8.self)
        info.ownerName = String(decoding: bucket.owner, as: UTF8.self)
        var key = bucket.namePrefix
        key.append(contentsOf: fullName)
        key.append(KeyWriter.slash)
        key.append(contentsOf: uploadID)
        try put(.multipartInfoTable, key, try info.serializedBytes())

        record.keyName = fullName
        record.parentID = parentID
        record.isMultipart = true
        record.endVersion(0)
        let upload = Upload(bucket: b, key: key, fullName: fullName, uploadID: info.uploadID, info: info)
        let open = uploadOpenKey(upload)
        try put(open.table, open.key, encodedRecord())
        try commit(.initiateMultipartUpload, transaction: tx)
        return .initiateMultipartUpload
    }

    /// CommitMultipartUploadPart: the next part, inline or as a multipartPartsTable row.
    mutating func uploadPart() throws -> OMOperationKind {
        guard var upload = try pickUpload() else { return try initiateMultipartUpload() }
        let existing = try parts(of: upload)
        if existing.count >= 12 { return try completeMultipartUpload(upload) }
        let tx = begin()
        let b = upload.bucket
        let number = UInt32((existing.map(\.number).max() ?? 0) + 1)
        beginRecord(bucket: b, transaction: tx)
        record.replication = ReplicationSpec(upload.info)
        record.keyName = upload.fullName
        record.parentID = upload.info.parentID
        record.isMultipart = true
        let size = SizeDistribution.partSample(&random)
        _ = appendBlocks(size: size, version: 0, transaction: tx, firstBlock: 0, partNumber: Int32(number))
        record.endVersion(0)
        record.dataSize = size
        let partKeyInfo = try OMKeyInfo(serializedBytes: encodedRecord())
        var partName = buckets[b].namePrefix
        partName.append(contentsOf: upload.fullName)
        partName.append(KeyWriter.slash)
        KeyWriter.appendDecimal(OMIdentifiers.clientID(transaction: tx), to: &partName)
        if upload.splitParts {
            var part = OMMultipartPartInfo()
            part.partName = String(decoding: partName, as: UTF8.self)
            part.partNumber = number
            part.eTag = String(random.next(), radix: 16)
            part.keyLocationList = partKeyInfo.keyLocationList[0]
            part.dataSize = size
            part.modificationTime = partKeyInfo.modificationTime
            part.objectID = partKeyInfo.objectID
            part.updateID = tx
            try put(.multipartPartsTable, OMMultipartPartKey(uploadID: upload.uploadID, partNumber: Int32(number)).bytes,
                    try part.serializedBytes())
        } else {
            var part = OMPartKeyInfo()
            part.partName = String(decoding: partName, as: UTF8.self)
            part.partNumber = number
            part.partKeyInfo = partKeyInfo
            upload.info.partKeyInfoList.append(part)
        }
        upload.info.updateID = tx
        try put(.multipartInfoTable, upload.key, try upload.info.serializedBytes())
        try commit(.uploadPart, transaction: tx)
        return .uploadPart
    }

    /// Removes the upload's rows (info, open entry, split parts) from the batch.
    mutating func deleteUpload(_ upload: Upload, parts: [Part]) throws {
        try delete(.multipartInfoTable, upload.key)
        let open = uploadOpenKey(upload)
        try delete(open.table, open.key)
        for part in parts {
            if let key = part.tableKey { try delete(.multipartPartsTable, key) }
        }
    }

    /// CompleteMultipartUpload: the parts become one key (all blocks in one multipart
    /// version, ordered by part); an upload without parts is aborted instead.
    mutating func completeMultipartUpload(_ chosen: Upload? = nil) throws -> OMOperationKind {
        guard let upload = try chosen ?? pickUpload() else { return try initiateMultipartUpload() }
        let parts = try parts(of: upload).sorted { $0.number < $1.number }
        let b = upload.bucket
        let bucket = buckets[b]
        if parts.isEmpty || (bucket.isFSO && directories[b]?.isReachable(upload.info.parentID) != true) {
            return try abortMultipartUpload(upload)
        }
        let tx = begin()
        var info = OMKeyInfo()
        info.volumeName = bucket.volume
        info.bucketName = bucket.name
        let leafStart = bucket.isFSO ? ((upload.fullName.lastIndex(of: KeyWriter.slash)).map { $0 + 1 } ?? 0) : 0
        let leaf = Array(upload.fullName[leafStart...])
        info.keyName = String(decoding: leaf, as: UTF8.self)
        info.dataSize = parts.reduce(0) { $0 + $1.keyInfo.dataSize }
        info.type = upload.info.type
        if upload.info.hasFactor { info.factor = upload.info.factor }
        if upload.info.hasEcReplicationConfig { info.ecReplicationConfig = upload.info.ecReplicationConfig }
        var list = OMKeyLocationList()
        list.version = 0
        list.isMultipartKey = true
        for part in parts {
            for version in part.keyInfo.keyLocationList { list.keyLocations.append(contentsOf: version.keyLocations) }
        }
        info.keyLocationList = [list]
        info.creationTime = upload.info.creationTime
        info.modificationTime = time(tx)
        info.latestVersion = 0
        var etag = HddsKeyValue()
        etag.key = "ETag"
        etag.value = String(upload.info.objectID, radix: 16) + "-\(parts.count)"
        info.metadata = [etag]
        info.objectID = upload.info.objectID
        info.updateID = tx
        info.parentID = upload.info.parentID
        info.isFile = true
        info.ownerName = upload.info.ownerName
        try deleteUpload(upload, parts: parts)
        var finalKey = bucket.isFSO ? bucket.childrenPrefix(upload.info.parentID) : bucket.namePrefix
        finalKey.append(contentsOf: bucket.isFSO ? leaf : upload.fullName)
        try installKey(&info, bucket: b, finalKey: finalKey, fullName: upload.fullName, transaction: tx)
        try commit(.completeMultipartUpload, transaction: tx)
        return .completeMultipartUpload
    }

    /// AbortMultipartUpload: the upload's rows go; its parts' data waits in deletedTable.
    mutating func abortMultipartUpload(_ chosen: Upload? = nil) throws -> OMOperationKind {
        guard let upload = try chosen ?? pickUpload() else { return try initiateMultipartUpload() }
        let parts = try parts(of: upload)
        let tx = begin()
        try deleteUpload(upload, parts: parts)
        let withData = parts.map(\.keyInfo).filter(Self.hasBlocks)
        if !withData.isEmpty {
            try put(.deletedTable, deletedKey(bucket: upload.bucket, fullName: upload.fullName, objectID: upload.info.objectID),
                    try Self.repeated(withData, bucketID: buckets[upload.bucket].objectID))
        }
        try commit(.abortMultipartUpload, transaction: tx)
        return .abortMultipartUpload
    }
}
