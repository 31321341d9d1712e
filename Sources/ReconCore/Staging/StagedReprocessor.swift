import Foundation
import Logging
import Synchronization

/// Runs a full reprocess of ALL plugins into a fresh generation N+1 while
/// generation N keeps serving, then switches atomically (DESIGN §5; what Recon's
/// HDDS-13515 set out to do, with the states, validation and crash safety it left out).
///
/// ```
/// NONE → INITIALIZING → PROCESSING → CATCHING_UP → READY_TO_COMMIT → COMMITTING → COMMITTED → NONE
///             └───────────────┴────────────┴───────────────┴─→ ROLLING_BACK → FAILED ─(backoff)─→ INITIALIZING …
/// ```
///
/// - INITIALIZING: a new `gen-N` directory, opened in bulk mode with every plugin's
///   store; `init_store` for each, committed with cursor 0.
/// - PROCESSING: `reprocess_begin`, ONE shared parallel scan of the view feeding
///   every reprocess-capable plugin (``ReprocessScan``), then `reprocess_merge` per
///   plugin committed with cursor = the view's sequence. Plugins without reprocess
///   support get an empty store at the view's sequence.
/// - CATCHING_UP: the kernel hands every delta arriving meanwhile to ``buffer(_:)``
///   instead of processing it live; they are applied through the plugins' `process`
///   path (``CatchUpApplier``) until the buffer is empty. A first flush makes the
///   bulk of the data durable while the buffer is still open.
/// - READY_TO_COMMIT (buffer locked from here to the end: no delta slips between
///   catch-up and switch): every cursor must equal the last applied sequence; the
///   generation leaves bulk mode (flush, sync) and gets its GENERATION marker.
/// - COMMITTING: ``GenerationDirectory/switchCurrent(to:)`` (the one atomic rename,
///   the commit point), ``LiveGeneration/replace(with:deleteOldFiles:)`` (requests in
///   flight finish on the generation they leased; the old one is deleted after the
///   last lease), then `on_generation_switch` for each plugin with a read ctx.
/// - Any failure before the rename: ROLLING_BACK (close and delete the staged
///   generation; the live one was never touched) → FAILED, and a retry from the
///   same view after `backoff`, doubled per retry up to `backoffMax`, at most
///   `maxRetries` times; then ``run(trigger:view:)`` throws and the state stays FAILED.
///   Buffered deltas are kept for the whole run and replayed by every attempt (the
///   view does not change, and a failed attempt's applied deltas went with its generation).
///
/// ## Where a crash (kill -9) lands
///
/// | crash during …                                   | CURRENT | startup finds                                             |
/// |--------------------------------------------------|---------|-----------------------------------------------------------|
/// | INITIALIZING … CATCHING_UP                       | old     | old gen whole; `removeLeftovers()` deletes the partial `gen-N` (bulk writes, no WAL: unreadable or not, it is never opened) |
/// | READY_TO_COMMIT before or after the marker       | old     | same: a marked but unnamed generation is a leftover too   |
/// | `switchCurrent` before its rename                | old     | same, plus `CURRENT.tmp`, also removed                    |
/// | right after the rename (before the handle swap)  | new     | new gen whole (flushed, synced, marked before the rename); the old one is the leftover |
/// | after the swap, old gen still leased             | new     | same; the old directory is deleted at startup instead of at its last lease |
///
/// Deltas buffered in memory or spilled die with the process (the spill directory is
/// deleted at startup by ``removeLeftovers(root:)``). Nothing is lost: the OM replica
/// already applied them, so at restart the live cursors are behind the replica and
/// the runtime starts a new staged reprocess from it.
public final class StagedReprocessor: Sendable {
    /// The pseudo-task row on `/api/v1/task/status` (as in Recon).
    public static let taskName = "REPROCESS_STAGING"

    let plugins: [PluginInstance]
    let generations: GenerationDirectory
    let live: LiveGeneration
    let storageOptions: TaskStorageOptions
    let config: StagingConfig
    let decoder: (any OMRecordDecoding)?
    let omReplica: (any OMReplicaReading)?
    let statusBoard: TaskStatusBoard
    let logger: Logger
    let chunking: ScanChunking
    let deltas: DeltaBuffer
    let recorder: StagingStatusRecorder
    private let running = Mutex(false)
    private let injector = Mutex<(@Sendable (StagingFaultPoint) throws -> Void)?>(nil)

    /// A reprocessor for `plugins` building generations under `generations` and
    /// swapping them into `live`. `storageOptions` are the normal ones (the staged
    /// generation is opened in bulk mode regardless). `decoder` decodes OM values once
    /// per chunk and batch; `omReplica` answers point reads during catch-up. Deletes
    /// the spill directory of a crashed run.
    init(
        plugins: [PluginInstance], generations: GenerationDirectory, live: LiveGeneration,
        storageOptions: TaskStorageOptions, config: StagingConfig, decoder: (any OMRecordDecoding)?,
        omReplica: (any OMReplicaReading)?, statusBoard: TaskStatusBoard, logger: Logger,
        chunking: ScanChunking = .default
    ) {
        self.plugins = plugins
        self.generations = generations
        self.live = live
        self.storageOptions = storageOptions
        self.config = config
        self.decoder = decoder
        self.omReplica = omReplica
        self.statusBoard = statusBoard
        self.logger = logger
        self.chunking = chunking
        Self.removeLeftovers(root: generations.root)
        self.deltas = DeltaBuffer(capacity: config.eventBuffer, root: generations.root, logger: logger)
        self.recorder = StagingStatusRecorder(maxRetries: config.maxRetries, bufferCapacity: config.eventBuffer)
    }

