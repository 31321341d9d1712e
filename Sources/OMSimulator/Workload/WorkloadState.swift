import Foundation
import OzoneFormat
import ReconRocksDB
import SwiftProtobuf

/// Everything the workload mutates, guarded by ``OMWorkload``'s lock: the DB handles, the
/// OM's transaction counter and clock, the buckets and FSO directory indexes, the keys
/// opened but not committed, and the batch of the operation in progress.
struct WorkloadState {
    let database: OMDatabase
    let clock: OMWorkloadClock
    var random: SimulatorRandom
    var transaction: UInt64
    var simulator: SimulatorState
    var lastTime: UInt64 = 0
    var buckets: [WorkBucket] = []
    var bucketByName: [String: Int] = [:]
    var bucketByID: [UInt64: Int] = [:]
    var directories: [Int: DirectoryIndex] = [:]
    var pending: [PendingKey] = []
    var stats = OMWorkloadStats()
    var record = KeyInfoRecord()
    var writer = ProtoWriter(capacity: 4096)
    let batch = RocksDB.WriteBatch()
    /// Buckets whose row is rewritten at the end of the current operation.
    var touched: [Int] = []
    /// Purge operations per purged table since its last compaction (see ``notePurge(_:)``).
    var purgesSinceCompaction: [OMTable: Int] = [:]
    /// Where picks seek (see ``SeekSpots``).
    var seekSpots = SeekSpots()

    /// Loads the workload's view of the DB: transaction counter, buckets, FSO directories.
    init(database: OMDatabase, dbPath: String, seed: UInt64?, clock: OMWorkloadClock) throws {
        self.database = database
        self.clock = clock
        let db = database.db
        var lastTransaction: UInt64 = 0
        if let raw = try db.get(try database.cf(.transactionInfoTable), key: OMIdentifiers.transactionInfoKey),
           let info = OMIdentifiers.parseTransactionInfo(raw) {
            lastTransaction = info.index
        }
        transaction = lastTransaction
        simulator = SimulatorState.load(dbPath: dbPath) ?? SimulatorState(
            seed: seed ?? 0, startTimeMillis: OMGeneratorModel.endTimeMillis - OMGeneratorModel.historyMillis,
            millisPerTransaction: 1000, allocator: ContainerAllocator(firstContainerID: 1))
        random = SimulatorRandom(seed: (seed ?? simulator.seed) ^ 0x5EED_0F_0A_11_0AD ^ (lastTransaction &* 0x9E37_79B9_7F4A_7C15))

        var volumeIDs: [String: UInt64] = [:]
        try db.forEach(try database.cf(.volumeTable)) { _, value in
            let info = try OMVolumeInfo(serializedBytes: Array(value))
            volumeIDs[info.volume] = info.objectID
            return true
        }
        try db.forEach(try database.cf(.bucketTable)) { _, value in
            let info = try OMBucketInfo(serializedBytes: Array(value))
            let bucket = WorkBucket(info: info, volumeObjectID: volumeIDs[info.volumeName] ?? 0)
            bucketByName[bucket.volume + "/" + bucket.name] = buckets.count
            bucketByID[bucket.objectID] = buckets.count
            if bucket.isFSO { directories[buckets.count] = DirectoryIndex(bucketID: bucket.objectID) }
            buckets.append(bucket)
            return true
        }
        try db.forEach(try database.cf(.directoryTable)) { key, value in
            guard let c = OMFSOKey.components(in: key), let b = bucketByID[UInt64(bitPattern: c.bucketID)] else { return true }
            let info = try OMDirectoryInfoLight(parsing: value)
            directories[b]?.add(id: info.objectID, parentID: UInt64(bitPattern: c.parentID),
                                name: Array(UnsafeRawBufferPointer(rebasing: key[c.name])))
            return true
        }
        // Deleted directories not purged yet keep their children's paths resolvable.
        try db.forEach(try database.cf(.deletedDirectoryTable)) { key, _ in
            guard let parsed = OMDeletedDirectoryKey(parsing: key),
                  let b = bucketByID[UInt64(bitPattern: parsed.path.bucketID)] else { return true }
            let id = UInt64(bitPattern: parsed.objectID)
            directories[b]?.add(id: id, parentID: UInt64(bitPattern: parsed.path.parentID), name: Array(parsed.path.name.utf8))
            directories[b]?.markDeleted(id)
            return true
        }
    }

    // MARK: Transactions

    /// Starts an operation: the next transaction index, an empty batch.
    mutating func begin() -> UInt64 {
        transaction += 1
        batch.clear()
        touched.removeAll(keepingCapacity: true)
        return transaction
    }

