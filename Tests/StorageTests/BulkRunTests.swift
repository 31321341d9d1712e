import Foundation
import ReconRocksDB
import Testing
@testable import ReconCore

/// Sorted runs spilled by a bulk build: the file format and the merge of several runs.
@Suite("Bulk runs")
struct BulkRunTests {
    private typealias Write = ([UInt8], [UInt8]?)

    private func rows(_ writes: [Write]) -> BulkRows {
        var rows = BulkRows()
        for (key, value) in writes {
            key.withUnsafeBytes { k in
                if let value { value.withUnsafeBytes { rows.put(key: k, value: $0) } } else { rows.delete(key: k) }
            }
        }
        return rows
    }

    private func readAll(_ reader: BulkRunReader) throws -> [Write] {
        var out: [Write] = []
        while try reader.next() { out.append((Array(reader.key), reader.value.map { Array($0) })) }
        return out
    }

    @Test("a run holds the latest write of each key in key order, entries larger than the read buffer included")
    func roundTrip() throws {
        let dir = TempDir("runs")
        let path = dir.url.appendingPathComponent("run").path
        let big = [UInt8](repeating: 7, count: 5000)
        var collected = rows([
            (b("b"), b("1")), (b("a"), nil), (b("big"), big), (b("b"), b("2")), (b(""), b("empty key")),
            (b("c"), []),
        ])
        try BulkRunFile.write(&collected, to: path)
        // A 64-byte buffer: most entries straddle a refill, the big one outgrows it.
        let got = try readAll(BulkRunReader(path: path, bufferBytes: 64))
        #expect(got.map { str($0.0) } == ["", "a", "b", "big", "c"])
        #expect(got.map { $0.1 } == [b("empty key"), nil, b("2"), big, []])
    }

    @Test("keys sharing long prefixes are stored once: the run is far smaller than the keys")
    func prefixCompression() throws {
        let dir = TempDir("runs")
        let path = dir.url.appendingPathComponent("run").path
        let stem = "/volume-with-a-long-name/bucket-with-a-long-name/directory/"
        var writes: [Write] = []
        for i in 0..<2000 { writes.append((b(stem + String(format: "file-%06d", i)), [])) }
        var collected = rows(writes)
        try BulkRunFile.write(&collected, to: path)
        let size = try #require(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        let raw = writes.reduce(0) { $0 + $1.0.count }
        #expect(size * 5 < raw)
        let got = try readAll(BulkRunReader(path: path, bufferBytes: 64))
        #expect(got.map(\.0) == writes.map(\.0))
        #expect(got.allSatisfy { $0.1 == [] })
    }

    @Test("a truncated run is reported as corrupt, not read as a shorter one")
    func truncatedRun() throws {
        let dir = TempDir("runs")
        let path = dir.url.appendingPathComponent("run").path
        var collected = rows([(b("key-1"), b("value-1")), (b("key-2"), b("value-2"))])
        try BulkRunFile.write(&collected, to: path)
        let size = try #require(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        #expect(truncate(path, off_t(size - 3)) == 0)
        let reader = try BulkRunReader(path: path)
        #expect(try reader.next())
        #expect(str(reader.key) == "key-1")
        #expect(throws: StorageError.self) { _ = try reader.next() }
    }

    @Test("merging runs keeps the latest write of each key over all runs, in strictly increasing key order")
    func mergeEqualsModel() throws {
        let dir = TempDir("runs")
        var rng = SystemRandomNumberGenerator()
        var model: [[UInt8]: [UInt8]?] = [:]
        var readers: [BulkRunReader] = []
        for run in 0..<9 {
            var writes: [Write] = []
            // Run 4 is empty; keys overlap across runs, some are prefixes of others.
            for i in 0..<(run == 4 ? 0 : Int.random(in: 1...400, using: &rng)) {
                let n = Int.random(in: 0..<600, using: &rng)
                let key = b("k\(n)") + (n % 5 == 0 ? [0] : [])
                let value: [UInt8]? = Int.random(in: 0..<6, using: &rng) == 0 ? nil : b("r\(run)-\(i)")
                writes.append((key, value))
                model[key] = .some(value)
            }
            let path = dir.url.appendingPathComponent("run-\(run)").path
            var collected = rows(writes)
            try BulkRunFile.write(&collected, to: path)
            readers.append(try BulkRunReader(path: path, bufferBytes: 256))
        }
        var merged: [Write] = []
        try BulkRunMerge.merge(readers) { k, v in merged.append((Array(k), v.map { Array($0) })) }
        expectLatestWrites(merged, equal: model)
    }

    @Test("merging no runs, or only empty ones, visits nothing")
    func mergeEmpty() throws {
        let dir = TempDir("runs")
        let path = dir.url.appendingPathComponent("empty").path
        var empty = BulkRows()
        try BulkRunFile.write(&empty, to: path)
        var visits = 0
        try BulkRunMerge.merge([]) { _, _ in visits += 1 }
        try BulkRunMerge.merge([try BulkRunReader(path: path)]) { _, _ in visits += 1 }
        #expect(visits == 0)
    }

    @Test("a build with more runs than one merge reads at once merges them in rounds; the table equals a model")
    func mergeInRounds() throws {
        let dir = TempDir("runs")
        let db = try RocksDB.open(path: dir.path("db"))
        defer { db.close() }
        let family = try db.createColumnFamily("t")
        let ingest = dir.url.appendingPathComponent("ingest")
        let loader = try BulkTableLoader(
            db: db, families: [family], directory: ingest, filePrefix: "t", threshold: 64 << 10, maxMergeFanIn: 3)
        var rng = SystemRandomNumberGenerator()
        var model: [[UInt8]: [UInt8]] = [:]
        // About 1.2 MB of writes with a 64 KiB threshold: some 18 runs, merged 3 at a time.
        for round in 0..<300 {
            var rows = BulkRows()
            for i in 0..<50 {
                let key = b("key-\(Int.random(in: 0..<5000, using: &rng))")
                if i % 11 == 0 {
                    key.withUnsafeBytes { rows.delete(key: $0) }
                    model[key] = nil
                } else {
                    let value = b("r\(round)-\(i)-" + String(repeating: "v", count: 60))
                    rows.put(key, value)
                    model[key] = value
                }
            }
            #expect(try loader.collect(0, rows))
        }
        try loader.prepareRead(0)
        var stored: [[UInt8]: [UInt8]] = [:]
        try db.forEach(family) { k, v in
            stored[Array(k)] = Array(v)
            return true
        }
        #expect(stored == model)
        #expect(try db.property("rocksdb.num-files-at-level0", of: family) == "0")
        // Every run, merged run and table file is gone.
        #expect(try FileManager.default.contentsOfDirectory(atPath: ingest.path) == [])
        // The table takes ordinary writes now.
        #expect(try !loader.collect(0, BulkRows()))
    }
}
