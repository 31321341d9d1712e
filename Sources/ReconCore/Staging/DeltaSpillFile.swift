import Foundation
import ReconRocksDB

/// An append-only file of ``OMEventBatch``es, read back by offset (each attempt of a
/// staged reprocess replays it from the start): where the delta buffer puts batches
/// beyond its memory bound. Used by one owner under its lock.
///
/// Frame: `u32 length` then the payload, little-endian:
/// `u64 first, u64 last, u32 tables, (u32 len, bytes)*, u32 events,
///  (u8 action, u16 table, u64 sequence, u32 keyLen, u32 valueLen, u32 oldLen | 0xFFFFFFFF, key, value, old)*`.
///
/// The file is scratch: it is never read after a restart (the staged run it
/// belongs to dies with the process), so it carries no checksums and is not synced.
final class DeltaSpillFile {
    /// Its location.
    let url: URL
    private let fd: Int32
    private var writeOffset: UInt64 = 0
    private var scratch: [UInt8] = []
    /// Frames written.
    private(set) var count = 0

    /// Creates (truncating) the file at `url`.
    init(url: URL) throws {
        self.url = url
        fd = open(url.path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw FileSync.posixError("open", url.path) }
    }

    deinit { Foundation.close(fd) }

    /// Bytes written.
    var size: UInt64 { writeOffset }

    /// Appends `batch`. On failure nothing is appended.
    func append(_ batch: OMEventBatch) throws {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: [0, 0, 0, 0])
        put64(batch.firstSequence)
        put64(batch.lastSequence)
        put32(batch.tables.count)
        for table in batch.tables {
            put32(table.utf8.count)
            scratch.append(contentsOf: table.utf8)
        }
        put32(batch.events.count)
        batch.storage.withUnsafeBufferPointer { storage in
            for e in batch.events {
                scratch.append(e.action.rawValue)
                scratch.append(UInt8(truncatingIfNeeded: e.tableIndex))
                scratch.append(UInt8(truncatingIfNeeded: e.tableIndex >> 8))
                put64(e.sequence)
                put32(e.key.count)
                put32(e.value.count)
                put32(e.oldValue?.count ?? 0xFFFF_FFFF)
                scratch.append(contentsOf: storage[e.key])
                scratch.append(contentsOf: storage[e.value])
                if let old = e.oldValue { scratch.append(contentsOf: storage[old]) }
            }
        }
        let length = scratch.count - 4
        guard length <= Int(UInt32.max) else {
            throw StorageError(.invalidArgument, "spill", "a batch of \(length) bytes is too large to spill", path: url.path)
        }
        for i in 0..<4 { scratch[i] = UInt8(truncatingIfNeeded: length >> (8 * i)) }
        try scratch.withUnsafeBytes { try writeAll($0, at: writeOffset) }
        writeOffset += UInt64(scratch.count)
        count += 1
    }

    /// The batch whose frame starts at `offset`, and the offset of the next frame.
    func read(at offset: UInt64) throws -> (batch: OMEventBatch, next: UInt64) {
        guard offset < writeOffset else {
            throw StorageError(.invalidArgument, "spill", "no frame at \(offset)", path: url.path)
        }
        var header = [UInt8](repeating: 0, count: 4)
        try header.withUnsafeMutableBytes { try readAll($0, at: offset) }
        let length = header.enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        var payload = [UInt8](repeating: 0, count: length)
        try payload.withUnsafeMutableBytes { try readAll($0, at: offset + 4) }
        let batch = try payload.withUnsafeBytes { try decode($0, at: offset) }
        return (batch, offset + 4 + UInt64(length))
    }

    /// Closes and deletes the file.
    func remove() {
        unlink(url.path)
    }

    // MARK: Encoding

    private func put32(_ v: Int) {
        let u = UInt32(truncatingIfNeeded: v)
        for i in 0..<4 { scratch.append(UInt8(truncatingIfNeeded: u >> (8 * UInt32(i)))) }
    }

    private func put64(_ v: UInt64) {
        for i in 0..<8 { scratch.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(i)))) }
    }

    private func decode(_ p: UnsafeRawBufferPointer, at frame: UInt64) throws -> OMEventBatch {
        var at = 0
        func take(_ n: Int) throws -> UnsafeRawBufferPointer {
            guard at + n <= p.count else {
                throw StorageError(.corruption, "spill", "truncated frame at \(frame)", path: url.path)
            }
            defer { at += n }
            return UnsafeRawBufferPointer(rebasing: p[at..<(at + n)])
        }
        func u(_ n: Int) throws -> UInt64 {
            try take(n).reversed().reduce(0) { $0 << 8 | UInt64($1) }
        }
        var batch = OMEventBatch(firstSequence: try u(8), lastSequence: try u(8))
        var tables: [String] = []
        for _ in 0..<(try u(4)) {
            tables.append(String(decoding: try take(Int(try u(4))), as: UTF8.self))
        }
        for _ in 0..<(try u(4)) {
            guard let action = OMEventAction(rawValue: UInt8(try u(1))) else {
                throw StorageError(.corruption, "spill", "bad action at \(frame)", path: url.path)
            }
            let table = Int(try u(2))
            guard table < tables.count else {
                throw StorageError(.corruption, "spill", "bad table index at \(frame)", path: url.path)
            }
            let sequence = try u(8)
            let keyLength = Int(try u(4)), valueLength = Int(try u(4))
            let oldLength = try u(4)
            let key = try take(keyLength), value = try take(valueLength)
            let old = oldLength == 0xFFFF_FFFF ? nil : try take(Int(oldLength))
            batch.append(action, table: tables[table], key: key, value: value, oldValue: old, sequence: sequence)
        }
        return batch
    }

    // MARK: I/O

    private func writeAll(_ buffer: UnsafeRawBufferPointer, at offset: UInt64) throws {
        var done = 0
        while done < buffer.count {
            let n = pwrite(fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                throw FileSync.posixError("write", url.path)
            }
            done += n
        }
    }

    private func readAll(_ buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) throws {
        var done = 0
        while done < buffer.count {
            let n = pread(fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                throw FileSync.posixError("read", url.path)
            }
            if n == 0 { throw StorageError(.corruption, "spill", "unexpected end of file at \(offset + UInt64(done))", path: url.path) }
            done += n
        }
    }
}
