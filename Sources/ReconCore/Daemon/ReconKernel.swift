import CReconTask
import Foundation
import Logging
import ReconRocksDB
import Synchronization

/// The kernel of recond: the created plugins, the live storage generation, the task
/// controller and the task status board. The HTTP layer reads from it; the sync
/// engine feeds it batches.
public final class ReconKernel: Sendable {
    /// The configuration it was started with.
    public let config: ReconConfig
    /// Every plugin route to mount under `/api/v1`.
    public let pluginRoutes: [MountedPluginRoute]
    /// Task status rows for `/api/v1/task/status`.
    public let statusBoard: TaskStatusBoard

    let plugins: [PluginInstance]
    /// The live task generation (what queries lease).
    public let live: LiveGeneration
    let generations: GenerationDirectory
    /// How task generations are opened; their RocksDB block cache is ``blockCache``.
    let storageOptions: TaskStorageOptions
    let controller: TaskController
    private let omReplica: (any OMReplicaReading)?
    private let logger: Logger
    private let stopped = Mutex(false)

    private init(
        config: ReconConfig, plugins: [PluginInstance], live: LiveGeneration, generations: GenerationDirectory,
        storageOptions: TaskStorageOptions, omReplica: (any OMReplicaReading)?, statusBoard: TaskStatusBoard,
        logger: Logger
    ) {
        self.config = config
        self.storageOptions = storageOptions
        self.plugins = plugins
        self.live = live
        self.generations = generations
        self.omReplica = omReplica
        self.statusBoard = statusBoard
        self.logger = logger
        self.controller = TaskController(
            plugins: plugins, omReplica: omReplica, decoder: OMRecordViewDecoder(), statusBoard: statusBoard, logger: logger)
        self.pluginRoutes = plugins.flatMap { plugin in
            plugin.info.routes.enumerated().map { MountedPluginRoute(plugin: plugin.name, index: $0.offset, route: $0.element) }
        }
    }

    /// Loads and creates every enabled plugin, then opens (or creates) the live task
    /// generation. Any refusal stops everything before it starts.
    public static func start(
        config: ReconConfig, loader: any PluginLoading = DynamicPluginLoader(), logger: Logger
    ) throws(KernelStartError) -> ReconKernel {
        try start(config: config, loader: loader, omReplica: nil, logger: logger)
    }

    /// Starts the kernel with plugins reading the OM replica through `omReplica`.
    static func start(
        config: ReconConfig, loader: any PluginLoading = DynamicPluginLoader(),
        omReplica: (any OMReplicaReading)?, logger: Logger
    ) throws(KernelStartError) -> ReconKernel {
        let loaded: [LoadedPlugin]
        do {
            loaded = try loader.load(config.plugins)
        } catch {
            throw .plugins(error)
        }
        var plugins: [PluginInstance] = []
        var refusals: [PluginLoadError] = []
        for plugin in loaded {
            do throws(PluginLoadError) {
                plugins.append(try PluginInstance.create(plugin, logger: logger, reprocessWorkers: config.staging.workers))
            } catch {
                refusals.append(error)
            }
        }
        guard refusals.isEmpty else {
            plugins.forEach { $0.destroy() }
            throw .plugins(PluginLoadErrors(errors: refusals))
        }
        let statusBoard = TaskStatusBoard()
        // One block cache (`storage.kv.block_cache`) for every task generation and the
        // OM replica: memory for cached blocks has one bound however many are open.
        let blockCache = config.storage.kv.blockCache > 0
            ? RocksDBBlockCache(bytes: Int(clamping: config.storage.kv.blockCache)) : nil
        let storageOptions = TaskStorageOptions(config.storage, blockCache: blockCache)
        do {
            let root = URL(fileURLWithPath: config.dataDirectory).appendingPathComponent("tasks")
            let generations = try GenerationDirectory(root: root)
            let generation = try openLiveGeneration(generations, plugins: plugins, options: storageOptions, logger: logger)
            for plugin in plugins {
                let store = try generation.pluginStore(named: plugin.name, kvTables: plugin.info.kvTables)
                statusBoard.register(plugin.name, sequence: store.cursor().sequence)
            }
            logger.info("task generation \(generation.id) is live with \(plugins.count) plugin(s)")
            return ReconKernel(
                config: config, plugins: plugins, live: LiveGeneration(generation), generations: generations,
                storageOptions: storageOptions, omReplica: omReplica, statusBoard: statusBoard, logger: logger)
        } catch {
            plugins.forEach { $0.destroy() }
            throw .storage("\(error)")
        }
    }

    /// Opens the generation named by CURRENT (removing leftovers of an interrupted
    /// switch), or builds the first one. Plugins whose store is new get `init_store`.
    private static func openLiveGeneration(
        _ generations: GenerationDirectory, plugins: [PluginInstance], options: TaskStorageOptions, logger: Logger
    ) throws -> TaskGeneration {
        let removed = try generations.removeLeftovers()
        if !removed.isEmpty { logger.notice("removed unfinished task generations: \(removed)") }
        let specs = plugins.map { PluginStorageSpec(name: $0.name, kvTables: $0.info.kvTables) }
        if let current = try generations.current() {
            let generation = try TaskGeneration.open(at: generations.path(of: current), id: current, plugins: specs, options: options)
            try initNewStores(generation, plugins: plugins, logger: logger)
            return generation
        }
        let id = try generations.createStaged()
        let generation = try TaskGeneration.open(at: generations.path(of: id), id: id, plugins: specs, options: options)
        do {
            try initNewStores(generation, plugins: plugins, logger: logger)
            try generation.flushAndSync()
            try generations.markComplete(id)
            try generations.switchCurrent(to: id)
        } catch {
            generation.close()
            throw error
        }
        return generation
    }

