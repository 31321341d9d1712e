import Foundation
import OMSimulator
import OzoneFormat
import ReconRocksDB
import ReconTestSupport

/// Every entry of every column family of the DB at `path`, by table name, in key order.
func dumpTables(_ db: RocksDB) throws -> [String: [(key: [UInt8], value: [UInt8])]] {
    var out: [String: [(key: [UInt8], value: [UInt8])]] = [:]
    for cf in db.columnFamilies {
        var rows: [(key: [UInt8], value: [UInt8])] = []
        try db.forEach(cf) { k, v in
            rows.append((Array(k), Array(v)))
            return true
        }
        out[cf.name] = rows
    }
    return out
}

/// Opens the RocksDB at `path` read-write with all its column families (a replica or a
/// generated DB after its generator closed it).
func openAll(_ path: String) throws -> RocksDB {
    try RocksDB.open(path: path, columnFamilies: RocksDB.listColumnFamilies(path: path),
                     options: RocksDBOptions(blockCacheBytes: 0, createIfMissing: false))
}

/// The same tables with the same rows.
func sameContents(_ a: [String: [(key: [UInt8], value: [UInt8])]], _ b: [String: [(key: [UInt8], value: [UInt8])]]) -> Bool {
    guard Set(a.keys) == Set(b.keys) else { return false }
    for (name, rows) in a {
        guard let other = b[name], other.count == rows.count else { return false }
        for (x, y) in zip(rows, other) where x.key != y.key || x.value != y.value { return false }
    }
    return true
}

/// A generated DB in a fresh temporary directory.
struct GeneratedDB {
    let directory: TemporaryDirectory
    let path: String
    let summary: OMGenerationSummary

    init(keys: Int, seed: UInt64, label: String = "omsim") throws {
        directory = try TestPaths.makeTemporaryDirectory(label)
        path = directory.path + "/om.db"
        summary = try OMGenerator.generate(at: path, options: OMGeneratorOptions(keys: keys, seed: seed))
    }
}

/// Reads a ustar archive: names and contents of its regular files, checking checksums,
/// padding and the two zero blocks at the end.
func walkTar(_ bytes: [UInt8]) throws -> [(name: String, contents: [UInt8])] {
    struct Malformed: Error { var reason: String }
    var files: [(String, [UInt8])] = []
    var offset = 0
    while true {
        guard offset + 512 <= bytes.count else { throw Malformed(reason: "truncated header at \(offset)") }
        let header = Array(bytes[offset..<(offset + 512)])
        if header.allSatisfy({ $0 == 0 }) {
            guard offset + 1024 == bytes.count, bytes[offset...].allSatisfy({ $0 == 0 }) else {
                throw Malformed(reason: "end of archive at \(offset) is not two zero blocks ending the stream")
            }
            return files
        }
        func field(_ start: Int, _ length: Int) -> String {
            String(decoding: header[start..<(start + length)].prefix { $0 != 0 && $0 != 0x20 }, as: UTF8.self)
        }
        var sum = 0
        for (i, byte) in header.enumerated() { sum += (148..<156).contains(i) ? 0x20 : Int(byte) }
        guard Int(field(148, 8), radix: 8) == sum else { throw Malformed(reason: "bad checksum at \(offset)") }
        guard field(257, 6) == "ustar", header[156] == UInt8(ascii: "0") else { throw Malformed(reason: "not a ustar file entry") }
        let name = field(0, 100)
        guard let size = Int(field(124, 12), radix: 8) else { throw Malformed(reason: "bad size") }
        offset += 512
        files.append((name, Array(bytes[offset..<(offset + size)])))
        offset += (size + 511) / 512 * 512
    }
}

/// Takes a checkpoint tar of `om` in memory, extracts it into `path` and opens it.
func extractCheckpoint(_ om: SimulatedOM, into path: String) async throws -> RocksDB {
    var sink = TarMemorySink()
    try await om.writeCheckpointTar(to: &sink)
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    for file in try walkTar(sink.bytes) {
        try Data(file.contents).write(to: URL(fileURLWithPath: path + "/" + file.name))
    }
    return try openAll(path)
}
