import Foundation
import OzoneFormat
import ReconPluginTestSupport
import ReconRocksDB
import Testing

@testable import OMSimulator

/// Bucket delete and re-create under the same name (a new object id): the old bucket's
/// totals and prefixes go, the new one starts from its own keys.
@Suite("nssummary bucket delete and re-create")
struct BucketLifecycleTests {
    /// Writes one batch straight into the simulated OM (with its WAL, so recond sees it).
    func write(_ harness: PluginHarness, _ body: (RocksDB.WriteBatch, (String) throws -> RocksDB.ColumnFamily) throws -> Void) throws {
        let db = harness.om.database.db
        let batch = RocksDB.WriteBatch()
        try body(batch) { name in
            guard let cf = db.columnFamily(named: name) else { throw HarnessError("no table \(name)") }
            return cf
        }
        try db.write(batch, sync: false, disableWAL: false)
    }

    /// Every row of `table` whose key starts with `prefix`.
    func rows(_ harness: PluginHarness, _ table: String, prefix: String) throws -> [(key: [UInt8], value: [UInt8])] {
        var out: [(key: [UInt8], value: [UInt8])] = []
        try harness.forEachOMRecord(table) { key, value in
            if key.starts(with: Array(prefix.utf8)) { out.append((Array(key), Array(value))) }
        }
        return out
    }

    @Test func aDeletedBucketLosesItsTotalsAndARecreatedOneStartsAfresh() async throws {
        let harness = try await PluginHarness.start(plugins: [.built("nssummary", product: "ReconNSSummary")], keys: 400, seed: 13)
        try harness.applyOperations(300)
        try await harness.catchUp()
        let probe = NamespaceProbe(harness: harness)
        var buckets: [(key: [UInt8], info: OMBucketInfo)] = []
        try harness.forEachOMRecord("bucketTable") { key, value in buckets.append((Array(key), try OMBucketInfo(serializedBytes: Array(value)))) }
        let obs = try #require(buckets.first { $0.info.bucketLayout == .objectStore })
        let fso = try #require(buckets.first { $0.info.bucketLayout == .fileSystemOptimized })
        var volumeID: UInt64 = 0
        try harness.forEachOMRecord("volumeTable") { _, value in
            let info = try OMVolumeInfo(serializedBytes: Array(value))
            if info.volume == fso.info.volumeName { volumeID = info.objectID }
        }
        let obsPath = "/\(obs.info.volumeName)/\(obs.info.bucketName)"
        let fsoPath = "/\(fso.info.volumeName)/\(fso.info.bucketName)"
        let obsKeys = try rows(harness, "keyTable", prefix: obsPath + "/")
        let fsoPrefix = "/\(Int64(bitPattern: volumeID))/\(Int64(bitPattern: fso.info.objectID))/"
        let fsoFiles = try rows(harness, "fileTable", prefix: fsoPrefix)
        let fsoDirs = try rows(harness, "directoryTable", prefix: fsoPrefix)
        let sampleRow = try #require(obsKeys.first ?? fsoFiles.first)
        let sample = try OMKeyInfo(serializedBytes: sampleRow.value)

        // The OBS bucket goes (keys first, as the OM requires), in one batch.
        try write(harness) { batch, cf in
            for row in obsKeys { batch.delete(try cf("keyTable"), key: row.key) }
            batch.delete(try cf("bucketTable"), key: obs.key)
        }
        try await harness.catchUp()
        let gone = try await probe.answer("summary", [("path", obsPath)])
        #expect(gone.json["status"] as? String == "PATH_NOT_FOUND")
        var recount = try NamespaceRecount(legacyFileSystemPaths: false) { try harness.forEachOMRecord($0, $1) }
        var result = try await probe.compare(with: recount)
        #expect(result.mismatches.isEmpty, "after the delete: \(result.mismatches.prefix(5))")

        // It comes back with a new object id and one key; the FSO bucket is deleted and
        // re-created with a directory and a file in one batch.
        let newID = obs.info.objectID + 1_000_003
        let newFSOID = fso.info.objectID + 1_000_007
        let dirID = newFSOID + 1
        try write(harness) { batch, cf in
            var info = obs.info
            info.objectID = newID
            info.usedBytes = 0
            batch.put(try cf("bucketTable"), key: obs.key, value: try info.serializedBytes() as [UInt8])
            var key = sample
            key.volumeName = obs.info.volumeName
            key.bucketName = obs.info.bucketName
            key.keyName = "again/logs/one.bin"
            key.parentID = 0
            batch.put(try cf("keyTable"), key: Array((obsPath + "/again/logs/one.bin").utf8), value: try key.serializedBytes() as [UInt8])

            for row in fsoFiles { batch.delete(try cf("fileTable"), key: row.key) }
            for row in fsoDirs { batch.delete(try cf("directoryTable"), key: row.key) }
            batch.delete(try cf("bucketTable"), key: fso.key)
            var bucket = fso.info
            bucket.objectID = newFSOID
            batch.put(try cf("bucketTable"), key: fso.key, value: try bucket.serializedBytes() as [UInt8])
            var dir = OMDirectoryInfo()
            dir.name = "again"
            dir.objectID = dirID
            dir.parentID = newFSOID
            dir.updateID = 1
            dir.creationTime = 1
            dir.modificationTime = 1
            batch.put(try cf("directoryTable"), key: Array("/\(Int64(bitPattern: volumeID))/\(Int64(bitPattern: newFSOID))/\(Int64(bitPattern: newFSOID))/again".utf8), value: try dir.serializedBytes() as [UInt8])
            var file = sample
            file.volumeName = fso.info.volumeName
            file.bucketName = fso.info.bucketName
            file.keyName = "f.bin"
            file.parentID = dirID
            batch.put(try cf("fileTable"), key: Array("/\(Int64(bitPattern: volumeID))/\(Int64(bitPattern: newFSOID))/\(Int64(bitPattern: dirID))/f.bin".utf8), value: try file.serializedBytes() as [UInt8])
        }
        try await harness.catchUp()
        recount = try NamespaceRecount(legacyFileSystemPaths: false) { try harness.forEachOMRecord($0, $1) }
        #expect(recount.plain[obsPath]?.files == 1 && recount.plain[fsoPath]?.files == 1 && recount.plain[fsoPath]?.directories == 1)
        result = try await probe.compare(with: recount)
        #expect(result.mismatches.isEmpty, "after the re-create: \(result.mismatches.prefix(5))")
        let prefixes = try await probe.answer("usage", [("path", obsPath), ("delimiter", "/")])
        #expect((prefixes.json["subPaths"] as? [[String: Any]])?.compactMap { $0["path"] as? String } == [obsPath + "/again"])

        try await harness.reprocess()
        let rebuilt = try await probe.compare(with: recount)
        #expect(rebuilt.answers == result.answers)
        await harness.stop()
    }
}
