import OzoneFormat
import ReconRocksDB
import SwiftProtobuf

extension WorkloadState {
    /// Adds a directoryTable row for a new FSO directory to the batch and to the index.
    mutating func putDirectory(bucket b: Int, id: UInt64, parentID: UInt64, name: [UInt8], transaction tx: UInt64) throws {
        let now = time(tx)
        let directory = DirectoryRecord(
            name: name[...], creationTime: now, modificationTime: now, objectID: id, updateID: tx,
            parentID: parentID, owner: buckets[b].owner, encodedACLs: buckets[b].directoryACLs)
        writer.reset()
        directory.encode(into: &writer)
        var key = buckets[b].childrenPrefix(parentID)
        key.append(contentsOf: name)
        try put(.directoryTable, key, writer.bytes)
        directories[b]?.add(id: id, parentID: parentID, name: name)
        buckets[b].adjustUsage(bytes: 0, namespace: 1)
        touch(b)
    }

    /// A directory name made unique by the transaction index.
    mutating func newDirectoryName(transaction tx: UInt64) -> [UInt8] {
        var name = NameVocabulary.directoryWords[random.below(NameVocabulary.directoryWords.count)]
        name.append(contentsOf: Array("-d".utf8))
        KeyWriter.appendUnsigned(tx, to: &name)
        return name
    }

    /// CreateDirectory: a directoryTable row (FSO) or a `dir/` keyTable row next to an
    /// existing entry (LEGACY with paths). Other buckets have no directories: a key is
    /// created instead.
    mutating func createDirectory() throws -> OMOperationKind {
        guard let b = randomBucket({ $0.isFSO || $0.style == .legacyFileSystem }) else {
            return try createKey(overwrite: false)
        }
        if buckets[b].isFSO {
            let tx = begin()
            let parent = randomDirectory(bucket: b)
            try putDirectory(bucket: b, id: OMIdentifiers.objectID(transaction: tx), parentID: parent,
                             name: newDirectoryName(transaction: tx), transaction: tx)
            try commit(.createDirectory, transaction: tx)
            return .createDirectory
        }
        let bucket = buckets[b]
        let sibling = try pickNamesEntry(bucket: b)
        let tx = begin()
        var name = sibling.map { Self.parentPath(ofName: $0[bucket.namePrefix.count...]) } ?? []
        name.append(contentsOf: newDirectoryName(transaction: tx))
        name.append(KeyWriter.slash)
        beginRecord(bucket: b, transaction: tx)
        record.replication = bucket.replication
        record.keyName = name
        record.isFile = false
        record.endVersion(0)
        var key = bucket.namePrefix
        key.append(contentsOf: name)
        try put(.keyTable, key, encodedRecord())
        buckets[b].adjustUsage(bytes: 0, namespace: 1)
        touch(b)
        try commit(.createDirectory, transaction: tx)
        return .createDirectory
    }

    /// A live FSO directory to rename or delete: bucket, id and its index entry.
    mutating func pickLiveDirectory() -> (bucket: Int, id: UInt64, entry: DirectoryIndex.Entry)? {
        guard let b = randomBucket({ $0.isFSO }) else { return nil }
        let id = randomDirectory(bucket: b, rootChance: 0)
        guard id != buckets[b].objectID, let entry = directories[b]?.entry(id) else { return nil }
        return (b, id, entry)
    }

