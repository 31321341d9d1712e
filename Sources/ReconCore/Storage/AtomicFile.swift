import ReconRocksDB
import Foundation

/// Replaces small files atomically: write `<name>.tmp`, fsync it, rename it over
/// `<name>`, fsync the directory. After a crash at any point the file holds either
/// the old or the new contents, never a mix.
public enum AtomicFile {
    /// The trimmed text of a small pointer file such as `CURRENT`, or nil when it does
    /// not exist. Other read failures throw an `io` error naming the file.
    public static func readPointer(_ url: URL) throws -> String? {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            if !FileManager.default.fileExists(atPath: url.path) { return nil }
            throw StorageError(.io, "read", "\(error)", path: url.path)
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Atomically replaces the file at `url` with `contents`.
    public static func write(_ contents: [UInt8], to url: URL) throws {
        let path = url.path
        let tmp = path + ".tmp"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileSync.posixError("open", tmp) }
        do {
            try contents.withUnsafeBytes { try FileSync.writeAll(fd, $0, path: tmp) }
            guard fsync(fd) == 0 else { throw FileSync.posixError("fsync", tmp) }
        } catch {
            close(fd)
            unlink(tmp)
            throw error
        }
        guard close(fd) == 0 else { throw FileSync.posixError("close", tmp) }
        guard rename(tmp, path) == 0 else { throw FileSync.posixError("rename", path) }
        try FileSync.syncDirectory(url.deletingLastPathComponent())
    }

    /// Atomically replaces the file at `url` with the UTF-8 of `text`.
    public static func write(_ text: String, to url: URL) throws {
        try write(Array(text.utf8), to: url)
    }
}

/// fsync helpers for files and directories.
public enum FileSync {
    /// Makes the entries of `directory` (creations, renames, deletions) durable.
    public static func syncDirectory(_ directory: URL) throws {
        let path = directory.path
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw posixError("open", path) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw posixError("fsync", path) }
    }

    /// Makes the contents of the file at `url` durable.
    public static func syncFile(_ url: URL) throws {
        let path = url.path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw posixError("open", path) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw posixError("fsync", path) }
    }

    /// Writes all of `bytes` to `fd` (retrying short writes and interruptions).
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let n = Foundation.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw posixError("write", path)
            }
            offset += n
        }
    }

    /// A ``StorageError`` for the current `errno`.
    static func posixError(_ operation: String, _ path: String) -> StorageError {
        let code = errno
        return StorageError(.io, operation, String(cString: strerror(code)) + " (errno \(code))", path: path)
    }
}
