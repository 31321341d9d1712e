import Foundation
import Logging
import OMSimulator
import OzoneFormat
import ReconCore
import ServiceLifecycle

/// The `embedded` OM source of the default config: an ``OMSimulator/SimulatedOM``
/// running inside recond, with a small generated namespace and a gentle write
/// workload, so that the first `make run` shows live data without an Ozone cluster.
/// It goes through the same checkpoint (tar) and delta (DBUpdatesResponse) paths
/// as a real OM.
public enum EmbeddedOM {
    /// The source and the service that keeps the workload writing.
    public struct Started: Sendable {
        /// Checkpoints and deltas of the simulated OM.
        public let source: EmbeddedOMSource
        /// The mutation workload, as a lifecycle service.
        public let workload: EmbeddedWorkloadService
    }

    /// Opens the simulated OM under `<data_dir>/embedded-om` (generating it on the first
    /// run with `om.embedded.keys` and `om.embedded.seed`).
    public static func start(config: ReconConfig, logger: Logger) throws -> Started {
        let path = URL(fileURLWithPath: config.dataDirectory).appendingPathComponent("embedded-om").path
        let options = SimulatedOMOptions(clock: .wallClock)
        let om: SimulatedOM
        if FileManager.default.fileExists(atPath: path + "/CURRENT") {
            om = try SimulatedOM.open(at: path, options: options)
            logger.info("embedded OM opened at \(path)")
        } else {
            try FileManager.default.createDirectory(atPath: config.dataDirectory, withIntermediateDirectories: true)
            logger.info("embedded OM: generating \(config.om.embedded.keys) keys (seed \(config.om.embedded.seed)) at \(path)")
            om = try SimulatedOM.create(at: path, keys: config.om.embedded.keys, seed: UInt64(config.om.embedded.seed), options: options)
        }
        return Started(
            source: EmbeddedOMSource(om: om),
            workload: EmbeddedWorkloadService(om: om, rate: config.om.embedded.writeRate, logger: logger))
    }
}

/// ``OMSource`` over an in-process ``SimulatedOM``.
public struct EmbeddedOMSource: OMSource {
    let om: SimulatedOM

    /// A source serving `om` (which the caller keeps open while the source is used).
    public init(om: SimulatedOM) {
        self.om = om
    }

    /// Streams a fresh checkpoint as the OM's `/dbCheckpoint` tar.
    public func downloadCheckpoint(into sink: @Sendable (ArraySlice<UInt8>) async throws -> Void) async throws {
        try await withoutActuallyEscaping(sink) { sink in
            var forward = ForwardingTarSink(sink: sink)
            try await om.writeCheckpointTar(to: &forward)
        }
    }

    /// The simulated OM's `DBUpdatesResponse`, decoded exactly as one from `/dbUpdates`.
    public func updates(since sequence: UInt64, limit: Int) async throws -> OMDeltaUpdates {
        do {
            return try DBUpdatesDecoding.decode(try om.updates(since: sequence, limit: limit).serializedData())
        } catch let error as OMSimulatorError {
            if case .sequenceNumberNotFound = error { throw OMSourceError.sequenceNumberNotFound("\(error)") }
            throw OMSourceError.transport("\(error)")
        }
    }
}

/// Hands tar chunks to the sync engine's sink.
private struct ForwardingTarSink: TarSink {
    let sink: @Sendable (ArraySlice<UInt8>) async throws -> Void
    mutating func write(_ chunk: [UInt8]) async throws { try await sink(chunk[...]) }
}

/// Runs the simulated OM's workload at `om.embedded.write_rate` until shutdown, then
/// saves its state and closes the DB.
public struct EmbeddedWorkloadService: Service {
    let om: SimulatedOM
    let rate: Double
    let logger: Logger

    /// Writes until a graceful shutdown.
    public func run() async throws {
        defer { om.close() }
        guard rate > 0 else {
            try await gracefulShutdown()
            return
        }
        logger.info("embedded OM workload: \(rate) operations/s")
        do {
            try await cancelWhenGracefulShutdown { try await om.workload.run(rate: rate) }
        } catch is CancellationError {
            return
        }
    }
}
