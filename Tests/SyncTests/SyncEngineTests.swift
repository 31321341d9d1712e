import Foundation
import OzoneFormat
@testable import ReconCore
import Testing

@Suite("Sync engine")
struct SyncEngineTests {
    @Test("triggerNow returns false while a sync runs, and rounds never overlap")
    func triggerWhileRunning() async throws {
        let f = try SyncFixture()
        try seed(f.om, count: 3)
        _ = await f.engine.syncOnce()
        try f.om.put("keyTable", "/vol/bucket/x", "v")
        let (gate, entered) = f.source.holdRequests()
        let engine = f.engine
        let round = Task { await engine.syncOnce() }
        await entered.wait()
        #expect(f.engine.status.isRunning)
        #expect(f.engine.triggerNow() == false)
        #expect(await f.engine.syncOnce() == .alreadyRunning)
        gate.open()
        #expect(await round.value == .caughtUp(sequence: f.om.latestSequence, batches: 1, events: 1))
        #expect(!f.engine.status.isRunning)
        f.source.stopHoldingRequests()
        #expect(f.engine.triggerNow() == true)
    }

    @Test("run() syncs at start, on trigger, and stops on cancellation")
    func runLoop() async throws {
        let f = try SyncFixture()
        try seed(f.om, count: 3)
        let engine = f.engine
        let loop = Task { await engine.run() }
        try await waitUntil { f.recorder.snapshots.withLock { $0.count } == 1 }
        try f.om.put("keyTable", "/vol/bucket/triggered", "v")
        // The interval is an hour: only a trigger syncs now.
        try await waitUntil { !engine.status.isRunning }
        #expect(engine.triggerNow())
        try await waitUntil { f.recorder.batches.withLock { $0.count } == 1 }
        #expect(try replicaContents(f.replica) == f.om.contents())
        loop.cancel()
        await loop.value
        #expect(engine.status.replicaSequence == f.om.latestSequence)
        #expect(engine.status.sequenceLag == 0)
        #expect(engine.status.lastSyncTime != nil)
    }

    @Test("run() starts a round every interval: one that overran it is followed at once")
    func overrunRoundFollowedAtOnce() async throws {
        let f = try SyncFixture(interval: .seconds(10))
        try seed(f.om, count: 3)
        _ = await f.engine.syncOnce()
        try f.om.put("keyTable", "/vol/bucket/slow", "v")
        let (gate, entered) = f.source.holdRequests()
        let engine = f.engine
        let loop = Task { await engine.run() }
        await entered.wait()
        // This round's request takes longer than the interval.
        try await Task.sleep(for: .milliseconds(10_300))
        f.source.stopHoldingRequests()
        let calls = f.source.updateCalls.withLock { $0 }
        let released = ContinuousClock.now
        gate.open()
        try await waitUntil { f.source.updateCalls.withLock { $0 } > calls }
        // A fixed pause after each round would have waited the whole 10 s interval.
        #expect(ContinuousClock.now - released < .seconds(7))
        #expect(f.recorder.batches.withLock { $0.count } == 1)
        loop.cancel()
        await loop.value
    }

    @Test("the pause before the next round is what is left of the interval, the whole interval after a round that failed or did not run")
    func pauseIsRestOfInterval() {
        let caughtUp = SyncOutcome.caughtUp(sequence: 9, batches: 3, events: 3)
        #expect(OMSyncEngine.pause(after: caughtUp, interval: .seconds(5), roundTook: .seconds(2)) == .seconds(3))
        #expect(OMSyncEngine.pause(after: caughtUp, interval: .seconds(5), roundTook: .seconds(5)) == .zero)
        #expect(OMSyncEngine.pause(after: caughtUp, interval: .milliseconds(100), roundTook: .milliseconds(350)) == .zero)
        #expect(OMSyncEngine.pause(after: .snapshotInstalled(sequence: 9), interval: .seconds(5), roundTook: .seconds(60)) == .zero)
        let failed = SyncOutcome.failed(kind: "snapshot", message: "the checkpoint does not verify")
        #expect(OMSyncEngine.pause(after: failed, interval: .seconds(5), roundTook: .seconds(60)) == .seconds(5))
        #expect(OMSyncEngine.pause(after: failed, interval: .seconds(5), roundTook: .seconds(1)) == .seconds(5))
        #expect(OMSyncEngine.pause(after: .cancelled, interval: .seconds(5), roundTook: .seconds(60)) == .seconds(5))
        #expect(OMSyncEngine.pause(after: .alreadyRunning, interval: .seconds(5), roundTook: .zero) == .seconds(5))
    }

