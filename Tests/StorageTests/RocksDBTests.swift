import ReconRocksDB
import Foundation
import Testing
@testable import ReconCore

@Suite("RocksDB wrapper")
struct RocksDBTests {
    @Test func putGetDeleteAndSequenceNumbers() throws {
        let dir = TempDir("rocks")
        let db = try RocksDB.open(path: dir.path("db"))
        defer { db.close() }
        let cf = db.defaultColumnFamily
        #expect(try db.latestSequenceNumber == 0)
        try db.put(cf, key: b("alpha"), value: b("1"))
        try db.put(cf, key: b("beta"), value: b("22"), sync: true)
        #expect(str(try db.get(cf, key: b("alpha"))) == "1")
        #expect(try db.withValue(cf, key: b("beta")) { $0.map(str) } == "22")
        #expect(try db.get(cf, key: b("gamma")) == nil)
        try db.delete(cf, key: b("alpha"))
        #expect(try db.get(cf, key: b("alpha")) == nil)
        #expect(try db.latestSequenceNumber == 3)
        // Empty keys and values are legal.
        try db.put(cf, key: [UInt8](), value: [UInt8]())
        #expect(try db.get(cf, key: [UInt8]()) == [])
    }

    @Test("databases opened with one shared block cache fill it together, and it outlives a closed one")
    func sharedBlockCache() throws {
        let dir = TempDir("rocks")
        let cache = RocksDBBlockCache(bytes: 64 << 20)
        var options = RocksDBOptions(compression: .none)
        options.sharedBlockCache = cache
        let first = try RocksDB.open(path: dir.path("a"), options: options)
        let second = try RocksDB.open(path: dir.path("b"), options: options)
        let own = try RocksDB.open(path: dir.path("own"), options: RocksDBOptions(blockCacheBytes: 8 << 20))
        defer { second.close(); own.close() }
        let value = [UInt8](repeating: 1, count: 1024)
        for db in [first, second, own] {
            for i in 0..<2000 { try db.put(db.defaultColumnFamily, key: b("key-\(i)"), value: value) }
            try db.flush()
        }
        func readAll(_ db: RocksDB) throws {
            for i in 0..<2000 { #expect(try db.get(db.defaultColumnFamily, key: b("key-\(i)")) == value) }
        }
        #expect(cache.capacity == 64 << 20)
        let before = cache.usage
        try readAll(own)
        #expect(cache.usage == before)
        try readAll(first)
        let afterFirst = cache.usage
        #expect(afterFirst >= before + 1_000_000)
        try readAll(second)
        #expect(cache.usage >= afterFirst + 1_000_000)
        first.close()
        try readAll(second)
        #expect(cache.usage <= cache.capacity)
    }

    @Test("ingestSorted writes its files with the compression asked for, the database's own by default")
    func ingestSortedCompression() throws {
        let dir = TempDir("rocks")
        let value = [UInt8](repeating: 7, count: 4096)
        func ingestedBytes(_ name: String, _ compression: RocksDBOptions.Compression?) throws -> Int {
            let path = dir.path(name)
            let db = try RocksDB.open(path: path, options: RocksDBOptions(compression: .lz4))
            defer { db.close() }
            let count = try db.ingestSorted(db.defaultColumnFamily, filePrefix: dir.path(name + "-bulk"), compression: compression) { w in
                for i in 0..<1000 {
                    let key = b(String(format: "key-%05d", i))
                    try key.withUnsafeBytes { k in try value.withUnsafeBytes { try w.put(k, $0) } }
                }
            }
            #expect(count == 1000)
            #expect(try db.get(db.defaultColumnFamily, key: b("key-00500")) == value)
            let files = try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".sst") }
            return try files.reduce(0) { sum, file in
                sum + ((try FileManager.default.attributesOfItem(atPath: path + "/" + file)[.size] as? Int) ?? 0)
            }
        }
        let plain = try ingestedBytes("plain", RocksDBOptions.Compression.none)
        let own = try ingestedBytes("own", nil)
        // 4 MB of one repeated byte: kept whole without compression, a fraction with LZ4.
        #expect(plain > 4_000_000)
        #expect(own < plain / 10)
    }

    @Test func iterateWithBoundsAndEarlyStop() throws {
        let dir = TempDir("rocks")
        let db = try RocksDB.open(path: dir.path("db"))
        defer { db.close() }
        let cf = db.defaultColumnFamily
        for k in ["a", "b", "c", "d", "e"] { try db.put(cf, key: b(k), value: b(k.uppercased())) }

        var seen: [String] = []
        let completed = try db.forEach(cf, start: b("b"), end: b("d")) { k, v in
            seen.append(str(k) + "=" + str(v))
            return true
        }
        #expect(completed)
        #expect(seen == ["b=B", "c=C"])

        seen = []
        let completed2 = try db.forEach(cf, start: b("b"), end: [UInt8]()) { k, _ in
            seen.append(str(k))
            return seen.count < 2
        }
        #expect(!completed2)
        #expect(seen == ["b", "c"])

        var all: [String] = []
        try db.forEach(cf) { k, _ in all.append(str(k)); return true }
        #expect(all == ["a", "b", "c", "d", "e"])

        let it = try db.makeIterator(cf, lowerBound: b("b"), upperBound: b("e"))
        it.seekToLast()
        #expect(it.isValid && str(it.key) == "d")
        it.seekForPrev(to: b("cz"))
        #expect(str(it.key) == "c" && str(it.value) == "C")
        it.previous()
        #expect(str(it.key) == "b")
        it.previous()
        #expect(!it.isValid)
        it.seek(to: b("a"))
        #expect(str(it.key) == "b")
        try it.checkError()
    }

    @Test func columnFamiliesAreCreatedListedAndRequiredOnOpen() throws {
        let dir = TempDir("rocks")
        let path = dir.path("db")
        let db = try RocksDB.open(path: path, columnFamilies: ["default", "x"])
        let x = try #require(db.columnFamily(named: "x"))
        let y = try db.createColumnFamily("y")
        #expect(try db.createColumnFamily("y") == y)
        #expect(db.columnFamily(named: "nope") == nil)
        #expect(db.columnFamilies.map(\.name) == ["default", "x", "y"])
        try db.put(x, key: b("k"), value: b("in-x"))
        try db.put(y, key: b("k"), value: b("in-y"))
        #expect(str(try db.get(x, key: b("k"))) == "in-x")
        #expect(try db.get(db.defaultColumnFamily, key: b("k")) == nil)
        db.close()

        #expect(try RocksDB.listColumnFamilies(path: path).sorted() == ["default", "x", "y"])
        // Opening without every family fails with RocksDB's explanation.
        let error = #expect(throws: StorageError.self) {
            try RocksDB.open(path: path, columnFamilies: ["default", "x"])
        }
        #expect(error?.kind == .rocksdb)
        #expect(error?.message.contains("y") == true)
        let again = try RocksDB.open(path: path, columnFamilies: ["x", "y"])
        defer { again.close() }
        #expect(str(try again.get(try #require(again.columnFamily(named: "y")), key: b("k"))) == "in-y")
    }

    @Test func writeBatchRoundTripAppliesIdentically() throws {
        let dir = TempDir("rocks")
        let families = ["default", "one", "two"]
        let src = try RocksDB.open(path: dir.path("src"), columnFamilies: families)
        let dst = try RocksDB.open(path: dir.path("dst"), columnFamilies: families)
        defer { src.close(); dst.close() }
        for db in [src, dst] {
            for k in ["r1", "r2", "r3", "r4"] { try db.put(try #require(db.columnFamily(named: "two")), key: b(k), value: b("old")) }
            try db.put(try #require(db.columnFamily(named: "one")), key: b("gone"), value: b("x"))
        }
        let one = try #require(src.columnFamily(named: "one"))
        let two = try #require(src.columnFamily(named: "two"))
        let batch = RocksDB.WriteBatch()
        batch.put(one, key: b("k1"), value: b("v1"))
        batch.put(two, key: b("k2"), value: b("v2"))
        batch.delete(one, key: b("gone"))
        batch.deleteRange(two, start: b("r2"), end: b("r4"))
        #expect(batch.count == 4)
        let data = batch.data
        #expect(data.count > 12)
        try src.write(batch)

        let copy = try RocksDB.WriteBatch(data: data)
        #expect(copy.count == 4)
        #expect(copy.data == data)
        try dst.write(copy, sync: false)

        for db in [src, dst] {
            let o = try #require(db.columnFamily(named: "one"))
            let t = try #require(db.columnFamily(named: "two"))
            #expect(str(try db.get(o, key: b("k1"))) == "v1")
            #expect(try db.get(o, key: b("gone")) == nil)
            var keys: [String] = []
            try db.forEach(t) { k, _ in keys.append(str(k)); return true }
            #expect(keys == ["k2", "r1", "r4"])
        }
        #expect(throws: StorageError.self) { try RocksDB.WriteBatch(data: [UInt8](repeating: 0, count: 5)) }
    }

    @Test func indexedWriteBatchReadsItsOwnWrites() throws {
        let dir = TempDir("rocks")
        let db = try RocksDB.open(path: dir.path("db"))
        defer { db.close() }
        let cf = db.defaultColumnFamily
        try db.put(cf, key: b("k1"), value: b("db1"))
        try db.put(cf, key: b("k3"), value: b("db3"))

        let wb = RocksDB.IndexedWriteBatch()
        wb.put(cf, key: b("k2"), value: b("batch2"))
        wb.delete(cf, key: b("k1"))
        wb.put(cf, key: b("k3"), value: b("first"))
        wb.put(cf, key: b("k3"), value: b("second"))
        #expect(wb.count == 4)
        #expect(str(try wb.get(db: db, cf, key: b("k2"))) == "batch2")
        #expect(try wb.get(db: db, cf, key: b("k1")) == nil)
        #expect(str(try wb.get(db: db, cf, key: b("k3"))) == "second")
        #expect(try wb.get(db: db, cf, key: b("k9")) == nil)
        // The database itself is untouched until the batch is written.
        #expect(str(try db.get(cf, key: b("k1"))) == "db1")
        #expect(try db.get(cf, key: b("k2")) == nil)

        let serialized = try RocksDB.WriteBatch(data: wb.data)
        #expect(serialized.count == 4)
        try db.write(wb)
        #expect(try db.get(cf, key: b("k1")) == nil)
        #expect(str(try db.get(cf, key: b("k2"))) == "batch2")
        #expect(str(try db.get(cf, key: b("k3"))) == "second")
    }

    @Test func snapshotsIsolateReadsAndIterators() throws {
        let dir = TempDir("rocks")
        let db = try RocksDB.open(path: dir.path("db"))
        defer { db.close() }
        let cf = db.defaultColumnFamily
        try db.put(cf, key: b("a"), value: b("1"))
        try db.put(cf, key: b("b"), value: b("1"))
        let snap = try db.snapshot()
        try db.put(cf, key: b("a"), value: b("2"))
        try db.delete(cf, key: b("b"))
        try db.put(cf, key: b("c"), value: b("2"))

        #expect(str(try db.get(cf, key: b("a"), snapshot: snap)) == "1")
        #expect(str(try db.get(cf, key: b("b"), snapshot: snap)) == "1")
        #expect(try db.get(cf, key: b("c"), snapshot: snap) == nil)
        #expect(str(try db.get(cf, key: b("a"))) == "2")
        var old: [String] = []
        try db.forEach(cf, snapshot: snap) { k, v in old.append(str(k) + str(v)); return true }
        #expect(old == ["a1", "b1"])
        var now: [String] = []
        try db.forEach(cf) { k, v in now.append(str(k) + str(v)); return true }
        #expect(now == ["a2", "c2"])
    }

    @Test func checkpointOpensWithTheSameData() throws {
        let dir = TempDir("rocks")
        let db = try RocksDB.open(path: dir.path("db"), columnFamilies: ["default", "t"])
        let t = try #require(db.columnFamily(named: "t"))
        for i in 0..<100 { try db.put(t, key: b(String(format: "k%03d", i)), value: b("v\(i)")) }
        try db.createCheckpoint(at: dir.path("cp"))
        try db.put(t, key: b("after"), value: b("x"))
        db.close()

        #expect(try RocksDB.listColumnFamilies(path: dir.path("cp")).sorted() == ["default", "t"])
        let cp = try RocksDB.open(path: dir.path("cp"), columnFamilies: ["default", "t"], options: RocksDBOptions(createIfMissing: false))
        defer { cp.close() }
        let ct = try #require(cp.columnFamily(named: "t"))
        var n = 0
        try cp.forEach(ct) { _, _ in n += 1; return true }
        #expect(n == 100)
        #expect(str(try cp.get(ct, key: b("k042"))) == "v42")
        #expect(try cp.get(ct, key: b("after")) == nil)
    }

    @Test func errorsCarryTheMessageAndPath() throws {
        let dir = TempDir("rocks")
        let missing = dir.path("missing")
        let error = #expect(throws: StorageError.self) {
            try RocksDB.open(path: missing, options: RocksDBOptions(createIfMissing: false))
        }
        #expect(error?.kind == .rocksdb)
        #expect(error?.operation == "open")
        #expect(error?.path == missing)
        #expect(error?.message.contains("does not exist") == true)
        #expect(error?.description.contains(missing) == true)

        let listError = #expect(throws: StorageError.self) { try RocksDB.listColumnFamilies(path: missing) }
        #expect(listError?.kind == .rocksdb)

        let db = try RocksDB.open(path: dir.path("db"))
        try db.createCheckpoint(at: dir.path("cp"))
        let cpError = #expect(throws: StorageError.self) { try db.createCheckpoint(at: dir.path("cp")) }
        #expect(cpError?.kind == .rocksdb)
        #expect(cpError?.path == dir.path("cp"))
        db.close()
    }

    @Test func closeIsIdempotentAndWaitsForIterators() throws {
        let dir = TempDir("rocks")
        let db = try RocksDB.open(path: dir.path("db"))
        let cf = db.defaultColumnFamily
        try db.put(cf, key: b("a"), value: b("1"))
        try db.put(cf, key: b("b"), value: b("2"))
        var it: RocksDB.Iterator? = try db.makeIterator(cf)
        let snap = try db.snapshot()
        db.close()
        db.close()
        #expect(db.isClosed)
        let closedError = #expect(throws: StorageError.self) { try db.get(cf, key: b("a")) }
        #expect(closedError?.kind == .closed)
        #expect(throws: StorageError.self) { try db.put(cf, key: b("c"), value: b("3")) }
        // Objects created before the close keep working until released.
        it!.seekToFirst()
        #expect(str(it!.key) == "a")
        it!.next()
        #expect(str(it!.value) == "2")
        #expect(str(try db.get(cf, key: b("b"), snapshot: snap)) == "2")
        it = nil
        withExtendedLifetime(snap) {}
    }

    @Test func reopenAfterDeferredClose() throws {
        let dir = TempDir("rocks")
        let path = dir.path("db")
        do {
            let db = try RocksDB.open(path: path)
            try db.put(db.defaultColumnFamily, key: b("k"), value: b("v"), sync: true)
            let snap = try db.snapshot()
            db.close()
            withExtendedLifetime(snap) {}
        }
        let db = try RocksDB.open(path: path)
        defer { db.close() }
        #expect(str(try db.get(db.defaultColumnFamily, key: b("k"))) == "v")
    }

    @Test func foreignColumnFamiliesAreRefused() throws {
        let dir = TempDir("rocks")
        let a = try RocksDB.open(path: dir.path("a"), columnFamilies: ["default", "t"])
        let c = try RocksDB.open(path: dir.path("c"), columnFamilies: ["default", "t"])
        defer { a.close(); c.close() }
        let foreign = try #require(a.columnFamily(named: "t"))
        let error = #expect(throws: StorageError.self) { try c.get(foreign, key: b("k")) }
        #expect(error?.kind == .invalidArgument)
    }

    @Test(arguments: RocksDBOptions.Compression.allCases)
    func everyCompressionWorks(_ compression: RocksDBOptions.Compression) throws {
        let dir = TempDir("rocks")
        let db = try RocksDB.open(path: dir.path("db"), options: RocksDBOptions(compression: compression))
        defer { db.close() }
        let cf = db.defaultColumnFamily
        let value = [UInt8](repeating: 7, count: 10_000)
        try db.put(cf, key: b("big"), value: value)
        try db.flush()
        #expect(try db.get(cf, key: b("big")) == value)
        #expect(try db.property("rocksdb.num-files-at-level0") == "1")
    }
}