    /// Deletes what a crashed run left outside the generations (the delta spill
    /// directory). Partial generations are ``GenerationDirectory/removeLeftovers()``'s job.
    public static func removeLeftovers(root: URL) {
        DeltaBuffer.removeLeftovers(root: root)
    }

    // MARK: Kernel API

    /// Whether a staged reprocess holds the deltas: from ``beginBuffering()`` or
    /// ``run(trigger:view:)`` until the switch (or ``drainBuffered(into:)`` after a failure).
    public var isActive: Bool { running.withLock { $0 } || deltas.isAccepting }

    /// Starts holding deltas now. Call it in the sync loop BEFORE taking the view
    /// for ``run(trigger:view:)``, so that no batch applied to the replica after the
    /// view's snapshot is processed live meanwhile (batches the view already covers
    /// are skipped at catch-up). False when a run is already in progress.
    @discardableResult
    public func beginBuffering() -> Bool {
        running.withLock { r in
            if r { return false }
            deltas.open()
            return true
        }
    }

    /// Hands a delta batch to the staged reprocess: true when it was taken (the
    /// kernel must not process it live), false when no staged reprocess is active.
    /// Blocks while a switch holds the buffer (the final flush, rename and swap:
    /// see ``StagingStatus/lastBufferHoldMillis``).
    public func buffer(_ batch: OMEventBatch) -> Bool {
        deltas.offer(batch)
    }

    /// The status for `GET /api/v1/staging`. Never waits for a switch.
    public func status() -> StagingStatus {
        recorder.snapshot(buffer: deltas.status())
    }

    /// After ``run(trigger:view:)`` gave up (or was cancelled): hands every buffered
    /// delta, oldest first, to `apply` (the kernel's live path), and closes the buffer
    /// atomically once they are all applied, so that no batch overtakes a buffered one.
    /// Throws `apply`'s error, leaving every batch buffered (call again: batches the
    /// live cursors already cover are skipped there), or
    /// ``StagingError/alreadyRunning`` while a run is in progress.
    public func drainBuffered(into apply: (OMEventBatch) async throws -> Void) async throws {
        guard !running.withLock({ $0 }) else { throw StagingError.alreadyRunning }
        var cursor = DeltaBuffer.Cursor.start
        while let item = try deltas.nextOrClose(cursor) {
            try await apply(item.batch)
            cursor = item.next
            deltas.noteRead(cursor)
        }
    }

    /// Runs one staged reprocess of every plugin from `view`, with retries, to the
    /// switch. Throws the last attempt's error when the retries are exhausted (state
    /// FAILED; deltas stay buffered: see ``drainBuffered(into:)``),
    /// ``StagingError/cancelled`` when the task is cancelled, and
    /// ``StagingError/alreadyRunning`` when a run is in progress.
    public func run(trigger: StagingTrigger, view: any OMScanView) async throws {
        let claimed = running.withLock { r -> Bool in
            if r { return false }
            r = true
            deltas.open()
            return true
        }
        guard claimed else { throw StagingError.alreadyRunning }
        defer { running.withLock { $0 = false } }

        recorder.beginRun(trigger: trigger, viewSequence: view.sequence, plugins: plugins.map(\.name))
        statusBoard.started(Self.taskName)
        logger.info("staged reprocess started (\(trigger.rawValue)) from OM sequence \(view.sequence) with \(config.workers) worker(s)")
        let backoff = RetryBackoff(config)
        var attempt = 0
        while true {
            attempt += 1
            recorder.beginAttempt(attempt)
            do {
                let through = try await attemptOnce(view)
                recorder.transition(to: .committed)
                statusBoard.finished(Self.taskName, success: true, sequence: through)
                recorder.finishRun()
                recorder.transition(to: .none)
                logger.info("staged reprocess committed at OM sequence \(through) (attempt \(attempt))")
                return
            } catch let crash as SimulatedCrash {
                throw crash
            } catch {
                let cancelled = error is CancellationError || Task.isCancelled
                if cancelled || attempt > config.maxRetries {
                    statusBoard.finished(Self.taskName, success: false, sequence: nil)
                    recorder.finishRun()
                    logger.error("staged reprocess gave up after \(attempt) attempt(s): \(error)")
                    throw cancelled ? StagingError.cancelled : error
                }
                let delay = backoff.delay(beforeRetry: attempt)
                let ms = delay.components.seconds * 1000 + delay.components.attoseconds / 1_000_000_000_000_000
                recorder.scheduleRetry(inMillis: ms)
                logger.warning("staged reprocess attempt \(attempt) failed: \(error); retrying in \(delay)")
                do {
                    try await Task.sleep(for: delay)
                } catch {
                    statusBoard.finished(Self.taskName, success: false, sequence: nil)
                    recorder.finishRun()
                    throw StagingError.cancelled
                }
            }
        }
    }

    // MARK: Test hooks

    /// Called at each ``StagingFaultPoint``; throwing fails the attempt there
    /// (``SimulatedCrash`` stops without cleanup). Tests only.
    package var faultInjector: (@Sendable (StagingFaultPoint) throws -> Void)? {
        get { injector.withLock { $0 } }
        set { injector.withLock { $0 = newValue } }
    }

    /// Called with every state entered, in order. Runs on the reprocessor's threads,
    /// sometimes with the delta buffer locked: it must not call ``buffer(_:)``. Tests only.
    package var stateObserver: (@Sendable (StagingState) -> Void)? {
        get { recorder.stateObserver }
        set { recorder.stateObserver = newValue }
    }

    /// Calls the fault injector.
    func fault(_ point: StagingFaultPoint) throws {
        try injector.withLock { $0 }?(point)
    }
}