    /// The time of transaction `tx`, ms since the epoch.
    mutating func time(_ tx: UInt64) -> UInt64 {
        switch clock {
        case .logical:
            lastTime = max(lastTime, simulator.time(ofTransaction: tx))
        case .wallClock:
            let now = UInt64(Date().timeIntervalSince1970 * 1000)
            lastTime = max(lastTime, now)
        }
        return lastTime
    }

    /// Marks bucket `b` changed: its row is rewritten in this operation's batch.
    mutating func touch(_ b: Int) {
        if !touched.contains(b) { touched.append(b) }
    }

    /// Writes the operation's batch (with the WAL): touched bucket rows and the
    /// transaction info row are added last, as the OM's double buffer does.
    mutating func commit(_ kind: OMOperationKind, transaction tx: UInt64) throws {
        let now = time(tx)
        for b in touched {
            buckets[b].info.updateID = tx
            buckets[b].info.modificationTime = now
            batch.put(try database.cf(.bucketTable), key: buckets[b].bucketKey, value: try buckets[b].info.serializedBytes() as [UInt8])
        }
        batch.put(try database.cf(.transactionInfoTable), key: OMIdentifiers.transactionInfoKey,
                  value: OMIdentifiers.transactionInfo(term: OMGeneratorModel.term, index: tx))
        try database.db.write(batch, sync: false, disableWAL: false)
        stats.counts[kind, default: 0] += 1
    }

    // MARK: Batch helpers

    mutating func put(_ table: OMTable, _ key: [UInt8], _ value: [UInt8]) throws {
        batch.put(try database.cf(table), key: key, value: value)
    }

    mutating func delete(_ table: OMTable, _ key: [UInt8]) throws {
        batch.delete(try database.cf(table), key: key)
    }

    func get(_ table: OMTable, _ key: [UInt8]) throws -> [UInt8]? {
        try database.db.get(try database.cf(table), key: key)
    }

    // MARK: Records

    /// Resets `record` for a new key of bucket `b` created in transaction `tx`.
    mutating func beginRecord(bucket b: Int, transaction tx: UInt64) {
        record.reset()
        record.volume = buckets[b].volumeBytes
        record.bucket = buckets[b].nameBytes
        record.owner = buckets[b].owner
        record.encodedACLs = buckets[b].keyACLs
        record.replication = random.chance(0.92) ? buckets[b].replication : [.ratisThree, .ratisOne, .ecRS32, .ecRS63][random.below(4)]
        record.objectID = OMIdentifiers.objectID(transaction: tx)
        record.updateID = tx
        let now = time(tx)
        record.creationTime = now
        record.modificationTime = now
    }

    /// Appends blocks holding `size` bytes for `version` to `record`.
    mutating func appendBlocks(size: UInt64, version: UInt64, transaction tx: UInt64, firstBlock: Int, partNumber: Int32 = -1) -> Int {
        var remaining = size
        var index = firstBlock
        let capacity = record.replication.blockCapacity
        while remaining > 0 {
            let length = min(remaining, capacity)
            let container = simulator.allocator.place(length: length, random: &random)
            record.blocks.append(BlockRecord(
                containerID: container, localID: OMIdentifiers.localID(transaction: tx, block: index),
                length: length, createVersion: version,
                blockCommitSequenceID: OMIdentifiers.blockCommitSequenceID(transaction: tx, block: index),
                partNumber: partNumber))
            remaining -= length
            index += 1
        }
        return index
    }

    /// `record` encoded as a `KeyInfo`.
    mutating func encodedRecord() -> [UInt8] {
        writer.reset()
        record.encode(into: &writer)
        return writer.bytes
    }

    /// A `RepeatedKeyInfo` holding `infos`, for deletedTable.
    static func repeated(_ infos: [OMKeyInfo], bucketID: UInt64) throws -> [UInt8] {
        var message = OMRepeatedKeyInfo()
        message.keyInfo = infos
        message.bucketID = bucketID
        return try message.serializedBytes()
    }

    /// True when a key still holds data (only those go to deletedTable).
    static func hasBlocks(_ info: OMKeyInfo) -> Bool {
        info.keyLocationList.contains { !$0.keyLocations.isEmpty }
    }

    /// The full name below the bucket of an FSO entry named `leaf` under `parentID`.
    func fullName(bucket b: Int, parentID: UInt64, leaf: [UInt8]) -> [UInt8]? {
        var out: [UInt8] = []
        guard let index = directories[b], index.appendPath(parentID, to: &out) else { return nil }
        out.append(contentsOf: leaf)
        return out
    }

    /// The deletedTable key `/vol/bucket/fullName/<objectID>`.
    func deletedKey(bucket b: Int, fullName: [UInt8], objectID: UInt64) -> [UInt8] {
        var out = buckets[b].namePrefix
        out.append(contentsOf: fullName)
        out.append(KeyWriter.slash)
        KeyWriter.appendDecimal(Int64(bitPattern: objectID), to: &out)
        return out
    }
}
