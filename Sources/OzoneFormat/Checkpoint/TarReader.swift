/// Limits a ``TarReader`` enforces on an untrusted archive.
public struct TarLimits: Sendable, Equatable {
    /// Maximum archive bytes consumed (headers, data, padding) and maximum sum of entry sizes.
    public var maxTotalBytes: UInt64
    /// Maximum size of one entry.
    public var maxEntryBytes: UInt64
    /// Maximum number of entries (files and the skipped root directory).
    public var maxEntries: Int
    /// Maximum size of one pax or GNU long-name header, which is held in memory.
    public var maxMetadataBytes: Int

    /// Creates limits; `maxEntryBytes` defaults to `maxTotalBytes`.
    public init(maxTotalBytes: UInt64, maxEntryBytes: UInt64? = nil, maxEntries: Int = 100_000, maxMetadataBytes: Int = 1 << 20) {
        self.maxTotalBytes = maxTotalBytes
        self.maxEntryBytes = maxEntryBytes ?? maxTotalBytes
        self.maxEntries = maxEntries
        self.maxMetadataBytes = maxMetadataBytes
    }
}

/// One regular file of the archive.
public struct TarEntry: Sendable, Equatable {
    /// The file name: checked to be a plain top-level name (no `/`, no `..`).
    public var name: String
    /// Its size in bytes.
    public var size: UInt64
    /// Its permission bits.
    public var mode: UInt32
    /// Its modification time, seconds since the epoch.
    public var modificationTime: Int64
}

/// What the reader reports while it consumes the archive.
public enum TarEvent {
    /// A regular file begins.
    case entryStart(TarEntry)
    /// The next bytes of the current file, borrowed until the handler returns.
    case entryData(UnsafeRawBufferPointer)
    /// The current file is complete.
    case entryEnd
}

/// A streaming reader of ustar, GNU and pax tar archives, fed chunk by chunk: it never
/// needs the whole archive and copies no file data (``TarEvent/entryData(_:)`` borrows
/// from the chunk).
///
/// The archive is untrusted (a `/dbCheckpoint` download): the reader accepts only
/// regular files with plain top-level names plus the `./` directory entry, and refuses
/// with a precise ``TarError`` absolute paths, `..`, nested names, links, devices,
/// FIFOs, duplicates, bad checksums, entries and archives past the ``TarLimits``, and
/// truncation (EOF inside a header or an entry, or missing end-of-archive blocks —
/// checked by ``finish()``). After any error the reader refuses further input.
///
/// ```swift
/// var reader = TarReader(limits: TarLimits(maxTotalBytes: 1 << 30))
/// for chunk in chunks {
///     try chunk.withUnsafeBytes { try reader.consume($0) { event in ... } }
/// }
/// try reader.finish()
/// ```
public struct TarReader: Sendable {
    private enum State {
        /// Collecting a header block; `zeroBlocks` zero blocks seen just before.
        case header
        /// Streaming a regular file.
        case data(remaining: UInt64, padding: Int)
        /// Collecting a pax (`x`, `g`) or GNU long-name (`L`, `K`) header's data.
        case metadata(type: UInt8, remaining: UInt64, padding: Int, offset: UInt64)
        /// Skipping the padding after an entry.
        case padding(Int)
        /// Both end-of-archive blocks seen; only zero bytes may follow.
        case ended
        /// An error was thrown; nothing more is read.
        case failed(TarError)
    }

    /// The limits in force.
    public let limits: TarLimits
    private var state: State = .header
    private var block = [UInt8](repeating: 0, count: TarHeader.blockSize)
    private var blockFill = 0
    private var zeroBlocks = 0
    private var metadata: [UInt8] = []
    private var pendingPath: [UInt8]?
    private var pendingLink: [UInt8]?
    private var pendingSize: UInt64?
    /// Archive bytes consumed so far.
    public private(set) var bytesConsumed: UInt64 = 0
    private var declaredBytes: UInt64 = 0
    private var entryCount = 0
    private var names = Set<String>()
    private var current: TarEntry?

    /// A reader enforcing `limits`.
    public init(limits: TarLimits) {
        self.limits = limits
    }

    /// True once the end-of-archive blocks were read.
    public var isAtEnd: Bool {
        if case .ended = state { return true }
        return false
    }