    /// Rename of an FSO directory: its row moves to a new name and maybe a new parent (never
    /// below itself); its children keep pointing at its object id.
    mutating func renameDirectory() throws -> OMOperationKind {
        guard let (b, id, entry) = pickLiveDirectory() else { return try createDirectory() }
        let bucket = buckets[b]
        var oldKey = bucket.childrenPrefix(entry.parentID)
        oldKey.append(contentsOf: entry.name)
        guard let raw = try get(.directoryTable, oldKey) else { return try createDirectory() }
        let tx = begin()
        var parent = entry.parentID
        if random.chance(0.4) {
            let candidate = randomDirectory(bucket: b)
            if directories[b]?.isWithin(candidate, ancestor: id) == false { parent = candidate }
        }
        var name = NameVocabulary.directoryWords[random.below(NameVocabulary.directoryWords.count)]
        name.append(contentsOf: Array("-r".utf8))
        KeyWriter.appendUnsigned(tx, to: &name)
        var info = try OMDirectoryInfo(serializedBytes: raw)
        info.name = String(decoding: name, as: UTF8.self)
        info.parentID = parent
        info.updateID = tx
        info.modificationTime = time(tx)
        var newKey = bucket.childrenPrefix(parent)
        newKey.append(contentsOf: name)
        try delete(.directoryTable, oldKey)
        try put(.directoryTable, newKey, try info.serializedBytes())
        directories[b]?.rename(id, parentID: parent, name: name)
        try commit(.renameDirectory, transaction: tx)
        return .renameDirectory
    }

    /// The deletedDirectoryTable value for a directory: a `KeyInfo` with the full path and
    /// no data (`OMFileRequest.getOmKeyInfoFromDir`).
    mutating func deletedDirectoryValue(bucket b: Int, info: OMDirectoryInfo, fullPath: [UInt8], transaction tx: UInt64) -> [UInt8] {
        record.reset()
        record.volume = buckets[b].volumeBytes
        record.bucket = buckets[b].nameBytes
        record.keyName = fullPath
        record.replication = buckets[b].replication
        record.endVersion(0)
        record.creationTime = info.creationTime
        record.modificationTime = time(tx)
        record.objectID = info.objectID
        record.updateID = tx
        record.parentID = info.parentID
        record.isFile = false
        record.owner = buckets[b].owner
        record.encodedACLs = buckets[b].keyACLs
        return encodedRecord()
    }

    /// The deletedDirectoryTable key `/volID/bucketID/parentID/name/<objectID>`.
    func deletedDirectoryKey(bucket b: Int, parentID: UInt64, name: [UInt8], objectID: UInt64) -> [UInt8] {
        var key = buckets[b].childrenPrefix(parentID)
        key.append(contentsOf: name)
        key.append(KeyWriter.slash)
        KeyWriter.appendDecimal(Int64(bitPattern: objectID), to: &key)
        return key
    }

    /// Delete of an FSO directory (recursive): only its own row moves to
    /// deletedDirectoryTable; the directory deleting service handles the children later.
    mutating func deleteDirectory() throws -> OMOperationKind {
        guard let (b, id, entry) = pickLiveDirectory() else { return try createDirectory() }
        var key = buckets[b].childrenPrefix(entry.parentID)
        key.append(contentsOf: entry.name)
        guard let raw = try get(.directoryTable, key) else { return try createDirectory() }
        let tx = begin()
        let info = try OMDirectoryInfo(serializedBytes: raw)
        var path: [UInt8] = []
        _ = directories[b]?.appendPath(entry.parentID, to: &path)
        path.append(contentsOf: entry.name)
        try delete(.directoryTable, key)
        try put(.deletedDirectoryTable, deletedDirectoryKey(bucket: b, parentID: entry.parentID, name: entry.name, objectID: id),
                deletedDirectoryValue(bucket: b, info: info, fullPath: path, transaction: tx))
        directories[b]?.markDeleted(id)
        buckets[b].adjustUsage(bytes: 0, namespace: -1)
        touch(b)
        try commit(.deleteDirectory, transaction: tx)
        return .deleteDirectory
    }

