import Foundation
import ReconRocksDB

/// The on-disk layout of the OM replica under `<data_dir>/om/`:
///
/// ```
/// CURRENT            names the live replica, e.g. "db-000000000007\n"
/// db-000000000007/   the live replica (a RocksDB directory)
/// staging-<uuid>/    a checkpoint being extracted (deleted on failure and at startup)
/// ```
///
/// CURRENT is replaced by write-tmp/fsync/rename/fsync-dir (``AtomicFile``), so after
/// a crash it names either the old or the new replica, each whole. Every other
/// `db-*`, `staging-*` and `CURRENT.tmp` is a leftover that ``removeLeftovers()`` deletes.
public struct OMReplicaDirectory: Sendable {
    /// `<data_dir>/om`.
    public let root: URL

    /// The pointer file's name.
    public static let currentFileName = "CURRENT"
    static let replicaPrefix = "db-"
    static let stagingPrefix = "staging-"

    /// Uses (and creates when missing) `root`.
    public init(root: URL) throws {
        self.root = root
        do {
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        } catch {
            throw StorageError(.io, "createDirectory", "\(error)", path: root.path)
        }
    }

    /// The directory for `<dataDirectory>/om`.
    public init(dataDirectory: String) throws {
        try self.init(root: URL(fileURLWithPath: dataDirectory).appendingPathComponent("om", isDirectory: true))
    }

    /// The CURRENT file.
    public var currentFile: URL { root.appendingPathComponent(Self.currentFileName) }

    /// The directory of replica number `number`.
    public func replicaPath(_ number: UInt64) -> URL {
        root.appendingPathComponent(Self.replicaName(number), isDirectory: true)
    }

    static func replicaName(_ number: UInt64) -> String {
        let digits = String(number)
        return replicaPrefix + String(repeating: "0", count: max(0, 12 - digits.count)) + digits
    }

    static func replicaNumber(_ name: String) -> UInt64? {
        guard name.hasPrefix(replicaPrefix) else { return nil }
        let digits = name.dropFirst(replicaPrefix.count)
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
        return UInt64(digits)
    }

    /// The replica number CURRENT names, or nil when there is no CURRENT. Throws
    /// `corruption` when CURRENT is unreadable or malformed.
    public func current() throws -> UInt64? {
        guard let text = try AtomicFile.readPointer(currentFile) else { return nil }
        guard let number = Self.replicaNumber(text) else {
            throw StorageError(.corruption, "current", "CURRENT does not name a replica: \(text.debugDescription)", path: currentFile.path)
        }
        return number
    }

    /// Points CURRENT at replica `number`, atomically and durably.
    public func switchCurrent(to number: UInt64) throws {
        try AtomicFile.write(Self.replicaName(number) + "\n", to: currentFile)
    }

    /// Every entry name in the root.
    private func entries() throws -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: root.path)
        } catch {
            throw StorageError(.io, "list", "\(error)", path: root.path)
        }
    }

    /// The number for the next replica: one above every replica present or named.
    public func nextReplicaNumber() throws -> UInt64 {
        let present = try entries().compactMap(Self.replicaNumber)
        let named = (try? current()) ?? nil
        return (present + [named ?? 0]).max()! + 1
    }

    /// A fresh, empty staging directory `staging-<uuid>`.
    public func createStaging() throws -> URL {
        let url = root.appendingPathComponent(Self.stagingPrefix + UUID().uuidString.lowercased(), isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
        } catch {
            throw StorageError(.io, "createDirectory", "\(error)", path: url.path)
        }
        return url
    }

    /// Deletes every staging directory, every replica CURRENT does not name, and a
    /// stray `CURRENT.tmp`. Returns the names removed.
    @discardableResult
    public func removeLeftovers() throws -> [String] {
        let live = try current()
        var removed: [String] = []
        for name in try entries() {
            let isStaging = name.hasPrefix(Self.stagingPrefix)
            let isStaleReplica = Self.replicaNumber(name).map { $0 != live } ?? false
            guard isStaging || isStaleReplica || name == Self.currentFileName + ".tmp" else { continue }
            try remove(root.appendingPathComponent(name))
            removed.append(name)
        }
        if !removed.isEmpty { try FileSync.syncDirectory(root) }
        return removed.sorted()
    }

    /// Deletes `url` and everything inside; a missing path is not an error.
    public func remove(_ url: URL) throws {
        do {
            try FileManager.default.removeItem(at: url)
        } catch {
            if FileManager.default.fileExists(atPath: url.path) {
                throw StorageError(.io, "remove", "\(error)", path: url.path)
            }
        }
    }
}
