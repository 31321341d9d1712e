import Foundation
import OzoneFormat
import ReconRocksDB

/// Streams a fresh RocksDB checkpoint as the OM's v1 `/dbCheckpoint` body
/// (om-db-format.md §8.1): a plain tar with the checkpoint's files at the top level of the
/// archive (`CURRENT`, `MANIFEST-*`, `OPTIONS-*`, `*.sst`, `*.log`) followed by the empty
/// marker `OZONE_RATIS_SNAPSHOT_COMPLETE`. Files are read in 1 MiB chunks; the checkpoint
/// (hard links next to the DB) is deleted afterwards, also on failure.
enum CheckpointArchive {
    static let markerFile = "OZONE_RATIS_SNAPSHOT_COMPLETE"
    static let chunkSize = 1 << 20
    /// Numbers the temporary checkpoint directories of this process.
    private static let counter = Locked(0)

    /// Creates a checkpoint of `db` under `parent` and writes it to `sink`.
    static func write<Sink: TarSink>(db: RocksDB, parent: String, to sink: inout Sink) async throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: parent, withIntermediateDirectories: true)
        let millis = UInt64(Date().timeIntervalSince1970 * 1000)
        let serial = counter.withLock { n -> Int in n += 1; return n }
        let directory = parent + "/om.db_checkpoint_\(millis)_\(getpid())_\(serial)"
        defer { try? fm.removeItem(atPath: directory) }
        // Like the OM's RDBCheckpointManager: flush memtables, then link the live files.
        try db.createCheckpoint(at: directory, logSizeForFlush: 0)
        let names = try fm.contentsOfDirectory(atPath: directory).sorted()
        var tar = TarWriter(sink: sink)
        var buffer = [UInt8](repeating: 0, count: chunkSize)
        for name in names {
            let path = directory + "/" + name
            let attributes = try fm.attributesOfItem(atPath: path)
            guard attributes[.type] as? FileAttributeType == .typeRegular,
                  let size = (attributes[.size] as? NSNumber)?.uint64Value else { continue }
            let mtime = (attributes[.modificationDate] as? Date).map { UInt64(max(0, $0.timeIntervalSince1970)) } ?? 0
            try await tar.beginEntry(name: name, size: size, modificationTime: mtime)
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
            }
            defer { try? handle.close() }
            var remaining = size
            while remaining > 0 {
                let want = Int(min(UInt64(chunkSize), remaining))
                let got = try buffer.withUnsafeMutableBytes { raw in
                    try Self.readFully(handle.fileDescriptor, into: raw.baseAddress!, count: want)
                }
                guard got == want else { throw CocoaError(.fileReadCorruptFile, userInfo: [NSFilePathErrorKey: path]) }
                try await tar.write(got == chunkSize ? buffer : Array(buffer[0..<got]))
                remaining -= UInt64(got)
            }
            try await tar.endEntry()
        }
        try await tar.addFile(name: markerFile, contents: [], modificationTime: millis / 1000)
        try await tar.finish()
        sink = tar.sink
    }

    /// Reads up to `count` bytes, retrying short reads; returns the bytes read (less only at
    /// the end of the file).
    private static func readFully(_ fd: Int32, into base: UnsafeMutableRawPointer, count: Int) throws -> Int {
        var done = 0
        while done < count {
            let n = read(fd, base + done, count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
            }
            if n == 0 { break }
            done += n
        }
        return done
    }
}
