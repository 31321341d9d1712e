import Logging
import Synchronization

/// What one ``OMSyncEngine/syncOnce()`` round did.
public enum SyncOutcome: Sendable, Equatable {
    /// Another round was running; nothing was done.
    case alreadyRunning
    /// Deltas were pulled until caught up (possibly none).
    case caughtUp(sequence: UInt64, batches: Int, events: Int)
    /// A full snapshot was installed (first sync, or after a delta failure).
    case snapshotInstalled(sequence: UInt64)
    /// The round failed; the previous replica (if any) keeps serving.
    case failed(kind: String, message: String)
    /// The task was cancelled.
    case cancelled
}

/// Keeps the OM replica in sync with the OM (DESIGN §3, recon-anchor.md §2.3):
/// with no replica it installs a full snapshot; otherwise it pulls delta updates
/// until caught up, handing the events of each applied slice to `onEvents`. Any delta failure
/// — transport, a gap, a corrupt batch, the OM's sequence-not-found — falls back to a
/// full snapshot, after which `onSnapshotInstalled` is told the new sequence (the
/// kernel starts a staged reprocess there).
///
/// Events are handed over only after their batches are durable in the replica, so
/// task cursors never get ahead of it; while one slice's events are being handed over,
/// the next slice (or response) is fetched and applied. If `onEvents` throws, the failure
/// is logged and counted (`kind` "sink") and the round ends; the events are not re-delivered (the
/// kernel must reprocess from the replica).
///
/// ``run()`` starts a round every `sync.interval` after `sync.initial_delay` until its
/// task is cancelled (a round that overran its interval is followed at once, unless it
/// failed); rounds never overlap. ``triggerNow()`` is Recon's `/triggerdbsync/om`.
public final class OMSyncEngine: Sendable {
    /// Receives the events of each applied slice of a delta response, in OM order.
    public typealias EventSink = @Sendable (OMEventBatch) async throws -> Void
    /// Told the replica's sequence after each snapshot install.
    public typealias SnapshotSink = @Sendable (_ sequence: UInt64) async throws -> Void

    private struct State {
        var syncing = false
        var looping = false
        var openedAtStart = false
        var pendingTrigger = false
        var waiter: CheckedContinuation<Void, Never>?
        var status = SyncStatus()
        var lastCaughtUp: ContinuousClock.Instant?
    }

    /// The live replica (a stable handle for plugins and the kernel).
    public let live: LiveOMReplica
    /// The sync settings.
    public let config: SyncConfig
    private let source: any OMSource
    private let installer: SnapshotInstaller
    private let applier: DeltaApplier
    private let onEvents: EventSink
    private let onSnapshotInstalled: SnapshotSink
    private let logger: Logger
    private let wallClock: any WallClock
    private let metrics = SyncMetrics()
    private let started = ContinuousClock.now
    private let state = Mutex(State())

    /// An engine pulling from `source` into the replica managed by `installer`.
    public init(
        source: any OMSource, installer: SnapshotInstaller, config: SyncConfig, live: LiveOMReplica = LiveOMReplica(),
        logger: Logger, wallClock: any WallClock = SystemWallClock(),
        onEvents: @escaping EventSink, onSnapshotInstalled: @escaping SnapshotSink
    ) {
        self.source = source
        self.installer = installer
        self.config = config
        self.live = live
        self.applier = DeltaApplier(logger: logger)
        self.logger = logger
        self.wallClock = wallClock
        self.onEvents = onEvents
        self.onSnapshotInstalled = onSnapshotInstalled
    }

    /// The current status.
    public var status: SyncStatus {
        state.withLock { s in
            var status = s.status
            status.isRunning = s.syncing
            return status
        }
    }

    /// Opens the replica left by a previous run (removing leftovers), if not yet done.
    /// ``syncOnce()`` calls it; call it earlier to serve the replica before the first sync.
    public func openExistingReplica() {
        let first = state.withLock { s -> Bool in
            defer { s.openedAtStart = true }
            return !s.openedAtStart
        }
        guard first, live.replica == nil, let replica = installer.openCurrent() else { return }
        live.replace(with: replica)
        let sequence = try? replica.latestSequenceNumber
        state.withLock { $0.status.replicaSequence = sequence }
    }

    // MARK: Triggering and the loop

    /// Asks the loop to sync now. Returns true when a round was scheduled
    /// immediately, false when one is already running.
    public func triggerNow() -> Bool {
        let (scheduled, waiter) = state.withLock { s -> (Bool, CheckedContinuation<Void, Never>?) in
            if s.syncing { return (false, nil) }
            let waiter = s.waiter
            s.waiter = nil
            if waiter == nil { s.pendingTrigger = true }
            return (true, waiter)
        }
        waiter?.resume()
        return scheduled
    }