    /// Consumes the next chunk of the archive, calling `handler` for each file start,
    /// data slice and file end, in order. Errors thrown by `handler` propagate and stop
    /// the reader.
    public mutating func consume(_ chunk: UnsafeRawBufferPointer, _ handler: (TarEvent) throws -> Void) throws {
        if case .failed(let error) = state { throw error }
        do {
            try run(chunk, handler)
        } catch let error as TarError {
            state = .failed(error)
            throw error
        } catch {
            state = .failed(.aborted)
            throw error
        }
    }

    /// Declares the end of the input: throws unless the archive ended properly.
    public mutating func finish() throws(TarError) {
        switch state {
        case .ended:
            return
        case .failed(let error):
            throw error
        case .header:
            if blockFill > 0 {
                throw fail(.truncated("end of input inside a header at offset \(bytesConsumed - UInt64(blockFill))"))
            }
            throw fail(.missingEndOfArchive)
        case .data(let remaining, _):
            let name = current?.name ?? "?"
            let size = current?.size ?? 0
            throw fail(.truncated("end of input inside entry '\(name)' after \(size - remaining) of \(size) bytes"))
        case .metadata(_, let remaining, _, let offset):
            throw fail(.truncated("end of input inside the extended header at offset \(offset), \(remaining) bytes missing"))
        case .padding:
            throw fail(.truncated("end of input inside the padding after entry '\(current?.name ?? "?")'"))
        }
    }

    private mutating func fail(_ error: TarError) -> TarError {
        state = .failed(error)
        return error
    }

