import Foundation
import OzoneFormat
import ReconCore
import ReconRocksDB
import ReconTestSupport
import Synchronization

/// A stand-in OM for tests: a real RocksDB with the OM's column families (plus one
/// the catalog does not know), whose write batches are kept as its "WAL", and whose
/// checkpoints are served as flat tar archives like Ozone's `/dbCheckpoint`.
final class FakeOM: Sendable {
    /// Column families created, in order.
    static let tables = OMTable.allCases.map(\.name) + ["extraTable"]

    let directory: TemporaryDirectory
    let db: RocksDB
    private let wal = Mutex<[[UInt8]]>([])
    private let checkpoints = Mutex(0)

    init() throws {
        directory = try TestPaths.makeTemporaryDirectory("fake-om")
        db = try RocksDB.open(
            path: directory.file("om.db").path, columnFamilies: Self.tables, options: TestOptions.rocksDB(create: true))
    }

    deinit {
        db.close()
        directory.remove()
    }

    /// The OM id of `table`.
    func id(_ table: String) -> UInt32 { db.columnFamily(named: table)!.id }

    /// The OM's latest sequence number.
    var latestSequence: UInt64 { try! db.latestSequenceNumber }

    /// Applies one write batch built by `build` and records it in the WAL. Returns its bytes.
    @discardableResult
    func write(_ build: (inout WriteBatchBuilder, FakeOM) -> Void) throws -> [UInt8] {
        var builder = WriteBatchBuilder(sequence: latestSequence + 1)
        build(&builder, self)
        try db.write(try RocksDB.WriteBatch(data: builder.bytes), sync: false)
        precondition(builder.count == 0 || latestSequence == builder.sequence + UInt64(builder.count) - 1)
        wal.withLock { $0.append(builder.bytes) }
        return builder.bytes
    }

    /// Convenience: one put.
    func put(_ table: String, _ key: String, _ value: String) throws {
        try write { b, om in b.put(columnFamily: om.id(table), key: Array(key.utf8), value: Array(value.utf8)) }
    }

    /// The WAL batches, in order.
    var batches: [[UInt8]] { wal.withLock { $0 } }

    /// Ozone's `RDBStore.getUpdatesSince(sequence, limit)` over the recorded WAL
    /// (om-db-format.md §7.2).
    func updates(since sequence: UInt64, limit: Int) throws -> OMDeltaUpdates {
        var out: [[UInt8]] = []
        var last = OMDeltaUpdates.noBatches
        for batch in batches {
            let start = batch.withUnsafeBytes { try! WriteBatchReader.header(of: $0).sequence }
            if start <= sequence { continue }
            if out.isEmpty && start > sequence + 1 {
                throw OMSourceError.sequenceNumberNotFound("sequence \(sequence + 1) was flushed")
            }
            out.append(batch)
            last = start
            if start - sequence >= UInt64(limit) { break }
        }
        return OMDeltaUpdates(batches: out, sequenceNumber: last, latestSequenceNumber: latestSequence)
    }

    /// A checkpoint of the DB as a flat tar (a `./` entry, every file, the Ratis marker).
    func checkpointTar() throws -> [UInt8] {
        let n = checkpoints.withLock { n in n += 1; return n }
        let dir = directory.file("checkpoint-\(n)")
        try db.createCheckpoint(at: dir.path)
        defer { try? FileManager.default.removeItem(at: dir) }
        var tar = TestTarWriter()
        tar.add("./", type: .directory)
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() {
            tar.add(name, data: [UInt8](try Data(contentsOf: dir.appendingPathComponent(name))))
        }
        tar.add("OZONE_RATIS_SNAPSHOT_COMPLETE")
        tar.finish()
        return tar.bytes
    }

    /// Every (key, value) of every table, in key order.
    func contents() throws -> [String: [[UInt8]: [UInt8]]] {
        var result: [String: [[UInt8]: [UInt8]]] = [:]
        for table in Self.tables {
            var rows: [[UInt8]: [UInt8]] = [:]
            try db.forEach(db.columnFamily(named: table)!) { k, v in
                rows[Array(k)] = Array(v)
                return true
            }
            result[table] = rows
        }
        return result
    }
}

/// Small RocksDB options for tests.
enum TestOptions {
    static func rocksDB(create: Bool) -> RocksDBOptions {
        RocksDBOptions(
            blockCacheBytes: 1 << 20, writeBufferBytes: 1 << 20, maxOpenFiles: 64, compression: .none,
            createIfMissing: create, parallelism: 2)
    }
}

/// Every (key, value) of every table of `replica`.
func replicaContents(_ replica: OMReplica) throws -> [String: [[UInt8]: [UInt8]]] {
    var result: [String: [[UInt8]: [UInt8]]] = [:]
    for table in FakeOM.tables {
        var rows: [[UInt8]: [UInt8]] = [:]
        try replica.forEach(table: table) { k, v in
            rows[Array(k)] = Array(v)
            return true
        }
        result[table] = rows
    }
    return result
}
