import ReconRocksDB
import Foundation

/// The generations of task storage under `<data_dir>/tasks/` (DESIGN §5):
///
/// ```
/// CURRENT              names the live generation, e.g. "gen-000000000003\n"
/// gen-000000000003/
///   kv/                one RocksDB ("<plugin>/<table>" families plus "_meta")
///   sql/<plugin>.sqlite
///   GENERATION         marker written last, when the generation was built whole
/// ```
///
/// Life of a generation: ``createStaged()`` makes an empty directory; the owner
/// builds it (``TaskGeneration``), calls ``TaskGeneration/flushAndSync()`` and then
/// ``markComplete(_:createdAt:)``; ``switchCurrent(to:)`` is the one and only way the
/// live pointer changes (an atomic rename) and refuses a generation without its
/// marker. At startup ``removeLeftovers()`` deletes every generation that CURRENT
/// does not name, so after a crash at any point the daemon finds either the old or
/// the new generation whole, never a mix.
public struct GenerationDirectory: Sendable {
    /// The directory holding CURRENT and the generations.
    public let root: URL

    /// The pointer file's name.
    public static let currentFileName = "CURRENT"
    /// The marker file's name inside a generation.
    public static let markerFileName = "GENERATION"

    /// Uses (and creates when missing) `root`.
    public init(root: URL) throws {
        self.root = root
        do {
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        } catch {
            throw StorageError(.io, "createDirectory", "\(error)", path: root.path)
        }
    }

    /// The CURRENT file.
    public var currentFile: URL { root.appendingPathComponent(Self.currentFileName) }

    /// The directory of generation `id`.
    public func path(of id: GenerationID) -> URL {
        root.appendingPathComponent(id.directoryName, isDirectory: true)
    }

    /// The live generation named by CURRENT, or nil when there is none yet. Throws
    /// `corruption` when CURRENT is unreadable or names a generation that is missing
    /// or incomplete.
    public func current() throws -> GenerationID? {
        guard let text = try AtomicFile.readPointer(currentFile) else { return nil }
        guard let id = GenerationID(directoryName: text) else {
            throw StorageError(.corruption, "current", "CURRENT does not name a generation: \(text.debugDescription)", path: currentFile.path)
        }
        guard try marker(of: id) != nil else {
            throw StorageError(.corruption, "current", "CURRENT names \(id), which has no \(Self.markerFileName) marker", path: path(of: id).path)
        }
        return id
    }

    /// Every generation directory present, in order.
    public func generations() throws -> [GenerationID] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: root.path)
        } catch {
            throw StorageError(.io, "list", "\(error)", path: root.path)
        }
        return names.compactMap { GenerationID(directoryName: $0) }.sorted()
    }

    /// Creates the directory of a new generation numbered one above every existing
    /// one (and above CURRENT), and returns its id.
    public func createStaged() throws -> GenerationID {
        var next = (try generations().last?.value ?? 0) + 1
        if let text = try? String(contentsOf: currentFile, encoding: .utf8),
           let cur = GenerationID(directoryName: text.trimmingCharacters(in: .whitespacesAndNewlines)) {
            next = max(next, cur.value + 1)
        }
        while true {
            let id = GenerationID(next)
            let p = path(of: id).path
            if mkdir(p, 0o755) == 0 {
                try FileSync.syncDirectory(root)
                return id
            }
            if errno != EEXIST { throw FileSync.posixError("mkdir", p) }
            next += 1
        }
    }

    /// Writes the GENERATION marker of `id` (atomically): the generation is whole.
    /// Call after its data is durable (``TaskGeneration/flushAndSync()``).
    public func markComplete(_ id: GenerationID, createdAt: Date = Date()) throws {
        let dir = path(of: id)
        guard FileManager.default.fileExists(atPath: dir.path) else {
            throw StorageError(.notFound, "markComplete", "no directory for \(id)", path: dir.path)
        }
        let ms = UInt64(max(0, (createdAt.timeIntervalSince1970 * 1000).rounded()))
        let text = "id=\(id.directoryName)\ncreated_ms=\(ms)\ncreated=\(GenerationMarker.format(createdAt))\n"
        try AtomicFile.write(text, to: dir.appendingPathComponent(Self.markerFileName))
    }

    /// The marker of `id`, or nil when the generation is not marked complete.
    public func marker(of id: GenerationID) throws -> GenerationMarker? {
        let url = path(of: id).appendingPathComponent(Self.markerFileName)
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        var fields: [Substring: Substring] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            guard let eq = line.firstIndex(of: "=") else { continue }
            fields[line[..<eq]] = line[line.index(after: eq)...]
        }
        guard let name = fields["id"], GenerationID(directoryName: name) == id,
              let msText = fields["created_ms"], let ms = UInt64(msText) else {
            throw StorageError(.corruption, "marker", "malformed \(Self.markerFileName) marker", path: url.path)
        }
        return GenerationMarker(id: id, createdAt: Date(timeIntervalSince1970: Double(ms) / 1000))
    }

    /// Makes `id` the live generation: writes CURRENT.tmp, fsyncs it, renames it over
    /// CURRENT and fsyncs the directory. Refuses a generation without its marker.
    public func switchCurrent(to id: GenerationID) throws {
        guard try marker(of: id) != nil else {
            throw StorageError(.invalidArgument, "switchCurrent", "\(id) is not marked complete", path: path(of: id).path)
        }
        try AtomicFile.write(id.directoryName + "\n", to: currentFile)
    }

    /// Deletes every generation that CURRENT does not name, and CURRENT.tmp. Call at
    /// startup, before opening anything. Returns the generations deleted.
    @discardableResult
    public func removeLeftovers() throws -> [GenerationID] {
        let live = try current()
        var removed: [GenerationID] = []
        for id in try generations() where id != live {
            try removeDirectory(path(of: id))
            removed.append(id)
        }
        let tmp = root.appendingPathComponent(Self.currentFileName + ".tmp")
        if FileManager.default.fileExists(atPath: tmp.path) { try removeDirectory(tmp) }
        try FileSync.syncDirectory(root)
        return removed
    }

    /// Deletes generation `id`; refuses the live one.
    public func remove(_ id: GenerationID) throws {
        if try current() == id {
            throw StorageError(.invalidArgument, "remove", "\(id) is the live generation", path: path(of: id).path)
        }
        try removeDirectory(path(of: id))
        try FileSync.syncDirectory(root)
    }

    private func removeDirectory(_ url: URL) throws {
        do {
            try FileManager.default.removeItem(at: url)
        } catch {
            if FileManager.default.fileExists(atPath: url.path) {
                throw StorageError(.io, "remove", "\(error)", path: url.path)
            }
        }
    }
}

/// What a GENERATION marker records.
public struct GenerationMarker: Sendable, Equatable {
    /// The generation.
    public var id: GenerationID
    /// When it was marked complete (millisecond precision).
    public var createdAt: Date

    static func format(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: date)
    }
}
