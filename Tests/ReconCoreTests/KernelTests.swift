import CReconTask
import Foundation
import Logging
import ReconTestSupport
import Testing

@testable import ReconCore

/// The kernel with real plugins: events in, host transactions, routes out.
@Suite("Kernel with the C and Swift example plugins")
struct KernelTests {
    @Test func feedsEventsToBothPluginsAndAnswersTheirRoutes() async throws {
        let h = try KernelHarness()
        defer { h.dir.remove() }
        let kernel = try h.start()
        defer { kernel.shutdown() }

        let outcomes = try await kernel.process(Batches.mixed())
        #expect(outcomes == ["hello_c": .committed(attempts: 1), "swift_counter": .committed(attempts: 1)])

        let (status, hello) = try await KernelHarness.get(kernel, "/api/v1/examples/hello_c")
        #expect(status == 200)
        #expect(hello == #"{"greeting":"hi","tables":[{"table":"keyTable","puts":1,"updates":1,"deletes":1,"bytes":0}]}"#)
        let (_, counter) = try await KernelHarness.get(kernel, "/api/v1/examples/swift_counter")
        #expect(counter == #"{"tables":{"keyTable":3,"userTable":1},"actions":{"DELETE":1,"PUT":2,"UPDATE":1}}"#)

        let rows = kernel.taskStatus()
        #expect(rows.map(\.taskName) == ["hello_c", "swift_counter"])
        #expect(rows.allSatisfy { $0.lastUpdatedSeqNumber == 4 && $0.lastTaskRunStatus == 0 && $0.isCurrentTaskRunning == 0 })
        #expect(rows.allSatisfy { $0.lastUpdatedTimestamp > 0 })
    }

    @Test("the live generation and the staged reprocessor use one block cache of storage.kv.block_cache bytes")
    func oneBlockCacheForEveryGeneration() throws {
        let h = try KernelHarness()
        defer { h.dir.remove() }
        let kernel = try h.start()
        defer { kernel.shutdown() }
        let cache = try #require(kernel.blockCache)
        #expect(cache.capacity == Int(h.config.storage.kv.blockCache))
        try kernel.live.withLease { generation in
            #expect(generation.keyValueDatabase.options.sharedBlockCache === cache)
        }
        #expect(kernel.makeStagedReprocessor().storageOptions.rocksDB.sharedBlockCache === cache)
    }

    @Test func outputAndCursorSurviveARestartAndReplaysAreSkipped() async throws {
        let h = try KernelHarness()
        defer { h.dir.remove() }
        do {
            let kernel = try h.start()
            try await kernel.process(Batches.mixed())
            kernel.shutdown()
        }
        let kernel = try h.start()
        defer { kernel.shutdown() }
        #expect(kernel.taskStatus().map(\.lastUpdatedSeqNumber) == [4, 4])
        let (_, counter) = try await KernelHarness.get(kernel, "/api/v1/examples/swift_counter")
        #expect(counter == #"{"tables":{"keyTable":3,"userTable":1},"actions":{"DELETE":1,"PUT":2,"UPDATE":1}}"#)
        // The same batch again (a replay after a restart) changes nothing.
        let outcomes = try await kernel.process(Batches.mixed())
        #expect(outcomes == ["hello_c": .alreadyApplied, "swift_counter": .alreadyApplied])
        let (_, again) = try await KernelHarness.get(kernel, "/api/v1/examples/swift_counter")
        #expect(again == counter)
    }

