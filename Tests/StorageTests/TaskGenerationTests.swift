import ReconRocksDB
import Foundation
import Testing
@testable import ReconCore

@Suite("Task generations")
struct TaskGenerationTests {
    @Test func storesAreCreatedOnDemandWithTheirFamilies() throws {
        let dir = TempDir("gen")
        let gens = try GenerationDirectory(root: dir.url)
        let id = try gens.createStaged()
        let gen = try TaskGeneration.open(at: gens.path(of: id), id: id,
                                          plugins: [PluginStorageSpec(name: "alpha", kvTables: ["t"])])
        #expect(throws: StorageError.self) { try gen.pluginStore(named: "beta") }
        let beta = try gen.pluginStore(named: "beta", kvTables: ["x", "y"])
        #expect(try gen.pluginStore(named: "beta") === beta)
        let mismatch = #expect(throws: StorageError.self) { try gen.pluginStore(named: "beta", kvTables: ["x"]) }
        #expect(mismatch?.kind == .invalidArgument)
        #expect(gen.keyValueDatabase.columnFamilies.map(\.name) == ["_meta", "alpha/t", "beta/x", "beta/y", "default"].sorted())
        #expect(FileManager.default.fileExists(atPath: gens.path(of: id).appendingPathComponent("sql/alpha.sqlite").path))
        #expect(FileManager.default.fileExists(atPath: gens.path(of: id).appendingPathComponent("sql/beta.sqlite").path))
        let pending = try beta.beginTransaction()
        gen.close()
        gen.close()
        #expect(throws: StorageError.self) { try beta.beginTransaction() }
        let closed = #expect(throws: StorageError.self) { try pending.kvPut(table: 0, key: b("k"), value: b("v")) }
        #expect(closed?.kind == .closed)
        #expect(throws: StorageError.self) { try pending.commit(cursor: 1) }

        // Reopening with fewer plugins still opens every family present on disk.
        let again = try TaskGeneration.open(at: gens.path(of: id), id: id)
        defer { again.close() }
        #expect(again.keyValueDatabase.columnFamilies.count == 5)
    }

