import Synchronization

/// The live ``StagingStatus`` of a reprocessor and its metrics: every state change,
/// phase timing, plugin state and progress update goes through here. Thread-safe;
/// scan workers only touch the atomic record counter.
final class StagingStatusRecorder: Sendable {
    private struct Inner {
        var status: StagingStatus
        var phaseStartedAt: ContinuousClock.Instant?
        var scanStartedAt: ContinuousClock.Instant?
        var scanEndedAt: ContinuousClock.Instant?
        var runStartedAt: ContinuousClock.Instant?
    }

    private let inner: Mutex<Inner>
    private let scanned = Atomic<UInt64>(0)
    private let metrics = StagingMetrics()
    private let wallClock: any WallClock
    private let observer = Mutex<(@Sendable (StagingState) -> Void)?>(nil)

    init(maxRetries: Int, bufferCapacity: Int, wallClock: any WallClock = SystemWallClock()) {
        self.wallClock = wallClock
        inner = Mutex(Inner(status: .idle(maxRetries: maxRetries, bufferCapacity: bufferCapacity)))
        metrics.state.record(StagingState.none.gaugeValue)
    }

    /// Called with every new state, after the status shows it (tests record transitions).
    var stateObserver: (@Sendable (StagingState) -> Void)? {
        get { observer.withLock { $0 } }
        set { observer.withLock { $0 = newValue } }
    }

    /// The current state.
    var state: StagingState { inner.withLock { $0.status.state } }

    /// A run starts: trigger, start time, plugins pending, the previous run's error cleared.
    func beginRun(trigger: StagingTrigger, viewSequence: UInt64, plugins: [String]) {
        let now = wallClock.nowMilliseconds()
        inner.withLock { s in
            s.status.trigger = trigger
            s.status.startedAt = now
            s.status.finishedAt = nil
            s.status.attempt = 0
            s.status.nextAttemptAt = nil
            s.status.viewSequence = viewSequence
            s.status.lastError = nil
            s.status.plugins = Dictionary(uniqueKeysWithValues: plugins.map { ($0, .pending) })
            s.runStartedAt = .now
        }
    }

    /// An attempt starts: fresh progress, timings and plugin states.
    func beginAttempt(_ attempt: Int) {
        scanned.store(0, ordering: .relaxed)
        inner.withLock { s in
            s.status.attempt = attempt
            s.status.nextAttemptAt = nil
            s.status.stagedGeneration = nil
            s.status.progress = StagingProgress()
            s.status.timings = StagingPhaseTimings()
            s.status.plugins = s.status.plugins.mapValues { _ in .pending }
            s.scanStartedAt = nil
            s.scanEndedAt = nil
        }
    }

    /// Moves to `state`: closes the previous phase's timing and updates the gauge.
    func transition(to state: StagingState) {
        let now = ContinuousClock.now
        inner.withLock { s in
            if let started = s.phaseStartedAt {
                s.status.timings.add(Self.millis(now - started), to: s.status.state)
            }
            s.status.state = state
            s.phaseStartedAt = now
        }
        metrics.state.record(state.gaugeValue)
        observer.withLock { $0 }?(state)
    }

    /// The generation being built.
    func setStagedGeneration(_ id: GenerationID?) {
        inner.withLock { $0.status.stagedGeneration = id?.directoryName }
    }

    /// Sets every plugin's state, or those in `names`.
    func setPlugins(_ state: StagingPluginState, _ names: [String]? = nil) {
        inner.withLock { s in
            for name in names ?? Array(s.status.plugins.keys) { s.status.plugins[name] = state }
        }
    }

    /// The scan starts over `total` (approximate) records.
    func beginScan(total: UInt64) {
        inner.withLock { s in
            s.status.progress.recordsTotal = total
            s.scanStartedAt = .now
            s.scanEndedAt = nil
        }
    }

    /// The scan ended: the rate freezes.
    func endScan() {
        inner.withLock { $0.scanEndedAt = .now }
    }

    /// `count` more records were handed to plugins (called by scan workers per chunk).
    func addScanned(_ count: Int) {
        scanned.add(UInt64(count), ordering: .relaxed)
        metrics.recordsScanned.increment(by: count)
    }

    /// An attempt failed with `error`, caused by `plugin` when known (else by every
    /// plugin not caught up).
    func attemptFailed(_ error: String, plugin: String?) {
        inner.withLock { s in
            s.status.lastError = error
            if let plugin, s.status.plugins[plugin] != nil {
                s.status.plugins[plugin] = .failed
            } else {
                for (name, state) in s.status.plugins where state != .caughtUp { s.status.plugins[name] = .failed }
            }
        }
        metrics.failures.increment()
    }

    /// A non-fatal error (after the commit point): recorded, the run still succeeds.
    func recordError(_ error: String) {
        inner.withLock { $0.status.lastError = error }
    }

    /// The next attempt starts at `at` (ms since the epoch).
    func scheduleRetry(inMillis delay: Int64) {
        let at = wallClock.nowMilliseconds() + delay
        inner.withLock { $0.status.nextAttemptAt = at }
    }

    /// The switch happened: its pause and how long the buffer was held.
    func switched(pauseMillis: Double, bufferHoldMillis: Double) {
        inner.withLock { s in
            s.status.lastSwitchPauseMillis = pauseMillis
            s.status.lastBufferHoldMillis = bufferHoldMillis
        }
        metrics.switchPause.record(pauseMillis)
    }

    /// The run ended (committed, or gave up).
    func finishRun() {
        let now = wallClock.nowMilliseconds()
        let started = inner.withLock { s -> ContinuousClock.Instant? in
            s.status.finishedAt = now
            s.status.nextAttemptAt = nil
            return s.runStartedAt
        }
        if let started {
            let d = ContinuousClock.now - started
            metrics.duration.recordNanoseconds(d.components.seconds * 1_000_000_000 + d.components.attoseconds / 1_000_000_000)
        }
    }

    /// The status, with the progress computed now and the buffer as given.
    func snapshot(buffer: StagingBufferStatus) -> StagingStatus {
        let count = scanned.load(ordering: .relaxed)
        metrics.bufferedBatches.record(buffer.pending)
        return inner.withLock { s in
            var status = s.status
            status.buffer = buffer
            status.progress.recordsScanned = count
            if let start = s.scanStartedAt {
                let seconds = Self.millis((s.scanEndedAt ?? .now) - start) / 1000
                if seconds > 0 { status.progress.recordsPerSecond = Double(count) / seconds }
                let total = status.progress.recordsTotal
                if s.scanEndedAt != nil {
                    status.progress.etaSeconds = 0
                } else if status.progress.recordsPerSecond > 0 {
                    status.progress.etaSeconds = Double(total > count ? total - count : 0) / status.progress.recordsPerSecond
                }
            }
            return status
        }
    }

    private static func millis(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
    }

    /// Milliseconds between two instants.
    static func millis(from start: ContinuousClock.Instant, to end: ContinuousClock.Instant = .now) -> Double {
        millis(end - start)
    }
}
