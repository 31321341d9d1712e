import CReconTask
import Logging
import Synchronization

/// Hands each batch of OM events to the plugins that consume its tables, all plugins
/// concurrently, each on its own host transaction that commits the plugin's writes
/// together with its cursor. A failed batch is retried once on a fresh transaction;
/// a second failure puts the plugin in the failed state (it then needs a reprocess).
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
        for attempt in 1...2 {
            do {
                try await BlockingExecutor.run { [omReplica] in
                    try Self.processOnce(plugin, view, store, omReplica: omReplica)
                }
                statusBoard.finished(plugin.name, success: true, sequence: view.lastSequence)
                return .committed(attempts: attempt)
            } catch {
                messages.append("\(error)")
                logger.warning(
                    "batch \(view.firstSequence)...\(view.lastSequence) failed in plugin \(plugin.name) (attempt \(attempt) of 2): \(error)")
            }
        }
        markFailed(plugin)
        statusBoard.finished(plugin.name, success: false, sequence: nil)
        logger.error("plugin \(plugin.name) failed the same batch twice; it stops receiving batches until a reprocess")
        return .failed(messages)
    }

    private func markFailed(_ plugin: PluginInstance) {
        runStates.withLock { $0[plugin.name] = .failed }
    }

    /// One attempt: a fresh transaction, the plugin's process call, and the commit.
    private static func processOnce(
        _ plugin: PluginInstance, _ view: CEventBatch, _ store: PluginStore, omReplica: (any OMReplicaReading)?
    ) throws {
        let transaction = try store.beginTransaction()
        do {
            if view.eventCount(for: plugin.info) > 0 {
                let ctx = plugin.context(.storage(TransactionSession(transaction)), omReplica: omReplica)
                try view.withBatch(for: plugin.info) { batch in try plugin.process(batch, ctx) }
            }
            try transaction.commit(cursor: view.lastSequence)
        } catch {
            transaction.rollback()
            throw error
        }
    }
}