    @Test func bulkLoadBecomesDurableAtFlushAndSync() throws {
        let dir = TempDir("gen")
        let gens = try GenerationDirectory(root: dir.url)
        let id = try gens.createStaged()
        let spec = PluginStorageSpec(name: "bulk", kvTables: ["t"])
        let gen = try TaskGeneration.open(at: gens.path(of: id), id: id, plugins: [spec],
                                          options: TaskStorageOptions(bulkLoad: true))
        let store = try gen.pluginStore(named: "bulk")
        #expect(store.isBulkLoad)
        var txn = try store.beginTransaction()
        try txn.sqlExec("CREATE TABLE t(k INTEGER)")
        try txn.commit(cursor: 0)
        for worker in 0..<3 {
            txn = try store.beginTransaction()
            for i in 0..<100 {
                try txn.kvPut(table: 0, key: b("w\(worker)-\(String(format: "%03d", i))"), value: b("v"))
                try txn.sqlExec("INSERT INTO t VALUES (?)", params: [.int(Int64(i))])
            }
            try txn.commit(cursor: 100)
        }
        try gen.endBulkLoad()
        #expect(!store.isBulkLoad)
        #expect(!gen.isBulkLoad)
        // Normal durable commits from here on.
        txn = try store.beginTransaction()
        try txn.kvPut(table: 0, key: b("live"), value: b("1"))
        try txn.sqlExec("INSERT INTO t VALUES (-1)")
        try txn.commit(cursor: 101)
        try gens.markComplete(id)
        try gens.switchCurrent(to: id)
        gen.close()

        let reopened = try TaskGeneration.open(at: gens.path(of: try #require(try gens.current())), id: id, plugins: [spec])
        defer { reopened.close() }
        let s = try reopened.pluginStore(named: "bulk")
        #expect(!s.isBulkLoad)
        #expect(s.cursor() == PluginCursor(sequence: 101, txnID: 5))
        #expect(try sqlCount(s) == 301)
        var n = 0
        try s.readView().kvScan(table: 0, start: [UInt8](), end: [UInt8]()) { _, _ in n += 1; return true }
        #expect(n == 301)
    }

    @Test func retireWaitsForTheLastLease() throws {
        let dir = TempDir("gen")
        let gens = try GenerationDirectory(root: dir.url)
        let id = try gens.createStaged()
        let gen = try TaskGeneration.open(at: gens.path(of: id), id: id, plugins: [PluginStorageSpec(name: "p", kvTables: ["t"])])
        let store = try gen.pluginStore(named: "p")
        let txn = try store.beginTransaction()
        try txn.kvPut(table: 0, key: b("k"), value: b("v"))
        try txn.commit(cursor: 1)

        #expect(gen.acquire())
        let lease = try #require(gen.lease())
        #expect(gen.leaseCount == 2)
        gen.retire()
        #expect(gen.isRetired)
        #expect(!gen.acquire())
        #expect(gen.lease() == nil)
        #expect(!gen.isClosed)
        // A request in flight still reads its generation.
        #expect(str(try store.readView().kvGet(table: 0, key: b("k"))) == "v")
        gen.release()
        #expect(!gen.isClosed)
        lease.release()
        lease.release()
        #expect(gen.isClosed)
        #expect(!FileManager.default.fileExists(atPath: gens.path(of: id).path))
        #expect(throws: StorageError.self) { try gen.withLease { _ in 1 } }
    }

    @Test func aRequestsLastReleaseRetiresInTheBackground() throws {
        let dir = TempDir("gen")
        let gens = try GenerationDirectory(root: dir.url)
        let id = try gens.createStaged()
        let gen = try TaskGeneration.open(at: gens.path(of: id), id: id, plugins: [PluginStorageSpec(name: "p", kvTables: ["t"])])
        let lease = try #require(gen.lease())
        gen.retire()
        #expect(!gen.isClosed)
        lease.release(retireInBackground: true)
        // Closed and deleted by a thread of its own, soon after.
        let deadline = Date().addingTimeInterval(10)
        while (!gen.isClosed || FileManager.default.fileExists(atPath: gens.path(of: id).path)) && Date() < deadline {
            usleep(10_000)
        }
        #expect(gen.isClosed)
        #expect(!FileManager.default.fileExists(atPath: gens.path(of: id).path))
    }

    @Test func liveGenerationSwapsAndRetires() throws {
        let dir = TempDir("gen")
        let gens = try GenerationDirectory(root: dir.url)
        let spec = PluginStorageSpec(name: "p", kvTables: ["t"])
        let id1 = try gens.createStaged()
        let g1 = try TaskGeneration.open(at: gens.path(of: id1), id: id1, plugins: [spec])
        try g1.flushAndSync()
        try gens.markComplete(id1)
        try gens.switchCurrent(to: id1)
        let live = LiveGeneration(g1)
        let pinned = try #require(live.lease())
        #expect(pinned.generation === g1)

        let id2 = try gens.createStaged()
        let g2 = try TaskGeneration.open(at: gens.path(of: id2), id: id2, plugins: [spec], options: TaskStorageOptions(bulkLoad: true))
        let t = try g2.pluginStore(named: "p").beginTransaction()
        try t.kvPut(table: 0, key: b("new"), value: b("gen2"))
        try t.commit(cursor: 5)
        try g2.endBulkLoad()
        try gens.markComplete(id2)
        try gens.switchCurrent(to: id2)
        let old = live.replace(with: g2)
        #expect(old === g1)
        #expect(g1.isRetired)
        #expect(!g1.isClosed)  // still pinned by the request in flight
        let value = try live.withLease { g in try g.pluginStore(named: "p").readView().kvGet(table: 0, key: b("new")) }
        #expect(str(value) == "gen2")
        pinned.release()
        #expect(g1.isClosed)
        #expect(try gens.generations() == [id2])
        #expect(try gens.current() == id2)
        live.replace(with: nil, deleteOldFiles: false)
        #expect(g2.isClosed)
    }
}