    /// Syncs after `initialDelay`, then every `interval` (or at once when triggered),
    /// until the calling task is cancelled; a round that took longer than `interval` is
    /// followed at once unless it failed. A second concurrent call returns at once.
    public func run() async {
        let first = state.withLock { s -> Bool in
            defer { s.looping = true }
            return !s.looping
        }
        guard first else {
            logger.warning("OMSyncEngine.run() is already running")
            return
        }
        defer { state.withLock { $0.looping = false } }
        await waitForNextRound(after: config.initialDelay)
        while !Task.isCancelled {
            let started = ContinuousClock.now
            let outcome = await syncOnce()
            await waitForNextRound(after: Self.pause(after: outcome, interval: config.interval, roundTook: .now - started))
        }
    }

    /// The pause before the next round: rounds start every `interval`, so a round that
    /// took longer (an OM writing faster than one interval's worth per round can carry)
    /// is followed at once, and the wait never adds to the time an OM write takes to show.
    /// Any other round (failed, cancelled, or not run) waits the whole interval, however
    /// long it took, so a failing OM (say, a checkpoint that never verifies) is not asked
    /// again back to back.
    static func pause(after outcome: SyncOutcome, interval: Duration, roundTook: Duration) -> Duration {
        switch outcome {
        case .caughtUp, .snapshotInstalled: max(.zero, interval - roundTook)
        case .failed, .cancelled, .alreadyRunning: interval
        }
    }

