import Foundation
import Logging
import OzoneFormat
import ReconRocksDB

/// A checkpoint installed by ``SnapshotInstaller/install(from:)``.
public struct SnapshotInstallResult: Sendable {
    /// The new replica, open and already named by CURRENT.
    public var replica: OMReplica
    /// Its replica number (`db-<n>`).
    public var number: UInt64
    /// Its latest sequence number (the OM's at checkpoint time).
    public var sequence: UInt64
    /// Archive bytes downloaded.
    public var archiveBytes: UInt64
    /// Files extracted.
    public var files: Int
    /// Time from the first request to the switch.
    public var duration: Duration
}

/// Installs OM checkpoints as the replica (DESIGN §6): download → stream-extract into
/// `om/staging-<uuid>/` under the archive limits → fsync files and directory → rename
/// to `om/db-<n>/` → open with exactly its column families and our own options →
/// verify (required OM tables, sequence number) → point CURRENT at it atomically.
///
/// On any failure the new directory is deleted and CURRENT is untouched, so the
/// previous replica keeps serving; one log line gives the reason.
public final class SnapshotInstaller: Sendable {
    /// The replica directory layout.
    public let directory: OMReplicaDirectory
    /// Limits on the downloaded archive.
    public let limits: TarLimits
    /// RocksDB options for opening replicas.
    public let options: RocksDBOptions
    private let logger: Logger

    /// An installer over `directory`.
    public init(directory: OMReplicaDirectory, limits: TarLimits, options: RocksDBOptions = RocksDBOptions(), logger: Logger) {
        self.directory = directory
        self.limits = limits
        var options = options
        options.createIfMissing = false
        self.options = options
        self.logger = logger
    }

    /// An installer for `<data_dir>/om` with the archive limit `om.snapshot_max_bytes`
    /// and the `storage.kv` RocksDB options; with `blockCache` the replicas it opens
    /// share that block cache.
    public convenience init(config: ReconConfig, blockCache: RocksDBBlockCache? = nil, logger: Logger) throws {
        self.init(
            directory: try OMReplicaDirectory(dataDirectory: config.dataDirectory),
            limits: TarLimits(maxTotalBytes: config.om.snapshotMaxBytes),
            options: Self.replicaOptions(config, blockCache: blockCache),
            logger: logger)
    }

    /// The replica's options: `storage.kv`, plus a memtable Bloom filter, since the
    /// delta applier reads every key an OM batch writes just before writing it.
    private static func replicaOptions(_ config: ReconConfig, blockCache: RocksDBBlockCache?) -> RocksDBOptions {
        var options = RocksDBOptions(config.storage.kv, createIfMissing: false, blockCache: blockCache)
        options.memtableBloomRatio = 0.02
        return options
    }

    /// Startup: removes leftovers (staging dirs, unnamed replicas) and opens the
    /// replica CURRENT names. Returns nil when there is none or it does not open
    /// (then the next sync installs a snapshot); the reason is logged.
    public func openCurrent() -> OMReplica? {
        do {
            let removed = try directory.removeLeftovers()
            if !removed.isEmpty { logger.notice("removed leftover OM replica directories: \(removed.joined(separator: ", "))") }
            guard let number = try directory.current() else { return nil }
            let replica = try OMReplica.open(at: directory.replicaPath(number), options: options)
            let sequence: UInt64
            do {
                sequence = try Self.verify(replica)
            } catch {
                replica.close()
                throw error
            }
            logger.info("OM replica \(OMReplicaDirectory.replicaName(number)) opened at sequence \(sequence)")
            return replica
        } catch {
            logger.error("the OM replica could not be opened; a full snapshot will be installed: \(error)")
            return nil
        }
    }

