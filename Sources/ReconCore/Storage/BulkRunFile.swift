import Foundation
import ReconRocksDB

/// A sorted run: the latest write of each key of one ``BulkRows`` collection, in
/// strictly increasing key order, spilled to a temporary file so that a bulk-built
/// table's collections can be merged once at the end (``BulkRunMerge``) instead of
/// being ingested as overlapping table files that RocksDB then has to compact.
///
/// Format, per write: key length (UInt32, little-endian), value length (UInt32,
/// little-endian; `UInt32.max` for a delete), key bytes, value bytes. No checksum: a
/// run lives only as long as the build that wrote it (a crash discards the staged
/// generation and its runs with it).
enum BulkRunFile {
    static let deleteMark = UInt32.max
    private static let bufferBytes = 1 << 20

    /// Sorts `rows` and writes the latest write of each key to a new file at `path`.
    static func write(_ rows: inout BulkRows, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw StorageError(.io, "open", String(cString: strerror(errno)), path: path) }
        defer { close(fd) }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(bufferBytes + 64 << 10)
        func flush() throws {
            try buffer.withUnsafeBytes { try writeAll(fd, $0, path) }
            buffer.removeAll(keepingCapacity: true)
        }
        try rows.forEachLatestSorted { key, value in
            appendLength(&buffer, key.count)
            if let value {
                appendLength(&buffer, value.count)
                buffer.append(contentsOf: key)
                buffer.append(contentsOf: value)
            } else {
                appendLength(&buffer, Int(deleteMark))
                buffer.append(contentsOf: key)
            }
            if buffer.count >= bufferBytes { try flush() }
        }
        try flush()
    }

    private static func appendLength(_ buffer: inout [UInt8], _ n: Int) {
        withUnsafeBytes(of: UInt32(truncatingIfNeeded: n).littleEndian) { buffer.append(contentsOf: $0) }
    }

    private static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, _ path: String) throws {
        var done = 0
        while done < bytes.count {
            let n = Foundation.write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw StorageError(.io, "write", String(cString: strerror(errno)), path: path)
            }
            done += n
        }
    }
}
