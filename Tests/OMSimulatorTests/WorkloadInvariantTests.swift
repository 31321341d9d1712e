import Foundation
import OMSimulator
import OzoneFormat
import ReconRocksDB
import ReconTestSupport
import SwiftProtobuf
import Testing

@Suite("OM workload invariants")
struct WorkloadInvariantTests {
    @Test("after many operations every row still parses and FSO entries hang off live, bucket or deleted directories")
    func invariants() async throws {
        let (om, dir) = try WorkloadTests.makeOM(keys: 2000, seed: 31, label: "omsim-inv")
        defer { om.close(); dir.remove() }
        let kinds = try om.workload.applyOperations(count: 2500)
        #expect(Set(kinds) == Set(OMOperationKind.allCases), "missing: \(Set(OMOperationKind.allCases).subtracting(kinds))")
        let copy = try await extractCheckpoint(om, into: dir.path + "/copy")
        defer { copy.close() }
        let tables = try dumpTables(copy)
        for (name, rows) in tables where name != "default" {
            let table = try #require(OMTable(name: name))
            for row in rows {
                #expect(GeneratorTests.keyParses(row.key, table.keyEncoding), "\(name): \(String(decoding: row.key, as: UTF8.self))")
                if let type = table.valueKind.messageType { _ = try type.init(serializedBytes: row.value) }
            }
        }
        var known = Set<Int64>()
        for row in tables["bucketTable"]! { known.insert(Int64(bitPattern: try OMBucketInfo(serializedBytes: row.value).objectID)) }
        for row in tables["directoryTable"]! { known.insert(Int64(bitPattern: try OMDirectoryInfo(serializedBytes: row.value).objectID)) }
        for row in tables["deletedDirectoryTable"]! { known.insert(try #require(OMDeletedDirectoryKey(parsing: row.key)).objectID) }
        for table in ["fileTable", "directoryTable"] {
            for row in tables[table]! {
                let key = try #require(OMFSOKey(parsing: row.key))
                #expect(known.contains(key.parentID), "\(table) \(key) has no parent")
            }
        }
        for row in tables["fileTable"]! {
            let info = try OMKeyInfo(serializedBytes: row.value)
            #expect(Int64(bitPattern: info.parentID) == OMFSOKey(parsing: row.key)!.parentID)
            #expect(!info.keyName.contains("/"), "fileTable holds leaf names")
        }
        let transaction = String(decoding: tables["transactionInfoTable"]![0].value, as: UTF8.self)
        #expect(transaction == "1#\(om.workload.lastTransactionIndex)")
    }

    @Test("a reopened OM continues the transaction numbers and keeps serving the WAL")
    func reopen() throws {
        let dir = try TestPaths.makeTemporaryDirectory("omsim-reopen")
        defer { dir.remove() }
        let path = dir.path + "/om.db"
        let om = try SimulatedOM.create(at: path, keys: 500, seed: 6)
        let start = try om.latestSequenceNumber
        try om.workload.applyOperations(count: 20)
        let transaction = om.workload.lastTransactionIndex
        om.close()
        let again = try SimulatedOM.open(at: path)
        defer { again.close() }
        #expect(again.workload.lastTransactionIndex == transaction)
        try again.workload.applyOperations(count: 20)
        #expect(again.workload.lastTransactionIndex > transaction)
        let response = try again.updates(since: start, limit: 1000)
        #expect(response.data.count == 40)
    }

    @Test("run(rate:) applies operations at about the rate and stops when cancelled")
    func runLoop() async throws {
        let (om, dir) = try WorkloadTests.makeOM(keys: 300, seed: 1, label: "omsim-run")
        defer { om.close(); dir.remove() }
        let clock = ContinuousClock()
        let started = clock.now
        let task = Task { try await om.workload.run(rate: 400) }
        // Wait for some progress (the test pool may be busy; be patient, not strict).
        let deadline = started + .seconds(30)
        while om.workload.stats.total < 60, clock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        task.cancel()
        try await task.value
        let elapsed = started.duration(to: clock.now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let done = om.workload.stats.total
        #expect(done >= 60)
        // Never ahead of the rate (one 100 ms slice of slack).
        #expect(Double(done) <= 400 * seconds + 40, "\(done) operations in \(seconds) s at 400/s")
        try await Task.sleep(for: .milliseconds(100))
        #expect(om.workload.stats.total == done)
    }
}
