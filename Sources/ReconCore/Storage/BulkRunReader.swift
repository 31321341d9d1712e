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
    /// The current key, rebuilt from the previous key's shared prefix and the stored rest.
    private var keyBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256, alignment: 8)

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
        keyBuffer.deallocate()
    }

    /// Moves to the next write; false at the end of the run.
    func next() throws -> Bool {
        var offset = 0
        guard let shared = try varint(&offset) else {
            if end > start { throw corrupt("a truncated entry header") }
            return false
        }
        guard let suffix = try varint(&offset), let rawValue = try varint(&offset) else {
            throw corrupt("a truncated entry header")
        }
        guard shared <= UInt64(key.count), suffix < UInt64(Int32.max), rawValue <= UInt64(Int32.max) else {
            throw corrupt("an impossible entry header")
        }
        let keyLength = Int(shared) + Int(suffix)
        let valueLength = rawValue == 0 ? 0 : Int(rawValue) - 1
        let total = offset + Int(suffix) + valueLength
        guard try fill(total) else { throw corrupt("a truncated entry") }
        if keyLength > keyBuffer.count {
            let bigger = UnsafeMutableRawBufferPointer.allocate(byteCount: max(keyLength, 2 * keyBuffer.count), alignment: 8)
            bigger.baseAddress!.copyMemory(from: keyBuffer.baseAddress!, byteCount: Int(shared))
            keyBuffer.deallocate()
            keyBuffer = bigger
        }
        let p = UnsafeRawPointer(buffer.baseAddress!) + start + offset
        (keyBuffer.baseAddress! + Int(shared)).copyMemory(from: p, byteCount: Int(suffix))
        key = UnsafeRawBufferPointer(start: keyBuffer.baseAddress!, count: keyLength)
        value = rawValue == 0 ? nil : UnsafeRawBufferPointer(start: p + Int(suffix), count: valueLength)
        start += total
        return true
    }

    /// Reads a LEB128 varint at `offset` bytes after `start`; nil when the file ends first.
    private func varint(_ offset: inout Int) throws -> UInt64? {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard try fill(offset + 1) else { return nil }
            let byte = buffer[start + offset]
            offset += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
            guard shift < 64 else { throw corrupt("a malformed length") }
        }
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
