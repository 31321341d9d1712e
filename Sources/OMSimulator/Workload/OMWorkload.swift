import Foundation
import OzoneFormat
import ReconRocksDB

/// A continuous, deterministic stream of OM operations against a ``SimulatedOM``'s DB.
///
/// Each operation is what one OM request does to the DB, written as ONE RocksDB write
/// batch with the WAL — so it can be served as a delta — that touches every table the
/// request touches (e.g. CommitKey deletes the open entry, puts the key, moves an
/// overwritten key's data to deletedTable, rewrites the bucket's usage, and records the
/// transaction in transactionInfoTable). See ``OMOperationKind`` for the mix.
///
/// With the logical clock, the same DB and seed always produce the same batches.
/// Thread-safe: operations are serialized; readers of the DB run concurrently.
public final class OMWorkload: Sendable {
    private let state: Locked<WorkloadState>

    /// Relative frequency of each operation kind.
    static let mix: [(OMOperationKind, Double)] = [
        (.createKey, 22), (.commitKey, 27), (.overwriteKey, 6), (.deleteKey, 10), (.renameKey, 4),
        (.createDirectory, 4), (.renameDirectory, 1.5), (.deleteDirectory, 1.5), (.purgeDirectory, 2),
        (.purgeDeletedKeys, 3), (.initiateMultipartUpload, 2), (.uploadPart, 3),
        (.completeMultipartUpload, 1.5), (.abortMultipartUpload, 0.5),
    ]
    static let cumulativeMix: [Double] = {
        var running = 0.0
        return mix.map { running += $0.1; return running }
    }()

    init(database: OMDatabase, dbPath: String, seed: UInt64?, clock: OMWorkloadClock) throws {
        state = Locked(try WorkloadState(database: database, dbPath: dbPath, seed: seed, clock: clock))
    }

    /// Applies `count` operations synchronously, one write batch each, and returns the kinds
    /// performed in order (an operation without a target — nothing to delete, say — falls
    /// back to a creating one, so there are always exactly `count`).
    @discardableResult
    public func applyOperations(count: Int) throws -> [OMOperationKind] {
        try state.withLock { s in
            var kinds: [OMOperationKind] = []
            kinds.reserveCapacity(count)
            for _ in 0..<max(0, count) { kinds.append(try Self.step(&s)) }
            return kinds
        }
    }

    /// Applies operations at `rate` per second until the calling task is cancelled; then
    /// returns normally. Errors from the DB (it was closed, say) end the loop by throwing.
    public func run(rate: Double) async throws {
        guard rate > 0 else { throw OMSimulatorError.invalidArgument("rate must be positive") }
        let clock = ContinuousClock()
        let start = clock.now
        var done = 0
        let tick = Duration.milliseconds(10)
        while !Task.isCancelled {
            let elapsed = start.duration(to: clock.now)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let due = Int(seconds * rate) - done
            if due > 0 {
                // Catch up in slices so a stalled loop does not write one huge burst.
                let slice = min(due, max(1, Int(rate / 10)))
                try applyOperations(count: slice)
                done += slice
                if slice < due { continue }
            }
            do {
                try await Task.sleep(for: tick)
            } catch {
                return
            }
        }
    }

    /// Operations performed so far, by kind.
    public var stats: OMWorkloadStats {
        state.withLock { $0.stats }
    }

    /// The last OM transaction index written.
    public var lastTransactionIndex: UInt64 {
        state.withLock { $0.transaction }
    }

    /// Saves the simulator's clock and container allocation next to the DB.
    func saveState(dbPath: String) throws {
        let snapshot = state.withLock { $0.simulator }
        try snapshot.save(dbPath: dbPath)
    }

    /// Most keys left open at once; beyond it new opens become commits.
    static let maxPending = 256

    private static func step(_ s: inout WorkloadState) throws -> OMOperationKind {
        var kind = mix[s.random.weighted(cumulativeMix)].0
        if kind == .createKey || kind == .overwriteKey, s.pending.count >= maxPending { kind = .commitKey }
        switch kind {
        case .createKey: return try s.createKey(overwrite: false)
        case .overwriteKey: return try s.createKey(overwrite: true)
        case .commitKey: return try s.commitKey()
        case .deleteKey: return try s.deleteKey()
        case .renameKey: return try s.renameKey()
        case .createDirectory: return try s.createDirectory()
        case .renameDirectory: return try s.renameDirectory()
        case .deleteDirectory: return try s.deleteDirectory()
        case .purgeDirectory: return try s.purgeDirectory()
        case .purgeDeletedKeys: return try s.purgeDeletedKeys()
        case .initiateMultipartUpload: return try s.initiateMultipartUpload()
        case .uploadPart: return try s.uploadPart()
        case .completeMultipartUpload: return try s.completeMultipartUpload()
        case .abortMultipartUpload: return try s.abortMultipartUpload()
        }
    }
}