    @Test func aFailingBatchIsRetriedOnceThenThePluginIsMarkedFailed() async throws {
        let h = try KernelHarness(swiftCounterConfig: #"{"fail_on_table": "bucketTable"}"#)
        defer { h.dir.remove() }
        let kernel = try h.start()
        defer { kernel.shutdown() }

        try await kernel.process(Batches.one("keyTable", sequence: 1))
        let outcomes = try await kernel.process(Batches.one("bucketTable", sequence: 2))
        #expect(outcomes["hello_c"] == .committed(attempts: 1))
        guard case .failed(let messages) = outcomes["swift_counter"] else {
            Issue.record("swift_counter did not fail: \(String(describing: outcomes["swift_counter"]))")
            return
        }
        #expect(messages.count == 2)
        #expect(messages.allSatisfy { $0.contains("refusing a batch with table bucketTable") })

        // Nothing of the failed batch was written; the cursor stayed at 1.
        let (_, counter) = try await KernelHarness.get(kernel, "/api/v1/examples/swift_counter")
        #expect(counter == #"{"tables":{"keyTable":1},"actions":{"PUT":1}}"#)
        let row = try #require(kernel.taskStatus().first { $0.taskName == "swift_counter" })
        #expect(row.lastTaskRunStatus == -1)
        #expect(row.lastUpdatedSeqNumber == 1)
        #expect(kernel.readiness().plugins == ["hello_c": .active, "swift_counter": .failed])

        // A failed plugin receives no further batches until a reprocess.
        let later = try await kernel.process(Batches.one("keyTable", sequence: 3))
        #expect(later == ["hello_c": .committed(attempts: 1), "swift_counter": .skippedFailed])
    }

    /// A crash between the plugin's writes and the commit point leaves neither its
    /// output nor its cursor; a crash after the commit point leaves both (recovery
    /// replays the key/value half). hello_c writes both key/value and SQL.
    @Test(arguments: CommitFaultPoint.allCases)
    func aCrashDuringCommitNeverLeavesOutputWithoutCursor(point: CommitFaultPoint) async throws {
        let h = try KernelHarness()
        defer { h.dir.remove() }
        do {
            let kernel = try h.start()
            let plugin = try #require(kernel.plugins.first { $0.name == "hello_c" })
            let store = try #require(kernel.live.generation).pluginStore(named: "hello_c", kvTables: ["last_key"])
            store.commitFaultInjector = { p in if p == point { throw SimulatedCrash() } }
            let view = CEventBatch(Batches.mixed(), decoder: nil, decodeTables: [])
            let transaction = try store.beginTransaction()
            let ctx = plugin.context(.storage(TransactionSession(transaction)))
            try view.withBatch(for: plugin.info) { try plugin.process($0, ctx) }
            #expect(throws: SimulatedCrash.self) { try transaction.commit(cursor: 4) }
            // The process "dies" here: nothing else runs; the stores are dropped.
            kernel.shutdown()
        }
        let kernel = try h.start()
        defer { kernel.shutdown() }
        let store = try #require(kernel.live.generation).pluginStore(named: "hello_c", kvTables: ["last_key"])
        let view = try store.readView()
        defer { view.close() }
        let lastKey = try view.kvGet(table: 0, key: Array("keyTable".utf8))
        var sqlRows: [[SQLValue]] = []
        try view.sqlExec("SELECT table_name, puts FROM table_counts") { sqlRows.append($0); return true }
        let cursor = store.cursor().sequence

        switch point {
        case .beforeSQLCommit:
            #expect(cursor == 0)
            #expect(lastKey == nil)
            #expect(sqlRows.isEmpty)
        case .afterSQLCommit, .afterKVWrite:
            #expect(cursor == 4)
            #expect(lastKey == Array("/v/b/k2".utf8))
            #expect(sqlRows == [[.text("keyTable"), .int(1)]])
        }
    }
}

private struct SimulatedCrash: Error {}

/// How the controller treats RECON_RETRY and RECON_ERR_FATAL.
@Suite("Retry and fatal statuses")
struct RetryAndFatalTests {
    @Test func retryStatusIsRetriedUntilItSucceeds() async throws {
        let h = try KernelHarness(swiftCounterConfig: #"{"fail_on_table": "bucketTable", "fail_with": "retry", "fail_times": 3}"#)
        defer { h.dir.remove() }
        let kernel = try h.start()
        defer { kernel.shutdown() }
        let outcomes = try await kernel.process(Batches.one("bucketTable", sequence: 1))
        #expect(outcomes["swift_counter"] == .committed(attempts: 4))
        let (_, counter) = try await KernelHarness.get(kernel, "/api/v1/examples/swift_counter")
        #expect(counter == #"{"tables":{"bucketTable":1},"actions":{"PUT":1}}"#)
    }

    @Test func fatalStatusFailsThePluginWithoutARetry() async throws {
        let h = try KernelHarness(swiftCounterConfig: #"{"fail_on_table": "bucketTable", "fail_with": "fatal"}"#)
        defer { h.dir.remove() }
        let kernel = try h.start()
        defer { kernel.shutdown() }
        let outcomes = try await kernel.process(Batches.one("bucketTable", sequence: 1))
        guard case .failed(let messages) = outcomes["swift_counter"] else {
            Issue.record("expected a failure, got \(String(describing: outcomes["swift_counter"]))")
            return
        }
        #expect(messages.count == 1)
        #expect(messages[0].contains("RECON_ERR_FATAL"))
        #expect(kernel.readiness().plugins["swift_counter"] == .failed)
    }
}