    /// Returns after `delay`, at a trigger, or at cancellation, whichever comes first.
    private func waitForNextRound(after delay: Duration) async {
        if state.withLock({ s in defer { s.pendingTrigger = false }; return s.pendingTrigger }) { return }
        if delay <= .zero { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await Task.sleep(for: delay) }
            group.addTask { await self.waitForTrigger() }
            await group.next()
            group.cancelAll()
        }
    }

    private func waitForTrigger() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { s -> Bool in
                    if s.pendingTrigger || Task.isCancelled {
                        s.pendingTrigger = false
                        return true
                    }
                    s.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
                defer { s.waiter = nil }
                return s.waiter
            }
            waiter?.resume()
        }
    }

    // MARK: One round

    /// One sync round: a snapshot when there is no replica, else deltas until caught
    /// up, with a snapshot fallback on any delta failure. Never overlaps another round.
    @discardableResult
    public func syncOnce() async -> SyncOutcome {
        let acquired = state.withLock { s -> Bool in
            if s.syncing { return false }
            s.syncing = true
            s.status.lastAttemptTime = wallClock.nowMilliseconds()
            return true
        }
        guard acquired else { return .alreadyRunning }
        defer {
            state.withLock { $0.syncing = false }
            updateLagMetrics()
        }
        openExistingReplica()
        guard let replica = live.replica else {
            return await installSnapshot(reason: "no OM replica yet")
        }
        switch await pullDeltas(into: replica) {
        case .success(let outcome):
            return outcome
        case .failure(let error):
            if case .cancelled = error { return .cancelled }
            if case .sink(let message) = error { return .failed(kind: "sink", message: message) }
            guard case .delta(let failure) = error else { return .cancelled }
            record(failure)
            logger.warning("OM delta sync failed (\(failure.kind)): \(failure); falling back to a full snapshot")
            return await installSnapshot(reason: failure.description)
        }
    }

    private enum DeltaFailure: Error {
        case delta(OMSyncError)
        case sink(String)
        case cancelled
    }

    /// Pulls and applies responses until the replica reaches the OM's latest sequence.
    ///
    /// Each response is applied in slices (``sliceSequences``), pipelined one slice deep:
    /// while the events of one slice are delivered, the next slice (or the next
    /// response, fetched) is applied to the replica. Events are still handed over only
    /// after their batches are durable there, and in order. Every path out waits for the
    /// delivery in flight. A slice that fails to apply (a corrupt batch, a gap) ends the
    /// round like any delta failure, with the earlier slices of its response applied and
    /// delivered; the snapshot fallback then replaces the replica.
    private func pullDeltas(into replica: OMReplica) async -> Result<SyncOutcome, DeltaFailure> {
        var delivery: Task<DeltaFailure?, Never>?
        let result = await pullDeltas(into: replica, delivery: &delivery)
        let failed = await delivery?.value
        if let failed, case .success = result { return .failure(failed) }
        return result
    }

    private func pullDeltas(
        into replica: OMReplica, delivery: inout Task<DeltaFailure?, Never>?
    ) async -> Result<SyncOutcome, DeltaFailure> {
        var batches = 0
        var eventCount = 0
        while true {
            if Task.isCancelled { return .failure(.cancelled) }
            let sequence: UInt64
            do {
                sequence = try replica.latestSequenceNumber
            } catch {
                return .failure(.delta(.applyFailed("cannot read the replica's sequence number: \(error)")))
            }
            let updates: OMDeltaUpdates
            do {
                updates = try await source.updates(since: sequence, limit: config.deltaLimit)
            } catch {
                if Task.isCancelled { return .failure(.cancelled) }
                return .failure(.delta(OMSyncError.from(source: error)))
            }
            var result = DeltaApplyResult(events: nil, batches: 0, bytes: 0, sequence: sequence)
            var applied = 0
            for slice in updates.slices(maxSequences: Self.sliceSequences) {
                do {
                    let applier = self.applier
                    result = try await BlockingExecutor.run { try applier.apply(slice, to: replica) }
                } catch let error as OMSyncError {
                    return .failure(.delta(error))
                } catch {
                    return .failure(.delta(.applyFailed("\(error)")))
                }
                batches += result.batches
                applied += result.batches
                metrics.batchesApplied.increment(by: Int64(result.batches))
                metrics.bytesApplied.increment(by: Int64(result.bytes))
                state.withLock { s in
                    s.status.replicaSequence = result.sequence
                    s.status.omLatestSequence = max(updates.latestSequenceNumber, result.sequence)
                }
                if let failed = await delivery?.value { return .failure(failed) }
                delivery = nil
                if let events = result.events {
                    eventCount += events.count
                    metrics.eventsDerived.increment(by: Int64(events.count))
                    delivery = Task { await self.deliver(events) }
                }
            }
            let caughtUp = result.sequence >= updates.latestSequenceNumber
            if caughtUp { state.withLock { $0.lastCaughtUp = .now } }
            if caughtUp || applied == 0 {
                if let failed = await delivery?.value { return .failure(failed) }
                delivery = nil
                state.withLock { s in
                    s.status.lastSyncTime = wallClock.nowMilliseconds()
                    s.status.lastError = nil
                    s.status.lastErrorKind = nil
                }
                return .success(.caughtUp(sequence: result.sequence, batches: batches, events: eventCount))
            }
        }
    }

    /// Most sequence numbers applied and delivered as one step: a response is applied in
    /// slices of about this size, so the first slice's events reach the plugins while
    /// the next slice is applied, whatever the response's size (`sync.delta_limit`).
    static let sliceSequences: UInt64 = 10_000

    /// Hands `events` to the sink; a failure is logged, counted and returned.
    private func deliver(_ events: OMEventBatch) async -> DeltaFailure? {
        do {
            try await onEvents(events)
            return nil
        } catch {
            let message = "the event sink failed for sequences \(events.firstSequence)...\(events.lastSequence): \(error)"
            metrics.failure("sink")
            state.withLock { s in
                s.status.lastError = message
                s.status.lastErrorKind = "sink"
            }
            logger.error("\(message)")
            return .sink(message)
        }
    }

    /// Installs a full snapshot, swaps it in, retires the old replica and tells the kernel.
    private func installSnapshot(reason: String) async -> SyncOutcome {
        logger.info("installing a full OM snapshot: \(reason)")
        let result: SnapshotInstallResult
        do {
            result = try await installer.install(from: source)
        } catch let error as OMSyncError {
            record(error)
            return .failed(kind: error.kind, message: error.description)
        } catch {
            return .cancelled
        }
        if let old = live.replace(with: result.replica) {
            let installer = self.installer
            try? await BlockingExecutor.run { installer.retire(old) }
        }
        metrics.snapshots.increment()
        metrics.snapshotDuration.recordNanoseconds(Self.nanoseconds(result.duration))
        metrics.snapshotBytes.increment(by: Int64(clamping: result.archiveBytes))
        let now = wallClock.nowMilliseconds()
        state.withLock { s in
            s.status.snapshotCount += 1
            s.status.lastSnapshotTime = now
            s.status.lastSyncTime = now
            s.status.replicaSequence = result.sequence
            s.status.omLatestSequence = max(s.status.omLatestSequence ?? 0, result.sequence)
            // lastError keeps the delta failure that caused this snapshot, if any.
            if s.status.omLatestSequence == result.sequence { s.lastCaughtUp = .now }
        }
        do {
            try await onSnapshotInstalled(result.sequence)
        } catch {
            metrics.failure("sink")
            logger.error("the snapshot sink failed for sequence \(result.sequence): \(error)")
        }
        return .snapshotInstalled(sequence: result.sequence)
    }

    private func record(_ error: OMSyncError) {
        metrics.failure(error.kind)
        state.withLock { s in
            s.status.lastError = error.description
            s.status.lastErrorKind = error.kind
        }
    }

    private func updateLagMetrics() {
        let (status, lastCaughtUp) = state.withLock { ($0.status, $0.lastCaughtUp) }
        if let replica = status.replicaSequence { metrics.replicaSequence.record(Double(replica)) }
        if let lag = status.sequenceLag { metrics.lagSequence.record(Double(lag)) }
        let since = ContinuousClock.now - (lastCaughtUp ?? started)
        metrics.lagSeconds.record(status.sequenceLag == 0 ? 0 : Self.seconds(since))
    }

    private static func nanoseconds(_ d: Duration) -> Int64 {
        let (s, atto) = d.components
        return s.multipliedReportingOverflow(by: 1_000_000_000).overflow ? .max : s * 1_000_000_000 + atto / 1_000_000_000
    }

    private static func seconds(_ d: Duration) -> Double {
        let (s, atto) = d.components
        return Double(s) + Double(atto) / 1e18
    }
}
