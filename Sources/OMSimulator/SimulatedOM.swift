import Foundation
import Logging
import OzoneFormat
import ReconRocksDB

/// How a ``SimulatedOM`` serves.
public struct SimulatedOMOptions: Sendable {
    /// How long WAL files are kept after their data is flushed (`--wal-ttl`; the OM's
    /// `hadoop.hdds.db.rocksdb.WAL_ttl_seconds`, default 1200). Deltas older than the
    /// retained WAL answer `sequenceNumberNotFound`.
    public var walTTLSeconds: UInt64
    /// Most bytes of batches in one `updates` answer (`ozone.om.delta.update.data.size.max.limit`, 1 GiB).
    public var maxUpdateBytes: Int
    /// Seed of the workload's stream; nil derives it from the generation seed and the
    /// DB's last transaction.
    public var workloadSeed: UInt64?
    /// Where workload timestamps come from.
    public var clock: OMWorkloadClock
    /// Directory for temporary checkpoints (same file system as the DB, for hard links);
    /// nil uses `<db>.checkpoints` next to the DB.
    public var checkpointDirectory: String?

    /// Options; every argument has a default.
    public init(walTTLSeconds: UInt64 = 1200, maxUpdateBytes: Int = 1 << 30, workloadSeed: UInt64? = nil,
                clock: OMWorkloadClock = .logical, checkpointDirectory: String? = nil) {
        self.walTTLSeconds = walTTLSeconds
        self.maxUpdateBytes = maxUpdateBytes
        self.workloadSeed = workloadSeed
        self.clock = clock
        self.checkpointDirectory = checkpointDirectory
    }
}

/// An Ozone Manager stand-in that owns an OM DB in Ozone's format: generated with
/// ``OMGenerator``, mutated by its ``workload``, served as full checkpoints
/// (``writeCheckpointTar(to:)``) and as WAL deltas (``updates(since:limit:)``) with the
/// OM's semantics. Used in-process by recond's embedded OM source and by `omsim serve`.
///
/// Thread-safe: the workload writes while checkpoints and deltas are read.
public final class SimulatedOM: Sendable {
    /// The DB directory.
    public let path: String
    /// The mutation stream.
    public let workload: OMWorkload
    /// What generation produced, when this instance generated the DB.
    public let generationSummary: OMGenerationSummary?

    let database: OMDatabase
    private let options: SimulatedOMOptions
    /// Serializes WAL reads with purges; holds the purge floor.
    private let wal = Locked<UInt64>(0)
    /// Operations written but not shown to readers yet (see ``holdOperations(_:progress:)``).
    private let hold = Locked(PublicationHold())

    private init(path: String, database: OMDatabase, options: SimulatedOMOptions, summary: OMGenerationSummary?) throws {
        self.path = path
        self.database = database
        self.options = options
        self.generationSummary = summary
        workload = try OMWorkload(database: database, dbPath: path, seed: options.workloadSeed, clock: options.clock)
    }

    /// Generates a new OM DB with `keys` committed keys at `path` (see ``OMGenerator``) and
    /// opens it.
    public static func create(
        at path: String, keys: Int, seed: UInt64, options: SimulatedOMOptions = SimulatedOMOptions(),
        progress: (@Sendable (OMGenerationProgress) -> Void)? = nil
    ) throws -> SimulatedOM {
        let summary = try OMGenerator.generate(at: path, options: OMGeneratorOptions(keys: keys, seed: seed, progress: progress))
        return try open(at: path, options: options, summary: summary)
    }

    /// Opens an existing OM DB (every column family it has).
    public static func open(at path: String, options: SimulatedOMOptions = SimulatedOMOptions()) throws -> SimulatedOM {
        try open(at: path, options: options, summary: nil)
    }

    private static func open(at path: String, options: SimulatedOMOptions, summary: OMGenerationSummary?) throws -> SimulatedOM {
        let database = try OMDatabase.open(at: path, options: OMDatabase.servingOptions(walTTLSeconds: options.walTTLSeconds))
        do {
            return try SimulatedOM(path: path, database: database, options: options, summary: summary)
        } catch {
            database.db.close()
            throw error
        }
    }

    /// The OM DB itself, for tools and tests that read it (or write a batch the way the
    /// OM would) directly.
    public var rocksDB: RocksDB { database.db }

    /// The latest sequence number readers see: the DB's, or while operations are held
    /// (``holdOperations(_:progress:)``) the last one published.
    public var latestSequenceNumber: UInt64 {
        get throws {
            let latest = try database.db.latestSequenceNumber
            return hold.withLock { $0.visible(latest) }
        }
    }

    /// Operations written by ``holdOperations(_:progress:)`` and not published yet.
    public var heldOperations: Int { hold.withLock { $0.held } }

