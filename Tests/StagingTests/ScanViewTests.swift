import Foundation
import ReconRocksDB
import ReconTestSupport
import Testing

@testable import ReconCore

/// The scan seam: key-space splitting, the RocksDB view, the status document.
@Suite("Scan view and status")
struct ScanViewTests {
    @Test func splitRangesAreOrderedDisjointAndCoverEverything() {
        let first = Array("/vol1/bucket0/key-00000".utf8)
        let last = Array("/vol1/bucket2/key-00239".utf8)
        let ranges = KeySpaceSplitter.ranges(first: first, last: last, count: 8)
        #expect(ranges.count > 1 && ranges.count <= 8)
        #expect(ranges.first?.lower == nil && ranges.last?.upper == nil)
        for (a, b) in zip(ranges, ranges.dropFirst()) {
            #expect(a.upper == b.lower)
            if let lo = a.lower, let up = a.upper { #expect(lo.lexicographicallyPrecedes(up)) }
        }
        // Every key lands in exactly one range.
        for key in [first, last, Array("/vol1/bucket1/x".utf8), Array("/a".utf8), Array("/z".utf8)] {
            #expect(ranges.filter { $0.contains(key) }.count == 1)
        }
        #expect(KeySpaceSplitter.ranges(first: first, last: first, count: 8) == [.all])
        #expect(KeySpaceSplitter.ranges(first: first, last: last, count: 1) == [.all])
    }

    @Test func prefixRangesUseTheSuccessor() {
        #expect(ScanRange(prefix: Array("ab".utf8)) == ScanRange(lower: Array("ab".utf8), upper: Array("ac".utf8)))
        #expect(ScanRange(prefix: [0x61, 0xFF]) == ScanRange(lower: [0x61, 0xFF], upper: [0x62]))
        #expect(ScanRange(prefix: [0xFF]).upper == nil)
        #expect(ScanRange(prefix: []) == .all)
    }

    @Test func partitionsOfTheRocksDBViewVisitEveryRecordOnce() throws {
        let dir = try TestPaths.makeTemporaryDirectory("recon-scanview")
        defer { dir.remove() }
        let om = try OMFixture(path: dir.file("om").path)
        let view = try om.view(sequence: 77)
        #expect(view.sequence == 77)
        #expect(Set(view.tables) == Set(OMFixture.tables))
        #expect(view.approximateCount(table: "keyTable") > 0)
        for table in OMFixture.tables {
            var keys: [[UInt8]] = []
            for range in try view.partitions(table: table, count: 8) {
                try view.scan(table: table, range: range) { k, _ in
                    keys.append(Array(k))
                    return true
                }
            }
            #expect(keys == om.records[table]!.map(\.key))
        }
        // Writes after the view was taken are invisible to it.
        let cf = om.db.columnFamily(named: "userTable")!
        try om.db.put(cf, key: Array("carol".utf8), value: [1])
        var users = 0
        try view.scan(table: "userTable", range: .all) { _, _ in users += 1; return true }
        #expect(users == 2)
        let seen = try view.withValue(table: "userTable", key: UnsafeRawBufferPointer(start: nil, count: 0)) { $0 != nil }
        #expect(!seen)
        let carol = try Array("carol".utf8).withUnsafeBytes { k in try view.withValue(table: "userTable", key: k) { $0 == nil } }
        #expect(carol)
        let alice = try Array("alice".utf8).withUnsafeBytes { k in try view.withValue(table: "userTable", key: k) { $0.map(Array.init) } }
        #expect(alice == om.records["userTable"]!.first!.value)
        #expect(throws: StorageError.self) { try RocksDBScanView(db: om.db, sequence: 1, tables: ["nope"]) }
    }

    @Test("partitions follow a skewed key space: no range holds far more than its share")
    func partitionsAreBalancedBySize() throws {
        let dir = try TestPaths.makeTemporaryDirectory("recon-partitions")
        defer { dir.remove() }
        let db = try RocksDB.open(
            path: dir.file("om").path, columnFamilies: ["default", "keyTable"],
            options: RocksDBOptions(writeBufferBytes: 1 << 20, compression: .none))
        defer { db.close() }
        let cf = try #require(db.columnFamily(named: "keyTable"))
        // 95% of the keys in one bucket of one volume, the rest spread over 25 volumes:
        // interpolating between the first and last key alone puts the hot bucket in one range.
        var keys: [[UInt8]] = []
        for i in 0..<38_000 { keys.append(Array(String(format: "/vol-analytics/hot-bucket/key-%06d", i).utf8)) }
        for v in 0..<25 {
            for i in 0..<80 { keys.append(Array("/vol-\(Character(UnicodeScalar(UInt8(0x61 + v))))x/b/k\(i)".utf8)) }
        }
        let value = [UInt8](repeating: 7, count: 100)
        for key in keys { try db.put(cf, key: key, value: value) }
        try db.flush()
        let view = try RocksDBScanView(db: db, sequence: 1, tables: ["keyTable"])
        let ranges = try view.partitions(table: "keyTable", count: 8)
        var counts: [Int] = []
        var seen: [[UInt8]] = []
        for range in ranges {
            var n = 0
            try view.scan(table: "keyTable", range: range) { k, _ in
                seen.append(Array(k))
                n += 1
                return true
            }
            counts.append(n)
        }
        #expect(seen == keys.sorted { $0.lexicographicallyPrecedes($1) })
        #expect(ranges.first?.lower == nil && ranges.last?.upper == nil)
        for (a, b) in zip(ranges, ranges.dropFirst()) { #expect(a.upper == b.lower) }
        // A share is 1/8 of the keys; allow the cut's granularity.
        #expect(ranges.count >= 8)
        #expect(counts.max()! <= keys.count / 4, "range sizes \(counts)")
    }

    @Test func statusEncodesWithStableNames() throws {
        var status = StagingStatus.idle(maxRetries: 6, bufferCapacity: 20000)
        status.state = .catchingUp
        status.trigger = .snapshotInstalled
        status.plugins = ["hello_c": .caughtUp]
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(status), as: UTF8.self)
        #expect(json.contains(#""state":"CATCHING_UP""#))
        #expect(json.contains(#""trigger":"snapshotInstalled""#))
        #expect(json.contains(#""plugins":{"hello_c":"caught_up"}"#))
        #expect(json.contains(#""progress":{"recordsPerSecond":0,"recordsScanned":0,"recordsTotal":0}"#))
        #expect(try JSONDecoder().decode(StagingStatus.self, from: Data(json.utf8)) == status)
        #expect(StagingState.allCases.map(\.gaugeValue) == Array(0...8))
    }
}
