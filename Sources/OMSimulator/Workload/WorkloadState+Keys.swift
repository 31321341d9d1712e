import OzoneFormat
import ReconRocksDB
import SwiftProtobuf

extension WorkloadState {
    /// The leaf name of a new file created in transaction `tx`.
    mutating func newLeaf(size: UInt64, transaction tx: UInt64) -> [UInt8] {
        var leaf = NameVocabulary.fileStems[random.below(NameVocabulary.fileStems.count)]
        leaf.append(contentsOf: Array("-w".utf8))
        KeyWriter.appendUnsigned(tx, to: &leaf)
        leaf.append(UInt8(ascii: "."))
        leaf.append(contentsOf: NameVocabulary.fileExtension(size: size, random: &random))
        return leaf
    }

    /// CreateKey / CreateFile: an open entry for a new name (or, with `overwrite`, for the
    /// name of an existing key), remembered for a later commit.
    mutating func createKey(overwrite: Bool) throws -> OMOperationKind {
        guard let b = randomBucket() else { throw OMSimulatorError.invalidArgument("the OM DB has no buckets") }
        let existing = overwrite ? try pickCommittedKey(bucket: b) : nil
        let tx = begin()
        let size = SizeDistribution.sample(&random)
        beginRecord(bucket: b, transaction: tx)
        let bucket = buckets[b]
        var parentID: UInt64 = 0
        var leaf: [UInt8]
        var fullName: [UInt8]
        if let existing {
            if bucket.isFSO, let c = Self.fsoComponents(existing.key) {
                parentID = UInt64(bitPattern: c.parentID)
                leaf = Array(existing.key[c.name])
            } else {
                leaf = Array(existing.key[bucket.namePrefix.count...])
            }
        } else if bucket.isFSO {
            parentID = randomDirectory(bucket: b)
            if random.chance(0.1) {
                // CreateFile creates a missing parent directory in the same batch.
                let dirID = OMIdentifiers.objectID(transaction: tx, index: 1)
                var name = NameVocabulary.directoryWords[random.below(NameVocabulary.directoryWords.count)]
                name.append(contentsOf: Array("-d".utf8))
                KeyWriter.appendUnsigned(tx, to: &name)
                try putDirectory(bucket: b, id: dirID, parentID: parentID, name: name, transaction: tx)
                parentID = dirID
            }
            leaf = newLeaf(size: size, transaction: tx)
        } else {
            leaf = newLeaf(size: size, transaction: tx)
        }
        if bucket.isFSO {
            fullName = self.fullName(bucket: b, parentID: parentID, leaf: leaf) ?? leaf
        } else if existing != nil {
            fullName = leaf
        } else if bucket.style == .legacyFlat {
            fullName = leaf
        } else {
            // Next to an existing key: its directory exists (LEGACY) or is a common prefix (OBS).
            let sibling = try pickNamesEntry(bucket: b)
            fullName = sibling.map { Self.parentPath(ofName: $0[bucket.namePrefix.count...]) } ?? []
            fullName.append(contentsOf: leaf)
            leaf = fullName
        }
        record.keyName = fullName
        record.parentID = parentID
        _ = appendBlocks(size: size, version: 0, transaction: tx, firstBlock: 0)
        record.endVersion(0)
        record.dataSize = size
        let clientID = OMIdentifiers.clientID(transaction: tx)
        var finalKey = bucket.isFSO ? bucket.childrenPrefix(parentID) : bucket.namePrefix
        finalKey.append(contentsOf: bucket.isFSO ? leaf : fullName)
        var openKey = finalKey
        openKey.append(KeyWriter.slash)
        KeyWriter.appendDecimal(clientID, to: &openKey)
        let openTable: OMTable = bucket.isFSO ? .openFileTable : .openKeyTable
        let value = encodedRecord()
        try put(openTable, openKey, value)
        try commit(overwrite ? .overwriteKey : .createKey, transaction: tx)
        pending.append(PendingKey(bucket: b, openTable: openTable, openKey: openKey, finalKey: finalKey, value: value,
                                  parentID: parentID, leaf: bucket.isFSO ? leaf : fullName, fullName: fullName))
        return overwrite ? .overwriteKey : .createKey
    }

    /// CommitKey: the oldest open key lands in keyTable/fileTable. An existing key is
    /// replaced (its data → deletedTable) or, in a versioned bucket, gets a new version.
    mutating func commitKey() throws -> OMOperationKind {
        guard !pending.isEmpty else { return try createKey(overwrite: false) }
        let p = pending.removeFirst()
        let tx = begin()
        let bucket = buckets[p.bucket]
        if bucket.isFSO, directories[p.bucket]?.isReachable(p.parentID) != true {
            // The directory went away meanwhile: the OM refuses the commit; the open entry
            // is cleaned up (OpenKeyCleanupService).
            try delete(p.openTable, p.openKey)
            try commit(.commitKey, transaction: tx)
            return .commitKey
        }
        var info = try OMKeyInfo(serializedBytes: p.value)
        info.updateID = tx
        info.modificationTime = time(tx)
        info.keyName = String(decoding: p.leaf, as: UTF8.self)
        try delete(p.openTable, p.openKey)
        try installKey(&info, bucket: p.bucket, finalKey: p.finalKey, fullName: p.fullName, transaction: tx)
        try commit(.commitKey, transaction: tx)
        return .commitKey
    }

