import Foundation
import ReconRocksDB
import Synchronization
import Testing
@testable import ReconCore

/// Bulk-built tables of a generation in bulk mode: collected writes, sorted table
/// files, ingest, and the switch to the ordinary write path on the first read.
@Suite("Bulk-built tables")
struct BulkBuildTests {
    /// A small threshold (64 KiB, the minimum) so that tests cross it many times.
    private func openBulk(_ dir: TempDir, tables: [String] = ["a", "b"]) throws -> (TaskGeneration, PluginStore, GenerationDirectory, GenerationID) {
        let gens = try GenerationDirectory(root: dir.url)
        let id = try gens.createStaged()
        let options = TaskStorageOptions(rocksDB: RocksDBOptions(writeBufferBytes: 64 << 10), bulkLoad: true)
        let gen = try TaskGeneration.open(
            at: gens.path(of: id), id: id, plugins: [PluginStorageSpec(name: "bulk", kvTables: tables)], options: options)
        return (gen, try gen.pluginStore(named: "bulk"), gens, id)
    }

    private func contents(_ store: PluginStore, table: Int) throws -> [String: String] {
        var out: [String: String] = [:]
        try store.readView().kvScan(table: table, start: [UInt8](), end: [UInt8]()) { k, v in
            out[str(k)] = str(v)
            return true
        }
        return out
    }

    private func activeMemtableEntries(_ gen: TaskGeneration, _ family: String) throws -> Int {
        let db = gen.keyValueDatabase
        let cf = try #require(db.columnFamily(named: family))
        return Int(try db.property("rocksdb.num-entries-active-mem-table", of: cf) ?? "") ?? -1
    }

    @Test("sorted visit keeps the last write of each key, in strictly increasing key order")
    func sortedRows() {
        var rng = SystemRandomNumberGenerator()
        var rows = BulkRows()
        var model: [[UInt8]: [UInt8]?] = [:]
        for i in 0..<5000 {
            // Short keys, keys that are prefixes of others, and long keys sharing their
            // first 8 bytes (the sort's integer prefix) with many others.
            let n = Int.random(in: 0..<700, using: &rng)
            let stem = n % 3 == 0 ? "container-\(n % 5)/" : n % 3 == 1 ? "k" : "k\u{0}"
            let key = Array("\(stem)\(n)".utf8) + (i % 7 == 0 ? [0] : [])
            if Int.random(in: 0..<5, using: &rng) == 0 {
                key.withUnsafeBytes { rows.delete(key: $0) }
                model[key] = .some(nil)
            } else {
                let value = Array("v\(i)".utf8)
                rows.put(key, value)
                model[key] = .some(value)
            }
        }
        expectSortedVisit(&rows, equal: model)
    }

    @Test("keys led by 8-byte big-endian ids (several radix passes) and the empty key sort like a model")
    func idLedRows() {
        var rng = SystemRandomNumberGenerator()
        var rows = BulkRows()
        var model: [[UInt8]: [UInt8]?] = [:]
        let ids: [UInt64] = [0, 1, 255, 256, 65_535, 1 << 24, 1 << 40, UInt64.max] + (0..<40).map { _ in UInt64.random(in: 0..<1_000_000, using: &rng) }
        for i in 0..<6000 {
            let id = ids.randomElement(using: &rng)!
            var key = withUnsafeBytes(of: id.bigEndian) { Array($0) }
            if i % 11 == 0 { key = Array(key.prefix(Int.random(in: 0...8, using: &rng))) } else { key += Array("/k\(i % 300)".utf8) }
            let value = Array("v\(i)".utf8)
            rows.put(key, value)
            model[key] = .some(value)
        }
        expectSortedVisit(&rows, equal: model)
    }