    /// Applies `count` workload operations now, one write batch each, but keeps them from
    /// readers: ``latestSequenceNumber`` and ``updates(since:limit:)`` stop at the last
    /// sequence published until ``publishHeldOperations(_:)`` releases them in order.
    /// Adds to operations already held. `progress` gets the count written so far every
    /// 1,024 operations. Nothing else may apply workload operations meanwhile (their
    /// batches would be published with the held ones around them).
    public func holdOperations(_ count: Int, progress: ((Int) -> Void)? = nil) throws {
        guard count > 0 else { throw OMSimulatorError.invalidArgument("the count of operations to hold must be positive") }
        let start = try database.db.latestSequenceNumber
        hold.withLock { $0.begin(at: start) }
        for written in 1...count {
            try workload.applyOperations(count: 1)
            let last = try database.db.latestSequenceNumber
            hold.withLock { $0.append(last) }
            if written % 1_024 == 0 { progress?(written) }
        }
        progress?(count)
    }

    /// Publishes the next `count` held operations, in the order written (at most all of
    /// them); returns how many it published. Publishing the last one ends the hold.
    @discardableResult
    public func publishHeldOperations(_ count: Int) -> Int {
        hold.withLock { $0.publish(count) }
    }

    /// Publishes every held operation at once and ends the hold; returns how many.
    @discardableResult
    public func publishAllHeldOperations() -> Int {
        hold.withLock { $0.publishAll() }
    }

    /// Column-family id → table name of this DB (ids are what WAL batches carry).
    public var columnFamilyIDs: [UInt32: String] {
        Dictionary(uniqueKeysWithValues: database.db.columnFamilies.map { ($0.id, $0.name) })
    }

    /// The OM's answer to `DBUpdatesRequest{sequenceNumber, limitCount: limit}`; see
    /// ``DeltaUpdates`` for the rules. Throws ``OMSimulatorError/sequenceNumberNotFound(requested:earliestAvailable:)``
    /// when the batches after `sequenceNumber` are no longer in the retained WAL (or below
    /// the ``purgeWAL()`` point), ``OMSimulatorError/invalidArgument(_:)`` when `limit` ≤ 0.
    /// Held operations (``holdOperations(_:progress:)``) are left out until published.
    public func updates(since sequenceNumber: UInt64, limit: Int) throws -> OMDBUpdatesResponse {
        let ceiling = hold.withLock { $0.ceiling }
        return try wal.withLock { floor in
            try DeltaUpdates.read(db: database.db, since: sequenceNumber, limit: limit,
                                  maxBytes: options.maxUpdateBytes, floor: floor, ceiling: ceiling)
        }
    }

    /// The lowest sequence number ``updates(since:limit:)`` accepts right now.
    public func earliestServableSequenceNumber() throws -> UInt64 {
        try wal.withLock { floor in try DeltaUpdates.earliestAvailable(db: database.db, floor: floor) }
    }

    /// Forces what WAL expiry does with time, for tests: flushes every table, deletes the
    /// archived WAL files, and from now on answers every request below the current latest
    /// sequence number with `sequenceNumberNotFound` (a request at exactly that number, and
    /// later ones, are served from the WAL written afterwards).
    public func purgeWAL() throws {
        try wal.withLock { floor in
            let latest = try database.db.latestSequenceNumber
            try database.db.flush()
            let archive = path + "/archive"
            if let names = try? FileManager.default.contentsOfDirectory(atPath: archive) {
                for name in names where name.hasSuffix(".log") {
                    try? FileManager.default.removeItem(atPath: archive + "/" + name)
                }
            }
            floor = max(floor, latest)
        }
    }

    /// Streams a fresh checkpoint of the DB as Ozone's `/dbCheckpoint` tar (DB files at the
    /// archive's top level, then `OZONE_RATIS_SNAPSHOT_COMPLETE`). The checkpoint is a
    /// consistent view even while the workload writes; it is deleted afterwards.
    /// Throws ``OMSimulatorError/operationsHeld(_:)`` while operations are held (the
    /// checkpoint would show them).
    public func writeCheckpointTar<Sink: TarSink>(to sink: inout Sink) async throws {
        try refuseWhileHeld()
        let parent = options.checkpointDirectory ?? (path + ".checkpoints")
        try await CheckpointArchive.write(db: database.db, parent: parent, to: &sink)
    }

    /// Writes a checkpoint of the DB into `directory` (which must not exist; same file
    /// system as the DB for hard links) — the files `/dbCheckpoint` would send, for
    /// in-process consumers that need no tar. The caller owns and deletes the directory.
    /// Throws ``OMSimulatorError/operationsHeld(_:)`` while operations are held.
    public func createCheckpoint(at directory: String) throws {
        try refuseWhileHeld()
        try database.db.createCheckpoint(at: directory, logSizeForFlush: 0)
    }

    private func refuseWhileHeld() throws {
        let held = heldOperations
        if held > 0 { throw OMSimulatorError.operationsHeld(held) }
    }

    /// Saves the simulator's state and closes the DB. Further calls fail with a closed error.
    public func close() {
        try? workload.saveState(dbPath: path)
        database.db.close()
    }
}