    /// DirectoryDeletingService (`OMDirectoriesPurgeRequestWithFSO`): takes one deleted
    /// directory, moves up to 64 child files to deletedTable and up to 64 child directories
    /// to deletedDirectoryTable, and drops the directory's own row once it has no children.
    mutating func purgeDirectory() throws -> OMOperationKind {
        guard let picked = try pickAnywhere(.deletedDirectoryTable, fso: true),
              let parsed = OMDeletedDirectoryKey(parsing: picked.key),
              let b = bucketByID[UInt64(bitPattern: parsed.path.bucketID)] else { return try deleteDirectory() }
        let id = UInt64(bitPattern: parsed.objectID)
        let bucket = buckets[b]
        let prefix = bucket.childrenPrefix(id)
        let limit = 64
        var files: [(key: [UInt8], value: [UInt8])] = []
        var subdirectories: [(key: [UInt8], value: [UInt8])] = []
        try database.db.forEach(try database.cf(.fileTable), start: prefix, end: Self.upperBound(prefix)) { k, v in
            files.append((Array(k), Array(v)))
            return files.count < limit
        }
        try database.db.forEach(try database.cf(.directoryTable), start: prefix, end: Self.upperBound(prefix)) { k, v in
            subdirectories.append((Array(k), Array(v)))
            return subdirectories.count < limit
        }
        let tx = begin()
        var usedDelta: Int64 = 0
        for file in files {
            var info = try OMKeyInfo(serializedBytes: file.value)
            try delete(.fileTable, file.key)
            usedDelta -= Int64(bitPattern: info.replicatedSize)
            guard Self.hasBlocks(info) else { continue }
            let leaf = Array(file.key[prefix.count...])
            let full = fullName(bucket: b, parentID: id, leaf: leaf) ?? leaf
            info.keyName = String(decoding: full, as: UTF8.self)
            info.updateID = tx
            try put(.deletedTable, deletedKey(bucket: b, fullName: full, objectID: info.objectID),
                    try Self.repeated([info], bucketID: bucket.objectID))
        }
        for directory in subdirectories {
            let info = try OMDirectoryInfo(serializedBytes: directory.value)
            let name = Array(directory.key[prefix.count...])
            var path: [UInt8] = []
            _ = directories[b]?.appendPath(id, to: &path)
            path.append(contentsOf: name)
            try delete(.directoryTable, directory.key)
            try put(.deletedDirectoryTable, deletedDirectoryKey(bucket: b, parentID: id, name: name, objectID: info.objectID),
                    deletedDirectoryValue(bucket: b, info: info, fullPath: path, transaction: tx))
            directories[b]?.markDeleted(info.objectID)
        }
        let finished = files.count < limit && subdirectories.count < limit
        if finished {
            try delete(.deletedDirectoryTable, picked.key)
        }
        if !files.isEmpty || !subdirectories.isEmpty {
            buckets[b].adjustUsage(bytes: usedDelta, namespace: -Int64(files.count + subdirectories.count))
            touch(b)
        }
        try commit(.purgeDirectory, transaction: tx)
        if finished { try notePurge(.deletedDirectoryTable) }
        return .purgeDirectory
    }

    /// KeyDeletingService (`OMKeyPurgeRequest`): up to eight deletedTable rows whose blocks
    /// are gone are removed.
    mutating func purgeDeletedKeys() throws -> OMOperationKind {
        guard let first = try pickAnywhere(.deletedTable, fso: false) else { return try deleteKey() }
        var keys: [[UInt8]] = []
        try database.db.forEach(try database.cf(.deletedTable), start: first.key, end: [KeyWriter.slash + 1]) { k, _ in
            keys.append(Array(k))
            return keys.count < 8
        }
        let tx = begin()
        for key in keys { try delete(.deletedTable, key) }
        try commit(.purgeDeletedKeys, transaction: tx)
        try notePurge(.deletedTable)
        return .purgeDeletedKeys
    }

    /// Purge operations on a table between two compactions of it.
    static let purgesPerCompaction = 256

    /// Counts a purge of `table` and compacts the table every ``purgesPerCompaction``
    /// purges. The purge tables are small and drained as fast as they fill, so their
    /// rows are mostly tombstones until a compaction drops them; every pick's seek would
    /// step over all of them (omsim's write rate fell steadily while serving: 10k ops/s
    /// in its first seconds, 2.6k after 40 s at 300k keys).
    mutating func notePurge(_ table: OMTable) throws {
        let count = purgesSinceCompaction[table, default: 0] + 1
        guard count >= Self.purgesPerCompaction else {
            purgesSinceCompaction[table] = count
            return
        }
        purgesSinceCompaction[table] = 0
        try database.db.compactRange(try database.cf(table))
    }
}
