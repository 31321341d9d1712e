import Foundation
import ReconRocksDB

/// A sorted run: the latest write of each key of one ``BulkRows`` collection (or of
/// several runs merged), in strictly increasing key order, spilled to a temporary file
/// so that a bulk-built table's collections can be merged once at the end
/// (``BulkRunMerge``) instead of being ingested as overlapping table files that
/// RocksDB then has to compact.
///
/// Format, per write, keys prefix-compressed against the previous key (sorted keys
/// share long prefixes: paths, container ids), lengths as LEB128 varints: bytes shared
/// with the previous key, length of the rest of the key, value length + 1 (0 for a
/// delete), the rest of the key, the value. No checksum: a run lives only as long as the
/// build that wrote it (a crash discards the staged generation and its runs with it).
struct BulkRunFile: ~Copyable {
    private static let bufferBytes = 1 << 20

    private let fd: Int32
    private let path: String
    private var buffer: [UInt8] = []
    private var previousKey: [UInt8] = []

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
        let shared = previousKey.withUnsafeBytes { Self.sharedPrefix($0, key) }
        appendVarint(UInt64(shared))
        appendVarint(UInt64(key.count - shared))
        appendVarint(value.map { UInt64($0.count) + 1 } ?? 0)
        buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: key[shared...]))
        if let value { buffer.append(contentsOf: value) }
        previousKey.removeAll(keepingCapacity: true)
        previousKey.append(contentsOf: key)
        if buffer.count >= Self.bufferBytes { try flush() }
    }

    /// How many leading bytes `a` and `b` share (8 at a time).
    private static func sharedPrefix(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let n = min(a.count, b.count)
        var i = 0
        while i + 8 <= n {
            let x = a.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ b.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            if x != 0 { return i + UInt64(littleEndian: x).trailingZeroBitCount / 8 }
            i += 8
        }
        while i < n && a[i] == b[i] { i += 1 }
        return i
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

    private mutating func appendVarint(_ n: UInt64) {
        var n = n
        while n >= 0x80 {
            buffer.append(UInt8(truncatingIfNeeded: n) | 0x80)
            n >>= 7
        }
        buffer.append(UInt8(n))
    }

    private mutating func flush() throws {
        try buffer.withUnsafeBytes { try FileSync.writeAll(fd, $0, path: path) }
        buffer.removeAll(keepingCapacity: true)
    }
}
