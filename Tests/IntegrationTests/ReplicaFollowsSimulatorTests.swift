import Foundation
import Logging
@testable import OMSimulator
import ReconRocksDB
import ReconTestSupport
import Testing

@testable import ReconCore
@testable import ReconEmbeddedOM

/// The OM replica equals the simulated OM's DB table by table, after a snapshot,
/// after many mutations applied as deltas, and after a forced SequenceNumberNotFound
/// fallback — with the real simulator, the real tar path and the real delta path.
@Suite("Replica follows the simulated OM", .serialized)
struct ReplicaFollowsSimulatorTests {
    struct Setup {
        let dir: TemporaryDirectory
        let om: SimulatedOM
        let engine: OMSyncEngine
        let events: EventCounter
    }

    final class EventCounter: @unchecked Sendable {
        private let lock = NSLock()
        private var _events = 0, _batches = 0, _snapshots = 0
        func add(_ batch: OMEventBatch) { lock.withLock { _events += batch.count; _batches += 1 } }
        func snapshot() { lock.withLock { _snapshots += 1 } }
        var events: Int { lock.withLock { _events } }
        var snapshots: Int { lock.withLock { _snapshots } }
    }

    private func setUp(keys: Int) throws -> Setup {
        let dir = try TestPaths.makeTemporaryDirectory("replica-follows")
        let om = try SimulatedOM.create(at: dir.file("om").path, keys: keys, seed: 7)
        let yaml = "data_dir: recon\nsync:\n  delta_limit: 5000\n"
        let config = try ReconConfig.parse(yaml: yaml, file: dir.file("config.yaml").path, baseDirectory: dir.path)
        let installer = try SnapshotInstaller(config: config, logger: Logger(label: "test"))
        let counter = EventCounter()
        let engine = OMSyncEngine(
            source: EmbeddedOMSource(om: om), installer: installer, config: config.sync, logger: Logger(label: "test"),
            onEvents: { counter.add($0) }, onSnapshotInstalled: { _ in counter.snapshot() })
        return Setup(dir: dir, om: om, engine: engine, events: counter)
    }

    private func expectReplicaEqualsOM(_ s: Setup) throws {
        let replica = try #require(s.engine.live.replica)
        #expect(try replica.latestSequenceNumber == s.om.latestSequenceNumber)
        let (difference, compared) = try DatabaseComparison.difference(replica.db, s.om.database.db)
        #expect(difference == nil)
        #expect(compared > 1000)
    }

    private func syncUntilCaughtUp(_ s: Setup) async throws {
        for _ in 0..<100 {
            _ = await s.engine.syncOnce()
            if try s.engine.live.replica?.latestSequenceNumber == s.om.latestSequenceNumber { return }
        }
        Issue.record("sync did not catch up")
    }

    @Test func afterASnapshot() async throws {
        let s = try setUp(keys: 3000)
        defer { s.om.close(); s.dir.remove() }
        guard case .snapshotInstalled = await s.engine.syncOnce() else {
            Issue.record("the first sync did not install a snapshot")
            return
        }
        #expect(s.events.snapshots == 1)
        try expectReplicaEqualsOM(s)
    }

    @Test func afterOneHundredThousandMutationsAsDeltas() async throws {
        let s = try setUp(keys: 2000)
        defer { s.om.close(); s.dir.remove() }
        _ = await s.engine.syncOnce()
        for _ in 0..<10 {
            _ = try s.om.workload.applyOperations(count: 10_000)
            try await syncUntilCaughtUp(s)
        }
        #expect(s.events.snapshots == 1)  // only the first: everything else came as deltas
        #expect(s.events.events > 100_000)
        try expectReplicaEqualsOM(s)
    }

    @Test func afterAForcedSequenceNumberNotFoundFallback() async throws {
        let s = try setUp(keys: 2000)
        defer { s.om.close(); s.dir.remove() }
        _ = await s.engine.syncOnce()
        _ = try s.om.workload.applyOperations(count: 2000)
        try s.om.purgeWAL()
        _ = try s.om.workload.applyOperations(count: 500)
        try await syncUntilCaughtUp(s)
        #expect(s.events.snapshots == 2)
        #expect(s.engine.status.snapshotCount == 2)
        try expectReplicaEqualsOM(s)
    }
}