    private mutating func run(_ chunk: UnsafeRawBufferPointer, _ handler: (TarEvent) throws -> Void) throws {
        let count = UInt64(chunk.count)
        guard count <= limits.maxTotalBytes &- bytesConsumed, bytesConsumed <= limits.maxTotalBytes else {
            throw TarError.archiveTooLarge(limit: limits.maxTotalBytes)
        }
        var p = 0
        while p < chunk.count {
            let available = chunk.count - p
            switch state {
            case .header:
                let take = min(TarHeader.blockSize - blockFill, available)
                block.withUnsafeMutableBytes { b in
                    b.baseAddress!.advanced(by: blockFill).copyMemory(from: chunk.baseAddress!.advanced(by: p), byteCount: take)
                }
                blockFill += take
                p += take
                bytesConsumed += UInt64(take)
                if blockFill == TarHeader.blockSize {
                    blockFill = 0
                    try headerBlockComplete(handler)
                }
            case .data(let remaining, let padding):
                let take = Int(min(UInt64(available), remaining))
                if take > 0 {
                    try handler(.entryData(UnsafeRawBufferPointer(rebasing: chunk[p..<(p + take)])))
                }
                p += take
                bytesConsumed += UInt64(take)
                if remaining == UInt64(take) {
                    try handler(.entryEnd)
                    state = padding > 0 ? .padding(padding) : .header
                } else {
                    state = .data(remaining: remaining - UInt64(take), padding: padding)
                }
            case .metadata(let type, let remaining, let padding, let offset):
                let take = Int(min(UInt64(available), remaining))
                metadata.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[p..<(p + take)]))
                p += take
                bytesConsumed += UInt64(take)
                if remaining == UInt64(take) {
                    try metadataComplete(type: type, offset: offset)
                    state = padding > 0 ? .padding(padding) : .header
                } else {
                    state = .metadata(type: type, remaining: remaining - UInt64(take), padding: padding, offset: offset)
                }
            case .padding(let remaining):
                let take = min(available, remaining)
                p += take
                bytesConsumed += UInt64(take)
                state = remaining == take ? .header : .padding(remaining - take)
            case .ended:
                for i in p..<chunk.count where chunk[i] != 0 {
                    throw TarError.dataAfterEnd(offset: bytesConsumed + UInt64(i - p))
                }
                bytesConsumed += UInt64(available)
                p = chunk.count
            case .failed(let error):
                throw error
            }
        }
    }

    /// Handles a complete 512-byte block in `block`.
    private mutating func headerBlockComplete(_ handler: (TarEvent) throws -> Void) throws {
        let offset = bytesConsumed - UInt64(TarHeader.blockSize)
        let header: TarHeader? = try block.withUnsafeBytes { raw throws(TarError) in
            if TarHeader.isZeroBlock(raw) { return nil }
            return try TarHeader(raw, offset: offset)
        }
        guard let header else {
            guard pendingPath == nil && pendingLink == nil && pendingSize == nil else {
                throw TarError.truncated("extended header at offset \(offset) is followed by the end of the archive")
            }
            zeroBlocks += 1
            if zeroBlocks == 2 { state = .ended }
            return
        }
        guard zeroBlocks == 0 else { throw TarError.unexpectedZeroBlock(offset: offset) }
        let size = pendingSize ?? header.size
        let padding = Int((UInt64(TarHeader.blockSize) - size % UInt64(TarHeader.blockSize)) % UInt64(TarHeader.blockSize))
        switch header.type {
        case UInt8(ascii: "x"), UInt8(ascii: "g"), UInt8(ascii: "L"), UInt8(ascii: "K"):
            guard header.size <= UInt64(limits.maxMetadataBytes) else {
                throw TarError.metadataTooLarge(offset: offset, size: header.size, limit: limits.maxMetadataBytes)
            }
            let metaPadding = Int((512 - header.size % 512) % 512)
            metadata.removeAll(keepingCapacity: true)
            if header.size == 0 {
                try metadataComplete(type: header.type, offset: offset)
                state = .header
            } else {
                state = .metadata(type: header.type, remaining: header.size, padding: metaPadding, offset: offset)
            }
            return
        default:
            break
        }
        let rawName = pendingPath ?? header.name
        let rawLink = pendingLink ?? header.linkName
        pendingPath = nil
        pendingLink = nil
        pendingSize = nil
        entryCount += 1
        guard entryCount <= limits.maxEntries else { throw TarError.tooManyEntries(limit: limits.maxEntries) }
        let display = String(decoding: rawName, as: UTF8.self)
        switch header.type {
        case UInt8(ascii: "0"), UInt8(ascii: "7"):
            break
        case UInt8(ascii: "5"):
            guard TarNamePolicy.isRootDirectory(rawName), size == 0 else { throw TarError.directory(display) }
            state = .header
            return
        case UInt8(ascii: "1"):
            throw TarError.hardLink(name: display, target: String(decoding: rawLink, as: UTF8.self))
        case UInt8(ascii: "2"):
            throw TarError.symbolicLink(name: display, target: String(decoding: rawLink, as: UTF8.self))
        case UInt8(ascii: "3"), UInt8(ascii: "4"), UInt8(ascii: "6"):
            throw TarError.specialFile(name: display, type: Character(Unicode.Scalar(header.type)))
        default:
            throw TarError.unsupportedEntryType(name: display, type: Character(Unicode.Scalar(header.type)))
        }
        let name = try TarNamePolicy.check(rawName)
        guard size <= limits.maxEntryBytes else {
            throw TarError.entryTooLarge(name: name, size: size, limit: limits.maxEntryBytes)
        }
        guard size <= limits.maxTotalBytes &- declaredBytes else { throw TarError.archiveTooLarge(limit: limits.maxTotalBytes) }
        declaredBytes += size
        guard names.insert(name).inserted else { throw TarError.duplicateName(name) }
        let entry = TarEntry(name: name, size: size, mode: header.mode, modificationTime: header.modificationTime)
        current = entry
        try handler(.entryStart(entry))
        if size == 0 {
            try handler(.entryEnd)
            state = .header
        } else {
            state = .data(remaining: size, padding: padding)
        }
    }

    /// Applies a complete pax or GNU long-name header to the next entry.
    private mutating func metadataComplete(type: UInt8, offset: UInt64) throws(TarError) {
        switch type {
        case UInt8(ascii: "x"):
            let values = try TarPaxRecords.parse(metadata, offset: offset)
            if let path = values.path { pendingPath = path }
            if let link = values.linkPath { pendingLink = link }
            if let size = values.size { pendingSize = size }
        case UInt8(ascii: "g"):
            // Global defaults: checked for form, not applied (Ozone never writes them).
            _ = try TarPaxRecords.parse(metadata, offset: offset)
        case UInt8(ascii: "L"):
            pendingPath = Array(metadata.prefix { $0 != 0 })
        default: // "K"
            pendingLink = Array(metadata.prefix { $0 != 0 })
        }
    }
}
