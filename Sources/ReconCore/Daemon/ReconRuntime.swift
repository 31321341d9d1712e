import Foundation
import ReconRocksDB
import Logging
import Synchronization

/// The running service: the kernel (plugins, generations, task controller), the OM
/// sync engine feeding it, and the staged reprocessor that rebuilds every plugin
/// into a new generation while the old one serves.
///
/// Data flow: each delta batch from the sync engine goes to the staged reprocessor's
/// buffer while a reprocess runs, else to the kernel's task controller. A full
/// snapshot, a plugin failing a batch, a plugin added or changed, a restart that
/// finds tasks behind the replica, or an operator's request starts a staged
/// reprocess from a consistent view of the replica; if one is already running the
/// request is remembered and runs next.
public final class ReconRuntime: Sendable {
    /// The kernel.
    public let kernel: ReconKernel
    /// The OM sync engine.
    public let sync: OMSyncEngine
    /// The staged reprocessor.
    public let staging: StagedReprocessor
    private let replica: LiveOMReplica
    private let versions: PluginVersionFile
    private let logger: Logger
    private let reprocess = Mutex(ReprocessQueue())
    /// Serializes live delivery with the start of a staged reprocess.
    private let gate = DeliveryGate()

    private struct ReprocessQueue {
        var running = false
        var pending: StagingTrigger?
        /// The task running reprocesses, so that ``stop()`` can cancel and await it.
        var task: Task<Void, Never>?
        /// The reprocess running now (a child of `task`), cancelled when its view goes stale.
        var current: Task<Void, Never>?
        /// Set by ``stop()``: no new reprocess starts.
        var stopping = false
    }

    private init(kernel: ReconKernel, sync: OMSyncEngine, staging: StagedReprocessor, replica: LiveOMReplica, versions: PluginVersionFile, logger: Logger) {
        self.kernel = kernel
        self.sync = sync
        self.staging = staging
        self.replica = replica
        self.versions = versions
        self.logger = logger
    }

    /// Starts the kernel and builds the sync engine over `source`.
    public static func start(config: ReconConfig, source: any OMSource, logger: Logger) throws -> ReconRuntime {
        if config.storage.kv.lowPriorityCompactions { RocksDB.lowerCompactionPriority() }
        let replica = LiveOMReplica()
        let kernel = try ReconKernel.start(config: config, omReplica: replica, logger: logger)
        let staging = kernel.makeStagedReprocessor()
        kernel.statusBoard.register(StagedReprocessor.taskName, sequence: 0)
        let installer = try SnapshotInstaller(config: config, blockCache: kernel.blockCache, logger: logger)
        let box = RuntimeBox()
        let sync = OMSyncEngine(
            source: source, installer: installer, config: config.sync, live: replica, logger: logger,
            onEvents: { batch in try await box.runtime?.deliver(batch) },
            onSnapshotInstalled: { _ in box.runtime?.requestReprocess(.snapshotInstalled) })
        let versions = PluginVersionFile(url: URL(fileURLWithPath: config.dataDirectory).appendingPathComponent("tasks/plugin-versions.json"))
        let runtime = ReconRuntime(kernel: kernel, sync: sync, staging: staging, replica: replica, versions: versions, logger: logger)
        installPhaseDelayHook(staging, logger: logger)
        box.runtime = runtime
        return runtime
    }

    /// Opens the replica left by the last run and starts a reprocess when the tasks are
    /// behind it or the plugin set changed; then runs the sync loop until cancelled.
    public func run() async {
        sync.openExistingReplica()
        if let trigger = startupReprocessTrigger() {
            _ = requestReprocess(trigger)
        }
        await sync.run()
    }

    /// Why a reprocess is needed at startup, if it is.
    private func startupReprocessTrigger() -> StagingTrigger? {
        guard let live = replica.replica, let sequence = try? live.latestSequenceNumber else { return nil }
        let current = Dictionary(uniqueKeysWithValues: kernel.plugins.map { ($0.name, $0.info.version) })
        guard let recorded = versions.read() else { return .initialStart }  // never rebuilt from this OM
        if recorded != current { return .pluginChanged }
        if kernel.minimumCursor() < sequence { return .initialStart }
        return nil
    }

    /// Hands one delta batch to the staged reprocess or to the live generation.
    func deliver(_ batch: OMEventBatch) async throws {
        let failed = try await gate.run { [staging, kernel] () async throws -> Bool in
            if staging.buffer(batch) { return false }
            let outcomes = try await kernel.process(batch)
            return outcomes.values.contains { if case .failed = $0 { true } else { false } }
        }
        if failed { _ = requestReprocess(.taskFailures) }
    }

