import Foundation
import OzoneFormat
import ReconCore
import Testing

private func k(_ s: String) -> [UInt8] { Array(s.utf8) }

@Suite("Delta updates")
struct DeltaTests {
    @Test("events follow Recon's rules")
    func reconRules() async throws {
        let f = try SyncFixture()
        try f.om.write { b, om in
            b.put(columnFamily: om.id("volumeTable"), key: k("/vol"), value: k("vol"))
            b.put(columnFamily: om.id("bucketTable"), key: k("/vol/b"), value: k("bucket"))
            b.put(columnFamily: om.id("keyTable"), key: k("k1"), value: k("v1"))
            b.put(columnFamily: om.id("keyTable"), key: k("k2"), value: k("v2"))
            b.put(columnFamily: om.id("fileTable"), key: k("f1"), value: k("fv1"))
        }
        _ = await f.engine.syncOnce()
        let start = f.om.latestSequence

        // One response with two batches.
        try f.om.write { b, om in
            let key = om.id("keyTable")
            b.put(columnFamily: key, key: k("k3"), value: k("v3"))       // new → PUT
            b.put(columnFamily: key, key: k("k1"), value: k("v1b"))      // existing → UPDATE(old v1)
            b.delete(columnFamily: key, key: k("k2"))                    // DELETE carrying v2
            b.delete(columnFamily: key, key: k("k9"))                    // missing → nothing
            b.put(columnFamily: key, key: k("k2"), value: k("v2c"))      // after delete → PUT(old v2)
            b.delete(columnFamily: key, key: k("k3"))                    // DELETE carrying v3 (from this batch)
            b.delete(columnFamily: key, key: k("k3"))                    // already deleted → nothing
            b.put(columnFamily: key, key: k("k1"), value: k("v1c"))      // UPDATE(old v1b)
            b.put(columnFamily: om.id("extraTable"), key: k("x"), value: k("y")) // not an OM table → nothing
            b.put(columnFamily: 0, key: k("d"), value: k("default"))     // default CF → nothing
            b.putLogData(k("blob"))                                       // log data → nothing
            b.singleDelete(columnFamily: om.id("fileTable"), key: k("f1")) // single delete → DELETE
        }
        try f.om.write { b, om in
            b.delete(columnFamily: om.id("keyTable"), key: k("k1"))      // DELETE carrying v1c (in-response pre-image)
            b.put(columnFamily: om.id("keyTable"), key: k("k3"), value: k("v3d")) // after the delete in batch 1 → PUT(old v3)
            b.deleteRange(columnFamily: om.id("fileTable"), begin: k("zz0"), end: k("zz9")) // applied, no event
        }
        let outcome = await f.engine.syncOnce()
        #expect(outcome == .caughtUp(sequence: f.om.latestSequence, batches: 2, events: 9))
        let batches = f.recorder.batches.withLock { $0 }
        try #require(batches.count == 1)
        #expect(batches[0].firstSequence == start + 1)
        #expect(batches[0].lastSequence == f.om.latestSequence)
        #expect(batches[0].readable == [
            Ev(.put, "keyTable", "k3", "v3"),
            Ev(.update, "keyTable", "k1", "v1b", old: "v1"),
            Ev(.delete, "keyTable", "k2", "v2"),
            Ev(.put, "keyTable", "k2", "v2c", old: "v2"),
            Ev(.delete, "keyTable", "k3", "v3"),
            Ev(.update, "keyTable", "k1", "v1c", old: "v1b"),
            Ev(.delete, "fileTable", "f1", "fv1"),
            Ev(.delete, "keyTable", "k1", "v1c"),
            Ev(.put, "keyTable", "k3", "v3d", old: "v3"),
        ])
        #expect(batches[0].events.map(\.sequence).allSatisfy { $0 == start + 1 || $0 == start + 12 })
        #expect(try replicaContents(f.replica) == f.om.contents())
    }

    @Test("thousands of mutations: replica equals the OM, events replay to the OM's state")
    func randomMutations() async throws {
        let f = try SyncFixture(deltaLimit: 100)
        try seed(f.om, count: 20)
        _ = await f.engine.syncOnce()
        var model = try replicaContents(f.replica)
        var rng = SplitMix64(seed: 7)
        let tables = ["keyTable", "fileTable", "directoryTable", "extraTable"]
        var mutations = 0
        for _ in 0..<700 {
            try f.om.write { b, om in
                for _ in 0..<Int(rng.next() % 8 + 1) {
                    let table = tables[Int(rng.next() % UInt64(tables.count))]
                    let key = table == "keyTable" ? "/vol/bucket/key-\(rng.next() % 60)" : "/1/2/2/e-\(rng.next() % 40)"
                    if rng.next() % 100 < 60 {
                        b.put(columnFamily: om.id(table), key: k(key), value: k("v\(rng.next() % 1000)"))
                    } else {
                        b.delete(columnFamily: om.id(table), key: k(key))
                    }
                    mutations += 1
                }
            }
        }
        #expect(mutations > 2000)
        let outcome = await f.engine.syncOnce()
        guard case .caughtUp(let sequence, let batches, _) = outcome else {
            Issue.record("expected deltas, got \(outcome)")
            return
        }
        #expect(sequence == f.om.latestSequence)
        #expect(batches == 700)
        #expect(try replicaContents(f.replica) == f.om.contents())

        // Replay every event on the snapshot's state, checking each against Recon's rules.
        let responses = f.recorder.batches.withLock { $0 }
        #expect(responses.count > 5)
        var previousLast = responses[0].firstSequence - 1
        for response in responses {
            #expect(response.firstSequence == previousLast + 1)
            previousLast = response.lastSequence
            var latest: [String: OMEventAction] = [:]
            for e in response.readable {
                #expect(e.table != "extraTable")
                let current = model[e.table]![k(e.key)].map { String(decoding: $0, as: UTF8.self) }
                switch e.action {
                case .put:
                    #expect(current == nil, "\(e)")
                    if latest[e.table + e.key] == .delete { #expect(e.old != nil, "\(e)") } else { #expect(e.old == nil, "\(e)") }
                    model[e.table]![k(e.key)] = k(e.value)
                case .update:
                    #expect(current == e.old, "\(e)")
                    model[e.table]![k(e.key)] = k(e.value)
                case .delete:
                    #expect(current == e.value, "\(e)")
                    model[e.table]![k(e.key)] = nil
                }
                latest[e.table + e.key] = e.action
            }
        }
        #expect(previousLast == f.om.latestSequence)
        var expected = try f.om.contents()
        expected["extraTable"] = model["extraTable"]
        #expect(model == expected)
    }

    @Test("sequence number not found falls back to a snapshot")
    func sequenceNotFound() async throws {
        let f = try SyncFixture()
        try seed(f.om, count: 5)
        _ = await f.engine.syncOnce()
        let first = f.om.latestSequence
        try seed(f.om, count: 8)
        f.source.faults.withLock { $0.purged = true }
        let outcome = await f.engine.syncOnce()
        #expect(outcome == .snapshotInstalled(sequence: f.om.latestSequence))
        #expect(try replicaContents(f.replica) == f.om.contents())
        #expect(f.recorder.snapshots.withLock { $0 } == [first, f.om.latestSequence])
        #expect(f.engine.status.lastErrorKind == "sequence_not_found")
        // The source serves deltas again: sync continues from the new replica.
        f.source.faults.withLock { $0.purged = false }
        try f.om.put("keyTable", "/vol/bucket/next", "v")
        #expect(await f.engine.syncOnce() == .caughtUp(sequence: f.om.latestSequence, batches: 1, events: 1))
        #expect(f.engine.status.lastError == nil)
    }

    @Test("a corrupt batch is not applied, even partly", arguments: ["bad count", "truncated record", "unknown tag"])
    func corruptBatch(_ damage: String) async throws {
        let f = try SyncFixture()
        try seed(f.om, count: 5)
        _ = await f.engine.syncOnce()
        let before = try replicaContents(f.replica)
        let sequence = try f.replica.latestSequenceNumber
        try f.om.put("keyTable", "/vol/bucket/a", "1")
        try f.om.write { b, om in
            b.put(columnFamily: om.id("keyTable"), key: k("/vol/bucket/b"), value: k("2"))
            b.put(columnFamily: om.id("keyTable"), key: k("/vol/bucket/c"), value: k("3"))
        }
        var batches = f.om.batches.suffix(2).map { $0 }
        switch damage {
        case "bad count": batches[1][8] += 1
        case "truncated record": batches[1].removeLast(2)
        default: batches[1][12] = 0x7F
        }
        let updates = OMDeltaUpdates(batches: batches, sequenceNumber: sequence + 2, latestSequenceNumber: sequence + 3)
        let applier = DeltaApplier(logger: .init(label: "t"))
        #expect(throws: OMSyncError.self) { try applier.apply(updates, to: f.replica) }
        do {
            _ = try applier.apply(updates, to: f.replica)
        } catch {
            #expect(error.kind == "corrupt_batch")
            #expect(error.description.contains("#1"))
        }
        #expect(try f.replica.latestSequenceNumber == sequence)
        #expect(try replicaContents(f.replica) == before)

        // Through the engine: the corrupt response leads to a snapshot.
        f.source.faults.withLock { $0.corruptNextResponse = { b in var b = b; b[b.count - 1].removeLast(2); return b } }
        let outcome = await f.engine.syncOnce()
        #expect(outcome == .snapshotInstalled(sequence: f.om.latestSequence))
        #expect(f.engine.status.lastErrorKind == "corrupt_batch")
        #expect(try replicaContents(f.replica) == f.om.contents())
        #expect(f.recorder.batches.withLock { $0.isEmpty })
    }

    @Test("a sequence gap triggers a snapshot")
    func gap() async throws {
        let f = try SyncFixture()
        try seed(f.om, count: 3)
        _ = await f.engine.syncOnce()
        let before = try replicaContents(f.replica)
        try seed(f.om, count: 3)
        f.source.faults.withLock { $0.corruptNextResponse = { b in var b = b; b.remove(at: 1); return b } }
        let applierCheck = OMDeltaUpdates(batches: Array(f.om.batches.suffix(4).enumerated().filter { $0.offset != 1 }.map(\.element)),
                                          sequenceNumber: 0, latestSequenceNumber: f.om.latestSequence)
        do {
            _ = try DeltaApplier(logger: .init(label: "t")).apply(applierCheck, to: f.replica)
            Issue.record("expected a gap")
        } catch {
            #expect(error.kind == "gap")
        }
        #expect(try replicaContents(f.replica) == before)
        let outcome = await f.engine.syncOnce()
        #expect(outcome == .snapshotInstalled(sequence: f.om.latestSequence))
        #expect(f.engine.status.lastErrorKind == "gap")
        #expect(try replicaContents(f.replica) == f.om.contents())
    }

    @Test("a column family created after the checkpoint triggers a snapshot")
    func newColumnFamily() async throws {
        let f = try SyncFixture()
        try seed(f.om, count: 3)
        _ = await f.engine.syncOnce()
        let cf = try f.om.db.createColumnFamily("newTable")
        try f.om.write { b, _ in b.put(columnFamily: cf.id, key: k("n"), value: k("v")) }
        let outcome = await f.engine.syncOnce()
        #expect(outcome == .snapshotInstalled(sequence: f.om.latestSequence))
        #expect(f.engine.status.lastErrorKind == "unknown_column_family")
        #expect(f.replica.columnFamilyID(named: "newTable") == cf.id)
    }
}

/// A small deterministic random generator.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