    @Test("deltas are pulled in several requests until caught up")
    func pullsUntilCaughtUp() async throws {
        let f = try SyncFixture(deltaLimit: 10)
        try seed(f.om, count: 2)
        _ = await f.engine.syncOnce()
        let calls = f.source.updateCalls.withLock { $0 }
        for i in 0..<50 { try f.om.put("keyTable", "/vol/bucket/n\(i)", "v") }
        #expect(await f.engine.syncOnce() == .caughtUp(sequence: f.om.latestSequence, batches: 50, events: 50))
        #expect(f.source.updateCalls.withLock { $0 } - calls >= 5)
        // Fetched ahead and delivered while the next applies, the batches still arrive in
        // order, each continuing the last.
        let delivered = f.recorder.batches.withLock { $0 }
        #expect(delivered.count == 5)
        for (earlier, later) in zip(delivered, delivered.dropFirst()) {
            #expect(later.firstSequence == earlier.lastSequence + 1)
        }
        #expect(delivered.last?.lastSequence == f.om.latestSequence)
        // Nothing new: one request, no events.
        #expect(await f.engine.syncOnce() == .caughtUp(sequence: f.om.latestSequence, batches: 0, events: 0))
    }

    @Test("the replica serves point reads, prefix scans and snapshot scans")
    func replicaReads() async throws {
        let f = try SyncFixture()
        try seed(f.om, count: 30)
        _ = await f.engine.syncOnce()
        let replica = f.replica
        #expect(try replica.get(table: "keyTable", key: Array("/vol/bucket/key-7".utf8)) == Array("key-value-7".utf8))
        #expect(try replica.get(table: "keyTable", key: Array("/vol/bucket/nope".utf8)) == nil)
        var prefixed: [String] = []
        try Array("/vol/bucket/key-1".utf8).withUnsafeBytes { prefix in
            _ = try replica.forEach(table: "keyTable", prefix: prefix) { key, _ in
                prefixed.append(String(decoding: key, as: UTF8.self))
                return true
            }
        }
        #expect(prefixed == ["/vol/bucket/key-1"] + (10..<20).map { "/vol/bucket/key-\($0)" })
        let view = try replica.makeSnapshot()
        try f.om.put("keyTable", "/vol/bucket/key-zzz", "late")
        _ = await f.engine.syncOnce()
        var count = 0
        try replica.forEach(table: "keyTable", snapshot: view) { _, _ in count += 1; return true }
        #expect(count == 30)
        #expect(view.sequence < f.om.latestSequence)
        #expect(try replica.get(table: "keyTable", key: Array("/vol/bucket/key-zzz".utf8)) == Array("late".utf8))
        #expect((replica.approximateKeyCount(table: "keyTable") ?? 0) > 0)
        // The stable handle reads the live replica.
        let value: [UInt8]? = try f.engine.live.read { try $0.get(table: "fileTable", key: Array("/1/2/2/file-3".utf8)) }
        #expect(value == Array("file-value-3".utf8))
    }

    @Test("DBUpdatesResponse bytes round-trip")
    func dbUpdatesCodec() throws {
        let updates = OMDeltaUpdates(batches: [[1, 2, 3], []], sequenceNumber: 41, latestSequenceNumber: 99)
        #expect(try DBUpdatesDecoding.decode(Data(DBUpdatesDecoding.encode(updates))) == updates)
        #expect(throws: OMSourceError.self) { try DBUpdatesDecoding.decode(Data([0xFF, 0xFF])) }
    }
}

/// Polls `condition` every 10 ms for up to 10 s.
func waitUntil(_ condition: @Sendable () throws -> Bool) async throws {
    for _ in 0..<1000 {
        if try condition() { return }
        try await Task.sleep(for: .milliseconds(10))
    }
    Issue.record("condition not met within 10 s")
}