    /// Puts a committed key at `finalKey` (keyTable or fileTable by bucket layout). When a
    /// key is already there it is replaced — its data waits in deletedTable — or, in a
    /// versioned bucket, `info` becomes its next version. Bucket usage follows.
    mutating func installKey(_ info: inout OMKeyInfo, bucket b: Int, finalKey: [UInt8], fullName: [UInt8], transaction tx: UInt64) throws {
        let bucket = buckets[b]
        let finalTable: OMTable = bucket.isFSO ? .fileTable : .keyTable
        var usedDelta = Int64(bitPattern: info.replicatedSize)
        var namespaceDelta: Int64 = 1
        if let raw = try get(finalTable, finalKey) {
            let existing = try OMKeyInfo(serializedBytes: raw)
            namespaceDelta = 0
            if bucket.versioned {
                let next = (existing.keyLocationList.last?.version ?? 0) + 1
                var list = info.keyLocationList.last ?? OMKeyLocationList()
                list.version = next
                for i in list.keyLocations.indices { list.keyLocations[i].createVersion = next }
                info.keyLocationList = existing.keyLocationList + [list]
                info.latestVersion = next
                info.objectID = existing.objectID
                info.creationTime = existing.creationTime
            } else {
                if Self.hasBlocks(existing) {
                    var old = existing
                    old.keyName = String(decoding: fullName, as: UTF8.self)
                    old.updateID = tx
                    try put(.deletedTable, deletedKey(bucket: b, fullName: fullName, objectID: existing.objectID),
                            try Self.repeated([old], bucketID: bucket.objectID))
                }
                usedDelta -= Int64(bitPattern: existing.replicatedSize)
            }
        }
        try put(finalTable, finalKey, try info.serializedBytes())
        buckets[b].adjustUsage(bytes: usedDelta, namespace: namespaceDelta)
        touch(b)
    }

    /// DeleteKey: the key leaves keyTable/fileTable; if it holds data it waits in
    /// deletedTable under `/vol/bucket/fullName/<objectID>`.
    mutating func deleteKey() throws -> OMOperationKind {
        guard let b = randomBucket(), let picked = try pickCommittedKey(bucket: b) else {
            return try createKey(overwrite: false)
        }
        let tx = begin()
        let bucket = buckets[b]
        var info = try OMKeyInfo(serializedBytes: picked.value)
        let fullName: [UInt8]
        if bucket.isFSO, let c = Self.fsoComponents(picked.key) {
            let leaf = Array(picked.key[c.name])
            fullName = self.fullName(bucket: b, parentID: UInt64(bitPattern: c.parentID), leaf: leaf) ?? leaf
        } else {
            fullName = Array(picked.key[bucket.namePrefix.count...])
        }
        try delete(bucket.isFSO ? .fileTable : .keyTable, picked.key)
        if Self.hasBlocks(info) {
            info.keyName = String(decoding: fullName, as: UTF8.self)
            info.updateID = tx
            info.modificationTime = time(tx)
            try put(.deletedTable, deletedKey(bucket: b, fullName: fullName, objectID: info.objectID),
                    try Self.repeated([info], bucketID: bucket.objectID))
        }
        buckets[b].adjustUsage(bytes: -Int64(bitPattern: info.replicatedSize), namespace: -1)
        touch(b)
        try commit(.deleteKey, transaction: tx)
        return .deleteKey
    }

    /// RenameKey: same object under a new name; FSO files sometimes move to another directory.
    mutating func renameKey() throws -> OMOperationKind {
        guard let b = randomBucket(), let picked = try pickCommittedKey(bucket: b) else {
            return try createKey(overwrite: false)
        }
        let tx = begin()
        let bucket = buckets[b]
        var info = try OMKeyInfo(serializedBytes: picked.value)
        let stem = NameVocabulary.fileStems[random.below(NameVocabulary.fileStems.count)]
        var newKey: [UInt8]
        if bucket.isFSO, let c = Self.fsoComponents(picked.key) {
            let leaf = Self.renamedLeaf(Array(picked.key[c.name]), stem: stem, tag: UInt8(ascii: "m"), transaction: tx)
            let parent = random.chance(0.3) ? randomDirectory(bucket: b) : UInt64(bitPattern: c.parentID)
            newKey = bucket.childrenPrefix(parent)
            newKey.append(contentsOf: leaf)
            info.keyName = String(decoding: leaf, as: UTF8.self)
            info.parentID = parent
        } else {
            let name = picked.key[bucket.namePrefix.count...]
            var leafStart = name.startIndex
            if let cut = name.lastIndex(of: KeyWriter.slash) { leafStart = cut + 1 }
            var newName = Self.parentPath(ofName: name)
            newName.append(contentsOf: Self.renamedLeaf(Array(name[leafStart...]), stem: stem, tag: UInt8(ascii: "m"), transaction: tx))
            newKey = bucket.namePrefix
            newKey.append(contentsOf: newName)
            info.keyName = String(decoding: newName, as: UTF8.self)
        }
        info.updateID = tx
        info.modificationTime = time(tx)
        let table: OMTable = bucket.isFSO ? .fileTable : .keyTable
        try delete(table, picked.key)
        try put(table, newKey, try info.serializedBytes())
        try commit(.renameKey, transaction: tx)
        return .renameKey
    }
}
