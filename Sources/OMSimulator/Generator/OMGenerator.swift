import Foundation
import OzoneFormat
import ReconRocksDB

/// What to generate.
public struct OMGeneratorOptions: Sendable {
    /// Committed keys and files (keyTable + fileTable entries other than LEGACY directory
    /// markers). Open, deleted and multipart entries and directories come on top (a few
    /// percent each).
    public var keys: Int
    /// Seed of the deterministic random stream: the same seed and key count give the same
    /// table contents.
    public var seed: UInt64
    /// Compact every table after loading (smaller, faster DB; costs time on big runs).
    public var compact: Bool
    /// Called about every `progressInterval` keys, from the generating thread.
    public var progress: (@Sendable (OMGenerationProgress) -> Void)?
    /// Keys between two progress calls.
    public var progressInterval: Int

    /// Options with a key count and seed; compaction on, no progress reports.
    public init(keys: Int, seed: UInt64, compact: Bool = true,
                progress: (@Sendable (OMGenerationProgress) -> Void)? = nil, progressInterval: Int = 250_000) {
        self.keys = keys
        self.seed = seed
        self.compact = compact
        self.progress = progress
        self.progressInterval = progressInterval
    }
}

/// Progress of a running generation.
public struct OMGenerationProgress: Sendable {
    /// Committed keys written so far.
    public var keysWritten: Int
    /// Committed keys to write.
    public var keysTotal: Int
    /// Seconds since the generation started.
    public var elapsedSeconds: Double
    /// What is happening ("keys", "flush", "compact").
    public var phase: String
}

/// What a generation produced.
public struct OMGenerationSummary: Sendable, Codable {
    /// Committed keys and files.
    public var keys: Int
    /// The seed used.
    public var seed: UInt64
    /// Entries written per table (tables without entries are left out).
    public var tableCounts: [String: Int]
    /// Bytes of the DB directory on disk after generation.
    public var bytesOnDisk: UInt64
    /// Wall-clock seconds the generation took.
    public var seconds: Double
    /// The DB's latest sequence number when generation finished.
    public var latestSequenceNumber: UInt64
    /// The last OM transaction index written (`transactionInfoTable`).
    public var lastTransactionIndex: UInt64
    /// The highest container id any block uses.
    public var highestContainerID: Int64
    /// Buckets per style.
    public var bucketsByStyle: [String: Int]
}

/// Writes an Ozone Manager DB in Ozone's real on-disk format (om-db-format.md): every
/// master table as a column family, Ozone's key strings and protobuf values, volumes and
/// buckets of all layouts, FSO trees several levels deep, keys with block lists over a
/// realistic container range and skewed sizes, older versions, open keys and files, deleted
/// keys and directories, multipart uploads (both part schemas), lifecycle configurations.
///
/// Deterministic for a seed (``SimulatorRandom``; timestamps are derived from transaction
/// indexes, not the clock). Writes in large batches without the WAL, then flushes (and
/// compacts), so the result opens cleanly and later writes continue the sequence numbers.
public enum OMGenerator {
    /// Generates a new OM DB at `path` (a RocksDB directory; must not exist yet).
    @discardableResult
    public static func generate(at path: String, options: OMGeneratorOptions) throws -> OMGenerationSummary {
        guard options.keys >= 0 else { throw OMSimulatorError.invalidArgument("keys must not be negative") }
        let started = ContinuousClock.now
        let database = try OMDatabase.create(at: path, options: OMDatabase.bulkOptions())
        defer { database.db.close() }
        var session = try GeneratorSession(database: database, options: options, started: started)
        try session.run()
        try session.finish()
        let latest = try database.db.latestSequenceNumber
        database.db.close()
        let state = session.simulatorState
        try state.save(dbPath: path)
        let elapsed = started.duration(to: .now)
        return OMGenerationSummary(
            keys: options.keys, seed: options.seed,
            tableCounts: session.tableCounts, bytesOnDisk: directoryBytes(path),
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
            latestSequenceNumber: latest, lastTransactionIndex: session.transaction,
            highestContainerID: session.allocator.highestContainerID,
            bucketsByStyle: session.bucketsByStyle)
    }

    /// Total size of the regular files under `path`.
    static func directoryBytes(_ path: String) -> UInt64 {
        guard let walker = FileManager.default.enumerator(atPath: path) else { return 0 }
        var total: UInt64 = 0
        while let name = walker.nextObject() as? String {
            if let size = walker.fileAttributes?[.size] as? NSNumber, walker.fileAttributes?[.type] as? FileAttributeType == .typeRegular {
                total += size.uint64Value
            } else {
                _ = name
            }
        }
        return total
    }
}
