import Foundation
import ReconRocksDB

@testable import ReconCore

/// A small OM-like RocksDB: a few OM column families with path-shaped keys.
final class OMFixture {
    /// Tables and their records, in key order.
    let records: [String: [(key: [UInt8], value: [UInt8])]]
    let db: RocksDB

    static let tables = ["bucketTable", "directoryTable", "fileTable", "keyTable", "userTable", "volumeTable"]

    /// Creates the database at `path` with `scale` times the base record counts.
    init(path: String, scale: Int = 1) throws {
        db = try RocksDB.open(
            path: path, columnFamilies: ["default"] + Self.tables, options: RocksDBOptions(createIfMissing: true))
        var records: [String: [(key: [UInt8], value: [UInt8])]] = [:]
        func add(_ table: String, _ key: String, _ size: Int) {
            let k = Array(key.utf8)
            let v = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ k.count) }
            records[table, default: []].append((k, v))
        }
        for i in 0..<(240 * scale) { add("keyTable", "/vol1/bucket\(i % 3)/key-\(String(format: "%05d", i))", i % 50 + 1) }
        for i in 0..<(130 * scale) { add("fileTable", "/-9223372036854775552/-9223372036854775040/1024/file-\(String(format: "%05d", i))", i % 40 + 3) }
        for i in 0..<20 { add("directoryTable", "/-9223372036854775552/-9223372036854775040/1024/dir-\(i)", 12) }
        for i in 1...3 { add("volumeTable", "/vol\(i)", 20) }
        for i in 0..<4 { add("bucketTable", "/vol1/bucket\(i)", 30) }
        for name in ["alice", "bob"] { add("userTable", name, 8) }
        for (table, list) in records {
            let cf = db.columnFamily(named: table)!
            for r in list { try db.put(cf, key: r.key, value: r.value) }
            records[table] = list.sorted { $0.key.lexicographicallyPrecedes($1.key) }
        }
        try db.flush()
        self.records = records
    }

    deinit { db.close() }

    /// A view of the database as OM sequence `sequence`.
    func view(sequence: UInt64 = 1000) throws -> RocksDBScanView {
        try RocksDBScanView(db: db, sequence: sequence)
    }

    /// Number of records of `table`.
    func count(_ table: String) -> Int { records[table]?.count ?? 0 }
}

/// Delta batches on top of the fixture.
enum Deltas {
    /// PUT of a new key in keyTable, DELETE of an existing one, UPDATE of another,
    /// and a PUT in userTable, at `sequence`...`sequence + 3`.
    static func mixed(_ om: OMFixture, at sequence: UInt64, tag: String = "new") -> OMEventBatch {
        let keys = om.records["keyTable"]!
        var b = OMEventBatch(firstSequence: sequence, lastSequence: sequence + 3)
        b.append(.put, table: "keyTable", key: Array("/vol1/bucket9/\(tag)-\(sequence)".utf8), value: [1, 2, 3, 4], sequence: sequence)
        b.append(.delete, table: "keyTable", key: keys[Int(sequence) % keys.count].key, value: keys[Int(sequence) % keys.count].value, sequence: sequence + 1)
        b.append(.update, table: "keyTable", key: keys[3].key, value: [9, 9], oldValue: keys[3].value, sequence: sequence + 2)
        b.append(.put, table: "userTable", key: Array("user-\(sequence)".utf8), value: [7], sequence: sequence + 3)
        return b
    }

    /// One PUT in fileTable at `sequence`.
    static func one(at sequence: UInt64, key: String? = nil) -> OMEventBatch {
        var b = OMEventBatch(firstSequence: sequence, lastSequence: sequence)
        b.append(.put, table: "fileTable", key: Array((key ?? "/-1/-2/3/zz-\(sequence)").utf8), value: [5, 5, 5], sequence: sequence)
        return b
    }
}