    @Test("write-only tables skip the memtable; reads switch a table to the ordinary path; the result equals a model")
    func modelAfterConcurrentWriters() throws {
        let dir = TempDir("bulk")
        let (gen, store, _, _) = try openBulk(dir)
        defer { gen.close() }
        // Table 0 is only written; table 1 is also read by worker 1 half-way.
        let models = Mutex<[[String: String?]]>([[:], [:]])
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 2) { worker in
            do {
                for round in 0..<60 {
                    let txn = try store.beginTransaction()
                    var writes: [(Int, String, String?)] = []
                    for i in 0..<200 {
                        let table = i % 2
                        // Overwrites across rounds and workers, and deletes of older keys.
                        let key = "key-\((round * 37 + i * 11 + worker * 5) % 3000)"
                        if i % 9 == 0 {
                            try txn.kvDelete(table: table, key: b(key))
                            writes.append((table, key, nil))
                        } else {
                            let value = "w\(worker)-r\(round)-\(i)-" + String(repeating: "x", count: 40)
                            try txn.kvPut(table: table, key: b(key), value: b(value))
                            writes.append((table, key, value))
                        }
                    }
                    if worker == 1 && round == 30 {
                        // Read-your-own-writes through the switch to the ordinary path.
                        let (table, key, value) = writes.last { $0.0 == 1 }!
                        let read = str(try txn.kvGet(table: table, key: b(key)))
                        if read != value { failures.withLock { $0.append("read \(key): \(String(describing: read))") } }
                    }
                    // The model changes under the same lock as the commit order.
                    try models.withLock { m in
                        try txn.commit(cursor: 0)
                        for (table, key, value) in writes { m[table][key] = .some(value) }
                    }
                }
            } catch {
                failures.withLock { $0.append("worker \(worker): \(error)") }
            }
        }
        #expect(failures.withLock { $0 } == [])
        #expect(try activeMemtableEntries(gen, "bulk/a") == 0)
        #expect(!store.bulkTables!.isCollecting(1))
        #expect(store.bulkTables!.isCollecting(0))
        try gen.endBulkLoad()
        #expect(!FileManager.default.fileExists(atPath: TaskGeneration.ingestDirectory(of: gen.directory).path))
        let expected = models.withLock { $0 }.map { $0.compactMapValues { $0 } }
        #expect(try contents(store, table: 0) == expected[0])
        #expect(try contents(store, table: 1) == expected[1])
        // Table 0 went through ingested files only, merged once into the last level:
        // nothing left for compactions to do.
        #expect(try activeMemtableEntries(gen, "bulk/a") == 0)
        let db = gen.keyValueDatabase
        let a = try #require(db.columnFamily(named: "bulk/a"))
        #expect(try db.property("rocksdb.num-files-at-level0", of: a) == "0")
        #expect(Int(try db.property("rocksdb.num-files-at-level6", of: a) ?? "") ?? 0 > 0)
    }

    @Test("a new transaction reads writes that other transactions committed to a collecting table")
    func committedWritesAreReadable() throws {
        let dir = TempDir("bulk")
        let (gen, store, _, _) = try openBulk(dir)
        defer { gen.close() }
        var txn = try store.beginTransaction()
        try txn.kvPut(table: 0, key: b("k1"), value: b("one"))
        try txn.kvPut(table: 0, key: b("k2"), value: b("two"))
        try txn.commit(cursor: 0)
        #expect(store.bulkTables!.isCollecting(0))

        txn = try store.beginTransaction()
        try txn.kvDelete(table: 0, key: b("k1"))
        #expect(try txn.kvGet(table: 0, key: b("k1")) == nil)
        #expect(str(try txn.kvGet(table: 0, key: b("k2"))) == "two")
        try txn.commit(cursor: 0)
        #expect(!store.bulkTables!.isCollecting(0))

        // A rolled-back transaction's collected writes are gone.
        txn = try store.beginTransaction()
        try txn.kvPut(table: 1, key: b("lost"), value: b("x"))
        txn.rollback()
        try gen.endBulkLoad()
        #expect(try contents(store, table: 0) == ["k2": "two"])
        #expect(try contents(store, table: 1) == [:])
    }

    @Test("a bulk-built generation survives a reopen after the switch")
    func durableAfterSwitch() throws {
        let dir = TempDir("bulk")
        let (gen, store, gens, id) = try openBulk(dir)
        var expected: [String: String] = [:]
        for round in 0..<20 {
            let txn = try store.beginTransaction()
            for i in 0..<300 {
                let key = String(format: "k%05d", (i * 7919 + round) % 4000)
                try txn.kvPut(table: 0, key: b(key), value: b("r\(round)"))
                expected[key] = "r\(round)"
            }
            try txn.commit(cursor: 0)
        }
        try gen.endBulkLoad()
        try gens.markComplete(id)
        try gens.switchCurrent(to: id)
        gen.close()
        let reopened = try TaskGeneration.open(
            at: gens.path(of: id), id: id, plugins: [PluginStorageSpec(name: "bulk", kvTables: ["a", "b"])])
        defer { reopened.close() }
        #expect(try contents(try reopened.pluginStore(named: "bulk"), table: 0) == expected)
    }
}
