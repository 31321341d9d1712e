import Foundation
import ReconRocksDB

/// Reads a ``BulkRunFile`` front to back through a buffer of its own.
final class BulkRunReader {
    private let fd: Int32
    private let path: String
    private var buffer: UnsafeMutableRawBufferPointer
    /// Unread bytes are `buffer[start..<end]`.
    private var start = 0
    private var end = 0
    private var atEOF = false
    /// The current write's key (valid until the next ``next()``).
    private(set) var key = UnsafeRawBufferPointer(start: nil, count: 0)
    /// The current write's value, nil for a delete (valid until the next ``next()``).
    private(set) var value: UnsafeRawBufferPointer?

    /// Opens the run at `path`; call ``next()`` for its first write.
    init(path: String, bufferBytes: Int = 1 << 20) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileSync.posixError("open", path) }
        self.fd = fd
        self.path = path
        buffer = .allocate(byteCount: max(64, bufferBytes), alignment: 8)
    }

    deinit {
        close(fd)
        buffer.deallocate()
    }

    /// Moves to the next write; false at the end of the run.
    func next() throws -> Bool {
        guard try fill(8) else {
            if end > start { throw corrupt("a truncated entry header") }
            return false
        }
        let base = UnsafeRawPointer(buffer.baseAddress!)
        let keyLength = Int(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: start, as: UInt32.self)))
        let rawValueLength = UInt32(littleEndian: base.loadUnaligned(fromByteOffset: start + 4, as: UInt32.self))
        let valueLength = rawValueLength == BulkRunFile.deleteMark ? 0 : Int(rawValueLength)
        let total = 8 + keyLength + valueLength
        guard try fill(total) else { throw corrupt("a truncated entry") }
        let p = UnsafeRawPointer(buffer.baseAddress!) + start + 8
        key = UnsafeRawBufferPointer(start: p, count: keyLength)
        value = rawValueLength == BulkRunFile.deleteMark
            ? nil : UnsafeRawBufferPointer(start: p + keyLength, count: valueLength)
        start += total
        return true
    }

    /// Makes `count` unread bytes available at `start`; false when the file ends first.
    private func fill(_ count: Int) throws -> Bool {
        if end - start >= count { return true }
        if start > 0 {
            let unread = end - start
            if unread > 0 { buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + start, byteCount: unread) }
            start = 0
            end = unread
        }
        if count > buffer.count {
            let bigger = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 8)
            bigger.baseAddress!.copyMemory(from: buffer.baseAddress!, byteCount: end)
            buffer.deallocate()
            buffer = bigger
        }
        while end < count && !atEOF {
            let n = read(fd, buffer.baseAddress! + end, buffer.count - end)
            if n < 0 {
                if errno == EINTR { continue }
                throw FileSync.posixError("read", path)
            }
            if n == 0 { atEOF = true } else { end += n }
        }
        return end >= count
    }

    private func corrupt(_ what: String) -> StorageError {
        StorageError(.corruption, "BulkRunReader", "\(what) in a sorted run", path: path)
    }
}