    /// Asks for a staged reprocess of every plugin from the current replica. While one
    /// runs, an operator's request (`manual`) is refused; the kernel's own triggers
    /// (a new snapshot, a failed plugin) are remembered and run next.
    @discardableResult
    public func requestReprocess(_ trigger: StagingTrigger) -> ReprocessRequestResult {
        guard replica.replica != nil else {
            return .retry("no OM DB is loaded yet: the first sync has not installed a snapshot")
        }
        let start = reprocess.withLock { q -> Bool? in
            if q.stopping { return nil }
            if q.running {
                if trigger != .manual { q.pending = q.pending ?? trigger }
                // A new snapshot replaced the replica the running reprocess scans: its
                // view is stale, so stop it now and rebuild from the new one next.
                if trigger == .snapshotInstalled { q.current?.cancel() }
                return false
            }
            q.running = true
            return true
        }
        guard let start else { return .retry("recond is shutting down") }
        guard start else {
            return .retry(trigger == .manual
                ? "a staged reprocess is already running; ask again when it has finished"
                : "a staged reprocess is already running; this one will run after it")
        }
        reprocess.withLock { q in
            q.task = Task { await self.runReprocesses(first: trigger) }
        }
        return .accepted("a staged reprocess of every task (\(trigger.rawValue)) has started")
    }

    private func runReprocesses(first: StagingTrigger) async {
        var trigger: StagingTrigger? = first
        while let next = trigger {
            let child = Task { await self.runOneReprocess(next) }
            reprocess.withLock { $0.current = child }
            await withTaskCancellationHandler { await child.value } onCancel: { child.cancel() }
            trigger = reprocess.withLock { q -> StagingTrigger? in
                defer { q.pending = nil }
                q.current = nil
                if q.pending == nil || q.stopping {
                    q.running = false
                    return nil
                }
                return q.pending
            }
        }
    }

    private func runOneReprocess(_ trigger: StagingTrigger) async {
        // Between two deliveries: no live `process` call is running, and every batch
        // after this point is buffered.
        let started = await gate.run { [staging, replica] () -> Result<RocksDBScanView, any Error>? in
            guard staging.beginBuffering() else { return nil }
            return Result { try replica.read { try $0.makeScanView() } }
        }
        guard let started else { return }
        do {
            let view = try started.get()
            try await staging.run(trigger: trigger, view: view)
            kernel.pluginsRebuilt()
            try versions.write(Dictionary(uniqueKeysWithValues: kernel.plugins.map { ($0.name, $0.info.version) }))
        } catch {
            if reprocess.withLock({ $0.stopping }) {
                // The deltas it buffered are in the replica; the next start reprocesses.
                logger.notice("staged reprocess (\(trigger.rawValue)) cancelled: recond is stopping; the previous generation stays live")
                return
            }
            logger.error("staged reprocess (\(trigger.rawValue)) failed: \(error); the previous generation keeps serving")
            do {
                try await gate.run { [staging, kernel] in
                    try await staging.drainBuffered { batch in _ = try await kernel.process(batch) }
                }
            } catch {
                logger.error("could not hand the buffered deltas back to the live generation: \(error)")
            }
        }
    }

    /// Task status rows: the plugins, `REPROCESS_STAGING`, and Recon's two sync rows
    /// (`OmDeltaRequest`, `OmSnapshotRequest`), whose sequence is the replica's.
    public func taskStatus() -> [TaskStatusRow] {
        let status = sync.status
        let sequence = Int64(bitPattern: status.replicaSequence ?? 0)
        let failed = status.lastError != nil ? -1 : 0
        let running = status.isRunning ? 1 : 0
        let rows = [
            TaskStatusRow(
                taskName: "OmDeltaRequest", lastUpdatedTimestamp: status.lastSyncTime ?? 0, lastUpdatedSeqNumber: sequence,
                lastTaskRunStatus: failed, isCurrentTaskRunning: running),
            TaskStatusRow(
                taskName: "OmSnapshotRequest", lastUpdatedTimestamp: status.lastSnapshotTime ?? 0, lastUpdatedSeqNumber: sequence,
                lastTaskRunStatus: 0, isCurrentTaskRunning: 0),
        ]
        return (kernel.taskStatus() + rows).sorted { $0.taskName < $1.taskName }
    }

    /// Stops starting reprocesses, cancels the one running (it rolls back; the live
    /// generation is untouched) and waits for it: call after the sync loop stopped and
    /// before ``ReconKernel/shutdown()``, which destroys the plugins.
    public func stop() async {
        let task = reprocess.withLock { q -> Task<Void, Never>? in
            q.stopping = true
            return q.task
        }
        task?.cancel()
        await task?.value
    }

    /// Recon's `/triggerdbsync/om`: true if a sync was scheduled now.
    public func triggerSync() -> Bool { sync.triggerNow() }
}

/// Test hook for end-to-end tests that must catch a staged reprocess in a given state
/// (to kill the process there, or to watch every state go by): with
/// `RECOND_TEST_STAGING_PHASE_DELAY_MS=N` in the environment, the reprocessor pauses N
/// milliseconds on entering each state. Logged loudly; never set in production.
private func installPhaseDelayHook(_ staging: StagedReprocessor, logger: Logger) {
    guard let value = ProcessInfo.processInfo.environment["RECOND_TEST_STAGING_PHASE_DELAY_MS"],
        let millis = UInt32(value), millis > 0
    else { return }
    logger.warning("test hook: staged reprocess pauses \(millis) ms in every state (RECOND_TEST_STAGING_PHASE_DELAY_MS)")
    staging.stateObserver = { state in
        if state != .none { usleep(millis * 1000) }
    }
}

/// Lets the sync engine's sinks reach the runtime built after it.
private final class RuntimeBox: @unchecked Sendable {
    weak var runtime: ReconRuntime?
}
