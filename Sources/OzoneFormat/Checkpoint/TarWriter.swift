/// Where a ``TarWriter`` sends the archive, chunk by chunk (an HTTP response body, a file,
/// memory). Chunks arrive in order; each is at most a few MiB.
public protocol TarSink {
    /// Takes the next bytes of the archive.
    mutating func write(_ chunk: [UInt8]) async throws
}

/// Collects an archive in memory (tests, small archives).
public struct TarMemorySink: TarSink, Sendable {
    /// The archive so far.
    public var bytes: [UInt8] = []

    /// An empty sink.
    public init() {}

    public mutating func write(_ chunk: [UInt8]) async throws {
        bytes.append(contentsOf: chunk)
    }
}

/// Why a ``TarWriter`` refused a call.
public enum TarWriterError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The entry name is empty, holds a NUL byte, or is longer than 100 bytes.
    case invalidName(String)
    /// An entry got more or fewer data bytes than its header announced.
    case sizeMismatch(name: String, expected: UInt64, written: UInt64)
    /// `beginEntry` while an entry is open, or `finish` with one open.
    case entryOpen(String)
    /// Data or `endEntry` without an open entry.
    case noEntryOpen
    /// A call after `finish`.
    case finished

    /// One line.
    public var description: String {
        switch self {
        case let .invalidName(name): "invalid tar entry name '\(name)' (1-100 bytes, no NUL)"
        case let .sizeMismatch(name, expected, written): "tar entry '\(name)': \(written) bytes written, \(expected) announced"
        case let .entryOpen(name): "tar entry '\(name)' is still open"
        case .noEntryOpen: "no tar entry is open"
        case .finished: "the tar archive is already finished"
        }
    }
}

/// A streaming writer of plain POSIX ustar archives: regular files only, names up to 100
/// bytes (no prefix field, no pax records), 512-byte blocks, two zero blocks at the end —
/// the shape of the OM's `/dbCheckpoint` body (om-db-format.md §8.1). Sizes past the
/// 11-digit octal limit (8 GiB) use the base-256 encoding GNU tar and commons-compress read.
///
/// ```swift
/// var tar = TarWriter(sink: TarMemorySink())
/// try await tar.addFile(name: "CURRENT", contents: Array("MANIFEST-000005\n".utf8))
/// try await tar.beginEntry(name: "000007.sst", size: fileSize)
/// try await tar.write(chunk)            // as many chunks as the size announced
/// try await tar.endEntry()
/// try await tar.finish()
/// let archive = tar.sink.bytes
/// ```
public struct TarWriter<Sink: TarSink> {
    /// Size of a tar block.
    public static var blockSize: Int { 512 }

    /// The sink, for taking it back after ``finish()``.
    public private(set) var sink: Sink
    /// Archive bytes written so far.
    public private(set) var bytesWritten: UInt64 = 0

    private var current: (name: String, size: UInt64, written: UInt64)?
    private var isFinished = false

    /// A writer sending the archive to `sink`.
    public init(sink: Sink) {
        self.sink = sink
    }

    /// Writes the header of a regular file of `size` bytes; its data follows with
    /// ``write(_:)`` and ends with ``endEntry()``.
    /// - Parameters:
    ///   - mode: permission bits (default `0644`).
    ///   - modificationTime: seconds since the epoch.
    public mutating func beginEntry(name: String, size: UInt64, mode: UInt32 = 0o644, modificationTime: UInt64 = 0) async throws {
        guard !isFinished else { throw TarWriterError.finished }
        if let current { throw TarWriterError.entryOpen(current.name) }
        let header = try Self.header(name: name, size: size, mode: mode, modificationTime: modificationTime)
        try await emit(header)
        current = (name, size, 0)
    }

    /// Writes the next data bytes of the open entry.
    public mutating func write(_ chunk: [UInt8]) async throws {
        guard var entry = current else { throw TarWriterError.noEntryOpen }
        guard entry.written + UInt64(chunk.count) <= entry.size else {
            throw TarWriterError.sizeMismatch(name: entry.name, expected: entry.size, written: entry.written + UInt64(chunk.count))
        }
        if chunk.isEmpty { return }
        entry.written += UInt64(chunk.count)
        current = entry
        try await emit(chunk)
    }

