import Dispatch
import Synchronization

/// CATCHING_UP: applies buffered delta batches to the staged generation through the
/// plugins' normal `process` path, as ``TaskController`` does on the live one: the
/// batch is decoded once, every plugin runs concurrently on its own transaction
/// (only the tables it consumes), and each commits its writes with cursor
/// `batch.lastSequence`, events or not, so every cursor ends at the last delta.
///
/// Unlike the live path there is no retry and no per-plugin failed state: any
/// failure fails the attempt, which rolls back and retries the whole reprocess.
final class CatchUpApplier: Sendable {
    private let plugins: [PluginInstance]
    private let omReplica: (any OMReplicaReading)?
    private let decoder: (any OMRecordDecoding)?
    private let decodeTables: Set<String>
    private let fault: @Sendable (StagingFaultPoint) throws -> Void
    /// The view's sequence: events at or below it are in the view already.
    let base: UInt64
    private let applied: Mutex<UInt64>

    /// Applies on top of a view at sequence `base`.
    init(
        plugins: [PluginInstance], base: UInt64, omReplica: (any OMReplicaReading)?, decoder: (any OMRecordDecoding)?,
        fault: @escaping @Sendable (StagingFaultPoint) throws -> Void
    ) {
        self.plugins = plugins
        self.base = base
        self.omReplica = omReplica
        self.decoder = decoder
        self.decodeTables = Set(plugins.flatMap(\.info.omTables))
        self.fault = fault
        self.applied = Mutex(base)
    }

    /// The sequence every plugin's cursor reaches: the view's, or the last applied batch's.
    var appliedThrough: UInt64 { applied.withLock { $0 } }

    /// Applies `batch` unless the view (or an earlier batch) already covers it; events
    /// of a batch straddling the view's sequence that the view holds are dropped.
    /// Returns whether anything was applied.
    @discardableResult
    func apply(_ batch: OMEventBatch, to staged: StagedGeneration) throws -> Bool {
        let through = appliedThrough
        guard batch.lastSequence > through else { return false }
        try fault(.catchUp)
        let effective = Self.dropping(batch, atOrBelow: through)
        let records = CEventBatch(effective, decoder: decoder, decodeTables: decodeTables)
        let errors = Mutex<[any Error]>([])
        DispatchQueue.concurrentPerform(iterations: plugins.count) { i in
            let plugin = plugins[i]
            do {
                try StagedWrite.run(staged.store(plugin), cursor: records.lastSequence) { transaction in
                    guard records.eventCount(for: plugin.info) > 0 else { return }
                    let ctx = StagedWrite.context(plugin, transaction, omReplica: omReplica, decoder: decoder, allowOMScan: true)
                    try records.withBatch(for: plugin.info) { try plugin.process($0, ctx) }
                }
            } catch {
                errors.withLock { $0.append(error) }
            }
        }
        if let first = errors.withLock({ $0.first }) { throw first }
        applied.withLock { $0 = records.lastSequence }
        return true
    }

    /// `batch` without the events at or below `sequence` (itself when it has none).
    static func dropping(_ batch: OMEventBatch, atOrBelow sequence: UInt64) -> OMEventBatch {
        guard batch.events.contains(where: { $0.sequence <= sequence }) else { return batch }
        var kept = OMEventBatch(firstSequence: max(batch.firstSequence, sequence + 1), lastSequence: batch.lastSequence)
        batch.storage.withUnsafeBytes { storage in
            func bytes(_ r: Range<Int>) -> UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: storage[r]) }
            for e in batch.events where e.sequence > sequence {
                kept.append(
                    e.action, table: batch.table(of: e), key: bytes(e.key), value: bytes(e.value),
                    oldValue: e.oldValue.map(bytes), sequence: e.sequence)
            }
        }
        return kept
    }
}
