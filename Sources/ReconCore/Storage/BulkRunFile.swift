import Foundation
import ReconRocksDB

/// A sorted run: the latest write of each key of one ``BulkRows`` collection (or of
/// several runs merged), in strictly increasing key order, spilled to a temporary file
/// so that a bulk-built table's collections can be merged once at the end
/// (``BulkRunMerge``) instead of being ingested as overlapping table files that
/// RocksDB then has to compact.
///
/// Format, per write: key length (UInt32, little-endian), value length (UInt32,
/// little-endian; `UInt32.max` for a delete), key bytes, value bytes. No checksum: a
/// run lives only as long as the build that wrote it (a crash discards the staged
/// generation and its runs with it).
struct BulkRunFile: ~Copyable {
    static let deleteMark = UInt32.max
    private static let bufferBytes = 1 << 20

    private let fd: Int32
    private let path: String
    private var buffer: [UInt8] = []

    /// Creates (or truncates) the run file at `path`.
    init(creating path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw FileSync.posixError("open", path) }
        self.fd = fd
        self.path = path
        buffer.reserveCapacity(Self.bufferBytes + 64 << 10)
    }

    deinit { close(fd) }

    /// Appends a write; `key` must sort after every key appended before.
    mutating func append(_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer?) throws {
        appendLength(key.count)
        if let value {
            appendLength(value.count)
            buffer.append(contentsOf: key)
            buffer.append(contentsOf: value)
        } else {
            appendLength(Int(Self.deleteMark))
            buffer.append(contentsOf: key)
        }
        if buffer.count >= Self.bufferBytes { try flush() }
    }

    /// Writes what is buffered and closes the file.
    consuming func finish() throws {
        try flush()
    }

    /// Sorts `rows` and writes the latest write of each key to a new file at `path`.
    static func write(_ rows: inout BulkRows, to path: String) throws {
        var file = try BulkRunFile(creating: path)
        try rows.forEachLatestSorted { key, value in try file.append(key, value) }
        try file.finish()
    }

    private mutating func appendLength(_ n: Int) {
        withUnsafeBytes(of: UInt32(truncatingIfNeeded: n).littleEndian) { buffer.append(contentsOf: $0) }
    }

    private mutating func flush() throws {
        try buffer.withUnsafeBytes { try FileSync.writeAll(fd, $0, path: path) }
        buffer.removeAll(keepingCapacity: true)
    }
}