    /// Ends the open entry: checks its size and pads it to a whole block.
    public mutating func endEntry() async throws {
        guard let entry = current else { throw TarWriterError.noEntryOpen }
        guard entry.written == entry.size else {
            throw TarWriterError.sizeMismatch(name: entry.name, expected: entry.size, written: entry.written)
        }
        current = nil
        let padding = Self.paddingCount(forSize: entry.size)
        if padding > 0 { try await emit([UInt8](repeating: 0, count: padding)) }
    }

    /// Writes a whole file held in memory.
    public mutating func addFile(name: String, contents: [UInt8], mode: UInt32 = 0o644, modificationTime: UInt64 = 0) async throws {
        try await beginEntry(name: name, size: UInt64(contents.count), mode: mode, modificationTime: modificationTime)
        try await write(contents)
        try await endEntry()
    }

    /// Ends the archive with two zero blocks. No entry may be open.
    public mutating func finish() async throws {
        guard !isFinished else { throw TarWriterError.finished }
        if let current { throw TarWriterError.entryOpen(current.name) }
        isFinished = true
        try await emit([UInt8](repeating: 0, count: 2 * Self.blockSize))
    }

    private mutating func emit(_ bytes: [UInt8]) async throws {
        try await sink.write(bytes)
        bytesWritten += UInt64(bytes.count)
    }

    /// Zero bytes that follow `size` data bytes to fill the last block.
    public static func paddingCount(forSize size: UInt64) -> Int {
        let rest = Int(size % UInt64(blockSize))
        return rest == 0 ? 0 : blockSize - rest
    }

    /// The 512-byte ustar header of a regular file.
    public static func header(name: String, size: UInt64, mode: UInt32 = 0o644, modificationTime: UInt64 = 0) throws -> [UInt8] {
        let nameBytes = Array(name.utf8)
        guard !nameBytes.isEmpty, nameBytes.count <= 100, !nameBytes.contains(0) else {
            throw TarWriterError.invalidName(name)
        }
        var h = [UInt8](repeating: 0, count: blockSize)
        h.replaceSubrange(0..<nameBytes.count, with: nameBytes)
        octal(UInt64(mode & 0o7777), into: &h, at: 100, width: 8)
        octal(0, into: &h, at: 108, width: 8)          // uid
        octal(0, into: &h, at: 116, width: 8)          // gid
        if size < 0o77777777777 {
            octal(size, into: &h, at: 124, width: 12)
        } else {
            // Base-256: high bit of the first byte set, big-endian value in the rest.
            h[124] = 0x80
            for i in 0..<8 { h[135 - i] = UInt8(truncatingIfNeeded: size >> (8 * UInt64(i))) }
        }
        octal(min(modificationTime, 0o77777777777), into: &h, at: 136, width: 12)
        h[156] = UInt8(ascii: "0")                     // regular file
        h.replaceSubrange(257..<263, with: Array("ustar\0".utf8))
        h.replaceSubrange(263..<265, with: Array("00".utf8))
        // Checksum: the header summed with the checksum field as eight spaces.
        for i in 148..<156 { h[i] = 0x20 }
        let sum = h.reduce(UInt64(0)) { $0 + UInt64($1) }
        octal(sum, into: &h, at: 148, width: 7)        // six digits, NUL, then the space kept
        return h
    }

    /// `value` as zero-padded octal filling `width − 1` digits, then a NUL.
    private static func octal(_ value: UInt64, into h: inout [UInt8], at offset: Int, width: Int) {
        var v = value
        var i = offset + width - 2
        while i >= offset {
            h[i] = UInt8(ascii: "0") + UInt8(v & 7)
            v >>= 3
            i -= 1
        }
        h[offset + width - 1] = 0
    }
}
