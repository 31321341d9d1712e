import Foundation
import OMSimulator
import OzoneFormat
import ReconRocksDB
import ReconTestSupport
import SwiftProtobuf
import Testing

@Suite("OM workload and delta updates")
struct WorkloadTests {
    /// A simulated OM over a fresh small DB.
    static func makeOM(keys: Int = 1500, seed: UInt64 = 9, label: String = "omsim-wl") throws -> (SimulatedOM, TemporaryDirectory) {
        let dir = try TestPaths.makeTemporaryDirectory(label)
        let om = try SimulatedOM.create(at: dir.path + "/om.db", keys: keys, seed: seed)
        return (om, dir)
    }

    @Test("each operation is one batch; updates returns them in order with the OM's sequence numbers")
    func batchesInOrder() throws {
        let (om, dir) = try Self.makeOM()
        defer { om.close(); dir.remove() }
        let start = try om.latestSequenceNumber
        let kinds = try om.workload.applyOperations(count: 300)
        #expect(kinds.count == 300)
        #expect(Set(kinds).count >= 10, "a mix of operations: \(Set(kinds))")
        let response = try om.updates(since: start, limit: 1_000_000)
        #expect(response.dbUpdateSuccess)
        #expect(response.data.count == 300)
        #expect(response.latestSequenceNumber == (try om.latestSequenceNumber))
        let names = om.columnFamilyIDs
        var expected = start + 1
        var lastStart: UInt64 = 0
        for (data, kind) in zip(response.data, kinds) {
            try WriteBatchReader.withReader(data) { batch in
                #expect(batch.sequence == expected)
                lastStart = batch.sequence
                expected = batch.sequence + UInt64(batch.count)
                let records = Array(batch).map { (op: $0.op, table: names[$0.columnFamilyID] ?? "?") }
                #expect(records.last?.table == "transactionInfoTable" && records.last?.op == .put, "every OM batch records its transaction")
                if kind == .commitKey {
                    #expect(records.contains { $0.op == .delete && ($0.table == "openKeyTable" || $0.table == "openFileTable") })
                }
                if kind == .deleteDirectory {
                    #expect(records.contains { $0.op == .delete && $0.table == "directoryTable" })
                    #expect(records.contains { $0.op == .put && $0.table == "deletedDirectoryTable" })
                }
            }
        }
        #expect(expected - 1 == (try om.latestSequenceNumber))
        #expect(response.sequenceNumber == lastStart)
    }

    @Test("limitCount stops after the batch that reaches it, like RDBStore.getUpdatesSince")
    func limitRule() throws {
        let (om, dir) = try Self.makeOM()
        defer { om.close(); dir.remove() }
        let start = try om.latestSequenceNumber
        try om.workload.applyOperations(count: 40)
        let all = try om.updates(since: start, limit: Int.max)
        let starts = try all.data.map { try WriteBatchReader.withReader($0) { $0.sequence } }
        for limit in [1, 2, 5, 17, 60] {
            let response = try om.updates(since: start, limit: limit)
            let expectedCount = (starts.firstIndex { $0 - start >= UInt64(limit) } ?? (starts.count - 1)) + 1
            #expect(response.data.count == expectedCount, "limit \(limit)")
            #expect(Array(response.data) == Array(all.data.prefix(expectedCount)))
            #expect(response.sequenceNumber == starts[expectedCount - 1])
        }
        // From the middle of the stream: batches at or before the requested number are skipped.
        let middle = starts[10]
        let tail = try om.updates(since: middle, limit: Int.max)
        #expect(Array(tail.data) == Array(all.data.dropFirst(11)))
        // Caught up: nothing to send, sequenceNumber -1.
        let latest = try om.latestSequenceNumber
        let none = try om.updates(since: latest, limit: 10)
        #expect(none.data.isEmpty && none.sequenceNumber == UInt64.max && none.latestSequenceNumber == latest)
        // Ahead of the OM: RocksDB refuses, the OM answers dbUpdateSuccess = false.
        let ahead = try om.updates(since: latest + 100, limit: 10)
        #expect(!ahead.dbUpdateSuccess && ahead.data.isEmpty)
        #expect(throws: OMSimulatorError.self) { try om.updates(since: start, limit: 0) }
    }

    @Test("the same DB and seed give the same batches")
    func deterministicWorkload() throws {
        let (a, da) = try Self.makeOM(seed: 21)
        let (b, db) = try Self.makeOM(seed: 21)
        defer { a.close(); b.close(); da.remove(); db.remove() }
        let start = try a.latestSequenceNumber
        #expect(start == (try b.latestSequenceNumber))
        #expect(try a.workload.applyOperations(count: 200) == b.workload.applyOperations(count: 200))
        #expect(Array(try a.updates(since: start, limit: Int.max).data) == Array(try b.updates(since: start, limit: Int.max).data))
    }

    @Test("after a forced WAL purge old sequence numbers are not found; new ones are served")
    func purge() throws {
        let (om, dir) = try Self.makeOM()
        defer { om.close(); dir.remove() }
        let start = try om.latestSequenceNumber
        #expect(try om.earliestServableSequenceNumber() <= start)
        try om.workload.applyOperations(count: 50)
        let purgedAt = try om.latestSequenceNumber
        try om.purgeWAL()
        #expect(throws: OMSimulatorError.sequenceNumberNotFound(requested: start, earliestAvailable: purgedAt)) {
            try om.updates(since: start, limit: 100)
        }
        #expect(try om.earliestServableSequenceNumber() == purgedAt)
        let empty = try om.updates(since: purgedAt, limit: 100)
        #expect(empty.dbUpdateSuccess && empty.data.isEmpty)
        try om.workload.applyOperations(count: 5)
        #expect(try om.updates(since: purgedAt, limit: 100).data.count == 5)
    }

    @Test("replaying the served batches on a checkpoint reproduces the OM DB")
    func replayOnCheckpoint() async throws {
        let (om, dir) = try Self.makeOM(keys: 2500, seed: 4)
        defer { om.close(); dir.remove() }
        try om.workload.applyOperations(count: 100)
        let replica = try await extractCheckpoint(om, into: dir.path + "/replica")
        defer { replica.close() }
        #expect(try replica.latestSequenceNumber == om.latestSequenceNumber)
        // Column-family ids survive the checkpoint, so the OM's batches apply as they are.
        #expect(Dictionary(uniqueKeysWithValues: replica.columnFamilies.map { ($0.id, $0.name) }) == om.columnFamilyIDs)

        let kinds = try om.workload.applyOperations(count: 400)
        #expect(kinds.count == 400)
        var from = try replica.latestSequenceNumber
        while from < (try om.latestSequenceNumber) {
            let response = try om.updates(since: from, limit: 64)
            #expect(!response.data.isEmpty)
            for data in response.data { try replica.write(RocksDB.WriteBatch(data: data), sync: false) }
            from = try replica.latestSequenceNumber
        }
        #expect(from == (try om.latestSequenceNumber))
        // The OM's own state, through a second checkpoint.
        let copy = try await extractCheckpoint(om, into: dir.path + "/copy")
        defer { copy.close() }
        #expect(sameContents(try dumpTables(copy), try dumpTables(replica)))
    }
}