    /// Downloads a checkpoint from `source` and makes it the replica named by
    /// CURRENT. The caller swaps it in and retires the previous one with
    /// ``retire(_:)``. Throws ``OMSyncError`` (or `CancellationError`). File writes
    /// and fsyncs run off the Swift concurrency pool.
    public func install(from source: any OMSource) async throws -> SnapshotInstallResult {
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let staging = try directory.createStaging()
            do {
                let extractor = try CheckpointExtractor(directory: staging, limits: limits)
                do {
                    try await source.downloadCheckpoint { chunk in
                        try await BlockingExecutor.run { try extractor.consume(chunk) }
                    }
                } catch {
                    extractor.abandon()
                    throw error
                }
                let activated = try await BlockingExecutor.run { [self] in try activate(extractor, staging: staging) }
                let duration = clock.now - start
                logger.info(
                    "installed OM checkpoint as \(OMReplicaDirectory.replicaName(activated.number)): sequence \(activated.sequence), \(activated.summary.files) files, \(activated.summary.archiveBytes) archive bytes, \(duration)")
                return SnapshotInstallResult(
                    replica: activated.replica, number: activated.number, sequence: activated.sequence,
                    archiveBytes: activated.summary.archiveBytes, files: activated.summary.files, duration: duration)
            } catch {
                try? directory.remove(staging)
                throw error
            }
        } catch {
            if Task.isCancelled {
                logger.notice("OM snapshot install cancelled; the previous replica keeps serving")
                throw CancellationError()
            }
            let failure = Self.classify(error)
            logger.error("OM snapshot install failed; the previous replica keeps serving: \(failure)")
            throw failure
        }
    }

    private struct Activated: Sendable {
        var replica: OMReplica
        var number: UInt64
        var sequence: UInt64
        var summary: CheckpointExtractor.Summary
    }

    /// Completes the extraction, renames `staging` to the next `db-<n>`, opens and
    /// verifies it, and points CURRENT at it. Deletes `db-<n>` again on failure.
    private func activate(_ extractor: CheckpointExtractor, staging: URL) throws -> Activated {
        let summary = try extractor.finish()
        let number = try directory.nextReplicaNumber()
        let path = directory.replicaPath(number)
        guard rename(staging.path, path.path) == 0 else { throw FileSync.posixError("rename", path.path) }
        var replica: OMReplica?
        do {
            try FileSync.syncDirectory(directory.root)
            let opened: OMReplica
            do {
                opened = try OMReplica.open(at: path, options: options)
            } catch {
                throw OMSyncError.verifyFailed("the checkpoint does not open as a RocksDB: \(error)")
            }
            replica = opened
            let sequence = try Self.verify(opened)
            try directory.switchCurrent(to: number)
            return Activated(replica: opened, number: number, sequence: sequence, summary: summary)
        } catch {
            replica?.close()
            try? directory.remove(path)
            throw error
        }
    }

    /// Closes `replica` and deletes its directory (after a newer one was installed).
    public func retire(_ replica: OMReplica) {
        replica.close()
        do {
            try directory.remove(replica.directory)
        } catch {
            logger.warning("could not delete the old OM replica \(replica.directory.path): \(error)")
        }
    }

    /// Checks that `replica` has the tables Recon needs and a readable sequence number.
    @discardableResult
    static func verify(_ replica: OMReplica) throws(OMSyncError) -> UInt64 {
        let missing = OMReplica.requiredTables.map(\.name).filter { !replica.hasTable($0) }
        guard missing.isEmpty else {
            throw .verifyFailed("the checkpoint lacks OM tables \(missing.joined(separator: ", ")) (it has \(replica.columnFamilyNames.joined(separator: ", ")))")
        }
        do {
            return try replica.latestSequenceNumber
        } catch {
            throw .verifyFailed("cannot read the checkpoint's sequence number: \(error)")
        }
    }

    private static func classify(_ error: any Error) -> OMSyncError {
        switch error {
        case let e as OMSyncError: e
        case let e as TarError: .tarRejected(e)
        case let e as StorageError: .storage(e.description)
        default: OMSyncError.from(source: error)
        }
    }
}