    /// Calls `init_store` on plugins whose store has never committed.
    private static func initNewStores(_ generation: TaskGeneration, plugins: [PluginInstance], logger: Logger) throws {
        for plugin in plugins {
            let store = try generation.pluginStore(named: plugin.name, kvTables: plugin.info.kvTables)
            guard store.cursor().txnID == 0 else { continue }
            let transaction = try store.beginTransaction()
            do {
                try plugin.initStore(plugin.context(.storage(TransactionSession(transaction))))
                try transaction.commit(cursor: 0)
            } catch {
                transaction.rollback()
                throw error
            }
            logger.info("prepared a new store for plugin \(plugin.name)")
        }
    }

    /// Processes one batch of OM events through every plugin on the live generation.
    @discardableResult
    public func process(_ batch: OMEventBatch) async throws -> [String: PluginBatchOutcome] {
        guard let lease = live.lease() else { throw KernelError.noLiveGeneration }
        defer { lease.release(retireInBackground: true) }
        return await controller.process(batch, generation: lease.generation)
    }

    /// Answers a plugin route from a read view pinned to the live generation.
    public func query(_ route: MountedPluginRoute, request: PluginHTTPRequest) async throws -> PluginHTTPResponse {
        guard let plugin = plugins.first(where: { $0.name == route.plugin }) else {
            throw KernelError.unknownPlugin(route.plugin)
        }
        return try await BlockingExecutor.run { [live, omReplica] in
            guard let lease = live.lease() else { throw KernelError.noLiveGeneration }
            defer { lease.release(retireInBackground: true) }
            let store = try lease.generation.pluginStore(named: plugin.name, kvTables: plugin.info.kvTables)
            let view = try store.readView()
            defer { view.close() }
            let ctx = plugin.context(.storage(ReadViewSession(view)), omReplica: omReplica, recordDecoder: OMRecordViewDecoder())
            let response = HTTPResponseBuffer()
            do {
                try PluginRequestBridge.withCRequest(request, routeIndex: route.index) { c in
                    try plugin.handle(c, ctx, response)
                }
            } catch {
                if response.status == nil {
                    let message = #"{"status":500,"message":"# + ConfigJSON.quote((error as? PluginCallError)?.message ?? "\(error)") + "}"
                    return PluginHTTPResponse(status: 500, headers: [("Content-Type", "application/json")], body: Array(message.utf8))
                }
            }
            return PluginHTTPResponse(status: response.status ?? 200, headers: response.headers, body: response.body)
        }
    }

    /// A staged reprocessor over this kernel's plugins and generations.
    func makeStagedReprocessor() -> StagedReprocessor {
        StagedReprocessor(
            plugins: plugins, generations: generations, live: live, storageOptions: storageOptions,
            config: config.staging, decoder: OMRecordViewDecoder(), omReplica: omReplica, statusBoard: statusBoard,
            logger: logger)
    }

    /// The block cache shared by the task generations (nil when `storage.kv.block_cache`
    /// is 0); the OM replica is opened with it too.
    public var blockCache: RocksDBBlockCache? { storageOptions.rocksDB.sharedBlockCache }

    /// The lowest cursor of any plugin in the live generation (0 when none is live).
    func minimumCursor() -> UInt64 {
        (try? live.withLease { generation in
            try plugins.map { try generation.pluginStore(named: $0.name, kvTables: $0.info.kvTables).cursor().sequence }.min() ?? 0
        }) ?? 0
    }

    /// A staged reprocess rebuilt every plugin: failed plugins receive batches again.
    /// (Their task-status rows are updated by the reprocessor at the switch.)
    func pluginsRebuilt() {
        controller.resetStates()
    }

    /// Every task status row.
    public func taskStatus() -> [TaskStatusRow] { statusBoard.snapshot() }

    /// What `/readyz` reports.
    public func readiness() -> Readiness {
        let generation = live.generation
        let stopping = stopped.withLock { $0 }
        return Readiness(
            ready: generation != nil && !stopping, generation: generation.map { "\($0.id)" },
            plugins: controller.states())
    }

    /// Destroys the plugins and closes storage. Call once, after the last batch.
    public func shutdown() {
        let first = stopped.withLock { s -> Bool in
            defer { s = true }
            return !s
        }
        guard first else { return }
        for plugin in plugins { plugin.destroy() }
        live.replace(with: nil, deleteOldFiles: false)
        logger.info("kernel stopped")
    }
}

/// Failures of kernel calls after start.
public enum KernelError: Error, Sendable, CustomStringConvertible {
    /// No generation is live (stopping, or not started).
    case noLiveGeneration
    /// A route named a plugin that is not loaded.
    case unknownPlugin(String)

    /// One line.
    public var description: String {
        switch self {
        case .noLiveGeneration: "no task generation is live"
        case .unknownPlugin(let name): "no plugin named '\(name)' is loaded"
        }
    }
}
