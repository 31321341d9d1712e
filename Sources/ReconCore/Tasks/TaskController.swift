import CReconTask
import Logging
import Synchronization

/// Hands each batch of OM events to the plugins that consume its tables, all plugins
/// concurrently, each on its own host transaction that commits the plugin's writes
/// together with its cursor. A failed batch is retried once on a fresh transaction
/// (`RECON_RETRY` up to five times with growing delays; `RECON_ERR_FATAL` not at all);
/// then the plugin is in the failed state and needs a reprocess.
final class TaskController: Sendable {
    private let plugins: [PluginInstance]
    private let omReplica: (any OMReplicaReading)?
    private let decoder: (any OMRecordDecoding)?
    private let statusBoard: TaskStatusBoard
    private let logger: Logger
    private let runStates: Mutex<[String: PluginRunState]>
    /// Tables some plugin decodes; values of others are not decoded.
    private let decodedTables: Set<String>

    init(
        plugins: [PluginInstance], omReplica: (any OMReplicaReading)?, decoder: (any OMRecordDecoding)?,
        statusBoard: TaskStatusBoard, logger: Logger
    ) {
        self.plugins = plugins
        self.omReplica = omReplica
        self.decoder = decoder
        self.statusBoard = statusBoard
        self.logger = logger
        self.runStates = Mutex(Dictionary(uniqueKeysWithValues: plugins.map { ($0.name, .active) }))
        self.decodedTables = Set(plugins.flatMap(\.info.omTables))
    }

    /// Puts every plugin back in the active state (after a reprocess rebuilt them).
    func resetStates() {
        runStates.withLock { states in
            for name in states.keys { states[name] = .active }
        }
    }

    /// The run state of every plugin.
    func states() -> [String: PluginRunState] {
        runStates.withLock { $0 }
    }

    /// Processes one batch against `generation`; returns each plugin's outcome.
    func process(_ batch: OMEventBatch, generation: TaskGeneration) async -> [String: PluginBatchOutcome] {
        let view = CEventBatch(batch, decoder: decoder, decodeTables: decodedTables)
        return await withTaskGroup(of: (String, PluginBatchOutcome).self) { group in
            for plugin in plugins {
                group.addTask {
                    let outcome = await self.run(plugin, view, generation)
                    return (plugin.name, outcome)
                }
            }
            var outcomes: [String: PluginBatchOutcome] = [:]
            for await (name, outcome) in group { outcomes[name] = outcome }
            return outcomes
        }
    }

    private func run(_ plugin: PluginInstance, _ view: CEventBatch, _ generation: TaskGeneration) async -> PluginBatchOutcome {
        if runStates.withLock({ $0[plugin.name] }) == .failed { return .skippedFailed }
        let store: PluginStore
        do {
            store = try generation.pluginStore(named: plugin.name)
        } catch {
            logger.error("no store for plugin \(plugin.name): \(error)")
            markFailed(plugin)
            return .failed(["\(error)"])
        }
        if store.cursor().sequence >= view.lastSequence { return .alreadyApplied }

        statusBoard.started(plugin.name)
        var messages: [String] = []
        var failures = 0, retries = 0, attempt = 0
        while true {
            attempt += 1
            do {
                try await BlockingExecutor.run { [omReplica, decoder] in
                    try Self.processOnce(plugin, view, store, omReplica: omReplica, decoder: decoder)
                }
                statusBoard.finished(plugin.name, success: true, sequence: view.lastSequence)
                return .committed(attempts: attempt)
            } catch {
                // A commit that failed after its commit point leaves the store needing
                // recovery; recovering may show the batch did commit after all.
                if (try? store.recover()) != nil, store.cursor().sequence >= view.lastSequence {
                    statusBoard.finished(plugin.name, success: true, sequence: view.lastSequence)
                    return .committed(attempts: attempt)
                }
                messages.append("\(error)")
                let callError = error as? PluginCallError
                logger.warning(
                    "batch \(view.firstSequence)...\(view.lastSequence) failed in plugin \(plugin.name) (attempt \(attempt)): \(error)")
                if callError?.isFatal == true { break }
                if callError?.isRetryable == true, retries < Self.maxRetryableAttempts {
                    retries += 1
                    try? await Task.sleep(for: Self.retryDelay(retries))
                    continue
                }
                failures += 1
                if failures >= 2 || callError?.isRetryable == true { break }
            }
        }
        markFailed(plugin)
        statusBoard.finished(plugin.name, success: false, sequence: nil)
        logger.error("plugin \(plugin.name) failed batch \(view.firstSequence)...\(view.lastSequence); it stops receiving batches until a reprocess")
        return .failed(messages)
    }

    /// How many times a `RECON_RETRY` is retried before the plugin is marked failed.
    static let maxRetryableAttempts = 5

    /// Delay before the n-th retry of a `RECON_RETRY`: 50 ms, 200 ms, 800 ms, ...
    static func retryDelay(_ n: Int) -> Duration {
        .milliseconds(50 * (1 << (2 * (n - 1))))
    }

    private func markFailed(_ plugin: PluginInstance) {
        runStates.withLock { $0[plugin.name] = .failed }
    }

    /// One attempt: a fresh transaction, the plugin's process call, and the commit.
    private static func processOnce(
        _ plugin: PluginInstance, _ view: CEventBatch, _ store: PluginStore, omReplica: (any OMReplicaReading)?,
        decoder: (any OMRecordDecoding)?
    ) throws {
        let transaction = try store.beginTransaction()
        do {
            if view.eventCount(for: plugin.info) > 0 {
                let ctx = plugin.context(
                    .storage(TransactionSession(transaction)), omReplica: omReplica, recordDecoder: decoder)
                try view.withBatch(for: plugin.info) { batch in try plugin.process(batch, ctx) }
            }
            try transaction.commit(cursor: view.lastSequence)
        } catch {
            transaction.rollback()
            throw error
        }
    }
}
