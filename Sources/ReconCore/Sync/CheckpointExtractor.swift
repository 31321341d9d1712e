import Foundation
import OzoneFormat
import ReconRocksDB
import Synchronization

/// Writes the files of a checkpoint tar archive into an empty directory as the
/// archive streams in (``TarReader`` checks every entry first), then makes them
/// durable: each file is fsynced when complete, the directory by ``finish()``.
///
/// Feed it with ``consume(_:)`` in archive order from one task at a time.
final class CheckpointExtractor: Sendable {
    /// What was extracted.
    struct Summary: Sendable {
        /// Regular files written.
        var files: Int
        /// Bytes of file data written.
        var bytes: UInt64
        /// Archive bytes read.
        var archiveBytes: UInt64
    }

    /// The files being written; used under the extractor's lock only.
    private final class FileWriter {
        var directoryFD: Int32
        var fileFD: Int32 = -1
        var fileName = ""
        var summary = Summary(files: 0, bytes: 0, archiveBytes: 0)

        init(directoryFD: Int32) { self.directoryFD = directoryFD }

        deinit { closeAll() }

        func handle(_ event: TarEvent) throws {
            switch event {
            case .entryStart(let entry):
                let fd = openat(directoryFD, entry.name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
                guard fd >= 0 else { throw FileSync.posixError("create", entry.name) }
                fileFD = fd
                fileName = entry.name
            case .entryData(let bytes):
                var offset = 0
                while offset < bytes.count {
                    let n = write(fileFD, bytes.baseAddress! + offset, bytes.count - offset)
                    if n < 0 {
                        if errno == EINTR { continue }
                        throw FileSync.posixError("write", fileName)
                    }
                    offset += n
                }
                summary.bytes += UInt64(bytes.count)
            case .entryEnd:
                guard fsync(fileFD) == 0 else { throw FileSync.posixError("fsync", fileName) }
                let fd = fileFD
                fileFD = -1
                guard close(fd) == 0 else { throw FileSync.posixError("close", fileName) }
                summary.files += 1
            }
        }

        func closeAll() {
            if fileFD >= 0 { close(fileFD) }
            if directoryFD >= 0 { close(directoryFD) }
            fileFD = -1
            directoryFD = -1
        }
    }

    private struct State {
        var reader: TarReader
        let writer: FileWriter
    }

    /// The target directory.
    let directory: URL
    private let state: Mutex<State>

    /// Extracts into `directory` (which must exist and be empty) under `limits`.
    init(directory: URL, limits: TarLimits) throws {
        let fd = open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw FileSync.posixError("open", directory.path) }
        self.directory = directory
        self.state = Mutex(State(reader: TarReader(limits: limits), writer: FileWriter(directoryFD: fd)))
    }

    /// Consumes the next chunk of the archive. Throws ``TarError`` for a refused
    /// archive and ``StorageError`` for a local write failure.
    func consume(_ chunk: ArraySlice<UInt8>) throws {
        try state.withLock { s in
            let writer = s.writer
            try chunk.withUnsafeBytes { raw in
                try s.reader.consume(raw) { event in try writer.handle(event) }
            }
        }
    }

    /// Checks that the archive ended properly, fsyncs the directory and closes it.
    func finish() throws -> Summary {
        try state.withLock { s in
            try s.reader.finish()
            guard fsync(s.writer.directoryFD) == 0 else { throw FileSync.posixError("fsync", directory.path) }
            s.writer.summary.archiveBytes = s.reader.bytesConsumed
            s.writer.closeAll()
            return s.writer.summary
        }
    }

    /// Closes any open file (after a failure; the caller deletes the directory).
    func abandon() {
        state.withLock { $0.writer.closeAll() }
    }
}
