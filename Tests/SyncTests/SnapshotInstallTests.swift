import Foundation
import OzoneFormat
import ReconCore
import Testing

@Suite("Snapshot install")
struct SnapshotInstallTests {
    @Test("a snapshot gives a replica equal to the OM, table by table")
    func installEqualsSource() async throws {
        let f = try SyncFixture()
        try seed(f.om)
        try f.om.put("extraTable", "/x", "not in the catalog")
        let outcome = await f.engine.syncOnce()
        #expect(outcome == .snapshotInstalled(sequence: f.om.latestSequence))
        #expect(try replicaContents(f.replica) == f.om.contents())
        #expect(try f.replica.latestSequenceNumber == f.om.latestSequence)
        #expect(f.replica.columnFamilyNames.sorted() == (FakeOM.tables + ["default"]).sorted())
        for table in FakeOM.tables {
            #expect(f.replica.columnFamilyID(named: table) == f.om.id(table))
        }
        #expect(f.recorder.snapshots.withLock { $0 } == [f.om.latestSequence])
        #expect(try f.omEntries() == ["CURRENT", "db-000000000001"])
        #expect(try f.directory.current() == 1)
        #expect(f.engine.status.snapshotCount == 1)
        #expect(f.engine.status.replicaSequence == f.om.latestSequence)
        // The Ratis marker is extracted like Recon does; the replica opens regardless.
        #expect(FileManager.default.fileExists(atPath: f.directory.replicaPath(1).appendingPathComponent("OZONE_RATIS_SNAPSHOT_COMPLETE").path))
    }

    @Test("a second snapshot replaces the first and deletes it")
    func secondSnapshotReplaces() async throws {
        let f = try SyncFixture()
        try seed(f.om, count: 5)
        _ = await f.engine.syncOnce()
        let first = f.replica
        try f.om.put("keyTable", "/vol/bucket/later", "v")
        f.source.faults.withLock { $0.purged = true }
        let outcome = await f.engine.syncOnce()
        #expect(outcome == .snapshotInstalled(sequence: f.om.latestSequence))
        #expect(first.isClosed)
        #expect(f.replica !== first)
        #expect(try f.omEntries() == ["CURRENT", "db-000000000002"])
        #expect(try replicaContents(f.replica) == f.om.contents())
        #expect(f.engine.status.lastErrorKind == "sequence_not_found")
    }

    @Test("restart reopens the replica named by CURRENT and removes leftovers")
    func restart() async throws {
        let f = try SyncFixture()
        try seed(f.om, count: 5)
        _ = await f.engine.syncOnce()
        let sequence = try f.replica.latestSequenceNumber
        f.replica.close()
        try FileManager.default.createDirectory(at: f.directory.root.appendingPathComponent("staging-leftover"), withIntermediateDirectories: false)
        try FileManager.default.createDirectory(at: f.directory.replicaPath(7), withIntermediateDirectories: false)
        let engine = f.restartedEngine()
        engine.openExistingReplica()
        let reopened = try #require(engine.live.replica)
        defer { reopened.close() }
        #expect(try reopened.latestSequenceNumber == sequence)
        #expect(try f.omEntries() == ["CURRENT", "db-000000000001"])
        // Deltas continue from the reopened replica without a snapshot.
        try f.om.put("keyTable", "/vol/bucket/after-restart", "v")
        let outcome = await engine.syncOnce()
        #expect(outcome == .caughtUp(sequence: f.om.latestSequence, batches: 1, events: 1))
        #expect(f.source.checkpointDownloads.withLock { $0 } == 1)
    }

    @Test("a checkpoint without the OM tables is refused")
    func verifyFailure() async throws {
        let f = try SyncFixture()
        try seed(f.om, count: 2)
        _ = await f.engine.syncOnce()
        let before = try replicaContents(f.replica)
        var tar = TestTarWriter()
        tar.add("CURRENT", data: Array("MANIFEST-000001\n".utf8))
        tar.finish()
        f.source.faults.withLock { $0.tarOverride = tar.bytes; $0.purged = true }
        guard case .failed(let kind, _) = await f.engine.syncOnce() else {
            Issue.record("expected a failure")
            return
        }
        #expect(kind == "verify_failed")
        #expect(!f.replica.isClosed)
        #expect(try replicaContents(f.replica) == before)
        #expect(try f.omEntries() == ["CURRENT", "db-000000000001"])
    }
}
